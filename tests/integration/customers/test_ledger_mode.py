"""A ledger-backed till (OnlineGateway to a real uvicorn ledger): a gift card
sold in a sale is issued by the ledger, activated there, and saved to the
recipient; paying with a saved card asks the ledger."""

from __future__ import annotations

import uuid
from collections.abc import Callable

import pytest

from app.checkout import CheckoutService, CheckoutSettings
from app.customers.checkout import complete_sale, gift_in_sale, pay_with_saved_card
from app.customers.remote import RemoteCustomers
from app.customers.service import CustomerService
from app.errors import NotFound
from tests.integration.ledger.support import LedgerEnv
from tests.integration.sync.conftest import Terminal, issue, ledger_balance, make_terminal

__all__ = ["make_terminal"]  # the fixture, shared with the sync tests


def test_gift_and_saved_card_on_a_ledger_backed_till(
        ledger: LedgerEnv, make_terminal: Callable[..., Terminal]) -> None:
    t = make_terminal("t1")
    checkout = CheckoutService(t.cards.store, t.gateway,
                               settings=CheckoutSettings(terminal="t1", store="s1"),
                               cards=t.cards)
    customers = CustomerService(t.cards)
    ann = customers.create(name="Ann", phone="5550102030")
    bob = customers.create(name="Bob", phone="5557778888")

    sale = checkout.open_sale()
    gift = gift_in_sale(checkout, customers, sale_id=sale.id, recipient_id=bob.id,
                        amount=4000, sender_id=ann.id)
    with ledger.client("admin") as c:  # the ledger issued it, unsold
        looked = c.post("/v1/cards/lookup", json={"number": gift.number}).json()
        assert looked["status"] == "INACTIVE"
    checkout.pay_cash(sale.id, amount=4000)
    done, settled = complete_sale(checkout, customers, sale.id)
    assert str(done.status) == "COMPLETED"
    assert [g.status for g in settled] == ["DONE"]
    assert ledger_balance(ledger, gift.number) == 4000
    assert [c.balance for c in customers.cards_of(bob.id)] == [4000]

    # Bob pays with it: the hold and capture are the ledger's.
    sale = checkout.open_sale()
    checkout.add_item(sale.id, description="Lamp", amount=1500)
    out = pay_with_saved_card(checkout, customers, sale_id=sale.id, customer_id=bob.id)
    assert out.ok and out.approved == 1500
    complete_sale(checkout, customers, sale.id)
    assert ledger_balance(ledger, gift.number) == 2500


def test_customers_kept_by_the_ledger_are_shared_by_every_till(
        ledger: LedgerEnv, make_terminal: Callable[..., Terminal]) -> None:
    t1, t2 = make_terminal("t1"), make_terminal("t2")
    here, there = RemoteCustomers(t1.client), RemoteCustomers(t2.client)
    number = issue(ledger, 3000)
    op = str(uuid.uuid4())
    ann = here.create(name="Ann Lee", phone="555 010 2030", op_id=op)
    assert here.create(name="Ann Lee", phone="555 010 2030", op_id=op).id == ann.id
    saved = here.save_card(customer_id=ann.id, number=number)
    assert saved.card.endswith(number[-4:]) and saved.number == ""  # masked on the wire
    # The other till finds her and pays with her preferred card.
    (found,) = there.find(phone="2030")
    assert found.id == ann.id and there.get(ann.id).name == "Ann Lee"
    assert [(c.balance, c.preferred) for c in there.cards_of(ann.id)] == [(3000, True)]
    checkout = CheckoutService(t2.cards.store, t2.gateway,
                               settings=CheckoutSettings(terminal="t2", store="s2"),
                               cards=t2.cards)
    sale = checkout.open_sale()
    checkout.add_item(sale.id, description="Vase", amount=1000)
    out = pay_with_saved_card(checkout, there, sale_id=sale.id, customer_id=ann.id)
    assert out.ok and out.approved == 1000
    checkout.complete(sale.id)
    assert ledger_balance(ledger, number) == 2000
    assert there.cards_of(ann.id)[0].balance == 2000
    with pytest.raises(NotFound) as e:
        there.card_for_payment(customer_id=there.create(name="Bob", phone="5557778888").id)
    assert e.value.key == "no_saved_card"
