"""Keyboard-wedge scanners type the card number, fast, ending with Enter.

:class:`WedgeFilter` is installed on the QApplication: every text keystroke
anywhere on screen goes to :class:`drivers.wedge.WedgeDetector` first and is
held back for at most its gap (50 ms: nobody notices). A recognised scan is
handed to ``on_scan``; anything else is replayed to the focused widget as the
person typed it.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject, Qt, QTimer
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QApplication, QWidget

from drivers.wedge import WedgeDetector, WedgeResult

log = logging.getLogger(__name__)

Clock = Callable[[], float]


def monotonic_ms() -> float:
    return time.monotonic() * 1000.0


_SPECIAL = {"\r": Qt.Key.Key_Return, "\n": Qt.Key.Key_Return, "\t": Qt.Key.Key_Tab}


def _key_for(char: str) -> int:
    special = _SPECIAL.get(char)
    if special is not None:
        return int(special.value)
    code = ord(char.upper())
    return code if code < 0x7F else int(Qt.Key.Key_unknown.value)


class WedgeFilter(QObject):
    """Application event filter. ``clock`` gives milliseconds (tests pass a
    fake one to type "slowly" without sleeping)."""

    def __init__(self, on_scan: Callable[[WedgeResult], None], *,
                 detector: WedgeDetector | None = None, clock: Clock = monotonic_ms,
                 parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.detector = detector or WedgeDetector()
        self.on_scan = on_scan
        self.clock = clock
        self.enabled = True
        self._replaying = False
        self._target: QWidget | None = None  # where the held keys were typed
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.timeout.connect(self.poll)

    def eventFilter(self, obj: QObject, event: QEvent) -> bool:
        if (self._replaying or not self.enabled or event.type() != QEvent.Type.KeyPress
                or not isinstance(obj, QWidget)):
            return False
        assert isinstance(event, QKeyEvent)
        text = event.text()
        mods = event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier
        if mods & (Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.AltModifier
                   | Qt.KeyboardModifier.MetaModifier):
            text = ""
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            text = "\r"
        if len(text) == 1 and (text.isprintable() or text in "\r\t"):
            self._target = obj
            self._handle(self.detector.feed(text, self.clock()))
            return True
        # A function key, arrow, Esc, Backspace...: what was held is decided
        # first so it lands before this key.
        self._handle(self.detector.flush())
        return False

    def poll(self) -> None:
        self._handle(self.detector.poll(self.clock()))

    def flush(self) -> None:
        self._handle(self.detector.flush())

    def _handle(self, result: WedgeResult | None) -> None:
        if result is not None:
            self._replay(result.typed)
            if result.scan is not None:
                try:
                    self.on_scan(result)
                except Exception:  # a bad handler must not eat the keyboard
                    log.exception("wedge scan handler failed")
            self._replay(result.typed_after)
        deadline = self.detector.deadline_ms
        if deadline is None:
            self._timer.stop()
        else:
            self._timer.start(max(1, int(deadline - self.clock()) + 1))

    def _replay(self, text: str) -> None:
        if not text:
            return
        self._replaying = True
        try:
            for char in text:
                target = QApplication.focusWidget() or self._target
                if target is None:
                    return
                key = _key_for(char)
                for kind in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease):
                    QApplication.sendEvent(
                        target, QKeyEvent(kind, key, Qt.KeyboardModifier.NoModifier,
                                          "\r" if char == "\n" else char))
        finally:
            self._replaying = False
