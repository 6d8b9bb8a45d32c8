"""A database that can fail (issue 18): the ledger on a PostgreSQL primary
with a synchronous streaming standby, tills under load, the primary lost
(``pg_ctl stop -m immediate``) and the standby promoted.

- Both clusters are the test's own (tests/reliability/pgcluster.py: initdb
  and pg_basebackup -R in temporary folders, as the ``postgres`` OS user when
  run as root, ports below the ephemeral range), removed at the end.
- The ledger is a real ``giftpos ledger serve`` (uvicorn on loopback, two
  processes) given the multi-host URL
  (``?host=A&host=B&target_session_attrs=read-write``).
- Four tills (the till's LedgerClient, app/sync/client.py) redeem and load
  with fresh entry ids; an answer that did not come (a 503 while the
  database is away, a cut connection) is in doubt and asked again under the
  same id until the ledger answers.

Checked on the new primary: every operation acknowledged to a till is
there once, with the amount the till was told; nothing else is; every
card's balance is its opening plus the acknowledged loads minus the
acknowledged redemptions (to the cent), and the cached balances equal the
journal. The time from the primary's loss to the first authorization
answered again is recorded.
"""

from __future__ import annotations

import random
import threading
import time
import uuid
from dataclasses import dataclass, field

import pytest
from sqlalchemy import func, select

from app.domain import Limits, OpContext
from app.ledger.auth import enroll
from app.ops.queries import mismatched_balances
from app.ops.service import CardService
from app.store.database import open_store
from app.store.schema import Card, Entry
from app.sync.client import LedgerClient, LedgerUnavailable
from tests.reliability.conftest import SOAK, record
from tests.reliability.ledger_proc import LedgerProcess
from tests.reliability.pgcluster import quiet_port, replicated_pair

TILLS, CARDS, OPENING = 4, 8, 100_000
BEFORE, AFTER = (200, 200) if not SOAK else (2000, 2000)  # acknowledged ops each side
DEADLINE_S = 120.0


@dataclass
class Till:
    n: int
    acked: dict[str, tuple[str, str, int]] = field(default_factory=dict)  # id -> op, card, amount
    in_doubt: int = 0
    retried_ids: set[str] = field(default_factory=set)
    error: BaseException | None = None


def _till(till: Till, url: str, token: str, cards: list[str], stop: threading.Event,
          answered: list[tuple[float, float]]) -> None:
    rng = random.Random(till.n)
    try:
        with LedgerClient(url, token, timeout_s=5.0) as client:
            while not stop.is_set():
                number, amount = rng.choice(cards), rng.randint(1, 500)
                op = "load" if rng.random() < 0.3 else "redeem"
                entry_id = str(uuid.uuid4())
                give_up = time.monotonic() + 60
                while True:  # in doubt: the same id again, until the ledger answers
                    asked = time.monotonic()
                    try:
                        if op == "load":
                            client.load(number=number, amount=amount, entry_id=entry_id,
                                        ctx=OpContext(terminal=f"till{till.n}", store="s1"))
                        else:
                            client.redeem(number=number, amount=amount, partial=False,
                                          capture=True, entry_id=entry_id,
                                          ctx=OpContext(terminal=f"till{till.n}",
                                                        store="s1"))
                        break
                    except LedgerUnavailable as exc:
                        till.in_doubt += int(exc.in_doubt)
                        till.retried_ids.add(entry_id)
                        if time.monotonic() > give_up:
                            raise
                        time.sleep(0.02)  # a till's pause before it asks again
                till.acked[entry_id] = (op, number, amount)
                answered.append((asked, time.monotonic()))
    except BaseException as exc:  # handed to the test
        till.error = exc


@pytest.mark.timeout(300)
def test_failover_loses_nothing_acknowledged() -> None:
    with replicated_pair() as pair:
        url = pair.url
        store = open_store(url)
        svc = CardService(store, limits=Limits(max_balance=10**9),
                          context=OpContext(terminal="hq", store="hq"))
        cards = [v.number for v, _ in svc.issue(count=CARDS, amount=OPENING)]
        token = enroll(store, store_id="s1", name="till")
        store.close()
        tills = [Till(n) for n in range(TILLS)]
        stop = threading.Event()
        answered: list[tuple[float, float]] = []
        with LedgerProcess(url, port=quiet_port(), workers=2) as ledger:
            threads = [threading.Thread(target=_till,
                                        args=(t, ledger.url, token, cards, stop, answered))
                       for t in tills]
            for th in threads:
                th.start()
            try:
                deadline = time.monotonic() + DEADLINE_S
                while len(answered) < BEFORE and time.monotonic() < deadline:
                    assert not any(t.error for t in tills), [t.error for t in tills]
                    time.sleep(0.01)
                assert len(answered) >= BEFORE, "the tills did not get going"
                pair.primary.stop("immediate")
                lost_at = time.monotonic()  # gone: no answer can come from it after this
                assert pair.standby is not None
                pair.standby.promote()
                mark = len(answered)
                while len(answered) < mark + AFTER and time.monotonic() < deadline:
                    assert not any(t.error for t in tills), [t.error for t in tills]
                    time.sleep(0.01)
            finally:
                stop.set()
                for th in threads:
                    th.join(30)
            assert not any(t.error for t in tills), [t.error for t in tills]
            # Asked after the loss, and answered: the ledger is back.
            after = [done for asked, done in answered if asked > lost_at]
            assert len(after) >= AFTER, "the ledger did not come back after the failover"
            back_s = min(after) - lost_at

        acked = {k: v for t in tills for k, v in t.acked.items()}
        retried: set[str] = set().union(*(t.retried_ids for t in tills))
        new = open_store(pair.new_primary_url(), migrate_schema=False)
        try:
            with new.read() as s:
                rows = {str(e.id): e for e in s.scalars(
                    select(Entry).where(Entry.terminal.like("till%")))}
                balances = {c.number: c.balance for c in s.scalars(select(Card))}
                assert mismatched_balances(s) == []
                total = s.scalar(select(func.count()).select_from(Entry))
        finally:
            new.close()
        missing = set(acked) - set(rows)
        assert not missing, f"{len(missing)} acknowledged operations lost in the failover"
        for entry_id, (op, _number, amount) in acked.items():
            assert abs(rows[entry_id].amount) == amount, (entry_id, op)
        assert retried <= set(acked)  # every in-doubt id was answered in the end
        extra = set(rows) - set(acked)
        assert not extra, f"{len(extra)} entries on the ledger no till was told of"
        expected = {n: OPENING for n in cards}
        for op, number, amount in acked.values():
            expected[number] += amount if op == "load" else -amount
        assert {n: balances[n] for n in cards} == expected
        record("postgres_failover", acknowledged=len(acked), in_doubt_retries=sum(
            t.in_doubt for t in tills), ids_retried=len(retried), entries=total,
            back_after_s=round(back_s, 3))


@pytest.mark.timeout(300)
def test_failover_bench_reports_the_time_back() -> None:
    """`giftpos bench ledger --failover --n 1` runs end to end (one trial)."""
    import json
    import subprocess
    import sys

    from tests.reliability.ledger_proc import ROOT
    from tests.reliability.pgcluster import PrivateCluster

    PrivateCluster().close()  # skips (or fails under CI) without PostgreSQL
    proc = subprocess.run([sys.executable, "-m", "app", "bench", "ledger", "--failover",
                           "--n", "1", "--json"], cwd=ROOT, capture_output=True, text=True,
                          timeout=240, check=False)
    assert proc.returncode == 0, proc.stderr[-2000:]
    figure = json.loads(proc.stdout)["failover"]
    assert figure["trials"] == 1
    assert 0 < figure["back_after_ms"] < 60_000
