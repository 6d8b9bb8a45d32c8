"""Running the Qt event loop from the CLI: Ctrl+C quits cleanly."""

from __future__ import annotations

import signal
from collections.abc import Callable

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication


def exec_app(app: QApplication, *, on_interrupt: Callable[[], None] | None = None) -> int:
    """Run the loop. Ctrl+C (SIGINT) calls ``on_interrupt`` (e.g. close the
    window without its questions: the shell's operator is stopping the
    program), then quits."""

    def interrupted(*_: object) -> None:
        if on_interrupt is not None:
            on_interrupt()
        app.quit()

    signal.signal(signal.SIGINT, interrupted)
    # Python only runs signal handlers between bytecodes: wake it regularly.
    timer = QTimer()
    timer.start(250)
    timer.timeout.connect(lambda: None)
    return int(app.exec())
