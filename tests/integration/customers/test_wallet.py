"""Saving, preferring, sharing and revoking cards on a real SQLite store."""

from __future__ import annotations

import uuid

import pytest

from app.errors import Conflict, Decline, NotFound, ValidationError
from tests.integration.customers.conftest import Till


def test_customers_are_found_by_phone_or_name(till: Till) -> None:
    ann = till.customers.create(name="Ann  Lee", phone="(555) 010-2030",
                                email="ann@example.com")
    till.person("Annie Hall", "+44 20 7946 0000")
    assert ann.phone == "5550102030" and ann.name == "Ann Lee"
    assert [c.id for c in till.customers.find(phone="555-010-2030")] == [ann.id]
    assert [c.id for c in till.customers.find(phone="2030")] == [ann.id]  # last digits
    assert {c.name for c in till.customers.find(name="ANN")} == {"Ann Lee", "Annie Hall"}
    assert till.customers.find(name="100%") == []  # LIKE wildcards are literal
    with pytest.raises(ValidationError) as e:
        till.customers.create(name="X", phone="12", email=None)
    assert e.value.key == "invalid_phone"
    with pytest.raises(ValidationError):
        till.customers.create(name="X", phone="5551234567", email="not-an-email")


def test_create_is_idempotent_by_operation_id(till: Till) -> None:
    op = str(uuid.uuid4())
    a = till.customers.create(name="Ann", phone="5550102030", op_id=op)
    b = till.customers.create(name="Ann", phone="5550102030", op_id=op)
    assert a.id == b.id and len(till.customers.find(name="ann")) == 1
    with pytest.raises(Conflict):
        till.customers.create(name="Bob", phone="5550102030", op_id=op)


def test_save_lists_balances_and_keeps_one_preferred(till: Till) -> None:
    ann = till.person("Ann", "5550102030")
    first = till.customers.save_card(customer_id=ann.id, number=till.card(5000))
    second = till.customers.save_card(customer_id=ann.id, number=till.card(1200))
    assert first.preferred and not second.preferred  # the first saved card is preferred
    listed = till.customers.cards_of(ann.id)
    assert [(c.id, c.balance, c.preferred) for c in listed] == [
        (first.id, 5000, True), (second.id, 1200, False)]
    assert all(c.card.startswith("••••") for c in listed)
    assert "number" not in listed[0].to_dict()  # the full number stays inside
    till.customers.prefer(customer_id=ann.id, saved_id=second.id)
    till.customers.prefer(customer_id=ann.id, saved_id=second.id)  # twice: no change
    assert [c.preferred for c in till.customers.cards_of(ann.id)] == [True, False]
    assert till.customers.cards_of(ann.id)[0].id == second.id


def test_a_card_has_one_owner(till: Till) -> None:
    ann, bob = till.person("Ann", "5550102030"), till.person("Bob", "5557778888")
    number = till.card()
    op = str(uuid.uuid4())
    saved = till.customers.save_card(customer_id=ann.id, number=number, op_id=op)
    again = till.customers.save_card(customer_id=ann.id, number=number, op_id=op)
    assert again.id == saved.id and len(till.customers.cards_of(ann.id)) == 1
    with pytest.raises(Decline) as e:
        till.customers.save_card(customer_id=bob.id, number=number)
    assert e.value.key == "card_saved_elsewhere"
    with pytest.raises(NotFound):
        till.customers.save_card(customer_id=ann.id, number="6000000000000000")
    (inactive, _), = till.cards.issue(inactive=True)
    with pytest.raises(Decline) as e:
        till.customers.save_card(customer_id=ann.id, number=inactive.number)
    assert e.value.key == "card_inactive"


def test_share_gives_equal_use_and_the_owner_revokes(till: Till) -> None:
    ann, bob = till.person("Ann", "5550102030"), till.person("Bob", "5557778888")
    cat = till.person("Cat", "5553334444")
    number = till.card(5000)
    saved = till.customers.save_card(customer_id=ann.id, number=number)
    share = till.customers.share(owner_id=ann.id, saved_id=saved.id, with_customer=bob.id)
    assert share.role == "SHARED" and share.owner_id == ann.id and share.owner_name == "Ann"
    assert share.preferred  # Bob's only card
    owner_view = till.customers.cards_of(ann.id)[0]
    assert [s.customer_id for s in owner_view.shared_with] == [bob.id]
    # Equal use of the same balance: Bob pays, Ann sees it.
    bob_card = till.customers.card_for_payment(customer_id=bob.id)
    till.cards.redeem(number=bob_card.number, amount=1500)
    till.cards.load(number=bob_card.number, amount=500)
    assert till.customers.cards_of(ann.id)[0].balance == 4000
    assert till.customers.cards_of(bob.id)[0].balance == 4000
    # Only the owner shares or revokes.
    with pytest.raises(Decline) as e:
        till.customers.share(owner_id=bob.id, saved_id=share.id, with_customer=cat.id)
    assert e.value.key == "not_card_owner"
    with pytest.raises(NotFound):
        till.customers.revoke(owner_id=bob.id, share_id=share.id)
    with pytest.raises(ValidationError):
        till.customers.share(owner_id=ann.id, saved_id=saved.id, with_customer=ann.id)
    gone = till.customers.revoke(owner_id=ann.id, share_id=share.id)
    assert gone.revoked and not gone.preferred
    assert till.customers.revoke(owner_id=ann.id, share_id=share.id).revoked  # again: same
    assert till.customers.cards_of(bob.id) == []
    assert till.customers.cards_of(ann.id)[0].shared_with == ()
    with pytest.raises(NotFound) as e:
        till.customers.card_for_payment(customer_id=bob.id)
    assert e.value.key == "no_saved_card"
    # Shared again later: a new share, the old one stays revoked.
    again = till.customers.share(owner_id=ann.id, saved_id=saved.id, with_customer=bob.id)
    assert again.id != share.id and not again.revoked
