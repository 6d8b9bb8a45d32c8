from __future__ import annotations

import pytest

from app.cardnumbers import CodeConfig, luhn_digit, luhn_ok
from app.domain import mask
from app.errors import ValidationError


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


def test_pattern_and_charset() -> None:
    cfg = CodeConfig(prefix="", pattern="GC-####-####", charset="alphanumeric", luhn=False)
    cfg.validate()
    n = cfg.generate()
    assert n.startswith("GC-") and n[7] == "-" and len(n) == 12


@pytest.mark.parametrize("cfg", [
    CodeConfig(prefix="12345678901", length=16),  # too few random digits
    CodeConfig(charset="alphanumeric", luhn=True),
    CodeConfig(pattern="AB##", luhn=False),
])
def test_bad_configs_are_refused(cfg: CodeConfig) -> None:
    with pytest.raises(ValidationError):
        cfg.validate()


def test_mask_shows_last_four_only() -> None:
    assert mask("6036123412341234") == "•••• 1234"
    assert "6036" not in mask("6036123412341234")
    assert mask("12") == "••••"
