"""Running the Qt event loop from the CLI: Ctrl+C quits cleanly."""

from __future__ import annotations

import signal

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication


def exec_app(app: QApplication) -> int:
    signal.signal(signal.SIGINT, lambda *_: app.quit())
    # Python only runs signal handlers between bytecodes: wake it regularly.
    timer = QTimer()
    timer.start(250)
    timer.timeout.connect(lambda: None)
    return int(app.exec())
