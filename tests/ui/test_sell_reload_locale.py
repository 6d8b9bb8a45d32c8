"""Selling and reloading cards, and a terminal that types and shows euros the
German way."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from app.domain import CardStatus
from tests.ui.conftest import card, press, type_text
from tests.ui.windows import show_for_typing
from ui.demo import DemoSession, build_demo


def test_sell_a_card_and_reload_another(qtbot: QtBot, demo: DemoSession) -> None:
    window, ctl = demo.window, demo.window.controller
    new, reload_me = card(demo, "New card to sell"), card(demo, "Reload me")
    type_text(window, "25.00")
    press(window, Qt.Key.Key_F6)
    assert "Scan or type the card to sell for $25.00" in window.checkout.prompt.text()
    with qtbot.waitSignal(ctl.sale_changed, timeout=5000):
        window.card_read("scanner", new.number)
    type_text(window, "10.00")
    press(window, Qt.Key.Key_F7)
    with qtbot.waitSignal(ctl.sale_changed, timeout=5000):
        window.card_read("scanner", reload_me.number)
    assert ctl.sale is not None and ctl.sale.total == 3500
    assert [window.checkout.lines.item(r, 1).text()  # type: ignore[union-attr]
            for r in range(2)] == ["New card", "Reload"]
    with qtbot.waitSignal(ctl.sale_finished, timeout=5000):
        press(window, Qt.Key.Key_F3)  # cash, exactly what is due
    cards = window.terminal.cards
    sold = cards.balance(number=new.number)
    assert sold.status == CardStatus.ACTIVE and sold.balance == 2500
    assert cards.balance(number=reload_me.number).balance == 1500


def test_amounts_in_the_terminals_locale(qtbot: QtBot, tmp_path: Path) -> None:
    session = build_demo(data_dir=tmp_path, offline=True, virtual_scanner=False,
                         shell_scanner=False, currency="EUR", locale="de_DE")
    try:
        window, ctl = session.window, session.window.controller
        show_for_typing(qtbot, window)
        qtbot.waitUntil(lambda: not ctl.busy)  # the start-up look for an open sale
        type_text(window, "12,50")
        with qtbot.waitSignal(ctl.sale_changed, timeout=5000):
            press(window, Qt.Key.Key_Return)
        assert ctl.sale is not None and ctl.sale.total == 1250
        assert window.checkout.due.text() == "12,50\xa0€"
        type_text(window, "20.00")  # typed the US way: refused, with the local example
        with qtbot.waitSignal(window.banner.shown, timeout=2000) as shown:
            press(window, Qt.Key.Key_F3)
        assert shown.args[0] == "error"
        assert "z. B. 12,50" in window.banner.text  # in the till's language, its own example
        window.checkout.entry.clear()
        type_text(window, "20")
        with qtbot.waitSignal(ctl.sale_finished, timeout=5000):
            press(window, Qt.Key.Key_F3)
        assert window.checkout.due.text() == "7,50\xa0€"  # the change
    finally:
        session.close()
