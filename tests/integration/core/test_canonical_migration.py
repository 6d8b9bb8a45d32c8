"""Issue 13 item 1 for cards already in a store: a card stored as printed
before canonical numbers ('6GC-3011-4518', lowercase letters) is rewritten by
migration 0009 and found again from the command line by what is printed."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text

from tests.schemas import upgrade_to


def test_old_printed_numbers_are_found_after_the_migration(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    from app.cli.main import main

    url = f"sqlite:///{tmp_path / 'old.db'}"
    for head in ("0002_checkout", "0003b_ledger_seen", "0004_staff", "0005_customers",
                 "0008_shop_promo"):
        upgrade_to(url, head)
    engine = create_engine(url)
    with engine.begin() as conn:
        for number, other in (("6GC-3011-4518", None), ("gc-abcd-0001", None),
                              ("GCABCD0002", "gc-abcd-0002")):
            conn.execute(text(
                "INSERT INTO cards (number, currency, status, balance, flagged, created_at, "
                "updated_at) VALUES (:n, 'USD', 'ACTIVE', 700, 0, '2026-01-01', "
                "'2026-01-01')"), {"n": number})
            if other:  # a clash: its canonical form is taken; left as it is
                conn.execute(text(
                    "INSERT INTO cards (number, currency, status, balance, flagged, "
                    "created_at, updated_at) VALUES (:n, 'USD', 'ACTIVE', 1, 0, "
                    "'2026-01-01', '2026-01-01')"), {"n": other})
        conn.execute(text(
            "INSERT INTO sale_lines (id, sale_id, kind, description, amount, card_number, "
            "refunded, removed, done, position) VALUES ('l1', 's1', 'CARD_SALE', 'x', 700, "
            "'6GC-3011-4518', 0, 0, 0, 0)"))
    engine.dispose()

    monkeypatch.setenv("GIFTPOS_DB", url)
    for typed in ("6GC-3011-4518", "6gc30114518", "GC-ABCD-0001"):
        capsys.readouterr()
        assert main(["card", "balance", typed, "--json"]) == 0, typed
        assert json.loads(capsys.readouterr().out)["balance"] == 700
    engine = create_engine(url)
    with engine.connect() as conn:
        numbers = set(conn.scalars(text("SELECT number FROM cards")))
        line = conn.scalar(text("SELECT card_number FROM sale_lines WHERE id = 'l1'"))
    engine.dispose()
    assert numbers == {"6GC30114518", "GCABCD0001", "GCABCD0002", "gc-abcd-0002"}
    assert line == "6GC30114518"
