"""Card numbers: the one canonical form, campaign code configurations,
cryptographically random generation, and the Luhn check digit.

**The canonical number** is what is stored, looked up and compared: the
printed number without spaces or dashes, upper-cased (``gc-3011 4518`` and
``GC30114518`` are the same card). Issuing, storage and every look-up go
through :func:`canonical`, so a card is always found again by what is printed
on it, whichever way it is typed.

**Patterns** (``GC-####-####``): ``#`` is a random character of the charset,
``+`` the Luhn check digit, anything else is printed as it stands. A pattern
has a check digit exactly when it has a ``+`` (``GC-####-###+`` has one,
``GC-####-####`` has none); asking for Luhn on a pattern without ``+`` is
refused rather than dropped. A pattern gets no default prefix: what it shows
is what the card carries. Luhn (via python-stdnum) needs all-digit numbers.
"""

from __future__ import annotations

import secrets
import string
from dataclasses import dataclass

from stdnum import luhn as _luhn

from app.errors import ValidationError

CHARSETS = {
    "numeric": string.digits,
    "alphanumeric": string.ascii_uppercase + string.digits,
    "alphabetic": string.ascii_uppercase,
}
DEFAULT_PREFIX = "6"
MAX_LENGTH = 32
RANDOM = "#"
CHECK = "+"
_SEPARATORS = frozenset("- ")
_ALNUM = frozenset(string.ascii_uppercase + string.digits)


def canonical(number: str) -> str:
    """The stored form of a card number: no spaces or dashes, upper case.

    Raises :class:`ValidationError` (``invalid_card_number``) for anything
    that is not 1..32 ASCII letters and digits once cleaned."""
    n = "".join(str(number or "").split()).replace("-", "").upper()
    if not n or len(n) > MAX_LENGTH or not set(n) <= _ALNUM:
        raise ValidationError("That is not a card number.", key="invalid_card_number")
    return n


def luhn_digit(payload: str) -> str:
    """The check digit that makes ``payload + digit`` pass the Luhn test."""
    return str(_luhn.calc_check_digit(payload))


def luhn_ok(number: str) -> bool:
    return (number.isascii() and number.isdigit() and len(number) >= 2
            and bool(_luhn.is_valid(number)))


def _charset(name: str) -> str:
    chars = CHARSETS.get(name)
    if chars is None:
        # A charset given as characters: numbers are case-insensitive, so
        # "abc" and "ABC" are one charset; duplicates would skew the odds.
        chars = "".join(dict.fromkeys(str(name or "").upper()))
    if not chars:
        raise ValidationError("The charset is empty.", key="invalid_code_config")
    if not set(chars) <= _ALNUM:
        raise ValidationError("A charset may hold only letters and digits.",
                              key="invalid_code_config")
    return chars


@dataclass(frozen=True, kw_only=True)
class CodeConfig:
    """How a campaign's card numbers look, as gift-card platforms describe it:
    a prefix, a total length, a charset, or a pattern (see the module's
    docstring), and a Luhn check digit.

    ``prefix`` None means the default (``6``) without a pattern and nothing
    with one; ``luhn`` None means on without a pattern and "has a ``+``" with
    one."""

    prefix: str | None = None
    length: int = 16
    charset: str = "numeric"
    pattern: str | None = None
    luhn: bool | None = None

    @property
    def effective_prefix(self) -> str:
        if self.prefix is None:
            return "" if self.pattern is not None else DEFAULT_PREFIX
        return self.prefix

    @property
    def has_check_digit(self) -> bool:
        if self.pattern is not None:
            return CHECK in self.pattern
        return True if self.luhn is None else self.luhn

    def validate(self) -> None:
        chars = _charset(self.charset)
        prefix = self.effective_prefix
        if prefix and not set(prefix.upper()) <= _ALNUM | _SEPARATORS:
            raise ValidationError("A prefix may hold only letters, digits, '-' and spaces.",
                                  key="invalid_code_config")
        prefix_chars = "".join(c for c in prefix.upper() if c in _ALNUM)
        if self.pattern is not None:
            self._validate_pattern(chars, prefix_chars)
            return
        if self.has_check_digit and (chars != string.digits or (not prefix_chars.isdigit()
                                     and prefix_chars)):
            raise ValidationError("A Luhn check digit needs numeric card numbers.",
                                  key="invalid_code_config")
        random_len = self.length - len(prefix_chars) - (1 if self.has_check_digit else 0)
        if random_len < 6:
            raise ValidationError(
                "The card number is too short for its prefix: at least 6 random "
                "characters are needed.", key="invalid_code_config")
        if self.length > MAX_LENGTH:
            raise ValidationError(key="invalid_code_config",
                                  params={"why": "too_long", "most": MAX_LENGTH})

    def _validate_pattern(self, chars: str, prefix_chars: str) -> None:
        pattern = self.pattern or ""
        if not set(pattern.upper()) <= _ALNUM | _SEPARATORS | {RANDOM, CHECK}:
            raise ValidationError(
                "A pattern holds '#' (a random character), '+' (the check digit), "
                "letters, digits, '-' and spaces.", key="invalid_code_config")
        if pattern.count(RANDOM) < 6:
            raise ValidationError("A pattern needs at least 6 '#' characters.",
                                  key="invalid_code_config")
        checks = pattern.count(CHECK)
        if checks > 1 or (checks and pattern.rstrip(" -")[-1] != CHECK):
            raise ValidationError("A pattern's check digit '+' comes once, at its end.",
                                  key="invalid_code_config")
        if self.luhn and not checks:
            raise ValidationError(
                "A pattern says where its check digit goes with '+' (e.g. "
                "'6000-####-####-###+'); add one, or ask for no Luhn digit.",
                key="invalid_code_config")
        if self.luhn is False and checks:
            raise ValidationError("This pattern has a check digit '+' but Luhn is off.",
                                  key="invalid_code_config")
        if checks:
            literal = "".join(c for c in pattern.upper() if c in _ALNUM)
            if chars != string.digits or not (prefix_chars + literal + "0").isdigit():
                raise ValidationError("A Luhn check digit needs numeric card numbers.",
                                      key="invalid_code_config")
        body = len(prefix_chars) + sum(1 for c in pattern.upper()
                                       if c in _ALNUM or c in (RANDOM, CHECK))
        if body > MAX_LENGTH:
            raise ValidationError(key="invalid_code_config",
                                  params={"why": "too_long", "most": MAX_LENGTH})

    def generate(self) -> str:
        """A new random number, in canonical form."""
        chars = _charset(self.charset)
        prefix = self.effective_prefix
        if self.pattern is not None:
            body = "".join(secrets.choice(chars) if c == RANDOM else c
                           for c in self.pattern if c != CHECK)
            number = canonical(prefix + body)
            return number + luhn_digit(number) if CHECK in self.pattern else number
        prefix = canonical(prefix) if prefix else ""
        luhn = self.has_check_digit
        random_len = self.length - len(prefix) - (1 if luhn else 0)
        body = prefix + "".join(secrets.choice(chars) for _ in range(random_len))
        return body + luhn_digit(body) if luhn else body


KEY_LENGTH = 16


def generate_key(length: int = KEY_LENGTH) -> str:
    """A card's security code / key, printed under a scratch-off panel:
    16 random digits (10^16 keys, so a guess is hopeless and a bulk issue
    of 10,000 keyed cards almost never draws one twice; it retries if so)."""
    return "".join(secrets.choice(string.digits) for _ in range(length))
