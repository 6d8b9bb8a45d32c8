"""The back of a printed card: the balance page as a QR code (segno) with
its address and the store's terms, drawn with Pillow at the card's size, so
`giftpos card print --pdf` makes a two-page (front, back) file a print shop
can use."""

from __future__ import annotations

import io

import segno
from PIL import Image, ImageDraw, ImageFont

from app.designs.render import PDF_DPI

QR_SIDE = 300  # pixels at 300 dpi: about 25 mm, easy for a phone


def _font(size: int) -> ImageFont.FreeTypeFont | ImageFont.ImageFont:
    try:
        return ImageFont.truetype("DejaVuSans.ttf", size)
    except OSError:
        return ImageFont.load_default(size)


def render_back(size: tuple[int, int], *, url: str, terms: list[str]) -> Image.Image:
    back = Image.new("RGB", size, "white")
    buf = io.BytesIO()
    segno.make(url, error="m").save(buf, kind="png", scale=10, border=2)
    qr = Image.open(io.BytesIO(buf.getvalue())).convert("RGB")
    qr = qr.resize((QR_SIDE, QR_SIDE), Image.Resampling.NEAREST)
    margin = 60
    back.paste(qr, (size[0] - QR_SIDE - margin, margin))
    draw = ImageDraw.Draw(back)
    draw.text((margin, margin), "Check your balance", font=_font(44), fill="black")
    draw.text((margin, margin + 64), url, font=_font(26), fill="black")
    y = margin + QR_SIDE + 30
    for line in terms:
        draw.text((margin, y), line, font=_font(24), fill=(60, 60, 60))
        y += 34
    return back


def pdf_with_back(front: Image.Image, back: Image.Image) -> bytes:
    flat = Image.new("RGB", front.size, "white")
    flat.paste(front, mask=front.getchannel("A") if front.mode == "RGBA" else None)
    out = io.BytesIO()
    flat.save(out, format="PDF", resolution=PDF_DPI, title="Gift card", save_all=True,
              append_images=[back])
    return out.getvalue()
