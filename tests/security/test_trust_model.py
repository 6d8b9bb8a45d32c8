"""Finding 15.4: a till's token is a till's, not a chain-wide manager's.
Each test sends what a dishonest till of another store would send, and
checks the refusal and that nothing moved; then the one who may, does.
The model is written down in docs/security.md."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest

from app.errors import ValidationError
from app.ledger.auth import add_token
from tests.integration.ledger.support import LedgerEnv, running_ledger


@pytest.fixture
def ledger(tmp_path: Path) -> Iterator[LedgerEnv]:
    with running_ledger(f"sqlite:///{tmp_path / 'ledger.db'}") as env:
        env.enroll("t3", "s1")  # a second till of t1's store
        env.manager("mia", "s1")  # store s1's manager
        env.manager("bob", "s2")  # store s2's manager
        yield env


def _card(env: LedgerEnv, amount: int = 10_000) -> str:
    with env.client("admin") as c:
        return str(c.post("/v1/cards", json={"amount": amount}).json()["cards"][0]["number"])


def _balance(env: LedgerEnv, number: str) -> tuple[int, str]:
    with env.client("t1") as c:
        d = c.post("/v1/balance", json={"number": number}).json()
        return int(d["balance"]), str(d["status"])


def _post(c: httpx.Client, path: str, body: dict[str, Any]) -> httpx.Response:
    return c.post(path, json=body, headers={"Idempotency-Key": str(uuid.uuid4())})


def test_another_stores_till_cannot_resolve_this_tills_entries(ledger: LedgerEnv) -> None:
    number = _card(ledger)
    with ledger.client("t1") as t1:
        sale = _post(t1, "/v1/cards/redemptions",
                     {"number": number, "amount": 2_000, "capture": True}).json()
        hold = _post(t1, "/v1/cards/redemptions", {"number": number, "amount": 1_000}).json()
    before = _balance(ledger, number)
    assert before == (7_000, "ACTIVE")
    with ledger.client("t2") as t2:  # store s2's till, with its own valid token
        for path, body in ((f"/v1/entries/{sale['id']}/void", {}),
                           (f"/v1/entries/{sale['id']}/refund", {"amount": 2_000}),
                           (f"/v1/holds/{hold['id']}/capture", {}),
                           (f"/v1/holds/{hold['id']}/release", {}),
                           (f"/v1/entries/{hold['id']}/void", {"in_doubt": True})):
            r = _post(t2, path, body)
            assert (r.status_code, r.json()["key"]) == (403, "not_your_entry"), (path, r.text)
    with ledger.client("bob") as bob:  # a manager, but of the other store
        r = _post(bob, f"/v1/entries/{sale['id']}/void", {})
        assert (r.status_code, r.json()["key"]) == (403, "not_your_entry")
    assert _balance(ledger, number) == before
    # The hold is still t1's to capture: the other till's in-doubt void did
    # not release it or tombstone anything.
    with ledger.client("t1") as t1:
        cap = _post(t1, f"/v1/holds/{hold['id']}/capture", {})
        assert cap.status_code == 200 and cap.json()["amount"] == 1_000
    # A refund is the store's: t1's neighbour till refunds part of the sale.
    with ledger.client("t3") as t3:
        r = _post(t3, f"/v1/entries/{sale['id']}/refund", {"amount": 500})
        assert r.status_code == 200 and r.json()["new_balance"] == 7_500
        r = _post(t3, f"/v1/entries/{sale['id']}/void", {})  # a void is the till's own
        assert (r.status_code, r.json()["key"]) == (403, "not_your_entry")
    with ledger.client("mia") as mia:  # s1's manager may
        r = _post(mia, f"/v1/entries/{cap.json()['id']}/void", {})
        assert r.status_code == 200, r.text
    assert _balance(ledger, number) == (8_500, "ACTIVE")


def test_repairs_transfers_and_combines_need_a_managers_own_token(ledger: LedgerEnv) -> None:
    a, b = _card(ledger, 3_000), _card(ledger, 4_000)
    attempts = (("/v1/cards/transfer", {"number": a, "deactivate_source": True}),
                ("/v1/cards/combine", {"sources": [a], "target": b}),
                ("/v1/cards/adjustments", {"number": a, "amount": 100_000, "reason": "x"}),
                ("/v1/cards/status", {"number": b, "status": "FROZEN", "reason": "x"}))
    with ledger.client("t1") as t1:
        for path, body in attempts:
            r = _post(t1, path, body)
            assert (r.status_code, r.json()["key"]) == (403, "manager_only"), (path, r.text)
    assert _balance(ledger, a) == (3_000, "ACTIVE") and _balance(ledger, b) == (4_000, "ACTIVE")
    with ledger.client("mia") as mia:
        r = _post(mia, "/v1/cards/combine", {"sources": [a], "target": b})
        assert r.status_code == 200 and r.json()["new_balance"] == 7_000
        # The entry names the manager who did it, as the ledger knows her.
        assert r.json()["entry"]["terminal"] == "mia"
    # A manager's token is one person's: a second one under the name is refused.
    with pytest.raises(ValidationError) as err:
        add_token(ledger.store, role="manager", name="mia", store_id="s1")
    assert err.value.key == "already_enrolled"


def test_a_refusal_reaches_a_german_till_in_german(ledger: LedgerEnv) -> None:
    """The ledger's refusals of a caller travel as a key and its values, so
    the till words them in its own language (issue 13 item 11)."""
    from app.domain import OpContext
    from app.errors import GiftposError
    from app.messages import words
    from app.sync.client import LedgerClient

    number = _card(ledger)
    with ledger.client("t1") as t1:
        sale = _post(t1, "/v1/cards/redemptions",
                     {"number": number, "amount": 2_000, "capture": True}).json()
    client = LedgerClient(ledger.url, ledger.tokens["t2"], timeout_s=10)
    try:
        with pytest.raises(GiftposError) as info:
            client.void(original_id=sale["id"], entry_id=str(uuid.uuid4()),
                        ctx=OpContext(terminal="t2", store="s2"))
    finally:
        client.close()
    refusal = info.value
    assert refusal.key == "not_your_entry"
    assert refusal.message == ("This entry was made by another till (t1); only that till "
                               "or a manager of store s1 may void it.")
    german = words(refusal, "de_DE")
    assert german.startswith("Diese Buchung stammt von einer anderen Kasse (t1)"), german
    assert german.endswith("Filialleitung von Filiale s1 darf diese Buchung stornieren."), german
    assert words(refusal, "es_ES").endswith("puede anular este movimiento.")
