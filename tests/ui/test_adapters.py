"""The worker helper and the bridge: results and callbacks from other threads
arrive on the GUI thread, as signals."""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from PySide6.QtCore import QThread
from pytestqt.qtbot import QtBot

from app.errors import Decline
from ui.bridge import EventBridge
from ui.status_bar import StatusBar
from ui.worker import Worker


def test_worker_delivers_results_and_errors_on_the_gui_thread(qtbot: QtBot) -> None:
    worker = Worker()
    gui = QThread.currentThread()
    seen: list[tuple[str, object, bool]] = []
    ran_on: list[threading.Thread] = []

    def job() -> int:
        ran_on.append(threading.current_thread())
        return 42

    def fail() -> None:
        raise Decline("This card is frozen. Ask a manager.", key="card_frozen")

    with qtbot.waitSignal(worker.finished, timeout=5000):
        worker.submit(job, on_ok=lambda r: seen.append(("ok", r, QThread.currentThread() is gui)))
    with qtbot.waitSignal(worker.failed, timeout=5000):
        worker.submit(fail, on_err=lambda e: seen.append(("err", e, QThread.currentThread()
                                                                  is gui)))
    assert ran_on and ran_on[0] is not threading.main_thread()
    assert seen[0] == ("ok", 42, True)
    assert seen[1][0] == "err" and isinstance(seen[1][1], Decline) and seen[1][2]
    assert worker.in_flight == 0


@dataclass
class FakeMonitor:
    online: bool = False
    listeners: list[Callable[[bool], None]] = field(default_factory=list)

    def subscribe(self, cb: Callable[[bool], None]) -> None:
        self.listeners.append(cb)


@dataclass
class FakeEngine:
    progress: list[Callable[[Any], None]] = field(default_factory=list)
    done: list[Callable[[Any], None]] = field(default_factory=list)

    def on_progress(self, cb: Callable[[Any], None]) -> None:
        self.progress.append(cb)

    def on_done(self, cb: Callable[[Any], None]) -> None:
        self.done.append(cb)


@dataclass
class Progress:
    phase: str
    pushed: int
    pending: int


@dataclass
class Report:
    pending: int
    last_sync_at: str


def test_sync_callbacks_from_other_threads_reach_the_status_bar(qtbot: QtBot) -> None:
    bridge = EventBridge()
    bar = StatusBar(bridge, ledger_note="")
    qtbot.addWidget(bar)
    monitor, engine = FakeMonitor(), FakeEngine()
    bridge.attach_sync(monitor, engine)

    def from_thread(fn: Callable[[], None]) -> None:
        t = threading.Thread(target=fn)
        t.start()
        t.join()

    from_thread(lambda: monitor.listeners[0](True))
    from_thread(lambda: engine.progress[0](Progress("pushing", 30, 70)))
    qtbot.waitUntil(lambda: bridge.sync_status.syncing, timeout=2000)
    assert bar.progress.isVisibleTo(bar) and bar.progress.value() == 30
    assert "Ledger online" in bar.ledger.text()
    from_thread(lambda: engine.done[0](Report(0, "2026-11-29T10:15:00+00:00")))
    from_thread(lambda: monitor.listeners[0](False))
    qtbot.waitUntil(lambda: not bridge.sync_status.online, timeout=2000)
    assert not bar.progress.isVisibleTo(bar)
    assert "Offline" in bar.ledger.text()
    assert bar.pending.text() == "0 waiting to sync"
    assert bridge.sync_status.last_sync is not None
