from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from app.errors import InvalidAmount, ValidationError
from app.money import digits, format_money, format_plain, parse_amount, positive_amount


@pytest.mark.parametrize(
    ("text", "currency", "locale", "minor"),
    [
        ("12.50", "USD", "en_US", 1250),
        ("12,50", "EUR", "de_DE", 1250),
        ("1,234.56", "USD", "en_US", 123456),
        ("1.234,56", "EUR", "de_DE", 123456),
        ("1000", "JPY", "ja_JP", 1000),
        ("0.001", "KWD", "en_US", 1),
        ("  7 ", "USD", "en_US", 700),
        ("0", "USD", "en_US", 0),
    ],
)
def test_parse_amount(text: str, currency: str, locale: str, minor: int) -> None:
    assert parse_amount(text, currency, locale) == minor


@pytest.mark.parametrize(
    ("text", "currency", "why"),
    [
        ("12.505", "USD", "at most 2 decimals"),
        ("10.5", "JPY", "no decimals"),
        ("-1", "USD", "negative"),
        ("abc", "USD", "not an amount"),
        ("", "USD", "Enter an amount"),
        ("1e400", "USD", None),
        ("99999999999999999", "USD", "too large"),
        ("NaN", "USD", None),
    ],
)
def test_parse_amount_refuses(text: str, currency: str, why: str | None) -> None:
    with pytest.raises(InvalidAmount, match=why):
        parse_amount(text, currency)


def test_unknown_currency_is_a_clear_error() -> None:
    with pytest.raises(ValidationError) as exc:
        parse_amount("1", "DOLLARS")
    assert exc.value.key == "invalid_currency"


def test_format() -> None:
    assert format_money(1250, "USD") == "$12.50"
    assert format_money(1250, "EUR", "de_DE") == "12,50\xa0€"
    assert format_money(1000, "JPY", "ja_JP") == "￥1,000"
    assert format_plain(123456, "USD") == "1,234.56"
    assert digits("JPY") == 0 and digits("USD") == 2 and digits("KWD") == 3


@given(st.integers(min_value=0, max_value=10**11), st.sampled_from(
    [("USD", "en_US"), ("EUR", "de_DE"), ("JPY", "ja_JP"), ("KWD", "en_US")]))
def test_format_then_parse_round_trips(minor: int, cur_loc: tuple[str, str]) -> None:
    currency, locale = cur_loc
    assert parse_amount(format_plain(minor, currency, locale), currency, locale) == minor


@given(st.text(max_size=30))
def test_parse_never_raises_anything_but_invalid_amount(text: str) -> None:
    try:
        minor = parse_amount(text, "USD")
    except InvalidAmount:
        return
    assert isinstance(minor, int) and minor >= 0


def test_positive_amount_checks_type() -> None:
    assert positive_amount(5) == 5
    for bad in (0, -1, True, 1.5, "3"):
        with pytest.raises(InvalidAmount):
            positive_amount(bad)  # type: ignore[arg-type]
