"""Cash-out at the till (issue 17): on the balance screen F1 pays a small
balance out in cash through app/shop/cashout.py, refuses a balance at or above
the store's threshold in the cashier's words, and the cash paid out is on
the Z report. The real window offscreen on a real SQLite store."""

from __future__ import annotations

from datetime import UTC, datetime

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from pytestqt.qtbot import QtBot

from app.reports.zreport import z_report
from app.shop import settings as shop_settings
from tests.ui.conftest import press
from ui.demo import DemoSession


def _threshold(session: DemoSession, minor: int) -> None:
    cards = session.window.terminal.cards
    cards.run(lambda s: shop_settings.save(
        s, shop_settings.with_value(shop_settings.load(s), "default_store.cashout_threshold",
                                    str(minor)), now=datetime.now(UTC)))


def test_f1_on_the_balance_screen_cashes_out_a_small_balance(qtbot: QtBot,
                                                             demo: DemoSession) -> None:
    window = demo.window
    cards = window.terminal.cards
    _threshold(demo, 1000)
    [(small, _)] = cards.issue(count=1, amount=850, currency="USD")
    [(big, _)] = cards.issue(count=1, amount=1200, currency="USD")

    press(window, Qt.Key.Key_F5)  # balance mode
    qtbot.waitUntil(lambda: window.stack.currentWidget() is window.balance)

    # Above the threshold: refused in words, nothing moves.
    QTest.keyClicks(window.balance.entry, big.number)
    press(window, Qt.Key.Key_F1)
    qtbot.waitUntil(lambda: "Only balances under $10.00" in window.banner.text, timeout=5000)
    assert "this card has $12.00" in window.banner.text
    assert cards.balance(number=big.number).balance == 1200

    # Under it: the card shown is paid out, the cashier is told to hand the cash.
    QTest.keyClicks(window.balance.entry, small.number)
    QTest.keyClick(window.balance.entry, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: window.balance.card is not None
                    and window.balance.card.number == small.number, timeout=5000)
    with qtbot.waitSignal(window.controller.cashed_out, timeout=5000) as paid:
        press(window, Qt.Key.Key_F1)
    assert paid.args[0].amount == 850
    qtbot.waitUntil(lambda: "Pay out $8.50 in cash" in window.banner.text, timeout=5000)
    qtbot.waitUntil(lambda: window.balance.shown_balance == "$0.00", timeout=5000)
    assert cards.balance(number=small.number).balance == 0

    z = z_report(window.terminal.checkout)
    assert (z.cashouts, z.cashouts_amount) == (1, 850)
    assert z.to_dict()["cash_expected_after_cashouts"] == z.day.cash_expected - 850
