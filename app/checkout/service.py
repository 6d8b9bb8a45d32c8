"""CheckoutService: a sale at the till, paid by any mix of gift cards, cash
and external payments.

Every method commits before it returns (the sale lives in the terminal's
durable store), so a crash loses at most the step in flight, and that step is
resolvable on restart by its deterministic entry id. Card value moves only
through the :class:`~app.gateway.CardGateway`.

Runs on whatever thread calls it (the window calls it off the GUI thread);
it holds no state between calls beyond the store.
"""

from __future__ import annotations

import logging
from datetime import date, datetime

from app.checkout.models import (
    CheckoutSettings,
    DayReport,
    RefundResult,
    SaleView,
    TenderOutcome,
)
from app.gateway import CardGateway
from app.ops.journal import Clock, utcnow
from app.ops.service import CardService
from app.receipts.model import Receipt
from app.store.database import Store

log = logging.getLogger(__name__)


class CheckoutService:
    def __init__(self, store: Store, gateway: CardGateway, *, settings: CheckoutSettings,
                 clock: Clock = utcnow, cards: CardService | None = None) -> None:
        self.store = store
        self.gateway = gateway
        self.settings = settings
        self.clock = clock
        self.cards = cards

    def business_date(self) -> date:
        raise NotImplementedError

    def open_sale(self, *, cashier: str | None = None) -> SaleView:
        raise NotImplementedError

    def add_item(self, sale_id: str, *, description: str, amount: int) -> SaleView:
        raise NotImplementedError

    def add_card_sale(self, sale_id: str, *, number: str, amount: int) -> SaleView:
        raise NotImplementedError

    def add_card_reload(self, sale_id: str, *, number: str, amount: int) -> SaleView:
        raise NotImplementedError

    def remove_line(self, sale_id: str, line_id: str) -> SaleView:
        raise NotImplementedError

    def pay_with_card(self, sale_id: str, *, number: str, amount: int | None = None,
                      partial: bool | None = None,
                      entry_id: str | None = None) -> TenderOutcome:
        raise NotImplementedError

    def pay_cash(self, sale_id: str, *, amount: int) -> SaleView:
        raise NotImplementedError

    def pay_external(self, sale_id: str, *, amount: int, reference: str,
                     method: str = "card terminal") -> SaleView:
        raise NotImplementedError

    def remove_tender(self, sale_id: str, tender_id: str) -> SaleView:
        raise NotImplementedError

    def complete(self, sale_id: str) -> SaleView:
        raise NotImplementedError

    def cancel(self, sale_id: str, *, reason: str = "cancelled") -> SaleView:
        raise NotImplementedError

    def get(self, sale_id: str) -> SaleView:
        raise NotImplementedError

    def open_sales(self) -> list[SaleView]:
        raise NotImplementedError

    def last_completed(self) -> SaleView | None:
        raise NotImplementedError

    def refund(self, sale_id: str, *, line_ids: list[str] | None = None,
               to_new_card: bool = False) -> RefundResult:
        raise NotImplementedError

    def void_last(self) -> SaleView:
        raise NotImplementedError

    def day_report(self, business_date: date | None = None) -> DayReport:
        raise NotImplementedError

    def close_day(self, business_date: date | None = None) -> DayReport:
        raise NotImplementedError

    def receipt(self, sale_id: str, *, reprint: bool = False) -> Receipt:
        raise NotImplementedError

    def _now(self) -> datetime:
        return self.clock()
