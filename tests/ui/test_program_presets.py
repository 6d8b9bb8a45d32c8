"""Selling and reloading on a program's terms at the till (issue 17): F6/F7
pressed before an amount, then the card, shows the card's program's preset
amounts as buttons (shop settings ``programs.<code>.presets``); a preset
pressed adds the line; an amount outside the program's minimum and maximum
is refused in words and nothing is added. The real window offscreen on a
real SQLite store."""

from __future__ import annotations

import json
from datetime import UTC, datetime

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QPushButton
from pytestqt.qtbot import QtBot

from app.domain import CardStatus
from app.shop import settings as shop_settings
from tests.ui.conftest import card, press, type_text
from ui.demo import DemoSession


def _terms(session: DemoSession, program: str, terms: dict[str, object]) -> None:
    session.window.terminal.cards.run(lambda s: shop_settings.save(
        s, shop_settings.with_value(shop_settings.load(s), f"programs.{program}",
                                    json.dumps(terms)), now=datetime.now(UTC)))


def _buttons(session: DemoSession) -> list[QPushButton]:
    panel = session.window.checkout.presets
    return [b for b in panel.findChildren(QPushButton, "presetAmount")
            if not b.isHidden()] if panel.isVisible() else []


def test_presets_as_buttons_and_the_programs_min_and_max(qtbot: QtBot,
                                                         demo: DemoSession) -> None:
    window, ctl = demo.window, demo.window.controller
    new, reload_me = card(demo, "New card to sell"), card(demo, "Reload me")
    _terms(demo, "demo", {"min_amount": 1000, "max_amount": 20000,
                          "presets": [5000, 2500, 10000]})

    press(window, Qt.Key.Key_F6)  # no amount typed: the card first
    assert "Scan or type the card to sell" in window.checkout.prompt.text()
    window.card_read("scanner", new.number)
    qtbot.waitUntil(lambda: [b.text() for b in _buttons(demo)]
                    == ["$25.00", "$50.00", "$100.00"], timeout=5000)
    assert f"•••• {new.number[-4:]}" in window.checkout.prompt.text()
    fifty = next(b for b in _buttons(demo) if b.text() == "$50.00")
    with qtbot.waitSignal(ctl.sale_changed, timeout=5000):
        QTest.mouseClick(fifty, Qt.MouseButton.LeftButton)
    assert ctl.sale is not None and ctl.sale.total == 5000
    assert not window.checkout.presets.isVisible()

    # Reload above the program's maximum, typed after the card: refused, nothing added.
    press(window, Qt.Key.Key_F7)
    window.card_read("scanner", reload_me.number)
    qtbot.waitUntil(lambda: len(_buttons(demo)) == 3, timeout=5000)
    type_text(window, "250.00")
    press(window, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: "reloaded for at most $200.00" in window.banner.text, timeout=5000)
    qtbot.waitUntil(lambda: not ctl.busy)
    assert ctl.sale is not None and ctl.sale.total == 5000

    # Below the minimum, typed first (the old way): refused too.
    type_text(window, "5.00")
    press(window, Qt.Key.Key_F7)
    window.card_read("scanner", reload_me.number)
    qtbot.waitUntil(lambda: "reloaded for at least $10.00" in window.banner.text, timeout=5000)
    qtbot.waitUntil(lambda: not ctl.busy)
    assert ctl.sale is not None and ctl.sale.total == 5000

    with qtbot.waitSignal(ctl.sale_finished, timeout=5000):
        press(window, Qt.Key.Key_F3)  # cash, exactly what is due
    sold = window.terminal.cards.balance(number=new.number)
    assert sold.status == CardStatus.ACTIVE and sold.balance == 5000
    assert window.terminal.cards.balance(number=reload_me.number).balance == 500
