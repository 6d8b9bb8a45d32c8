from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from app.checkout import CheckoutService, CheckoutSettings
from app.customers.models import CustomerView
from app.customers.service import CustomerService
from app.designs.service import DesignService
from app.gateway import LocalGateway
from app.ops.service import CardService
from app.store.database import Store, open_store
from tests.integration.ledger.support import LedgerEnv, ledger_on


@dataclass
class Till:
    store: Store
    cards: CardService
    customers: CustomerService
    designs: DesignService
    checkout: CheckoutService

    def card(self, amount: int = 5000) -> str:
        (view, _key), = self.cards.issue(amount=amount)
        return view.number

    def person(self, name: str, phone: str) -> CustomerView:
        return self.customers.create(name=name, phone=phone)


@pytest.fixture
def till(db_url: str) -> Iterator[Till]:
    """A real till over a SQLite file: cards, customers, designs, checkout."""
    store = open_store(db_url)
    cards = CardService(store)
    checkout = CheckoutService(store, LocalGateway(cards), settings=CheckoutSettings(),
                               cards=cards)
    yield Till(store=store, cards=cards, customers=CustomerService(cards),
               designs=DesignService(store, cards), checkout=checkout)
    store.close()


@pytest.fixture
def ledger(tmp_path: Path) -> Iterator[LedgerEnv]:
    """The real ledger (uvicorn on loopback) over a SQLite file, as the ledger
    tests run it: an admin and terminals t1, t2."""
    with ledger_on("sqlite", tmp_path) as env:
        yield env
