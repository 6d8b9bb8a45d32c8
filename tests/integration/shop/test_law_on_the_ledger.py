"""The expiry law on the ledger (issue 17): POST /v1/cards with an expiry the
store's rule forbids is refused with the reason and issues nothing; a load
through POST /v1/cards/loads under US federal law moves the card's expiry to
five years from the load, and so does an activation (the day a printed card
is sold is its issue for the law). A real ledger (uvicorn on loopback) over SQLite,
and over PostgreSQL where GIFTPOS_TEST_POSTGRES_URL is set."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import func, select

from app.designs.programs import add_months
from app.ops.service import CardService
from app.shop import settings as shop_settings
from app.store.schema import Card
from tests.integration.ledger.support import LedgerEnv, ledger_on


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def ledger(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[LedgerEnv]:
    with ledger_on(request.param, tmp_path) as env:
        with env.store.transaction() as s:
            cfg = shop_settings.with_value(shop_settings.load(s), "stores.s1.expiry_law",
                                           "us_federal")
            cfg = shop_settings.with_value(cfg, "stores.s2.expiry_law", "never")
            shop_settings.save(s, cfg, now=datetime.now(UTC))
        yield env


def _cards(env: LedgerEnv) -> int:
    with env.store.read() as s:
        return int(s.scalar(select(func.count(Card.id))) or 0)


def test_issue_route_refuses_an_expiry_against_the_stores_law(ledger: LedgerEnv) -> None:
    today = date.today()
    before = _cards(ledger)
    with ledger.client("t1") as api:  # store s1: US federal
        r = api.post("/v1/cards", json={"amount": 2500, "expires_on": str(today + timedelta(
            days=365))})
        assert r.status_code == 400 and r.json()["key"] == "expiry_against_law"
        assert "CARD Act" in r.json()["message"]
        assert _cards(ledger) == before  # nothing issued
        later = add_months(today, 61)
        r = api.post("/v1/cards", json={"amount": 2500, "expires_on": str(later)})
        assert r.status_code == 200, r.text
        assert r.json()["cards"][0]["expires_on"] == str(later)
        r = api.post("/v1/cards", json={"amount": 2500})  # no expiry: always lawful
        assert r.status_code == 200
    with ledger.client("t2") as api:  # store s2: cards may not expire
        r = api.post("/v1/cards", json={"amount": 2500, "expires_on": str(later)})
        assert r.status_code == 400 and r.json()["key"] == "expiry_against_law"
        assert "may not expire" in r.json()["message"]
    assert _cards(ledger) == before + 2


def test_a_load_through_the_ledger_extends_a_federal_expiry(ledger: LedgerEnv) -> None:
    today = date.today()
    svc = CardService(ledger.store)  # cards issued before the store opted in
    soon = today + timedelta(days=400)
    number = svc.issue(amount=1000, expires_on=soon)[0][0].number
    other = svc.issue(amount=1000, expires_on=soon)[0][0].number
    with ledger.client("t1") as api:
        r = api.post("/v1/cards/loads", json={"number": number, "amount": 500})
        assert r.status_code == 200, r.text
        assert r.json()["new_balance"] == 1500
    card = svc.balance(number=number)
    assert card.balance == 1500 and card.expires_on == add_months(today, 60)
    # A printed card sold (activated) today is issued today for the law.
    printed = svc.issue(amount=0, inactive=True, expires_on=soon)[0][0].number
    with ledger.client("t1") as api:
        r = api.post("/v1/cards/activate", json={"number": printed, "amount": 2000})
        assert r.status_code == 200, r.text
    assert svc.balance(number=printed).expires_on == add_months(today, 60)
    with ledger.client("t2") as api:  # store s2 has no federal rule: the terms stay
        r = api.post("/v1/cards/loads", json={"number": other, "amount": 500})
        assert r.status_code == 200, r.text
    assert svc.balance(number=other).expires_on == soon


def test_issue_from_a_program_on_the_ledger_follows_the_callers_law(
        ledger: LedgerEnv) -> None:
    """A till with a ledger sells program cards through POST /v1/programs/cards:
    a program whose expiry breaks the till's store's rule is refused there,
    as at a till alone, and nothing is issued."""
    with ledger.client("admin") as api:
        for code, months in (("yearly", 12), ("five", 60)):
            r = api.post("/v1/programs", json={"code": code, "title": code,
                                               "expiry_months": months})
            assert r.status_code == 200, r.text
    before = _cards(ledger)
    with ledger.client("t1") as api:  # store s1: US federal
        r = api.post("/v1/programs/cards", json={"program": "yearly", "amount": 2500})
        assert r.status_code == 400 and r.json()["key"] == "expiry_against_law", r.text
        r = api.post("/v1/programs/cards", json={"program": "five", "amount": 2500})
        assert r.status_code == 200, r.text
        assert r.json()["cards"][0]["expires_on"] == str(add_months(date.today(), 60))
    with ledger.client("t2") as api:  # store s2: cards may not expire
        r = api.post("/v1/programs/cards", json={"program": "five", "amount": 2500})
        assert r.status_code == 400 and r.json()["key"] == "expiry_against_law"
    assert _cards(ledger) == before + 1
