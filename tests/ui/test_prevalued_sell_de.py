"""Issue 13 items 2 and 11 on the real window of a de_DE till: a pre-valued
card sold in sell mode (F6) is activated with its value, not doubled; sold
for another amount it is refused, in the till's words and locale."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from app.domain import CardStatus
from tests.ui.conftest import press, type_text
from tests.ui.windows import show_for_typing
from ui.demo import build_demo


def test_prevalued_card_in_sell_mode_on_a_german_till(qtbot: QtBot, tmp_path: Path) -> None:
    session = build_demo(data_dir=tmp_path, offline=True, virtual_scanner=False,
                         shell_scanner=False, currency="EUR", locale="de_DE")
    try:
        window, ctl = session.window, session.window.controller
        show_for_typing(qtbot, window)
        qtbot.waitUntil(lambda: not ctl.busy)
        cards = window.terminal.cards
        (stock, _), = cards.issue(amount=2500, currency="EUR", inactive=True)

        type_text(window, "30,00")
        press(window, Qt.Key.Key_F6)
        with qtbot.waitSignal(window.banner.shown, timeout=5000) as shown:
            window.card_read("scanner", stock.number)
        assert shown.args[0] == "error"
        text = window.banner.text
        assert "25,00\xa0€" in text and "30,00\xa0€" in text, text
        assert "€25.00" not in text

        type_text(window, "25,00")
        press(window, Qt.Key.Key_F6)
        with qtbot.waitSignal(ctl.sale_changed, timeout=5000):
            window.card_read("scanner", stock.number)
        assert ctl.sale is not None and ctl.sale.total == 2500
        with qtbot.waitSignal(ctl.sale_finished, timeout=5000):
            press(window, Qt.Key.Key_F3)  # cash, exactly what is due
        sold = cards.balance(number=stock.number)
        assert (sold.status, sold.balance) == (CardStatus.ACTIVE, 2500)
    finally:
        session.close()
