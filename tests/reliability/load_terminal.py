"""One terminal of the load test, as its own process.

usage: python -m tests.reliability.load_terminal SPEC_JSON

SPEC: {"urls": [...], "token": T, "name": N, "seconds": S, "seed": X,
"cards": [...], "db": sqlite URL}. For S seconds it asks the ledger (the
service processes in turn) for online redemptions, loads and refunds of its
own earlier redemptions, and pulls the ledger's changes into its store every
few operations (a sync). A request without an answer is asked again under
the same Idempotency-Key until it is answered, so what it reports is exactly
what the ledger did. Prints one JSON line: sums, counts, latencies, errors.
"""

from __future__ import annotations

import json
import random
import sys
import uuid
from collections.abc import Callable
from functools import partial
from time import perf_counter
from typing import Any

from app.bench.common import summarize
from app.domain import OpContext
from app.errors import Decline, GiftposError
from app.ops.service import CardService
from app.store.database import open_store
from app.sync.client import LedgerClient, LedgerUnavailable
from app.sync.engine import SyncEngine
from app.wire.answers import OpAnswer


def main() -> None:
    spec = json.loads(sys.argv[1])
    rng = random.Random(spec["seed"])
    clients = [LedgerClient(u, spec["token"], timeout_s=15) for u in spec["urls"]]
    store = open_store(spec["db"])
    cards = CardService(store, context=OpContext(terminal=spec["name"], store="load"))
    engine = SyncEngine(cards, clients[0], interval_s=3600)
    ctx = OpContext(terminal=spec["name"], store="load")
    out: dict[str, Any] = {"redeemed": 0, "loaded": 0, "refunded": 0, "requests": 0,
                           "retries": 0, "errors": 0, "declines": 0, "syncs": 0,
                           "ops": {}, "error_keys": {}}
    lat: list[float] = []
    spends: list[tuple[str, int]] = []
    i = 0
    start = perf_counter()
    while perf_counter() - start < spec["seconds"]:
        i += 1
        client = clients[i % len(clients)]
        if i % 25 == 0:
            try:
                engine.client = client
                engine.sync_once()
                out["syncs"] += 1
            except LedgerUnavailable:
                out["errors"] += 1
            continue
        pick, eid = rng.random(), str(uuid.uuid4())
        number = rng.choice(spec["cards"])
        call: Callable[[LedgerClient], OpAnswer]
        if pick < 0.6:
            kind, amount = "redeem", rng.randint(100, 5_000)
            call = partial(LedgerClient.redeem, number=number, amount=amount, partial=True,
                           capture=True, entry_id=eid, ctx=ctx)
        elif pick < 0.8 or not spends:
            kind, amount = "load", rng.randint(100, 3_000)
            call = partial(LedgerClient.load, number=number, amount=amount, entry_id=eid,
                           ctx=ctx)
        else:
            kind = "refund"
            original, left = spends.pop(rng.randrange(len(spends)))
            call = partial(LedgerClient.refund, original_id=original,
                           amount=rng.randint(1, left), entry_id=eid, ctx=ctx)
        answer = None
        t0 = perf_counter()
        for attempt in range(20):
            out["requests"] += 1
            try:
                answer = call(clients[(i + attempt) % len(clients)])
                break
            except LedgerUnavailable:
                out["retries"] += 1  # same key: it is answered once, whatever happened
            except Decline as exc:
                out["declines"] += 1
                out["error_keys"][exc.key] = out["error_keys"].get(exc.key, 0) + 1
                break
            except GiftposError as exc:
                out["errors"] += 1
                out["error_keys"][exc.key] = out["error_keys"].get(exc.key, 0) + 1
                break
        lat.append(perf_counter() - t0)
        if answer is None:
            continue
        out["ops"][kind] = out["ops"].get(kind, 0) + 1
        moved = answer.amount
        if kind == "redeem":
            out["redeemed"] += moved
            if moved:
                spends.append((answer.id, moved))
        elif kind == "load":
            out["loaded"] += moved
        else:
            out["refunded"] += moved
    out["wall_s"] = round(perf_counter() - start, 2)
    out["latency"] = summarize(lat, perf_counter() - start)
    out["latencies_ms"] = sorted(round(x * 1000, 2) for x in lat)
    for c in clients:
        c.close()
    store.close()
    print(json.dumps(out), flush=True)


if __name__ == "__main__":
    main()
