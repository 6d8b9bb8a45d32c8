"""A real SQLite store, the real CardService behind a LocalGateway, and the
checkout service over them."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime

import pytest
from sqlalchemy import func, select

from app.checkout import CheckoutService, CheckoutSettings
from app.gateway import LocalGateway
from app.ops import queries
from app.ops.service import CardService
from app.store.database import Store
from app.store.schema import Card, Entry
from tests.clock import ManualClock


@pytest.fixture
def clock() -> ManualClock:
    return ManualClock(datetime(2026, 11, 27, 10, 0, tzinfo=UTC))


@pytest.fixture
def cards(store: Store, clock: ManualClock) -> CardService:
    return CardService(store, clock=clock)


@pytest.fixture
def make_checkout(store: Store, cards: CardService,
                  clock: ManualClock) -> Callable[..., CheckoutService]:
    def make(**settings: object) -> CheckoutService:
        return CheckoutService(store, LocalGateway(cards), clock=clock, cards=cards,
                               settings=CheckoutSettings(**settings))  # type: ignore[arg-type]
    return make


@pytest.fixture
def checkout(make_checkout: Callable[..., CheckoutService]) -> CheckoutService:
    return make_checkout()


@pytest.fixture
def card(cards: CardService) -> Callable[..., str]:
    """Issue one card with ``amount`` minor units; answers its number."""
    def issue(amount: int, *, inactive: bool = False) -> str:
        (view, _key), = cards.issue(amount=amount, inactive=inactive)
        return view.number
    return issue


def balance(cards: CardService, number: str) -> int:
    return cards.balance(number=number).balance


def assert_journal_consistent(store: Store) -> None:
    """Every card's cached balance is the sum of its journal entries."""
    with store.read() as s:
        assert queries.mismatched_balances(s) == []
        total = s.scalar(select(func.sum(Entry.amount)))
        assert total == s.scalar(select(func.sum(Card.balance)))
