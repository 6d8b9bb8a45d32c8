"""Devices come and go; a wedge scanner types fast, a person types slowly."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QWidget
from pytestqt.qtbot import QtBot

from tests.ui.conftest import card, wait_connected
from ui.demo import DemoSession


def test_device_unplugged_and_back(qtbot: QtBot, demo: DemoSession) -> None:
    window = demo.window
    wait_connected(qtbot, window)
    assert demo.scanner is not None
    states: list[str] = []
    window.bridge.device_state.connect(lambda _d, state, _x: states.append(state))
    demo.scanner.unplug()
    qtbot.waitUntil(lambda: "lost" in states, timeout=5000)
    # Until it is back the chip says lost or reconnecting, never connected.
    qtbot.waitUntil(lambda: "reconnecting" in window.status.device_text("scanner"),
                    timeout=5000)
    demo.scanner.replug()
    wait_connected(qtbot, window)
    assert states[0] == "lost" and states[-1] == "connected"
    # And it still reads cards.
    with qtbot.waitSignal(window.controller.balance_ready, timeout=5000):
        demo.scanner.scan(card(demo, "Big spender").number)
    assert window.balance.shown_balance == "$150.00"


class FakeClock:
    """Milliseconds that only move when the test says so: "slow" typing
    without sleeping."""

    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def _type(window_target: QWidget, text: str, clock: FakeClock, gap_ms: float) -> None:
    for ch in text:
        clock.now += gap_ms
        if ch == "\r":
            QTest.keyClick(window_target, Qt.Key.Key_Return)
        else:
            QTest.keyClick(window_target, ch)  # type: ignore[call-overload]


def test_wedge_scan_versus_slow_typing(qtbot: QtBot, demo: DemoSession) -> None:
    window = demo.window
    wedge = window.wedge
    assert wedge is not None
    clock = FakeClock()
    wedge.clock = clock
    wedge.enabled = True
    entry = window.checkout.entry
    number = card(demo, "Reload me").number

    # A wedge scanner: 16 digits and Enter, 4 ms apart -> a card, not typing.
    with qtbot.waitSignal(window.controller.balance_ready, timeout=5000):
        _type(entry, number + "\r", clock, 4)
    assert window.balance.shown_balance == "$5.00"
    assert window.balance.entry.text() == ""

    # A person typing the same digits slowly: they land in the field as typed.
    window.show_checkout()
    seen: list[str] = []
    window.bridge.card_read.connect(lambda _d, n: seen.append(n))
    _type(entry, "1234567", clock, 180)
    clock.now += 500
    qtbot.waitUntil(lambda: entry.text() == "1234567", timeout=3000)
    assert seen == []
    assert not wedge.detector.pending


def test_swipe_through_a_magstripe_pty_pays(qtbot: QtBot, demo: DemoSession) -> None:
    window, ctl = demo.window, demo.window.controller
    wait_connected(qtbot, window, "magstripe")
    assert demo.magstripe is not None
    ctl.add_item(1500)
    qtbot.waitUntil(lambda: ctl.sale is not None, timeout=5000)
    with qtbot.waitSignal(ctl.sale_finished, timeout=5000):
        demo.magstripe.swipe(card(demo, "Big spender").number)
    assert window.terminal.cards.balance(number=card(demo, "Big spender").number).balance == 13500
