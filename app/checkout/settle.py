"""The steps of a sale that move card value: answers to a card tender, giving
a tender back, completing and cancelling. Each gateway call uses an entry id
derived from the tender or line id, so running any of these again after a
crash repeats nothing: the gateway answers the first result."""

from __future__ import annotations

import logging

from sqlalchemy.orm import Session

from app.checkout import records
from app.checkout.deps import SaleDeps
from app.checkout.models import (
    CAPTURED,
    HELD,
    PENDING,
    RECORDED,
    RELEASED,
    VOIDED,
    LineKind,
    SaleStatus,
    SaleView,
    TenderKind,
    TenderOutcome,
)
from app.checkout.schema import SaleLineRow, SaleRow, TenderRow
from app.domain import OpResult, mask
from app.errors import Decline, GiftposError, NotFound, ValidationError
from app.ids import child_id
from app.messages import reason

log = logging.getLogger(__name__)
DECLINED = "DECLINED"


# -- answers to a card tender ------------------------------------------------------

def declined(s: Session, sale: SaleRow, ask: int, err: GiftposError) -> TenderOutcome:
    return TenderOutcome(sale=records.view(s, sale), tender=None, approved=0, requested=ask,
                         partial=False, declined=err)


def tender_declined(s: Session, sale_id: str, tid: str, ask: int,
                    err: GiftposError) -> TenderOutcome:
    row = s.get(TenderRow, tid)
    assert row is not None
    row.status, row.removed = DECLINED, True
    row.reference = err.key  # so a retry of the same entry id answers the same decline
    s.flush()
    return declined(s, records.sale_row(s, sale_id), ask, err)


def tender_held(s: Session, sale_id: str, tid: str, result: OpResult) -> TenderOutcome:
    row = s.get(TenderRow, tid)
    assert row is not None
    row.status, row.amount = HELD, result.amount
    row.previous_balance, row.new_balance = result.previous_balance, result.new_balance
    row.offline = result.offline
    s.flush()
    log.info("sale %s: %s held %d of %d", sale_id, result.card, result.amount,
             result.requested_amount)
    return outcome_of(s, records.sale_row(s, sale_id), row)


def outcome_of(s: Session, sale: SaleRow, row: TenderRow) -> TenderOutcome:
    ask = row.requested or 0
    if row.status == DECLINED:
        return declined(s, sale, ask, Decline("This card was declined.",
                                              key=row.reference or "declined"))
    return TenderOutcome(sale=records.view(s, sale), tender=records.tender_view(row),
                         approved=row.amount, requested=ask, partial=row.amount < ask)


# -- giving a card tender back ----------------------------------------------------------

def give_back(svc: SaleDeps, row: TenderRow, sale: SaleRow | SaleView) -> str:
    """Undo whatever a card tender did, whatever step it got to; answers the
    tender's new status. Safe to repeat."""
    ctx = svc.ctx(sale)
    assert row.hold_id is not None
    capture_id = row.capture_id or child_id(row.id, "capture")
    if row.status == PENDING:
        # The card's answer was never recorded here (a crash, a lost answer):
        # the hold may stand on the ledger. Its fate is "reversed" there too,
        # now or at the next sync; the till mirrors what the ledger did.
        outcome = svc.gateway.reverse_unrecorded(original_id=row.hold_id, op="hold", ctx=ctx)
        if outcome != "recorded":
            return RELEASED
    if row.status != CAPTURED:
        try:
            svc.gateway.release(hold_id=row.hold_id, entry_id=child_id(row.id, "release"),
                                ctx=ctx)
            return RELEASED
        except NotFound as exc:
            if exc.key != "hold_not_found":
                raise
            # Not here: never asked, or asked and the answer lost. Make sure it
            # never stands on the ledger (released there, or refused if late).
            svc.gateway.reverse_unrecorded(original_id=row.hold_id, op="hold", ctx=ctx)
            return RELEASED
        except Decline as exc:
            if exc.key != "hold_not_open":
                raise
            # Captured by an interrupted complete(), or expired: try the capture.
    try:
        svc.gateway.void(original_id=capture_id, entry_id=child_id(row.id, "void"), ctx=ctx)
    except NotFound as exc:
        if exc.key != "entry_not_found":
            raise
        # Not here: the hold expired (nothing was captured), or complete() was
        # killed after the ledger captured and before this till wrote it down,
        # and the void could not reach the ledger (it went to this store, which
        # has no such capture). Make sure the capture never stands: reversed on
        # the ledger now, or in doubt for the next sync.
        fate = svc.gateway.reverse_unrecorded(original_id=capture_id, op="capture", ctx=ctx)
        log.warning("sale %s: capture %s of card %s not recorded here; reversed by its id: %s",
                    row.sale_id, capture_id, mask(row.card_number or ""), fate)
        if fate == "recorded":  # here after all, yet the void found nothing: ask again later
            raise
        return RELEASED if fate == "not_applied" else VOIDED
    return VOIDED


def _set_status(svc: SaleDeps, tid: str, status: str, *, removed: bool) -> None:
    def step(s: Session) -> None:
        row = s.get(TenderRow, tid)
        assert row is not None
        row.status = status
        row.removed = row.removed or removed
    svc.tx(step)


def undo_tender(svc: SaleDeps, row: TenderRow) -> None:
    sale = svc.get(row.sale_id)
    _set_status(svc, row.id, give_back(svc, row, sale), removed=True)


def resolve_pending(svc: SaleDeps, tid: str) -> None:
    """A tender whose card answer is unknown: release its hold id, if any."""
    try:
        with svc.store.read() as s:
            row = s.get(TenderRow, tid)
            assert row is not None
            sale = records.view(s, records.sale_row(s, row.sale_id))
        _set_status(svc, tid, give_back(svc, row, sale), removed=True)
    except GiftposError:
        log.warning("tender %s left pending; it is released on cancel or when its hold "
                    "expires", tid, exc_info=True)


# -- completing and cancelling -------------------------------------------------------------

def _load(svc: SaleDeps, sale_id: str) -> tuple[SaleRow, list[SaleLineRow],
                                                       list[TenderRow]]:
    with svc.store.read() as s:
        sale = records.sale_row(s, sale_id)
        return sale, records.line_rows(s, sale_id), records.tender_rows(s, sale_id)


def complete(svc: SaleDeps, sale_id: str) -> SaleView:
    """Capture every hold, then activate or reload the cards sold; the sale is
    COMPLETED only when all of that is done. Only a covered sale completes."""
    sale, lines, tenders = _load(svc, sale_id)
    if sale.completed_at is not None:
        return svc.get(sale_id)
    if sale.status != SaleStatus.OPEN:
        raise ValidationError(key="sale_not_open", details=sale_id,
                              params={"why": "complete", "status": str(sale.status)})
    for t in tenders:
        if t.status == PENDING:
            resolve_pending(svc, t.id)
    sale, lines, tenders = _load(svc, sale_id)
    if records.total_of(lines) <= 0:
        raise ValidationError("The sale has nothing on it yet.", key="empty_sale")
    due = records.due_of(lines, tenders)
    if due > 0:
        raise ValidationError(key="not_covered", details=sale_id,
                              params={"due": due, "currency": sale.currency})
    ctx = svc.ctx(sale)
    for t in records.live_tenders(tenders):
        if t.kind != TenderKind.GIFT_CARD or t.status != HELD:
            continue
        assert t.hold_id is not None
        try:
            r = svc.gateway.capture(hold_id=t.hold_id, amount=None,
                                    entry_id=child_id(t.id, "capture"), ctx=ctx)
        except (Decline, NotFound) as exc:
            if exc.key not in ("hold_not_open", "hold_not_found"):
                raise
            _set_status(svc, t.id, RELEASED, removed=True)
            raise Decline(key="hold_expired", details=t.id,
                          params={"card": mask(t.card_number or "")}) from exc
        _captured(svc, t.id, r.id)
    for ln in records.live_lines(lines):
        if ln.kind == LineKind.ITEM or ln.done:
            continue
        assert ln.card_number is not None
        try:
            if ln.kind == LineKind.CARD_SALE:
                eid = child_id(ln.id, "activate")
                svc.gateway.activate(number=ln.card_number, amount=ln.amount, entry_id=eid,
                                     ctx=ctx)
            else:
                eid = child_id(ln.id, "load")
                svc.gateway.load(number=ln.card_number, amount=ln.amount, entry_id=eid,
                                 ctx=ctx)
        except GiftposError as exc:
            # Its own key kept (what acts on it reads the key), worded as ours.
            sold = ln.kind == LineKind.CARD_SALE
            raise type(exc)(key=exc.key, details=exc.details, params={
                "as": f"card_line_failed:{'sold' if sold else 'reloaded'}",
                "card": mask(ln.card_number), "reason": reason(exc)}) from exc
        _line_done(svc, ln.id, eid)

    def finish(s: Session) -> SaleView:
        row = records.sale_row(s, sale_id, lock=True)
        row.status = str(SaleStatus.COMPLETED)
        row.completed_at = svc.clock()
        return records.view(s, row)
    done = svc.tx(finish)
    log.info("sale %s completed: %d", sale_id, done.total)
    return done


def _captured(svc: SaleDeps, tid: str, capture_id: str) -> None:
    def step(s: Session) -> None:
        row = s.get(TenderRow, tid)
        assert row is not None
        row.status, row.capture_id = CAPTURED, capture_id
    svc.tx(step)


def _line_done(svc: SaleDeps, line_id: str, entry_id: str | None,
               done: bool = True) -> None:
    def step(s: Session) -> None:
        row = s.get(SaleLineRow, line_id)
        assert row is not None
        row.done, row.entry_id = done, entry_id if done else row.entry_id
    svc.tx(step)


def cancel(svc: SaleDeps, sale_id: str, *, reason: str = "cancelled") -> SaleView:
    """Release every hold and reverse every capture or card activation this
    sale made; the customer is not charged for a sale that did not complete."""
    sale, lines, tenders = _load(svc, sale_id)
    if sale.status == SaleStatus.CANCELLED:
        return svc.get(sale_id)
    if sale.status != SaleStatus.OPEN:
        raise ValidationError("This sale is complete; refund it or void it instead.",
                              key="sale_not_open", details=sale_id)
    ctx = svc.ctx(sale)
    for ln in lines:
        if ln.done and ln.entry_id:
            svc.gateway.void(original_id=ln.entry_id, entry_id=child_id(ln.id, "void"), ctx=ctx)
            _line_done(svc, ln.id, None, done=False)
        elif ln.kind in (LineKind.CARD_SALE, LineKind.CARD_RELOAD):
            # complete() may have sold or loaded the card without recording it
            # (a crash, a lost answer): reverse whatever the ledger applied.
            op = "activate" if ln.kind == LineKind.CARD_SALE else "load"
            eid = child_id(ln.id, op)
            if svc.gateway.reverse_unrecorded(original_id=eid, op=op, ctx=ctx) == "recorded":
                svc.gateway.void(original_id=eid, entry_id=child_id(ln.id, "void"), ctx=ctx)
    for t in tenders:
        if t.kind == TenderKind.GIFT_CARD and t.status in (PENDING, HELD, CAPTURED):
            _set_status(svc, t.id, give_back(svc, t, sale), removed=False)
        elif t.status == RECORDED and not t.removed:
            _set_status(svc, t.id, RELEASED, removed=False)  # handed back

    def finish(s: Session) -> SaleView:
        row = records.sale_row(s, sale_id, lock=True)
        row.status = str(SaleStatus.CANCELLED)
        row.reason = (reason or "cancelled")[:200]
        row.closed_at = svc.clock()
        return records.view(s, row)
    out = svc.tx(finish)
    log.info("sale %s cancelled (%s)", sale_id, reason)
    return out
