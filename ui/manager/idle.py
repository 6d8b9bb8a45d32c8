"""The idle lock: after the configured time without a key press, a click or a
touch in the terminal's windows, ``expired`` fires and the console locks the
till until someone signs in again."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, QTimer, Signal

_ACTIVITY = {QEvent.Type.KeyPress, QEvent.Type.MouseButtonPress, QEvent.Type.TouchBegin,
             QEvent.Type.Wheel}


class IdleLock(QObject):
    """Install on the QApplication; ``start()`` after a sign-in. A timeout of
    0 turns it off."""

    expired = Signal()

    def __init__(self, timeout_ms: int, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.timeout.connect(self._expire)
        self.timeout_ms = timeout_ms

    def set_timeout(self, timeout_ms: int) -> None:
        self.timeout_ms = max(0, int(timeout_ms))
        if self._timer.isActive():
            self.start()

    def start(self) -> None:
        if self.timeout_ms > 0:
            self._timer.start(self.timeout_ms)
        else:
            self._timer.stop()

    def stop(self) -> None:
        self._timer.stop()

    @property
    def running(self) -> bool:
        return self._timer.isActive()

    def eventFilter(self, obj: QObject, event: QEvent) -> bool:
        if event.type() in _ACTIVITY and self._timer.isActive():
            self._timer.start(self.timeout_ms)
        return False

    def _expire(self) -> None:
        self.expired.emit()
