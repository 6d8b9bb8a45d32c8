"""Wait, without blocking forever, until a window has answered every queued
service call: what `giftpos screenshots` does before each picture."""

from __future__ import annotations

import time

from PySide6.QtWidgets import QApplication

from ui.main_window import MainWindow


def settle(window: MainWindow, timeout_s: float = 10.0) -> None:
    """Process events until every queued service call has been answered."""
    app = QApplication.instance()
    assert app is not None
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        app.processEvents()
        if not window.controller.busy and window.worker.in_flight == 0:
            for _ in range(5):
                app.processEvents()
            return
        time.sleep(0.005)
    raise TimeoutError("the window did not settle")
