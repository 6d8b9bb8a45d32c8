"""The ledger on real PostgreSQL: endpoints, and concurrent redemptions from
many clients against two service processes never overdraw a card."""

from __future__ import annotations

import os
import random
import subprocess
import sys
import uuid
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import httpx
import pytest
from sqlalchemy import func, select

from app.domain import OpContext
from app.ledger.auth import enroll
from app.ledger.runner import free_socket
from app.ops.queries import mismatched_balances
from app.ops.service import CardService
from app.store.database import open_store
from app.store.schema import Card, Entry
from tests.integration.ledger.support import LedgerEnv, migrated_scratch, postgres_url

pytestmark = pytest.mark.postgres


def test_endpoints_and_idempotency_on_postgres(pg_ledger: LedgerEnv) -> None:
    with pg_ledger.client("admin") as a:
        number = a.post("/v1/cards", json={"amount": 3000}).json()["cards"][0]["number"]
    key = str(uuid.uuid4())
    with pg_ledger.client("t1") as c:
        r1 = c.post("/v1/cards/redemptions", json={"number": number, "amount": 1000},
                    headers={"Idempotency-Key": key})
        r2 = c.post("/v1/cards/redemptions", json={"number": number, "amount": 1000},
                    headers={"Idempotency-Key": key})
        assert r1.status_code == 200 and r1.json() == r2.json()
        assert c.post("/v1/cards/redemptions", json={"number": number, "amount": 999},
                      headers={"Idempotency-Key": key}).status_code == 409
        cap = c.post(f"/v1/holds/{key}/capture", json={}).json()
        assert cap["new_balance"] == 2000
        assert c.post("/v1/balance", json={"number": "6000000000000000",
                                           "key": "x"}).status_code == 404
        page = c.get("/v1/sync/pull", params={"cursor": 0}).json()
        assert [e["type"] for e in page["entries"]] == ["issue", "hold", "capture"]


@pytest.fixture
def two_process_ledger(tmp_path: Path) -> Iterator[tuple[str, str, list[str], str]]:
    with migrated_scratch(postgres_url()) as url:
        store = open_store(url)
        svc = CardService(store, context=OpContext(terminal="setup", store="hq"))
        numbers = [v.number for v, _ in svc.issue(count=4, amount=5000)]
        token = enroll(store, store_id="s1", name="till")

        store.close()
        sock = free_socket()
        port = sock.getsockname()[1]
        sock.close()  # uvicorn binds it again in a moment
        log = (tmp_path / "serve.log").open("w")
        proc = subprocess.Popen(
            [sys.executable, "-m", "app", "ledger", "serve", "--db", url, "--port", str(port),
             "--workers", "2"], stdout=log, stderr=subprocess.STDOUT,
            env={**os.environ, "GIFTPOS_LOG": "WARNING"})
        base = f"http://127.0.0.1:{port}"
        try:
            _wait_healthy(base, proc)
            yield base, token, numbers, url
        finally:
            proc.terminate()
            proc.wait(timeout=20)
            log.close()


def _wait_healthy(base: str, proc: subprocess.Popen[bytes]) -> None:
    """Wait until the service answers /v1/health, or fail if it exits. One
    client for every poll (a new one per poll is an SSL context: 30 ms of CPU
    taken from the service's start, 20 times a second)."""
    with httpx.Client(timeout=1) as poll:
        for _ in range(600):
            try:
                if poll.get(f"{base}/v1/health").status_code == 200:
                    return
            except httpx.TransportError:
                pass
            try:  # wait on the process: an early exit is a failure
                proc.wait(timeout=0.05)
                raise AssertionError("giftpos ledger serve exited early")
            except subprocess.TimeoutExpired:
                continue
    raise AssertionError("ledger did not become healthy")


def test_concurrent_clients_two_processes_never_overdraw(
        two_process_ledger: tuple[str, str, list[str], str]) -> None:
    base, token, numbers, url = two_process_ledger
    issued = 5000 * len(numbers)
    rng = random.Random(7)
    plan = [(rng.choice(numbers), rng.randint(100, 1500), rng.random() < 0.5)
            for _ in range(400)]

    def client(share: list[tuple[str, int, bool]]) -> list[int]:
        approved = []
        with httpx.Client(base_url=base, timeout=30,
                          headers={"Authorization": f"Bearer {token}"}) as c:
            for number, amount, partial in share:
                r = c.post("/v1/cards/redemptions",
                           json={"number": number,
                                 "amount": amount, "capture": True, "partial": partial},
                           headers={"Idempotency-Key": str(uuid.uuid4())})
                assert r.status_code in (200, 400), r.text
                if r.status_code == 200:
                    body = r.json()
                    assert body["new_balance"] >= 0
                    approved.append(body["amount"])
                else:
                    assert r.json()["key"] in ("gift_amount_exceeded", "card_unusable")
        return approved

    with ThreadPoolExecutor(20) as pool:
        results = list(pool.map(client, [plan[i::20] for i in range(20)]))
    redeemed = sum(sum(r) for r in results)
    store = open_store(url, migrate_schema=False)
    try:
        with store.read() as s:
            balances = s.execute(select(Card.number, Card.balance)).all()
            assert all(b >= 0 for _n, b in balances)
            assert s.scalar(select(func.min(Entry.balance_after))) >= 0
            assert mismatched_balances(s) == []
            assert issued - redeemed == sum(b for _n, b in balances)
    finally:
        store.close()
    assert redeemed > 0 and any(b == 0 for _n, b in balances)


def test_capture_racing_a_spend_that_frees_the_same_hold_does_not_deadlock() -> None:
    """A spend declined for funds locks the card, then frees the card's expired
    holds; a capture of one of them locks hold and card. Both must lock in the
    same order (card first), or PostgreSQL kills one as a deadlock."""
    import threading
    from datetime import UTC, datetime, timedelta

    from sqlalchemy import text

    from app.errors import Decline
    from app.ops import payments
    from app.ops.journal import find_card

    with migrated_scratch(postgres_url()) as url:
        store = open_store(url)
        past = OpContext(terminal="t", store="s", now=datetime.now(UTC) - timedelta(hours=1))
        svc = CardService(store, context=past)
        (card, _), = svc.issue(count=1, amount=1000)
        hold = svc.hold(number=card.number, amount=800)  # expired an hour ago
        outcome: list[object] = []
        blocked = threading.Event()

        def capture() -> None:
            try:
                outcome.append(CardService(store).capture(hold_id=hold.id, amount=800))
            except Exception as exc:
                outcome.append(exc)

        with store.transaction() as s:
            locked = find_card(s, card.number, lock=True)
            t = threading.Thread(target=capture)
            t.start()
            with store.engine.connect() as watch:  # wait until the capture waits on a lock
                for _ in range(1000):
                    if watch.execute(text("SELECT count(*) FROM pg_stat_activity WHERE "
                                          "wait_event_type = 'Lock'")).scalar():
                        break
                    blocked.wait(0.01)
            freed = payments.release_expired(s, card=locked, now=datetime.now(UTC),
                                             ctx=OpContext(), business_date=None)
            assert freed == 1
        t.join(30)
        store.close()
    assert len(outcome) == 1 and isinstance(outcome[0], Decline), outcome
    assert outcome[0].key == "hold_not_open"
