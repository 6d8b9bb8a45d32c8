"""A printed serial range of cards and its activation in one transaction:
the part of bulk activation that runs where the cards are (a till's own
store, or the ledger's), without the till's approval flow
(app/shop/manager_ops.py asks the manager; app/ledger/routes/card_jobs.py
runs this on the ledger)."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.clock import Clock
from app.domain import CardStatus, Limits, OpContext, mask
from app.errors import Decline, ValidationError
from app.ids import child_id
from app.ops import lifecycle
from app.ops.journal import clean_number
from app.shop import law
from app.store.schema import Card, Entry

MAX_RANGE = 10_000


def range_cards(s: Session, first: str, last: str) -> list[Card]:
    a, b = clean_number(first), clean_number(last)
    if len(a) != len(b) or not a or a > b:
        raise ValidationError("Give the first and last printed numbers of the range, of the "
                              "same length, first before last.", key="invalid_range")
    cards = list(s.scalars(select(Card).where(Card.number >= a, Card.number <= b)
                           .order_by(Card.number).limit(MAX_RANGE + 1)))
    if len(cards) > MAX_RANGE:
        raise ValidationError(key="range_too_large", params={"most": MAX_RANGE})
    if not cards:
        raise ValidationError("No printed cards are known in that range.", key="empty_range")
    return cards


def part_ids(rid: str, found: list[Card]) -> dict[str, str]:
    """Each card's activation id, derived from the request's."""
    return {c.number: child_id(rid, f"activate:{c.number}") for c in found}


def done_ids(s: Session, ids: dict[str, str]) -> set[str]:
    return set(s.scalars(select(Entry.id).where(Entry.id.in_(list(ids.values())))))


def refuse_sold(found: list[Card], ids: dict[str, str], done: set[str]) -> None:
    """All or nothing: a card in the range that is not an unsold printed
    card (and not activated by this very request) refuses the range."""
    sold = [mask(c.number) for c in found if c.status != CardStatus.INACTIVE
            and ids[c.number] not in done]
    if sold:
        raise Decline(key="range_not_inactive", details=", ".join(sold[:10]),
                      params={"count": len(sold), "card": sold[0]})


def activate_all(s: Session, found: list[Card], ids: dict[str, str], *, amount: int,
                 ctx: OpContext, limits: Limits, clock: Clock) -> None:
    """Activate every card of the range with ``amount`` under its derived id,
    with the store's expiry law (a sold card is issued today for it)."""
    for c in found:
        lifecycle.activate(s, number=c.number, amount=amount, entry_id=ids[c.number],
                           ctx=ctx, limits=limits, clock=clock)
        law.extend_on_load(s, number=c.number, ctx=ctx, clock=clock)
