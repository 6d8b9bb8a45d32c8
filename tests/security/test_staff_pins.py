"""Finding 15.10 (staff PINs): twelve wrong PINs sent at once are checked one
after another, so the lock-out holds after the free tries; and whether a
name exists cannot be told from the answer time (an unknown name costs one
argon2 verification too). Real argon2 (production costs), a real SQLite."""

from __future__ import annotations

import statistics
import time
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import pytest

from app.errors import AuthError, RateLimited
from app.staff.service import StaffService
from app.staff.throttle import ThrottlePolicy


def test_concurrent_wrong_pins_do_not_outrun_the_lock(store: Any) -> None:
    staff = StaffService(store, terminal="till-9", policy=ThrottlePolicy())
    staff.add(name="mia", role="manager", pin="4821")

    def attempt(i: int) -> str:
        try:
            staff.verify(name="mia", pin=f"{1000 + i}")
        except AuthError:
            return "refused"
        except RateLimited:
            return "locked"
        return "ok"

    with ThreadPoolExecutor(max_workers=12) as pool:
        outcomes = list(pool.map(attempt, range(12)))
    # The free tries, then the lock: never twelve PINs checked.
    assert outcomes.count("refused") == ThrottlePolicy().free_attempts - 1, outcomes
    assert outcomes.count("locked") == 12 - outcomes.count("refused")
    with pytest.raises(RateLimited):
        staff.verify(name="mia", pin="4821")


def test_an_unknown_name_takes_as_long_as_a_known_one(store: Any) -> None:
    staff = StaffService(store, terminal="till-9",
                         policy=ThrottlePolicy(free_attempts=100))
    staff.add(name="mia", role="manager", pin="4821")

    def timed(name: str) -> float:
        t0 = time.perf_counter()
        with pytest.raises(AuthError):
            staff.verify(name=name, pin="0000")
        return time.perf_counter() - t0

    timed("nobody")  # the first unknown name makes the dummy hash once
    known = statistics.median(timed("mia") for _ in range(5))
    unknown = statistics.median(timed(f"nobody-{i}") for i in range(5))
    # Before: 1.5 ms against 118 ms. Both are one argon2 verification now.
    assert 0.4 < unknown / known < 2.5, (unknown, known)
