"""Card number formats: what a gift card number of this shop looks like, so a
product barcode or a bank card is never taken for one."""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import KW_ONLY, dataclass

from drivers.checksums import luhn_ok

_ALNUM = re.compile(r"[A-Za-z0-9]+\Z")


@dataclass(frozen=True)
class CardFormat:
    """A program's card numbers: a ``prefix``, a ``length`` (exact, or an
    inclusive ``(min, max)`` range, or None for any) and an optional Luhn check
    digit. Numbers are ASCII digits unless ``digits_only=False``, which allows
    ASCII letters and digits."""

    prefix: str = ""
    length: int | tuple[int, int] | None = None
    luhn: bool = False
    _: KW_ONLY
    digits_only: bool = True

    def __post_init__(self) -> None:
        if self.digits_only and self.prefix and not (self.prefix.isascii()
                                                     and self.prefix.isdigit()):
            raise ValueError("a numeric card format needs a numeric prefix")
        if self.prefix and not _ALNUM.match(self.prefix):
            raise ValueError("a card prefix is letters and digits only")
        if self.luhn and not self.digits_only:
            raise ValueError("a Luhn check digit needs numeric card numbers")
        lo, hi = self.bounds
        if lo < 1 or hi < lo:
            raise ValueError("card length must be positive, min <= max")
        if hi < len(self.prefix):
            raise ValueError("card length is shorter than its prefix")

    @property
    def bounds(self) -> tuple[int, int]:
        """Inclusive (min, max) length."""
        if self.length is None:
            return (1, 64)
        if isinstance(self.length, int):
            return (self.length, self.length)
        return (int(self.length[0]), int(self.length[1]))

    def matches(self, number: str) -> str | None:
        """None if ``number`` is a card of this format, else why not (in words,
        without the number itself)."""
        if not number:
            return "empty"
        if self.digits_only:
            if not (number.isascii() and number.isdigit()):
                return "not all digits"
        elif not _ALNUM.match(number):
            return "not letters and digits"
        if not number.startswith(self.prefix):
            return f"prefix is not {self.prefix}"
        lo, hi = self.bounds
        if not lo <= len(number) <= hi:
            want = str(lo) if lo == hi else f"{lo}-{hi}"
            return f"{len(number)} characters, expected {want}"
        if self.luhn and not luhn_ok(number):
            return "check digit is wrong"
        return None

    def describe(self) -> str:
        parts = [f"prefix {self.prefix}" if self.prefix else "any prefix"]
        if self.length is not None:
            lo, hi = self.bounds
            parts.append(f"length {lo}" if lo == hi else f"length {lo}-{hi}")
        if self.luhn:
            parts.append("Luhn")
        if not self.digits_only:
            parts.append("letters allowed")
        return ", ".join(parts)


#: Used when no format is configured: any run of 1-64 ASCII letters and digits.
ANY_CARD = CardFormat(digits_only=False)


def check_number(number: str, formats: Iterable[CardFormat]) -> str | None:
    """None if ``number`` matches one of ``formats`` (or :data:`ANY_CARD` when
    there are none), else the reason (of the only format, or of all of them)."""
    fmts: Sequence[CardFormat] = tuple(formats) or (ANY_CARD,)
    reasons: list[str] = []
    for fmt in fmts:
        why = fmt.matches(number)
        if why is None:
            return None
        reasons.append(why)
    if len(reasons) == 1:
        return reasons[0]
    return "matches no card format (" + "; ".join(dict.fromkeys(reasons)) + ")"


def parse_length(text: str) -> int | tuple[int, int]:
    """``"16"`` -> 16, ``"16-19"`` -> (16, 19); ValueError otherwise."""
    lo, sep, hi = text.strip().partition("-")
    if not sep:
        return int(lo)
    return (int(lo), int(hi))
