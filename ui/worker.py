"""The one way the GUI runs a service call: off the GUI thread.

Database work, ledger calls and printer I/O block; the Qt event loop must not.
:meth:`Worker.submit` runs ``fn()`` on a thread of a private QThreadPool and
delivers the answer back on the GUI thread: ``on_ok(result)`` or
``on_err(exc)``. Both callbacks run on the GUI thread (a queued signal to an
object that lives there), so they may touch widgets. As in Anki's
``CollectionOp``: the call must never touch the UI itself.
"""

from __future__ import annotations

import itertools
import logging
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QObject, QRunnable, Qt, QThreadPool, Signal, Slot

from app.errors import GiftposError

log = logging.getLogger(__name__)

OkCallback = Callable[[Any], None]
ErrCallback = Callable[[BaseException], None]


@dataclass
class _Pending:
    label: str
    on_ok: OkCallback | None
    on_err: ErrCallback | None


class _Task(QRunnable):
    """Runs on a pool thread; reports through the worker's queued signal."""

    def __init__(self, worker: Worker, token: int, fn: Callable[[], Any]) -> None:
        super().__init__()
        self._worker = worker
        self._token = token
        self._fn = fn
        self.setAutoDelete(True)

    def run(self) -> None:
        try:
            result = self._fn()
        except BaseException as exc:  # delivered to the GUI, never lost in a thread
            self._worker._err.emit(self._token, exc)
        else:
            self._worker._ok.emit(self._token, result)


class Worker(QObject):
    """Lives on the GUI thread. ``busy_changed(n)`` tells how many calls are in
    flight so screens can show a spinner; ``finished(label)`` fires after each
    call's callback ran (tests wait on it)."""

    # One signal per outcome, queued to this (GUI-thread) object.
    _ok = Signal(int, object)
    _err = Signal(int, object)
    busy_changed = Signal(int)
    finished = Signal(str)
    failed = Signal(str, object)

    def __init__(self, parent: QObject | None = None, *, max_threads: int = 4) -> None:
        super().__init__(parent)
        self._pool = QThreadPool(self)
        self._pool.setMaxThreadCount(max_threads)
        self._pending: dict[int, _Pending] = {}
        self._ids = itertools.count(1)
        # Queued: the slot runs on this object's (GUI) thread whatever thread emits.
        self._ok.connect(self._deliver_ok, Qt.ConnectionType.QueuedConnection)
        self._err.connect(self._deliver_err, Qt.ConnectionType.QueuedConnection)

    @property
    def in_flight(self) -> int:
        return len(self._pending)

    def submit(self, fn: Callable[[], Any], *, on_ok: OkCallback | None = None,
               on_err: ErrCallback | None = None, label: str = "") -> int:
        """Run ``fn`` on a pool thread (GUI thread: call from here only)."""
        token = next(self._ids)
        self._pending[token] = _Pending(label or getattr(fn, "__name__", "call"), on_ok, on_err)
        self._pool.start(_Task(self, token, fn))
        self.busy_changed.emit(len(self._pending))
        return token

    @Slot(int, object)
    def _deliver_ok(self, token: int, payload: object) -> None:
        self._deliver(token, True, payload)

    @Slot(int, object)
    def _deliver_err(self, token: int, payload: object) -> None:
        self._deliver(token, False, payload)

    def _deliver(self, token: int, ok: bool, payload: object) -> None:
        pending = self._pending.pop(token, None)
        self.busy_changed.emit(len(self._pending))
        if pending is None:
            return
        try:
            if ok:
                if pending.on_ok is not None:
                    pending.on_ok(payload)
            else:
                assert isinstance(payload, BaseException)
                if not _expected(payload):
                    log.error("%s failed", pending.label, exc_info=payload)
                if pending.on_err is not None:
                    pending.on_err(payload)
                self.failed.emit(pending.label, payload)
        finally:
            self.finished.emit(pending.label)

    def wait_idle(self, timeout_ms: int = 5000) -> bool:
        """Block until the pool threads are done (shutdown and benchmarks only;
        queued deliveries still need the event loop)."""
        return bool(self._pool.waitForDone(timeout_ms))


def _expected(exc: BaseException) -> bool:
    """Declines and bad input are answers, not faults worth a traceback."""
    return isinstance(exc, GiftposError)
