"""The GUI thread never waits for a service call."""

from __future__ import annotations

import threading

from PySide6.QtCore import QTimer
from PySide6.QtTest import QTest
from pytestqt.qtbot import QtBot

from app.domain import CardView
from app.gateway import CardGateway
from tests.ui.conftest import card
from ui.demo import DemoSession


class BlockingGateway:
    """Balance look-ups wait until the test lets them go (a ledger that hangs)."""

    def __init__(self, inner: CardGateway) -> None:
        self.inner = inner
        self.release = threading.Event()
        self.entered = threading.Event()

    def balance(self, *, number: str | None = None, key: str | None = None) -> CardView:
        self.entered.set()
        if not self.release.wait(10):
            raise TimeoutError("test gateway was never released")
        return self.inner.balance(number=number, key=key)

    def __getattr__(self, name: str) -> object:
        return getattr(self.inner, name)


def test_screen_stays_responsive_while_a_call_hangs(qtbot: QtBot, demo: DemoSession) -> None:
    window = demo.window
    gateway = BlockingGateway(window.terminal.gateway)
    window.terminal.gateway = gateway  # type: ignore[assignment]
    ticks: list[int] = []
    timer = QTimer()
    timer.timeout.connect(lambda: ticks.append(1))
    timer.start(5)
    try:
        window.check_balance(card(demo, "Birthday gift").number)
        qtbot.waitUntil(gateway.entered.is_set, timeout=5000)
        # The call is stuck on its worker thread; the event loop is not.
        qtbot.waitUntil(lambda: len(ticks) >= 10, timeout=5000)
        assert window.busy.isVisible()
        QTest.keyClicks(window.balance.entry, "12")
        assert window.balance.entry.text() == "12"
        assert window.controller.busy
        with qtbot.waitSignal(window.controller.balance_ready, timeout=5000):
            gateway.release.set()
        assert window.balance.shown_balance == "$50.00"
        qtbot.waitUntil(lambda: not window.busy.isVisible(), timeout=2000)
    finally:
        gateway.release.set()
        timer.stop()
