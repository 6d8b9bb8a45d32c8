"""Returns to the card that paid, reprint, and the commands ui/ plugs in."""

from __future__ import annotations

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from app.cli.main import build_parser
from tests.ui.conftest import card, press, type_text
from ui.demo import DemoSession


def test_return_to_the_original_card_and_reprint(qtbot: QtBot, demo: DemoSession) -> None:
    window, ctl = demo.window, demo.window.controller
    big = card(demo, "Big spender")
    type_text(window, "30.00")
    with qtbot.waitSignal(ctl.sale_changed, timeout=5000):
        press(window, Qt.Key.Key_Return)
    with qtbot.waitSignal(ctl.sale_finished, timeout=5000):
        window.card_read("scanner", big.number)
    assert window.terminal.cards.balance(number=big.number).balance == 12000

    printer = window.terminal.printer
    assert printer is not None
    printer.clear()
    with qtbot.waitSignal(ctl.receipt_ready, timeout=5000) as reprinted:
        press(window, Qt.Key.Key_F10)
    assert reprinted.args[0].reprint
    assert b"SALE - COPY" in printer.output

    press(window, Qt.Key.Key_F9)
    assert window.stack.currentWidget() is window.returns
    qtbot.waitUntil(lambda: window.returns.sale is not None, timeout=5000)
    with qtbot.waitSignal(ctl.refunded, timeout=5000):
        press(window, Qt.Key.Key_F1)  # back to the card that paid
    assert window.terminal.cards.balance(number=big.number).balance == 15000
    assert "back on card" in window.returns.result.text()


def test_cli_has_the_terminal_commands() -> None:
    parser = build_parser()
    args = parser.parse_args(["terminal", "--config", "/tmp/x.toml"])
    assert str(args.config) == "/tmp/x.toml"
    assert parser.parse_args(["demo", "--offline"]).offline
    assert str(parser.parse_args(["screenshots", "out"]).dir) == "out"
