from __future__ import annotations

import re

import pytest

from app.cardnumbers import CodeConfig, canonical, generate_key, luhn_digit, luhn_ok
from app.domain import mask
from app.errors import ValidationError
from drivers.checksums import luhn_digit as drivers_luhn


def test_luhn_known_numbers() -> None:
    assert luhn_ok("4111111111111111")
    assert luhn_ok("79927398713")
    assert not luhn_ok("79927398710")
    assert luhn_digit("7992739871") == "3"


def test_generated_numbers_follow_the_config() -> None:
    cfg = CodeConfig(prefix="6036", length=19, luhn=True)
    numbers = {cfg.generate() for _ in range(500)}
    assert len(numbers) == 500
    for n in numbers:
        assert n.startswith("6036") and len(n) == 19 and luhn_ok(n)


@pytest.mark.parametrize(("cfg", "shape"), [
    # a pattern: no default prefix, separators gone from the stored form
    (CodeConfig(pattern="GC-####-####", charset="alphanumeric"), r"GC[A-Z0-9]{8}"),
    # a lowercase charset is the same charset upper-cased
    (CodeConfig(pattern="gc-####-####", charset="abc"), r"GC[ABC]{8}"),
    # a prefix with letters and '-'
    (CodeConfig(prefix="gc-", length=12, charset="numeric", luhn=False), r"GC[0-9]{10}"),
    # a pattern's '+' is its Luhn digit
    (CodeConfig(pattern="6000-####-####-###+"), r"6000[0-9]{12}"),
    (CodeConfig(prefix="6036", length=19), r"6036[0-9]{15}"),
])
def test_generated_numbers_are_canonical(cfg: CodeConfig, shape: str) -> None:
    cfg.validate()
    for _ in range(50):
        n = cfg.generate()
        assert re.fullmatch(shape, n), n
        assert canonical(n) == n
    assert luhn_ok(n) == cfg.has_check_digit


@pytest.mark.parametrize(("typed", "stored"), [
    ("gc-3011 4518", "GC30114518"),
    (" 6036 1234-5678 ", "603612345678"),
    ("GC30114518", "GC30114518"),
])
def test_canonical_number(typed: str, stored: str) -> None:
    assert canonical(typed) == stored


@pytest.mark.parametrize("typed", ["", "--", "GC_3011", "６０３６", "x" * 33, "GC.3011"])
def test_canonical_refuses_what_is_not_a_number(typed: str) -> None:
    with pytest.raises(ValidationError) as err:
        canonical(typed)
    assert err.value.key == "invalid_card_number"


@pytest.mark.parametrize("cfg", [
    CodeConfig(prefix="12345678901", length=16),  # too few random digits
    CodeConfig(charset="alphanumeric", luhn=True),
    CodeConfig(pattern="AB##", luhn=False),
    # Luhn asked for, but the pattern has no '+': refused, not dropped
    CodeConfig(pattern="6000-####-####", luhn=True),
    CodeConfig(pattern="GC-####-###+"),  # letters cannot carry a Luhn digit
    CodeConfig(pattern="60##+####-####"),  # '+' only at the end
    CodeConfig(pattern="6000-####-###+", luhn=False),
    CodeConfig(pattern="GC_####-####"),
    CodeConfig(charset="ab-c", luhn=False),
])
def test_bad_configs_are_refused(cfg: CodeConfig) -> None:
    with pytest.raises(ValidationError) as err:
        cfg.validate()
    assert err.value.key == "invalid_code_config"


def test_keys_are_sixteen_digits() -> None:
    keys = {generate_key() for _ in range(1000)}
    assert len(keys) == 1000 and all(len(k) == 16 and k.isdigit() for k in keys)


def test_one_luhn_for_the_core_and_the_drivers() -> None:
    for payload in ("603612345678901", "7992739871", "0"):
        assert luhn_digit(payload) == drivers_luhn(payload)


def test_mask_shows_last_four_only() -> None:
    assert mask("6036123412341234") == "•••• 1234"
    assert "6036" not in mask("6036123412341234")
    assert mask("12") == "••••"
