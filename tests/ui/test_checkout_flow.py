"""A cashier's day on the real window: scans through a real pty, split
tender, a decline, a cancel."""

from __future__ import annotations

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from tests.ui.conftest import card, press, type_text, wait_connected
from ui.demo import DemoSession


def test_scan_through_pty_shows_balance(qtbot: QtBot, demo: DemoSession) -> None:
    window = demo.window
    wait_connected(qtbot, window)
    birthday = card(demo, "Birthday gift")
    assert demo.scanner is not None
    with qtbot.waitSignal(window.controller.balance_ready, timeout=5000):
        demo.scanner.scan(birthday.number)
    assert window.stack.currentWidget() is window.balance
    assert window.balance.shown_balance == "$50.00"
    assert birthday.number[-4:] in window.balance.number.text()
    assert birthday.number not in window.balance.number.text()  # masked on screen


def test_split_tender_two_cards_and_cash(qtbot: QtBot, demo: DemoSession) -> None:
    window, ctl = demo.window, demo.window.controller
    wait_connected(qtbot, window)
    assert demo.scanner is not None
    birthday, small = card(demo, "Birthday gift"), card(demo, "Small balance")

    type_text(window, "80.00")
    with qtbot.waitSignal(ctl.sale_changed, timeout=5000):
        press(window, Qt.Key.Key_Return)
    assert ctl.sale is not None and ctl.sale.total == 8000
    assert window.checkout.due.text() == "$80.00"

    # Each card has less than is due: the cashier is asked, and answers with one key.
    with qtbot.waitSignal(ctl.offer, timeout=5000):
        demo.scanner.scan(birthday.number)
    assert "has $50.00 — take it and collect the rest?" in window.banner.text
    with qtbot.waitSignal(ctl.sale_changed, timeout=5000):
        press(window, Qt.Key.Key_Return)
    assert ctl.sale is not None and ctl.sale.remaining_due == 3000
    assert window.checkout.tenders.rowCount() == 1
    left = window.checkout.tenders.item(0, 3)
    assert left is not None and left.text() == "$0.00"  # balance left on the card

    with qtbot.waitSignal(ctl.offer, timeout=5000):
        demo.scanner.scan(small.number)
    assert "Card •••• " + small.number[-4:] + " has $12.40" in window.banner.text
    with qtbot.waitSignal(ctl.sale_changed, timeout=5000):
        press(window, Qt.Key.Key_Return)
    assert ctl.sale is not None and ctl.sale.remaining_due == 1760
    assert "$17.60 still due" in window.checkout.prompt.text()

    type_text(window, "20.00")
    with qtbot.waitSignal(ctl.sale_finished, timeout=5000) as finished:
        press(window, Qt.Key.Key_F3)
    done = finished.args[0]
    assert done.sale.change == 240
    assert window.checkout.due_caption.text() == "CHANGE"
    assert window.checkout.due.text() == "$2.40"
    cards = window.terminal.cards
    assert cards.balance(number=birthday.number).balance == 0
    assert cards.balance(number=small.number).balance == 0
    # The receipt went to the (recording) printer and the drawer opens for cash.
    printer = window.terminal.printer
    assert printer is not None and b"\x1bp" in printer.output


def test_decline_in_the_cashiers_words(qtbot: QtBot, demo: DemoSession) -> None:
    window, ctl = demo.window, demo.window.controller
    wait_connected(qtbot, window)
    assert demo.scanner is not None
    type_text(window, "10.00")
    with qtbot.waitSignal(ctl.sale_changed, timeout=5000):
        press(window, Qt.Key.Key_Return)
    with qtbot.waitSignal(window.banner.shown, timeout=5000) as shown:
        demo.scanner.scan(card(demo, "New card to sell").number)
    assert shown.args[0] == "error"
    assert "not active yet" in window.banner.text
    assert ctl.sale is not None and ctl.sale.remaining_due == 1000  # nothing moved

    with qtbot.waitSignal(window.banner.shown, timeout=5000):
        demo.scanner.scan(card(demo, "Empty card").number)
    assert "is empty ($0.00)" in window.banner.text


def test_cancel_releases_every_hold(qtbot: QtBot, demo: DemoSession) -> None:
    window, ctl = demo.window, demo.window.controller
    wait_connected(qtbot, window)
    assert demo.scanner is not None
    big = card(demo, "Big spender")
    type_text(window, "40.00")
    with qtbot.waitSignal(ctl.sale_changed, timeout=5000):
        press(window, Qt.Key.Key_Return)
    type_text(window, "25.00")  # take only part of it from the card
    with qtbot.waitSignal(ctl.sale_changed, timeout=5000):
        demo.scanner.scan(big.number)
    assert ctl.sale is not None and ctl.sale.remaining_due == 1500
    assert window.terminal.cards.balance(number=big.number).balance == 12500  # held

    # A card holds money for this sale: F8 asks first, and Esc keeps the sale.
    with qtbot.waitSignal(ctl.offer, timeout=5000):
        press(window, Qt.Key.Key_F8)
    assert window.banner.has_prompt and "Cancel this sale? $25.00 held on card" in \
        window.banner.text
    press(window, Qt.Key.Key_Escape)
    assert ctl.sale is not None and not window.banner.has_prompt
    assert window.terminal.cards.balance(number=big.number).balance == 12500  # still held
    with qtbot.waitSignal(ctl.offer, timeout=5000):
        press(window, Qt.Key.Key_F8)
    with qtbot.waitSignal(ctl.sale_changed, timeout=5000) as changed:
        press(window, Qt.Key.Key_Return)
    assert changed.args[0] is None
    assert "cancelled" in window.banner.text
    assert window.terminal.cards.balance(number=big.number).balance == 15000
    assert window.checkout.lines.rowCount() == 0


def test_another_payment_answers_the_offer_with_no(qtbot: QtBot, demo: DemoSession) -> None:
    window, ctl = demo.window, demo.window.controller
    small = card(demo, "Small balance")
    type_text(window, "30.00")
    with qtbot.waitSignal(ctl.sale_changed, timeout=5000):
        press(window, Qt.Key.Key_Return)
    with qtbot.waitSignal(ctl.offer, timeout=5000):
        window.card_read("scanner", small.number)
    assert window.banner.has_prompt
    with qtbot.waitSignal(ctl.sale_finished, timeout=5000):
        press(window, Qt.Key.Key_F3)  # cash for all of it instead
    assert not window.banner.has_prompt
    assert window.terminal.cards.balance(number=small.number).balance == 1240
