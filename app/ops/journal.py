"""The journal's plumbing shared by every operation: finding and locking a
card, idempotent replay by entry id, appending an entry (through the posting
engine, app/ops/posting.py) and resolving a hold."""

from __future__ import annotations

import hashlib
import hmac
import json
from datetime import UTC, date, datetime
from types import SimpleNamespace
from typing import Any

from sqlalchemy import Row, bindparam, select, update
from sqlalchemy.orm import Session
from sqlalchemy.orm.attributes import set_committed_value

from app import pepper as app_pepper
from app.cardnumbers import canonical
from app.clock import Clock, as_aware
from app.domain import (
    CardStatus,
    CardView,
    EntryType,
    EntryView,
    HoldState,
    OpContext,
    OpResult,
    mask,
)
from app.errors import CardNotFound, Conflict, Decline, ValidationError
from app.hashing import key_digest
from app.ops import posting
from app.ops.posting import Posting, PostingContext, post, post_rows
from app.rules import CardState, Decision
from app.store.schema import Card, Entry, Hold

CardRow = Row[*tuple[Any, ...]]  # a card's columns, read without the ORM

# Session.info keys (not the posting's context, which app/ops/posting.py takes
# explicitly): ids a caller has just checked are not in the journal (see
# mark_new); and the entries and cards an operation wrote, kept for the answer
# (the identity map holds them only weakly).
NEW_IDS = "new_entry_ids"
WRITTEN = "written"

STATUS_WORD = {
    EntryType.ISSUE: "ISSUED",
    EntryType.ACTIVATE: "ACTIVATED",
    EntryType.LOAD: "LOADED",
    EntryType.REDEEM: "CAPTURED",
    EntryType.HOLD: "HELD",
    EntryType.CAPTURE: "CAPTURED",
    EntryType.RELEASE: "RELEASED",
    EntryType.REFUND: "REFUNDED",
    EntryType.VOID: "VOIDED",
    EntryType.ADJUST: "ADJUSTED",
    EntryType.TRANSFER_OUT: "TRANSFERRED",
    EntryType.TRANSFER_IN: "TRANSFERRED",
    EntryType.COMBINE_OUT: "COMBINED",
    EntryType.COMBINE_IN: "COMBINED",
    EntryType.EXPIRE: "EXPIRED",
}


def fingerprint(kind: str, **params: Any) -> str:
    blob = json.dumps({"op": kind, **params}, sort_keys=True, default=str)
    return hashlib.sha256(blob.encode()).hexdigest()


def when(ctx: OpContext, clock: Clock) -> tuple[datetime, date]:
    now = ctx.now or clock()
    if now.tzinfo is None:
        now = now.replace(tzinfo=UTC)
    return now, ctx.business_date or now.astimezone().date()


def state_of(card: Card | CardRow) -> CardState:
    return CardState(number=card.number, status=CardStatus(card.status), balance=card.balance,
                     currency=card.currency, expires_on=card.expires_on)


def view_of(card: Card) -> CardView:
    return CardView(number=card.number, status=CardStatus(card.status), currency=card.currency,
                    balance=card.balance, expires_on=card.expires_on, program=card.program,
                    has_key=card.key_hash is not None, flagged=card.flagged)


def entry_view(entry: Entry, number: str) -> EntryView:
    return EntryView(
        id=entry.id, type=EntryType(entry.type), card=mask(number), amount=entry.amount,
        balance_after=entry.balance_after, created_at=as_aware(entry.created_at),
        business_date=entry.business_date, terminal=entry.terminal, store=entry.store,
        cashier=entry.cashier, sale_id=entry.sale_id, ref_id=entry.ref_id, reason=entry.reason,
        offline=entry.offline,
        posted_at=as_aware(entry.posted_at) if entry.posted_at else None,
    )


def clean_number(number: str) -> str:
    """The canonical card number (app.cardnumbers.canonical): the one form
    used at issue, in storage and at look-up."""
    return canonical(number)


# Built once: SQLAlchemy then reuses their compiled form, which matters on the
# redemption hot path (see `giftpos bench store`).
_CARD_BY_NUMBER = select(Card).where(Card.number == bindparam("number"))
# populate_existing: a card read earlier in the transaction is re-read under
# the lock, never served stale from the session's identity map.
_CARD_BY_NUMBER_LOCKED = _CARD_BY_NUMBER.with_for_update().execution_options(
    populate_existing=True)
_ENTRY_BY_ID = select(Entry).where(Entry.id == bindparam("id"))
_ENTRY_EXISTS = select(Entry.seq).where(Entry.id == bindparam("id"))


def find_card(session: Session, number: str, *, lock: bool = False) -> Card:
    stmt = _CARD_BY_NUMBER_LOCKED if lock else _CARD_BY_NUMBER
    card = session.scalars(stmt, {"number": clean_number(number)}).first()
    if card is None:
        raise CardNotFound(details=mask(number), params={"last4": mask(number)[-4:]})
    return card


def card_by_id(session: Session, card_id: int, *, lock: bool = False) -> Card:
    stmt = select(Card).where(Card.id == card_id)
    if lock:
        stmt = stmt.with_for_update().execution_options(populate_existing=True)
    return session.scalars(stmt).one()


def pepper(session: Session) -> bytes:
    """The secret under which card keys are hashed (app/pepper.py)."""
    return app_pepper.pepper(session)


def find_card_by_key(session: Session, key: str) -> Card:
    if not (key or "").strip():
        raise ValidationError("Enter the card's key.", key="invalid_key")
    digest = key_digest(pepper(session), key)
    card = session.scalars(select(Card).where(Card.key_hash == digest)).first()
    if card is None:
        raise CardNotFound("No card has that key.")
    return card


def key_matches(session: Session, card: Card, key: str) -> bool:
    """Is ``key`` this card's key? (constant time; a card without a key has none)"""
    if not card.key_hash or not (key or "").strip():
        return False
    return hmac.compare_digest(card.key_hash, key_digest(pepper(session), key))


def mark_new(session: Session, entry_id: str) -> None:
    """Note that no entry has this id yet (a caller has just checked, under the
    transaction's locks): the next :func:`replay` of it need not ask again."""
    session.info.setdefault(NEW_IDS, set()).add(entry_id)


def replay(session: Session, entry_id: str, fp: str) -> Entry | None:
    """The entry already made under this id, if any; a different request under
    the same id is a conflict, never silently answered."""
    if entry_id in session.info.get(NEW_IDS, ()):
        session.info[NEW_IDS].discard(entry_id)  # once: the entry may exist from now on
        return None
    # Nearly always there is none: ask in Core first, build the object only
    # when there is one.
    if session.connection().execute(_ENTRY_EXISTS, {"id": entry_id}).first() is None:
        return None
    entry = session.scalars(_ENTRY_BY_ID, {"id": entry_id}).first()
    if entry is not None and entry.fingerprint != fp:
        raise Conflict("This operation id was already used for a different request.",
                       details=entry_id)
    return entry


def append(
    session: Session,
    card: Card,
    decision: Decision,
    *,
    entry_id: str,
    type_: EntryType,
    ctx: OpContext,
    now: datetime,
    business_date: date,
    fp: str,
    ref_id: str | None = None,
    reason: str | None = None,
    status_after: CardStatus | None = None,
    flagged: bool | None = None,
    resolves: str | None = None,
) -> Entry:
    """One journal entry on an ORM card, through the posting engine
    (app/ops/posting.py); the card object is kept in step with what was
    written. Returns the entry as written (outside the session)."""
    (entry,) = post(session, [Posting(
        ctx=PostingContext.of(ctx, now=now, business_date=business_date), card_id=card.id,
        balance=card.balance, decision=decision, entry_id=entry_id, type=type_,
        fingerprint=fp, ref_id=ref_id, reason=reason, status_after=status_after,
        flagged=flagged, resolves=resolves)])
    keep_written(session, entry, card)
    return entry


# -- the spend hot path ---------------------------------------------------------
# A redemption is the operation a till does most, on the terminal and on the
# ledger alike: its card is read as a row, never as an ORM object (see
# docs/ledger.md, "Where the time goes").


_CARDS = Card.metadata.tables["cards"]
_CARD_ROW = select(_CARDS.c.id, _CARDS.c.number, _CARDS.c.status, _CARDS.c.balance,
                   _CARDS.c.currency, _CARDS.c.expires_on, _CARDS.c.program,
                   _CARDS.c.flagged).where(_CARDS.c.number == bindparam("number"))
_CARD_ROW_LOCKED = _CARD_ROW.with_for_update()


# Session.info key: card rows a pipelined caller read (locked) in its first
# round trip, each taken once by card_row.
READ_AHEAD = "card_rows_read"


def card_query(number: str, *, lock: bool = False) -> tuple[Any, dict[str, Any]]:
    """The statement :func:`card_row` runs, for a caller that sends it in a
    round trip of its own (posting.Pipeline) and hands the row over with
    :func:`read_ahead`."""
    return (_CARD_ROW_LOCKED if lock else _CARD_ROW), {"number": clean_number(number)}


def read_ahead(session: Session, number: str, rows: list[Any]) -> None:
    """The locked card row read by :func:`card_query`: the next
    ``card_row(number, lock=True)`` in this transaction answers it (once)
    instead of asking again. No row: card_row asks, and says not found."""
    if rows:
        session.info.setdefault(READ_AHEAD, {})[clean_number(number)] = rows[0]


def card_row(session: Session, number: str, *, lock: bool = False) -> CardRow:
    """The card's columns, without an ORM object (locked: FOR UPDATE on
    PostgreSQL; SQLite's write transactions already hold the database)."""
    ahead = session.info.get(READ_AHEAD)
    if lock and ahead:
        row = ahead.pop(clean_number(number), None)
        if row is not None:
            return row  # type: ignore[no-any-return]
    rows = posting.read(session, _CARD_ROW_LOCKED if lock else _CARD_ROW,
                        {"number": clean_number(number)})
    if not rows:
        raise CardNotFound(details=mask(number), params={"last4": mask(number)[-4:]})
    return rows[0]  # type: ignore[no-any-return]


def append_row(session: Session, card: CardRow, decision: Decision, *, entry_id: str,
               type_: EntryType, ctx: OpContext, now: datetime, business_date: date,
               fp: str) -> tuple[Entry, Card]:
    """:func:`append` for a card read by :func:`card_row`. Returns the entry
    and the card as written, for the answer: their columns as attributes, not
    ORM objects (making those two cost more CPU than the entry's INSERT)."""
    (row,) = post_rows(session, [Posting(
        ctx=PostingContext.of(ctx, now=now, business_date=business_date), card_id=card.id,
        balance=card.balance, decision=decision, entry_id=entry_id, type=type_,
        fingerprint=fp)])
    entry: Any = SimpleNamespace(**row)
    written: Any = SimpleNamespace(
        id=card.id, number=card.number, currency=card.currency, status=entry.status_after,
        balance=entry.balance_after, expires_on=card.expires_on, program=card.program,
        flagged=bool(card.flagged or decision.flagged))
    keep_written(session, entry, written)
    return entry, written


_HOLDS = Hold.metadata.tables["holds"]
_RESOLVE_HOLD = (update(_HOLDS)
                 .where(_HOLDS.c.entry_id == bindparam("hid"), _HOLDS.c.state == "OPEN")
                 .values(state=bindparam("new_state"), closed_by=bindparam("by"),
                         captured_amount=bindparam("captured")))


def resolve_hold(session: Session, hold: Hold, *, state: HoldState, closed_by: str,
                 captured: int = 0) -> None:
    """The one place a hold is resolved (captured, released, expired, voided):
    OPEN -> ``state`` in one conditional UPDATE, so a hold resolves at most
    once whatever runs beside it; a second resolution is ``hold_not_open``
    (and its transaction, entry included, rolls back). The hold row is a
    cached view of its entries: the resolving entry names it (ref_id)."""
    session.flush()  # the hold itself may have been made in this transaction
    done = session.connection().execute(_RESOLVE_HOLD, {
        "hid": hold.entry_id, "new_state": str(state), "by": closed_by,
        "captured": captured}).rowcount
    if done != 1:
        raise Decline("This hold was already closed.", key="hold_not_open",
                      details=hold.entry_id)
    set_committed_value(hold, "state", str(state))
    set_committed_value(hold, "closed_by", closed_by)
    set_committed_value(hold, "captured_amount", captured)


def keep_written(session: Session, entry: Entry, card: Card) -> None:
    kept = session.info.setdefault(WRITTEN, {})
    kept[entry.id] = entry
    kept[("card", card.id)] = card


def result_of(entry: Entry, card: Card, **related: Any) -> OpResult:
    return OpResult(
        id=entry.id, type=EntryType(entry.type), card=mask(card.number), currency=card.currency,
        amount=entry.approved_amount, requested_amount=entry.requested_amount,
        previous_balance=entry.balance_after - entry.amount, new_balance=entry.balance_after,
        remaining_due=entry.remaining_due, partial=entry.partial,
        status=STATUS_WORD.get(EntryType(entry.type), entry.status_after),
        card_status=CardStatus(entry.status_after), offline=entry.offline, related=related,
    )
