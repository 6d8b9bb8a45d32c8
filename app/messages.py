"""The words for a decision or an error, rendered where they are shown.

The rules (app/rules.py) answer a key and its parameters; this catalog turns
them into a sentence in a locale, amounts formatted with babel for that
locale: ``gift_amount_exceeded`` with ``{"have": 1250, "asked": 5000,
"currency": "EUR"}`` is "Card has 12,50 €, less than 50,00 €." on a de_DE till
and "Card has €12.50, less than €50.00." in en_US. Parameters whose name is in
:data:`MONEY` are minor units of ``params["currency"]``.

The sentences are English (the catalog is where a translation would hook in);
the amounts and dates follow the locale.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import date
from decimal import Decimal
from typing import Any

from babel.core import UnknownLocaleError
from babel.dates import format_date
from babel.numbers import format_currency, get_currency_precision

MONEY = frozenset({"have", "asked", "cap", "room", "refundable", "held", "value", "amount",
                   "approved", "due", "limit", "taken", "given"})

Params = Mapping[str, Any]

CATALOG: dict[str, str] = {
    # card status
    "card_inactive": "This card is not active yet. Sell or activate it first.",
    "card_frozen": "This card is frozen. Ask a manager.",
    "card_expired": "This card has expired. Ask a manager.",
    "card_expired:no_reactivation": "This card's program does not allow re-activation.",
    "card_cancelled": "This card was cancelled. Take another payment.",
    "card_combined": "This card's balance was moved to another card. Use that card.",
    "card_unusable": "This card cannot be used.",
    "card_already_active": "This card is already active.",
    "card_not_active": "A {status} card cannot be frozen here.",
    "card_not_frozen": "A {status} card cannot be unfrozen here.",
    "card_not_cancellable": "A {status} card cannot be cancelled here.",
    "card_not_expirable": "A {status} card cannot be expired here.",
    "currency_mismatch": "This card holds {card_currency}, not {asked_currency}.",
    # amounts
    "invalid_amount": "The amount must be more than zero.",
    "invalid_amount:negative": "The amount cannot be negative.",
    "invalid_amount:too_large": "That amount is too large.",
    "invalid_amount:zero": "The adjustment must be a non-zero amount.",
    "invalid_amount:over_cap": "The initial amount {asked} is over the card limit of {cap}.",
    "gift_amount_exceeded": "Card has {have}, less than {asked}. Take another payment.",
    "gift_amount_exceeded:partial": ("Card has {have}, less than {asked}. "
                                     "Take it and collect the rest another way."),
    "balance_limit_exceeded": ("A card may hold at most {cap}; this one can take {room} "
                               "more."),
    "refund_exceeds_original": "At most {refundable} can still be refunded to this card.",
    "capture_exceeds_hold": "Only {held} was held on this card.",
    "void_not_possible": ("The money has already been spent from this card, so it cannot "
                          "be voided."),
    "reason_required": "A manager adjustment needs a reason.",
    "adjustment_below_zero": "An adjustment cannot take the card below zero.",
    "nothing_to_transfer": "This card has nothing to transfer.",
    # issue and activation
    "activation_amount_mismatch": ("This card was issued with {value} on it; sell it for "
                                   "{value}, not {asked}."),
    "unknown_currency": ("'{currency}' is not a currency this system knows. Use an ISO 4217 "
                         "code such as USD or EUR."),
    "expiry_in_past": "The expiry date {expires_on} has already passed (today is {today}).",
    # offline
    "offline_limit_exceeded": ("Offline, this card can take at most {limit} more; "
                               "take another payment or wait for the ledger."),
    "offline_gift_cards_off": "Gift cards cannot be taken while the ledger is unreachable.",
    # outcomes that are not refusals
    "approved": "Approved: {approved}.",
    "partial_approval": "Approved {approved} of {asked}; {due} is still due.",
    "offline_partial_take": ("Offline: the card can give {approved} of {asked}; {due} is "
                             "still due."),
    "activated": "Activated with {value}.",
    "forced_overspent": "Taken offline for more than the card had: frozen for a manager.",
    "forced_while_unusable": "Taken offline while the card was {status}: flagged for a manager.",
}


def _value(name: str, value: Any, params: Params, locale: str) -> str:
    if name in MONEY and isinstance(value, int) and params.get("currency"):
        # babel directly, not app.money: app.errors renders with this module,
        # and app.money raises app.errors' exceptions.
        code = str(params["currency"])
        major = Decimal(value).scaleb(-int(get_currency_precision(code)))
        return str(format_currency(major, code, locale=locale))
    if name in ("expires_on", "today") and isinstance(value, str):
        try:
            return str(format_date(date.fromisoformat(value), format="medium", locale=locale))
        except ValueError:
            return value
    return str(value)


def render(key: str, params: Params | None = None, locale: str = "en_US",
           *, fallback: str | None = None,
           translate: Callable[[str], str] | None = None) -> str:
    """``key`` with ``params`` as a sentence in ``locale``. Unknown keys give
    ``fallback`` (or the key itself). ``translate`` turns the English template
    into the locale's language first (the till passes Qt's translator)."""
    params = params or {}
    # A key may have variants, chosen by its "why" parameter ("key:why").
    template = CATALOG.get(f"{key}:{params['why']}") if "why" in params else None
    template = template or CATALOG.get(key)
    if template is None:
        return fallback if fallback is not None else key.replace("_", " ").capitalize() + "."
    if translate is not None:
        template = translate(template)
    try:
        values = {k: _value(k, v, params, locale) for k, v in params.items()}
        return template.format_map(_Missing(values))
    except (UnknownLocaleError, ValueError):
        if locale != "en_US":
            return render(key, params, "en_US", fallback=fallback, translate=translate)
        raise


class _Missing(dict[str, str]):
    def __missing__(self, name: str) -> str:
        return "{" + name + "}"

