"""A hold resolves at most once, in the database itself: the one writer of
a hold's resolution (journal.resolve_hold) is a conditional UPDATE from OPEN,
so a second resolution, even one that skipped every check before it, is
refused and its transaction (its entry included) rolls back."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import func, select

from app.domain import HoldState
from app.errors import Decline
from app.ops.journal import resolve_hold
from app.ops.service import CardService
from app.store.database import open_store
from app.store.schema import Entry, Hold


def test_a_second_resolution_of_a_hold_is_refused(tmp_path: Path) -> None:
    store = open_store(f"sqlite:///{tmp_path / 'till.db'}")
    try:
        cards = CardService(store)
        (card, _), = cards.issue(amount=5_000)
        held = cards.hold(number=card.number, amount=1_000)
        cards.capture(hold_id=held.id, amount=600)
        entries = _count(store)
        with pytest.raises(Decline) as err, store.transaction() as s:
            h = s.get(Hold, held.id)
            assert h is not None
            resolve_hold(s, h, state=HoldState.RELEASED, closed_by=held.id)
        assert err.value.key == "hold_not_open"
        with pytest.raises(Decline):
            cards.release(hold_id=held.id)
        with store.read() as s:
            h = s.get(Hold, held.id)
            assert h is not None and (h.state, h.captured_amount) == ("CAPTURED", 600)
        assert _count(store) == entries
        assert cards.balance(number=card.number).balance == 4_400
    finally:
        store.close()


def _count(store: object) -> int:
    with store.read() as s:  # type: ignore[attr-defined]
        return int(s.scalar(select(func.count()).select_from(Entry)))
