"""Finding 15.4 (the rest): a customer's saved card goes to someone else only
with the owner's consent (from a till, the card the owner holds is read; a
manager's own token may do it), and a store's manager token repairs only its
store's cards, the journal naming the person. The requests a dishonest till
or another store's manager would send, the refusal, and nothing moved."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.integration.ledger.support import LedgerEnv, running_ledger


@pytest.fixture
def ledger(tmp_path: Path) -> Iterator[LedgerEnv]:
    with running_ledger(f"sqlite:///{tmp_path / 'ledger.db'}") as env:
        env.manager("mia", "s1")
        env.manager("sam", "s2")
        yield env


def _balance(env: LedgerEnv, number: str) -> int:
    with env.client("admin") as c:
        return int(c.post("/v1/balance", json={"number": number}).json()["balance"])


def test_another_stores_manager_cannot_repair_this_stores_cards(ledger: LedgerEnv) -> None:
    with ledger.client("t2") as t2:  # store s2's till sells the card
        r = t2.post("/v1/cards", json={"amount": 5_000})
        assert r.status_code == 200, r.text
        number = r.json()["cards"][0]["number"]
    with ledger.client("mia") as mia:  # store s1's manager
        for path, body in (
                ("/v1/cards/adjustments", {"number": number, "amount": 90_000,
                                           "reason": "x"}),
                ("/v1/cards/transfer", {"number": number}),
                ("/v1/cards/status", {"number": number, "status": "CANCELLED",
                                      "reason": "x"})):
            r = mia.post(path, json=body)
            assert (r.status_code, r.json()["key"]) == (403, "not_your_store"), (path, r.text)
    assert _balance(ledger, number) == 5_000
    with ledger.client("sam") as sam:  # s2's own manager may, and is named
        r = sam.post("/v1/cards/adjustments", json={"number": number, "amount": -500,
                                                    "reason": "damaged"})
        assert r.status_code == 200, r.text
        history = sam.post("/v1/cards/lookup", json={"number": number}).json()["history"]
    assert _balance(ledger, number) == 4_500
    assert history[0]["type"] == "adjust" and history[0]["terminal"] == "sam"


def test_a_saved_card_is_given_away_only_with_its_owners_consent(ledger: LedgerEnv) -> None:
    with ledger.client("admin") as c:
        number = c.post("/v1/cards", json={"amount": 5_000}).json()["cards"][0]["number"]
        other = c.post("/v1/cards", json={"amount": 100}).json()["cards"][0]["number"]
    with ledger.client("t1") as t1:
        ann = t1.post("/v1/customers", json={"name": "Ann Lee", "phone": "5550102030"}
                      ).json()["customer"]["id"]
        eve = t1.post("/v1/customers", json={"name": "Eve Roe", "phone": "5550109999"}
                      ).json()["customer"]["id"]
        saved = t1.post(f"/v1/customers/{ann}/cards", json={"number": number}
                        ).json()["saved_card"]["id"]
        # The dishonest till: Ann's card to Eve, without the card, or with another.
        for extra in ({}, {"number": other}):
            r = t1.post(f"/v1/customers/{ann}/gifts",
                        json={"recipient": eve, "saved_card_id": saved, **extra})
            assert (r.status_code, r.json()["key"]) == (403, "owner_consent_required"), r.text
        assert t1.get(f"/v1/customers/{eve}/cards").json()["cards"] == []
        assert [c["id"] for c in t1.get(f"/v1/customers/{ann}/cards").json()["cards"]] == [
            saved]
        # Ann at the counter with her card: the till reads it.
        r = t1.post(f"/v1/customers/{ann}/gifts",
                    json={"recipient": eve, "saved_card_id": saved, "number": number})
        assert r.status_code == 200, r.text
        assert [c["last4"] for c in t1.get(f"/v1/customers/{eve}/cards").json()["cards"]] == [
            number[-4:]]
