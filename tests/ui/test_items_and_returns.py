"""Lines with a description and a quantity, a product barcode adding its item
from the item list (imported from CSV in the manager console), a gift card
still taken as a card; any sale found by scanning its receipt's barcode or
typing its number, and returned item by item; receipts with the business's
name, address, tax number, the card terms and the sale's barcode."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from app.receipts.escpos_render import render_escpos
from app.receipts.text import render_text
from tests.ui.conftest import card, press, type_text, wait_connected
from ui.demo import DemoSession
from ui.manager import install
from ui.terminal_parts import checkout_settings

MUG = "4006381333931"  # an EAN-13 with a right check digit


def _import_items(qtbot: QtBot, demo: DemoSession, tmp_path: Path) -> None:
    csv = tmp_path / "items.csv"
    csv.write_text("code,description,price\n"
                   f"{MUG},Coffee mug,4.50\n"
                   "96385074,Tea towel,3.25\n"
                   "bad-row-without-price\n", encoding="utf-8")
    console = install(demo.window).open_console()
    with qtbot.waitSignal(console.items.loaded, timeout=5000):
        console.show_tab("items")
    with qtbot.waitSignal(console.items.imported, timeout=5000) as done:
        console.items.import_csv(str(csv))
    assert (done.args[0].added, len(done.args[0].problems)) == (2, 1)
    qtbot.waitUntil(lambda: len(console.items.items) == 2, timeout=5000)
    demo.window.show_checkout()


def test_product_barcodes_quantities_and_descriptions(qtbot: QtBot, demo: DemoSession,
                                                      tmp_path: Path) -> None:
    window, ctl = demo.window, demo.window.controller
    wait_connected(qtbot, window)
    assert demo.scanner is not None
    _import_items(qtbot, demo, tmp_path)

    with qtbot.waitSignal(ctl.sale_changed, timeout=5000):
        demo.scanner.scan(MUG)  # through the real pty and the scanner driver
    assert ctl.sale is not None and ctl.sale.lines[-1].description == "Coffee mug"
    type_text(window, "3*")
    press(window, Qt.Key.Key_Return)
    assert window.checkout.prompt.text().startswith("3 x: scan the item")
    with qtbot.waitSignal(ctl.sale_changed, timeout=5000):
        demo.scanner.scan("96385074")
    line = ctl.sale.lines[-1]
    assert (line.description, line.quantity, line.amount) == ("Tea towel", 3, 975)
    type_text(window, "2*Gift wrap 1.50")
    with qtbot.waitSignal(ctl.sale_changed, timeout=5000):
        press(window, Qt.Key.Key_Return)
    line = ctl.sale.lines[-1]
    assert (line.description, line.quantity, line.amount) == ("Gift wrap", 2, 300)
    assert window.checkout.lines.item(2, 0).text() == "2 x Gift wrap"
    assert ctl.sale.total == 450 + 975 + 300

    with qtbot.waitSignal(window.banner.shown, timeout=5000):
        demo.scanner.scan("5012345678900")  # a product not on the list
    assert "No item with the barcode 5012345678900" in window.banner.text
    # A gift card scanned is still a card: it pays.
    with qtbot.waitSignal(ctl.sale_finished, timeout=5000) as finished:
        demo.scanner.scan(card(demo, "Big spender").number)
    assert finished.args[0].sale.total == 1725


def test_find_any_sale_by_its_receipt_and_return_item_by_item(
        qtbot: QtBot, demo: DemoSession, tmp_path: Path) -> None:
    window, ctl = demo.window, demo.window.controller
    wait_connected(qtbot, window)
    assert demo.scanner is not None
    big = card(demo, "Big spender")
    cards = window.terminal.cards
    receipts = []
    for typed in (("Scarf 20.00", "Hat 15.00"), ("Socks 5.00",)):
        for text in typed:
            type_text(window, text)
            with qtbot.waitSignal(ctl.sale_changed, timeout=5000):
                press(window, Qt.Key.Key_Return)
        with qtbot.waitSignal(ctl.sale_finished, timeout=5000) as finished:
            window.card_read("scanner", big.number)
        receipts.append(finished.args[0].receipt)
        qtbot.waitUntil(lambda: not ctl.busy, timeout=5000)
    first, second = receipts
    assert first.barcode and first.barcode != second.barcode
    assert f"*{first.barcode}*" in render_text(first)
    assert cards.balance(number=big.number).balance == 15000 - 4000

    # Not the last sale: the first one, found by scanning its receipt.
    returns = window.returns
    demo.scanner.scan(first.barcode)
    qtbot.waitUntil(lambda: returns.sale is not None and returns.sale.number == first.number,
                    timeout=5000)
    assert window.stack.currentWidget() is returns
    assert returns.table.rowCount() == 2 and "Scarf" in returns.table.item(0, 0).text()
    returns.table.selectRow(1)  # the hat only
    with qtbot.waitSignal(ctl.refunded, timeout=5000) as refunded:
        press(window, Qt.Key.Key_F1)
    assert refunded.args[0].total == 1500
    assert cards.balance(number=big.number).balance == 15000 - 4000 + 1500

    # The second sale, by its number typed.
    returns.search.setText(str(second.number))
    with qtbot.waitSignal(ctl.idle, timeout=5000):
        qtbot.keyClick(returns.search, Qt.Key.Key_Return)  # Enter in the search field
    qtbot.waitUntil(lambda: returns.sale is not None and returns.sale.number == second.number,
                    timeout=5000)
    returns.search.setText("999")
    with qtbot.waitSignal(window.banner.shown, timeout=5000):
        qtbot.keyClick(returns.search, Qt.Key.Key_Return)  # Enter in the search field
    assert "There is no sale 999 on this till" in window.banner.text


def test_receipts_carry_the_business_and_the_card_terms(qtbot: QtBot,
                                                        demo: DemoSession) -> None:
    window, ctl = demo.window, demo.window.controller
    cfg = window.terminal.config
    cfg.business.name = "Corner Books"
    cfg.business.address = ["12 High Street", "Springfield"]
    cfg.business.tax_number = "GB123456789"
    cfg.business.card_terms = ["Gift cards cannot be exchanged for cash."]
    window.terminal.checkout.settings = checkout_settings(cfg)
    type_text(window, "Novel 12.00")
    with qtbot.waitSignal(ctl.sale_changed, timeout=5000):
        press(window, Qt.Key.Key_Return)
    with qtbot.waitSignal(ctl.sale_finished, timeout=5000) as finished:
        window.card_read("scanner", card(demo, "Birthday gift").number)
    receipt = finished.args[0].receipt
    text = render_text(receipt)
    for words in ("Corner Books", "12 High Street", "Springfield", "Tax no. GB123456789",
                  "Gift cards cannot be exchanged for cash.", f"Sale {receipt.number}",
                  f"*{receipt.barcode}*"):
        assert words in text, words
    data = render_escpos(receipt)
    assert b"Corner Books" in data and receipt.barcode.encode() in data
    assert b"\x1dk" in data  # GS k: the printer's own barcode command
    # The preview shows the bars under the paper.
    press(window, Qt.Key.Key_F11)
    qtbot.waitUntil(lambda: window.stack.currentWidget() is window.receipt, timeout=5000)
    bars = window.receipt.bars
    assert bars.isVisible() and bars.toolTip() == receipt.barcode
    assert not bars.pixmap().isNull() and bars.pixmap().width() >= 200
