"""The rules of stored value, as pure functions.

Both the terminal's local store and the central ledger decide with these, so a
card behaves the same online and offline. Each function takes the card's state
and the request and answers a :class:`Decision` (what moves, and a ``key``
with its ``params`` saying what was decided), or raises a :class:`Decline` or
:class:`ValidationError` carrying a key and its params. It never touches a
database or a clock of its own, and it never words anything: the words are
rendered where they are shown (``app.messages.render``, in that place's
locale).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from babel.numbers import is_currency

from app.domain import CardStatus, mask
from app.errors import Decline, ValidationError
from app.money import MAX_AMOUNT_MINOR


@dataclass(frozen=True, kw_only=True)
class CardState:
    number: str
    status: CardStatus
    balance: int
    currency: str
    expires_on: date | None = None


@dataclass(frozen=True, kw_only=True)
class Decision:
    amount: int  # positive: what moves (or is held)
    delta: int  # signed change of the balance
    new_balance: int
    new_status: CardStatus
    requested: int
    remaining_due: int = 0
    partial: bool = False
    flagged: bool = False
    key: str = "approved"  # what was decided, for app.messages
    params: dict[str, Any] = field(default_factory=dict)


_STATUS_DECLINES = {
    CardStatus.INACTIVE: "card_inactive",
    CardStatus.FROZEN: "card_frozen",
    CardStatus.EXPIRED: "card_expired",
    CardStatus.CANCELLED: "card_cancelled",
    CardStatus.COMBINED: "card_combined",
}


def _decline(card: CardState, key: str, **params: Any) -> Decline:
    """A refusal about ``card``: money params are minor units of its currency."""
    return Decline(key=key, details=mask(card.number),
                   params={"currency": card.currency, **params})


def _invalid(key: str, **params: Any) -> ValidationError:
    return ValidationError(key=key, params=params)


def _status_decline(card: CardState) -> Decline:
    return _decline(card, _STATUS_DECLINES.get(card.status, "card_unusable"),
                    status=str(card.status))


def check_currency(card: CardState, currency: str | None) -> None:
    if currency is not None and currency.upper() != card.currency:
        raise _decline(card, "currency_mismatch", card_currency=card.currency,
                       asked_currency=currency.upper())


def check_usable(card: CardState, today: date, *,
                 allow: frozenset[CardStatus] = frozenset()) -> None:
    """Decline unless the card may move value today."""
    usable = {CardStatus.ACTIVE, CardStatus.REDEEMED} | set(allow)
    if card.status not in usable:
        raise _status_decline(card)
    if card.expires_on is not None and today > card.expires_on:
        raise _decline(card, "card_expired", expires_on=card.expires_on.isoformat())


def status_for_balance(balance: int) -> CardStatus:
    return CardStatus.REDEEMED if balance == 0 else CardStatus.ACTIVE


def _follow(card: CardState, new_balance: int) -> CardStatus:
    """The status after a change of balance: ACTIVE/REDEEMED follow the
    balance, any other status stays."""
    if card.status in (CardStatus.ACTIVE, CardStatus.REDEEMED):
        return status_for_balance(new_balance)
    return card.status


def _check_amount(amount: int) -> None:
    if isinstance(amount, bool) or not isinstance(amount, int) or amount <= 0:
        raise _invalid("invalid_amount")
    if amount > MAX_AMOUNT_MINOR:
        raise _invalid("invalid_amount", why="too_large")


def _over_cap(card: CardState, cap: int) -> Decline:
    return _decline(card, "balance_limit_exceeded", cap=cap,
                    room=max(cap - card.balance, 0))


# -- issue and activation -------------------------------------------------------

def issue_terms(*, amount: int, currency: str, expires_on: date | None, today: date,
                cap: int) -> None:
    """What a new card may be issued with: a currency ISO 4217 knows, an expiry
    not already past (today is fine: the card is good until the day ends), an
    initial value within the card limit of its currency."""
    if not is_currency(currency):
        raise _invalid("unknown_currency", currency=currency)
    if expires_on is not None and expires_on < today:
        raise _invalid("expiry_in_past", expires_on=expires_on.isoformat(),
                       today=today.isoformat())
    if isinstance(amount, bool) or not isinstance(amount, int) or amount < 0:
        raise _invalid("invalid_amount", why="negative")
    if amount > cap:
        raise ValidationError(key="invalid_amount", params={
            "why": "over_cap", "asked": amount, "cap": cap, "currency": currency})


def activate(card: CardState, *, amount: int, max_balance: int,
             reactivate_expired: bool) -> Decision:
    """Sell a card: INACTIVE -> ACTIVE; EXPIRED comes back where the program
    allows it.

    A card issued INACTIVE with a value on it (pre-valued stock) is sold *for*
    that value: activating it with no amount, or with exactly that amount,
    makes it ACTIVE with its value and moves nothing (the value was written
    at issue); any other amount is refused (``activation_amount_mismatch``),
    so a sale can never double it. A blank INACTIVE card is loaded with
    ``amount``."""
    if card.status == CardStatus.EXPIRED and not reactivate_expired:
        raise _decline(card, "card_expired", why="no_reactivation")
    if card.status in (CardStatus.ACTIVE, CardStatus.REDEEMED):
        raise _decline(card, "card_already_active")
    if card.status not in (CardStatus.INACTIVE, CardStatus.EXPIRED):
        raise _status_decline(card)
    if isinstance(amount, bool) or not isinstance(amount, int) or amount < 0:
        raise _invalid("invalid_amount", why="negative")
    if card.status == CardStatus.INACTIVE and card.balance > 0:
        if amount not in (0, card.balance):
            raise _decline(card, "activation_amount_mismatch", value=card.balance,
                           asked=amount)
        return Decision(amount=0, delta=0, new_balance=card.balance,
                        new_status=CardStatus.ACTIVE, requested=card.balance,
                        key="activated", params={"value": card.balance,
                                                 "currency": card.currency})
    new_balance = card.balance + amount
    if new_balance > max_balance:
        raise _over_cap(card, max_balance)
    return Decision(amount=amount, delta=amount, new_balance=new_balance,
                    new_status=status_for_balance(new_balance) if new_balance or amount
                    else CardStatus.ACTIVE, requested=amount, key="activated",
                    params={"value": new_balance, "currency": card.currency})


def sale_amount(card: CardState, asked: int | None) -> int:
    """What selling ``card`` for ``asked`` loads onto it: a pre-valued INACTIVE
    card is sold for its value (``asked`` must be that value or None), any
    other card is loaded with ``asked``."""
    if card.status == CardStatus.INACTIVE and card.balance > 0:
        if asked is not None and asked != card.balance:
            raise _decline(card, "activation_amount_mismatch", value=card.balance, asked=asked)
        return card.balance
    if asked is None:
        raise _invalid("invalid_amount")
    return asked


# -- spending -------------------------------------------------------------------

def spend(card: CardState, amount: int, *, partial: bool, today: date,
          currency: str | None = None) -> Decision:
    """A redemption or a hold: take ``amount``, or what the card has when
    partial approval is on."""
    _check_amount(amount)
    check_currency(card, currency)
    check_usable(card, today)
    if card.balance >= amount:
        approved = amount
    elif partial and card.balance > 0:
        approved = card.balance
    else:
        raise _decline(card, "gift_amount_exceeded", have=max(card.balance, 0), asked=amount,
                       why="partial" if card.balance > 0 else "empty")
    new_balance = card.balance - approved
    params = {"approved": approved, "asked": amount, "due": amount - approved,
              "currency": card.currency}
    return Decision(
        amount=approved,
        delta=-approved,
        new_balance=new_balance,
        new_status=status_for_balance(new_balance),
        requested=amount,
        remaining_due=amount - approved,
        partial=approved < amount,
        key="partial_approval" if approved < amount else "approved",
        params=params,
    )


def forced_spend(card: CardState, amount: int) -> Decision:
    """An offline redemption the ledger learns of after the fact: the goods are
    gone, so it is applied whatever the balance; an overspend freezes the card
    and flags it for a manager."""
    _check_amount(amount)
    new_balance = card.balance - amount
    overspent = new_balance < 0
    status = CardStatus.FROZEN if overspent else _follow(card, new_balance)
    unusable = card.status not in (CardStatus.ACTIVE, CardStatus.REDEEMED)
    key = ("forced_overspent" if overspent else "forced_while_unusable" if unusable
           else "approved")
    return Decision(amount=amount, delta=-amount, new_balance=new_balance, new_status=status,
                    requested=amount, flagged=overspent or unusable, key=key,
                    params={"approved": amount, "currency": card.currency,
                            "status": str(card.status)})


@dataclass(frozen=True, kw_only=True)
class OfflineRoom:
    """What is left of the offline limits now, in minor units."""

    per_transaction: int
    per_card: int
    per_terminal: int

    @property
    def room(self) -> int:
        return max(min(self.per_transaction, self.per_card, self.per_terminal), 0)


def offline_take(card: CardState, asked: int, *, room: OfflineRoom, partial: bool) -> Decision:
    """How much an offline spend may ask of the card: all of ``asked`` when
    the offline limits allow it; else, with partial approval, what they allow
    (a partial take; the card itself may then give less still); else a
    decline (``offline_limit_exceeded``, with the ``limit`` left).

    The answer's ``amount`` is what to ask the card for; ``remaining_due`` is
    what the limits leave due."""
    _check_amount(asked)
    allowed = room.room
    if asked <= allowed:
        return Decision(amount=asked, delta=-asked, new_balance=card.balance - asked,
                        new_status=card.status, requested=asked,
                        params={"approved": asked, "asked": asked, "currency": card.currency})
    if not partial or allowed <= 0:
        raise _decline(card, "offline_limit_exceeded", limit=allowed, asked=asked)
    return Decision(amount=allowed, delta=-allowed, new_balance=card.balance - allowed,
                    new_status=card.status, requested=asked, remaining_due=asked - allowed,
                    partial=True, key="offline_partial_take",
                    params={"approved": allowed, "asked": asked, "due": asked - allowed,
                            "currency": card.currency})


# -- credits and holds ------------------------------------------------------------

def load(card: CardState, amount: int, *, max_balance: int, today: date,
         currency: str | None = None) -> Decision:
    _check_amount(amount)
    check_currency(card, currency)
    check_usable(card, today)
    new_balance = card.balance + amount
    if new_balance > max_balance:
        raise _over_cap(card, max_balance)
    return Decision(amount=amount, delta=amount, new_balance=new_balance,
                    new_status=CardStatus.ACTIVE, requested=amount,
                    params={"approved": amount, "currency": card.currency})


def credit_back(card: CardState, amount: int, *, refundable: int, today: date) -> Decision:
    """A refund onto the card it was taken from: never more than was taken and
    not yet given back. Not capped by the maximum balance: it was there before."""
    _check_amount(amount)
    check_usable(card, today, allow=frozenset({CardStatus.EXPIRED}))
    if amount > refundable:
        raise _decline(card, "refund_exceeds_original", refundable=max(refundable, 0))
    new_balance = card.balance + amount
    return Decision(amount=amount, delta=amount, new_balance=new_balance,
                    new_status=status_for_balance(new_balance), requested=amount,
                    params={"approved": amount, "currency": card.currency})


def capture(card: CardState, held: int, amount: int | None) -> Decision:
    """Capture at most what was held; what is not captured goes back."""
    take = held if amount is None else amount
    _check_amount(take)
    if take > held:
        raise _decline(card, "capture_exceeds_hold", held=held)
    back = held - take
    new_balance = card.balance + back
    return Decision(amount=take, delta=back, new_balance=new_balance,
                    new_status=_follow(card, new_balance), requested=take, key="captured",
                    params={"approved": take, "given": back, "currency": card.currency})


def release(card: CardState, held: int) -> Decision:
    new_balance = card.balance + held
    return Decision(amount=held, delta=held, new_balance=new_balance,
                    new_status=_follow(card, new_balance), requested=held, key="released",
                    params={"given": held, "currency": card.currency})


def reverse(card: CardState, original_delta: int, *, in_doubt: bool = False) -> Decision:
    """A void puts back exactly what the voided entry changed. Reversing a
    credit may not take the card below zero; reversing a debit (it gives the
    money back) is always allowed, even on an overdrawn card. A reversal of an
    entry whose answer was lost (``in_doubt``) is the entry's fate whatever the
    card did since: never refused."""
    new_balance = card.balance - original_delta
    if new_balance < 0 and original_delta > 0 and not in_doubt:
        raise _decline(card, "void_not_possible")
    return Decision(amount=abs(original_delta), delta=-original_delta, new_balance=new_balance,
                    new_status=_follow(card, new_balance), requested=abs(original_delta),
                    key="voided", params={"amount": abs(original_delta),
                                          "currency": card.currency})


def adjust(card: CardState, amount: int, *, reason: str, max_balance: int) -> Decision:
    if not (reason or "").strip():
        raise _invalid("reason_required")
    if isinstance(amount, bool) or not isinstance(amount, int) or amount == 0:
        raise _invalid("invalid_amount", why="zero")
    if abs(amount) > MAX_AMOUNT_MINOR:
        raise _invalid("invalid_amount", why="too_large")
    if card.status == CardStatus.COMBINED:  # a CANCELLED card's value may be corrected
        raise _status_decline(card)
    new_balance = card.balance + amount
    if new_balance < 0:
        raise _decline(card, "adjustment_below_zero")
    if amount > 0 and new_balance > max_balance:
        raise _over_cap(card, max_balance)
    return Decision(amount=abs(amount), delta=amount, new_balance=new_balance,
                    new_status=_follow(card, new_balance), requested=abs(amount),
                    key="adjusted", params={"amount": amount, "currency": card.currency})


# -- status and expiry ------------------------------------------------------------

_TRANSITIONS: dict[str, tuple[frozenset[CardStatus], str]] = {
    "freeze": (frozenset({CardStatus.ACTIVE, CardStatus.REDEEMED}), "card_not_active"),
    "unfreeze": (frozenset({CardStatus.FROZEN}), "card_not_frozen"),
    "cancel": (
        frozenset({CardStatus.ACTIVE, CardStatus.REDEEMED, CardStatus.FROZEN,
                   CardStatus.INACTIVE, CardStatus.EXPIRED}),
        "card_not_cancellable",
    ),
    "expire": (
        frozenset({CardStatus.ACTIVE, CardStatus.REDEEMED, CardStatus.FROZEN,
                   CardStatus.INACTIVE, CardStatus.CANCELLED}),
        "card_not_expirable",
    ),
}


def change_status(card: CardState, action: str) -> Decision:
    """freeze / unfreeze / cancel / expire. Expiry takes the balance off the
    card (breakage); the amount is recorded so a re-activation can restore it."""
    allowed, key = _TRANSITIONS[action]
    if card.status not in allowed:
        raise _decline(card, key, status=str(card.status).lower(), action=action)
    if action == "freeze":
        return Decision(amount=0, delta=0, new_balance=card.balance,
                        new_status=CardStatus.FROZEN, requested=0, key="frozen")
    if action == "unfreeze":
        new_status = CardStatus.ACTIVE if card.balance != 0 else CardStatus.REDEEMED
        return Decision(amount=0, delta=0, new_balance=card.balance, new_status=new_status,
                        requested=0, key="unfrozen")
    if action == "cancel":
        return Decision(amount=0, delta=0, new_balance=card.balance,
                        new_status=CardStatus.CANCELLED, requested=0, key="cancelled")
    taken = max(card.balance, 0)
    # A CANCELLED card's value expires too, but the card stays CANCELLED: an
    # EXPIRED card may be re-activated, a cancelled one never.
    after = CardStatus.CANCELLED if card.status == CardStatus.CANCELLED else CardStatus.EXPIRED
    return Decision(amount=taken, delta=-taken, new_balance=card.balance - taken,
                    new_status=after, requested=taken, key="expired",
                    params={"taken": taken, "currency": card.currency})


def expiry(card: CardState, today: date) -> Decision | None:
    """The expiry a sweep writes for ``card`` today, or None when it is not due
    (no date, the date not past, or a status that does not expire)."""
    if card.expires_on is None or today <= card.expires_on:
        return None
    if card.status not in _TRANSITIONS["expire"][0]:
        return None
    if card.status == CardStatus.CANCELLED:
        return None  # a manager expires a cancelled card's value, not the sweep
    return change_status(card, "expire")


def move_out(card: CardState, amount: int | None, *, today: date,
             allow_frozen: bool = False) -> Decision:
    """Take value off a card for a transfer or a combine (whole balance when
    ``amount`` is None). A manager's move: a CANCELLED card's value is still
    the customer's and may be moved off it (it stays CANCELLED)."""
    allow = frozenset({CardStatus.CANCELLED}) | (
        frozenset({CardStatus.FROZEN}) if allow_frozen else frozenset())
    check_usable(card, today, allow=allow)
    take = card.balance if amount is None else amount
    if take < 0 or (amount is not None and amount <= 0):
        raise _invalid("invalid_amount")
    if take > card.balance:
        raise _decline(card, "gift_amount_exceeded", have=card.balance, asked=take)
    new_balance = card.balance - take
    return Decision(amount=take, delta=-take, new_balance=new_balance,
                    new_status=_follow(card, new_balance), requested=take, key="moved",
                    params={"amount": take, "currency": card.currency})
