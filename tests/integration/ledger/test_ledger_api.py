"""Every ledger endpoint against a real uvicorn server over a real SQLite file."""

from __future__ import annotations

import uuid
from datetime import date, datetime, timedelta

import httpx
import pytest

from app.errors import ValidationError
from app.ledger.auth import revoke
from app.ops.queries import mismatched_balances
from tests.integration.ledger.support import LedgerEnv

# The till's business day counts within a day of the ledger's (docs/security.md).
DAY = (datetime.now().astimezone().date() - timedelta(days=1)).isoformat()

def _issue(env: LedgerEnv, amount: int = 10_000, **kw: object) -> str:
    with env.client("admin") as c:
        r = c.post("/v1/cards", json={"amount": amount, **kw})
        assert r.status_code == 200, r.text
        return str(r.json()["cards"][0]["number"])


def test_health_needs_no_token_and_openapi_lists_every_route(ledger: LedgerEnv) -> None:
    r = httpx.get(f"{ledger.url}/v1/health")
    assert r.status_code == 200 and r.json()["status"] == "ok"
    spec = httpx.get(f"{ledger.url}/openapi.json").json()
    for path in ("/v1/cards", "/v1/balance", "/v1/cards/redemptions",
                 "/v1/holds/{hold_id}/capture", "/v1/sync/push", "/v1/sync/pull",
                 "/v1/reports/exceptions", "/v1/reports/day", "/v1/cards/combine"):
        assert path in spec["paths"], path


def test_auth_failures_are_401_and_403(ledger: LedgerEnv) -> None:
    number = _issue(ledger)
    r = httpx.post(f"{ledger.url}/v1/balance", json={"number": number})
    assert r.status_code == 401 and r.json()["key"] == "token_missing"
    r = httpx.post(f"{ledger.url}/v1/balance", json={"number": number},
                  headers={"Authorization": "Bearer nope"})
    assert r.status_code == 401 and r.json()["key"] == "token_invalid"
    with ledger.client("t1") as c:
        assert c.post("/v1/cards", json={"count": 5}).status_code == 403
        r = c.post("/v1/cards/adjustments", json={"number": number, "amount": 100, "reason": "x"})
        assert r.status_code == 403 and r.json()["key"] == "manager_only"
        assert c.post("/v1/cards/status",
                      json={"number": number, "status": "FROZEN"}).status_code == 403
        assert c.get("/v1/reports/liability").status_code == 403
        # A terminal may sell (issue) a single card.
        assert c.post("/v1/cards", json={"amount": 500}).status_code == 200
    revoke(ledger.store, name="t1")
    with ledger.client("t1") as c:
        assert c.post("/v1/balance", json={"number": number}).status_code == 401
    with pytest.raises(ValidationError):  # t2 is still enrolled
        ledger.enroll("t2")
    ledger.enroll("t1", "s9")  # a revoked terminal comes back with a new token
    with ledger.client("t1") as c:
        assert c.post("/v1/balance", json={"number": number}).status_code == 200


def test_balance_by_number_or_key_exactly_one(ledger: LedgerEnv) -> None:
    with ledger.client("admin") as c:
        r = c.post("/v1/cards", json={"count": 2, "amount": 2500, "with_key": True})
        assert r.status_code == 200
        cards = r.json()["cards"]
    number, key = cards[0]["number"], cards[0]["key"]
    with ledger.client("t1") as c:
        assert c.post("/v1/balance", json={"number": number}).json()["balance"] == 2500
        alone = c.post("/v1/balance", json={"key": key})  # a key finds no card (15.8)
        assert alone.status_code == 400 and alone.json()["key"] == "number_required"
        both = c.post("/v1/balance", json={"number": number, "key": key})
        assert both.status_code == 200 and both.json()["balance"] == 2500
        neither = c.post("/v1/balance", json={})
        assert neither.status_code == 400 and neither.json()["key"] == "number_or_key"
        missing = c.post("/v1/balance", json={"number": "6000000000000000"})
        assert missing.status_code == 404 and missing.json()["key"] == "card_not_found"


def test_key_lookups_are_rate_limited_per_terminal(tmp_path: object) -> None:
    from app.ledger.service import LedgerSettings
    from tests.integration.ledger.support import ledger_on

    with ledger_on("sqlite", tmp_path, settings=LedgerSettings(key_lookups_per_minute=3)) as env:
        with env.client("t1") as c:
            codes = [c.post("/v1/balance", json={"number": "6000000000000000",
                                                 "key": f"guess{i}"}).status_code
                     for i in range(5)]
        assert codes[:3] == [404, 404, 404] and codes[3:] == [429, 429]
        with env.client("t2") as c:  # another terminal has its own budget
            assert c.post("/v1/balance", json={"number": "6000000000000000",
                                               "key": "guess"}).status_code == 404


def test_hold_capture_and_partial_redemption(ledger: LedgerEnv) -> None:
    number = _issue(ledger, 5000)
    with ledger.client("t1") as c:
        r = c.post("/v1/cards/redemptions",
                   json={"number": number,
                         "amount": 3000, "cashier": "ann", "sale_id": str(uuid.uuid4()),
                         "business_date": DAY, "terminal_time": f"{DAY}T22:00:00+00:00"})
        assert r.status_code == 200, r.text
        held = r.json()
        assert (held["status"], held["amount"], held["previous_balance"],
                held["new_balance"]) == ("HELD", 3000, 5000, 2000)
        assert held["entry"]["terminal"] == "t1" and held["entry"]["store"] == "s1"
        assert held["entry"]["cashier"] == "ann"
        assert held["entry"]["business_date"] == DAY
        assert held["entry"]["posted_at"] is not None
        cap = c.post(f"/v1/holds/{held['id']}/capture", json={"amount": 2500})
        assert cap.status_code == 200 and cap.json()["new_balance"] == 2500
        again = c.post(f"/v1/holds/{held['id']}/capture", json={})
        assert again.status_code == 400 and again.json()["key"] == "hold_not_open"
        too_much = c.post("/v1/cards/redemptions", json={"number": number, "amount": 4000,
                                                         "capture": True})
        body = too_much.json()
        assert too_much.status_code == 400 and body["key"] == "gift_amount_exceeded"
        assert body["details"].endswith(number[-4:]) and number not in body["details"]
        part = c.post("/v1/cards/redemptions",
                      json={"number": number,
                            "amount": 4000, "capture": True, "partial": True}).json()
        assert (part["status"], part["amount"], part["remaining_due"],
                part["partial"], part["new_balance"]) == ("CAPTURED", 2500, 1500, True, 0)


def test_release_void_refund_load_activate(ledger: LedgerEnv) -> None:
    number = _issue(ledger, 5000)
    fresh = _issue(ledger, 0, inactive=True)
    with ledger.client("t1") as c:
        hold = c.post("/v1/cards/redemptions", json={"number": number, "amount": 1000}).json()
        rel = c.post(f"/v1/holds/{hold['id']}/release", json={})
        assert rel.status_code == 200 and rel.json()["new_balance"] == 5000
        sale = c.post("/v1/cards/redemptions",
                      json={"number": number, "amount": 2000, "capture": True}).json()
        ref = c.post(f"/v1/entries/{sale['id']}/refund", json={"amount": 500})
        assert ref.status_code == 200 and ref.json()["new_balance"] == 3500
        over = c.post(f"/v1/entries/{sale['id']}/refund", json={"amount": 5000})
        assert over.json()["key"] == "refund_exceeds_original"
        load = c.post("/v1/cards/loads", json={"number": number, "amount": 1500}).json()
        void = c.post(f"/v1/entries/{load['id']}/void", json={"reason": "wrong card"})
        assert void.status_code == 200 and void.json()["new_balance"] == 3500
        act = c.post("/v1/cards/activate", json={"number": fresh, "amount": 2000})
        assert act.status_code == 200 and act.json()["card_status"] == "ACTIVE"
        assert c.post("/v1/cards/loads",
                      json={"number": number, "amount": "10.00"}).json()["key"] == "invalid_request"


def test_admin_adjust_status_transfer_combine(ledger: LedgerEnv) -> None:
    a, b, t = _issue(ledger, 1000), _issue(ledger, 2000), _issue(ledger, 500)
    with ledger.client("admin") as c:
        r = c.post("/v1/cards/adjustments", json={"number": a, "amount": -300, "reason": "count"})
        assert r.status_code == 200 and r.json()["new_balance"] == 700
        r = c.post("/v1/cards/status", json={"number": a, "status": "FROZEN", "reason": "lost"})
        assert r.json()["card_status"] == "FROZEN"
        r = c.post("/v1/cards/status", json={"number": a, "status": "ACTIVE"})
        assert r.json()["card_status"] == "ACTIVE"
    with ledger.client("admin") as c:  # a manager's: not a till's (docs/security.md)
        r = c.post("/v1/cards/transfer", json={"number": a, "deactivate_source": True}).json()
        new_card = r["related"]["new_card"]
        assert new_card["balance"] == 700 and r["card_status"] == "CANCELLED"
        r = c.post("/v1/cards/combine", json={"sources": [b], "target": t})
        assert r.status_code == 200 and r.json()["new_balance"] == 2500
        hist = c.post("/v1/cards/lookup", json={"number": t, "limit": 1}).json()
        assert len(hist["history"]) == 1 and hist["next"] is not None
        older = c.post("/v1/cards/lookup", json={"number": t, "after": hist["next"]}).json()
        assert [h["type"] for h in older["history"]] == ["issue"]
        for bad in (10**30, -1):  # found by the schemathesis fuzz: was a 500
            r = c.post("/v1/cards/lookup", json={"number": t, "after": bad})
            assert r.status_code == 400 and r.json()["key"] == "invalid_request"


def test_idempotent_retry_and_409_on_reused_key(ledger: LedgerEnv) -> None:
    number = _issue(ledger, 5000)
    key = str(uuid.uuid4())
    with ledger.client("t1") as c:
        first = c.post("/v1/cards/redemptions", json={"number": number,
                                                      "amount": 1200, "capture": True},
                       headers={"Idempotency-Key": key})
        retry = c.post("/v1/cards/redemptions", json={"number": number,
                                                      "amount": 1200, "capture": True},
                       headers={"Idempotency-Key": key})
        assert first.status_code == retry.status_code == 200
        assert first.json() == retry.json() and first.json()["id"] == key
        other = c.post("/v1/cards/redemptions", json={"number": number,
                                                      "amount": 1300, "capture": True},
                       headers={"Idempotency-Key": key})
        assert other.status_code == 409 and other.json()["key"] == "idempotency_conflict"
        # The id in the body is a key too; a non-UUID key works as well.
        body_id = str(uuid.uuid4())
        for _ in range(2):
            r = c.post("/v1/cards/loads", json={"number": number, "amount": 100, "id": body_id})
            assert r.json()["id"] == body_id
        for _ in range(2):
            r = c.post("/v1/cards/loads", json={"number": number, "amount": 100},
                       headers={"Idempotency-Key": "till-1/sale-42/load"})
            assert r.status_code == 200
        assert c.post("/v1/balance", json={"number": number}).json()["balance"] == 4000
        # A decline is an answer too: the retry gets it back unchanged.
        k2 = str(uuid.uuid4())
        d1 = c.post("/v1/cards/redemptions", json={"number": number, "amount": 9000},
                    headers={"Idempotency-Key": k2})
    with ledger.client("admin") as a:
        a.post("/v1/cards/adjustments", json={"number": number, "amount": 6000, "reason": "top up"})
    with ledger.client("t1") as c:
        d2 = c.post("/v1/cards/redemptions", json={"number": number, "amount": 9000},
                    headers={"Idempotency-Key": k2})
    assert d1.status_code == d2.status_code == 400 and d1.json() == d2.json()
    with ledger.store.read() as s:
        assert mismatched_balances(s) == []


def test_issue_retry_does_not_show_keys_again(ledger: LedgerEnv) -> None:
    with ledger.client("admin") as c:
        hdr = {"Idempotency-Key": str(uuid.uuid4())}
        first = c.post("/v1/cards", json={"count": 2, "with_key": True}, headers=hdr).json()
        retry = c.post("/v1/cards", json={"count": 2, "with_key": True}, headers=hdr).json()
    assert all("key" in x for x in first["cards"])
    assert [x["number"] for x in retry["cards"]] == [x["number"] for x in first["cards"]]
    assert all("key" not in x for x in retry["cards"])


def test_reports(ledger: LedgerEnv) -> None:
    number = _issue(ledger, 5000, program="xmas")
    with ledger.client("t1") as c:
        c.post("/v1/cards/redemptions",
               json={"number": number, "amount": 1000, "capture": True, "business_date": DAY})
    with ledger.client("admin") as c:
        rows = c.get("/v1/reports/liability").json()["rows"]
        xmas = next(r for r in rows if r["program"] == "xmas")
        assert xmas["outstanding"] == 4000 and xmas["currency"] == "USD"
        day = c.get("/v1/reports/day", params={"date": DAY}).json()
        assert day["rows"] == [{"store": "s1", "terminal": "t1", "type": "redeem",
                                "currency": "USD", "count": 1, "net": -1000,
                                "amount": 1000}]
        assert c.get("/v1/reports/day", params={"date": "nope"}).status_code == 400
        exc = c.get("/v1/reports/exceptions").json()
        assert exc == {"flagged_cards": [], "rejected": []}
        assert date.fromisoformat(day["date"]) == date.fromisoformat(DAY)
