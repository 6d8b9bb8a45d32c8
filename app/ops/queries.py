"""Reading stored value: balance by number or by key, details with history."""

from __future__ import annotations

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from app.domain import CardView, EntryView
from app.errors import CardNotFound, ValidationError
from app.ops.journal import entry_view, find_card, find_card_by_key, key_matches, view_of
from app.store.schema import Card, Entry


def balance(session: Session, *, number: str | None = None, key: str | None = None) -> CardView:
    """Balance inquiry by card number, by number and key (the key must be
    that card's), or, in the till's own store only, by key alone."""
    if number is None and key is None:
        raise ValidationError("Give the card number or the card key.", key="number_or_key")
    if number is None:
        return view_of(find_card_by_key(session, key or ""))
    card = find_card(session, number)
    if key is not None and not key_matches(session, card, key):
        raise CardNotFound("No card has that number and key.")
    return view_of(card)


def history(session: Session, *, number: str, limit: int = 50,
            after: int | None = None) -> tuple[CardView, list[EntryView], int | None]:
    """A card and a page of its journal, newest first. ``after`` is the cursor
    the previous page returned (an entry's position); None when no more."""
    if not 1 <= limit <= 500:
        raise ValidationError("Ask for between 1 and 500 entries.", key="invalid_limit")
    card = find_card(session, number)
    stmt = select(Entry).where(Entry.card_id == card.id)
    if after is not None:
        stmt = stmt.where(Entry.seq < after)
    rows = session.scalars(stmt.order_by(Entry.seq.desc()).limit(limit + 1)).all()
    more = len(rows) > limit
    rows = rows[:limit]
    cursor = rows[-1].seq if more and rows else None
    return view_of(card), [entry_view(e, card.number) for e in rows], cursor


def journal_sum(session: Session, card_number: str) -> int:
    card = find_card(session, card_number)
    return int(session.scalar(select(func.coalesce(func.sum(Entry.amount), 0))
                              .where(Entry.card_id == card.id)) or 0)


def mismatched_balances(session: Session) -> list[str]:
    """Card numbers whose cached balance differs from the sum of their journal
    (should always be empty; checked by tests and by `giftpos store check`)."""
    sums = (select(Entry.card_id, func.sum(Entry.amount).label("total"))
            .group_by(Entry.card_id).subquery())
    rows = session.execute(
        select(Card.number).outerjoin(sums, sums.c.card_id == Card.id)
        .where(Card.balance != func.coalesce(sums.c.total, 0))).all()
    return [r[0] for r in rows]


def card_of_entry(session: Session, entry_id: str) -> CardView:
    """The card an entry (or a hold) belongs to."""
    from app.errors import NotFound
    from app.ids import check_id
    from app.ops.journal import card_by_id

    entry = session.scalars(select(Entry).where(Entry.id == check_id(entry_id))).first()
    if entry is None:
        raise NotFound("No transaction with that id.", key="entry_not_found", details=entry_id)
    return view_of(card_by_id(session, entry.card_id))
