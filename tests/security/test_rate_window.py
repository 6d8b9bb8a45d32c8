"""Finding 15.8 (rate limits): a till's look-ups are limited over a sliding
minute, so a burst across a minute's boundary does not get two allowances
(fixed windows allowed 2x the limit in two seconds)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from app.errors import RateLimited
from app.ledger import guards
from app.ledger.auth import enroll
from app.ledger.schema import Principal
from app.store.database import open_store

LIMIT = 10


def test_a_burst_across_a_minute_boundary_is_still_limited(tmp_path: Path) -> None:
    store = open_store(f"sqlite:///{tmp_path / 'ledger.db'}")
    enroll(store, store_id="s1", name="t1")
    with store.read() as s:
        pid = s.query(Principal.id).filter(Principal.name == "t1").scalar()
    boundary = datetime(2026, 12, 6, 1, 0, tzinfo=UTC)

    def hit(at: datetime) -> bool:
        try:
            with store.transaction() as s:
                guards.hit_rate(s, caller_id=pid, kind="key", now=at, limit=LIMIT)
            return True
        except RateLimited:
            return False

    # The whole allowance in the last second of one minute...
    assert all(hit(boundary - timedelta(seconds=1)) for _ in range(LIMIT))
    # ...leaves nothing one second into the next (a fixed window allowed 10 more).
    assert not hit(boundary + timedelta(seconds=1))
    # As the old minute slides out, the allowance comes back, a bit at a time.
    assert hit(boundary + timedelta(seconds=20))
    assert sum(hit(boundary + timedelta(seconds=59)) for _ in range(LIMIT)) >= LIMIT - 2
    assert not hit(boundary + timedelta(seconds=59))
    store.close()


@pytest.mark.parametrize("gap_s", [61, 3600])
def test_after_a_quiet_minute_the_allowance_is_whole(tmp_path: Path, gap_s: int) -> None:
    store = open_store(f"sqlite:///{tmp_path / 'ledger.db'}")
    enroll(store, store_id="s1", name="t1")
    with store.read() as s:
        pid = s.query(Principal.id).filter(Principal.name == "t1").scalar()
    start = datetime(2026, 12, 6, 1, 0, 30, tzinfo=UTC)
    with store.transaction() as s:
        for _ in range(LIMIT):
            guards.hit_rate(s, caller_id=pid, kind="key", now=start, limit=LIMIT)
    later = start + timedelta(seconds=gap_s + 60)
    with store.transaction() as s:
        for _ in range(LIMIT):
            guards.hit_rate(s, caller_id=pid, kind="key", now=later, limit=LIMIT)
    store.close()
