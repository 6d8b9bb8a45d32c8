"""`giftpos card activate-range|replace`: manager-approved card work (a
manager's name and PIN; the PIN is asked for when not given)."""

from __future__ import annotations

import argparse
import getpass
import os
from datetime import date
from typing import Any

from app.cli.output import OP_ID_HELP, emit, json_flag, locale_of, money
from app.cli.till import Till, open_till
from app.errors import ValidationError
from app.money import parse_amount
from app.ops.service import CardService
from app.shop import manager_ops, promo_till
from app.staff import StaffService
from app.staff.repairs import CardRepairs, ledger_for_repairs


def _staff(cards: CardService) -> StaffService:
    return StaffService(cards.store, terminal=os.environ.get("GIFTPOS_TERMINAL", "cli"))


def _pin(args: argparse.Namespace) -> str:
    return str(args.pin) if args.pin else getpass.getpass(f"PIN of {args.manager}: ")


def _repairs(till: Till) -> CardRepairs:
    """Where a manager's card work is made: the ledger (with the configured
    manager token) on a till that has one, else the till's store."""
    client = till.sync.client if till.sync is not None else None
    ledger = ledger_for_repairs(till.config.ledger, client) if till.config else None
    return CardRepairs(till.cards, ledger=ledger)


def _range(args: argparse.Namespace) -> int:
    till = open_till(args)
    amount = parse_amount(args.amount, args.currency, locale_of(args)) if args.amount else 0
    r = manager_ops.activate_range(till.cards, _staff(till.cards), first=args.first,
                                   last=args.last, amount=amount, manager=args.manager,
                                   pin=_pin(args), request_id=args.id,
                                   ledger=_repairs(till).ledger)
    return emit(args, r.to_dict(), lambda: [
        f"ACTIVATED {r.count} cards {r.first} .. {r.last}, "
        f"{money(args, r.amount_each, r.currency)} each"
        + (f" (approved by {r.approved_by})" if r.approved_by else " (already done)")])


def _replace(args: argparse.Namespace) -> int:
    till = open_till(args)
    out = manager_ops.replace_card(till.cards, _staff(till.cards), number=args.number,
                                   reason=args.reason, manager=args.manager, pin=_pin(args),
                                   request_id=args.id, repairs=_repairs(till))
    new = out["new_card"] or {}
    return emit(args, out, lambda: [
        f"REPLACED {out['old_card']} ({out['reason']}): "
        f"{money(args, out['moved'], out['currency'])} moved to a new card",
        f"  new card  {new.get('number', '')}"])


def _when(text: str | None) -> date | None:
    if not text:
        return None
    try:
        return date.fromisoformat(text)
    except ValueError as exc:
        raise ValidationError("Give the date as YYYY-MM-DD.", key="invalid_date") from exc


def _promo(args: argparse.Namespace) -> int:
    till = open_till(args)  # with a ledger: given there, where the chain's cards are made
    amount = parse_amount(args.amount, till.gateway.balance(number=args.number).currency,
                          locale_of(args))
    out = promo_till.grant_at_till(till.cards, till.gateway, number=args.number,
                                   amount=amount, expires_on=_when(args.expires),
                                   reason=args.reason, entry_id=args.id)
    return emit(args, out, lambda: _balances_text(args, out))


def _balances_text(args: argparse.Namespace, b: dict[str, Any]) -> list[str]:
    cur = b["currency"]
    lines = [f"Card {b['card']}: {money(args, b['total'], cur)}",
             f"  purchased    {money(args, b['purchased'], cur)}",
             f"  promotional  {money(args, b['promotional'], cur)}"]
    lines += [f"    {money(args, p['amount'], cur)} until {p['expires_on'] or 'no expiry'}"
              for p in b["promotional_parts"]]
    return lines


def _balances(args: argparse.Namespace) -> int:
    till = open_till(args)
    out = promo_till.balances_at_till(till.cards, till.gateway, number=args.number)
    return emit(args, out, lambda: _balances_text(args, out))


def _spend(args: argparse.Namespace) -> int:
    till = open_till(args)
    cur = till.gateway.balance(number=args.number).currency
    amount = parse_amount(args.amount, cur, locale_of(args))
    out = promo_till.spend_at_till(till.cards, till.gateway, number=args.number,
                                   amount=amount, partial=args.partial, entry_id=args.id)
    return emit(args, out, lambda: [
        f"TAKEN {money(args, out['taken'], cur)} of {money(args, out['asked'], cur)}: "
        + ", ".join(f"{money(args, p['amount'], cur)} {p['source']}" for p in out["parts"]),
        *_balances_text(args, out["balances"])])


def register(verbs: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    p = verbs.add_parser("activate-range", help="activate a printed serial range (a "
                                                "manager approves)")
    p.add_argument("first")
    p.add_argument("last")
    p.add_argument("--amount", help="value on each card (default 0)")
    p.add_argument("--currency", default="USD")
    p.add_argument("--manager", required=True, help="the approving manager's name")
    p.add_argument("--pin", help="the manager's PIN (asked for when not given)")
    p.add_argument("--id", help=OP_ID_HELP)
    json_flag(p)
    p.set_defaults(func=_range)
    r = verbs.add_parser("replace", help="a lost or damaged card: cancel it and move its "
                                         "balance to a new card (a manager approves)")
    r.add_argument("number")
    r.add_argument("--reason", required=True, choices=("lost", "damaged", "stolen"))
    r.add_argument("--manager", required=True)
    r.add_argument("--pin")
    r.add_argument("--id", help=OP_ID_HELP)
    json_flag(r)
    r.set_defaults(func=_replace)
    pr = verbs.add_parser("promo", help="give promotional value with a card (its own "
                                        "expiry, never cashed out)")
    pr.add_argument("number")
    pr.add_argument("--amount", required=True)
    pr.add_argument("--expires", help="last day it can be spent, YYYY-MM-DD")
    pr.add_argument("--reason", help="e.g. 'buy $100, get $20'")
    pr.add_argument("--id", help=OP_ID_HELP)
    json_flag(pr)
    pr.set_defaults(func=_promo)
    bs = verbs.add_parser("balances", help="purchased and promotional value of a card")
    bs.add_argument("number")
    json_flag(bs)
    bs.set_defaults(func=_balances)
    sp = verbs.add_parser("spend", help="redeem from purchased and promotional value in the "
                                        "configured order")
    sp.add_argument("number")
    sp.add_argument("--amount", required=True)
    sp.add_argument("--partial", action="store_true")
    sp.add_argument("--id", help=OP_ID_HELP)
    json_flag(sp)
    sp.set_defaults(func=_spend)
