"""Amounts as the terminal's cashier types and reads them (babel, through
app.money), bound to the configured currency and locale."""

from __future__ import annotations

from dataclasses import dataclass

from app.money import format_money, format_plain, parse_amount


@dataclass(frozen=True)
class MoneyFormat:
    currency: str = "USD"
    locale: str = "en_US"

    def show(self, minor: int | None) -> str:
        return "" if minor is None else format_money(minor, self.currency, self.locale)

    def plain(self, minor: int) -> str:
        return format_plain(minor, self.currency, self.locale)

    def parse(self, text: str) -> int:
        """Raises app.errors.InvalidAmount with a message for the cashier."""
        return parse_amount(text, self.currency, self.locale)
