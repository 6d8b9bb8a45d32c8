"""Finding 15.1: money from nothing. A till's token pushes "offline" credits
the ledger must not invent: a refund naming no real original, a void with no
original, more than is still refundable; and a transfer must not wash a
flag. Each push is what a dishonest till would send; the ledger must reject
it (kept for a manager) and the card must not move."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest

from app.domain import Limits
from app.ledger import guards
from app.ledger.auth import Caller
from app.store.schema import Card, Entry
from tests.integration.ledger.support import LedgerEnv, running_ledger

CAP = 200_000  # the program's cap: 2,000.00


@pytest.fixture
def ledger(tmp_path: Path) -> Iterator[LedgerEnv]:
    with running_ledger(f"sqlite:///{tmp_path / 'ledger.db'}",
                        limits=Limits(max_balance=CAP)) as env:
        env.manager("mia", "s1")
        yield env


def _card(env: LedgerEnv, amount: int) -> str:
    with env.client("admin") as c:
        return str(c.post("/v1/cards", json={"amount": amount}).json()["cards"][0]["number"])


def _credit(number: str, type_: str, amount: int, ref: str | None) -> dict[str, Any]:
    return {"id": str(uuid.uuid4()), "type": type_, "number": number, "amount": amount,
            "approved_amount": amount, "requested_amount": amount, "balance_after": 0,
            "status_after": "ACTIVE", "terminal": "t1", "store": "s1", "offline": True,
            "ref_id": ref, "created_at": datetime.now(UTC).isoformat()}


def _state(env: LedgerEnv, number: str) -> tuple[int, str, bool]:
    with env.client("t1") as c:
        d = c.post("/v1/balance", json={"number": number}).json()
    return int(d["balance"]), str(d["status"]), bool(d["flagged"])


def _push(env: LedgerEnv, *entries: dict[str, Any]) -> list[str]:
    with env.client("t1") as c:
        r = c.post("/v1/sync/push", json={"entries": list(entries)})
    assert r.status_code == 200, r.text
    return [x["status"] for x in r.json()["results"]]


def test_a_pushed_credit_naming_no_real_original_moves_no_money(ledger: LedgerEnv) -> None:
    number = _card(ledger, 1_000)
    before = _state(ledger, number)
    got = _push(ledger, _credit(number, "refund", 100_000_000, str(uuid.uuid4())),
                _credit(number, "void", 50_000, None))
    assert got == ["rejected", "rejected"]
    assert _state(ledger, number) == before


def test_an_offline_refund_never_exceeds_what_is_still_refundable(ledger: LedgerEnv) -> None:
    number = _card(ledger, 10_000)
    with ledger.client("t1") as c:
        sale = c.post("/v1/cards/redemptions", json={"number": number, "amount": 1_000,
                                                     "capture": True}).json()
    with ledger.client("mia") as mia:  # frozen: the rules refuse, so the push would force
        assert mia.post("/v1/cards/status", json={"number": number, "status": "FROZEN",
                                                  "reason": "lost"}).status_code == 200
    before = _state(ledger, number)
    assert _push(ledger, _credit(number, "refund", 5_000, sale["id"])) == ["rejected"]
    assert _state(ledger, number) == before
    # What is still refundable is forced as before (the customer has it).
    assert _push(ledger, _credit(number, "refund", 1_000, sale["id"])) == ["flagged"]


def test_the_guard_refuses_what_the_push_must_not_force(ledger: LedgerEnv) -> None:
    number, other = _card(ledger, 10_000), _card(ledger, 10_000)
    with ledger.client("t1") as c:
        sale = c.post("/v1/cards/redemptions", json={"number": number, "amount": 1_000,
                                                     "capture": True}).json()
        c.post(f"/v1/entries/{sale['id']}/refund", json={"amount": 400})
    t1 = Caller(id=2, name="t1", store="s1", role="terminal")
    t2 = Caller(id=3, name="t2", store="s2", role="terminal")
    with ledger.store.read() as s:
        card_id = s.query(Card.id).filter(Card.number == number).scalar()
        other_id = s.query(Card.id).filter(Card.number == other).scalar()
        issue = s.query(Entry.id).filter(Entry.card_id == card_id, Entry.type == "issue").scalar()

        def why(who: Caller, ref: str | None, amount: int, card: int = card_id,
                action: str = "refund") -> str | None:
            got = guards.offline_credit_refusal(s, who, ref_id=ref, card_id=card,
                                                amount=amount, action=action)
            return got[0] if got else None

        assert why(t1, None, 1) == "original_required"
        assert why(t1, "not-a-uuid", 1) == "original_required"
        assert why(t1, str(uuid.uuid4()), 1) == "original_unknown"
        assert why(t1, sale["id"], 1, card=other_id) == "original_unknown"
        assert why(t2, sale["id"], 1) == "not_your_entry"
        assert why(t1, issue, 1) == "original_not_a_spend"
        assert why(t1, sale["id"], 601) == "refund_exceeds_original"
        assert why(t1, sale["id"], 600) is None


def test_a_transfer_or_combine_never_washes_a_flag(ledger: LedgerEnv) -> None:
    number, target = _card(ledger, 1_000), _card(ledger, 1_000)
    # An offline overspend: forced, the card flagged (and frozen below zero).
    spend = {**_credit(number, "redeem", -500, None), "approved_amount": 500,
             "requested_amount": 500}
    assert _push(ledger, spend) == ["applied"]
    with ledger.store.transaction() as s:  # flagged by a manager's review, still active
        s.query(Card).filter(Card.number == number).update({"flagged": True})
    assert _state(ledger, number)[2] is True
    with ledger.client("mia") as mia:
        r = mia.post("/v1/cards/transfer", json={"number": number, "amount": 200})
        assert r.status_code == 200, r.text
        new = r.json()["related"]["new_card"]["number"]
        assert mia.post("/v1/cards/combine", json={"sources": [number],
                                                   "target": target}).status_code == 200
    assert _state(ledger, new)[2] is True
    assert _state(ledger, target)[2] is True
