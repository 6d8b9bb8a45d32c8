"""Ctrl+M (the manager) and Ctrl+K (customers) work when nothing in the
window has the keyboard focus: after a restart, or after a wedge-scanned sale
(issue 16, item 13). They are the window's own key table, not QShortcuts."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from tests.ui.windows import show_for_typing
from ui.customers import CustomerPanel
from ui.demo import DemoSession


def _no_focus(qtbot: QtBot) -> None:
    focused = QApplication.focusWidget()
    if focused is not None:
        focused.clearFocus()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is None, timeout=2000)


def test_ctrl_k_opens_customers_with_nothing_focused(qtbot: QtBot, demo: DemoSession) -> None:
    window = demo.window
    show_for_typing(qtbot, window)
    panel = window.findChild(CustomerPanel)
    assert panel is not None
    _no_focus(qtbot)
    with qtbot.waitSignal(panel.wanted, timeout=2000):
        QTest.keyClick(window, Qt.Key.Key_K, Qt.KeyboardModifier.ControlModifier)


def test_ctrl_m_asks_for_the_manager_with_nothing_focused(qtbot: QtBot,
                                                          demo: DemoSession) -> None:
    window = demo.window
    show_for_typing(qtbot, window)
    manager = window.approvals.manager
    assert manager is not None
    _no_focus(qtbot)
    before = window.stack.currentWidget()
    QTest.keyClick(window, Qt.Key.Key_M, Qt.KeyboardModifier.ControlModifier)

    def answered() -> bool:
        dialog = manager.session.sign_in_dialog
        return (window.stack.currentWidget() is not before
                or (dialog is not None and dialog.isVisible()))
    qtbot.waitUntil(answered, timeout=3000)


def test_ctrl_m_opens_the_console_from_the_returns_screen(qtbot: QtBot,
                                                          demo: DemoSession) -> None:
    """Whatever screen is shown (issue 16, item 13): on Returns, with its
    entry field focused or nothing focused, Ctrl+M answers too."""
    window = demo.window
    show_for_typing(qtbot, window)
    manager = window.approvals.manager
    assert manager is not None
    QTest.keyClick(window, Qt.Key.Key_F9)
    qtbot.waitUntil(lambda: window.stack.currentWidget() is window.returns, timeout=2000)
    target = QApplication.focusWidget() or window
    QTest.keyClick(target, Qt.Key.Key_M, Qt.KeyboardModifier.ControlModifier)

    def answered() -> bool:
        dialog = manager.session.sign_in_dialog
        return (window.stack.currentWidget() is not window.returns
                or (dialog is not None and dialog.isVisible()))
    qtbot.waitUntil(answered, timeout=3000)
