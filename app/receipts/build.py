"""A Receipt from a sale: what the customer takes home."""

from __future__ import annotations

from datetime import datetime

from app.checkout.models import (
    CheckoutSettings,
    LineKind,
    RefundResult,
    SaleStatus,
    SaleView,
    TenderKind,
)
from app.receipts.model import Receipt, ReceiptLine, ReceiptTender

TITLES = {
    SaleStatus.OPEN: "SALE (NOT COMPLETED)",
    SaleStatus.COMPLETED: "SALE",
    SaleStatus.CANCELLED: "CANCELLED",
    SaleStatus.REFUNDED: "SALE (REFUNDED)",
    SaleStatus.PARTLY_REFUNDED: "SALE (PART REFUNDED)",
    SaleStatus.VOIDED: "VOID",
}


def _label(kind: TenderKind, method: str | None) -> str:
    if kind == TenderKind.GIFT_CARD:
        return "Gift card"
    if kind == TenderKind.CASH:
        return "Cash"
    return (method or "External").capitalize()


def _card_terms(sale: SaleView, settings: CheckoutSettings) -> tuple[str, ...]:
    with_card = any(ln.kind != LineKind.ITEM for ln in sale.lines) or any(
        t.kind == TenderKind.GIFT_CARD for t in sale.tenders)
    return settings.card_terms if with_card else ()


def _line_text(description: str, quantity: int) -> str:
    return f"{quantity} x {description}" if quantity > 1 else description


def receipt_of(sale: SaleView, *, settings: CheckoutSettings, now: datetime,
               reprint: bool = False) -> Receipt:
    return Receipt(
        number=sale.number, card_terms=_card_terms(sale, settings),
        title=TITLES[sale.status], header=settings.receipt_header, sale_id=sale.id,
        business_date=sale.business_date, printed_at=now, currency=sale.currency,
        locale=settings.locale,
        lines=tuple(ReceiptLine(description=_line_text(ln.description, ln.quantity),
                                amount=ln.amount) for ln in sale.lines),
        tenders=tuple(ReceiptTender(label=_label(t.kind, t.method), amount=t.amount,
                                    card=t.card, previous_balance=t.previous_balance,
                                    new_balance=t.new_balance, reference=t.reference,
                                    status=t.status)
                      for t in sale.tenders),
        total=sale.total, paid=sale.paid, remaining_due=sale.remaining_due, change=sale.change,
        footer=settings.receipt_footer, cashier=sale.cashier, terminal=sale.terminal,
        status=str(sale.status), reprint=reprint)


def refund_receipt_of(result: RefundResult, *, settings: CheckoutSettings,
                      now: datetime) -> Receipt:
    """What the customer signs or keeps for a return: the lines returned, each
    card credited with its balance before and after, and what goes back in
    cash (the drawer opens for it) or by the external method."""
    sale = result.sale
    chosen = set(result.line_ids)
    lines = tuple(ReceiptLine(description=_line_text(ln.description, ln.quantity),
                              amount=ln.amount) for ln in sale.lines if ln.id in chosen)
    credits = [ReceiptTender(label="Store credit" if result.new_card and c.card[-4:] ==
                             result.new_card[-4:] else "Back to gift card", amount=c.amount,
                             card=c.card, previous_balance=c.previous_balance,
                             new_balance=c.new_balance) for c in result.refunds]
    if result.cash_back:
        credits.append(ReceiptTender(label="Cash", amount=result.cash_back))
    if result.external_back:
        credits.append(ReceiptTender(label="External", amount=result.external_back))
    return Receipt(
        number=sale.number, card_terms=_card_terms(sale, settings),
        title="REFUND", header=settings.receipt_header, sale_id=sale.id,
        business_date=sale.business_date, printed_at=now, currency=sale.currency,
        locale=settings.locale, lines=lines, tenders=tuple(credits), total=result.total,
        paid=result.total, remaining_due=0, change=0, footer=settings.receipt_footer,
        cashier=sale.cashier, terminal=sale.terminal, status=str(sale.status))
