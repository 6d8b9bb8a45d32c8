"""After the sale: returns (whole or some lines) back to the gift cards that
paid, or onto a new card as store credit; and the void of the last sale of
the business day.

Gift cards are refunded first: money that came off a gift card goes back to
a gift card, never out of the drawer as cash (that would let a card be cashed
out through a return). What was paid in cash or externally is handed back
that way, and the answer says how much.
"""

from __future__ import annotations

import logging
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.checkout import records
from app.checkout.deps import SaleDeps
from app.checkout.models import (
    CAPTURED,
    VOIDED,
    CardRefund,
    LineKind,
    RefundResult,
    RefundStatus,
    SaleStatus,
    SaleView,
    TenderKind,
)
from app.checkout.refund_plan import PartKind, RefundPart, RefundPlan
from app.checkout.schema import SaleRefundRow, SaleRow, TenderRow
from app.domain import CardStatus, OpContext
from app.errors import Decline, NotFound, ValidationError
from app.ids import child_id, new_id
from app.messages import reason

log = logging.getLogger(__name__)
PENDING, DONE = RefundStatus.PENDING, RefundStatus.DONE
REFUNDABLE = (SaleStatus.COMPLETED, SaleStatus.PARTLY_REFUNDED)


def refund(svc: SaleDeps, sale_id: str, *, line_ids: list[str] | None = None,
           to_new_card: bool = False) -> RefundResult:
    """Refund the given lines (default: every item line not yet refunded).
    A refund interrupted by a crash is finished first and answered: calling
    again is how it is retried."""
    with svc.store.read() as s:
        pending = s.scalars(select(SaleRefundRow).where(
            SaleRefundRow.sale_id == sale_id, SaleRefundRow.status == PENDING)).all()
    if pending:
        for row in pending:
            last = _execute(svc, row.id)
        return last
    if to_new_card and svc.cards is None:
        raise ValidationError("Store credit needs the card service on this terminal.",
                              key="store_credit_unavailable")
    bdate = svc.business_date()
    blocked = set() if to_new_card else _blocked_cards(svc, sale_id)
    refund_id = svc.tx(lambda s: _plan(s, sale_id, line_ids=line_ids, to_new_card=to_new_card,
                                       refund_id=new_id(), svc=svc, business_date=bdate,
                                       blocked=blocked))
    return _execute(svc, refund_id)


def _blocked_cards(svc: SaleDeps, sale_id: str) -> set[str]:
    """Card tenders whose card cannot take money back now (frozen, cancelled,
    combined, unknown): their share goes onto a new card instead. Decided
    before the plan is written, so finishing an interrupted refund repeats
    exactly the same credits."""
    with svc.store.read() as s:
        paid = [(t.id, t.card_number) for t in records.tender_rows(s, sale_id)
                if t.kind == TenderKind.GIFT_CARD and t.status == CAPTURED and t.card_number]
    blocked = set()
    for tid, number in paid:
        try:
            status = svc.gateway.balance(number=number).status
        except NotFound:
            blocked.add(tid)
            continue
        if status not in (CardStatus.ACTIVE, CardStatus.REDEEMED, CardStatus.EXPIRED):
            blocked.add(tid)
    return blocked


def _plan(s: Session, sale_id: str, *, line_ids: list[str] | None, to_new_card: bool,
          refund_id: str, svc: SaleDeps, business_date: date,
          blocked: set[str] | frozenset[str] = frozenset()) -> str:
    sale = records.sale_row(s, sale_id, lock=True)
    if sale.status not in REFUNDABLE:
        raise ValidationError(key="not_refundable", details=sale_id,
                              params={"status": str(sale.status)})
    lines = records.live_lines(records.line_rows(s, sale_id))
    tenders = records.tender_rows(s, sale_id)
    if line_ids is None:
        chosen = [ln for ln in lines if ln.kind == LineKind.ITEM and ln.refunded < ln.amount]
    else:
        by_id = {ln.id: ln for ln in lines}
        missing = [i for i in line_ids if i not in by_id]
        if missing:
            raise ValidationError("That line is not on this sale.", key="line_not_found",
                                  details=", ".join(missing))
        chosen = [by_id[i] for i in dict.fromkeys(line_ids)]
        if any(ln.kind != LineKind.ITEM for ln in chosen):
            raise ValidationError("A card sold or reloaded cannot be returned; void the sale "
                                  "instead while it is still today.", key="not_refundable")
        if any(ln.refunded >= ln.amount for ln in chosen):
            raise ValidationError("That line was already refunded.", key="already_refunded")
    total = sum(ln.amount - ln.refunded for ln in chosen)
    if total <= 0:
        raise ValidationError("Nothing is left to refund on this sale.",
                              key="nothing_to_refund")
    parts: list[RefundPart] = []
    left, credit = total, 0
    if to_new_card:
        parts.append(RefundPart(kind=PartKind.STORE_CREDIT, amount=total))
        left = 0
    change = max(records.paid_of(tenders) - records.total_of(records.line_rows(s, sale_id)), 0)
    for kind in (TenderKind.GIFT_CARD, TenderKind.EXTERNAL, TenderKind.CASH):
        for t in records.live_tenders(tenders):
            if left == 0 or t.kind != kind:
                continue
            room = t.amount - t.refunded - (change if kind == TenderKind.CASH else 0)
            take = min(max(room, 0), left)
            if take and t.id in blocked:
                credit += take
            elif take:
                parts.append(RefundPart(kind=PartKind(kind), tender=t.id, amount=take))
                t.refunded += take
                left -= take
                if kind == TenderKind.CASH:
                    change = 0
    if credit:
        if svc.cards is None:
            raise ValidationError("A card that paid for this sale cannot take the refund "
                                  "(frozen or cancelled). Ask a manager.",
                                  key="refund_card_unusable")
        parts.append(RefundPart(kind=PartKind.STORE_CREDIT, amount=credit))
    if left:  # cannot happen while paid >= total; kept so no refund is lost
        parts.append(RefundPart(kind=PartKind.CASH, amount=left))
    for ln in chosen:
        ln.refunded = ln.amount
    items = [ln for ln in lines if ln.kind == LineKind.ITEM]
    sale.status = str(SaleStatus.REFUNDED if all(ln.refunded >= ln.amount for ln in items)
                      else SaleStatus.PARTLY_REFUNDED)
    plan = RefundPlan(lines=tuple(ln.id for ln in chosen), parts=tuple(parts))
    s.add(SaleRefundRow(id=refund_id, sale_id=sale_id, status=PENDING,
                        business_date=business_date, created_at=svc.clock(), total=total,
                        to_new_card=to_new_card, cash_back=plan.amount_of(PartKind.CASH),
                        external_back=plan.amount_of(PartKind.EXTERNAL), plan=plan))
    s.flush()
    return refund_id


def _execute(svc: SaleDeps, refund_id: str) -> RefundResult:
    """Credit the cards of a planned refund; every credit has an id derived
    from the refund, so finishing twice credits once."""
    with svc.store.read() as s:
        row = s.get(SaleRefundRow, refund_id)
        assert row is not None
        sale = records.view(s, records.sale_row(s, row.sale_id))
        plan = row.plan
        captures = {t.id: t.capture_id for t in records.tender_rows(s, row.sale_id)}
    ctx = OpContext(terminal=svc.settings.terminal, store=svc.settings.store,
                    cashier=sale.cashier, sale_id=sale.id, business_date=row.business_date)
    credits: list[CardRefund] = []
    new_card = row.new_card_number
    for i, part in enumerate(plan.parts):
        if part.kind == PartKind.GIFT_CARD:
            assert part.tender is not None
            capture_id = captures[part.tender]
            assert capture_id is not None
            try:
                r = svc.gateway.refund(original_id=capture_id, amount=part.amount,
                                       entry_id=child_id(refund_id, part.tender), ctx=ctx)
            except Decline as exc:
                # The card stopped taking money back after the plan was made
                # (frozen, cancelled...): its share becomes store credit, as the
                # plan would have said had it known. Never left PENDING for good.
                part = _to_store_credit(svc, refund_id, i, exc)
            else:
                credits.append(CardRefund(card=r.card, amount=r.amount, entry_id=r.id,
                                          previous_balance=r.previous_balance,
                                          new_balance=r.new_balance))
                continue
        if part.kind == PartKind.STORE_CREDIT:
            eid = part.id or child_id(refund_id, "store_credit")
            # Through the gateway: on a ledger-backed till the new card is made
            # on the ledger (the customer leaves with it), not only here.
            (card, _key), = svc.gateway.issue(amount=part.amount, currency=sale.currency,
                                              ctx=ctx, entry_id=eid)
            new_card = card.number
            credits.append(CardRefund(card=card.masked, amount=part.amount,
                                      previous_balance=0, new_balance=card.balance,
                                      entry_id=eid))

    def finish(s: Session) -> SaleView:
        r = s.get(SaleRefundRow, refund_id)
        assert r is not None
        r.status, r.new_card_number = DONE, new_card
        return records.view(s, records.sale_row(s, r.sale_id))
    view = svc.tx(finish)
    log.info("sale %s: refund %s of %d done", view.id, refund_id, row.total)
    return RefundResult(id=refund_id, sale=view, refunds=tuple(credits), new_card=new_card,
                        total=row.total, cash_back=row.cash_back,
                        external_back=row.external_back, line_ids=plan.lines)


def _to_store_credit(svc: SaleDeps, refund_id: str, index: int,
                     declined: Decline) -> RefundPart:
    """Rewrite part ``index`` of a planned refund (a card that now refuses the
    credit) as store credit on a new card, durably, so finishing the refund
    again does the same. Without a card service here the refund stays
    PENDING and the cashier is told to ask a manager."""
    if svc.cards is None:
        raise Decline(key="refund_card_unusable", details=declined.details,
                      params={"why": "pending", "reason": reason(declined)}) from declined

    def step(s: Session) -> RefundPart:
        r = s.get(SaleRefundRow, refund_id)
        assert r is not None
        old = r.plan.parts[index]
        if old.kind != PartKind.GIFT_CARD:
            return old  # rewritten already by an earlier attempt
        tender = s.get(TenderRow, old.tender)
        if tender is not None:
            tender.refunded -= old.amount  # that card took nothing back
        new = RefundPart(kind=PartKind.STORE_CREDIT, amount=old.amount, instead_of=old.tender,
                         declined=declined.key,
                         id=child_id(refund_id, f"store_credit:{old.tender}"))
        r.plan = r.plan.with_part(index, new)
        return new
    log.warning("refund %s: a card refused its credit (%s); store credit instead",
                refund_id, declined.key)
    return svc.tx(step)


def void_last(svc: SaleDeps) -> SaleView:
    """Void the last completed sale while its business day is still open:
    every capture and card activation/reload is reversed exactly."""
    bdate = svc.business_date()
    with svc.store.read() as s:
        sale = s.scalars(select(SaleRow).where(
            SaleRow.completed_at.is_not(None), SaleRow.terminal == svc.settings.terminal)
            .order_by(SaleRow.seq.desc())).first()
        if sale is None or sale.business_date != bdate:
            raise ValidationError("There is no sale of today to void.", key="nothing_to_void")
        if sale.status == SaleStatus.VOIDED:
            return records.view(s, sale)
        if sale.status != SaleStatus.COMPLETED:
            raise ValidationError(key="void_not_possible", details=sale.id,
                                  params={"why": "sale_status", "status": str(sale.status)})
        lines = records.live_lines(records.line_rows(s, sale.id))
        tenders = records.tender_rows(s, sale.id)
    # Check first that each card sold or reloaded still holds what the sale put
    # on it, so a void does not stop half way.
    for ln in lines:
        if ln.kind == LineKind.ITEM or not ln.card_number:
            continue
        card = svc.gateway.balance(number=ln.card_number)
        if card.balance < ln.amount or card.status == CardStatus.FROZEN:
            raise Decline("A card from this sale has been used since; refund instead.",
                          key="void_not_possible", details=card.masked)
    ctx = svc.ctx(sale)
    for ln in lines:
        if ln.done and ln.entry_id:
            svc.gateway.void(original_id=ln.entry_id, entry_id=child_id(ln.id, "void"), ctx=ctx)
    for t in records.live_tenders(tenders):
        if t.kind == TenderKind.GIFT_CARD and t.status == CAPTURED and t.capture_id:
            svc.gateway.void(original_id=t.capture_id, entry_id=child_id(t.id, "void"), ctx=ctx)

    def finish(s: Session) -> SaleView:
        row = records.sale_row(s, sale.id, lock=True)
        row.status, row.reason, row.closed_at = str(SaleStatus.VOIDED), "voided", svc.clock()
        for t in records.tender_rows(s, sale.id):
            if t.kind == TenderKind.GIFT_CARD and t.status == CAPTURED:
                t.status = VOIDED
        return records.view(s, row)
    out = svc.tx(finish)
    log.info("sale %s voided", sale.id)
    return out


def find_sale(svc: SaleDeps, code: str) -> SaleView:
    """A sale of this till by its receipt's barcode (``S42``) or its number
    as typed (``42``); a sale still open is not a return."""
    text = "".join(str(code).split()).upper().removeprefix("S")
    if not text.isdigit():
        raise ValidationError("Scan the receipt's barcode or type the sale number "
                              "printed on it.", key="sale_not_found", details=str(code)[:20])
    with svc.store.read() as s:
        row = s.scalars(select(SaleRow).where(SaleRow.seq == int(text))).first()
        if row is None:
            raise ValidationError(key="sale_not_found", details=text,
                                  params={"number": int(text)})
        view = records.view(s, row)
    if view.is_open:
        raise ValidationError(key="sale_open", details=text, params={"number": view.number})
    return view
