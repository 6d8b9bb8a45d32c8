"""Card lookup by key, history paging, and a freeze a redemption at the
checkout then meets."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from pytestqt.qtbot import QtBot

from app.domain import CardStatus, OpContext
from tests.ui.manager.conftest import MANAGER, MANAGER_PIN, Till, sign_in
from ui.manager.common import cell_texts


def test_lookup_by_key_with_history_pages(qtbot: QtBot, till: Till) -> None:
    sign_in(qtbot, till, MANAGER, MANAGER_PIN)
    cards = till.window.terminal.cards
    [(view, key)] = cards.issue(amount=1000, with_key=True, program="spring")
    assert key is not None
    ctx = OpContext(terminal="demo-till", cashier="Casey")
    for _ in range(30):  # more than one page of history
        cards.load(number=view.number, amount=100, ctx=ctx)
    console = till.manager.open_console()
    console.lookup.set_mode("key")
    with qtbot.waitSignal(console.cards.page_loaded, timeout=5000) as loaded:
        QTest.keyClicks(console.lookup.entry, key)
        QTest.keyClick(console.lookup.entry, Qt.Key.Key_Return)
    assert loaded.args[0].number == view.number
    lookup = console.lookup
    assert lookup.balance.text() == "$40.00"
    assert view.number[-4:] in lookup.number.text() and view.number not in lookup.number.text()
    rows = cell_texts(lookup.history)
    assert len(rows) == 25 and rows[0][1] == "Loaded" and rows[0][3] == "$40.00"
    assert lookup.older.isEnabled() and not lookup.newer.isEnabled()
    with qtbot.waitSignal(console.cards.page_loaded, timeout=5000) as page2:
        lookup.older.click()
    assert page2.args[1] == 6  # 5 more loads and the issue
    assert cell_texts(lookup.history)[-1][1] == "Issued"
    lookup.filter.setCurrentText("Loads and sales")
    assert {r[1] for r in cell_texts(lookup.history)} <= {"Loaded", "Issued"}
    with qtbot.waitSignal(console.cards.page_loaded, timeout=5000):
        lookup.newer.click()
    assert lookup.page_label.text() == "Page 1"


def test_freeze_then_a_redemption_is_declined(qtbot: QtBot, till: Till) -> None:
    window = till.window
    sign_in(qtbot, till, MANAGER, MANAGER_PIN)
    number = till.card("Birthday gift")
    console = till.manager.open_console()
    scanner = till.session.scanner
    assert scanner is not None
    qtbot.waitUntil(lambda: window.status.device_text("scanner") == "scanner: connected",
                    timeout=5000)
    # A scan while the console is open looks the card up.
    with qtbot.waitSignal(console.cards.page_loaded, timeout=5000):
        console.take_card(number)
    console.lookup.buttons["freeze"].click()
    dialog = console.cards.dialog
    assert dialog is not None and dialog.preview_rows == [("$50.00", "$50.00")]
    with qtbot.waitSignal(console.cards.done, timeout=5000) as done:
        dialog.ok.click()
    assert done.args[1].card_status == CardStatus.FROZEN
    qtbot.waitUntil(lambda: console.lookup.status.text() == "Frozen", timeout=5000)
    assert "frozen" in window.banner.text

    window.show_checkout()
    ctl = window.controller
    ctl.add_item(1000, "Mug")
    qtbot.waitUntil(lambda: ctl.sale is not None and not ctl.busy, timeout=5000)
    with qtbot.waitSignal(window.banner.shown, timeout=5000) as shown:
        scanner.scan(number)
    assert shown.args[0] == "error" and "frozen" in window.banner.text.lower()
    assert ctl.sale is not None and ctl.sale.remaining_due == 1000
    assert window.terminal.cards.balance(number=number).balance == 5000
    # Two rows: the permission, then (written off the GUI thread) the result.
    qtbot.waitUntil(lambda: len(till.manager.staff.audit(action="freeze")[0]) == 2,
                    timeout=5000)
    records, _ = till.manager.staff.audit(action="freeze")
    assert {(r.outcome, r.actor) for r in records} == {("ok", MANAGER)}
    assert any(r.entry_id == done.args[1].id for r in records)
