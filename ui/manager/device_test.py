"""The settings screen's "test device" window: what a scanner or card reader
sends, live, as the drivers see it (connected, a card read, a read that
failed). A device the terminal already runs is watched through the
terminal's own event bridge; a new or changed one is opened here, with a
bridge of its own, and closed again when the window closes."""

from __future__ import annotations

import logging
from datetime import datetime
from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QDialog, QHBoxLayout, QListWidget, QVBoxLayout, QWidget

from app.config import DeviceConfig
from app.domain import mask
from drivers.formats import CardFormat
from ui.bridge import EventBridge
from ui.i18n import tr
from ui.manager.common import button, hint, title
from ui.terminal_parts import build_device
from ui.worker import Worker

log = logging.getLogger(__name__)


class DeviceTestDialog(QDialog):
    """``event_shown(text)`` for every line added."""

    event_shown = Signal(str)

    def __init__(self, dev: DeviceConfig, formats: tuple[CardFormat, ...], *,
                 running: Any | None, main_bridge: EventBridge, worker: Worker,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("deviceTestDialog")
        self.setWindowTitle(tr('Test {name}').format(name=dev.name))
        self.setMinimumSize(560, 420)
        self.dev = dev
        self.worker = worker
        self.device: Any | None = None
        self.events = QListWidget()
        self.events.setObjectName("deviceEvents")
        outer = QVBoxLayout(self)
        outer.setContentsMargins(24, 20, 24, 20)
        outer.addWidget(title(tr('Test {name}').format(name=dev.name)))
        outer.addWidget(hint(tr("{kind} on {value} at {baudrate} baud, frames end with "
                                "{terminator}. Scan or swipe a card: each read shows below, "
                                "masked.")
                             .format(kind=dev.kind, value=dev.url or '(no port)',
                                     baudrate=dev.baudrate, terminator=dev.terminator)))
        outer.addWidget(self.events, 1)
        row = QHBoxLayout()
        row.addStretch(1)
        row.addWidget(button(tr("Esc  Close"), self.reject, name="deviceTestClose"))
        outer.addLayout(row)
        if running is not None:
            self.bridge = main_bridge
            self.add("Watching the running device.")
        else:
            self.bridge = EventBridge(self)
        self.bridge.card_read.connect(self._card)
        self.bridge.read_problem.connect(self._problem)
        self.bridge.device_state.connect(self._state)
        if running is None:
            self._open(formats)

    def _open(self, formats: tuple[CardFormat, ...]) -> None:
        if not self.dev.url:
            self.add("No port is set for this device: type one first.")
            return
        try:
            self.device = build_device(self.dev, formats, self.bridge.post_device_event)
        except Exception as exc:  # a bad URL or option: say so in the window
            self.add(f"Cannot open it: {exc}")
            return
        self.add(f"Opening {self.dev.url}…")
        self.device.start()

    def _mine(self, device: str) -> bool:
        return device == self.dev.name

    def _card(self, device: str, number: str) -> None:
        if self._mine(device):
            self.add(f"Card read: {mask(number)}")

    def _problem(self, device: str, message: str) -> None:
        if self._mine(device):
            self.add(f"Read problem: {message}")

    def _state(self, device: str, state: str, detail: str) -> None:
        if self._mine(device):
            self.add(f"Device {state}" + (f" ({detail})" if detail else ""))

    def add(self, text: str) -> None:
        line = f"{datetime.now():%H:%M:%S}  {text}"
        self.events.addItem(line)
        self.events.scrollToBottom()
        self.event_shown.emit(text)

    @property
    def lines(self) -> list[str]:
        return [self.events.item(i).text() for i in range(self.events.count())]

    def done(self, result: int) -> None:
        device, self.device = self.device, None
        if device is not None:
            # Closing joins the reader thread: off the GUI thread.
            self.worker.submit(device.close, label="device_test_close")
        super().done(result)
