"""Issue 13 item 9: the partial-approval prompt says what the *sale* will still
owe once the card gives what it has (a $1,000 sale, $100 paid in cash, a card
with $12.40: $887.60 will still be due), on the real window."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel
from pytestqt.qtbot import QtBot

from tests.ui.conftest import card, press, type_text, wait_connected
from ui.demo import DemoSession


def test_partial_prompt_shows_what_the_sale_still_owes(qtbot: QtBot,
                                                       demo: DemoSession) -> None:
    window, ctl = demo.window, demo.window.controller
    wait_connected(qtbot, window)
    assert demo.scanner is not None
    small = card(demo, "Small balance")

    type_text(window, "1000.00")
    with qtbot.waitSignal(ctl.sale_changed, timeout=5000):
        press(window, Qt.Key.Key_Return)
    type_text(window, "100.00")
    with qtbot.waitSignal(ctl.sale_changed, timeout=5000):
        press(window, Qt.Key.Key_F3)
    assert ctl.sale is not None and ctl.sale.remaining_due == 90_000

    # The cashier types what the card should pay, more than it has.
    type_text(window, "100.00")
    with qtbot.waitSignal(ctl.offer, timeout=5000):
        demo.scanner.scan(small.number)
    assert "has $12.40 — take it and collect the rest?" in window.banner.text
    hint = window.banner.findChild(QLabel, "bannerHint")
    assert hint is not None and "$887.60 will still be due" in hint.text()
    with qtbot.waitSignal(ctl.sale_changed, timeout=5000):
        press(window, Qt.Key.Key_Return)
    assert ctl.sale is not None and ctl.sale.remaining_due == 90_000 - 1240
