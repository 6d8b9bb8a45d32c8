from __future__ import annotations

import pytest

from drivers.checksums import gtin_digit, gtin_ok, luhn_digit, luhn_ok
from drivers.formats import ANY_CARD, CardFormat, check_number, parse_length

from .helpers import CARD, GIFT


@pytest.mark.parametrize("number", ["79927398713", "4111111111111111", CARD])
def test_luhn_accepts_known_good_numbers(number: str) -> None:
    assert luhn_ok(number)


@pytest.mark.parametrize("number", ["79927398710", "4111111111111112", "", "7", "12a4",
                                    "٣٣٣٣"])
def test_luhn_rejects_bad_numbers(number: str) -> None:
    assert not luhn_ok(number)


def test_luhn_digit_completes_a_number() -> None:
    assert luhn_digit("7992739871") == "3"
    with pytest.raises(ValueError):
        luhn_digit("12x")


@pytest.mark.parametrize("code", ["5012345678900", "4006381333931", "96385074",
                                  "036000291452", "10012345678902"])
def test_gtin_accepts_real_codes(code: str) -> None:
    assert gtin_ok(code)


@pytest.mark.parametrize("code", ["5012345678901", "96385075", "12345", "50123456789OO"])
def test_gtin_rejects_wrong_codes(code: str) -> None:
    assert not gtin_ok(code)


def test_gtin_digit() -> None:
    assert gtin_digit("501234567890") == "0"


def test_card_format_reasons() -> None:
    assert GIFT.matches(CARD) is None
    assert GIFT.matches("") == "empty"
    assert GIFT.matches("60360000000123a9") == "not all digits"
    assert GIFT.matches("5036000000012349") == "prefix is not 6036"
    assert GIFT.matches("603600000001234") == "15 characters, expected 16"
    assert GIFT.matches(CARD[:-1] + str((int(CARD[-1]) + 1) % 10)) == "check digit is wrong"


def test_card_format_reasons_never_echo_the_number() -> None:
    for bad in ("5036000000012349", "603600000001234", "6036000000012348"):
        reason = GIFT.matches(bad)
        assert reason is not None and bad not in reason


def test_length_range_and_letters() -> None:
    fmt = CardFormat("GC", (8, 10), digits_only=False)
    assert fmt.matches("GC123456") is None
    assert fmt.matches("GC1234567890") == "12 characters, expected 8-10"
    assert fmt.matches("GC-12345") == "not letters and digits"
    assert fmt.describe() == "prefix GC, length 8-10, letters allowed"


@pytest.mark.parametrize("kwargs", [
    {"prefix": "60A"},
    {"prefix": "60", "luhn": True, "digits_only": False},
    {"length": 0},
    {"length": (10, 8)},
    {"prefix": "603612", "length": 4},
])
def test_card_format_rejects_impossible_settings(kwargs: dict) -> None:
    with pytest.raises(ValueError):
        CardFormat(**kwargs)


def test_check_number_against_several_formats() -> None:
    formats = [GIFT, CardFormat("29", 13)]
    assert check_number(CARD, formats) is None
    assert check_number("2900000000000", formats) is None
    reason = check_number("1234", formats)
    assert reason is not None and reason.startswith("matches no card format")
    assert "prefix is not 6036" in reason and "prefix is not 29" in reason


def test_no_format_accepts_letters_and_digits_only() -> None:
    assert check_number("ABC123", []) is None
    assert check_number("ABC 123", []) == ANY_CARD.matches("ABC 123") == "not letters and digits"


def test_parse_length() -> None:
    assert parse_length("16") == 16
    assert parse_length(" 16-19 ") == (16, 19)
    with pytest.raises(ValueError):
        parse_length("sixteen")
