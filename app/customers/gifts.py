"""Gifts, in the two modes of the reference flow:

- a new card of an amount for a recipient, funded by a payment: either a
  tender of a sale at this till (the card is sold on the sale and saved to the
  recipient when the sale completes), or a payment taken elsewhere whose
  reference is given (the ledger API's mode: the card is issued with its value
  at once);
- an existing saved card handed over by its owner: no payment.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select, text
from sqlalchemy.orm import Session

from app.clock import Clock
from app.customers import idem, people, wallet
from app.customers.models import GiftMode, GiftStatus, GiftView
from app.customers.schema import GiftRow, SavedCardRow
from app.domain import CardStatus, Limits, OpContext, SaleStatus, mask
from app.errors import Conflict, ValidationError
from app.ids import child_id
from app.money import currency_code, positive_amount
from app.ops import lifecycle
from app.ops.journal import find_card, when

MAX_MESSAGE = 500


def view(session: Session, row: GiftRow) -> GiftView:
    saved = None
    if row.status == GiftStatus.DONE:
        saved = session.scalars(select(SavedCardRow.id).where(
            SavedCardRow.customer_id == row.recipient_id,
            SavedCardRow.card_number == row.card_number)
            .order_by(SavedCardRow.created_at.desc())).first()
    return GiftView(id=row.id, mode=row.mode, status=row.status, recipient_id=row.recipient_id,
                    card=mask(row.card_number), amount=row.amount, currency=row.currency,
                    sender_id=row.sender_id, sale_id=row.sale_id, source_ref=row.source_ref,
                    message=row.message, saved_card_id=saved, number=row.card_number)


def _message(message: str | None) -> str | None:
    m = (message or "").strip()
    return m[:MAX_MESSAGE] or None


def _parties(session: Session, sender_id: str | None, recipient_id: str) -> None:
    people.customer_row(session, recipient_id)
    if sender_id is not None:
        people.customer_row(session, sender_id)
        if sender_id == recipient_id:
            raise ValidationError("The sender and the recipient are the same customer.",
                                  key="gift_to_self")


def gift_existing(session: Session, *, sender_id: str, saved_id: str, recipient_id: str,
                  message: str | None, op_id: str, now: datetime) -> GiftView:
    """Hand the sender's saved card to the recipient: no payment."""
    params = {"sender": sender_id, "saved": saved_id, "to": recipient_id,
              "message": _message(message)}
    done = idem.seen(session, op_id, "gift_existing", **params)
    if done is not None:
        return view(session, session.get(GiftRow, done))  # type: ignore[arg-type]
    _parties(session, sender_id, recipient_id)
    src = wallet.owner_row(session, owner_id=sender_id, saved_id=saved_id)
    card = find_card(session, src.card_number)
    wallet.hand_over(session, src=src, recipient_id=recipient_id, now=now)
    row = GiftRow(id=op_id, mode=GiftMode.EXISTING, sender_id=sender_id, recipient_id=recipient_id,
                  card_number=src.card_number, amount=card.balance, currency=card.currency,
                  message=_message(message), status=GiftStatus.DONE, created_at=now, settled_at=now)
    session.add(row)
    session.flush()
    idem.record(session, op_id, "gift_existing", row.id, now, **params)
    return view(session, row)


def gift_new_funded(session: Session, *, sender_id: str | None, recipient_id: str,
                    amount: int, currency: str, source_ref: str, program: str | None,
                    message: str | None, op_id: str, ctx: OpContext, limits: Limits,
                    clock: Clock) -> GiftView:
    """A new card with ``amount`` on it, paid by the transaction ``source_ref``
    (taken elsewhere), saved to the recipient at once."""
    ref = (source_ref or "").strip()[:100]
    if not ref:
        raise ValidationError("A new gift card needs the payment that funds it (the sale or "
                              "transaction reference).", key="source_required")
    positive_amount(amount)
    cur = currency_code(currency)
    params = {"sender": sender_id, "to": recipient_id, "amount": amount, "currency": cur,
              "ref": ref, "program": program, "message": _message(message)}
    done = idem.seen(session, op_id, "gift_new", **params)
    if done is not None:
        return view(session, session.get(GiftRow, done))  # type: ignore[arg-type]
    first = _funded_by(session, ref)
    if first is not None:
        # One payment funds one card: the same payment again (a retry under a
        # new id, a double click on another till) answers the first gift.
        if (first.recipient_id, first.amount, first.currency) != (recipient_id, amount, cur):
            raise Conflict("This payment has already funded another gift card.",
                           key="source_already_used", details=ref)
        idem.record(session, op_id, "gift_new", first.id, when(ctx, clock)[0], **params)
        return view(session, first)
    _parties(session, sender_id, recipient_id)
    eid = child_id(op_id, "card")
    if program:
        from app.designs.service import issue_in_session  # PIL, barcode: not at start

        made = issue_in_session(session, program=program, amount=amount, entry_id=eid,
                                ctx=ctx, limits=limits, clock=clock)
        if made[0][0].currency != cur:
            raise ValidationError(key="currency_mismatch", params={
                    "why": "program", "program": program,
                    "card_currency": made[0][0].currency, "asked_currency": cur})
    else:
        made = lifecycle.issue(session, amount=amount, currency=cur, entry_id=eid, ctx=ctx,
                               limits=limits, clock=clock)
    number = made[0][0].number
    now = when(ctx, clock)[0]
    wallet.give(session, number=number, recipient_id=recipient_id, now=now)
    row = GiftRow(id=op_id, mode=GiftMode.NEW, sender_id=sender_id, recipient_id=recipient_id,
                  card_number=number, amount=amount, currency=cur, source_ref=ref,
                  message=_message(message), status=GiftStatus.DONE, created_at=now, settled_at=now)
    session.add(row)
    session.flush()
    idem.record(session, op_id, "gift_new", row.id, now, **params)
    return view(session, row)


def _funded_by(session: Session, ref: str) -> GiftRow | None:
    """The gift the payment ``ref`` (taken elsewhere) already funded, under a
    lock so that two requests with one payment cannot both issue a card."""
    if session.get_bind().dialect.name == "postgresql":
        session.execute(text("SELECT pg_advisory_xact_lock(hashtext(:k))"),
                        {"k": "gift_source:" + ref})
    return session.scalars(select(GiftRow).where(
        GiftRow.mode == GiftMode.NEW, GiftRow.source_ref == ref, GiftRow.sale_id.is_(None))
        .order_by(GiftRow.created_at)).first()


def record_sale_gift(session: Session, *, sender_id: str | None, recipient_id: str,
                     number: str, amount: int, currency: str, sale_id: str,
                     message: str | None, op_id: str, now: datetime) -> GiftView:
    """A new card put on a sale for the recipient: PENDING until the sale ends."""
    existing = session.get(GiftRow, op_id)
    if existing is not None:
        if (existing.sale_id, existing.card_number, existing.amount) != (
                sale_id, number, amount):
            raise ValidationError("This gift id was already used for another gift.",
                                  key="idempotency_conflict", code=409, details=op_id)
        return view(session, existing)
    _parties(session, sender_id, recipient_id)
    positive_amount(amount)
    row = GiftRow(id=op_id, mode=GiftMode.NEW, sender_id=sender_id, recipient_id=recipient_id,
                  card_number=number, amount=amount, currency=currency, sale_id=sale_id,
                  message=_message(message), status=GiftStatus.PENDING, created_at=now)
    session.add(row)
    session.flush()
    return view(session, row)


def settle(session: Session, *, gift_id: str, sale_status: str, now: datetime,
           card_active: bool | None = None) -> GiftView:
    """The sale of a PENDING gift ended: a completed sale whose card is now
    active saves the card to the recipient; anything else cancels the gift
    (the card stays unsold). ``card_active`` is the card's state as the
    gateway (the ledger, on a ledger-backed till) reports it; without it the
    local store is asked. Settling again answers the same."""
    row = session.get(GiftRow, gift_id)
    if row is None:
        raise ValidationError("No such gift.", key="gift_not_found", code=404, details=gift_id)
    if row.status != GiftStatus.PENDING:
        return view(session, row)
    if sale_status == SaleStatus.OPEN:
        return view(session, row)
    if card_active is None:
        card = find_card(session, row.card_number)
        card_active = card.status in (CardStatus.ACTIVE, CardStatus.REDEEMED)
    if sale_status == SaleStatus.COMPLETED and card_active:
        wallet.give(session, number=row.card_number, recipient_id=row.recipient_id, now=now)
        row.status = GiftStatus.DONE
    else:
        row.status = GiftStatus.CANCELLED
    row.settled_at = now
    session.flush()
    return view(session, row)


def pending_for_sale(session: Session, sale_id: str | None = None) -> list[GiftRow]:
    """Gifts waiting for their sale to end (all sales, or one)."""
    stmt = select(GiftRow).where(GiftRow.status == GiftStatus.PENDING, GiftRow.sale_id.is_not(None))
    if sale_id is not None:
        stmt = stmt.where(GiftRow.sale_id == sale_id)
    return list(session.scalars(stmt.order_by(GiftRow.created_at)))


def gifts_of(session: Session, customer_id: str) -> list[GiftView]:
    rows = session.scalars(select(GiftRow).where(
        (GiftRow.recipient_id == customer_id) | (GiftRow.sender_id == customer_id))
        .order_by(GiftRow.created_at.desc())).all()
    return [view(session, r) for r in rows]
