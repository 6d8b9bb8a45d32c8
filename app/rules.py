"""The rules of stored value, as pure functions.

Both the terminal's local store and the central ledger decide with these, so a
card behaves the same online and offline. Each function takes the card's state
and the request and returns a :class:`Decision` or raises :class:`Decline`; it
never touches a database or a clock of its own.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from app.domain import CardStatus, mask
from app.errors import Decline, ValidationError
from app.money import MAX_AMOUNT_MINOR, format_money


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


_STATUS_DECLINES = {
    CardStatus.INACTIVE: (
        "card_inactive", "This card is not active yet. Sell or activate it first."),
    CardStatus.FROZEN: ("card_frozen", "This card is frozen. Ask a manager."),
    CardStatus.EXPIRED: ("card_expired", "This card has expired. Ask a manager."),
    CardStatus.CANCELLED: ("card_cancelled", "This card was cancelled. Take another payment."),
    CardStatus.COMBINED: (
        "card_combined",
        "This card's balance was moved to another card. Use that card.",
    ),
}


def _decline(card: CardState, key: str, message: str) -> Decline:
    return Decline(message, key=key, details=mask(card.number))


def check_currency(card: CardState, currency: str | None) -> None:
    if currency is not None and currency.upper() != card.currency:
        raise _decline(
            card,
            "currency_mismatch",
            f"This card holds {card.currency}, not {currency.upper()}.",
        )


def check_usable(card: CardState, today: date, *,
                 allow: frozenset[CardStatus] = frozenset()) -> None:
    """Decline unless the card may move value today."""
    usable = {CardStatus.ACTIVE, CardStatus.REDEEMED} | set(allow)
    if card.status not in usable:
        key, message = _STATUS_DECLINES.get(
            card.status, ("card_unusable", "This card cannot be used.")
        )
        raise _decline(card, key, message)
    if card.expires_on is not None and today > card.expires_on:
        raise _decline(card, "card_expired", "This card has expired. Ask a manager.")


def status_for_balance(balance: int) -> CardStatus:
    return CardStatus.REDEEMED if balance == 0 else CardStatus.ACTIVE


def _check_amount(amount: int) -> None:
    if isinstance(amount, bool) or not isinstance(amount, int) or amount <= 0:
        raise ValidationError("The amount must be more than zero.", key="invalid_amount")
    if amount > MAX_AMOUNT_MINOR:
        raise ValidationError("That amount is too large.", key="invalid_amount")


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
        have = format_money(max(card.balance, 0), card.currency)
        raise _decline(
            card,
            "gift_amount_exceeded",
            f"Card has {have}, less than {format_money(amount, card.currency)}."
            + (" Take it and collect the rest another way." if card.balance > 0
               else " Take another payment."),
        )
    new_balance = card.balance - approved
    return Decision(
        amount=approved,
        delta=-approved,
        new_balance=new_balance,
        new_status=status_for_balance(new_balance),
        requested=amount,
        remaining_due=amount - approved,
        partial=approved < amount,
    )


def forced_spend(card: CardState, amount: int) -> Decision:
    """An offline redemption the ledger learns of after the fact: the goods are
    gone, so it is applied whatever the balance; an overspend freezes the card
    and flags it for a manager."""
    _check_amount(amount)
    new_balance = card.balance - amount
    overspent = new_balance < 0
    if overspent:
        status = CardStatus.FROZEN
    elif card.status in (CardStatus.ACTIVE, CardStatus.REDEEMED):
        status = status_for_balance(new_balance)
    else:
        status = card.status
    return Decision(amount=amount, delta=-amount, new_balance=new_balance, new_status=status,
                    requested=amount, flagged=overspent or card.status not in
                    (CardStatus.ACTIVE, CardStatus.REDEEMED))


def load(card: CardState, amount: int, *, max_balance: int, today: date,
         currency: str | None = None) -> Decision:
    _check_amount(amount)
    check_currency(card, currency)
    check_usable(card, today)
    new_balance = card.balance + amount
    if new_balance > max_balance:
        room = max(max_balance - card.balance, 0)
        raise _decline(
            card,
            "balance_limit_exceeded",
            f"A card may hold at most {format_money(max_balance, card.currency)}; "
            f"this one can take {format_money(room, card.currency)} more.",
        )
    return Decision(amount=amount, delta=amount, new_balance=new_balance,
                    new_status=CardStatus.ACTIVE, requested=amount)


def credit_back(card: CardState, amount: int, *, refundable: int, today: date) -> Decision:
    """A refund onto the card it was taken from: never more than was taken and
    not yet given back. Not capped by the maximum balance: it was there before."""
    _check_amount(amount)
    check_usable(card, today, allow=frozenset({CardStatus.EXPIRED}))
    if amount > refundable:
        raise _decline(
            card,
            "refund_exceeds_original",
            f"At most {format_money(max(refundable, 0), card.currency)} can still be "
            "refunded to this card.",
        )
    new_balance = card.balance + amount
    return Decision(amount=amount, delta=amount, new_balance=new_balance,
                    new_status=status_for_balance(new_balance), requested=amount)


def capture(card: CardState, held: int, amount: int | None) -> Decision:
    """Capture at most what was held; what is not captured goes back."""
    take = held if amount is None else amount
    _check_amount(take)
    if take > held:
        raise _decline(
            card,
            "capture_exceeds_hold",
            f"Only {format_money(held, card.currency)} was held on this card.",
        )
    back = held - take
    new_balance = card.balance + back
    status = status_for_balance(new_balance) if card.status in (
        CardStatus.ACTIVE, CardStatus.REDEEMED) else card.status
    return Decision(amount=take, delta=back, new_balance=new_balance, new_status=status,
                    requested=take)


def release(card: CardState, held: int) -> Decision:
    new_balance = card.balance + held
    status = status_for_balance(new_balance) if card.status in (
        CardStatus.ACTIVE, CardStatus.REDEEMED) else card.status
    return Decision(amount=held, delta=held, new_balance=new_balance, new_status=status,
                    requested=held)


def reverse(card: CardState, original_delta: int) -> Decision:
    """A void puts back exactly what the voided entry changed. Reversing a
    credit may not take the card below zero."""
    new_balance = card.balance - original_delta
    if new_balance < 0:
        raise _decline(
            card,
            "void_not_possible",
            "The money has already been spent from this card, so it cannot be voided.",
        )
    status = status_for_balance(new_balance) if card.status in (
        CardStatus.ACTIVE, CardStatus.REDEEMED) else card.status
    return Decision(amount=abs(original_delta), delta=-original_delta, new_balance=new_balance,
                    new_status=status, requested=abs(original_delta))


def adjust(card: CardState, amount: int, *, reason: str, max_balance: int) -> Decision:
    if not (reason or "").strip():
        raise ValidationError("A manager adjustment needs a reason.", key="reason_required")
    if isinstance(amount, bool) or not isinstance(amount, int) or amount == 0:
        raise ValidationError("The adjustment must be a non-zero amount.", key="invalid_amount")
    if abs(amount) > MAX_AMOUNT_MINOR:
        raise ValidationError("That amount is too large.", key="invalid_amount")
    if card.status in (CardStatus.CANCELLED, CardStatus.COMBINED):
        key, message = _STATUS_DECLINES[card.status]
        raise _decline(card, key, message)
    new_balance = card.balance + amount
    if new_balance < 0:
        raise _decline(card, "adjustment_below_zero",
                       "An adjustment cannot take the card below zero.")
    if amount > 0 and new_balance > max_balance:
        raise _decline(card, "balance_limit_exceeded",
                       f"A card may hold at most {format_money(max_balance, card.currency)}.")
    status = status_for_balance(new_balance) if card.status in (
        CardStatus.ACTIVE, CardStatus.REDEEMED) else card.status
    return Decision(amount=abs(amount), delta=amount, new_balance=new_balance,
                    new_status=status, requested=abs(amount))


def activate(card: CardState, *, amount: int, max_balance: int,
             reactivate_expired: bool) -> Decision:
    """INACTIVE -> ACTIVE, optionally loading an initial value; EXPIRED cards
    come back only where the program allows it."""
    if card.status == CardStatus.EXPIRED and not reactivate_expired:
        raise _decline(card, "card_expired", "This card's program does not allow re-activation.")
    if card.status not in (CardStatus.INACTIVE, CardStatus.EXPIRED):
        raise _decline(card, "card_already_active", "This card is already active.")
    if amount < 0:
        raise ValidationError("The amount cannot be negative.", key="invalid_amount")
    new_balance = card.balance + amount
    if new_balance > max_balance:
        raise _decline(card, "balance_limit_exceeded",
                       f"A card may hold at most {format_money(max_balance, card.currency)}.")
    return Decision(amount=amount, delta=amount, new_balance=new_balance,
                    new_status=status_for_balance(new_balance) if new_balance or amount
                    else CardStatus.ACTIVE, requested=amount)


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
                   CardStatus.INACTIVE}),
        "card_not_expirable",
    ),
}


def change_status(card: CardState, action: str) -> Decision:
    """freeze / unfreeze / cancel / expire. Expiry takes the balance off the
    card (breakage); the amount is recorded so a re-activation can restore it."""
    allowed, key = _TRANSITIONS[action]
    if card.status not in allowed:
        raise _decline(card, key, f"A {card.status.lower()} card cannot be {action}d here.")
    if action == "freeze":
        return Decision(amount=0, delta=0, new_balance=card.balance,
                        new_status=CardStatus.FROZEN, requested=0)
    if action == "unfreeze":
        new_status = CardStatus.ACTIVE if card.balance > 0 else CardStatus.REDEEMED
        if card.balance < 0:
            new_status = CardStatus.ACTIVE
        return Decision(amount=0, delta=0, new_balance=card.balance, new_status=new_status,
                        requested=0)
    if action == "cancel":
        return Decision(amount=0, delta=0, new_balance=card.balance,
                        new_status=CardStatus.CANCELLED, requested=0)
    taken = max(card.balance, 0)
    return Decision(amount=taken, delta=-taken, new_balance=card.balance - taken,
                    new_status=CardStatus.EXPIRED, requested=taken)


def move_out(card: CardState, amount: int | None, *, today: date,
             allow_frozen: bool = False) -> Decision:
    """Take value off a card for a transfer or a combine (whole balance when
    ``amount`` is None)."""
    allow = frozenset({CardStatus.FROZEN}) if allow_frozen else frozenset()
    check_usable(card, today, allow=allow)
    take = card.balance if amount is None else amount
    if take < 0 or (amount is not None and amount <= 0):
        raise ValidationError("The amount must be more than zero.", key="invalid_amount")
    if take > card.balance:
        raise _decline(card, "gift_amount_exceeded",
                       f"Card has {format_money(card.balance, card.currency)}, less than "
                       f"{format_money(take, card.currency)}.")
    new_balance = card.balance - take
    return Decision(amount=take, delta=-take, new_balance=new_balance,
                    new_status=status_for_balance(new_balance) if card.status != CardStatus.FROZEN
                    else card.status, requested=take)
