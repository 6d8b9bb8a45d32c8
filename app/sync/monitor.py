"""ConnectivityMonitor: is the ledger reachable? Health checks with backoff.

Online, it checks every ``interval_s``; offline, it retries after 1 s, 2 s,
4 s... up to ``max_backoff_s``. The online gateway reports failures and
successes of real calls too, so a timeout flips the terminal offline at once.
Callbacks run on the monitor's thread (or the reporting caller's); the UI
adapts them into Qt signals. No Qt here.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable

from app.clock import utcnow

log = logging.getLogger(__name__)

Listener = Callable[[bool], None]


class ConnectivityMonitor:
    def __init__(self, check: Callable[[], object], *, interval_s: float = 15.0,
                 first_backoff_s: float = 1.0, max_backoff_s: float = 30.0,
                 online: bool = False) -> None:
        self._check = check
        self.interval_s = interval_s
        self.first_backoff_s = first_backoff_s
        self.max_backoff_s = max_backoff_s
        self._online = online
        self._backoff = first_backoff_s
        self._cond = threading.Condition()
        self._wake = threading.Event()
        self._stop = threading.Event()
        self._listeners: list[Listener] = []
        self._thread: threading.Thread | None = None
        self.last_change = utcnow()
        self.last_error: str | None = None

    @property
    def online(self) -> bool:
        return self._online

    @property
    def retry_in_s(self) -> float:
        """How long the monitor waits before it asks again while offline
        (doubling from ``first_backoff_s`` up to ``max_backoff_s``)."""
        with self._cond:
            return self._backoff

    def subscribe(self, listener: Listener) -> None:
        """``listener(online)`` on every change of state."""
        self._listeners.append(listener)

    # -- state -------------------------------------------------------------
    def _set(self, online: bool, error: str | None = None) -> None:
        with self._cond:
            changed = online != self._online
            self._online = online
            self.last_error = error
            if online:
                self._backoff = self.first_backoff_s
            if changed:
                self.last_change = utcnow()
            self._cond.notify_all()
        if changed:
            log.info("ledger %s%s", "online" if online else "offline",
                     f" ({error})" if error else "")
            for listener in list(self._listeners):
                try:
                    listener(online)
                except Exception:  # a listener's bug must not stop the monitor
                    log.exception("connectivity listener failed")

    def report_success(self) -> None:
        self._set(True)

    def report_failure(self, error: str = "") -> None:
        """A real call failed: offline now, and start checking for recovery."""
        self._set(False, error or "call failed")
        self._wake.set()

    def check_now(self) -> bool:
        try:
            self._check()
        except Exception as exc:
            self._set(False, str(exc) or type(exc).__name__)
            return False
        self._set(True)
        return True

    def wait_for(self, online: bool, timeout: float) -> bool:
        """Block until the state is ``online`` (tests, `giftpos sync`)."""
        with self._cond:
            return self._cond.wait_for(lambda: self._online == online, timeout)

    # -- background ----------------------------------------------------------
    def start(self) -> ConnectivityMonitor:
        if self._thread is None:
            self._thread = threading.Thread(target=self._run, name="ledger-monitor",
                                            daemon=True)
            self._thread.start()
        return self

    def stop(self) -> None:
        self._stop.set()
        self._wake.set()
        if self._thread is not None:
            self._thread.join(timeout=5)
            self._thread = None

    def _run(self) -> None:
        while not self._stop.is_set():
            ok = self.check_now()
            if ok:
                delay = self.interval_s
            else:
                delay = self._backoff
                self._backoff = min(self._backoff * 2, self.max_backoff_s)
            # Sleep until the next check, or until someone reports a failure.
            self._wake.wait(delay)
            self._wake.clear()
