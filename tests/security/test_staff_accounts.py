"""Finding 15.10 (the rest): `giftpos staff add` and `giftpos staff pin` need a
manager's name and PIN (the very first account excepted, which must be a
manager), and the audit trail is a hash chain: a row edited in the SQLite
file directly is found by `giftpos audit --verify`. Through main(), on a
real SQLite file."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest

from app.cli.main import main


def _run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, dict]:  # type: ignore[type-arg]
    code = main(list(argv))
    return code, json.loads(capsys.readouterr().out)


def _staff(db: str, capsys: pytest.CaptureFixture[str]) -> list[str]:
    return [f"{p['name']}:{p['role']}" for p in _run(capsys, "--db", db, "staff", "list",
                                                      "--json")[1]["staff"]]


def test_accounts_need_a_manager_from_the_command_line(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    db = f"sqlite:///{tmp_path / 'till.db'}"
    # The first account must be a manager.
    code, out = _run(capsys, "--db", db, "staff", "add", "--name", "eve", "--role", "cashier",
                     "--pin", "1111", "--json")
    assert code == 3 and out["key"] == "first_is_manager" and _staff(db, capsys) == []
    code, _ = _run(capsys, "--db", db, "staff", "add", "--name", "mia", "--role", "manager",
                   "--pin", "4821", "--json")
    assert code == 0

    # The attacker at the till's shell: a manager account of their own, no manager named.
    code, out = _run(capsys, "--db", db, "staff", "add", "--name", "eve", "--role", "manager",
                     "--pin", "1111", "--json")
    assert code != 0 and out["key"] == "approval_required"
    # ... or a wrong PIN for the manager, or resetting the manager's PIN to theirs.
    code, out = _run(capsys, "--db", db, "staff", "add", "--name", "eve", "--role", "manager",
                     "--pin", "1111", "--manager", "mia", "--manager-pin", "0000", "--json")
    assert code != 0 and out["key"] == "wrong_pin"
    code, out = _run(capsys, "--db", db, "staff", "pin", "--name", "mia", "--pin", "1111",
                     "--json")
    assert code != 0 and out["key"] == "approval_required"
    assert _staff(db, capsys) == ["mia:manager"]
    # The manager's own PIN still works; a cashier cannot approve.
    code, _ = _run(capsys, "--db", db, "staff", "add", "--name", "cal", "--role", "cashier",
                   "--pin", "1357", "--manager", "mia", "--manager-pin", "4821", "--json")
    assert code == 0
    code, out = _run(capsys, "--db", db, "staff", "pin", "--name", "mia", "--pin", "1111",
                     "--manager", "cal", "--manager-pin", "1357", "--json")
    assert code != 0 and out["key"] == "approver_not_manager"
    code, _ = _run(capsys, "--db", db, "staff", "add", "--name", "x", "--pin", "2222",
                   "--manager", "cal", "--manager-pin", "1357", "--json")
    assert code != 0 and _staff(db, capsys) == ["mia:manager", "cal:cashier"]
    records = _run(capsys, "--db", db, "audit", "--json")[1]["records"]
    adds = [r for r in records if r["action"] == "staff_add" and r["outcome"] == "ok"]
    assert [r["actor"] for r in adds] == ["mia", "cli"]  # who approved cal; the first


def test_an_edited_audit_row_breaks_the_chain(tmp_path: Path,
                                              capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "till.db"
    db = f"sqlite:///{path}"
    _run(capsys, "--db", db, "staff", "add", "--name", "mia", "--role", "manager",
         "--pin", "4821", "--json")
    for name in ("cal", "dee"):
        _run(capsys, "--db", db, "staff", "add", "--name", name, "--pin", "1357",
             "--manager", "mia", "--manager-pin", "4821", "--json")
    code, out = _run(capsys, "--db", db, "audit", "--verify", "--json")
    assert code == 0 and out["ok"] and out["rows"] == 5

    # Someone with the database file rewrites who approved a row.
    with sqlite3.connect(path) as con:
        victim = con.execute("SELECT id FROM staff_audit WHERE detail = 'cal (cashier)'"
                             ).fetchone()[0]
        con.execute("UPDATE staff_audit SET actor = 'cli' WHERE id = ?", (victim,))
    code, out = _run(capsys, "--db", db, "audit", "--verify", "--json")
    assert code == 3 and not out["ok"] and out["broken_at"] == victim

    # Putting it back is not enough to hide a deleted row either.
    with sqlite3.connect(path) as con:
        con.execute("UPDATE staff_audit SET actor = 'mia' WHERE id = ?", (victim,))
    assert _run(capsys, "--db", db, "audit", "--verify", "--json")[1]["ok"]
    with sqlite3.connect(path) as con:
        con.execute("DELETE FROM staff_audit WHERE id = ?", (victim,))
    code, out = _run(capsys, "--db", db, "audit", "--verify", "--json")
    assert code == 3 and out["broken_at"] == victim + 1
