"""A refund's plan is fixed before its credits are sent; a card frozen in
between (here: the till died after the plan, a manager froze the card, the
cashier asks again) must not leave the refund PENDING for good while the sale
says REFUNDED: the card's share goes to store credit on a new card."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from sqlalchemy import select

from app.checkout import CheckoutService, SaleStatus
from app.checkout.schema import SaleRefundRow
from app.errors import ValidationError
from app.ops.service import CardService
from tests.integration.checkout.conftest import assert_journal_consistent, balance


class Died(BaseException):
    pass


def test_a_card_frozen_between_the_plan_and_the_credit_gets_store_credit(
        checkout: CheckoutService, cards: CardService, card: Callable[..., str],
        monkeypatch: pytest.MonkeyPatch) -> None:
    number = card(5_000)
    sale = checkout.add_item(checkout.open_sale().id, description="Lamp", amount=3_000)
    checkout.pay_with_card(sale.id, number=number)
    checkout.complete(sale.id)

    def die(**_k: object) -> None:
        raise Died

    with monkeypatch.context() as m:
        m.setattr(checkout.gateway, "refund", die)
        with pytest.raises(Died):
            checkout.refund(sale.id)  # planned, then the till died
    cards.change_status(number=number, action="freeze", reason="lost")

    result = checkout.refund(sale.id)  # the cashier asks again

    assert result.new_card is not None and result.total == 3_000
    assert balance(cards, result.new_card) == 3_000
    assert balance(cards, number) == 2_000  # the frozen card took nothing
    assert result.sale.status == SaleStatus.REFUNDED
    with checkout.store.read() as s:
        assert [r.status for r in s.scalars(select(SaleRefundRow))] == ["DONE"]
    with pytest.raises(ValidationError):  # nothing left pending, nothing to refund
        checkout.refund(sale.id)
    assert_journal_consistent(checkout.store)
