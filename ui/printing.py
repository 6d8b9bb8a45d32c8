"""Receipts to the printer (worker thread only: printers block)."""

from __future__ import annotations

import logging

from app.receipts.escpos_render import render_escpos
from app.receipts.model import Receipt
from app.receipts.text import render_text
from drivers.printer import Printer, PrinterError

log = logging.getLogger(__name__)

__all__ = ["print_receipt", "render_text"]


def print_receipt(printer: Printer | None, receipt: Receipt, *, required: bool = False) -> bool:
    """Print ``receipt``; the bytes open the drawer when cash moved. Without
    a printer: False, or a PrinterError when the cashier asked to print."""
    if printer is None:
        if required:
            raise PrinterError("No receipt printer is set up on this terminal.",
                               key="printer_config")
        return False
    printer.send(render_escpos(receipt))
    return True
