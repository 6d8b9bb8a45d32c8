"""Program limits, typed, per currency: one model the till and the ledger read
the same way.

The balance cap is written in **major units** of each currency and turned
into minor units with that currency's ISO 4217 exponent (babel's data):
2,000 USD is 200,000 cents, 2,000 KWD is 2,000,000 fils (three decimals),
and the yen, worth about a hundredth of a dollar, gets its own cap of
¥200,000 (200,000 minor units: the yen has none). A cap in minor units for
every currency (``max_balance``) is kept for scripts and tests.

Where the values come from:

- the ledger (``giftpos ledger serve``) and the command line: the
  environment, through :class:`LimitsSettings` (pydantic-settings):
  ``GIFTPOS_MAX_BALANCE_MAJOR=2000``,
  ``GIFTPOS_MAX_BALANCE_BY_CURRENCY='{"JPY": "200000"}'``,
  ``GIFTPOS_HOLD_TTL_S=900``, ``GIFTPOS_MAX_BALANCE`` (minor units, all
  currencies);
- a till: the ``[limits]`` table of its ``terminal.toml`` (the same fields),
  with the environment's values as its defaults.
"""

from __future__ import annotations

import functools
import os
from decimal import Decimal
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from app import errors
from app.money import MAX_AMOUNT_MINOR, currency_code, digits

DEFAULT_MAX_MAJOR = Decimal(2000)
# Currencies whose unit is worth much less than a dollar get a cap of a
# similar value rather than 2,000 of their units.
DEFAULT_BY_CURRENCY: dict[str, Decimal] = {
    "JPY": Decimal(200_000),
    "KRW": Decimal(2_000_000),
}


class Limits(BaseModel):
    """Program limits. ``cap(currency)`` is the most a card may hold, in that
    currency's minor units."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    max_balance_major: Decimal = Field(default=DEFAULT_MAX_MAJOR, gt=0)
    max_balance_by_currency: dict[str, Decimal] = Field(
        default_factory=lambda: dict(DEFAULT_BY_CURRENCY))
    # A cap in minor units whatever the currency (benchmarks, tests); None: per currency.
    max_balance: int | None = Field(default=None, gt=0)
    hold_ttl_s: int = Field(default=15 * 60, gt=0)
    allow_reactivate_expired: bool = True

    @field_validator("max_balance_by_currency")
    @classmethod
    def _codes(cls, value: dict[str, Decimal]) -> dict[str, Decimal]:
        out: dict[str, Decimal] = {}
        for code, cap in value.items():
            try:
                c = currency_code(code)
            except errors.ValidationError as exc:
                raise ValueError(exc.message) from exc
            if cap <= 0:
                raise ValueError(f"The cap for {c} must be more than zero.")
            out[c] = cap
        return out

    def cap(self, currency: str) -> int:
        """The most a card in ``currency`` may hold, in minor units."""
        if self.max_balance is not None:
            return self.max_balance
        code = currency_code(currency)
        major = self.max_balance_by_currency.get(code, self.max_balance_major)
        return min(int(major.scaleb(digits(code))), MAX_AMOUNT_MINOR)

    def to_toml(self) -> dict[str, Any]:
        """What ``terminal.toml`` keeps (decimals as strings: TOML has no decimals)."""
        return self.model_dump(mode="json", exclude_none=True)


@functools.cache
def _settings_class() -> type[Any]:
    """``LimitsSettings``: the same fields, read from ``GIFTPOS_*`` environment
    variables. Made on first use: pydantic-settings takes ~0.2 s to import,
    which a till's start does without (docs/terminal.md, cold start)."""
    from pydantic_settings import BaseSettings, SettingsConfigDict

    class LimitsSettings(BaseSettings):
        model_config = SettingsConfigDict(env_prefix="GIFTPOS_", extra="ignore")

        max_balance_major: Decimal = DEFAULT_MAX_MAJOR
        max_balance_by_currency: dict[str, Decimal] = Field(
            default_factory=lambda: dict(DEFAULT_BY_CURRENCY))
        max_balance: int | None = None
        hold_ttl_s: int = 15 * 60
        allow_reactivate_expired: bool = True

    return LimitsSettings


def limits_from_env() -> Limits:
    """The limits the environment sets (defaults where it says nothing)."""
    names = {f"GIFTPOS_{name}".upper() for name in Limits.model_fields}
    if not any(key.upper() in names for key in os.environ):
        return Limits()  # nothing set: no need to load pydantic-settings
    try:
        return Limits(**_settings_class()().model_dump())
    except ValidationError as exc:
        raise errors.ValidationError(f"The limits in the environment are not valid: {exc}",
                                     key="invalid_config") from exc


def limits_from_dict(data: dict[str, Any], *, base: Limits | None = None) -> Limits:
    """A ``[limits]`` table over ``base`` (the environment's limits by default)."""
    merged = {**(base or limits_from_env()).model_dump(), **data}
    try:
        return Limits(**merged)
    except ValidationError as exc:
        raise errors.ValidationError(f"The [limits] settings are not valid: {exc}",
                                     key="invalid_config") from exc
