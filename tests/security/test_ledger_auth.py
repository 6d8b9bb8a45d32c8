"""Who may call what: every route the ledger publishes in /openapi.json
refuses a missing, a malformed, a wrong and a revoked token; the manager-only
ones refuse a terminal's token; tokens, keys and PINs are stored hashed; key
lookups are rate-limited per terminal; wrong PINs lock a person out; the
audit trail names who asked and who approved."""

from __future__ import annotations

import hashlib
import uuid
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

import httpx
import pytest
from sqlalchemy import select

from app.errors import AuthError, RateLimited
from app.ledger.auth import enroll, revoke
from app.ledger.schema import Principal
from app.ledger.service import LedgerSettings
from app.staff.schema import StaffRow
from app.staff.service import StaffService
from app.staff.throttle import ThrottlePolicy
from app.store.schema import Card
from tests.integration.ledger.support import LedgerEnv, running_ledger

OPEN = {("get", "/v1/health")}
# Routes a terminal's token must not open (a manager's admin token only).
MANAGER_ONLY: dict[tuple[str, str], dict[str, Any] | None] = {
    ("post", "/v1/cards/adjustments"): {"number": "{number}", "amount": 100, "reason": "test"},
    ("post", "/v1/cards/transfer"): {"number": "{number}", "amount": 1},
    ("post", "/v1/cards/status"): {"number": "{number}", "status": "FROZEN", "reason": "t"},
    ("get", "/v1/reports/liability"): None,
    ("get", "/v1/reports/exceptions"): None,
    ("get", "/v1/reports/day"): None,
    ("get", "/v1/reports/sync"): None,
}
KEY_LIMIT = 5


@pytest.fixture
def ledger(tmp_path: Path) -> Iterator[LedgerEnv]:
    settings = LedgerSettings(key_lookups_per_minute=KEY_LIMIT)
    with running_ledger(f"sqlite:///{tmp_path / 'ledger.db'}", settings=settings) as env:
        yield env


def _routes(env: LedgerEnv) -> list[tuple[str, str]]:
    spec = httpx.get(f"{env.url}/openapi.json", timeout=30).json()
    return [(m, p) for p, ops in spec["paths"].items() for m in ops
            if m in ("get", "post", "put", "patch", "delete")]


def _fill(path: str, number: str) -> str:
    out = path.replace("{number}", number)
    while "{" in out:
        start, end = out.index("{"), out.index("}")
        out = out[:start] + str(uuid.uuid4()) + out[end + 1:]
    return out


_HTTP: dict[str, httpx.Client] = {}


def _call(env: LedgerEnv, method: str, path: str, headers: dict[str, str],
          body: dict[str, Any] | None = None) -> httpx.Response:
    """One request, on a kept-alive connection to this ledger."""
    http = _HTTP.get(env.url)
    if http is None:
        for old in _HTTP.values():
            old.close()
        _HTTP.clear()
        http = _HTTP[env.url] = httpx.Client(base_url=env.url, timeout=30)
    params = {"date": date.today().isoformat()} if path.endswith("/day") else None
    return http.request(method.upper(), path, headers=headers,
                        json=body if method != "get" else None, params=params)


def test_every_route_refuses_missing_wrong_and_revoked_tokens(ledger: LedgerEnv) -> None:
    with ledger.client("admin") as c:
        number = c.post("/v1/cards", json={"amount": 5_000}).json()["cards"][0]["number"]
    gone = enroll(ledger.store, store_id="s1", name="stolen-till")
    assert revoke(ledger.store, name="stolen-till")
    routes = _routes(ledger)
    assert len(routes) >= 25, routes  # cards, holds, entries, sync, reports, customers
    checked = 0
    for method, template in routes:
        if (method, template) in OPEN:
            continue
        path = _fill(template, number)
        for headers, key in (({}, "token_missing"),
                             ({"Authorization": "Basic dXNlcjpwYXNz"}, "token_missing"),
                             ({"Authorization": "Bearer " + "x" * 43}, "token_invalid"),
                             ({"Authorization": f"Bearer {gone}"}, "token_invalid")):
            r = _call(ledger, method, path, headers, {"amount": 100})
            assert (r.status_code, r.json().get("key")) == (401, key), (method, template, r.text)
            checked += 1
    assert checked == 4 * (len(routes) - len(OPEN))
    # The open route really is open, and the admin token really opens the rest.
    assert httpx.get(f"{ledger.url}/v1/health", timeout=30).status_code == 200
    with ledger.client("admin") as c:
        assert c.get("/v1/reports/liability").status_code == 200


def test_manager_routes_refuse_a_terminal_token(ledger: LedgerEnv) -> None:
    with ledger.client("admin") as c:
        number = c.post("/v1/cards", json={"amount": 5_000}).json()["cards"][0]["number"]
    published = set(_routes(ledger))
    assert set(MANAGER_ONLY) <= published
    for (method, template), raw in MANAGER_ONLY.items():
        path = _fill(template, number)
        body = {k: number if v == "{number}" else v for k, v in raw.items()} if raw else None
        r = _call(ledger, method, path, {"Authorization": f"Bearer {ledger.tokens['t1']}"}, body)
        key = "admin_only" if "/reports/" in template else "manager_only"
        assert (r.status_code, r.json()["key"]) == (403, key), (template, r.text)
        ok = _call(ledger, method, path, {"Authorization": f"Bearer {ledger.admin}"}, body)
        assert ok.status_code == 200, (template, ok.text)
    # Issuing in bulk is a manager's; one card at the till is not.
    with ledger.client("t1") as c:
        assert c.post("/v1/cards", json={"amount": 100, "count": 5}).status_code == 403
        assert c.post("/v1/cards", json={"amount": 100}).status_code == 200


def test_tokens_and_keys_are_stored_hashed(ledger: LedgerEnv) -> None:
    with ledger.client("admin") as c:
        card = c.post("/v1/cards", json={"amount": 100, "with_key": True}).json()["cards"][0]
    with ledger.store.read() as s:
        rows = s.scalars(select(Principal)).all()
        stored = {p.name: p.token_hash for p in rows}
        key_hash = s.scalars(select(Card.key_hash).where(Card.number == card["number"])).one()
    for name, token in ledger.tokens.items():
        assert stored[name] == hashlib.sha256(token.encode()).hexdigest() != token
    assert ledger.admin not in stored.values()
    assert key_hash and card["key"] not in key_hash and len(key_hash) == 64


def test_key_lookups_are_rate_limited_per_terminal(ledger: LedgerEnv) -> None:
    with ledger.client("admin") as c:
        card = c.post("/v1/cards", json={"amount": 100, "with_key": True}).json()["cards"][0]
    with ledger.client("t1") as t1, ledger.client("t2") as t2:
        answers = [t1.post("/v1/balance", json={"number": card["number"],
                                                "key": "wrong-" + str(i)}).status_code
                   for i in range(KEY_LIMIT)]
        assert answers == [404] * KEY_LIMIT  # guessing: not found, and counted
        over = t1.post("/v1/balance", json={"number": card["number"], "key": card["key"]})
        assert (over.status_code, over.json()["key"]) == (429, "rate_limited")
        # Another terminal has its own allowance; number look-ups are not keys.
        assert t2.post("/v1/balance", json={"number": card["number"],
                                            "key": card["key"]}).status_code == 200
        assert t1.post("/v1/balance", json={"number": card["number"]}).status_code == 200


def test_pins_are_hashed_wrong_pins_lock_and_approvals_are_audited(store: Any) -> None:
    staff = StaffService(store, terminal="till-9", policy=ThrottlePolicy())
    staff.add(name="mia", role="manager", pin="4821")
    ann = staff.add(name="ann", role="cashier", pin="1357")
    with store.read() as s:
        hashes = {r.name: r.pin_hash for r in s.scalars(select(StaffRow))}
    assert all(h.startswith("$argon2") and "4821" not in h and "1357" not in h
               for h in hashes.values())
    approval = staff.authorize(action="refund", actor=ann, manager="mia", pin="4821",
                               card="6011000990139424", amount=2_500, currency="USD")
    assert approval.approved_by == "mia"
    refused = 0
    with pytest.raises(RateLimited):
        for _ in range(20):
            try:
                staff.verify(name="mia", pin="0000")
            except AuthError:
                refused += 1
    assert 1 <= refused < 20
    with pytest.raises(RateLimited):  # locked: even the right PIN waits
        staff.verify(name="mia", pin="4821")
    records, _ = staff.audit(limit=100)
    approved = [r for r in records if r.outcome == "approved"]
    assert [(r.action, r.actor, r.approver, r.card) for r in approved] == \
        [("refund", "ann", "mia", "•••• 9424")]
    assert any(r.outcome == "locked" for r in records)
    # Every wrong PIN is in the trail, the one that locked the account too.
    assert sum(r.outcome == "refused" for r in records) == refused + 1
