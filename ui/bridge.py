"""The one adapter between callback-style objects and Qt.

Drivers call back on their reader threads; the sync layer calls back on its
own threads. Qt widgets may only be touched on the GUI thread, so every
callback lands here, is wrapped in a queued signal to this object (which lives
on the GUI thread) and is re-emitted as a typed Qt signal there.
"""

from __future__ import annotations

import logging
import threading
from dataclasses import dataclass, replace
from datetime import datetime
from enum import StrEnum
from typing import Any

from PySide6.QtCore import QObject, Qt, Signal, Slot

from drivers.events import (
    CardScanned,
    CardSwiped,
    CodeScanned,
    DeviceConnected,
    DeviceEvent,
    DeviceLost,
    DeviceReconnecting,
    ReadFailed,
    UnknownScan,
)
from ui.i18n import tr

log = logging.getLogger(__name__)


class DeviceState(StrEnum):
    CONNECTED = "connected"
    LOST = "lost"
    RECONNECTING = "reconnecting"
    STARTING = "starting"


@dataclass(frozen=True)
class SyncStatus:
    """What the status bar shows about the ledger (GUI-side copy)."""

    configured: bool = False
    online: bool = False
    pending: int = 0
    last_sync: datetime | None = None
    syncing: bool = False
    progress: float | None = None  # 0..1 while a push is running
    # The ledger refused this till's audit trail: its newest rows were
    # deleted or its history rewritten (issue 15.10, app/sync/trail.py).
    audit_problem: bool = False


class EventBridge(QObject):
    """Signals (GUI thread): ``card_read(device, number)`` for a scan or swipe
    of a gift card; ``read_problem(device, message)`` for a scan that is not
    one or a failed swipe; ``device_state(device, state, detail)``;
    ``sync_changed(SyncStatus)``."""

    card_read = Signal(str, str)
    code_read = Signal(str, str)  # device, a product or receipt code (not a card)
    read_problem = Signal(str, str)
    device_state = Signal(str, str, str)
    sync_changed = Signal(object)

    _device_event = Signal(object)
    _sync_event = Signal(object)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._device_event.connect(self._on_device_event, Qt.ConnectionType.QueuedConnection)
        self._sync_event.connect(self._on_sync_event, Qt.ConnectionType.QueuedConnection)
        self.sync_status = SyncStatus()  # GUI thread's copy
        self.devices: dict[str, tuple[DeviceState, str]] = {}
        self._sync_lock = threading.Lock()
        self._sync_latest = SyncStatus()  # written from any thread, under the lock

    # -- any thread ---------------------------------------------------------
    def post_device_event(self, event: DeviceEvent) -> None:
        """The drivers' ``on_event`` callback (reader thread)."""
        self._device_event.emit(event)

    def post_sync_status(self, status: SyncStatus) -> None:
        """Replace the whole sync status (any thread)."""
        with self._sync_lock:
            self._sync_latest = status
        self._sync_event.emit(status)

    def update_sync(self, **changes: Any) -> None:
        """Change some fields of the sync status (any thread)."""
        with self._sync_lock:
            self._sync_latest = status = replace(self._sync_latest, **changes)
        self._sync_event.emit(status)

    def attach_sync(self, monitor: Any, engine: Any) -> None:
        """Listen to app.sync's ConnectivityMonitor and SyncEngine. Their
        callbacks run on their own threads; each becomes a queued signal."""
        self.update_sync(configured=True, online=bool(monitor.online))
        monitor.subscribe(lambda online: self.update_sync(online=bool(online)))
        engine.on_progress(self._on_progress)
        engine.on_done(self._on_done)

    def _on_done(self, report: Any) -> None:
        """SyncReport (sync thread). The audit trail's verdict is kept until a
        round that reached the ledger's copy of it says otherwise."""
        changes: dict[str, Any] = {}
        audit = getattr(report, "audit_status", None)
        if audit in ("same", "behind", "truncated", "rewritten"):
            changes["audit_problem"] = audit in ("truncated", "rewritten")
        self.update_sync(syncing=False, progress=None, pending=int(report.pending),
                         last_sync=_parse_time(report.last_sync_at), **changes)

    def _on_progress(self, p: Any) -> None:
        """SyncProgress (sync thread): phase, pushed, pending."""
        running = p.phase in ("reversing", "pushing", "pulling")
        total = int(p.pushed) + int(p.pending)
        self.update_sync(syncing=running, pending=int(p.pending),
                         progress=(p.pushed / total) if running and total else None)

    # -- GUI thread ---------------------------------------------------------
    @Slot(object)
    def _on_device_event(self, event: DeviceEvent) -> None:
        match event:
            case CardScanned(device=device, number=number):
                self.card_read.emit(device, number)
            case CardSwiped(device=device, number=number):
                self.card_read.emit(device, number)
            case CodeScanned(device=device, data=data):
                self.code_read.emit(device, data)
            case UnknownScan(device=device, reason=reason):
                self.read_problem.emit(device, tr('That barcode is not a gift card ({reason}).')
                                               .format(reason=reason))
            case ReadFailed(device=device, message=message):
                self.read_problem.emit(device, message)
            case DeviceConnected(device=device, port=port):
                self._state(device, DeviceState.CONNECTED, port)
            case DeviceLost(device=device, reason=reason):
                self._state(device, DeviceState.LOST, reason)
            case DeviceReconnecting(device=device, attempt=attempt):
                self._state(device, DeviceState.RECONNECTING, f"attempt {attempt}")
            case _:
                log.warning("unknown device event %r", event)

    def register_device(self, name: str) -> None:
        self._state(name, DeviceState.STARTING, "")

    def _state(self, device: str, state: DeviceState, detail: str) -> None:
        self.devices[device] = (state, detail)
        self.device_state.emit(device, state.value, detail)

    @Slot(object)
    def _on_sync_event(self, _status: SyncStatus) -> None:
        # Several updates may be queued: show the newest, whichever arrives.
        with self._sync_lock:
            status = self._sync_latest
        if status != self.sync_status:
            self.sync_status = status
            self.sync_changed.emit(status)


def _parse_time(text: str | None) -> datetime | None:
    if not text:
        return None
    try:
        return datetime.fromisoformat(text)
    except ValueError:
        return None
