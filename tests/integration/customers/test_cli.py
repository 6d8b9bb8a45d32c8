"""`giftpos customer ...` in-process on a real SQLite store, with --json."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from PIL import Image

from app.cli.main import main


def _cli(capsys: pytest.CaptureFixture[str], db: str, *argv: str) -> tuple[int, Any]:
    rc = main(["--db", db, *argv, "--json"])
    return rc, json.loads(capsys.readouterr().out)


def test_customer_commands(capsys: pytest.CaptureFixture[str], db_url: str,
                           tmp_path: Path) -> None:
    rc, out = _cli(capsys, db_url, "card", "issue", "--amount", "50.00")
    number = out["cards"][0]["number"]
    rc, ann = _cli(capsys, db_url, "customer", "add", "--name", "Ann Lee", "--phone",
                   "555-010-2030", "--email", "ann@example.com")
    assert rc == 0 and ann["customer"]["phone"] == "5550102030"
    rc, _ = _cli(capsys, db_url, "customer", "add", "--name", "Bob Roy", "--phone",
                   "5557778888")
    rc, out = _cli(capsys, db_url, "customer", "find", "--name", "lee")
    assert [c["name"] for c in out["customers"]] == ["Ann Lee"]
    rc, out = _cli(capsys, db_url, "customer", "save-card", "5550102030", number)
    assert rc == 0 and out["saved_card"]["preferred"] and number not in json.dumps(out)
    rc, out = _cli(capsys, db_url, "customer", "share", "5550102030", number[-4:],
                   "--with", "5557778888")
    share_id = out["share"]["id"]
    rc, out = _cli(capsys, db_url, "customer", "cards", "5557778888")
    assert [(c["role"], c["balance"]) for c in out["cards"]] == [("SHARED", 5000)]
    rc, out = _cli(capsys, db_url, "customer", "revoke", "5550102030", share_id)
    assert rc == 0 and out["share"]["revoked"]
    rc, out = _cli(capsys, db_url, "customer", "cards", "5557778888")
    assert out["cards"] == []

    # a new card paid in a sale here, printed for the recipient
    png = tmp_path / "gift.png"
    rc, out = _cli(capsys, db_url, "customer", "gift", "5550102030", "--to", "5557778888",
                   "--amount", "30.00", "--pay", "cash", "--png", str(png), "--full-number")
    assert rc == 0, out
    assert out["gift"]["status"] == "DONE" and out["sale_status"] == "COMPLETED"
    assert Image.open(png).size == (1012, 638)
    # an existing card handed over
    rc, out = _cli(capsys, db_url, "customer", "gift", "5550102030", "--to", "5557778888",
                   "--card", number[-4:])
    assert rc == 0 and out["gift"]["mode"] == "EXISTING"
    rc, out = _cli(capsys, db_url, "customer", "cards", "5557778888")
    assert sorted(c["balance"] for c in out["cards"]) == [3000, 5000]
    rc, out = _cli(capsys, db_url, "customer", "cards", "5550102030")
    assert out["cards"] == []

    # mistakes are answered, not crashed
    rc, out = _cli(capsys, db_url, "customer", "gift", "5550102030", "--to", "5557778888",
                   "--amount", "10")
    assert rc == 3 and out["key"] == "invalid_request"
    rc, out = _cli(capsys, db_url, "customer", "cards", "5559999999")
    assert rc == 3 and out["key"] == "customer_not_found"
