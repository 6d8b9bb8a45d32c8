"""Issue 13 item 8: one payment funds one gift card. A gift funded again by the
same `source_transaction_id` (a retry under a new Idempotency-Key, another
till) answers the first gift, over HTTP against a real uvicorn ledger."""

from __future__ import annotations

import uuid

from tests.integration.ledger.support import LedgerEnv


def _customer(c, name: str, phone: str) -> str:  # type: ignore[no-untyped-def]
    r = c.post("/v1/customers", json={"name": name, "phone": phone})
    assert r.status_code == 200, r.text
    return str(r.json()["customer"]["id"])


def _liability(env: LedgerEnv) -> int:
    with env.client("admin") as c:
        rows = c.get("/v1/reports/liability").json()["rows"]
    return sum(int(r["outstanding"]) for r in rows)


def test_a_payment_funds_one_gift_card(ledger: LedgerEnv) -> None:
    with ledger.client("t1") as c:
        ann = _customer(c, "Ann Lee", "5550102030")
        bob = _customer(c, "Bob Roy", "5557778888")
        body = {"recipient": bob, "amount": 2500, "source_transaction_id": "ORDER-77"}
        first = c.post(f"/v1/customers/{ann}/gifts", json=body,
                       headers={"Idempotency-Key": str(uuid.uuid4())})
        assert first.status_code == 200, first.text
        again = c.post(f"/v1/customers/{ann}/gifts", json=body,
                       headers={"Idempotency-Key": str(uuid.uuid4())})
        assert again.status_code == 200, again.text
        assert again.json()["gift"]["id"] == first.json()["gift"]["id"]
        assert again.json()["gift"]["card"] == first.json()["gift"]["card"]
        # the same payment for another amount is refused, nothing issued
        other = c.post(f"/v1/customers/{ann}/gifts",
                       json={**body, "amount": 9900},
                       headers={"Idempotency-Key": str(uuid.uuid4())})
        assert other.status_code == 409 and other.json()["key"] == "source_already_used"
        bobs = c.get(f"/v1/customers/{bob}/cards").json()["cards"]
    assert [b["balance"] for b in bobs] == [2500]
    assert _liability(ledger) == 2500
