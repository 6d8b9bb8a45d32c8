"""Paying with a saved card and both gift modes, through the real checkout on
a real SQLite store."""

from __future__ import annotations

import uuid

import pytest

from app.customers.checkout import (
    complete_sale,
    gift_in_sale,
    pay_with_saved_card,
    settle_pending_gifts,
)
from app.errors import Decline, ValidationError
from tests.integration.customers.conftest import Till


def test_pay_with_the_preferred_card_or_a_chosen_one(till: Till) -> None:
    ann = till.person("Ann", "5550102030")
    pref = till.customers.save_card(customer_id=ann.id, number=till.card(1000))
    other = till.customers.save_card(customer_id=ann.id, number=till.card(5000))
    sale = till.checkout.open_sale()
    till.checkout.add_item(sale.id, description="Scarf", amount=2500)
    out = pay_with_saved_card(till.checkout, till.customers, sale_id=sale.id,
                              customer_id=ann.id)
    assert out.ok and out.approved == 1000 and out.partial  # the preferred one, all it had
    assert out.tender is not None and out.tender.card == pref.card
    out = pay_with_saved_card(till.checkout, till.customers, sale_id=sale.id,
                              customer_id=ann.id, saved_id=other.id)
    assert out.ok and out.approved == 1500 and out.sale.remaining_due == 0
    done, gifts = complete_sale(till.checkout, till.customers, sale.id)
    assert str(done.status) == "COMPLETED" and gifts == []
    assert [c.balance for c in till.customers.cards_of(ann.id)] == [0, 3500]


def test_a_shared_card_pays_for_the_person_it_was_shared_with(till: Till) -> None:
    ann, bob = till.person("Ann", "5550102030"), till.person("Bob", "5557778888")
    saved = till.customers.save_card(customer_id=ann.id, number=till.card(3000))
    till.customers.share(owner_id=ann.id, saved_id=saved.id, with_customer=bob.id)
    sale = till.checkout.open_sale()
    till.checkout.add_item(sale.id, description="Book", amount=1200)
    out = pay_with_saved_card(till.checkout, till.customers, sale_id=sale.id,
                              customer_id=bob.id)
    assert out.ok and out.approved == 1200
    complete_sale(till.checkout, till.customers, sale.id)
    assert till.customers.cards_of(ann.id)[0].balance == 1800


def test_gift_a_new_card_paid_in_the_sale(till: Till) -> None:
    ann, bob = till.person("Ann", "5550102030"), till.person("Bob", "5557778888")
    till.designs.add_program(code="birthday", title="Happy Birthday", default_amount=2500,
                             expiry_months=24, template="confetti")
    sale = till.checkout.open_sale()
    op = str(uuid.uuid4())
    gift = gift_in_sale(till.checkout, till.customers, sale_id=sale.id, recipient_id=bob.id,
                        amount=4000, sender_id=ann.id, program="birthday",
                        designs=till.designs, message="Happy birthday!", op_id=op)
    again = gift_in_sale(till.checkout, till.customers, sale_id=sale.id, recipient_id=bob.id,
                         amount=4000, sender_id=ann.id, program="birthday",
                         designs=till.designs, message="Happy birthday!", op_id=op)
    assert gift.status == "PENDING" and again.id == gift.id
    view = till.checkout.get(sale.id)
    assert [ln.amount for ln in view.lines] == [4000]  # once, whatever the retries
    assert till.cards.balance(number=gift.number).status == "INACTIVE"
    assert till.customers.cards_of(bob.id) == []  # not before the sale is paid
    till.checkout.pay_external(sale.id, amount=4000, reference="AUTH-77")  # the funding tender
    done, settled = complete_sale(till.checkout, till.customers, sale.id)
    assert str(done.status) == "COMPLETED"
    assert [(g.id, g.status) for g in settled] == [(gift.id, "DONE")]
    card = till.cards.balance(number=gift.number)
    assert (card.status, card.balance, card.program) == ("ACTIVE", 4000, "birthday")
    bobs = till.customers.cards_of(bob.id)
    assert [(c.role, c.balance, c.preferred) for c in bobs] == [("OWNER", 4000, True)]
    assert settled[0].saved_card_id == bobs[0].id
    # Completing or settling again changes nothing.
    assert complete_sale(till.checkout, till.customers, sale.id)[1] == []
    assert len(till.customers.cards_of(bob.id)) == 1


def test_a_cancelled_sale_gifts_nothing(till: Till) -> None:
    ann, bob = till.person("Ann", "5550102030"), till.person("Bob", "5557778888")
    sale = till.checkout.open_sale()
    gift = gift_in_sale(till.checkout, till.customers, sale_id=sale.id, recipient_id=bob.id,
                        amount=2000, sender_id=ann.id)
    till.checkout.cancel(sale.id)
    settled = settle_pending_gifts(till.checkout, till.customers)
    assert [(g.id, g.status) for g in settled] == [(gift.id, "CANCELLED")]
    assert till.customers.cards_of(bob.id) == []
    assert till.cards.balance(number=gift.number).status == "INACTIVE"  # never sold


def test_a_sale_completed_without_the_helper_is_caught_up(till: Till) -> None:
    bob = till.person("Bob", "5557778888")
    sale = till.checkout.open_sale()
    gift = gift_in_sale(till.checkout, till.customers, sale_id=sale.id, recipient_id=bob.id,
                        amount=2000)
    till.checkout.pay_cash(sale.id, amount=2000)
    till.checkout.complete(sale.id)  # e.g. a crash before the gift step
    assert till.customers.cards_of(bob.id) == []
    settled = settle_pending_gifts(till.checkout, till.customers)
    assert [(g.id, g.status) for g in settled] == [(gift.id, "DONE")]
    assert [c.balance for c in till.customers.cards_of(bob.id)] == [2000]


def test_gift_an_existing_saved_card(till: Till) -> None:
    ann, bob = till.person("Ann", "5550102030"), till.person("Bob", "5557778888")
    cat = till.person("Cat", "5553334444")
    keep = till.customers.save_card(customer_id=ann.id, number=till.card(1000))
    give = till.customers.save_card(customer_id=ann.id, number=till.card(3000),
                                    preferred=True)
    till.customers.share(owner_id=ann.id, saved_id=give.id, with_customer=cat.id)
    before = till.cards.history(number=give.number)[1]
    op = str(uuid.uuid4())
    gift = till.customers.gift_existing(sender_id=ann.id, saved_id=give.id,
                                        recipient_id=bob.id, op_id=op)
    assert till.customers.gift_existing(sender_id=ann.id, saved_id=give.id,
                                        recipient_id=bob.id, op_id=op).id == gift.id
    assert (gift.mode, gift.status, gift.amount) == ("EXISTING", "DONE", 3000)
    # No payment: the card's journal did not move.
    assert till.cards.history(number=give.number)[1] == before
    assert [(c.id, c.preferred) for c in till.customers.cards_of(ann.id)] == [(keep.id, True)]
    bobs = till.customers.cards_of(bob.id)
    assert [(c.role, c.balance) for c in bobs] == [("OWNER", 3000)]
    assert till.customers.cards_of(cat.id) == []  # shares end with the old owner
    with pytest.raises(Exception) as e:  # Ann no longer owns it
        till.customers.gift_existing(sender_id=ann.id, saved_id=give.id,
                                     recipient_id=cat.id)
    assert getattr(e.value, "key", "") == "saved_card_not_found"
    with pytest.raises(ValidationError):
        till.customers.gift_existing(sender_id=bob.id, saved_id=bobs[0].id,
                                     recipient_id=bob.id)


def test_gift_a_new_card_funded_elsewhere(till: Till) -> None:
    ann, bob = till.person("Ann", "5550102030"), till.person("Bob", "5557778888")
    with pytest.raises(ValidationError) as e:
        till.customers.gift_new_funded(sender_id=ann.id, recipient_id=bob.id, amount=2000,
                                       currency="USD", source_ref=" ")
    assert e.value.key == "source_required"
    op = str(uuid.uuid4())
    gift = till.customers.gift_new_funded(sender_id=ann.id, recipient_id=bob.id, amount=2000,
                                          currency="USD", source_ref="ORDER-1", op_id=op)
    again = till.customers.gift_new_funded(sender_id=ann.id, recipient_id=bob.id,
                                           amount=2000, currency="USD", source_ref="ORDER-1",
                                           op_id=op)
    assert again.number == gift.number  # one card, whatever the retries
    assert till.cards.balance(number=gift.number).balance == 2000
    assert [c.balance for c in till.customers.cards_of(bob.id)] == [2000]


def test_gift_in_sale_refuses_an_unknown_recipient_before_issuing(till: Till) -> None:
    sale = till.checkout.open_sale()
    with pytest.raises(Exception) as e:
        gift_in_sale(till.checkout, till.customers, sale_id=sale.id,
                     recipient_id=str(uuid.uuid4()), amount=1000)
    assert getattr(e.value, "key", "") == "customer_not_found"


def test_a_short_saved_card_is_declined_without_partial_approval(till: Till) -> None:
    ann = till.person("Ann", "5550102030")
    till.customers.save_card(customer_id=ann.id, number=till.card(100))
    sale = till.checkout.open_sale()
    till.checkout.add_item(sale.id, description="Tea", amount=500)
    out = pay_with_saved_card(till.checkout, till.customers, sale_id=sale.id,
                              customer_id=ann.id, partial=False)
    assert isinstance(out.declined, Decline) and out.declined.key == "gift_amount_exceeded"
    assert out.sale.remaining_due == 500
    assert till.customers.cards_of(ann.id)[0].balance == 100
