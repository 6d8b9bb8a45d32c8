"""A Receipt from a sale: what the customer takes home."""

from __future__ import annotations

from datetime import datetime

from app.checkout.models import CheckoutSettings, SaleStatus, SaleView, TenderKind
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


def receipt_of(sale: SaleView, *, settings: CheckoutSettings, now: datetime,
               reprint: bool = False) -> Receipt:
    return Receipt(
        title=TITLES[sale.status], header=settings.receipt_header, sale_id=sale.id,
        business_date=sale.business_date, printed_at=now, currency=sale.currency,
        locale=settings.locale,
        lines=tuple(ReceiptLine(description=ln.description, amount=ln.amount)
                    for ln in sale.lines),
        tenders=tuple(ReceiptTender(label=_label(t.kind, t.method), amount=t.amount,
                                    card=t.card, previous_balance=t.previous_balance,
                                    new_balance=t.new_balance, reference=t.reference,
                                    status=t.status)
                      for t in sale.tenders),
        total=sale.total, paid=sale.paid, remaining_due=sale.remaining_due, change=sale.change,
        footer=settings.receipt_footer, cashier=sale.cashier, terminal=sale.terminal,
        status=str(sale.status), reprint=reprint)
