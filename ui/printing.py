"""Receipts to the printer (worker thread only: printers block, and the
first print imports python-escpos, which takes a while)."""

from __future__ import annotations

import logging

from app.receipts.model import Receipt
from app.receipts.text import render_text
from ui.i18n import tr
from ui.terminal_parts import Terminal

log = logging.getLogger(__name__)

__all__ = ["is_printer_error", "print_receipt", "render_text"]


def is_printer_error(exc: BaseException) -> bool:
    """A drivers.printer.PrinterError, told without importing escpos."""
    return type(exc).__name__ == "PrinterError" and hasattr(exc, "message")


def print_receipt(terminal: Terminal, receipt: Receipt, *, required: bool = False) -> bool:
    """Print ``receipt``; the bytes open the drawer when cash moved. True when
    paper came out. Without a printer: False, or a PrinterError when the
    cashier asked to print. The demo's ``dummy://`` printer only records the
    bytes, so it answers False too: nobody holds a printed receipt."""
    from app.receipts.escpos_render import render_escpos
    from drivers.printer import PrinterError

    printer = terminal.receipt_printer()
    if printer is None:
        if required:
            raise PrinterError(tr("No receipt printer is set up on this terminal."),
                               key="printer_config")
        return False
    if printer.kind == "dummy":
        # The recording printer keeps every byte it is sent; a demo left
        # running all day should hold the last receipt, not all of them.
        printer.clear()
    printer.send(render_escpos(receipt))
    return printer.kind != "dummy"
