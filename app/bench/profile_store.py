"""Where a till's redemption spends its CPU: ``python -m app.bench.profile_store
[N]`` redeems N times (2,000 by default, after 200 to warm up) through
``CardService.redeem`` on a scratch SQLite store, prints the CPU milliseconds
per redemption, then the top of a cProfile of N more (docs/core.md,
"Performance")."""

from __future__ import annotations

import cProfile
import pstats
import sys
import tempfile
import time
from pathlib import Path

from app.domain import Limits, OpContext
from app.ops.service import CardService
from app.store.database import open_store


def main(n: int = 2000) -> None:
    with tempfile.TemporaryDirectory(prefix="giftpos-profile-") as tmp:
        store = open_store(f"sqlite:///{Path(tmp) / 'till.db'}")
        svc = CardService(store, limits=Limits(max_balance=10**12),
                          context=OpContext(terminal="bench", store="bench"))
        (card, _), = svc.issue(count=1, amount=10**9)
        for _ in range(200):
            svc.redeem(number=card.number, amount=100)
        t = time.process_time()
        for _ in range(n):
            svc.redeem(number=card.number, amount=100)
        print(f"cpu ms/op {(time.process_time() - t) * 1000 / n:.3f}")
        prof = cProfile.Profile()
        prof.enable()
        for _ in range(n):
            svc.redeem(number=card.number, amount=100)
        prof.disable()
        pstats.Stats(prof).sort_stats("tottime").print_stats(30)
        store.close()


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 2000)
