"""Mistakes at the till: a line or a payment taken off (Delete key or the
button, a card's hold released), cash far above what is due asked about,
and closing the window mid-sale warned about."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox
from pytestqt.qtbot import QtBot

from tests.ui.conftest import card, press, type_text
from ui.demo import DemoSession


def _ring_up(qtbot: QtBot, demo: DemoSession, *amounts: str) -> None:
    window, ctl = demo.window, demo.window.controller
    for amount in amounts:
        type_text(window, amount)
        with qtbot.waitSignal(ctl.sale_changed, timeout=5000):
            press(window, Qt.Key.Key_Return)


def test_delete_removes_a_line_and_a_card_payment_releases_its_hold(
        qtbot: QtBot, demo: DemoSession) -> None:
    window, ctl = demo.window, demo.window.controller
    checkout = window.checkout
    big = card(demo, "Big spender")
    _ring_up(qtbot, demo, "12.00", "30.00")
    assert ctl.sale is not None and ctl.sale.total == 4200
    assert not checkout.remove.isEnabled()

    # Nothing selected: Delete says what to do, and nothing changes.
    with qtbot.waitSignal(window.banner.shown, timeout=5000):
        press(window, Qt.Key.Key_Delete)
    assert "Touch the line or the payment" in window.banner.text
    assert ctl.sale.total == 4200

    checkout.select_line(1)  # the mistyped 30.00
    assert checkout.remove.isEnabled()
    with qtbot.waitSignal(ctl.sale_changed, timeout=5000):
        press(window, Qt.Key.Key_Delete)
    assert ctl.sale is not None and ctl.sale.total == 1200
    assert checkout.lines.rowCount() == 1
    assert checkout.due.text() == "$12.00"

    with qtbot.waitSignal(ctl.sale_finished, timeout=5000) as finished:
        window.card_read("scanner", big.number)  # it covers the $12.00: the sale ends
    assert finished.args[0].sale.total == 1200
    qtbot.waitUntil(lambda: not ctl.busy, timeout=5000)
    # Another sale, to take a card payment off it.
    _ring_up(qtbot, demo, "40.00")
    type_text(window, "25.00")
    with qtbot.waitSignal(ctl.sale_changed, timeout=5000):
        window.card_read("scanner", big.number)
    cards = window.terminal.cards
    held = cards.balance(number=big.number).balance
    assert ctl.sale is not None and ctl.sale.remaining_due == 1500
    checkout.select_payment(0)
    assert not checkout.lines.selectedItems()  # one selection at a time
    with qtbot.waitSignal(ctl.sale_changed, timeout=5000):
        checkout.remove.click()
    assert ctl.sale is not None and ctl.sale.remaining_due == 4000 and ctl.sale.paid == 0
    assert checkout.tenders.rowCount() == 0
    assert cards.balance(number=big.number).balance == held + 2500  # the hold is released


def test_cash_far_above_the_due_is_asked_about(qtbot: QtBot, demo: DemoSession) -> None:
    window, ctl = demo.window, demo.window.controller
    _ring_up(qtbot, demo, "45.00")
    type_text(window, "1000000")
    with qtbot.waitSignal(ctl.offer, timeout=5000):
        press(window, Qt.Key.Key_F3)
    assert "Take $1,000,000.00 in cash for $45.00 due?" in window.banner.text
    press(window, Qt.Key.Key_Escape)  # no: the sale is still due
    assert ctl.sale is not None and ctl.sale.remaining_due == 4500 and not ctl.busy

    type_text(window, "50.00")  # an ordinary note: no question
    with qtbot.waitSignal(ctl.sale_finished, timeout=5000) as finished:
        press(window, Qt.Key.Key_F3)
    assert finished.args[0].sale.change == 500

    # The setting: a fixed cap asks even within ten times the due.
    window.terminal.config.checkout.cash_confirm_above = 10000
    _ring_up(qtbot, demo, "20.00")
    type_text(window, "150.00")
    with qtbot.waitSignal(ctl.offer, timeout=5000):
        press(window, Qt.Key.Key_F3)
    with qtbot.waitSignal(ctl.sale_finished, timeout=5000) as finished:
        press(window, Qt.Key.Key_Return)  # yes, take it
    assert finished.args[0].sale.change == 13000


def test_closing_mid_sale_warns(qtbot: QtBot, demo: DemoSession) -> None:
    window, ctl = demo.window, demo.window.controller
    _ring_up(qtbot, demo, "9.99")
    window.close()
    qtbot.waitUntil(lambda: window.close_question is not None, timeout=5000)
    box = window.close_question
    assert box is not None and "A sale of $9.99 is still open" in box.text()
    keep = next(b for b in box.buttons() if b.text() == "Keep selling")
    keep.click()
    qtbot.waitUntil(lambda: window.close_question is None, timeout=5000)
    assert window.isVisible() and ctl.sale is not None

    window.close()
    qtbot.waitUntil(lambda: window.close_question is not None, timeout=5000)
    box = window.close_question
    assert box is not None
    anyway = next(b for b in box.buttons()
                  if box.buttonRole(b) == QMessageBox.ButtonRole.AcceptRole)
    anyway.click()
    qtbot.waitUntil(lambda: not window.isVisible(), timeout=5000)
