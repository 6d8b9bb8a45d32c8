"""Migration 0011 on a journal written before it: the entry each closed hold
names as its closer resolves it; entries that only name the hold (a pushed
release of a hold closed already, a capture after it ran out) do not; from
then on the database refuses a second resolving entry."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.exc import IntegrityError

from tests.schemas import upgrade_to

HOLD, CAPTURE, LATE, NOOP = (f"{i}" * 8 + "-0000-4000-8000-000000000000" for i in "1234")
_ENTRY = ("INSERT INTO entries (id, card_id, type, amount, balance_after, requested_amount, "
          "approved_amount, remaining_due, partial, status_after, terminal, store, "
          "created_at, ref_id, offline, flagged, fingerprint) VALUES (:id, 1, :type, :amount, "
          "0, 0, 0, 0, 0, 'ACTIVE', 't1', 's1', '2026-01-01', :ref, 0, 0, 'fp')")


def test_the_closer_of_each_hold_resolves_it_after_the_migration(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'old.db'}"
    upgrade_to(url, "0009_canonical_numbers")
    engine = create_engine(url)
    with engine.begin() as conn:
        conn.execute(text(
            "INSERT INTO cards (id, number, currency, status, balance, flagged, created_at, "
            "updated_at) VALUES (1, '6000', 'USD', 'ACTIVE', 0, 0, '2026-01-01', "
            "'2026-01-01')"))
        for eid, type_, amount, ref in ((HOLD, "hold", -500, None),
                                        (CAPTURE, "capture", 0, HOLD),
                                        (NOOP, "release", 0, HOLD),
                                        (LATE, "capture", -100, HOLD)):
            conn.execute(text(_ENTRY), {"id": eid, "type": type_, "amount": amount,
                                        "ref": ref})
        conn.execute(text(
            "INSERT INTO holds (entry_id, card_id, amount, state, expires_at, "
            "captured_amount, closed_by) VALUES (:h, 1, 500, 'CAPTURED', '2026-01-01', 500, "
            ":c)"), {"h": HOLD, "c": CAPTURE})
    upgrade_to(url, "heads")
    with engine.begin() as conn:
        resolves = dict(conn.execute(text("SELECT id, resolves FROM entries")).all())
    assert resolves == {HOLD: None, CAPTURE: HOLD, NOOP: None, LATE: None}
    with pytest.raises(IntegrityError), engine.begin() as conn:
        conn.execute(text("UPDATE entries SET resolves = :h WHERE id = :n"),
                     {"h": HOLD, "n": NOOP})
    engine.dispose()
