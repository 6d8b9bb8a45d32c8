"""Reading and writing a sale's rows, and turning them into views. Pure
bookkeeping: nothing here talks to a card gateway."""

from __future__ import annotations

from datetime import date, datetime, timedelta

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from app.checkout.models import (
    CAPTURED,
    HELD,
    PENDING,
    RECORDED,
    LineKind,
    SaleLine,
    SaleStatus,
    SaleView,
    Tender,
    TenderKind,
)
from app.checkout.schema import DayCloseRow, SaleLineRow, SaleRow, TenderRow
from app.clock import as_aware
from app.domain import mask
from app.errors import NotFound, ValidationError

COUNTING = (HELD, CAPTURED, RECORDED)


def sale_row(session: Session, sale_id: str, *, lock: bool = False) -> SaleRow:
    stmt = select(SaleRow).where(SaleRow.id == str(sale_id))
    if lock:
        stmt = stmt.with_for_update()
    row = session.scalars(stmt).first()
    if row is None:
        raise NotFound("No sale with that number on this terminal.", key="sale_not_found",
                       details=str(sale_id))
    return row


def open_row(session: Session, sale_id: str) -> SaleRow:
    row = sale_row(session, sale_id, lock=True)
    if row.status != SaleStatus.OPEN:
        raise ValidationError(key="sale_not_open", details=row.id,
                              params={"why": "start_new", "status": str(row.status)})
    return row


def line_rows(session: Session, sale_id: str) -> list[SaleLineRow]:
    return list(session.scalars(select(SaleLineRow).where(SaleLineRow.sale_id == sale_id)
                                .order_by(SaleLineRow.position)))


def tender_rows(session: Session, sale_id: str) -> list[TenderRow]:
    return list(session.scalars(select(TenderRow).where(TenderRow.sale_id == sale_id)
                                .order_by(TenderRow.position)))


def next_position(session: Session, table: type[SaleLineRow] | type[TenderRow],
                  sale_id: str) -> int:
    top = session.scalar(select(func.max(table.position)).where(table.sale_id == sale_id))
    return int(top or 0) + 1


def next_seq(session: Session) -> int:
    return int(session.scalar(select(func.max(SaleRow.seq))) or 0) + 1


def live_lines(lines: list[SaleLineRow]) -> list[SaleLineRow]:
    return [ln for ln in lines if not ln.removed]


def live_tenders(tenders: list[TenderRow]) -> list[TenderRow]:
    return [t for t in tenders if not t.removed and t.status in COUNTING]


def total_of(lines: list[SaleLineRow]) -> int:
    return sum(ln.amount for ln in live_lines(lines))


def paid_of(tenders: list[TenderRow]) -> int:
    return sum(t.amount for t in live_tenders(tenders))


def due_of(lines: list[SaleLineRow], tenders: list[TenderRow]) -> int:
    return max(total_of(lines) - paid_of(tenders), 0)


def gift_card_room(lines: list[SaleLineRow], tenders: list[TenderRow], *,
                   cards_pay_for_cards: bool) -> int:
    """How much gift cards may still pay: what is due, and, when gift cards may
    not buy gift cards, no more than the ordinary items minus what cards
    already pay (so value cannot be moved card to card through a sale)."""
    due = due_of(lines, tenders)
    if cards_pay_for_cards:
        return due
    items = sum(ln.amount for ln in live_lines(lines) if ln.kind == LineKind.ITEM)
    by_cards = sum(t.amount for t in live_tenders(tenders) if t.kind == TenderKind.GIFT_CARD)
    return max(min(due, items - by_cards), 0)


def cash_net(lines: list[SaleLineRow], tenders: list[TenderRow]) -> int:
    """Cash that stays in the drawer: handed over minus change."""
    cash = sum(t.amount for t in live_tenders(tenders) if t.kind == TenderKind.CASH)
    change = max(paid_of(tenders) - total_of(lines), 0)
    return cash - change


def line_view(row: SaleLineRow) -> SaleLine:
    return SaleLine(id=row.id, kind=LineKind(row.kind), description=row.description,
                    amount=row.amount, card=mask(row.card_number) if row.card_number else None,
                    refunded=row.refunded, quantity=row.quantity or 1)


def tender_view(row: TenderRow) -> Tender:
    return Tender(id=row.id, kind=TenderKind(row.kind), amount=row.amount,
                  card=mask(row.card_number) if row.card_number else None,
                  previous_balance=row.previous_balance, new_balance=row.new_balance,
                  hold_id=row.hold_id, reference=row.reference, status=row.status,
                  offline=row.offline, method=row.method, requested=row.requested)


def view(session: Session, sale: SaleRow) -> SaleView:
    lines = line_rows(session, sale.id)
    tenders = tender_rows(session, sale.id)
    total, paid = total_of(lines), paid_of(tenders)
    shown = [t for t in tenders if not t.removed and t.status != PENDING]
    return SaleView(
        id=sale.id, status=SaleStatus(sale.status), currency=sale.currency,
        lines=tuple(line_view(ln) for ln in live_lines(lines)),
        tenders=tuple(tender_view(t) for t in shown),
        total=total, paid=paid, remaining_due=max(total - paid, 0),
        change=max(paid - total, 0), business_date=sale.business_date,
        created_at=as_aware(sale.created_at), cashier=sale.cashier, terminal=sale.terminal,
        store=sale.store,
        completed_at=as_aware(sale.completed_at) if sale.completed_at else None,
        reason=sale.reason, refunded=sum(ln.refunded for ln in lines), number=sale.seq)


def business_date(session: Session, *, terminal: str, now: datetime) -> date:
    """The terminal's calendar day, or the day after its last close if that is
    later: after the Z report, sales belong to the next business day."""
    today = now.astimezone().date()
    last = session.scalar(select(func.max(DayCloseRow.business_date))
                          .where(DayCloseRow.terminal == terminal))
    if last is not None and last >= today:
        return last + timedelta(days=1)
    return today
