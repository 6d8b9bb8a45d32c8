"""Putting the real cashier window on the (offscreen) screen for a test."""

from __future__ import annotations

from pytestqt.qtbot import QtBot

from ui.main_window import MainWindow


def show_for_typing(qtbot: QtBot, window: MainWindow, size: tuple[int, int] | None = None,
                    ) -> None:
    """Shown and exposed, with the keyboard-wedge detector off: typing in
    tests is a burst of synthetic keys, which the detector would take for a
    scanner (the wedge test turns it back on with a clock of its own)."""
    if size is not None:
        window.resize(*size)
    window.show()
    qtbot.waitExposed(window)
    assert window.wedge is not None
    window.wedge.enabled = False
