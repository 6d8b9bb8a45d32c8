"""Money: integer minor units beside an ISO 4217 code. No float ever holds money.

Parsing and formatting of what people type and read goes through babel for the
terminal's locale, so "12,50" in de_DE and "12.50" in en_US are both 1250 cents,
and JPY has no decimals at all.
"""

from __future__ import annotations

from decimal import Decimal, InvalidOperation

from babel.core import Locale, UnknownLocaleError
from babel.numbers import (
    NumberFormatError,
    format_currency,
    format_decimal,
    get_currency_precision,
    parse_decimal,
)

from app.errors import InvalidAmount, ValidationError

# Large enough for any real card, small enough that sums of many never
# overflow a 64-bit column.
MAX_AMOUNT_MINOR = 10**12


def currency_code(code: str) -> str:
    """Normalise and check an ISO 4217 code."""
    c = (code or "").strip().upper()
    if len(c) != 3 or not c.isalpha():
        raise ValidationError(key="invalid_currency", params={"code": code})
    return c


def digits(currency: str) -> int:
    """How many decimals the currency has (2 for USD, 0 for JPY, 3 for KWD)."""
    return int(get_currency_precision(currency_code(currency)))


def parse_amount(text: str, currency: str, locale: str = "en_US") -> int:
    """Parse what a person typed in major units into minor units.

    Raises :class:`InvalidAmount` for empty, non-numeric, negative, zero-less
    garbage, or more decimals than the currency has.
    """
    raw = (text or "").strip()
    if not raw:
        raise InvalidAmount("Enter an amount.")
    try:
        value = parse_decimal(raw, locale=locale, strict=True)
    except (NumberFormatError, UnknownLocaleError, ValueError, InvalidOperation) as exc:
        # strict parsing refuses "1.234,5"-style grouping mistakes; the
        # message names the locale so the cashier knows which separator to use.
        # (InvalidOperation: babel's strict check of a 26-digit number.)
        raise InvalidAmount(params={
            "why": "not_amount", "typed": raw, "locale": locale,
            "example": format_decimal(Decimal("12.50"), format="#,##0.00", locale=locale)},
        ) from exc
    return decimal_to_minor(value, currency)


def decimal_to_minor(value: Decimal, currency: str) -> int:
    try:
        if not value.is_finite():
            raise InvalidAmount("That is not a finite amount.")
    except InvalidOperation as exc:  # pragma: no cover - defensive
        raise InvalidAmount("That is not an amount.") from exc
    places = digits(currency)
    scaled = value.scaleb(places)
    if scaled != scaled.to_integral_value():
        raise InvalidAmount(params={"why": "no_decimals" if places == 0 else "decimals",
                                    "code": currency_code(currency), "places": places})
    minor = int(scaled)
    if minor < 0:
        raise InvalidAmount("Amounts cannot be negative here.")
    if minor > MAX_AMOUNT_MINOR:
        raise InvalidAmount("That amount is too large.")
    return minor


def minor_to_decimal(minor: int, currency: str) -> Decimal:
    return Decimal(int(minor)).scaleb(-digits(currency))


def format_money(minor: int, currency: str, locale: str = "en_US") -> str:
    """Format minor units for a person: 1250 USD -> "$12.50"."""
    return str(format_currency(minor_to_decimal(minor, currency), currency_code(currency),
                               locale=locale))


def format_plain(minor: int, currency: str, locale: str = "en_US") -> str:
    """Format minor units without a symbol, as typed: 1250 USD -> "12.50"."""
    places = digits(currency)
    # The locale's own grouping (en_IN groups by lakh: 12,34,567), so that
    # what is shown parses back under parse_amount's strict rules.
    grouping = Locale.parse(locale).decimal_formats[None].pattern.split(";")[0].split(".")[0]
    pattern = grouping + ("." + "0" * places if places else "")
    return str(format_decimal(minor_to_decimal(minor, currency), format=pattern, locale=locale))


def positive_amount(minor: int) -> int:
    """Check an amount given in minor units (e.g. from JSON)."""
    if isinstance(minor, bool) or not isinstance(minor, int):
        raise InvalidAmount("Amounts are whole numbers of minor units (cents).")
    if minor <= 0:
        raise InvalidAmount("The amount must be more than zero.")
    if minor > MAX_AMOUNT_MINOR:
        raise InvalidAmount("That amount is too large.")
    return minor
