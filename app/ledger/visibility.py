"""What a till may read of the book (issue 15.3): the cards it has seen,
and what they became, never the whole book. A card number is all a
redemption needs, so a pull answering every card of every store handed a
stolen till token the chain's money.

A till has seen a card when the journal has an entry of that till on it
(its sales, loads, holds) or it looked the card up (``ledger_seen_cards``,
written by :func:`mark_seen`: a balance check mirrors the card into the
till's replica). What a card
becomes: the card that received its value by a transfer or a combine, and
on, whoever made the move. Managers and the back office see every card."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING, Any

from sqlalchemy import bindparam, select
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.orm import Session

from app.ledger.auth import Caller
from app.ledger.schema import SeenCard
from app.store.schema import Card, Entry

if TYPE_CHECKING:
    from app.ledger.service import Ledger

# A chain of transfers longer than this from a card the till has seen is
# followed no further (each step is one query).
MAX_HOPS = 8


def visible_cards(session: Session, caller: Caller, numbers: set[str]) -> set[str]:
    """Which of ``numbers`` this caller may read."""
    if caller.is_manager or not numbers:
        return set(numbers)
    ids: dict[int, str] = {i: n for i, n in session.execute(
        select(Card.id, Card.number).where(Card.number.in_(numbers)))}
    seen = _touched(session, caller, set(ids))
    for candidate in set(ids) - seen:
        if _received_from_seen(session, caller, candidate):
            seen.add(candidate)
    return {ids[i] for i in seen}


def _touched(session: Session, caller: Caller, card_ids: set[int]) -> set[int]:
    if not card_ids:
        return set()
    made = set(session.scalars(select(Entry.card_id).distinct().where(
        Entry.card_id.in_(card_ids), Entry.terminal == caller.name)))
    return made | set(session.scalars(select(SeenCard.card_id).where(
        SeenCard.principal_id == caller.id, SeenCard.card_id.in_(card_ids - made))))


def unmarked(session: Session, caller: Caller, numbers: set[str]) -> set[str]:
    """Which of ``numbers`` this caller has no look-up mark on (managers: none
    needed). One query: a till that asks about the same card again (its
    promotional value before every card tender) finds them all marked."""
    if caller.is_manager or not numbers:
        return set()
    marked = session.connection().execute(_MARKED, {"pid": caller.id,
                                                    "numbers": sorted(numbers)}).scalars()
    return numbers - set(marked)


_MARKED = (select(Card.number).join(SeenCard, SeenCard.card_id == Card.id)
           .where(SeenCard.principal_id == bindparam("pid"),
                  Card.number.in_(bindparam("numbers", expanding=True))))


def mark_seen(session: Session, caller: Caller, number: str, now: datetime) -> None:
    """Remember that this till looked the card up (once per till and card)."""
    if caller.is_manager:
        return
    card_id = session.scalar(select(Card.id).where(Card.number == number))
    if card_id is None:
        return
    ins = pg_insert if session.get_bind().dialect.name == "postgresql" else sqlite_insert
    session.execute(ins(SeenCard).values(principal_id=caller.id, card_id=card_id,
                                         seen_at=now).on_conflict_do_nothing())


def _sources(session: Session, card_ids: set[int]) -> set[int]:
    """The cards whose value moved into these (transfer or combine)."""
    ins = session.execute(select(Entry.id, Entry.type, Entry.ref_id).where(
        Entry.card_id.in_(card_ids), Entry.type.in_(("transfer_in", "combine_in")))).all()
    outs = [r for _i, t, r in ins if t == "transfer_in" and r]
    combined = [i for i, t, _r in ins if t == "combine_in"]
    found: set[int] = set()
    if outs:
        found |= set(session.scalars(select(Entry.card_id).where(Entry.id.in_(outs))))
    if combined:
        found |= set(session.scalars(select(Entry.card_id).where(
            Entry.ref_id.in_(combined), Entry.type == "combine_out")))
    return found


def _received_from_seen(session: Session, caller: Caller, card_id: int) -> bool:
    frontier, done = {card_id}, {card_id}
    for _ in range(MAX_HOPS):
        frontier = _sources(session, frontier) - done
        if not frontier:
            return False
        if _touched(session, caller, frontier):
            return True
        done |= frontier
    return False


def filter_page(session: Session, caller: Caller, page: dict[str, Any]) -> dict[str, Any]:
    """A pull page with only the entries and cards this caller may read; the
    cursor moves as before (past what was left out too)."""
    if caller.is_manager:
        return page
    numbers = {c["number"] for c in page["cards"]}
    keep = visible_cards(session, caller, numbers)
    if keep == numbers:
        return page
    return {**page, "entries": [e for e in page["entries"] if e["number"] in keep],
            "cards": [c for c in page["cards"] if c["number"] in keep]}


def seen(ledger: Ledger, caller: Caller, answer: dict[str, Any]) -> dict[str, Any]:
    """Mark the card of a look-up answer seen by this till; the answer as is."""
    if not caller.is_manager and answer.get("number"):
        with ledger.store.transaction() as s:
            mark_seen(s, caller, str(answer["number"]), ledger.clock())
    return answer
