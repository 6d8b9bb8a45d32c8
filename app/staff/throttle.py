"""Wrong-PIN throttling: a few free tries, then a lock-out that doubles with
every further wrong PIN, up to a ceiling. Pure, so it is tested without a
clock."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta


@dataclass(frozen=True, kw_only=True)
class ThrottlePolicy:
    free_attempts: int = 3
    base_lock_s: int = 30
    max_lock_s: int = 15 * 60

    def lock_for(self, failures: int) -> timedelta:
        """How long the account refuses PINs after ``failures`` wrong ones in a row."""
        if failures < self.free_attempts:
            return timedelta(0)
        seconds = self.base_lock_s * 2 ** (failures - self.free_attempts)
        return timedelta(seconds=min(seconds, self.max_lock_s))

    def locked_until(self, failures: int, now: datetime) -> datetime | None:
        span = self.lock_for(failures)
        return now + span if span else None


def wait_seconds(until: datetime, now: datetime) -> int:
    """How long a person has to wait, in whole seconds (worded where it is
    shown, in the reader's language: app/messages.py)."""
    return max(1, int((until - now).total_seconds() + 0.999))


def wait_words(until: datetime, now: datetime) -> str:
    """'40 seconds', '3 minutes': how long a person has to wait."""
    seconds = max(1, int((until - now).total_seconds() + 0.999))
    if seconds < 90:
        return f"{seconds} second{'s' if seconds != 1 else ''}"
    minutes = (seconds + 59) // 60
    return f"{minutes} minutes"
