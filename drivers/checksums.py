"""Check digits that scanners and card numbers carry: Luhn (mod 10, as on payment
and most gift cards) and the GTIN check digit of EAN-13, UPC-A and EAN-8."""

from __future__ import annotations

from stdnum import ean as _ean
from stdnum import luhn as _luhn


def _digits(text: str) -> bool:
    # str.isdigit() also accepts '²' and Arabic-Indic digits; card numbers are ASCII.
    return text.isascii() and text.isdigit()


def luhn_digit(payload: str) -> str:
    """The check digit that makes ``payload + digit`` pass the Luhn test
    (python-stdnum's, the same the core uses)."""
    if not _digits(payload):
        raise ValueError("Luhn needs ASCII digits")
    return str(_luhn.calc_check_digit(payload))


def luhn_ok(number: str) -> bool:
    """True if ``number`` is at least two ASCII digits and its last one is its Luhn digit."""
    return _digits(number) and len(number) >= 2 and bool(_luhn.is_valid(number))


def gtin_digit(payload: str) -> str:
    """The GTIN (EAN/UPC) check digit for ``payload``: weights 3,1,3,... from the right."""
    if not _digits(payload):
        raise ValueError("GTIN needs ASCII digits")
    return str(_ean.calc_check_digit(payload))


def gtin_ok(code: str) -> bool:
    """True for a GTIN-8/12/13/14 (EAN-8, UPC-A, EAN-13, ITF-14) with a correct check digit."""
    return _digits(code) and len(code) in (8, 12, 13, 14) and gtin_digit(code[:-1]) == code[-1]
