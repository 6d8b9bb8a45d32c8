"""What a cashier types for a sale line: ``4.50``, ``Mug 4.50``, ``3*4.50``,
``3*Mug 4.50`` or just ``3*`` (the quantity of the next item)."""

from __future__ import annotations

import re

from app.errors import ValidationError
from ui.i18n import tr
from ui.money import MoneyFormat

_QUANTITY = re.compile(r"^\s*(\d{1,5})\s*[*xX×]\s*(.*)$")


def parse_line(text: str, money: MoneyFormat, quantity: int = 1) -> tuple[int, str, int | None]:
    """(quantity, description, amount) of ``text``; amount None for "3*"
    alone. ``quantity`` is the one typed before, for a line without its own.
    Raises ValidationError (the banner says what to type)."""
    match = _QUANTITY.match(text)
    if match:
        quantity = int(match.group(1))
        text = match.group(2).strip()
        if not 1 <= quantity <= 9999:
            raise ValidationError(tr("A quantity is 1 to 9999."), key="invalid_quantity")
        if not text:
            return quantity, "", None
    words = text.split()
    price = words[-1] if words else ""
    description = " ".join(words[:-1])
    if not description and not is_amount(price, money):
        raise ValidationError(tr("Type the price after the description, like: Mug 4.50"),
                              key="amount_needed")
    return quantity, description or tr("Item"), money.parse(price)


def is_amount(text: str, money: MoneyFormat) -> bool:
    try:
        money.parse(text)
    except Exception:
        return False
    return True
