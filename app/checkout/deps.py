"""What the checkout's step modules (settle, returns, report) are given.

The service is the only thing that builds a sale's dependencies; its helpers
receive them through this protocol instead of importing the service, so the
helpers and the service do not import each other.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Protocol, TypeVar

from sqlalchemy.orm import Session

from app.checkout.models import CheckoutSettings, SaleView
from app.checkout.schema import SaleRow
from app.clock import Clock
from app.domain import OpContext
from app.gateway import CardGateway
from app.ops.service import CardService
from app.store.database import Store

T = TypeVar("T")


class SaleDeps(Protocol):
    """The store, the card gateway, the settings and the clock of one till's
    checkout, with its one committed step (``tx``)."""

    store: Store
    gateway: CardGateway
    settings: CheckoutSettings
    clock: Clock
    cards: CardService | None

    def tx(self, fn: Callable[[Session], T]) -> T: ...

    def ctx(self, sale: SaleRow | SaleView | None = None, *,
            business_date: date | None = None) -> OpContext: ...

    def money(self, minor: int) -> str: ...

    def business_date(self) -> date: ...

    def get(self, sale_id: str) -> SaleView: ...
