"""`giftpos bench ledger [--db URL] [--json]`: the central ledger's figures.

- online_1, online_8, online_32: redemptions (captured at once) per second and
  p50/p99 latency with 1, 8 and 32 concurrent HTTP clients against a real
  `giftpos ledger serve` (two processes per core on PostgreSQL, its default;
  two on SQLite), beside the same transaction done
  directly with psycopg (or sqlite3) by as many threads (``baseline``).
- sync_push: offline entries pushed from a terminal's outbox by the real
  SyncEngine, in batches of 1000, beside a raw batched insert of as many rows.
- cpu (each online scenario and its baseline): CPU milliseconds per operation
  taken by the service's processes, by the database's backends (PostgreSQL)
  and by the bench's own clients, read from /proc around the timed part
  (app/bench/cpu.py); ``cpu_ms`` is service + database, the cost a redemption
  puts on the ledger's machine whatever the machine's other load.

The database is ``--db``, else $GIFTPOS_TEST_POSTGRES_URL, else a scratch
SQLite file; on PostgreSQL a scratch database is created and dropped, so the
server is left as it was. ``--n`` is redemptions per online scenario (default
2,000: a p99 of 400 samples was their 4th-worst, and moved by tens of ms from
run to run); $GIFTPOS_BENCH_PUSH_N is the number of entries pushed (default
20,000; the issue's figure is 100,000).
"""

from __future__ import annotations

import http.client
import itertools
import json
import os
import sqlite3
import subprocess
import sys
import tempfile
import threading
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import UTC, date, datetime
from pathlib import Path
from time import perf_counter
from typing import Any

import httpx
from sqlalchemy.engine import make_url

from app.bench import cpu
from app.bench.common import summarize, with_baseline
from app.domain import Limits, OpContext
from app.ledger.auth import enroll
from app.ledger.runner import default_workers, free_socket
from app.ledger.scratch import scratch_database
from app.ops.service import CardService
from app.store.database import open_store

DEFAULT_N = 2000
DEFAULT_PUSH_N = 20_000
CLIENTS = (1, 8, 32)
BIG = 10**9  # card balances large enough for any run
WARMUP = 5  # untimed redemptions per client first


def run(n: int | None = None, db: str | None = None) -> dict[str, Any]:
    n = n or DEFAULT_N
    push_n = int(os.environ.get("GIFTPOS_BENCH_PUSH_N", DEFAULT_PUSH_N))
    base = db or os.environ.get("GIFTPOS_TEST_POSTGRES_URL")
    with scratch_database(base, prefix="giftpos_bench") as url:
        store = open_store(url)
        svc = CardService(store, limits=Limits(max_balance=BIG),
                          context=OpContext(terminal="bench", store="bench"))
        ours_cards = [v.number for v, _ in svc.issue(count=max(CLIENTS), amount=BIG // 10)]
        raw_cards = [v.number for v, _ in svc.issue(count=max(CLIENTS), amount=BIG // 10)]
        push_cards = [v.number for v, _ in svc.issue(count=100, amount=BIG // 10)]
        token = enroll(store, store_id="bench", name="bench-till")
        store.close()
        out: dict[str, Any] = {"database": make_url(url).get_backend_name()}
        workers = max(2, default_workers(url))  # two at least, as before, on SQLite
        with _server(url, workers) as (http, service_pids), _backends(url) as backends:
            def meter() -> cpu.Meter | None:
                if not cpu.available():
                    return None
                return cpu.Meter(service=lambda: service_pids, database=backends,
                                 client=lambda: [os.getpid()])

            for k in CLIENTS:
                ours = _online(http, k, n, lambda c, t: _redeem(c, token, ours_cards[t]),
                               meter())
                raw = _raw_online(url, raw_cards[:k], n, meter())
                floor = _online(http, k, n, _health, meter())
                out[f"online_{k}"] = with_baseline(ours, raw, n=n, clients=k,
                                                   workers=workers, health_floor=floor)
            ours_push = _push(http, token, push_cards, push_n, meter())
        raw_push = _raw_insert(url, raw_cards[0], push_n)
        out["sync_push"] = with_baseline(ours_push, raw_push, n=push_n, unit="entries")
    return out


# -- the service ------------------------------------------------------------------

@contextmanager
def _backends(url: str) -> Iterator[Callable[[], list[int]]]:
    """A function giving the pids of the database's backends serving the
    scratch database (PostgreSQL; none on SQLite, where the database's work is
    done inside the service's and the clients' processes)."""
    if make_url(url).get_backend_name() != "postgresql":
        yield list
        return
    import psycopg

    with psycopg.connect(_pg_dsn(url), autocommit=True) as conn:
        def pids() -> list[int]:
            rows = conn.execute("SELECT pid FROM pg_stat_activity WHERE datname = "
                                "current_database() AND pid <> pg_backend_pid()").fetchall()
            return [r[0] for r in rows]

        yield pids


@contextmanager
def _server(url: str, workers: int) -> Iterator[tuple[str, list[int]]]:
    """The service, and the pids of its processes once every one answers."""
    sock = free_socket()
    port = sock.getsockname()[1]
    sock.close()
    proc = subprocess.Popen(
        [sys.executable, "-m", "app", "ledger", "serve", "--db", url, "--port", str(port),
         "--workers", str(workers)], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        env=os.environ.copy())
    http = f"http://127.0.0.1:{port}"
    # Every process answering, not just the first: one still starting (imports,
    # its pool) takes a core from the first scenario's measurement.
    answered: set[int] = set()
    # One client (httpx.get builds one, and an SSL context, per call: 30 ms of
    # CPU 20 times a second, taken from the starting service), a new
    # connection per poll so that any process may answer it.
    try:
        with httpx.Client(timeout=1, limits=httpx.Limits(max_keepalive_connections=0)) as poll:
            for _ in range(1200):
                try:
                    r = poll.get(f"{http}/v1/health")
                    if r.status_code == 200:
                        answered.add(r.json()["pid"])
                        if len(answered) >= workers:
                            break
                except httpx.TransportError:
                    pass
                try:
                    proc.wait(timeout=0.05)
                    raise RuntimeError("the ledger service did not start")
                except subprocess.TimeoutExpired:
                    continue
            else:
                raise RuntimeError(f"only {len(answered)} of {workers} ledger processes answered")
        yield http, cpu.descendants(proc.pid) if cpu.available() else []
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait(timeout=30)


def _threads(k: int, n: int, op: Callable[[int, int], None],
             setup: Callable[[int], Any] | None = None,
             meter: cpu.Meter | None = None) -> dict[str, Any]:
    """n operations shared by k threads; op(thread, i). Per-op latencies, and
    with a meter the CPU per operation of its groups (read while every thread
    waits at the gate, after its setup, and once all have ended)."""
    lat: list[list[float]] = [[] for _ in range(k)]
    ready, start_gate = threading.Barrier(k + 1), threading.Barrier(k + 1)

    def worker(t: int) -> None:
        if setup is not None:
            setup(t)
        ready.wait()
        start_gate.wait()
        for i in range(t, n, k):
            t0 = perf_counter()
            op(t, i)
            lat[t].append(perf_counter() - t0)

    threads = [threading.Thread(target=worker, args=(t,)) for t in range(k)]
    for th in threads:
        th.start()
    ready.wait()  # every setup done: the first reading holds none of the warm-up
    if meter is not None:
        meter.start()
    start_gate.wait()
    t0 = perf_counter()
    for th in threads:
        th.join()
    wall = perf_counter() - t0
    out: dict[str, Any] = summarize([x for per in lat for x in per], wall)
    if meter is not None:
        out.update(_cpu_per_op(meter, n))
    return out


def _cpu_per_op(meter: cpu.Meter, n: int) -> dict[str, Any]:
    """The meter's reading since its start, in CPU ms per operation."""
    per_op = {g: round(s * 1000 / n, 3) for g, s in meter.stop().items()}
    return {"cpu_ms": round(per_op.get("service", 0.0) + per_op.get("database", 0.0), 3),
            "cpu": per_op}


def _redeem(conn: http.client.HTTPConnection, token: str, number: str) -> None:
    body = json.dumps({"number": number, "amount": 1, "capture": True}).encode()
    conn.request("POST", "/v1/cards/redemptions", body=body,
                 headers={"Authorization": f"Bearer {token}",
                          "Content-Type": "application/json",
                          "Idempotency-Key": str(uuid.uuid4())})
    r = conn.getresponse()
    body = r.read()
    if r.status != 200:
        raise RuntimeError(f"redemption failed: {body.decode(errors='replace')}")


def _health(conn: http.client.HTTPConnection, _t: int) -> None:
    conn.request("GET", "/v1/health")
    r = conn.getresponse()
    r.read()
    if r.status != 200:
        raise RuntimeError(f"health check failed: {r.status}")


def _online(base: str, k: int, n: int,
            call: Callable[[http.client.HTTPConnection, int], None],
            meter: cpu.Meter | None = None) -> dict[str, Any]:
    """k clients, each a keep-alive HTTP/1.1 connection making n/k calls
    (``call(connection, client)``). The clients are the standard library's
    http.client, not httpx: they stand in for terminals on other machines, and
    here they share the ledger's two cores. httpx spent ~1.4 ms of CPU per
    request at 8 clients (measured against an empty FastAPI route),
    http.client ~0.25 ms; with httpx the figure was as much the load
    generator's as the ledger's.

    Each online scenario also reports ``health_floor``: the same clients
    calling /v1/health (HTTP, no auth, one ``SELECT 1``), what the server and
    this machine answer at best."""
    where = httpx.URL(base)
    conns: dict[int, http.client.HTTPConnection] = {}

    def setup(t: int) -> None:
        conns[t] = http.client.HTTPConnection(where.host, where.port, timeout=30)
        for _ in range(WARMUP):  # connections, pools, prepared statements
            call(conns[t], t)

    try:
        return _threads(k, n, lambda t, _i: call(conns[t], t), setup, meter)
    finally:
        for c in conns.values():
            c.close()


# -- the baselines ---------------------------------------------------------------

_INSERT = ("INSERT INTO entries (id, card_id, type, amount, balance_after, requested_amount, "
           "approved_amount, remaining_due, partial, status_after, terminal, store, "
           "business_date, created_at, posted_at, offline, flagged, fingerprint) VALUES "
           "({p}, {p}, 'redeem', -1, {p}, 1, 1, 0, false, 'ACTIVE', 'bench', 'bench', {p}, "
           "{p}, {p}, {off}, false, 'x')")


def _pg_dsn(url: str) -> str:
    return make_url(url).set(drivername="postgresql").render_as_string(hide_password=False)


def _raw_online(url: str, cards: list[str], n: int,
                meter: cpu.Meter | None = None) -> dict[str, Any]:
    """Our redemption's statements, by hand, in one transaction each."""
    k = len(cards)
    today, now = date.today(), datetime.now(UTC)
    if make_url(url).get_backend_name() == "sqlite":
        path = make_url(url).database or ""
        cons: dict[int, Any] = {}

        def setup_lite(t: int) -> None:
            con = sqlite3.connect(path, isolation_level=None, check_same_thread=False)
            con.execute("PRAGMA busy_timeout=10000")
            con.execute("PRAGMA synchronous=FULL")
            cons[t] = con

        def op_lite(t: int, _i: int) -> None:
            con = cons[t]
            con.execute("BEGIN IMMEDIATE")
            cid, bal = con.execute("SELECT id, balance FROM cards WHERE number = ?",
                                   (cards[t],)).fetchone()
            eid = str(uuid.uuid4())
            con.execute("SELECT seq FROM entries WHERE id = ?", (eid,)).fetchone()
            con.execute(_INSERT.format(p="?", off="0"),
                        (eid, cid, bal - 1, today.isoformat(), now.isoformat(),
                         now.isoformat()))
            con.execute("UPDATE cards SET balance = ? WHERE id = ?", (bal - 1, cid))
            con.execute("COMMIT")

        return _threads(k, n, op_lite, setup_lite, meter)

    import psycopg

    conns: dict[int, Any] = {}

    def setup(t: int) -> None:
        conns[t] = psycopg.connect(_pg_dsn(url))

    def op(t: int, _i: int) -> None:
        conn = conns[t]
        with conn.transaction(), conn.cursor() as cur:
            cur.execute("SELECT id, balance FROM cards WHERE number = %s FOR UPDATE",
                        (cards[t],))
            cid, bal = cur.fetchone()  # type: ignore[misc]
            eid = str(uuid.uuid4())
            cur.execute("SELECT seq FROM entries WHERE id = %s", (eid,))
            cur.execute(_INSERT.format(p="%s", off="false"),
                        (eid, cid, bal - 1, today, now, now))
            cur.execute("UPDATE cards SET balance = %s, updated_at = %s WHERE id = %s",
                        (bal - 1, now, cid))

    try:
        return _threads(k, n, op, setup, meter)
    finally:
        for c in conns.values():
            c.close()


def _raw_insert(url: str, number: str, n: int, batch: int = 1000) -> dict[str, float]:
    """n entry rows inserted in batches of ``batch``, one transaction each."""
    today, now = date.today(), datetime.now(UTC)
    lat: list[float] = []
    if make_url(url).get_backend_name() == "sqlite":
        con = sqlite3.connect(make_url(url).database or "", isolation_level=None)
        (cid,) = con.execute("SELECT id FROM cards WHERE number = ?", (number,)).fetchone()
        start = perf_counter()
        for b in range(0, n, batch):
            t0 = perf_counter()
            rows = [(str(uuid.uuid4()), cid, 0, today.isoformat(), now.isoformat(),
                     now.isoformat()) for _ in range(min(batch, n - b))]
            con.execute("BEGIN IMMEDIATE")
            con.executemany(_INSERT.format(p="?", off="1"), rows)
            con.execute("COMMIT")
            lat.append(perf_counter() - t0)
        wall = perf_counter() - start
        con.close()
        return _per_entry(lat, wall, n)
    import psycopg

    with psycopg.connect(_pg_dsn(url)) as conn:
        cur = conn.execute("SELECT id FROM cards WHERE number = %s", (number,))
        (cid,) = cur.fetchone()  # type: ignore[misc]
        conn.commit()
        start = perf_counter()
        for b in range(0, n, batch):
            t0 = perf_counter()
            pg_rows = [(str(uuid.uuid4()), cid, 0, today, now, now)
                       for _ in range(min(batch, n - b))]
            with conn.transaction(), conn.cursor() as c:
                c.executemany(_INSERT.format(p="%s", off="true"), pg_rows)
            lat.append(perf_counter() - t0)
        wall = perf_counter() - start
    return _per_entry(lat, wall, n)


def _per_entry(batch_lat: list[float], wall: float, n: int) -> dict[str, float]:
    """Entries per second; p50/p99 are per batch."""
    fig = summarize(batch_lat, wall)
    fig["ops_per_s"] = round(n / wall, 1) if wall > 0 else 0.0
    return fig


# -- store-and-forward -------------------------------------------------------------

def _push(http: str, token: str, cards: list[str], n: int,
          meter: cpu.Meter | None = None) -> dict[str, Any]:
    """A terminal with n offline redemptions in its outbox, pushed by the real
    SyncEngine. The outbox is filled by hand (setup, not measured). With a
    meter, CPU per entry: the ledger's processes, PostgreSQL, and the
    terminal's side (``client``: this process, where the SyncEngine runs)."""
    from app.sync.client import LedgerClient
    from app.sync.engine import SyncEngine, SyncReport

    with tempfile.TemporaryDirectory(prefix="giftpos-bench-") as tmp:
        path = Path(tmp) / "till.db"
        term = open_store(f"sqlite:///{path}")
        term.close()
        _fill_outbox(path, cards, n)
        term = open_store(f"sqlite:///{path}")
        svc = CardService(term, limits=Limits(max_balance=BIG))
        client = LedgerClient(http, token, timeout_s=120)
        engine = SyncEngine(svc, client, batch_size=1000, push_timeout_s=120)
        lat: list[float] = []
        engine.on_progress(lambda p: lat.append(perf_counter()) if p.phase == "pushing"
                           else None)
        report = SyncReport()
        if meter is not None:
            meter.start()
        start = perf_counter()
        engine._push_all(report)
        wall = perf_counter() - start
        used = _cpu_per_op(meter, n) if meter is not None else {}
        client.close()
        term.close()
        if report.pushed != n or report.rejected:
            raise RuntimeError(f"push bench: {report}")
        marks = [start, *lat[1:], start + wall]
        return {**_per_entry([b - a for a, b in itertools.pairwise(marks)], wall, n), **used}


def _fill_outbox(path: Path, cards: list[str], n: int) -> None:
    con = sqlite3.connect(path, isolation_level=None)
    now = datetime.now(UTC).isoformat()
    today = date.today().isoformat()
    con.execute("BEGIN")
    ids = []
    for number in cards:
        cur = con.execute("INSERT INTO cards (number, currency, status, balance, flagged, "
                          "created_at, updated_at) VALUES (?, 'USD', 'ACTIVE', ?, 0, ?, ?)",
                          (number, BIG // 10, now, now))
        ids.append(cur.lastrowid)
    rows, outbox = [], []
    for i in range(n):
        eid = str(uuid.uuid4())
        rows.append((eid, ids[i % len(ids)], BIG // 10 - 1 - i // len(ids), today, now, now))
        outbox.append((eid, now))
    con.executemany(
        "INSERT INTO entries (id, card_id, type, amount, balance_after, requested_amount, "
        "approved_amount, remaining_due, partial, status_after, terminal, store, "
        "business_date, created_at, posted_at, offline, flagged, fingerprint) VALUES "
        "(?, ?, 'redeem', -1, ?, 1, 1, 0, 0, 'ACTIVE', 'bench-till', 'bench', ?, ?, NULL, "
        "1, 0, 'x')", [(e, c, b, d, t) for e, c, b, d, t, _ in rows])
    con.executemany("INSERT INTO outbox (entry_id, queued_at, attempts) VALUES (?, ?, 0)",
                    outbox)
    con.execute("UPDATE cards SET balance = balance - (SELECT count(*) FROM entries "
                "WHERE entries.card_id = cards.id)")
    con.execute("COMMIT")
    con.close()
