"""`giftpos card activate-range|replace`: manager-approved card work (a
manager's name and PIN; the PIN is asked for when not given)."""

from __future__ import annotations

import argparse
import getpass
import os

from app.cli.context import card_service
from app.cli.output import OP_ID_HELP, emit, json_flag, locale_of, money
from app.money import parse_amount
from app.ops.service import CardService
from app.shop import manager_ops
from app.staff import StaffService


def _staff(cards: CardService) -> StaffService:
    return StaffService(cards.store, terminal=os.environ.get("GIFTPOS_TERMINAL", "cli"))


def _pin(args: argparse.Namespace) -> str:
    return str(args.pin) if args.pin else getpass.getpass(f"PIN of {args.manager}: ")


def _range(args: argparse.Namespace) -> int:
    cards = card_service(args)
    amount = parse_amount(args.amount, args.currency, locale_of(args)) if args.amount else 0
    r = manager_ops.activate_range(cards, _staff(cards), first=args.first,
                                   last=args.last, amount=amount, manager=args.manager,
                                   pin=_pin(args), request_id=args.id)
    return emit(args, r.to_dict(), lambda: [
        f"ACTIVATED {r.count} cards {r.first} .. {r.last}, "
        f"{money(args, r.amount_each, r.currency)} each"
        + (f" (approved by {r.approved_by})" if r.approved_by else " (already done)")])


def _replace(args: argparse.Namespace) -> int:
    cards = card_service(args)
    out = manager_ops.replace_card(cards, _staff(cards), number=args.number,
                                   reason=args.reason, manager=args.manager, pin=_pin(args),
                                   request_id=args.id)
    new = out["new_card"] or {}
    return emit(args, out, lambda: [
        f"REPLACED {out['old_card']} ({out['reason']}): "
        f"{money(args, out['moved'], out['currency'])} moved to a new card",
        f"  new card  {new.get('number', '')}"])


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
