"""The manager's forms do what they say: Enter in a repair dialog does what
its button says and keeps the typed reason; the first staff account is a
manager's; Settings shows the saved numbers."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QAbstractSpinBox, QLineEdit
from pytestqt.qtbot import QtBot

from app.domain import CardStatus
from tests.ui.manager.conftest import MANAGER, MANAGER_PIN, Till, sign_in
from ui.demo import DemoSession
from ui.manager import install


def _look_up(qtbot: QtBot, till: Till, label: str):  # type: ignore[no-untyped-def]
    console = till.manager.open_console()
    with qtbot.waitSignal(console.cards.page_loaded, timeout=5000):
        console.take_card(till.card(label))
    return console


def test_enter_in_adjust_and_freeze_does_what_the_button_says(qtbot: QtBot,
                                                               till: Till) -> None:
    sign_in(qtbot, till, MANAGER, MANAGER_PIN)
    console = _look_up(qtbot, till, "Birthday gift")
    number = till.card("Birthday gift")
    cards = till.window.terminal.cards

    console.lookup.buttons["adjust"].click()
    dialog = console.cards.dialog
    assert dialog is not None and dialog.amount is not None and dialog.reason is not None
    assert dialog.ok.text() == "Enter  Adjust"
    QTest.keyClicks(dialog.amount, "5.00")
    QTest.keyClicks(dialog.reason, "Till short-changed the customer")
    with qtbot.waitSignal(console.cards.done, timeout=5000) as done:
        QTest.keyClick(dialog.reason, Qt.Key.Key_Return)
    assert done.args[0] == "adjust" and done.args[1].new_balance == 5500
    assert cards.balance(number=number).balance == 5500
    qtbot.waitUntil(lambda: any("Till short-changed the customer" in (r.detail or "")
                                for r in till.manager.staff.audit(action="adjust")[0]),
                    timeout=5000)

    console.lookup.buttons["freeze"].click()
    dialog = console.cards.dialog
    assert dialog is not None and dialog.reason is not None
    assert dialog.ok.text() == "Enter  Freeze"
    QTest.keyClicks(dialog.reason, "Reported stolen")
    with qtbot.waitSignal(console.cards.done, timeout=5000) as done:
        QTest.keyClick(dialog.reason, Qt.Key.Key_Enter)
    assert done.args[1].card_status == CardStatus.FROZEN
    assert cards.balance(number=number).status == CardStatus.FROZEN
    qtbot.waitUntil(lambda: any("Reported stolen" in (r.detail or "")
                                for r in till.manager.staff.audit(action="freeze")[0]),
                    timeout=5000)

    # Esc still cancels, and nothing happens to the card.
    console.lookup.buttons["unfreeze"].click()
    dialog = console.cards.dialog
    assert dialog is not None
    QTest.keyClick(dialog, Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: not dialog.isVisible(), timeout=5000)
    assert cards.balance(number=number).status == CardStatus.FROZEN


def test_the_first_staff_account_is_a_manager(qtbot: QtBot, demo: DemoSession) -> None:
    manager = install(demo.window)  # no staff yet: the till is unattended
    console = manager.open_console()
    staff = console.staff
    with qtbot.waitSignal(staff.changed, timeout=5000):
        console.show_tab("staff")
    assert staff.role.currentData() == "manager" and not staff.role.isEnabled()
    assert "first account is a manager" in staff.role_note.text()
    staff.name.setText("Robin")
    staff.pin.setText("4321")
    with qtbot.waitSignal(staff.changed, timeout=5000):
        staff.add()
    [robin] = manager.staff.members()
    assert robin.name == "Robin" and robin.is_manager
    # A manager exists now: the next one may be a cashier (the default).
    assert staff.role.isEnabled()


def test_settings_shows_the_saved_numbers(qtbot: QtBot, till: Till) -> None:
    sign_in(qtbot, till, MANAGER, MANAGER_PIN)
    console = till.manager.open_console()
    console.show_tab("settings")
    s = console.settings
    cfg = till.window.terminal.config
    qtbot.waitUntil(lambda: s.isVisible(), timeout=5000)
    spins: list[tuple[QAbstractSpinBox, str]] = [
        (s.font_size, f"{cfg.font_size} px"), (s.idle, f"{cfg.idle_lock_s} s"),
        (s.timeout, f"{cfg.ledger.timeout_s:.2f} s")]
    for spin, text in spins:
        assert spin.text() == text
        # The number has room to show: the box's own line edit is as wide as
        # the text and as tall as a line (it was 1 px wide and looked blank).
        edit = spin.findChild(QLineEdit)
        assert edit is not None
        assert edit.width() >= edit.fontMetrics().horizontalAdvance(text), \
            (spin.objectName(), edit.geometry())
        assert edit.height() >= edit.fontMetrics().height(), (spin.objectName(), edit.geometry())
