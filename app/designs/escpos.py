"""A card on the receipt printer, as ESC/POS bytes from python-escpos's
recording ``Dummy`` printer: either the printer's own Code128 command under a
few lines of text, or the whole card image dithered to the paper's width.
Sending the bytes is the drivers' job."""

from __future__ import annotations

import contextlib
import io

from PIL import Image

from app.designs.render import CardFace
from app.money import format_money
from app.ops.journal import clean_number

PAPER_DOTS = 512  # printable width of 80 mm paper at 203 dpi (576 on some models)


def card_escpos(face: CardFace, *, image: Image.Image | None = None, cut: bool = True,
                balance_url: str = "") -> bytes:
    """With ``image``, print the card picture; without it, a text slip with a
    barcode. Either way the barcode carries the full number. With
    ``balance_url``, a QR code of the customers' balance page under it."""
    # python-escpos prints chatty lines on stdout (barcode, image); a --json
    # answer must stay one JSON object.
    with contextlib.redirect_stdout(io.StringIO()):
        return _card_escpos(face, image=image, cut=cut, balance_url=balance_url)


def _card_escpos(face: CardFace, *, image: Image.Image | None, cut: bool,
                 balance_url: str = "") -> bytes:
    # Imported here, not at the top: python-escpos parses its printer
    # capabilities (a large YAML file) when imported, 0.3-0.6 s that the
    # cashier window paid at start through the customers' panel.
    from escpos.printer import Dummy

    p = Dummy()
    p.hw("INIT")
    if image is not None:
        flat = Image.new("RGB", image.size, "white")
        flat.paste(image, mask=image.getchannel("A") if image.mode == "RGBA" else None)
        height = round(flat.height * PAPER_DOTS / flat.width)
        p.image(flat.resize((PAPER_DOTS, height), Image.Resampling.LANCZOS).convert("1"))
    else:
        p.set(align="center", bold=True, double_height=True, double_width=True)
        p.text(face.title + "\n")
        p.set(align="center", bold=True, normal_textsize=True)
        if face.amount > 0:
            p.text(format_money(face.amount, face.currency, face.locale) + "\n")
        p.set(align="center", bold=False, normal_textsize=True)
        # ESC/POS fonts have no bullet: the mask prints as "**** 1234".
        p.text(face.shown_number().replace("•", "*") + "\n")
        if face.expires_on is not None:
            p.text(f"Valid through {face.expires_on.isoformat()}\n")
        # "{B": Code128 set B, which every printer accepts for any number.
        p.barcode("{B" + clean_number(face.number), "CODE128", height=80, width=2,
                  pos="OFF", function_type="B")
    if balance_url:
        p.set(align="center", bold=False, normal_textsize=True)
        p.text("\nCheck your balance:\n")
        # The printer's own QR command (GS ( k): sharp at any density.
        p.qr(balance_url, size=5, native=True)
        p.text(balance_url + "\n")
    p.text("\n")
    if cut:
        p.cut()
    return bytes(p.output)
