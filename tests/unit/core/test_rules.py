"""The rules as tables: each row a card's state, a request, and the decision
(key, what moves, the status after) or the refusal's key. The rules word
nothing; the last tests render their keys in two locales."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from app import rules
from app.domain import CardStatus as S
from app.errors import Decline, GiftposError, ValidationError
from app.messages import render
from ui.wording import explain

TODAY = date(2026, 12, 5)


def card(status: S = S.ACTIVE, balance: int = 5000, currency: str = "USD",
         expires_on: date | None = None) -> rules.CardState:
    return rules.CardState(number="6036000011112222", status=status, balance=balance,
                           currency=currency, expires_on=expires_on)


def outcome(fn: Any, *args: Any, **kw: Any) -> tuple[Any, ...]:
    """(key, amount, delta, new_status, remaining_due) or ("!", refusal key)."""
    try:
        d = fn(*args, **kw)
    except GiftposError as exc:
        return ("!", exc.key)
    return (d.key, d.amount, d.delta, d.new_status, d.remaining_due)


# -- spend (redeem or hold) ----------------------------------------------------------

@pytest.mark.parametrize(("state", "amount", "partial", "expected"), [
    (card(), 2000, False, ("approved", 2000, -2000, S.ACTIVE, 0)),
    (card(), 5000, False, ("approved", 5000, -5000, S.REDEEMED, 0)),
    (card(), 8000, True, ("partial_approval", 5000, -5000, S.REDEEMED, 3000)),
    (card(), 8000, False, ("!", "gift_amount_exceeded")),
    (card(balance=0, status=S.REDEEMED), 100, True, ("!", "gift_amount_exceeded")),
    (card(S.INACTIVE), 100, False, ("!", "card_inactive")),
    (card(S.FROZEN), 100, False, ("!", "card_frozen")),
    (card(S.CANCELLED), 100, False, ("!", "card_cancelled")),
    (card(S.COMBINED), 100, False, ("!", "card_combined")),
    (card(expires_on=date(2026, 12, 4)), 100, False, ("!", "card_expired")),
    (card(expires_on=TODAY), 100, False, ("approved", 100, -100, S.ACTIVE, 0)),
    (card(), 0, False, ("!", "invalid_amount")),
])
def test_spend(state: rules.CardState, amount: int, partial: bool,
               expected: tuple[Any, ...]) -> None:
    assert outcome(rules.spend, state, amount, partial=partial, today=TODAY) == expected


# -- forced offline spend ------------------------------------------------------------

@pytest.mark.parametrize(("state", "amount", "expected", "flagged"), [
    (card(), 2000, ("approved", 2000, -2000, S.ACTIVE, 0), False),
    (card(balance=1000), 3000, ("forced_overspent", 3000, -3000, S.FROZEN, 0), True),
    (card(S.CANCELLED), 500, ("forced_while_unusable", 500, -500, S.CANCELLED, 0), True),
])
def test_forced_spend(state: rules.CardState, amount: int, expected: tuple[Any, ...],
                      flagged: bool) -> None:
    assert outcome(rules.forced_spend, state, amount) == expected
    assert rules.forced_spend(state, amount).flagged is flagged


# -- offline limits, with a partial take ----------------------------------------------

ROOM = rules.OfflineRoom(per_transaction=10_000, per_card=2_500, per_terminal=50_000)


@pytest.mark.parametrize(("amount", "partial", "room", "expected"), [
    (2000, False, ROOM, ("approved", 2000, -2000, S.ACTIVE, 0)),
    (9000, True, ROOM, ("offline_partial_take", 2500, -2500, S.ACTIVE, 6500)),
    (9000, False, ROOM, ("!", "offline_limit_exceeded")),
    (100, True, rules.OfflineRoom(per_transaction=0, per_card=10, per_terminal=10),
     ("!", "offline_limit_exceeded")),
    (900, True, rules.OfflineRoom(per_transaction=5000, per_card=-300, per_terminal=10),
     ("!", "offline_limit_exceeded")),
])
def test_offline_take(amount: int, partial: bool, room: rules.OfflineRoom,
                      expected: tuple[Any, ...]) -> None:
    assert outcome(rules.offline_take, card(), amount, room=room, partial=partial) == expected


def test_offline_decline_says_what_is_left() -> None:
    with pytest.raises(Decline) as err:
        rules.offline_take(card(), 9000, room=ROOM, partial=False)
    assert err.value.params == {"currency": "USD", "limit": 2500, "asked": 9000}


# -- credits, holds, reversals ----------------------------------------------------------

@pytest.mark.parametrize(("fn", "state", "args", "kw", "expected"), [
    (rules.credit_back, card(), (1000,), {"refundable": 1500, "today": TODAY},
     ("approved", 1000, 1000, S.ACTIVE, 0)),
    (rules.credit_back, card(S.EXPIRED, 0), (1000,), {"refundable": 1500, "today": TODAY},
     ("approved", 1000, 1000, S.ACTIVE, 0)),
    (rules.credit_back, card(), (2000,), {"refundable": 1500, "today": TODAY},
     ("!", "refund_exceeds_original")),
    (rules.credit_back, card(S.FROZEN), (100,), {"refundable": 1500, "today": TODAY},
     ("!", "card_frozen")),
    (rules.capture, card(balance=0, status=S.REDEEMED), (3000, 2000), {},
     ("captured", 2000, 1000, S.ACTIVE, 0)),
    (rules.capture, card(), (3000, 4000), {}, ("!", "capture_exceeds_hold")),
    (rules.capture, card(S.FROZEN, 0), (3000, None), {}, ("captured", 3000, 0, S.FROZEN, 0)),
    (rules.release, card(balance=0, status=S.REDEEMED), (3000,), {},
     ("released", 3000, 3000, S.ACTIVE, 0)),
    (rules.reverse, card(), (-2000,), {}, ("voided", 2000, 2000, S.ACTIVE, 0)),
    (rules.reverse, card(balance=500), (1000,), {}, ("!", "void_not_possible")),
    (rules.load, card(), (1000,), {"max_balance": 6000, "today": TODAY},
     ("approved", 1000, 1000, S.ACTIVE, 0)),
    (rules.load, card(), (1001,), {"max_balance": 6000, "today": TODAY},
     ("!", "balance_limit_exceeded")),
])
def test_credits_and_holds(fn: Any, state: rules.CardState, args: tuple[Any, ...],
                           kw: dict[str, Any], expected: tuple[Any, ...]) -> None:
    assert outcome(fn, state, *args, **kw) == expected


# -- activation of a pre-valued card ---------------------------------------------------

@pytest.mark.parametrize(("state", "amount", "expected"), [
    # pre-valued stock: sold for its value, nothing added
    (card(S.INACTIVE, 2500), 0, ("activated", 0, 0, S.ACTIVE, 0)),
    (card(S.INACTIVE, 2500), 2500, ("activated", 0, 0, S.ACTIVE, 0)),
    (card(S.INACTIVE, 2500), 3000, ("!", "activation_amount_mismatch")),
    # a blank card is loaded
    (card(S.INACTIVE, 0), 4000, ("activated", 4000, 4000, S.ACTIVE, 0)),
    (card(S.INACTIVE, 0), 0, ("activated", 0, 0, S.ACTIVE, 0)),
    (card(S.INACTIVE, 0), 9000, ("!", "balance_limit_exceeded")),
    (card(S.EXPIRED, 0), 1000, ("activated", 1000, 1000, S.ACTIVE, 0)),
    (card(S.ACTIVE), 100, ("!", "card_already_active")),
    (card(S.CANCELLED), 100, ("!", "card_cancelled")),
    (card(S.COMBINED), 100, ("!", "card_combined")),
    (card(S.FROZEN), 100, ("!", "card_frozen")),
])
def test_activate(state: rules.CardState, amount: int, expected: tuple[Any, ...]) -> None:
    assert outcome(rules.activate, state, amount=amount, max_balance=8000,
                   reactivate_expired=True) == expected


@pytest.mark.parametrize(("state", "asked", "expected"), [
    (card(S.INACTIVE, 2500), None, 2500),
    (card(S.INACTIVE, 2500), 2500, 2500),
    (card(S.INACTIVE, 0), 1000, 1000),
])
def test_sale_amount(state: rules.CardState, asked: int | None, expected: int) -> None:
    assert rules.sale_amount(state, asked) == expected


def test_sale_amount_refuses_another_price() -> None:
    with pytest.raises(Decline) as err:
        rules.sale_amount(card(S.INACTIVE, 2500), 5000)
    assert err.value.key == "activation_amount_mismatch"


# -- expiry and issue terms ----------------------------------------------------------------

@pytest.mark.parametrize(("state", "expected"), [
    (card(expires_on=date(2026, 12, 4)), ("expired", 5000, -5000, S.EXPIRED, 0)),
    (card(S.INACTIVE, 2500, expires_on=date(2026, 12, 4)),
     ("expired", 2500, -2500, S.EXPIRED, 0)),
    (card(expires_on=TODAY), None),
    (card(), None),
    (card(S.CANCELLED, expires_on=date(2026, 1, 1)), None),
])
def test_expiry(state: rules.CardState, expected: tuple[Any, ...] | None) -> None:
    d = rules.expiry(state, TODAY)
    got = None if d is None else (d.key, d.amount, d.delta, d.new_status, d.remaining_due)
    assert got == expected


@pytest.mark.parametrize(("kw", "key"), [
    ({"currency": "XXZ"}, "unknown_currency"),
    ({"expires_on": date(2026, 12, 4)}, "expiry_in_past"),
    ({"amount": 200_001}, "invalid_amount"),
    ({"amount": -1}, "invalid_amount"),
    ({}, None),
    ({"expires_on": TODAY, "amount": 200_000}, None),
])
def test_issue_terms(kw: dict[str, Any], key: str | None) -> None:
    terms: dict[str, Any] = {"amount": 0, "currency": "USD", "expires_on": None,
                             "today": TODAY, "cap": 200_000, **kw}
    if key is None:
        rules.issue_terms(**terms)
        return
    with pytest.raises(ValidationError) as err:
        rules.issue_terms(**terms)
    assert err.value.key == key


# -- words: rendered where shown, never in the rules -------------------------------------

def test_a_decline_is_worded_in_the_tills_locale() -> None:
    with pytest.raises(Decline) as err:
        rules.spend(card(balance=1250, currency="EUR"), 5000, partial=False, today=TODAY)
    exc = err.value
    assert exc.params == {"currency": "EUR", "have": 1250, "asked": 5000, "why": "partial"}
    assert "€12.50" in exc.message  # the en_US rendering, for logs and JSON
    german = explain(exc, "de_DE").text
    assert "12,50\xa0€" in german and "50,00\xa0€" in german and "€12.50" not in german
    assert "12,50\xa0€" in render(exc.key, exc.params, "de_DE")


def test_yen_and_dinar_amounts_follow_their_exponent() -> None:
    assert render("balance_limit_exceeded", {"cap": 200_000, "room": 5, "currency": "JPY"},
                  "ja_JP") == "A card may hold at most ￥200,000; this one can take ￥5 more."
    text = render("capture_exceeds_hold", {"held": 1500, "currency": "KWD"}, "en_US")
    assert "1.500" in text
