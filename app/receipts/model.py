"""A receipt as data, independent of how it is printed. Card numbers in it are
already masked: nothing rendered from a Receipt can leak a full number."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Any


@dataclass(frozen=True, kw_only=True)
class ReceiptLine:
    description: str
    amount: int


@dataclass(frozen=True, kw_only=True)
class ReceiptTender:
    label: str  # "Gift card", "Cash", "Card terminal"...
    amount: int  # taken (cash: handed over)
    card: str | None = None  # masked
    previous_balance: int | None = None
    new_balance: int | None = None
    reference: str | None = None
    status: str | None = None


@dataclass(frozen=True, kw_only=True)
class Receipt:
    title: str  # SALE, REFUND, VOID, CANCELLED...
    header: tuple[str, ...]
    sale_id: str
    business_date: date
    printed_at: datetime
    currency: str
    locale: str
    lines: tuple[ReceiptLine, ...]
    tenders: tuple[ReceiptTender, ...]
    total: int
    paid: int
    remaining_due: int
    change: int
    footer: tuple[str, ...] = ()
    cashier: str | None = None
    terminal: str = ""
    status: str = ""
    reprint: bool = False
    # A card sold or reloaded: the store's terms (app/shop/law.py) and the
    # customers' balance page, printed as a QR code ("" : none).
    terms: tuple[str, ...] = ()
    balance_url: str = ""
    # The business's own gift card terms (Settings), on every receipt with a card.
    card_terms: tuple[str, ...] = ()
    number: int = 0  # the sale's number on this till; 0: not known

    @property
    def barcode(self) -> str:
        """What the receipt's Code128 barcode carries: the till finds the sale
        from it for a return (``S`` and the sale number)."""
        return f"S{self.number:06d}" if self.number else ""

    @property
    def opens_drawer(self) -> bool:
        """Cash changed hands: the printer kicks the drawer open."""
        return any(t.label == "Cash" for t in self.tenders) or self.change > 0

    def to_dict(self) -> dict[str, Any]:
        from dataclasses import asdict

        d = asdict(self)
        d["business_date"] = self.business_date.isoformat()
        d["printed_at"] = self.printed_at.isoformat()
        return d
