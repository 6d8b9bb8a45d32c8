"""Card-not-present use of a card: a spend (a web or phone order) or a
balance look-up checked against the card's security code when its program
requires one (or it has one), before the operation runs through app/ops."""

from __future__ import annotations

from app.domain import CardView, OpResult
from app.ops.service import CardService
from app.shop import codes


def redeem_not_present(cards: CardService, *, number: str, amount: int, code: str | None,
                       partial: bool = False, entry_id: str | None = None) -> OpResult:
    codes.check(cards.store, number=number, code=code, now=cards.clock())
    return cards.redeem(number=number, amount=amount, partial=partial, entry_id=entry_id)


def balance_with_code(cards: CardService, *, number: str, code: str | None) -> CardView:
    codes.check(cards.store, number=number, code=code, now=cards.clock())
    return cards.balance(number=number)
