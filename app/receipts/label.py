"""A card number as a Code128 barcode image (PNG) for card labels, so a
printed card can be scanned at the till. The only place a full number is
rendered: labels go on the card itself."""

from __future__ import annotations

import io

import barcode
from barcode.writer import ImageWriter

from app.errors import ValidationError
from app.ops.journal import clean_number


def card_barcode_png(number: str, *, module_width: float = 0.3, module_height: float = 12.0,
                     text: bool = True, dpi: int = 300) -> bytes:
    n = clean_number(number)
    try:
        code = barcode.get("code128", n, writer=ImageWriter())
    except barcode.errors.BarcodeError as exc:  # pragma: no cover - code128 takes any ASCII
        raise ValidationError("This card number cannot be printed as a barcode.",
                              key="invalid_card_number") from exc
    out = io.BytesIO()
    code.write(out, options={"module_width": module_width, "module_height": module_height,
                             "write_text": text, "dpi": dpi, "quiet_zone": 2.0})
    return out.getvalue()
