"""The customer panel on the real cashier window (offscreen) over a real
SQLite store: find by phone, see saved cards with balances, pay with the
preferred card."""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from pytestqt.qtbot import QtBot

from app.customers.service import CustomerService
from ui.customers import CustomerPanel
from ui.demo import DemoSession, build_demo


@pytest.fixture
def session(qtbot: QtBot, tmp_path: Path) -> Iterator[tuple[DemoSession, CustomerPanel]]:
    demo = build_demo(data_dir=tmp_path, offline=True, virtual_scanner=False,
                      shell_scanner=False, panel=False)
    window = demo.window
    panel = window.findChild(CustomerPanel)  # ui.composition built it in
    assert panel is not None
    window.resize(1366, 820)
    window.show()
    qtbot.waitExposed(window)
    qtbot.waitUntil(lambda: not window.controller.busy)
    yield demo, panel
    demo.close()


def test_find_a_customer_and_pay_with_the_preferred_card(
        qtbot: QtBot, session: tuple[DemoSession, CustomerPanel]) -> None:
    demo, panel = session
    window, ctl = demo.window, demo.window.controller
    cards = window.terminal.cards
    customers = CustomerService(cards)
    ann = customers.create(name="Ann Lee", phone="555 010 2030")
    (small, _), = cards.issue(amount=1500)
    (big, _), = cards.issue(amount=9000)
    customers.save_card(customer_id=ann.id, number=small.number)
    customers.save_card(customer_id=ann.id, number=big.number, preferred=True)

    with qtbot.waitSignal(ctl.sale_changed, timeout=5000):
        ctl.add_item(2500, "Scarf")

    panel.open_panel()
    assert window.stack.currentWidget() is panel
    QTest.keyClicks(panel.query, "2030")
    with qtbot.waitSignal(panel.cards_shown, timeout=5000) as shown:
        QTest.keyClick(panel.query, Qt.Key.Key_Return)
    listed = shown.args[0]
    assert [(c.card, c.balance, c.preferred) for c in listed] == [
        (big.masked, 9000, True), (small.masked, 1500, False)]
    assert panel.table.item(0, 2).text() == "$90.00"
    assert panel.table.item(0, 3).text() == "Preferred"
    shown_text = " ".join(panel.table.item(r, c).text() for r in range(2) for c in range(4))
    assert big.number not in shown_text and small.number not in shown_text

    with qtbot.waitSignal(ctl.sale_finished, timeout=5000) as finished:
        panel.pay_preferred.click()
    sale = finished.args[0].sale
    assert str(sale.status) == "COMPLETED"
    assert [t.card for t in sale.tenders] == [big.masked]
    assert window.stack.currentWidget() is window.checkout
    assert cards.balance(number=big.number).balance == 6500


def test_paying_without_a_sale_says_what_to_do(
        qtbot: QtBot, session: tuple[DemoSession, CustomerPanel]) -> None:
    demo, panel = session
    cards = demo.window.terminal.cards
    customers = CustomerService(cards)
    bob = customers.create(name="Bob Roy", phone="5557778888")
    (card, _), = cards.issue(amount=1000)
    customers.save_card(customer_id=bob.id, number=card.number)
    panel.open_panel()
    QTest.keyClicks(panel.query, "bob")
    with qtbot.waitSignal(panel.cards_shown, timeout=5000):
        QTest.keyClick(panel.query, Qt.Key.Key_Return)
    with qtbot.waitSignal(panel.problem, timeout=5000) as problem:
        panel.pay_preferred.click()
    assert problem.args[0].key == "no_open_sale"
    assert "Start the sale first" in demo.window.banner.text


def test_a_scan_on_the_panel_saves_the_card_to_the_customer(
        qtbot: QtBot, session: tuple[DemoSession, CustomerPanel]) -> None:
    demo, panel = session
    window = demo.window
    cards = window.terminal.cards
    (card, _), = cards.issue(amount=2500)
    panel.open_panel()
    panel.new_name.setText("Cat Day")
    panel.new_phone.setText("555 333 4444")
    with qtbot.waitSignal(panel.cards_shown, timeout=5000):
        panel.add_customer()
    window.card_read("scanner", card.number)  # routed to the panel on top
    assert window.stack.currentWidget() is panel
    with qtbot.waitSignal(panel.cards_shown, timeout=5000) as shown:
        panel.save_card()
    assert [(c.card, c.balance, c.preferred) for c in shown.args[0]] == [
        (card.masked, 2500, True)]
    assert panel.card_number.text() == ""
