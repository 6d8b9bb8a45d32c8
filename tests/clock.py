"""A hand-set clock for tests: business dates, hold expiry and PIN lock-outs
follow the test, not the wall."""

from __future__ import annotations

from datetime import datetime


class ManualClock:
    def __init__(self, now: datetime) -> None:
        self.now = now

    def __call__(self) -> datetime:
        return self.now
