"""The words a cashier and a manager read are right for what is on screen
(issue 16, item 18): no stale balance beside a failed look-up, no "scan a
gift card" where gift cards may not pay, no "empty" for a card that already
paid, no "check what was typed" when nothing was, one title on the Z text,
counts charted as counts."""

from __future__ import annotations

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from app.reports import ReportService
from app.reports.zprint import z_text
from tests.ui.conftest import card, press, type_text
from ui.demo import DemoSession
from ui.manager.charts import chart


def test_a_failed_look_up_clears_the_previous_balance(qtbot: QtBot,
                                                      demo: DemoSession) -> None:
    window, ctl = demo.window, demo.window.controller
    press(window, Qt.Key.Key_F5)
    with qtbot.waitSignal(ctl.balance_ready, timeout=5000):
        window.card_read("scanner", card(demo, "Empty card").number)
    assert window.balance.amount.text() == "$0.00"
    unknown = "6000000000006378"
    with qtbot.waitSignal(ctl.balance_failed, timeout=5000):
        window.card_read("scanner", unknown)
    assert "6378" in window.banner.text
    assert window.balance.amount.text() == "—" and window.balance.shown_balance == ""
    assert window.balance.number.text().endswith("6378")


def test_no_gift_card_prompt_when_cards_may_not_pay(qtbot: QtBot, demo: DemoSession) -> None:
    window, ctl = demo.window, demo.window.controller
    type_text(window, "25.00")
    press(window, Qt.Key.Key_F6)
    with qtbot.waitSignal(ctl.sale_changed, timeout=5000):
        window.card_read("scanner", card(demo, "New card to sell").number)
    prompt = window.checkout.prompt.text()
    assert "gift cards do not pay for gift cards" in prompt and "scan a gift card" not in prompt
    assert "Take $25.00 in cash (F3)" in prompt


def test_a_card_already_used_is_not_called_empty(qtbot: QtBot, demo: DemoSession) -> None:
    window, ctl = demo.window, demo.window.controller
    small = card(demo, "Small balance")
    type_text(window, "30.00")
    with qtbot.waitSignal(ctl.sale_changed, timeout=5000):
        press(window, Qt.Key.Key_Return)
    with qtbot.waitSignal(ctl.offer, timeout=5000):
        window.card_read("scanner", small.number)
    with qtbot.waitSignal(ctl.sale_changed, timeout=5000):
        press(window, Qt.Key.Key_Return)  # take the $12.40 it has
    with qtbot.waitSignal(window.banner.shown, timeout=5000):
        window.card_read("scanner", small.number)  # scanned again by mistake
    assert "already pays $12.40 of this sale" in window.banner.text
    assert "empty" not in window.banner.text


def test_nothing_typed_is_not_a_typing_mistake(qtbot: QtBot, demo: DemoSession) -> None:
    window = demo.window
    with qtbot.waitSignal(window.banner.shown, timeout=5000):
        press(window, Qt.Key.Key_F1)
    assert "Type the item's price first" in window.banner.text
    assert "Check what was typed" not in window.banner._hint.text()


def test_z_text_has_one_title_and_counts_chart_as_counts(qtbot: QtBot,
                                                         demo: DemoSession) -> None:
    terminal = demo.window.terminal
    reports = ReportService(terminal.store, terminal.checkout)
    text = z_text(reports.z_report())
    assert text.count("REPORT") == 1 and "X REPORT (day open)" in text
    table = reports.exceptions()
    assert table.chart_unit == "count"
    view = chart("Exceptions by kind", {"Overspent": 1}, demo.window.money, unit="count")
    assert view.property("chart_axis") == "Count"
    money = chart("Sales", {"Cash": 1}, demo.window.money)
    assert money.property("chart_axis") == "USD"
