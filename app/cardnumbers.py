"""Card numbers: campaign code configurations, cryptographically random
generation, and the Luhn check digit."""

from __future__ import annotations

import secrets
import string
from dataclasses import dataclass

from app.errors import ValidationError

CHARSETS = {
    "numeric": string.digits,
    "alphanumeric": string.ascii_uppercase + string.digits,
    "alphabetic": string.ascii_uppercase,
}


def luhn_digit(payload: str) -> str:
    """The check digit that makes ``payload + digit`` pass the Luhn test."""
    total = 0
    for i, ch in enumerate(reversed(payload)):
        d = int(ch)
        if i % 2 == 0:
            d *= 2
            if d > 9:
                d -= 9
        total += d
    return str((10 - total % 10) % 10)


def luhn_ok(number: str) -> bool:
    return number.isdigit() and len(number) >= 2 and luhn_digit(number[:-1]) == number[-1]


@dataclass(frozen=True, kw_only=True)
class CodeConfig:
    """How a campaign's card numbers look, as gift-card platforms describe it:
    a prefix, a total length, a charset, or a pattern where ``#`` is a random
    character (e.g. ``"GC-####-####"``), and an optional Luhn check digit."""

    prefix: str = "6"
    length: int = 16
    charset: str = "numeric"
    pattern: str | None = None
    luhn: bool = True

    def validate(self) -> None:
        chars = CHARSETS.get(self.charset, self.charset)
        if not chars:
            raise ValidationError("The charset is empty.", key="invalid_code_config")
        if self.luhn and (chars != string.digits or (not self.prefix.isdigit() and self.prefix)):
            raise ValidationError("A Luhn check digit needs numeric card numbers.",
                                  key="invalid_code_config")
        if self.pattern is None:
            random_len = self.length - len(self.prefix) - (1 if self.luhn else 0)
            if random_len < 6:
                raise ValidationError(
                    "The card number is too short for its prefix: at least 6 random "
                    "characters are needed.", key="invalid_code_config")
            if self.length > 32:
                raise ValidationError("Card numbers are at most 32 characters.",
                                      key="invalid_code_config")
        elif self.pattern.count("#") < 6:
            raise ValidationError("A pattern needs at least 6 '#' characters.",
                                  key="invalid_code_config")

    def generate(self) -> str:
        chars = CHARSETS.get(self.charset, self.charset)
        if self.pattern is not None:
            body = "".join(secrets.choice(chars) if c == "#" else c for c in self.pattern)
            return self.prefix + body
        random_len = self.length - len(self.prefix) - (1 if self.luhn else 0)
        body = self.prefix + "".join(secrets.choice(chars) for _ in range(random_len))
        return body + luhn_digit(body) if self.luhn else body


def generate_key(length: int = 8) -> str:
    """A card's security code / key, printed under a scratch-off panel."""
    return "".join(secrets.choice(string.digits) for _ in range(length))
