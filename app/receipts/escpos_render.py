"""A receipt as ESC/POS bytes, produced with python-escpos on its recording
``Dummy`` printer. Sending the bytes to a device (serial, network, file) is the
drivers' job (drivers.printer); app/ only produces them."""

from __future__ import annotations

import contextlib
import io

from escpos.printer import Dummy

from app.receipts.model import Receipt
from app.receipts.text import WIDTH, rows

# ESC p m t1 t2: pulse drawer pin 2 for 50*2 ms on, 50*2 ms off.
DRAWER_KICK = b"\x1bp\x00\x32\x32"


def render_escpos(r: Receipt, *, width: int = WIDTH, kick_drawer: bool | None = None,
                  cut: bool = True) -> bytes:
    """The printer's bytes. The drawer opens when cash changed hands (or as
    ``kick_drawer`` says); the paper is cut at the end."""
    p = Dummy()
    p.hw("INIT")
    for row in rows(r, width=width):
        if row.style == "barcode":
            p.set(align="center", bold=False, normal_textsize=True)
            # "{B": Code128 set B; the printer prints the text under the bars.
            with contextlib.redirect_stdout(io.StringIO()):  # escpos chats on stdout
                p.barcode("{B" + row.text, "CODE128", height=60, width=2, pos="BELOW",
                          function_type="B")
            continue
        if row.style == "qr":
            p.set(align="center", bold=False, normal_textsize=True)
            p.qr(row.text, size=5, native=True)  # the printer's own QR (GS ( k)
        if row.style == "title":
            p.set(align="center", bold=True, double_height=True, double_width=True)
        elif row.style in ("center", "qr"):
            p.set(align="center", bold=False, normal_textsize=True)
        elif row.style == "bold":
            p.set(align="left", bold=True, normal_textsize=True)
        else:
            p.set(align="left", bold=False, normal_textsize=True)
        p.text(row.text + "\n")
    p.set(align="left", bold=False, normal_textsize=True)
    if kick_drawer if kick_drawer is not None else r.opens_drawer:
        p.cashdraw(2)
    if cut:
        p.cut()
    return bytes(p.output)


def drawer_kick() -> bytes:
    """Just open the drawer (the "no sale" key)."""
    p = Dummy()
    p.cashdraw(2)
    return bytes(p.output)
