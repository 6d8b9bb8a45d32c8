"""What a sale looks like from outside: plain frozen dataclasses the window,
the CLI and the tests read. Amounts are integer minor units of ``currency``;
card numbers are masked everywhere here except ``RefundResult.new_card`` (the
customer must be given the new card's number once)."""

from __future__ import annotations

import enum
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from app.domain import SaleStatus as SaleStatus  # its home is app.domain
from app.errors import GiftposError


class LineKind(enum.StrEnum):
    ITEM = "ITEM"
    CARD_SALE = "CARD_SALE"  # sell (activate) a card with its initial value
    CARD_RELOAD = "CARD_RELOAD"  # add value to a card


class TenderKind(enum.StrEnum):
    GIFT_CARD = "GIFT_CARD"
    CASH = "CASH"
    EXTERNAL = "EXTERNAL"  # card terminal, voucher...: recorded, not processed here


class TenderStatus(enum.StrEnum):
    """A tender's status. PENDING exists only between recording a card tender
    and the card's answer (a crash there is resolved on restart); views never
    show it."""

    PENDING = "PENDING"
    HELD = "HELD"
    CAPTURED = "CAPTURED"
    RELEASED = "RELEASED"
    REFUNDED = "REFUNDED"
    RECORDED = "RECORDED"
    VOIDED = "VOIDED"


# The statuses by their short names, as the checkout's modules use them.
PENDING, HELD, CAPTURED = TenderStatus.PENDING, TenderStatus.HELD, TenderStatus.CAPTURED
RELEASED, REFUNDED = TenderStatus.RELEASED, TenderStatus.REFUNDED
RECORDED, VOIDED = TenderStatus.RECORDED, TenderStatus.VOIDED


class RefundStatus(enum.StrEnum):
    """A return's status: PENDING from its plan until every credit is made."""

    PENDING = "PENDING"
    DONE = "DONE"


@dataclass(frozen=True, kw_only=True)
class SaleLine:
    id: str
    kind: LineKind
    description: str
    amount: int
    card: str | None = None  # masked
    refunded: int = 0
    quantity: int = 1  # ``amount`` is the line's total for this many

    def to_dict(self) -> dict[str, Any]:
        return {"id": self.id, "kind": str(self.kind), "description": self.description,
                "amount": self.amount, "card": self.card, "refunded": self.refunded,
                "quantity": self.quantity}


@dataclass(frozen=True, kw_only=True)
class Tender:
    id: str
    kind: TenderKind
    amount: int  # taken (for cash: handed over; change is on the sale)
    card: str | None = None  # masked
    previous_balance: int | None = None
    new_balance: int | None = None
    hold_id: str | None = None
    reference: str | None = None
    status: str = RECORDED  # HELD, CAPTURED, RELEASED, REFUNDED, RECORDED, VOIDED
    offline: bool = False
    method: str | None = None  # external tenders: "card terminal", "voucher"...
    requested: int | None = None  # gift cards: what was asked of the card

    @property
    def counts(self) -> bool:
        """Whether this tender pays towards the sale right now."""
        return self.status in (HELD, CAPTURED, RECORDED)

    def to_dict(self) -> dict[str, Any]:
        return {"id": self.id, "type": str(self.kind), "card": self.card, "amount": self.amount,
                "previous_balance": self.previous_balance, "new_balance": self.new_balance,
                "hold_id": self.hold_id, "reference": self.reference, "status": self.status,
                "offline": self.offline, "method": self.method, "requested": self.requested}


@dataclass(frozen=True, kw_only=True)
class SaleView:
    id: str
    status: SaleStatus
    currency: str
    lines: tuple[SaleLine, ...]
    tenders: tuple[Tender, ...]
    total: int
    paid: int
    remaining_due: int  # never negative
    change: int  # cash to hand back; only cash can overpay
    business_date: date
    created_at: datetime
    cashier: str | None = None
    terminal: str = ""
    store: str = ""
    completed_at: datetime | None = None
    reason: str | None = None  # why it was cancelled or voided
    refunded: int = 0
    number: int = 0  # the sale's number on this till (its receipt's barcode: S + number)

    @property
    def is_open(self) -> bool:
        return self.status == SaleStatus.OPEN

    @property
    def covered(self) -> bool:
        return self.remaining_due == 0 and self.total > 0

    def to_dict(self) -> dict[str, Any]:
        return {
            "sale_id": self.id, "status": str(self.status), "currency": self.currency,
            "lines": [ln.to_dict() for ln in self.lines],
            "tenders": [t.to_dict() for t in self.tenders],
            "total": self.total, "paid": self.paid, "remaining_due": self.remaining_due,
            "change": self.change, "business_date": self.business_date.isoformat(),
            "created_at": self.created_at.isoformat(), "cashier": self.cashier,
            "terminal": self.terminal, "store": self.store,
            "completed_at": self.completed_at.isoformat() if self.completed_at else None,
            "reason": self.reason, "refunded": self.refunded, "number": self.number,
        }


@dataclass(frozen=True, kw_only=True)
class TenderOutcome:
    """The answer to a card payment. A decline is an answer, not an exception:
    ``declined`` carries the reason to show and the sale is unchanged."""

    sale: SaleView
    tender: Tender | None
    approved: int
    requested: int
    partial: bool
    declined: GiftposError | None = None

    @property
    def ok(self) -> bool:
        return self.declined is None

    def to_dict(self) -> dict[str, Any]:
        return {"sale": self.sale.to_dict(),
                "tender": self.tender.to_dict() if self.tender else None,
                "approved": self.approved, "requested": self.requested,
                "partial": self.partial,
                "declined": self.declined.to_dict() if self.declined else None}


@dataclass(frozen=True, kw_only=True)
class CheckoutSettings:
    currency: str = "USD"
    locale: str = "en_US"
    partial_approval: bool = True
    gift_cards_pay_for_gift_cards: bool = False
    terminal: str = "till-1"
    store: str = "store-1"
    receipt_header: tuple[str, ...] = ("giftpos",)
    receipt_footer: tuple[str, ...] = ("Thank you!",)
    # Printed on every receipt that involves a gift card (sold, reloaded or paying).
    card_terms: tuple[str, ...] = ()


@dataclass(frozen=True, kw_only=True)
class CardRefund:
    card: str  # masked
    amount: int
    previous_balance: int
    new_balance: int
    entry_id: str

    def to_dict(self) -> dict[str, Any]:
        return {"card": self.card, "amount": self.amount,
                "previous_balance": self.previous_balance, "new_balance": self.new_balance,
                "entry_id": self.entry_id}


@dataclass(frozen=True, kw_only=True)
class RefundResult:
    sale: SaleView
    refunds: tuple[CardRefund, ...]  # back onto the cards that paid
    new_card: str | None  # store credit: the new card's FULL number (only here)
    total: int
    cash_back: int = 0  # what was paid in cash and goes back in cash
    external_back: int = 0  # to give back through the external method
    id: str = ""
    line_ids: tuple[str, ...] = ()  # the sale lines this refund returned

    def to_dict(self) -> dict[str, Any]:
        return {"refund_id": self.id, "sale_id": self.sale.id, "status": str(self.sale.status),
                "total": self.total, "refunds": [r.to_dict() for r in self.refunds],
                "new_card": self.new_card, "cash_back": self.cash_back,
                "external_back": self.external_back, "line_ids": list(self.line_ids)}


@dataclass(frozen=True, kw_only=True)
class DayReport:
    """End-of-day (Z) report of one terminal's business date."""

    business_date: date
    currency: str
    terminal: str
    sales_count: int = 0
    sales_total: int = 0
    by_tender: dict[str, int] = field(default_factory=dict)  # GIFT_CARD, CASH, EXTERNAL
    change_given: int = 0
    cards_sold: int = 0
    cards_sold_amount: int = 0
    cards_reloaded: int = 0
    cards_reloaded_amount: int = 0
    redemptions: int = 0  # count of captures taken off gift cards
    redemptions_amount: int = 0
    refunds: int = 0
    refunds_amount: int = 0
    refunds_cash: int = 0
    voids: int = 0
    voids_amount: int = 0
    voids_cash: int = 0
    cancelled: int = 0
    open_sales: int = 0
    refunds_to_cards: int = 0
    store_credit: int = 0  # refunds put onto new cards
    cash_expected: int = 0  # what the drawer should hold beyond its float
    # The same figures summed from the journal (this terminal's entries of the
    # day, minus voided ones): the report checks itself against the journal.
    journal_redemptions_amount: int = 0
    journal_cards_sold_amount: int = 0
    journal_reloads_amount: int = 0
    journal_refunds_amount: int = 0
    matches_journal: bool = True
    closed: bool = False
    closed_at: datetime | None = None

    def to_dict(self) -> dict[str, Any]:
        from dataclasses import asdict

        d = asdict(self)
        d["business_date"] = self.business_date.isoformat()
        d["closed_at"] = self.closed_at.isoformat() if self.closed_at else None
        return d
