"""`/v1/customers` against a real uvicorn server over a real SQLite file, with
the ledger's own auth, idempotency keys and error shape."""

from __future__ import annotations

import uuid

import httpx

from tests.integration.ledger.support import LedgerEnv


def _card(env: LedgerEnv, amount: int = 5000) -> str:
    with env.client("admin") as c:
        r = c.post("/v1/cards", json={"amount": amount})
        assert r.status_code == 200, r.text
        return str(r.json()["cards"][0]["number"])


def _customer(c: httpx.Client, name: str, phone: str) -> str:
    r = c.post("/v1/customers", json={"name": name, "phone": phone})
    assert r.status_code == 200, r.text
    return str(r.json()["customer"]["id"])


def test_customers_endpoints_end_to_end(ledger: LedgerEnv) -> None:
    assert httpx.get(f"{ledger.url}/v1/customers", params={"name": "a"}).status_code == 401
    spec = httpx.get(f"{ledger.url}/openapi.json").json()
    for path in ("/v1/customers", "/v1/customers/{customer_id}/cards",
                 "/v1/customers/{customer_id}/cards/{saved_id}/shares",
                 "/v1/customers/{customer_id}/shares/{share_id}/revoke",
                 "/v1/customers/{customer_id}/gifts"):
        assert path in spec["paths"], path
    number = _card(ledger, 5000)
    with ledger.client("t1") as c:
        # create is idempotent by Idempotency-Key; a different body under it is 409
        key = {"Idempotency-Key": "create-ann-1"}
        r1 = c.post("/v1/customers", json={"name": "Ann Lee", "phone": "555 010 2030"},
                    headers=key)
        r2 = c.post("/v1/customers", json={"name": "Ann Lee", "phone": "555 010 2030"},
                    headers=key)
        assert r1.status_code == r2.status_code == 200 and r1.json() == r2.json()
        r = c.post("/v1/customers", json={"name": "Someone", "phone": "5550000000"},
                   headers=key)
        assert r.status_code == 409 and r.json()["key"] == "idempotency_conflict"
        ann = r1.json()["customer"]["id"]
        bob = _customer(c, "Bob Roy", "5557778888")
        found = c.get("/v1/customers", params={"phone": "2030"}).json()["customers"]
        assert [f["id"] for f in found] == [ann]
        r = c.post("/v1/customers", json={"name": "X", "phone": "1"})
        assert r.status_code == 400 and r.json()["key"] == "invalid_phone"
        r = c.post("/v1/customers", json={"name": "X", "phone": "5551112222", "typo": 1})
        assert r.status_code == 400 and r.json()["key"] == "invalid_request"

        # save: masked in the answer, balance listed
        r = c.post(f"/v1/customers/{ann}/cards", json={"number": number})
        assert r.status_code == 200, r.text
        saved = r.json()["saved_card"]
        assert saved["card"] == f"•••• {number[-4:]}" and number not in r.text
        assert saved["preferred"] and saved["balance"] == 5000
        r = c.post(f"/v1/customers/{bob}/cards", json={"number": number})
        assert r.status_code == 400 and r.json()["key"] == "card_saved_elsewhere"

        # share, used by Bob, revoked by Ann
        r = c.post(f"/v1/customers/{ann}/cards/{saved['id']}/shares",
                   json={"with_customer": bob})
        assert r.status_code == 200, r.text
        share = r.json()["share"]
        bobs = c.get(f"/v1/customers/{bob}/cards").json()["cards"]
        assert [(b["role"], b["owner_id"]) for b in bobs] == [("SHARED", ann)]
        r = c.post(f"/v1/customers/{bob}/shares/{share['id']}/revoke", json={})
        assert r.status_code == 404 and r.json()["key"] == "share_not_found"
        r = c.post(f"/v1/customers/{ann}/shares/{share['id']}/revoke", json={})
        assert r.status_code == 200 and r.json()["share"]["revoked"]
        assert c.get(f"/v1/customers/{bob}/cards").json()["cards"] == []

        # preferred
        second = c.post(f"/v1/customers/{ann}/cards",
                        json={"number": _card(ledger, 700)}).json()["saved_card"]
        r = c.post(f"/v1/customers/{ann}/cards/{second['id']}/preferred", json={})
        assert r.status_code == 200 and r.json()["saved_card"]["preferred"]
        cards = c.get(f"/v1/customers/{ann}").json()["cards"]
        assert [(x["id"], x["preferred"]) for x in cards] == [(second["id"], True),
                                                               (saved["id"], False)]

        # gift a new card funded by a payment; the one answer with a full number
        gkey = {"Idempotency-Key": str(uuid.uuid4())}
        body = {"recipient": bob, "amount": 2500, "source_transaction_id": "SALE-9"}
        g1 = c.post(f"/v1/customers/{ann}/gifts", json=body, headers=gkey)
        g2 = c.post(f"/v1/customers/{ann}/gifts", json=body, headers=gkey)
        assert g1.status_code == 200, g1.text
        assert g1.json() == g2.json()  # one card, whatever the retries
        new_number = g1.json()["new_card_number"]
        r = c.post(f"/v1/customers/{ann}/gifts", json={"recipient": bob, "amount": 100})
        assert r.status_code == 400 and r.json()["key"] == "source_required"
        # hand over an existing saved card: no payment, no amount
        r = c.post(f"/v1/customers/{ann}/gifts",
                   json={"recipient": bob, "saved_card_id": saved["id"], "number": number})
        assert r.status_code == 200 and r.json()["gift"]["mode"] == "EXISTING"
        assert "new_card_number" not in r.json()
        bobs = c.get(f"/v1/customers/{bob}/cards").json()["cards"]
        assert sorted((b["last4"], b["balance"], b["role"]) for b in bobs) == sorted(
            [(new_number[-4:], 2500, "OWNER"), (number[-4:], 5000, "OWNER")])
        assert c.post("/v1/balance", json={"number": new_number}).json()["balance"] == 2500


def test_payment_card_answers_the_number_and_is_rate_limited(tmp_path: object) -> None:
    from app.ledger.service import LedgerSettings
    from tests.integration.ledger.support import ledger_on

    with ledger_on("sqlite", tmp_path,
                   settings=LedgerSettings(key_lookups_per_minute=3)) as env:
        number = _card(env, 1000)
        with env.client("t1") as c:
            ann = _customer(c, "Ann", "5550102030")
            saved = c.post(f"/v1/customers/{ann}/cards", json={"number": number}).json()
            r = c.get(f"/v1/customers/{ann}/payment-card")
            assert r.status_code == 200 and r.json()["number"] == number
            assert r.json()["saved_card"]["id"] == saved["saved_card"]["id"]
            c.get(f"/v1/customers/{ann}/payment-card",
                  params={"saved_card_id": saved["saved_card"]["id"]})
            c.get(f"/v1/customers/{ann}/payment-card")
            r = c.get(f"/v1/customers/{ann}/payment-card")
            assert r.status_code == 429 and r.json()["key"] == "rate_limited"
