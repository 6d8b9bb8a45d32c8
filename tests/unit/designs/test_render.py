"""A rendered card decodes back to its number with a real decoder (zxing-cpp),
and its bars are python-barcode's own Code128 encoding."""

from __future__ import annotations

import io
from datetime import date

import pytest
from PIL import Image

from app.designs.escpos import card_escpos
from app.designs.render import CardFace, code128_modules, render_card, to_pdf, to_png
from app.designs.templates import builtin_templates

zxingcpp = pytest.importorskip("zxingcpp")

NUMBER = "6012345678901234"


def _face(**kw: object) -> CardFace:
    base: dict[str, object] = {"number": NUMBER, "title": "Holiday Gift Card",
                               "amount": 5000, "currency": "USD",
                               "expires_on": date(2027, 11, 29)}
    return CardFace(**{**base, **kw})  # type: ignore[arg-type]


def _decode(img: Image.Image) -> list[tuple[str, str]]:
    return [(r.text, r.format.name) for r in zxingcpp.read_barcodes(img.convert("RGB"))]


@pytest.mark.parametrize("template", builtin_templates(), ids=lambda t: t.id)
def test_every_cover_decodes_back_to_the_full_number(template: object) -> None:
    png = to_png(render_card(_face(), template))  # type: ignore[arg-type]
    img = Image.open(io.BytesIO(png))
    assert img.size == (1012, 638)
    assert _decode(img) == [(NUMBER, "Code128")]


def test_alphanumeric_numbers_decode_too() -> None:
    t = builtin_templates()[0]
    assert _decode(render_card(_face(number="GC12AB34567XY"), t)) == [("GC12AB34567XY",
                                                                       "Code128")]


def test_the_bars_are_python_barcodes_code128() -> None:
    t = next(t for t in builtin_templates() if t.id == "classic")
    img = render_card(_face(), t).convert("L")
    x, y, w, h = t.layout.barcode
    row = [img.getpixel((i, y + h // 3)) for i in range(x, x + w)]
    bits = "".join("1" if int(v) < 128 else "0" for v in row).strip("0")  # type: ignore[arg-type]
    runs: list[int] = []
    for i, b in enumerate(bits):
        if i and b == bits[i - 1]:
            runs[-1] += 1
        else:
            runs.append(1)
    unit = min(runs)
    modules = "".join(("1" if i % 2 == 0 else "0") * (r // unit) for i, r in enumerate(runs))
    assert modules == code128_modules(NUMBER)


def test_masked_and_full_number_text() -> None:
    assert _face().shown_number() == "•••• •••• •••• 1234"
    assert _face(full_number=True).shown_number() == "6012 3456 7890 1234"
    assert NUMBER[:12] not in _face().shown_number()


def test_pdf_is_one_card_sized_page() -> None:
    pdf = to_pdf(render_card(_face(), builtin_templates()[0]))
    assert pdf.startswith(b"%PDF")
    # 1012 x 638 px at 300 dpi = 242.9 x 153.1 pt (85.7 x 54 mm)
    assert b"/MediaBox [ 0 0 242.88 153.12 ]" in pdf


def test_escpos_slip_has_the_code128_command_and_a_masked_number() -> None:
    out = card_escpos(_face())
    # GS k 73 (CODE128, function B), length, "{B" + number
    cmd = b"\x1dkI" + bytes([len(NUMBER) + 2]) + b"{B" + NUMBER.encode()
    assert cmd in out
    text = out.replace(cmd, b"")
    assert NUMBER.encode() not in text and b"**** **** **** 1234" in text
    assert b"$50.00" in text
    assert b"\x1dV" in out  # cut


def test_escpos_image_mode_is_a_raster_of_paper_width() -> None:
    img = render_card(_face(), builtin_templates()[0])
    out = card_escpos(_face(), image=img)
    assert b"\x1dv0" in out  # GS v 0: raster bit image
    i = out.index(b"\x1dv0") + 4
    width_bytes = out[i] + 256 * out[i + 1]
    assert width_bytes * 8 == 512
