"""Sync push on the ledger: offline entries applied by the rules where they
allow it, forced and flagged where the goods are already gone, rejected (and
kept) where nothing can be done."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta
from typing import Any

from sqlalchemy import select

from app.ledger.schema import LedgerException
from app.ops.queries import mismatched_balances
from tests.integration.ledger.support import LedgerEnv


def _entry(number: str, type_: str, amount: int, approved: int, *, ref: str | None = None,
           eid: str | None = None, when: datetime | None = None) -> dict[str, Any]:
    return {"id": eid or str(uuid.uuid4()), "type": type_, "number": number, "amount": amount,
            "approved_amount": approved, "requested_amount": approved, "balance_after": 0,
            "status_after": "ACTIVE", "terminal": "till-1", "store": "s1", "cashier": "bo",
            "business_date": "2026-11-28", "offline": True, "ref_id": ref,
            "created_at": (when or datetime.now(UTC)).isoformat()}


def _issue(env: LedgerEnv, amount: int) -> str:
    with env.client("admin") as c:
        return str(c.post("/v1/cards", json={"amount": amount}).json()["cards"][0]["number"])


def _push(env: LedgerEnv, *entries: dict[str, Any]) -> list[dict[str, Any]]:
    with env.client("t1") as c:
        r = c.post("/v1/sync/push", json={"entries": list(entries)})
        assert r.status_code == 200, r.text
        return list(r.json()["results"])


def test_offline_entries_apply_with_their_ids_and_terminal_data(ledger: LedgerEnv) -> None:
    number = _issue(ledger, 5000)
    hold = _entry(number, "hold", -2000, 2000)
    cap = _entry(number, "capture", 500, 1500, ref=hold["id"])
    sale = _entry(number, "redeem", -1000, 1000)
    ref = _entry(number, "refund", 400, 400, ref=sale["id"])
    res = _push(ledger, hold, cap, sale, ref)
    assert [r["status"] for r in res] == ["applied"] * 4
    assert res[1]["entry"]["balance_after"] == 3500 and res[3]["entry"]["balance_after"] == 2900
    assert all(r["entry"]["posted_at"] is not None for r in res)
    with ledger.client("t1") as c:
        pulled = {e["id"]: e for e in c.get("/v1/sync/pull", params={"cursor": 0})
                  .json()["entries"]}
    for pushed in (hold, sale):  # the full path and the bulk path record the same
        e = pulled[pushed["id"]]
        assert (e["terminal"], e["store"], e["cashier"], e["business_date"], e["offline"],
                e["created_at"]) == ("t1", "s1", "bo", "2026-11-28", True,
                                     pushed["created_at"])
        assert e["posted_at"] is not None and e["seq"] == next(
            r["entry"]["seq"] for r in res if r["id"] == pushed["id"])
    again = _push(ledger, hold, cap)
    assert [r["status"] for r in again] == ["duplicate", "duplicate"]
    with ledger.store.read() as s:
        assert mismatched_balances(s) == []


def test_overspend_refund_and_void_on_a_frozen_card_are_forced_and_flagged(
        ledger: LedgerEnv) -> None:
    number = _issue(ledger, 1000)
    sale = _entry(number, "redeem", -1500, 1500)
    res = _push(ledger, sale)
    assert res[0]["status"] == "flagged" and res[0]["entry"]["balance_after"] == -500
    assert res[0]["entry"]["status_after"] == "FROZEN"
    # The customer got 300 back at the till: the frozen card still takes it.
    refund = _entry(number, "refund", 300, 300, ref=sale["id"])
    res = _push(ledger, refund)
    assert res[0]["status"] == "flagged" and res[0]["entry"]["balance_after"] == -200
    with ledger.client("admin") as c:
        exc = c.get("/v1/reports/exceptions").json()
    ids = [x["id"] for x in exc["flagged_cards"][0]["entries"]]
    assert ids == [sale["id"], refund["id"]]


def test_release_of_a_hold_the_ledger_already_expired_moves_nothing(
        ledger: LedgerEnv) -> None:
    number = _issue(ledger, 5000)
    old = datetime.now(UTC) - timedelta(hours=2)
    hold = _entry(number, "hold", -1000, 1000, when=old)
    _push(ledger, hold)
    # Another sale on the card finds the hold expired and frees it.
    with ledger.client("t2") as c:
        r = c.post("/v1/cards/redemptions", json={"number": number,
                                                  "amount": 4500, "capture": True})
        assert r.status_code == 200 and r.json()["new_balance"] == 500
    rel = _entry(number, "release", 1000, 1000, ref=hold["id"])
    res = _push(ledger, rel)
    assert res[0]["status"] == "applied" and res[0]["entry"]["amount"] == 0
    assert res[0]["entry"]["balance_after"] == 500


def test_what_cannot_be_applied_is_rejected_and_kept(ledger: LedgerEnv) -> None:
    number = _issue(ledger, 199_000)
    unknown = _entry("6000000000000001", "redeem", -100, 100)
    too_big = _entry(number, "load", 5000, 5000)
    adjust = _entry(number, "adjust", 100, 100)
    res = _push(ledger, unknown, too_big, adjust)
    assert [(r["status"], r["key"]) for r in res] == [
        ("rejected", "card_not_found"), ("rejected", "balance_limit_exceeded"),
        ("rejected", "not_pushable")]
    with ledger.store.read() as s:
        kept = s.scalars(select(LedgerException.entry_id)).all()
    assert set(kept) == {unknown["id"], too_big["id"], adjust["id"]}
    with ledger.client("t1") as c:
        bad = c.post("/v1/sync/push", json={"entries": [{"id": "x"}]})
        assert bad.status_code == 400 and bad.json()["key"] == "invalid_entry"
        pull = c.get("/v1/sync/pull", params={"cursor": "nope"})
        assert pull.status_code == 400 and pull.json()["key"] == "invalid_cursor"
        head = c.get("/v1/sync/pull", params={"cursor": "head"}).json()
        assert head["entries"] == [] and head["next_cursor"] >= 1
    with ledger.client("admin") as c:
        rejected = c.get("/v1/reports/exceptions").json()["rejected"]
    assert {r["id"] for r in rejected} == set(kept)


def test_void_in_doubt_voids_or_tombstones(ledger: LedgerEnv) -> None:
    number = _issue(ledger, 5000)
    applied, never = str(uuid.uuid4()), str(uuid.uuid4())
    with ledger.client("t1") as c:
        c.post("/v1/cards/redemptions", json={"number": number, "amount": 700, "capture": True},
               headers={"Idempotency-Key": applied})
        r1 = c.post(f"/v1/entries/{applied}/void", json={"in_doubt": True}).json()
        r2 = c.post(f"/v1/entries/{never}/void", json={"in_doubt": True}).json()
        assert (r1["outcome"], r1["new_balance"]) == ("voided", 5000)
        assert r2["outcome"] == "not_applied"
        late = c.post("/v1/cards/redemptions", json={"number": number, "amount": 700},
                      headers={"Idempotency-Key": never})
        assert late.status_code == 409 and late.json()["key"] == "operation_cancelled"
        assert c.post("/v1/balance", json={"number": number}).json()["balance"] == 5000
