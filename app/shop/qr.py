"""QR codes (segno): the balance page's address on receipts, printed cards
and e-gifts."""

from __future__ import annotations

import io

import segno


def qr_png(data: str, *, scale: int = 6) -> bytes:
    buf = io.BytesIO()
    segno.make(data, error="m").save(buf, kind="png", scale=scale, border=4)
    return buf.getvalue()


def qr_text(data: str) -> str:
    """The code as text blocks, for a terminal or a text receipt preview."""
    buf = io.StringIO()
    segno.make(data, error="m").terminal(out=buf, compact=True)
    return buf.getvalue()
