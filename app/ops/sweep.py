"""The timed rules, run by themselves: holds whose time is up are released
and cards past their expiry date expire. Every entry a sweep writes has an id
derived from what it resolves (``child_id(hold, "expired")``, the card and its
expiry date), so a second sweep, or the till's and the ledger's sweeps of
the same hold, change nothing more.

:func:`sweep` runs one sweep over a store; :class:`Sweeper` runs one every
``interval_s`` seconds on a thread of its own (the ledger's `serve`, the
till while the terminal runs; never the GUI thread).
"""

from __future__ import annotations

import logging
import os
import threading
from collections.abc import Callable
from dataclasses import asdict, dataclass
from typing import Generic, TypeVar

from app.domain import OpContext
from app.ops.service import CardService

log = logging.getLogger(__name__)

DEFAULT_INTERVAL_S = 60.0
R = TypeVar("R")
SWEEP_ENV = "GIFTPOS_SWEEP_S"


def interval_from_env(name: str, *, key: str, default: float = DEFAULT_INTERVAL_S) -> float:
    """Seconds between rounds of a background job, from the environment
    variable ``name`` (``default`` when unset); anything but a number above
    zero is refused with ``key``."""
    from app.errors import ValidationError

    raw = os.environ.get(name)
    try:
        value = float(raw) if raw else default
    except ValueError:
        value = -1.0
    if not value > 0:
        raise ValidationError(f"{name} is a number of seconds above zero, not {raw!r}.",
                              key=key)
    return value


def sweep_interval() -> float:
    """Seconds between sweeps: $GIFTPOS_SWEEP_S, else 60."""
    return interval_from_env(SWEEP_ENV, key="invalid_sweep_interval")


@dataclass
class SweepReport:
    holds_released: int = 0
    cards_expired: int = 0
    skipped: bool = False  # another process was sweeping the same database

    def to_dict(self) -> dict[str, object]:
        return asdict(self)

    def lines(self) -> list[str]:
        if self.skipped:
            return ["Another process is sweeping this database; nothing done."]
        return [f"Expired holds released: {self.holds_released}",
                f"Cards expired:          {self.cards_expired}"]


def sweep(cards: CardService, *, ctx: OpContext | None = None) -> SweepReport:
    """One sweep, in batches (each its own transaction), until nothing is due."""
    report = SweepReport()
    while n := cards.release_expired_holds(ctx=ctx):
        report.holds_released += n
    while n := cards.expire_due(ctx=ctx):
        report.cards_expired += n
    if report.holds_released or report.cards_expired:
        log.info("sweep: %d expired holds released, %d cards expired",
                 report.holds_released, report.cards_expired)
    return report


class Sweeper(Generic[R]):
    """Calls ``run`` every ``interval_s`` seconds on a daemon thread until
    stopped; a failure is logged and the next round tries again. ``last`` is
    what the last round answered (a SweepReport for the sweep)."""

    def __init__(self, run: Callable[[], R], *,
                 interval_s: float = DEFAULT_INTERVAL_S, name: str = "sweeper") -> None:
        if interval_s <= 0:
            raise ValueError("the sweep interval must be more than zero")
        self.run = run
        self.interval_s = interval_s
        self.name = name
        self.rounds = 0
        self.last: R | None = None
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None

    def start(self) -> Sweeper[R]:
        if self._thread is None:
            self._thread = threading.Thread(target=self._loop, name=self.name, daemon=True)
            self._thread.start()
        return self

    def stop(self) -> None:
        self._stop.set()
        if self._thread is not None:
            self._thread.join(timeout=30)
            self._thread = None

    def _loop(self) -> None:
        """A sweep at once (what fell due while nothing ran), then one every
        ``interval_s``."""
        while True:
            try:
                self.last = self.run()
            except Exception:
                log.exception("%s: sweep failed; trying again in %.0f s", self.name,
                              self.interval_s)
            self.rounds += 1
            if self._stop.wait(self.interval_s):
                return
