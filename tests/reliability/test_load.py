"""Load: many terminal processes against several ledger service processes on
one PostgreSQL, mixed online redemptions, loads, refunds and syncs for a
bounded time. The books balance to the cent (issued + loaded - redeemed +
refunded = the sum of balances), no card is overdrawn, and the error rate
and p99 latency are reported. CI: 4 terminals x 2 services for ~25 s;
GIFTPOS_SOAK=1: 8 terminals x 2 services (2 workers each) for 3 minutes."""

from __future__ import annotations

import json
import statistics
import subprocess
import sys
from pathlib import Path

import httpx
import pytest
from sqlalchemy import func, select

from app.ledger.auth import admin_token, enroll
from app.ops.queries import mismatched_balances
from app.store.database import open_store
from app.store.schema import Card, Entry
from tests.integration.ledger.support import migrated_scratch, postgres_url
from tests.reliability.conftest import LONG, SOAK, record
from tests.reliability.ledger_proc import ROOT, LedgerProcess

CARDS, OPENING = 40, 20_000


@pytest.mark.timeout(LONG)
def test_terminals_against_ledger_processes_keep_the_books(tmp_path: Path) -> None:
    base = postgres_url()
    terminals, seconds, workers = (8, 180, 2) if SOAK else (4, 20, 1)
    with migrated_scratch(base, prefix="giftpos_load") as db:
        store = open_store(db)
        admin = admin_token(store)
        tokens = [enroll(store, store_id="load", name=f"load-{i}") for i in range(terminals)]
        services = [LedgerProcess(db, workers=workers) for _ in range(2)]
        try:
            for service in services:
                service.start()
            with httpx.Client(base_url=services[0].url, timeout=60,
                              headers={"Authorization": f"Bearer {admin}"}) as c:
                r = c.post("/v1/cards", json={"count": CARDS, "amount": OPENING})
                assert r.status_code == 200, r.text
                numbers = [card["number"] for card in r.json()["cards"]]
            procs = []
            for i, token in enumerate(tokens):
                till_db = f"sqlite:///{tmp_path / f'till-{i}.db'}"
                open_store(till_db).close()
                spec = {"urls": [sv.url for sv in services], "token": token,
                        "name": f"load-{i}", "seconds": seconds, "seed": i, "cards": numbers,
                        "db": till_db}
                procs.append(subprocess.Popen(
                    [sys.executable, "-m", "tests.reliability.load_terminal", json.dumps(spec)],
                    cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True))
            results = []
            for p in procs:
                out, err = p.communicate(timeout=seconds + 300)
                assert p.returncode == 0, err[-3000:]
                results.append(json.loads(out.strip().splitlines()[-1]))
        finally:
            for service in services:
                service.stop()
        with store.read() as s:
            balances = list(s.scalars(select(Card.balance).where(Card.number.in_(numbers))))
            flagged = s.scalar(select(func.count()).select_from(Card).where(Card.flagged))
            assert mismatched_balances(s) == []
            by_type = dict(s.execute(select(Entry.type, func.sum(Entry.amount))
                                     .group_by(Entry.type)).all())
        store.close()
    issued = CARDS * OPENING
    redeemed = sum(r["redeemed"] for r in results)
    loaded = sum(r["loaded"] for r in results)
    refunded = sum(r["refunded"] for r in results)
    # The books, to the cent: what the terminals were told equals what is on the cards.
    assert issued + loaded - redeemed + refunded == sum(balances)
    # ... and equals the ledger's own journal, type by type.
    assert (by_type.get("redeem", 0), by_type.get("load", 0), by_type.get("refund", 0)) == \
        (-redeemed, loaded, refunded)
    assert min(balances) >= 0 and flagged == 0  # no overdraft online
    lat = sorted(x for r in results for x in r["latencies_ms"])
    requests = sum(r["requests"] for r in results)
    errors = sum(r["errors"] for r in results)
    retries = sum(r["retries"] for r in results)
    ops = sum(sum(r["ops"].values()) for r in results)
    p99 = statistics.quantiles(lat, n=100, method="inclusive")[98] if len(lat) > 1 else 0.0
    record("load_postgresql", terminals=terminals, services=len(services),
           workers_per_service=workers, seconds=seconds, operations=ops, requests=requests,
           ops_per_s=round(ops / max(r["wall_s"] for r in results), 1),
           errors=errors, retries=retries, error_rate=round((errors + retries) / requests, 5),
           declines=sum(r["declines"] for r in results),
           syncs=sum(r["syncs"] for r in results), p50_ms=round(statistics.median(lat), 2),
           p99_ms=round(p99, 2), issued=issued, loaded=loaded, redeemed=redeemed,
           refunded=refunded, balances=sum(balances))
    assert ops > terminals * 10 and errors == 0
