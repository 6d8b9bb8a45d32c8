"""Findings 15.5, 15.6, 15.7: the till's clock does not decide, text has
bounds, and ordinary (if odd) input gets a 4xx, never a 500. Each request is
what a careless or dishonest till would send; the card must not move."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select, update

from app.clock import as_aware
from app.store.schema import Card, Entry, Hold
from tests.integration.ledger.support import LedgerEnv, running_ledger


@pytest.fixture
def ledger(tmp_path: Path) -> Iterator[LedgerEnv]:
    with running_ledger(f"sqlite:///{tmp_path / 'ledger.db'}") as env:
        env.manager("mia", "s1")
        yield env


def _card(env: LedgerEnv, amount: int = 10_000, **more: Any) -> str:
    with env.client("admin") as c:
        r = c.post("/v1/cards", json={"amount": amount, **more})
        assert r.status_code == 200, r.text
        return str(r.json()["cards"][0]["number"])


def _balance(env: LedgerEnv, number: str) -> int:
    with env.client("t1") as c:
        return int(c.post("/v1/balance", json={"number": number}).json()["balance"])


def test_the_ledgers_clock_decides_online(ledger: LedgerEnv) -> None:
    yesterday = date.today() - timedelta(days=1)
    expired = _card(ledger, expires_on=(date.today() + timedelta(days=30)).isoformat())
    with ledger.store.transaction() as s:  # time passed: it expired three days ago
        s.execute(update(Card).where(Card.number == expired).values(
            expires_on=date.today() - timedelta(days=3)))
    live = _card(ledger)
    with ledger.client("t1") as c:
        # An expired card does not come back to life by a business day of 2020.
        r = c.post("/v1/cards/redemptions", json={
            "number": expired, "amount": 100, "capture": True, "business_date": "2020-01-01"})
        assert r.status_code == 400, r.text
        # A hold stamped 2099 expires by the ledger's time, not the till's.
        r = c.post("/v1/cards/redemptions", json={
            "number": live, "amount": 100, "terminal_time": "2099-01-01T00:00:00+00:00",
            "business_date": "2020-01-01"})
        assert r.status_code == 200, r.text
        held = r.json()
        # The day is the ledger's (the till's 2020 is not a report's day);
        # yesterday, within a day, is the till's to say.
        assert held["entry"]["business_date"] == date.today().isoformat() or \
            held["entry"]["business_date"] == datetime.now().astimezone().date().isoformat()
        late = c.post("/v1/cards/redemptions", json={
            "number": live, "amount": 100, "capture": True,
            "business_date": yesterday.isoformat()}).json()
        assert late["entry"]["business_date"] == yesterday.isoformat()
    with ledger.store.read() as s:
        h = s.get(Hold, held["id"])
        assert h is not None
        expires = as_aware(h.expires_at)
        assert expires < datetime.now(UTC) + timedelta(hours=1), expires
        e = s.scalars(select(Entry).where(Entry.id == held["id"])).one()
        assert as_aware(e.created_at).year == datetime.now(UTC).year


def test_text_fields_have_bounds(ledger: LedgerEnv) -> None:
    number = _card(ledger)
    with ledger.client("t1") as c, ledger.client("mia") as mia:
        for r in (c.post("/v1/balance", json={"number": "6" * 1_000}),
                  c.post("/v1/cards/loads", json={"number": number, "amount": 1,
                                                  "cashier": "x" * 65}),
                  mia.post("/v1/cards/adjustments", json={"number": number, "amount": 1,
                                                          "reason": "r" * 501}),
                  c.post("/v1/sync/push", json={"entries": [{
                      "id": str(uuid.uuid4()), "type": "redeem", "number": number,
                      "amount": -1, "approved_amount": 1, "offline": True,
                      "created_at": datetime.now(UTC).isoformat(), "reason": "r" * 5_000}]})):
            assert r.status_code == 400, r.text
            assert r.json()["key"] in ("invalid_request", "invalid_entry")
        # Five MB of reason is not even read.
        r = mia.post("/v1/cards/adjustments", json={"number": number, "amount": 1,
                                                    "reason": "r" * 5_000_000})
        assert (r.status_code, r.json()["key"]) == (413, "body_too_large")
    assert _balance(ledger, number) == 10_000


def test_odd_input_is_a_4xx_never_a_500(ledger: LedgerEnv) -> None:
    number = _card(ledger)
    with ledger.client("t1") as c, ledger.client("mia") as mia:
        for cursor in (str(2**63), "²", "-1", "1e3", "٣"):
            r = c.get("/v1/sync/pull", params={"cursor": cursor})
            assert r.status_code == 400, (cursor, r.text)
        r = mia.post("/v1/cards/transfer", json={"number": number, "amount": 10**40})
        assert r.status_code == 400, r.text
        for when in ("9999-12-31T23:50:00Z", "0001-01-01T00:00:00+14:00"):
            r = c.post("/v1/cards/redemptions", json={"number": number, "amount": 100,
                                                      "terminal_time": when})
            assert r.status_code < 500, (when, r.text)
            if r.status_code == 200:
                assert c.post(f"/v1/holds/{r.json()['id']}/release", json={}).status_code == 200
        # A pushed entry dated in year 9999 is refused as malformed (400), so
        # the till sends the rest one by one; it never 500s the batch.
        good = {"id": str(uuid.uuid4()), "type": "redeem", "number": number, "amount": -100,
                "approved_amount": 100, "requested_amount": 100, "offline": True,
                "created_at": datetime.now(UTC).isoformat()}
        bad = {**good, "id": str(uuid.uuid4()), "created_at": "9999-12-31T23:59:00+00:00"}
        r = c.post("/v1/sync/push", json={"entries": [good, bad]})
        assert (r.status_code, r.json()["key"]) == (400, "invalid_entry"), r.text
        assert c.post("/v1/sync/push", json={"entries": [good]}).json()["results"][0][
            "status"] == "applied"
    assert _balance(ledger, number) == 9_900
