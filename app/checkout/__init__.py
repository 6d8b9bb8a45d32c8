"""Checkout: split-tender sales, selling and reloading cards, returns, voids
and the end-of-day report. See docs/checkout.md."""

from app.checkout.models import (
    CardRefund,
    CheckoutSettings,
    DayReport,
    LineKind,
    RefundResult,
    SaleLine,
    SaleStatus,
    SaleView,
    Tender,
    TenderKind,
    TenderOutcome,
)
from app.checkout.service import CheckoutService

__all__ = [
    "CardRefund",
    "CheckoutService",
    "CheckoutSettings",
    "DayReport",
    "LineKind",
    "RefundResult",
    "SaleLine",
    "SaleStatus",
    "SaleView",
    "Tender",
    "TenderKind",
    "TenderOutcome",
]
