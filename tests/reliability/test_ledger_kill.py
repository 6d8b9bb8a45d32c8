"""kill -9 the ledger service (the whole process group) while a terminal
pushes its outbox; restart it on the same database and sync again: every
entry is on the ledger exactly once, the ledger's books add up, and the
till and the ledger agree on every balance."""

from __future__ import annotations

import random
import subprocess
import threading
import uuid
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from pathlib import Path

import httpx
import pytest
from sqlalchemy import func, select

from app.config import OfflineLimits
from app.domain import OpContext
from app.ledger.auth import admin_token, enroll
from app.ops.queries import mismatched_balances
from app.ops.service import CardService
from app.store.database import open_store
from app.store.schema import Card, Entry
from app.sync.client import LedgerClient, LedgerUnavailable
from app.sync.engine import SyncEngine, SyncProgress
from app.sync.gateway import OnlineGateway
from app.sync.monitor import ConnectivityMonitor
from tests.integration.ledger.support import migrated_scratch, postgres_url
from tests.reliability.conftest import LONG, SOAK, record, scaled
from tests.reliability.ledger_proc import LedgerProcess
from tests.reliability.workload import BIG

START = 10_000_000


@contextmanager
def _database(backend: str, fast_dir: Path) -> Iterator[str]:
    if backend == "sqlite":
        yield f"sqlite:///{fast_dir / 'ledger.db'}"
        return
    with migrated_scratch(postgres_url(), prefix="giftpos_kill") as url:
        yield url


@pytest.mark.timeout(LONG)
@pytest.mark.parametrize("backend", ["sqlite", "postgresql"])
def test_ledger_killed_during_pushes_keeps_every_entry_once(backend: str,
                                                            fast_dir: Path) -> None:
    if backend == "postgresql" and not SOAK:
        pytest.skip("the PostgreSQL variant runs with `make soak` (GIFTPOS_SOAK=1)")
    rng = random.Random()
    kills = scaled(3, 40)
    per_round = 300 if SOAK else 100
    with _database(backend, fast_dir) as db:
        ledger_store = open_store(db)
        admin, token = admin_token(ledger_store), enroll(ledger_store, store_id="s1", name="t1")
        ledger = LedgerProcess(db, workers=2 if SOAK else 1,
                               env={"GIFTPOS_MAX_BALANCE": str(BIG.max_balance)}).start()
        try:
            with httpx.Client(base_url=ledger.url, timeout=30,
                              headers={"Authorization": f"Bearer {admin}"}) as c:
                numbers = [card["number"] for card in c.post(
                    "/v1/cards", json={"count": 6, "amount": START}).json()["cards"]]
            stats = _rounds(ledger, token, numbers, fast_dir, rng, kills, per_round,
                            ledger_store)
        finally:
            ledger.stop()
            ledger_store.close()
    record(f"ledger_kill_{backend}", **stats)
    assert stats["kills"] == kills


def _rounds(ledger: LedgerProcess, token: str, numbers: list[str], tmp: Path,
            rng: random.Random, kills: int, per_round: int, ledger_store) -> dict[str, int]:  # type: ignore[no-untyped-def]
    store = open_store(f"sqlite:///{tmp / 'till.db'}")
    cards = CardService(store, limits=BIG, context=OpContext(terminal="t1", store="s1"))
    client = LedgerClient(ledger.url, token, timeout_s=10)
    monitor = ConnectivityMonitor(lambda: client.health(), online=True)
    gw = OnlineGateway(cards, client, monitor, offline=OfflineLimits(
        per_transaction=10**9, per_card=10**10, per_terminal=10**11))
    engine = SyncEngine(cards, client, monitor=monitor, batch_size=25, interval_s=3600)
    ctx = OpContext(terminal="t1", store="s1")
    for n in numbers:
        gw.balance(number=n)
    fire = threading.Event()
    target = {"at": 0}

    def on_progress(p: SyncProgress) -> None:
        if p.phase == "pushing" and p.pushed >= target["at"]:
            fire.set()

    engine.on_progress(on_progress)
    stats = {"kills": 0, "killed_with_unacknowledged_push": 0, "entries": 0,
             "duplicates_acknowledged": 0}
    try:
        for _ in range(kills):
            monitor.report_failure("test: offline")
            for _ in range(per_round):
                gw.redeem(number=rng.choice(numbers), amount=rng.randint(1, 300),
                          partial=True, entry_id=str(uuid.uuid4()), ctx=ctx)
            stats["entries"] += per_round
            monitor.report_success()
            fire.clear()
            target["at"] = rng.randrange(0, per_round - 50)

            jitter = rng.uniform(0, 0.05)

            def killer(jitter: float = jitter) -> None:
                fire.wait(60)
                # Wait on the service itself (it does not exit) for a random
                # moment, so the kill lands before, during or after the
                # ledger commits the batch in flight.
                with suppress(subprocess.TimeoutExpired):
                    assert ledger.proc is not None
                    ledger.proc.wait(jitter)
                ledger.kill9()

            t = threading.Thread(target=killer, daemon=True)
            t.start()
            with suppress(LedgerUnavailable):
                engine.sync_once()
            t.join(60)
            stats["kills"] += 1
            stats["killed_with_unacknowledged_push"] += engine.pending() > 0
            ledger.start()
            monitor.report_success()
            report = engine.sync_once()
            assert report.pending == 0 and report.rejected == 0, report
            stats["duplicates_acknowledged"] += report.duplicates
            _check(store, ledger_store, numbers)
    finally:
        client.close()
        monitor.stop()
        store.close()
    return stats


def _check(store, ledger_store, numbers: list[str]) -> None:  # type: ignore[no-untyped-def]
    with store.read() as s:
        own = list(s.scalars(select(Entry.id).where(Entry.offline.is_(True))))
        local = {c.number: c.balance for c in s.scalars(select(Card))}
    with ledger_store.read() as s:
        counts = dict(s.execute(select(Entry.id, func.count()).where(Entry.id.in_(own))
                                .group_by(Entry.id)).all())
        remote = {c.number: c.balance for c in s.scalars(select(Card))}
        assert mismatched_balances(s) == []
    assert len(counts) == len(own) and set(counts.values()) == {1}
    assert {n: remote[n] for n in numbers} == {n: local[n] for n in numbers}
