"""The words for a decision or an error, rendered where they are shown.

The rules (app/rules.py) answer a key and its parameters; this catalog turns
them into a sentence in a locale, amounts formatted with babel for that
locale: ``gift_amount_exceeded`` with ``{"have": 1250, "asked": 5000,
"currency": "EUR"}`` is "Card has 12,50 €, less than 50,00 €." on a de_DE till
and "Card has €12.50, less than €50.00." in en_US. Parameters whose name is in
:data:`MONEY` are minor units of ``params["currency"]``.

The sentences are translated into the locale's language by
app/translations.py (gettext catalogs, German and Spanish), with English as
the fallback; the amounts, dates and waits follow the locale.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, timedelta
from decimal import Decimal
from typing import Any, Protocol

from babel.core import UnknownLocaleError
from babel.dates import format_date, format_timedelta
from babel.numbers import format_currency, get_currency_precision

from app.translations import translate


class Worded(Protocol):
    """What :func:`words` reads of an error (app.errors.GiftposError; not
    imported: app.errors renders its English message with this module)."""

    key: str
    params: dict[str, Any]
    message: str

MONEY = frozenset({"have", "asked", "cap", "room", "refundable", "held", "value", "amount",
                   "approved", "due", "limit", "taken", "given", "balance", "threshold"})
DATES = frozenset({"expires_on", "today", "day"})
# Parameters holding a word of ours (a status, an action): shown translated.
WORDS = frozenset({"status", "what"})

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
    # errors of the till's services (app/checkout, app/ops, app/shop, app/staff, ...)
    "card_not_found": "No card ending {last4} is known here.",
    "card_inactive:reload": "This card is not active yet and cannot be reloaded. Sell it first.",
    "card_frozen:reload": "This card is frozen and cannot be reloaded.",
    "card_expired:reload": "This card has expired and cannot be reloaded.",
    "card_cancelled:reload": "This card was cancelled and cannot be reloaded.",
    "card_combined:reload": "This card's balance was moved to another card; reload that one.",
    "card_not_usable": "Card {card} is {status}.",
    "card_not_sendable": "Card {card} is {status}; only an active card can be sent.",
    "currency_mismatch:till": "This card holds {card_currency}; this till sells in "
                              "{asked_currency}.",
    "currency_mismatch:sale": ("This card holds {card_currency}; this sale is in "
                               "{asked_currency}. Take another payment."),
    "currency_mismatch:program": ("The program '{program}' issues {card_currency} cards, not "
                                  "{asked_currency}."),
    "balance_limit_exceeded:room": "This card can take {room} more.",
    "gift_amount_exceeded:promo": ("The card has {have} with its promotional value, less than "
                                   "{asked}."),
    "gift_card_for_gift_card:none": ("Gift cards cannot pay for gift cards here. Take cash or "
                                     "another payment for the remaining {due}."),
    "gift_card_for_gift_card:part": ("Gift cards can pay at most {room} of this sale; gift "
                                     "cards cannot pay for gift cards here."),
    "amount_exceeds_due:card": "Only {due} is due; a gift card cannot pay more.",
    "amount_exceeds_due:external": "Only {due} is due; only cash can pay more.",
    "not_covered": "{due} is still due. Take another payment.",
    "hold_expired": ("The hold on card {card} ran out before the sale completed. Take that "
                     "payment again."),
    "hold_not_open": "This hold was already {status}.",
    "not_voidable": "A {entry} entry cannot be voided.",
    "sale_not_open:start_new": "This sale is {status}; start a new sale.",
    "sale_not_open:complete": "This sale is {status}; it cannot be completed.",
    "sale_not_found": "There is no sale {number} on this till.",
    "sale_open": "Sale {number} is still open: finish or cancel it first.",
    # another error's sentence ({reason}, worded in the same locale) inside one of ours
    "refund_card_unusable:pending": "{reason} The refund is kept pending; ask a manager.",
    "card_line_failed:sold": "Card {card} could not be sold: {reason} Cancel the sale to "
                             "give the payments back.",
    "card_line_failed:reloaded": "Card {card} could not be reloaded: {reason} Cancel the "
                                 "sale to give the payments back.",
    "not_refundable": "A {status} sale cannot be refunded.",
    "void_not_possible:sale_status": "The last sale was {status}; it cannot be voided.",
    "day_not_started": "The business day {day} has not started yet.",
    "open_sales": "{count} sale(s) of this day are still open. Finish or cancel them first.",
    "invalid_currency": "'{code}' is not a currency code. Use three letters such as USD or EUR.",
    "invalid_amount:not_amount": "'{typed}' is not an amount (typed as in {locale}, e.g. "
                                 "{example}).",
    "invalid_amount:no_decimals": "{code} amounts have no decimals.",
    "invalid_amount:decimals": "{code} amounts have at most {places} decimals.",
    "invalid_code_config:too_long": "Card numbers are at most {most} characters.",
    "cashout_nothing": "Card {card} has nothing to pay out.",
    "cashout_above_threshold": ("Only balances under {threshold} are paid out in cash; this "
                                "card has {balance}."),
    "security_code_locked": ("Too many wrong security codes for this card. Try again in "
                             "{wait_s}."),
    "range_too_large": "At most {most} cards at a time.",
    "range_not_inactive": ("{count} card(s) in the range are not unsold printed cards (e.g. "
                           "{card}); nothing was activated. Check the range."),
    "nothing_to_transfer:replace": "Card {card} has no balance to move; cancel it instead.",
    "amount_below_minimum:sold": "Cards of this program are sold for at least {amount}.",
    "amount_below_minimum:reloaded": "Cards of this program are reloaded for at least {amount}.",
    "amount_above_maximum:sold": "Cards of this program are sold for at most {amount}.",
    "amount_above_maximum:reloaded": "Cards of this program are reloaded for at most {amount}.",
    "staff_exists": "There is already someone called {name}.",
    "staff_not_found": "Nobody called {name} works here.",
    "wrong_pin:again": "That name and PIN do not match. Try again.",
    "wrong_pin:one_left": "That name and PIN do not match. 1 more try before a short lock.",
    "wrong_pin:left": "That name and PIN do not match. {left} more tries before a short lock.",
    "pin_locked": ("Too many wrong PINs for {name}. Try again in {wait_s}, or ask another "
                   "manager."),
    "pin_locked:now": "That name and PIN do not match. {name} is locked for {wait_s}.",
    "manager_only": "Only a manager can {what}. Ask a manager to sign in.",
    "approval_required": "Only a manager can {what}. Ask a manager to approve it.",
    "approver_not_manager": "{name} is not a manager. A manager must approve this.",
    "card_inactive:save": "An inactive card cannot be saved to an account.",
    "card_frozen:save": "A frozen card cannot be saved to an account.",
    "card_expired:save": "An expired card cannot be saved to an account.",
    "card_cancelled:save": "A cancelled card cannot be saved to an account.",
    "card_combined:save": "A combined card cannot be saved to an account.",
    "invalid_email": "'{email}' is not an email address.",
    "invalid_email:optional": "'{email}' is not an e-mail address (it is optional: leave it out).",
    "expiry_against_law:never": ("In this store's jurisdiction gift cards may not expire. "
                                 "Issue it without an expiry."),
    "expiry_against_law:federal_months": ("US federal law (the CARD Act) allows no expiry "
                                          "before five years from issue or the last load. "
                                          "{months} months is too short."),
    "expiry_against_law:federal_day": ("US federal law (the CARD Act) allows no expiry before "
                                       "five years from issue or the last load. {day} is too "
                                       "soon."),
    "ledger_unavailable:answered": ("The ledger answered {status_code}; showing this "
                                    "terminal's own figures."),
    "program_not_found": ("There is no card program '{program}'. List them with "
                          "`giftpos program list`."),
    "invalid_expiry": "Expiry is 1 to {most} months from issue.",
    "program_exists": "A program '{program}' already exists with other terms; pick another code.",
    "program_inactive": "The program '{program}' is closed; pick another.",
    "template_not_found": ("There is no cover template '{template}'. List them with "
                           "`giftpos program templates`."),
    "template_exists:builtin": "'{template}' is a built-in template; pick another id.",
    "template_exists": "A template '{template}' already exists; pick another id.",
    "invalid_count": "Issue between 1 and {most} cards at a time.",
    "invalid_action": "Unknown status action '{action}'.",
    "invalid_setting": "'{path}' is not a setting.",
    # the ledger's refusals of a caller (app/ledger/auth.py, guards.py)
    "admin_only": "Only the back office (admin token) may {what}.",
    "manager_only:token": "Only a manager (a manager's own token) may {what}.",
    "not_your_entry": ("This entry was made by another till ({terminal}); only that till or a "
                       "manager of store {store} may {what} it."),
    "not_your_store": ("A manager of store {store} may not {what} a card of store {home}; a "
                       "manager of that store (or the back office) may."),
    # the CLI's word before an error (app/cli/output.py)
    "word:declined": "Declined", "word:error": "Error",
    # the words put into the sentences above
    "status:INACTIVE": "inactive", "status:ACTIVE": "active", "status:FROZEN": "frozen",
    "status:REDEEMED": "spent", "status:EXPIRED": "expired", "status:CANCELLED": "cancelled",
    "status:COMBINED": "combined", "status:OPEN": "open", "status:COMPLETED": "completed",
    "status:REFUNDED": "refunded", "status:PARTLY_REFUNDED": "partly refunded",
    "status:VOIDED": "voided", "status:CAPTURED": "captured", "status:RELEASED": "released",
    # what a till or a manager may do to an entry or a card (the ledger's {what})
    "verb:void": "void", "verb:refund": "refund", "verb:capture": "capture",
    "verb:release": "release", "verb:freeze": "freeze", "verb:unfreeze": "unfreeze",
    "verb:cancel": "cancel", "verb:adjust": "adjust", "verb:transfer": "transfer",
    "verb:combine": "combine", "verb:activate": "activate",
}


def reason(exc: Worded) -> dict[str, Any]:
    """``exc`` as a ``reason`` parameter of another error: worded, like the
    rest of that error, in the reader's locale (plain values, JSON-able)."""
    return {"key": exc.key, "params": dict(exc.params), "message": exc.message}


def _value(name: str, value: Any, params: Params, locale: str) -> str:
    if name == "reason" and isinstance(value, Mapping):
        inner = value.get("params") or {}
        message = str(value.get("message", ""))
        if inner:
            return render(str(value.get("key", "error")), inner, locale,
                          fallback=translate(message, locale))
        return translate(message, locale)
    if name in WORDS and isinstance(value, str):
        word = CATALOG.get(f"status:{value}") or CATALOG.get(f"verb:{value}", value)
        return translate(word, locale)
    if name.endswith("_s") and isinstance(value, int):  # a wait, in seconds
        return str(format_timedelta(timedelta(seconds=value), threshold=1.5, locale=locale))
    if name in MONEY and isinstance(value, int) and params.get("currency"):
        # babel directly, not app.money: app.errors renders with this module,
        # and app.money raises app.errors' exceptions.
        code = str(params["currency"])
        major = Decimal(value).scaleb(-int(get_currency_precision(code)))
        return str(format_currency(major, code, locale=locale))
    if name in DATES and isinstance(value, str):
        try:
            return str(format_date(date.fromisoformat(value), format="medium", locale=locale))
        except ValueError:
            return value
    return str(value)


def render(key: str, params: Params | None = None, locale: str = "en_US",
           *, fallback: str | None = None) -> str:
    """``key`` with ``params`` as a sentence in ``locale``, in its language
    (app/translations.py) with its amounts, dates and waits. Unknown keys
    give ``fallback`` (or the key itself)."""
    params = params or {}
    # A key may have variants, chosen by its "why" parameter ("key:why"); an
    # error that keeps another's key for the code that acts on it names its
    # own sentence in "as".
    template = CATALOG.get(str(params["as"])) if "as" in params else None
    if template is None and "why" in params:
        template = CATALOG.get(f"{key}:{params['why']}")
    template = template or CATALOG.get(key)
    if template is None:
        return fallback if fallback is not None else key.replace("_", " ").capitalize() + "."
    template = translate(template, locale)
    try:
        values = {k: _value(k, v, params, locale) for k, v in params.items()}
        return template.format_map(_Missing(values))
    except (UnknownLocaleError, ValueError):
        if locale != "en_US":
            return render(key, params, "en_US", fallback=fallback)
        raise


def words(exc: Worded, locale: str = "en_US") -> str:
    """What ``exc`` says to a person in ``locale``: rendered from its key and
    params when it carries params, else its own message translated (a
    sentence raised as it is, or one the ledger sent); English as the last
    resort."""
    if exc.params:
        return render(exc.key, exc.params, locale, fallback=translate(exc.message, locale))
    return translate(exc.message, locale)


class _Missing(dict[str, str]):
    def __missing__(self, name: str) -> str:
        return "{" + name + "}"

