from __future__ import annotations

import pytest

from app.customers.models import GiftView, SavedCardView
from app.customers.people import clean_phone, name_key
from app.errors import ValidationError


def test_phones_are_compared_as_digits() -> None:
    assert clean_phone("(555) 010-2030") == clean_phone("555.010.2030") == "5550102030"
    assert clean_phone(" +44 20 7946 0000") == "+442079460000"
    for bad in ("", "12345", "phone", "1" * 21):
        with pytest.raises(ValidationError):
            clean_phone(bad)


def test_names_are_found_whatever_the_case_and_spacing() -> None:
    assert name_key("  Ann   LEE ") == name_key("ann lee") == "ann lee"
    assert name_key("Straße") == name_key("STRASSE")


def test_views_never_carry_the_full_number() -> None:
    number = "6012345678901234"
    saved = SavedCardView(id="s", customer_id="c", role="OWNER", preferred=True,
                          card="•••• 1234", status="ACTIVE", balance=1, currency="USD",
                          number=number)
    gift = GiftView(id="g", mode="NEW", status="DONE", recipient_id="r", card="•••• 1234",
                    amount=1, currency="USD", number=number)
    for view in (saved, gift):
        assert number not in repr(view)
        assert number not in str(view.to_dict())
    assert saved.last4 == "1234"
