"""`giftpos staff`, `giftpos audit` and `giftpos report` through main(), on a
real SQLite file."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from app.cli.main import main
from app.reports import read_csv


def _run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str]:
    code = main(list(argv))
    return code, capsys.readouterr().out


def test_staff_audit_and_reports(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                 monkeypatch: pytest.MonkeyPatch) -> None:
    db = f"sqlite:///{tmp_path / 'till.db'}"
    monkeypatch.setenv("GIFTPOS_TERMINAL", "till-7")
    code, out = _run(capsys, "--db", db, "staff", "add", "--name", "Morgan", "--role",
                     "manager", "--pin", "2468", "--json")
    assert code == 0 and json.loads(out)["role"] == "manager"
    code, _ = _run(capsys, "--db", db, "staff", "add", "--name", "Morgan", "--pin", "1111")
    assert code == 3  # already there: a decline, nothing changed
    code, out = _run(capsys, "--db", db, "staff", "list", "--json")
    assert [p["name"] for p in json.loads(out)["staff"]] == ["Morgan"]
    code, out = _run(capsys, "--db", db, "audit", "--json")
    records = json.loads(out)["records"]
    assert records[0]["action"] == "staff_add" and records[0]["terminal"] == "till-7"

    _run(capsys, "--db", db, "card", "issue", "--amount", "25.00", "--json")
    csv_path = tmp_path / "liability.csv"
    code, out = _run(capsys, "--db", db, "report", "liability", "--csv", str(csv_path),
                     "--json")
    table = json.loads(out)
    assert code == 0 and table["source"] == "local"
    assert read_csv(csv_path)[1][3] == "25.00" == table["rows"][0][3]
    code, out = _run(capsys, "--db", db, "report", "z")
    assert code == 0 and "X REPORT" in out
