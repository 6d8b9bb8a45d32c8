"""Findings 15.4 (customer look-ups limited and audited) and 15.10 (reusing
another till's entry id does not answer that till's stored result): the
requests a dishonest till would send, the refusal, and nothing learned."""

from __future__ import annotations

import logging
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest

from app.ledger.routes.customers import TILL_FOUND
from app.ledger.service import LedgerSettings
from tests.integration.ledger.support import LedgerEnv, running_ledger

PER_MINUTE = 5


@pytest.fixture
def ledger(tmp_path: Path) -> Iterator[LedgerEnv]:
    settings = LedgerSettings(key_lookups_per_minute=PER_MINUTE)
    with running_ledger(f"sqlite:///{tmp_path / 'ledger.db'}", settings=settings) as env:
        env.manager("mia", "s1")
        yield env


def test_reusing_another_tills_entry_id_answers_nothing_of_it(ledger: LedgerEnv) -> None:
    with ledger.client("admin") as c:
        number = c.post("/v1/cards", json={"amount": 5_000}).json()["cards"][0]["number"]
    eid, sale = str(uuid.uuid4()), str(uuid.uuid4())
    body = {"number": number, "amount": 700, "capture": True, "cashier": "ann",
            "sale_id": sale}
    with ledger.client("t1") as t1:
        assert t1.post("/v1/cards/redemptions", json=body,
                       headers={"Idempotency-Key": eid}).status_code == 200
    with ledger.client("t2") as t2:  # the same request under t1's id
        r = t2.post("/v1/cards/redemptions", json=body, headers={"Idempotency-Key": eid})
        assert (r.status_code, r.json()["key"]) == (409, "id_in_use"), r.text
        assert "ann" not in r.text and sale not in r.text
    with ledger.client("t1") as t1:  # t1's own retry still answers the first result
        again = t1.post("/v1/cards/redemptions", json=body, headers={"Idempotency-Key": eid})
        assert again.status_code == 200 and again.json()["new_balance"] == 4_300


def test_customer_searches_are_limited_and_audited(ledger: LedgerEnv,
                                                    caplog: pytest.LogCaptureFixture) -> None:
    with ledger.client("mia") as mia:
        for i in range(TILL_FOUND + 5):
            assert mia.post("/v1/customers", json={
                "name": f"Ann Lee {i:02d}", "phone": f"555 010 {i:04d}"}).status_code == 200
    caplog.set_level(logging.INFO, logger="giftpos.audit.customers")
    with ledger.client("t1") as t1:
        first = t1.get("/v1/customers", params={"name": "ann", "limit": 50})
        assert first.status_code == 200 and len(first.json()["customers"]) == TILL_FOUND
        codes = [t1.get("/v1/customers", params={"phone": f"{i:04d}"}).status_code
                 for i in range(PER_MINUTE)]
        assert codes[:PER_MINUTE - 1] == [200] * (PER_MINUTE - 1)
        assert codes[-1] == 429  # the allowance is spent: no more names this minute
    with ledger.client("mia") as mia:  # a manager reads more people
        assert len(mia.get("/v1/customers", params={"name": "ann", "limit": 50})
                   .json()["customers"]) == TILL_FOUND + 5
    lines = [r.getMessage() for r in caplog.records if r.name == "giftpos.audit.customers"]
    assert any(line.startswith("customer search by t1 (store s1") and
               line.endswith(f"{TILL_FOUND} found") for line in lines), lines
    assert not any("0102" in line for line in lines)  # no phone number in the log
