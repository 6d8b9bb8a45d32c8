"""`giftpos bench ledger --failover [--n TRIALS] [--json]`: how long the
ledger is away when its database server is lost.

Each trial builds a PostgreSQL primary with a synchronous streaming standby
of its own (app/bench/pgcluster.py: initdb and pg_basebackup -R in
temporary folders, loopback ports below the ephemeral range; never a shared
server), starts `giftpos ledger serve` on the multi-host URL
(``?host=A&host=B&target_session_attrs=read-write``), puts 8 clients on it
redeeming with entry ids (an answer that does not come is asked again under
the same id, as a till does), then stops the primary with ``pg_ctl stop -m
immediate`` and promotes the standby at once (``pg_ctl promote``), as an
automatic failover manager would. Reported per trial and as the median:

- back_after_ms: from the primary's loss (``pg_ctl stop -m immediate``
  returned) to the first redemption asked after it and answered (the
  figure of issue 18);
- promote_ms: from the loss to ``pg_ctl promote -w`` returning (pg_ctl
  polls, so the standby may take writes a little before);
- in_doubt: requests that got no answer (503 or a cut) and were asked again.

The time to *detect* a dead primary (Patroni's or pg_auto_failover's
timeouts, 10-30 s by default) is not in it: promotion here is immediate.
Both clusters are removed after each trial.
"""

from __future__ import annotations

import http.client
import json
import statistics
import threading
import time
import uuid
from typing import Any

from app.bench.ledger import _server
from app.bench.pgcluster import ClusterUnavailable, replicated_pair
from app.domain import Limits, OpContext
from app.ledger.auth import enroll
from app.ops.service import CardService
from app.store.database import open_store

CLIENTS = 8
DEFAULT_TRIALS = 3
BIG = 10**9


def run(trials: int | None = None) -> dict[str, Any]:
    trials = trials or DEFAULT_TRIALS
    try:
        results = [_trial() for _ in range(trials)]
    except ClusterUnavailable as exc:
        return {"database": f"unavailable: {exc}"}
    back = [r["back_after_ms"] for r in results]
    return {"database": "postgresql, primary + synchronous standby (private clusters)",
            "failover": {"back_after_ms": round(statistics.median(back), 1),
                         "back_after_ms_max": round(max(back), 1),
                         "promote_ms": round(statistics.median(
                             r["promote_ms"] for r in results), 1),
                         "in_doubt": sum(r["in_doubt"] for r in results),
                         "trials": trials, "clients": CLIENTS},
            "trials": results}


def _trial() -> dict[str, Any]:
    with replicated_pair("giftpos_bench") as pair:
        url = pair.url
        store = open_store(url)
        svc = CardService(store, limits=Limits(max_balance=BIG),
                          context=OpContext(terminal="bench", store="bench"))
        cards = [v.number for v, _ in svc.issue(count=CLIENTS, amount=BIG // 10)]
        token = enroll(store, store_id="bench", name="bench-till")
        store.close()
        with _server(url, 2) as (base, _pids):
            port = int(base.rsplit(":", 1)[1])
            stop = threading.Event()
            answered: list[tuple[float, float]] = []
            in_doubt = [0]
            threads = [threading.Thread(target=_client, daemon=True,
                                        args=(port, token, n, stop, answered, in_doubt))
                       for n in cards]
            for th in threads:
                th.start()
            try:
                _wait(lambda: len(answered) >= 200, 60)
                pair.primary.stop("immediate")
                lost = time.monotonic()  # the primary is gone: nothing can answer from it
                assert pair.standby is not None
                pair.standby.promote()
                promoted = time.monotonic()
                _wait(lambda: any(a > lost for a, _ in answered), 60)
            finally:
                stop.set()
                for th in threads:
                    th.join(30)
            back = min(done for asked, done in answered if asked > lost)
            return {"back_after_ms": round((back - lost) * 1000, 1),
                    "promote_ms": round((promoted - lost) * 1000, 1),
                    "in_doubt": in_doubt[0]}


def _wait(cond: Any, timeout_s: float) -> None:
    deadline = time.monotonic() + timeout_s
    while not cond():
        if time.monotonic() > deadline:
            raise RuntimeError("the ledger did not answer in time")
        time.sleep(0.002)


def _client(port: int, token: str, number: str, stop: threading.Event,
            answered: list[tuple[float, float]], in_doubt: list[int]) -> None:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    try:
        while not stop.is_set():
            key = str(uuid.uuid4())
            body = json.dumps({"number": number, "amount": 1, "capture": True}).encode()
            while not stop.is_set():  # the same id until answered
                asked = time.monotonic()
                try:
                    conn.request("POST", "/v1/cards/redemptions", body=body,
                                 headers={"Authorization": f"Bearer {token}",
                                          "Content-Type": "application/json",
                                          "Idempotency-Key": key})
                    r = conn.getresponse()
                    r.read()
                    if r.status == 200:
                        answered.append((asked, time.monotonic()))
                        break
                except (OSError, http.client.HTTPException):
                    conn.close()
                    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
                in_doubt[0] += 1
                time.sleep(0.005)
    finally:
        conn.close()
