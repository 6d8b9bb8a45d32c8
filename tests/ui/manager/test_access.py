"""Signing in, the idle lock, a cashier refused a manager-only action, and a
refund a manager approves with a PIN on the cashier's screen."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from pytestqt.qtbot import QtBot

from app.domain import CardStatus
from tests.ui.manager.conftest import (
    CASHIER,
    CASHIER_PIN,
    MANAGER,
    MANAGER_PIN,
    Till,
    sign_in,
)


def test_locked_till_takes_no_keys_until_a_pin(qtbot: QtBot, till: Till) -> None:
    window, session = till.window, till.manager.session
    assert till.manager.locked
    QTest.keyClicks(window.checkout.entry, "12.00")
    assert window.checkout.entry.text() == ""  # the lock swallowed the keys
    # A card scanned while locked is neither a payment nor a lookup.
    page = till.manager._locked_page
    assert page is not None and window.stack.currentWidget() is page
    qtbot.waitUntil(lambda: window.status.device_text("scanner") == "scanner: connected",
                    timeout=5000)
    assert till.session.scanner is not None
    till.session.scanner.scan(till.card("Birthday gift"))
    qtbot.waitUntil(lambda: page.ignored == 1, timeout=5000)
    assert window.controller.sale is None
    dialog = session.sign_in_dialog
    assert dialog is not None
    dialog.choose(CASHIER)
    dialog.pin.setText("0000")
    with qtbot.waitSignal(window.banner.shown, timeout=5000):
        dialog.submit()
    assert "do not match" in dialog.problem.text() and session.person is None
    sign_in(qtbot, till, CASHIER, CASHIER_PIN)
    assert window.controller.cashier == CASHIER  # sales carry who sold them
    assert window.stack.currentWidget() is window.checkout
    QTest.keyClicks(window.checkout.entry, "12.00")
    assert window.checkout.entry.text() == "12.00"
    # Idle: the till locks itself again (a short timeout, waited on as a signal).
    session.idle.set_timeout(50)
    session.idle.start()
    with qtbot.waitSignal(session.locked, timeout=5000):
        pass
    assert session.person is None and till.manager.locked


def test_cashier_is_refused_a_manager_only_action(qtbot: QtBot, till: Till) -> None:
    sign_in(qtbot, till, CASHIER, CASHIER_PIN)
    console = till.manager.open_console()
    number = till.card("Birthday gift")
    with qtbot.waitSignal(console.cards.page_loaded, timeout=5000):
        console.lookup.entry.setText(number)
        QTest.keyClick(console.lookup.entry, Qt.Key.Key_Return)
    assert not console.tabs.isTabEnabled(1)  # reports are for managers
    console.lookup.buttons["cancel"].click()
    dialog = console.cards.dialog
    assert dialog is not None and dialog.preview_rows == [("$50.00", "$50.00")]
    with qtbot.waitSignal(till.manager.session.refused, timeout=5000) as refused:
        dialog.ok.click()
    assert refused.args[0] == "cancel" and "Only a manager" in refused.args[1]
    assert "Only a manager can cancel a card" in till.window.banner.text
    assert till.window.terminal.cards.balance(number=number).status == CardStatus.ACTIVE
    records, _ = till.manager.staff.audit(action="cancel")
    assert [(r.actor, r.outcome) for r in records] == [(CASHIER, "refused")]


def test_refund_approved_by_a_manager_pin(qtbot: QtBot, till: Till) -> None:
    window, ctl, session = till.window, till.window.controller, till.manager.session
    sign_in(qtbot, till, CASHIER, CASHIER_PIN)
    number = till.card("Big spender")
    ctl.add_item(2500, "Lamp")
    with qtbot.waitSignal(ctl.sale_finished, timeout=5000) as finished:
        ctl.pay_card(number)
    sale = finished.args[0].sale
    assert sale.cashier == CASHIER
    assert window.terminal.cards.balance(number=number).balance == 12500

    window.action("returns")
    qtbot.waitUntil(lambda: window.returns.sale is not None, timeout=5000)
    window.returns.submit(to_new_card=False)
    qtbot.waitUntil(lambda: session.approval_dialog is not None
                    and session.approval_dialog.isVisible(), timeout=5000)
    dialog = session.approval_dialog
    assert dialog is not None and CASHIER in dialog.explain.text()
    dialog.choose(MANAGER)
    dialog.pin.setText(MANAGER_PIN)
    with qtbot.waitSignal(ctl.refunded, timeout=5000) as refunded:
        dialog.submit()
    assert refunded.args[0].total == 2500
    assert window.terminal.cards.balance(number=number).balance == 15000
    records, _ = till.manager.staff.audit(action="refund")
    assert [(r.actor, r.approver, r.outcome) for r in records] == [(CASHIER, MANAGER,
                                                                    "approved")]
