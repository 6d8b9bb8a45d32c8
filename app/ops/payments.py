"""Taking value off cards and giving it back: redeem, hold, capture, release,
refund, void, and the release of holds that have expired."""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import func, insert, select
from sqlalchemy.orm import Session

from app import rules
from app.clock import Clock, as_aware
from app.domain import CardStatus, EntryType, HoldState, Limits, OpContext, OpResult
from app.errors import Decline, NotFound, ValidationError
from app.ids import check_id, child_id
from app.ops import posting
from app.ops.journal import (
    append,
    append_row,
    card_by_id,
    card_row,
    clean_number,
    find_card,
    fingerprint,
    replay,
    resolve_hold,
    result_of,
    state_of,
    when,
)
from app.store.schema import Card, Entry, Hold


def _spend(session: Session, *, type_: EntryType, number: str, amount: int, partial: bool,
           currency: str | None, entry_id: str | None, ctx: OpContext, limits: Limits,
           clock: Clock) -> OpResult:
    eid = check_id(entry_id)
    fp = fingerprint(str(type_), number=clean_number(number), amount=amount, partial=partial)
    # An id we just made cannot have been used: skip the look-up on the hot path.
    done = replay(session, eid, fp) if entry_id is not None else None
    if done is not None:
        return result_of(done, card_by_id(session, done.card_id))
    now, bday = when(ctx, clock)
    card = card_row(session, number, lock=True)
    try:
        decision = rules.spend(state_of(card), amount, partial=partial, today=bday,
                               currency=currency)
    except Decline as exc:
        # Funds still tied up in holds that have run out are free again.
        if exc.key != "gift_amount_exceeded" or not release_expired(
                session, card=find_card(session, number, lock=True), now=now, ctx=ctx,
                business_date=bday):
            raise
        session.flush()
        card = card_row(session, number, lock=True)
        decision = rules.spend(state_of(card), amount, partial=partial, today=bday,
                               currency=currency)
    entry, written = append_row(session, card, decision, entry_id=eid, type_=type_, ctx=ctx,
                                now=now, business_date=bday, fp=fp)
    if type_ == EntryType.HOLD:
        posting.write(session, _INSERT_HOLD, {
            "entry_id": eid, "card_id": card.id, "amount": decision.amount,
            "state": str(HoldState.OPEN), "captured_amount": 0,
            "expires_at": now + timedelta(seconds=limits.hold_ttl_s)})
    return result_of(entry, written)


_INSERT_HOLD = insert(Hold.metadata.tables["holds"])


def redeem(session: Session, *, number: str, amount: int, partial: bool = False,
           currency: str | None = None, entry_id: str | None = None, ctx: OpContext,
           limits: Limits, clock: Clock) -> OpResult:
    """Take ``amount`` at once (a sale, captured on the spot)."""
    return _spend(session, type_=EntryType.REDEEM, number=number, amount=amount, partial=partial,
                  currency=currency, entry_id=entry_id, ctx=ctx, limits=limits, clock=clock)


def hold(session: Session, *, number: str, amount: int, partial: bool = False,
         currency: str | None = None, entry_id: str | None = None, ctx: OpContext,
         limits: Limits, clock: Clock) -> OpResult:
    """Authorize: set ``amount`` aside until captured, released or expired."""
    return _spend(session, type_=EntryType.HOLD, number=number, amount=amount, partial=partial,
                  currency=currency, entry_id=entry_id, ctx=ctx, limits=limits, clock=clock)


def _open_hold(session: Session, hold_id: str) -> tuple[Hold, Card]:
    """The hold and its card, both locked: the card first, as every other
    operation does (a spend that frees expired holds locks card, then hold);
    locking the hold first could deadlock with it on PostgreSQL."""
    h = session.scalars(select(Hold).where(Hold.entry_id == check_id(hold_id))).first()
    if h is None:
        raise NotFound("No hold with that id.", key="hold_not_found", details=hold_id)
    card = card_by_id(session, h.card_id, lock=True)
    session.refresh(h, with_for_update=True)
    return h, card


def capture(session: Session, *, hold_id: str, amount: int | None = None,
            entry_id: str | None = None, ctx: OpContext, clock: Clock) -> OpResult:
    """Capture at most what was held; the rest goes back to the card."""
    eid = check_id(entry_id)
    fp = fingerprint("capture", hold=check_id(hold_id), amount=amount)
    done = replay(session, eid, fp)
    if done is not None:
        return result_of(done, card_by_id(session, done.card_id))
    now, bday = when(ctx, clock)
    h, card = _open_hold(session, hold_id)
    if h.state != HoldState.OPEN:
        raise Decline(key="hold_not_open", details=hold_id, params={"status": str(h.state)})
    decision = rules.capture(state_of(card), h.amount, amount)
    entry = append(session, card, decision, entry_id=eid, type_=EntryType.CAPTURE, ctx=ctx,
                   now=now, business_date=bday, fp=fp, ref_id=h.entry_id, resolves=h.entry_id)
    resolve_hold(session, h, state=HoldState.CAPTURED, closed_by=eid, captured=decision.amount)
    return result_of(entry, card)


def release(session: Session, *, hold_id: str, entry_id: str | None = None, ctx: OpContext,
            clock: Clock, reason: str | None = None) -> OpResult:
    eid = check_id(entry_id)
    fp = fingerprint("release", hold=check_id(hold_id))
    done = replay(session, eid, fp)
    if done is not None:
        return result_of(done, card_by_id(session, done.card_id))
    now, bday = when(ctx, clock)
    h, card = _open_hold(session, hold_id)
    if h.state != HoldState.OPEN:
        raise Decline(key="hold_not_open", details=hold_id, params={"status": str(h.state)})
    entry = _close_hold(session, h, card, eid=eid, fp=fp, ctx=ctx, now=now,
                        business_date=bday, state=HoldState.RELEASED, reason=reason)
    return result_of(entry, card)


def _close_hold(session: Session, h: Hold, card: Card, *, eid: str, fp: str, ctx: OpContext,
                now: datetime, business_date: object, state: HoldState,
                reason: str | None) -> Entry:
    decision = rules.release(state_of(card), h.amount)
    entry = append(session, card, decision, entry_id=eid, type_=EntryType.RELEASE, ctx=ctx,
                   now=now, business_date=business_date,  # type: ignore[arg-type]
                   fp=fp, ref_id=h.entry_id, reason=reason, resolves=h.entry_id)
    resolve_hold(session, h, state=state, closed_by=eid)
    return entry


def release_expired(session: Session, *, now: datetime, ctx: OpContext, business_date: object,
                    card: Card | None = None, limit: int = 500) -> int:
    """Release holds whose time is up (all, or one card's). Returns how many.

    Locks go card first, then hold, as in every other operation; the sweep over
    all cards therefore reads the candidates unlocked and re-checks each one
    under its locks (a capture may have closed it in between)."""
    stmt = select(Hold.entry_id, Hold.card_id).where(
        Hold.state == str(HoldState.OPEN), Hold.expires_at < now)
    if card is not None:
        stmt = stmt.where(Hold.card_id == card.id)
    candidates = session.execute(stmt.order_by(Hold.expires_at).limit(limit)).all()
    count = 0
    for hold_id, card_id in candidates:
        c = card if card is not None else card_by_id(session, card_id, lock=True)
        h = session.get(Hold, hold_id)
        assert h is not None
        session.refresh(h, with_for_update=True)
        if h.state != HoldState.OPEN or as_aware(h.expires_at) >= now:
            continue
        eid = child_id(h.entry_id, "expired")
        _close_hold(session, h, c, eid=eid, fp=fingerprint("expire_hold", hold=h.entry_id),
                    ctx=ctx, now=now, business_date=business_date, state=HoldState.EXPIRED,
                    reason="hold expired")
        count += 1
    return count


def _live_refunds(session: Session, ref_id: str) -> int:
    voided = select(Entry.ref_id).where(Entry.type == str(EntryType.VOID))
    total = session.scalar(
        select(func.coalesce(func.sum(Entry.approved_amount), 0)).where(
            Entry.ref_id == ref_id, Entry.type == str(EntryType.REFUND),
            Entry.id.not_in(voided)))
    return int(total or 0)


def is_voided(session: Session, entry_id: str) -> bool:
    return session.scalar(select(Entry.seq).where(
        Entry.ref_id == entry_id, Entry.type == str(EntryType.VOID))) is not None


def refundable(session: Session, original: Entry) -> int:
    if EntryType(original.type) not in (EntryType.REDEEM, EntryType.CAPTURE):
        return 0
    if is_voided(session, original.id):
        return 0
    return original.approved_amount - _live_refunds(session, original.id)


def refund(session: Session, *, original_id: str, amount: int | None = None,
           entry_id: str | None = None, ctx: OpContext, clock: Clock,
           reason: str | None = None) -> OpResult:
    """Give value back to the card it was taken from, never more than was taken."""
    eid = check_id(entry_id)
    fp = fingerprint("refund", original=check_id(original_id), amount=amount)
    done = replay(session, eid, fp)
    if done is not None:
        return result_of(done, card_by_id(session, done.card_id))
    now, bday = when(ctx, clock)
    original = session.scalars(select(Entry).where(Entry.id == check_id(original_id))).first()
    if original is None:
        raise NotFound("No such transaction to refund.", key="entry_not_found",
                       details=original_id)
    if EntryType(original.type) not in (EntryType.REDEEM, EntryType.CAPTURE):
        raise ValidationError("Only a redemption or a capture can be refunded.",
                              key="not_refundable")
    card = card_by_id(session, original.card_id, lock=True)
    left = refundable(session, original)
    decision = rules.credit_back(state_of(card), left if amount is None else amount,
                                 refundable=left, today=bday)
    entry = append(session, card, decision, entry_id=eid, type_=EntryType.REFUND, ctx=ctx,
                   now=now, business_date=bday, fp=fp, ref_id=original.id, reason=reason)
    return result_of(entry, card)


def _effect(session: Session, original: Entry) -> int:
    """What an entry did to the money the customer can spend, to be reversed."""
    t = EntryType(original.type)
    if t in (EntryType.REDEEM, EntryType.CAPTURE):
        return -original.approved_amount
    if t in (EntryType.LOAD, EntryType.REFUND, EntryType.ACTIVATE):
        return original.approved_amount
    if t == EntryType.ADJUST:
        return original.amount
    if t == EntryType.HOLD:
        h = session.get(Hold, original.id)
        if h is None or h.state != HoldState.OPEN:
            raise Decline("This hold is no longer open; void its capture instead.",
                          key="void_not_possible", details=original.id)
        return -h.amount
    raise ValidationError(key="not_voidable", params={"entry": t.value})


def void(session: Session, *, original_id: str, entry_id: str | None = None, ctx: OpContext,
         clock: Clock, reason: str | None = None, in_doubt: bool = False) -> OpResult:
    """Reverse one entry exactly, once. ``in_doubt``: the caller never saw the
    original's answer and went on without it, so the reversal is not refused
    because the card spent the money since (see ``rules.reverse``)."""
    eid = check_id(entry_id)
    fp = fingerprint("void", original=check_id(original_id))
    done = replay(session, eid, fp)
    if done is not None:
        return result_of(done, card_by_id(session, done.card_id))
    now, bday = when(ctx, clock)
    original = session.scalars(select(Entry).where(Entry.id == check_id(original_id))).first()
    if original is None:
        raise NotFound("No such transaction to void.", key="entry_not_found",
                       details=original_id)
    card = card_by_id(session, original.card_id, lock=True)
    if is_voided(session, original.id):
        raise Decline("This transaction was already voided.", key="already_voided",
                      details=original.id)
    t = EntryType(original.type)
    if t in (EntryType.REDEEM, EntryType.CAPTURE) and _live_refunds(session, original.id):
        raise Decline("Part of this sale was refunded already; refund the rest instead.",
                      key="void_not_possible", details=original.id)
    decision = rules.reverse(state_of(card), _effect(session, original), in_doubt=in_doubt)
    status = None
    if t == EntryType.ACTIVATE:
        used_since = session.scalar(select(Entry.seq).where(
            Entry.card_id == card.id, Entry.seq > original.seq))
        if used_since is not None and in_doubt:
            status = None  # the card lives on: only its value is taken back
        elif used_since is not None:
            raise Decline("The card has been used since it was sold; it cannot be voided.",
                          key="void_not_possible", details=original.id)
        else:
            status = CardStatus.INACTIVE
    entry = append(session, card, decision, entry_id=eid, type_=EntryType.VOID, ctx=ctx,
                   now=now, business_date=bday, fp=fp, ref_id=original.id, reason=reason,
                   status_after=status,
                   resolves=original.id if t == EntryType.HOLD else None)
    if t == EntryType.HOLD:
        h = session.get(Hold, original.id)
        assert h is not None
        resolve_hold(session, h, state=HoldState.RELEASED, closed_by=eid)
    return result_of(entry, card)
