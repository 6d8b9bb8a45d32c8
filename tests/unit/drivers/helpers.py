"""Card numbers and frames for the driver tests, built independently of the
code under test where it matters (the LRC)."""

from __future__ import annotations

from drivers.checksums import luhn_digit
from drivers.formats import CardFormat

GIFT = CardFormat("6036", 16, True)


def card(i: int = 1234) -> str:
    """A 16-digit 6036... number with a good Luhn digit."""
    body = f"6036{i:011d}"
    return body + luhn_digit(body)


CARD = card(1234)
assert CARD == "6036000000012349"  # a fixed number makes failures readable


def iso_lrc(track: str) -> str:
    """ISO 7811 LRC of a whole track (sentinels included), as an ASCII character."""
    if track.startswith("%"):
        base, mask = 0x20, 0x3F
    else:
        base, mask = 0x30, 0x0F
    acc = 0
    for ch in track:
        acc ^= (ord(ch) - base) & mask
    return chr(acc + base)
