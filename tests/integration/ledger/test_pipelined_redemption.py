"""A redemption on a PostgreSQL ledger in two round trips (the posting
engine's pipelined mode, app/ops/posting.py): the same statements, the same
answers and the same books as the ordinary path, none of them sent through
SQLAlchemy's execute."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import event, select

from app.domain import Limits
from app.ledger.schema import IdempotencyKey
from app.ops.queries import mismatched_balances
from app.store.schema import Entry, Hold
from tests.integration.ledger.support import LedgerEnv, ledger_on

pytestmark = pytest.mark.postgres


class Clock:
    def __init__(self) -> None:
        self.now = datetime.now(UTC)

    def __call__(self) -> datetime:
        return self.now


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture
def env(tmp_path: Path, clock: Clock) -> Iterator[LedgerEnv]:
    with ledger_on("postgresql", tmp_path, clock=clock,
                   limits=Limits(hold_ttl_s=60)) as e:
        yield e


@pytest.fixture
def statements(env: LedgerEnv) -> Iterator[list[str]]:
    """What the ledger sends through SQLAlchemy's execute."""
    sent: list[str] = []

    def seen(_conn: Any, _cur: Any, sql: str, *_a: Any) -> None:
        sent.append(sql)

    event.listen(env.store.engine, "before_cursor_execute", seen)
    yield sent
    event.remove(env.store.engine, "before_cursor_execute", seen)


def _card(env: LedgerEnv, amount: int) -> str:
    with env.client("admin") as a:
        number: str = a.post("/v1/cards", json={"amount": amount}).json()["cards"][0]["number"]
    return number


def test_a_redemption_and_its_retry(env: LedgerEnv, statements: list[str]) -> None:
    number = _card(env, 3000)
    key = str(uuid.uuid4())
    with env.client("t1") as c:
        statements.clear()
        first = c.post("/v1/cards/redemptions", json={"number": number, "amount": 1000},
                       headers={"Idempotency-Key": key})
        assert first.status_code == 200, first.text
        # The lock, the checks, the card, the writes: all pipelined. (The
        # token's look-up is the gate's, before: this ledger has no cache.)
        assert [q for q in statements if "FROM ledger_principals \nWHERE" not in q] == []
        again = c.post("/v1/cards/redemptions", json={"number": number, "amount": 1000},
                       headers={"Idempotency-Key": key})
        assert again.json() == first.json()
        held = c.post("/v1/cards/redemptions", json={"number": number, "amount": 500,
                                                     "capture": True}).json()
    body = first.json()
    assert body["new_balance"] == 2000 and body["card_state"]["balance"] == 2000
    with env.store.read() as s:
        entry = s.scalars(select(Entry).where(Entry.id == key)).one()
        assert entry.seq == body["seq"] == body["entry"]["seq"]
        assert entry.posted_at is not None and entry.terminal == "t1"
        hold = s.get(Hold, key)
        assert hold is not None and hold.amount == 1000 and hold.state == "OPEN"
        assert hold.expires_at > entry.created_at
        assert s.scalar(select(IdempotencyKey.status_code).where(
            IdempotencyKey.key == key)) == 200
        assert s.get(Hold, held["id"]) is None  # captured at once: no hold
        assert mismatched_balances(s) == []
    assert held["new_balance"] == 1500


def test_a_decline_moves_nothing_and_is_answered_again(env: LedgerEnv) -> None:
    number = _card(env, 300)
    key = str(uuid.uuid4())
    with env.client("t1") as c:
        r1 = c.post("/v1/cards/redemptions", json={"number": number, "amount": 500},
                    headers={"Idempotency-Key": key})
        r2 = c.post("/v1/cards/redemptions", json={"number": number, "amount": 500},
                    headers={"Idempotency-Key": key})
        unknown = c.post("/v1/cards/redemptions", json={"number": "6000000000000000",
                                                        "amount": 1})
        part = c.post("/v1/cards/redemptions",
                      json={"number": number, "amount": 500, "partial": True})
    assert r1.status_code == r2.status_code == 400, r1.text
    assert r1.json()["key"] == r2.json()["key"] == "gift_amount_exceeded"
    assert unknown.status_code == 404
    assert part.json()["amount"] == 300 and part.json()["remaining_due"] == 200
    with env.store.read() as s:
        assert s.scalar(select(Entry.seq).where(Entry.id == key)) is None
        assert mismatched_balances(s) == []


def test_funds_in_an_expired_hold_are_freed_on_the_way(env: LedgerEnv, clock: Clock) -> None:
    """The decline that frees expired holds runs ordinary statements between
    the pipeline's two round trips: the writes still reach the database in
    the order they were made (the release before its hold's update)."""
    number = _card(env, 1000)
    with env.client("t1") as c:
        hold = c.post("/v1/cards/redemptions", json={"number": number, "amount": 1000}).json()
        clock.now += timedelta(seconds=120)
        spent = c.post("/v1/cards/redemptions", json={"number": number, "amount": 800,
                                                      "capture": True})
    assert spent.status_code == 200, spent.text
    assert spent.json()["new_balance"] == 200
    with env.store.read() as s:
        h = s.get(Hold, hold["id"])
        assert h is not None and h.state == "EXPIRED"
        types = s.scalars(select(Entry.type).order_by(Entry.seq)).all()
        assert types[-3:] == ["hold", "release", "redeem"]
        assert mismatched_balances(s) == []
