"""Wrong-PIN lock-out: free tries, then a lock that doubles up to a ceiling."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from app.staff.permissions import Need, Role, allowed_alone, approvable, need
from app.staff.throttle import ThrottlePolicy, wait_words


def test_free_attempts_then_doubling_lock_capped() -> None:
    p = ThrottlePolicy(free_attempts=3, base_lock_s=30, max_lock_s=600)
    assert [p.lock_for(n) for n in range(3)] == [timedelta(0)] * 3
    assert [p.lock_for(n).total_seconds() for n in range(3, 9)] == [30, 60, 120, 240, 480, 600]
    now = datetime(2026, 1, 1, tzinfo=UTC)
    assert p.locked_until(2, now) is None
    assert p.locked_until(4, now) == now + timedelta(seconds=60)


def test_wait_words() -> None:
    now = datetime(2026, 1, 1, tzinfo=UTC)
    assert wait_words(now + timedelta(seconds=1), now) == "1 second"
    assert wait_words(now + timedelta(seconds=30), now) == "30 seconds"
    assert wait_words(now + timedelta(seconds=240), now) == "4 minutes"


def test_permissions_fail_closed() -> None:
    assert allowed_alone(Role.CASHIER, "lookup")
    assert not allowed_alone(Role.CASHIER, "refund") and approvable("refund")
    assert not allowed_alone(Role.CASHIER, "cancel") and not approvable("cancel")
    assert allowed_alone(Role.MANAGER, "cancel")
    assert need("something_new") == Need.MANAGER and not approvable("something_new")
