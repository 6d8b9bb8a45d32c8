"""A hold resolves at most once, in the database itself: the entry that
resolves a hold names it in ``resolves`` (a unique index), and the hold row,
a cached view, changes in one conditional UPDATE from OPEN
(journal.resolve_hold). A second resolution, even one that skipped every
check before it, is refused and its transaction (its entry included) rolls
back."""

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


def test_a_second_entry_resolving_a_hold_is_refused_by_the_database(tmp_path: Path) -> None:
    """Past every check: a second entry naming the hold as the one it
    resolves, written straight through the posting engine."""
    from datetime import UTC, datetime

    from sqlalchemy.exc import IntegrityError

    from app.domain import CardStatus, EntryType
    from app.ops.posting import Posting, PostingContext, post
    from app.rules import Decision
    from app.store.schema import Card

    store = open_store(f"sqlite:///{tmp_path / 'till.db'}")
    try:
        cards = CardService(store)
        (card, _), = cards.issue(amount=5_000)
        held = cards.hold(number=card.number, amount=1_000)
        released = cards.release(hold_id=held.id)
        entries = _count(store)
        now = datetime.now(UTC)
        with pytest.raises(IntegrityError), store.transaction() as s:
            c = s.scalars(select(Card)).one()
            post(s, [Posting(
                ctx=PostingContext(terminal="x", store="x", business_date=now.date(),
                                   created_at=now),
                card_id=c.id, balance=c.balance, entry_id="9" * 8 + "-0000-4000-8000-" + "0" * 12,
                decision=Decision(amount=0, delta=-600, new_balance=c.balance - 600,
                                  new_status=CardStatus.ACTIVE, requested=600),
                type=EntryType.CAPTURE, fingerprint="x", ref_id=held.id, resolves=held.id)])
        assert _count(store) == entries
        with store.read() as s:
            resolving = s.scalars(select(Entry.id).where(Entry.resolves == held.id)).all()
        assert resolving == [released.id]
        assert cards.balance(number=card.number).balance == 5_000
    finally:
        store.close()


def _count(store: object) -> int:
    with store.read() as s:  # type: ignore[attr-defined]
        return int(s.scalar(select(func.count()).select_from(Entry)))
