"""`giftpos card <verb>`: every card operation from the command line.

Amounts are typed in major units of the card's currency ("50.00"); JSON
answers carry integer minor units.
"""

from __future__ import annotations

import argparse
import os
from datetime import date
from typing import Any

from app.cardnumbers import CodeConfig
from app.cli.context import card_service
from app.cli.output import add_verb, emit, locale_of, money
from app.cli.till import Till, open_till
from app.domain import CardView, OpResult
from app.errors import Forbidden, ValidationError
from app.ids import check_id
from app.money import parse_amount
from app.ops import queries
from app.ops.service import CardService
from app.shop import law
from app.staff.repairs import CardRepairs, ledger_for_repairs

# Where `giftpos card` finds a manager's own ledger token (not on the command
# line: `ps` would show it); else [ledger] manager_token in terminal.toml.
MANAGER_TOKEN_ENV = "GIFTPOS_MANAGER_TOKEN"


def _amount(args: argparse.Namespace, text: str, currency: str) -> int:
    return parse_amount(text, currency, locale_of(args))


def _signed_amount(args: argparse.Namespace, text: str, currency: str) -> int:
    t = text.strip()
    sign = -1 if t.startswith("-") else 1
    return sign * _amount(args, t.lstrip("+-"), currency)


def _currency_of_entry(svc: CardService, entry_id: str) -> str:
    with svc.store.read() as s:
        return queries.card_of_entry(s, entry_id).currency


def _card_lines(args: argparse.Namespace, card: CardView) -> list[str]:
    lines = [f"Card {card.masked}  {card.status}",
             f"  balance  {money(args, card.balance, card.currency)}"]
    if card.expires_on:
        lines.append(f"  expires  {card.expires_on.isoformat()}")
    if card.program:
        lines.append(f"  program  {card.program}")
    if card.flagged:
        lines.append("  FLAGGED for a manager")
    return lines


def _result(args: argparse.Namespace, r: OpResult) -> int:
    def text() -> list[str]:
        c = r.currency
        lines = [f"{r.status} {r.type} on card {r.card}: {money(args, r.amount, c)}"
                 + (f" of {money(args, r.requested_amount, c)} asked" if r.partial else ""),
                 f"  balance  {money(args, r.previous_balance, c)} -> "
                 f"{money(args, r.new_balance, c)}  ({r.card_status})"]
        if r.remaining_due:
            lines.append(f"  still due  {money(args, r.remaining_due, c)}")
        new_card = r.related.get("new_card")
        if new_card:
            lines.append(f"  new card  {new_card['number']}  "
                         f"{money(args, new_card['balance'], new_card['currency'])}")
        lines.append(f"  id  {r.id}")
        return lines

    return emit(args, r.to_dict(), text)


# -- handlers ------------------------------------------------------------------

def _issue(args: argparse.Namespace) -> int:
    # One card is what a till may sell with its own token; a campaign needs a
    # manager's.
    till, repairs = _manager(args, till_may=args.count == 1)
    currency = args.currency
    amount = _amount(args, args.amount, currency) if args.amount else 0
    config = CodeConfig(prefix=args.prefix, length=args.length, charset=args.charset,
                        pattern=args.pattern, luhn=args.luhn)
    expires = _date(args.expires) if args.expires else None
    if repairs.ledger is None:  # the ledger applies the store's expiry law itself
        law.check_store_expiry(till.cards.store, store=till.cards.context.store,
                               expires_on=expires)
    cards = repairs.issue(count=args.count, amount=amount, currency=currency, config=config,
                          inactive=args.inactive, expires_on=expires, with_key=args.with_key,
                          program=args.program, entry_id=args.id, ctx=till.cards.context)
    payload: dict[str, Any] = {"cards": []}
    for view, key in cards:
        d = view.to_dict(full_number=True)
        if args.with_key:
            d["key"] = key
        payload["cards"].append(d)

    def text() -> list[str]:
        out = [f"Issued {len(cards)} card(s):"]
        for view, key in cards:
            out.append(f"  {view.number}  {view.status}  "
                       f"{money(args, view.balance, view.currency)}"
                       + (f"  key {key}" if key else ""))
        return out

    return emit(args, payload, text)


def _date(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError as exc:
        raise ValidationError(f"'{text}' is not a date (use YYYY-MM-DD).",
                              key="invalid_date") from exc


def _balance(args: argparse.Namespace) -> int:
    card = open_till(args).gateway.balance(number=args.number, key=args.key)
    return emit(args, card.to_dict(full_number=False), lambda: _card_lines(args, card))


def _show(args: argparse.Namespace) -> int:
    svc = card_service(args)
    card, entries, cursor = svc.history(number=args.number, limit=args.limit, after=args.after)
    payload = {**card.to_dict(full_number=False),
               "history": [e.to_dict() for e in entries], "next": cursor}

    def text() -> list[str]:
        out = _card_lines(args, card)
        out.append("  history (newest first):")
        for e in entries:
            out.append(f"    {e.created_at:%Y-%m-%d %H:%M}  {e.type:<12} "
                       f"{money(args, e.amount, card.currency):>12}  "
                       f"-> {money(args, e.balance_after, card.currency)}"
                       + (f"  ({e.reason})" if e.reason else "") + f"  {e.id}")
        if cursor:
            out.append(f"  more: --after {cursor}")
        return out

    return emit(args, payload, text)


# The verbs a till does at the counter go through the till's gateway: on a
# till configured with a ledger (`giftpos --config`), the same OnlineGateway
# as the window (the ledger decides, the till mirrors; offline, its limits
# and the outbox); else the local store.

def _currency_at(till: Till, number: str) -> str:
    return till.gateway.balance(number=number).currency


def _activate(args: argparse.Namespace) -> int:
    till = open_till(args)
    amount = _amount(args, args.amount, _currency_at(till, args.number)) if args.amount else 0
    return _result(args, till.gateway.activate(number=args.number, amount=amount,
                                               entry_id=check_id(args.id),
                                               ctx=till.cards.context))


def _load(args: argparse.Namespace) -> int:
    till = open_till(args)
    amount = _amount(args, args.amount, _currency_at(till, args.number))
    return _result(args, till.gateway.load(number=args.number, amount=amount,
                                           entry_id=check_id(args.id), ctx=till.cards.context))


def _redeem(args: argparse.Namespace) -> int:
    till = open_till(args)
    amount = _amount(args, args.amount, _currency_at(till, args.number))
    return _result(args, till.gateway.redeem(number=args.number, amount=amount,
                                             partial=args.partial, entry_id=check_id(args.id),
                                             ctx=till.cards.context))


def _hold(args: argparse.Namespace) -> int:
    till = open_till(args)
    amount = _amount(args, args.amount, _currency_at(till, args.number))
    return _result(args, till.gateway.hold(number=args.number, amount=amount,
                                           partial=args.partial, entry_id=check_id(args.id),
                                           ctx=till.cards.context))


def _capture(args: argparse.Namespace) -> int:
    till = open_till(args)
    amount = (_amount(args, args.amount, _currency_of_entry(till.cards, args.hold_id))
              if args.amount else None)
    return _result(args, till.gateway.capture(hold_id=args.hold_id, amount=amount,
                                              entry_id=check_id(args.id),
                                              ctx=till.cards.context))


def _release(args: argparse.Namespace) -> int:
    till = open_till(args)
    return _result(args, till.gateway.release(hold_id=args.hold_id,
                                              entry_id=check_id(args.id),
                                              ctx=till.cards.context))


def _refund(args: argparse.Namespace) -> int:
    till = open_till(args)
    amount = (_amount(args, args.amount, _currency_of_entry(till.cards, args.entry))
              if args.amount else None)
    if till.sync is None:  # the local store: the reason is kept on the entry
        return _result(args, till.cards.refund(original_id=args.entry, amount=amount,
                                               entry_id=args.id, reason=args.reason))
    return _result(args, till.gateway.refund(original_id=args.entry, amount=amount,
                                             entry_id=check_id(args.id),
                                             ctx=till.cards.context))


def _void(args: argparse.Namespace) -> int:
    till = open_till(args)
    if till.sync is None:
        return _result(args, till.cards.void(original_id=args.entry, entry_id=args.id,
                                             reason=args.reason))
    return _result(args, till.gateway.void(original_id=args.entry, entry_id=check_id(args.id),
                                           ctx=till.cards.context))


# A manager's verbs (issue, adjust, transfer, combine, status changes) go
# where the window's manager console sends them (app/staff/repairs.py): on a
# till with a ledger, to the ledger with a manager's own token, the till's
# store mirroring the answer; else the local store.

def _manager(args: argparse.Namespace, *, till_may: bool = False) -> tuple[Till, CardRepairs]:
    """The till and the door its manager verbs go through. ``till_may``: the
    till's own token will do when no manager's token is given."""
    till = open_till(args)
    if till.sync is None or till.config is None:
        return till, CardRepairs(till.cards)
    led = till.config.ledger
    token = os.environ.get(MANAGER_TOKEN_ENV, "").strip() or led.manager_token
    if not token:
        if till_may:
            return till, CardRepairs(till.cards, ledger=till.sync.client)
        raise Forbidden("This till keeps its cards on the ledger, and a manager's changes "
                        "to cards are made there with a manager's own token. Set "
                        "GIFTPOS_MANAGER_TOKEN (or manager_token in the [ledger] part of "
                        "terminal.toml) and try again.", key="manager_token_required")
    return till, CardRepairs(till.cards, ledger=ledger_for_repairs(
        led.model_copy(update={"manager_token": token}), None))


def _adjust(args: argparse.Namespace) -> int:
    till, repairs = _manager(args)
    amount = _signed_amount(args, args.amount, _currency_at(till, args.number))
    return _result(args, repairs.adjust(number=args.number, amount=amount, reason=args.reason,
                                        entry_id=check_id(args.id), ctx=till.cards.context))


def _transfer(args: argparse.Namespace) -> int:
    till, repairs = _manager(args)
    amount = (_amount(args, args.amount, _currency_at(till, args.number))
              if args.amount else None)
    return _result(args, repairs.transfer(number=args.number, amount=amount,
                                          deactivate_source=args.deactivate_source,
                                          entry_id=check_id(args.id), ctx=till.cards.context))


def _combine(args: argparse.Namespace) -> int:
    till, repairs = _manager(args)
    return _result(args, repairs.combine(sources=args.sources, target=args.into,
                                         entry_id=check_id(args.id), ctx=till.cards.context))


def _status(action: str):  # type: ignore[no-untyped-def]
    def handler(args: argparse.Namespace) -> int:
        till, repairs = _manager(args)
        return _result(args, repairs.change_status(number=args.number, action=action,
                                                   reason=args.reason,
                                                   entry_id=check_id(args.id),
                                                   ctx=till.cards.context))
    return handler


def _sweep(args: argparse.Namespace) -> int:
    from app.ops.sweep import sweep

    svc = card_service(args)
    try:
        report = sweep(svc)
    finally:
        svc.store.close()
    return emit(args, report.to_dict(), report.lines)


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    card = sub.add_parser("card", help="issue, look up and operate on cards")
    verbs = card.add_subparsers(dest="verb", required=True, metavar="VERB")

    def verb(name: str, handler: Any, help_: str, *, op_id: bool = True
             ) -> argparse.ArgumentParser:
        return add_verb(verbs, name, handler, help_, op_id=op_id)

    p = verb("issue", _issue, "issue new cards (in bulk, like a campaign)")
    p.add_argument("--amount", help="initial value, e.g. 50.00")
    p.add_argument("--currency", default="USD")
    p.add_argument("--count", type=int, default=1)
    p.add_argument("--prefix", help="what every number starts with (default 6; none with "
                   "--pattern)")
    p.add_argument("--length", type=int, default=16)
    p.add_argument("--charset", default="numeric",
                   help="numeric, alphanumeric, alphabetic, or the characters to use "
                   "(numbers are case-insensitive: stored upper-case)")
    p.add_argument("--pattern", help="e.g. 'GC-####-####' (# = a random character, "
                   "+ = the Luhn check digit, as in '6000-####-####-###+')")
    p.add_argument("--luhn", action=argparse.BooleanOptionalAction, default=None,
                   help="a Luhn check digit (default: on; with --pattern, where '+' is)")
    p.add_argument("--inactive", action="store_true", help="issue INACTIVE, activate at sale")
    p.add_argument("--expires", help="expiry date YYYY-MM-DD")
    p.add_argument("--with-key", action="store_true", help="give each card a secret key")
    p.add_argument("--program", help="program name")

    p = verb("balance", _balance, "balance by card number or by key", op_id=False)
    p.add_argument("number", nargs="?")
    p.add_argument("--key")
    p = verb("show", _show, "details and history", op_id=False)
    p.add_argument("number")
    p.add_argument("--limit", type=int, default=20)
    p.add_argument("--after", type=int, help="cursor from the previous page")
    p = verb("activate", _activate, "activate a card sold at the till")
    p.add_argument("number")
    p.add_argument("--amount", help="initial value to load")
    p = verb("load", _load, "reload a card")
    p.add_argument("number")
    p.add_argument("--amount", required=True)
    for name, handler, what in (("redeem", _redeem, "take value off a card"),
                                ("hold", _hold, "authorize (hold) value for a sale")):
        p = verb(name, handler, what)
        p.add_argument("number")
        p.add_argument("--amount", required=True)
        p.add_argument("--partial", action="store_true",
                       help="approve what the card has if it is short")
    p = verb("capture", _capture, "capture a hold (at most what was held)")
    p.add_argument("hold_id")
    p.add_argument("--amount")
    p = verb("release", _release, "release a hold")
    p.add_argument("hold_id")
    p = verb("refund", _refund, "refund a redemption or capture to its card")
    p.add_argument("entry")
    p.add_argument("--amount")
    p.add_argument("--reason")
    p = verb("void", _void, "reverse one entry, once")
    p.add_argument("entry")
    p.add_argument("--reason")
    p = verb("adjust", _adjust, "manager adjustment (signed amount) with a reason")
    p.add_argument("number")
    p.add_argument("--amount", required=True, help="e.g. 5.00 or -5.00")
    p.add_argument("--reason", required=True)
    p = verb("transfer", _transfer, "move the balance to a newly issued card")
    p.add_argument("number")
    p.add_argument("--amount", help="part of the balance (default: all)")
    p.add_argument("--deactivate-source", action="store_true")
    p = verb("combine", _combine, "move several cards' balances into one")
    p.add_argument("sources", nargs="+")
    p.add_argument("--into", required=True, help="the target card")
    for action in ("freeze", "unfreeze", "cancel", "expire"):
        p = verb(action, _status(action), f"{action} a card")
        p.add_argument("number")
        p.add_argument("--reason")
    verb("sweep", _sweep, "release expired holds and expire cards past their date, once "
                          "(the terminal does it by itself while it runs)", op_id=False)
