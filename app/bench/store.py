"""`giftpos bench store`: durable redemptions through the real store code,
beside the same SQL done with raw sqlite3 under the same pragmas. Each side
also says its CPU per redemption (``cpu_ms``: this process's CPU, user and
system, the fsync's included), which a loaded machine disturbs far less than
the throughput."""

from __future__ import annotations

import sqlite3
import tempfile
import time
import uuid
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from app.bench.common import timed, with_baseline
from app.domain import Limits, OpContext
from app.ops.service import CardService
from app.store.database import open_store

DEFAULT_N = 2000


def run(n: int | None = None) -> dict[str, Any]:
    n = n or DEFAULT_N
    with tempfile.TemporaryDirectory(prefix="giftpos-bench-") as tmp:
        store = open_store(f"sqlite:///{Path(tmp) / 'ours.db'}")
        svc = CardService(store, limits=Limits(max_balance=10**12),
                          context=OpContext(terminal="bench", store="bench"))
        (card, _), = svc.issue(count=1, amount=n * 100 + 100)
        ours = _with_cpu(n, lambda i: svc.redeem(number=card.number, amount=100))
        store.close()
        raw = _raw_sqlite(Path(tmp) / "raw.db", n, card.number)
    return {"redeem": with_baseline(ours, raw, n=n)}


def _with_cpu(n: int, op: Callable[[int], Any]) -> dict[str, float]:
    """:func:`timed`, and the process's CPU per operation in ms."""
    cpu = time.process_time()
    result = timed(n, op)
    return {**result, "cpu_ms": round((time.process_time() - cpu) * 1000 / n, 3)}


def _raw_sqlite(path: Path, n: int, number: str) -> dict[str, float]:
    """The same statements our redeem issues, by hand: find the card, append the
    entry, update the cached balance, commit. (Like ours without a caller's id,
    it skips the replay look-up.)"""
    # The schema comes from our migrations, so the tables and indexes match.
    open_store(f"sqlite:///{path}").close()
    con = sqlite3.connect(path, isolation_level=None)
    for pragma in ("journal_mode=WAL", "synchronous=FULL", "foreign_keys=ON"):
        con.execute(f"PRAGMA {pragma}")
    now = datetime.now(UTC).isoformat()
    con.execute("BEGIN IMMEDIATE")
    con.execute("INSERT INTO cards (number, currency, status, balance, flagged, created_at, "
                "updated_at) VALUES (?, 'USD', 'ACTIVE', ?, 0, ?, ?)",
                (number, n * 100 + 100, now, now))
    con.execute("COMMIT")

    def op(_i: int) -> None:
        eid = str(uuid.uuid4())
        con.execute("BEGIN IMMEDIATE")
        cid, bal = con.execute("SELECT id, balance FROM cards WHERE number = ?",
                               (number,)).fetchone()
        con.execute(
            "INSERT INTO entries (id, card_id, type, amount, balance_after, requested_amount, "
            "approved_amount, remaining_due, partial, status_after, terminal, store, "
            "business_date, created_at, offline, flagged, fingerprint) "
            "VALUES (?, ?, 'redeem', -100, ?, 100, 100, 0, 0, 'ACTIVE', 'bench', 'bench', "
            "?, ?, 0, 0, 'x')", (eid, cid, bal - 100, now[:10], now))
        con.execute("UPDATE cards SET balance = ?, updated_at = ? WHERE id = ?",
                    (bal - 100, now, cid))
        con.execute("COMMIT")

    result = _with_cpu(n, op)
    con.close()
    return result
