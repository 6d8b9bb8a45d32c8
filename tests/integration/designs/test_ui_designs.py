"""The card designs screen and the print-card dialog, offscreen, over a real
SQLite store, with the recording (dummy://) receipt printer."""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import io
from pathlib import Path

import pytest
from PIL import Image
from pytestqt.qtbot import QtBot

from app.designs.service import DesignService
from app.ops.service import CardService
from app.store.database import Store
from drivers.printer import open_printer
from ui.designs import DesignsScreen
from ui.money import MoneyFormat
from ui.worker import Worker

zxingcpp = pytest.importorskip("zxingcpp")


def test_add_a_program_issue_from_it_and_print_the_card(qtbot: QtBot, store: Store,
                                                        tmp_path: Path) -> None:
    cards = CardService(store)
    designs = DesignService(store, cards)
    worker = Worker()
    printer = open_printer("dummy://")
    screen = DesignsScreen(designs, worker, MoneyFormat("USD", "en_US"),
                           printer=lambda: printer)
    qtbot.addWidget(screen)
    problems: list[BaseException] = []
    screen.problem.connect(problems.append)
    with qtbot.waitSignal(screen.loaded, timeout=5000):
        screen.reload()
    assert screen.cover.count() >= 3 and screen.table.rowCount() == 0

    screen.code.setText("holiday")
    screen.title_in.setText("Holiday Gift Card")
    screen.amount.setText("25.00")
    screen.months.setValue(12)
    screen.cover.setCurrentIndex(screen.cover.findData("aurora"))
    with qtbot.waitSignal(screen.loaded, timeout=5000):
        screen.add_program()
    assert [screen.table.item(0, c).text() for c in range(5)] == [
        "holiday", "Holiday Gift Card", "$25.00", "12 months from issue", "aurora"]

    screen.table.selectRow(0)
    screen.inactive.setChecked(False)
    with qtbot.waitSignal(screen.issued, timeout=5000) as issued:
        screen.issue()
    card = issued.args[0][0]
    assert (card.balance, card.program, card.status) == (2500, "holiday", "ACTIVE")

    # One card issued: the print dialog opens on it and previews it.
    dialog = screen.dialog
    assert dialog is not None
    with qtbot.waitSignal(dialog.previewed, timeout=10000) as shown:
        pass
    png = shown.args[0]
    img = Image.open(io.BytesIO(png))
    assert [r.text for r in zxingcpp.read_barcodes(img.convert("RGB"))] == [card.number]
    assert dialog.number.echoMode() == dialog.number.EchoMode.Password

    target = tmp_path / "card.pdf"
    with qtbot.waitSignal(dialog.saved, timeout=10000):
        dialog.save(str(target))
    assert target.read_bytes().startswith(b"%PDF")
    with qtbot.waitSignal(dialog.printed, timeout=10000):
        dialog.print_receipt()
    assert b"\x1dv0" in printer.output  # the card as a raster image
    assert problems == []
    dialog.close()
    worker.wait_idle(5000)
