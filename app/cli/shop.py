"""`giftpos shop settings|set`: the store settings of the shop part (account
codes, breakage method, each store's law and state, programs' selling terms,
the balance page's address)."""

from __future__ import annotations

import argparse
import json

from app.cli import shop_cards
from app.cli.context import card_service, open_local
from app.cli.output import OP_ID_HELP, emit, json_flag, locale_of, money
from app.cli.till import open_till
from app.clock import utcnow
from app.domain import mask
from app.money import parse_amount
from app.shop import cardholder, cashout, codes, selling
from app.shop import settings as shop_settings


def _show(args: argparse.Namespace) -> int:
    with open_local(args).read() as s:
        cfg = shop_settings.load(s)
    doc = cfg.model_dump()
    return emit(args, doc, lambda: json.dumps(doc, indent=2).splitlines())


def _set(args: argparse.Namespace) -> int:
    store = open_local(args)
    with store.transaction() as s:
        cfg = shop_settings.with_value(shop_settings.load(s), args.path, args.value)
        shop_settings.save(s, cfg, now=utcnow())
    doc = cfg.model_dump()
    return emit(args, doc, lambda: [f"{args.path} = {args.value}"])


def _set_code(args: argparse.Namespace) -> int:
    svc = card_service(args)
    with svc.store.transaction() as s:
        code = codes.set_code(s, number=args.number, code=args.code, now=utcnow())
    out = {"card": mask(args.number), "code": code}
    return emit(args, out, lambda: [f"Security code of {mask(args.number)}: {code}"])


def _cnp_redeem(args: argparse.Namespace) -> int:
    svc = card_service(args)
    cur = svc.balance(number=args.number).currency
    r = cardholder.redeem_not_present(svc, number=args.number,
                                      amount=parse_amount(args.amount, cur, locale_of(args)),
                                      code=args.code, partial=args.partial, entry_id=args.id)
    return emit(args, r.to_dict(), lambda: [
        f"{r.status} redeem on card {r.card}: {money(args, r.amount, r.currency)}, balance "
        f"{money(args, r.new_balance, r.currency)}"])


def _cashout(args: argparse.Namespace) -> int:
    # On a till with a ledger (--config) the balance is the ledger's, as at F1.
    till = open_till(args)
    r = cashout.cashout_at_till(till.cards, till.gateway, number=args.number,
                                entry_id=args.id)
    return emit(args, r.to_dict(), lambda: [
        f"PAY OUT {money(args, r.amount, r.currency)} in cash for card {r.card}",
        f"  balance  {money(args, r.previous_balance, r.currency)} -> "
        f"{money(args, r.new_balance, r.currency)}"])


def _sell(args: argparse.Namespace) -> int:
    svc = card_service(args)
    amount = parse_amount(args.amount, args.currency, locale_of(args))
    paid = parse_amount(args.paid, args.currency, locale_of(args)) if args.paid else None
    card, key = selling.sell_card(svc, amount=amount, paid=paid, program=args.program,
                                  currency=args.currency, with_key=args.with_key,
                                  entry_id=args.id)
    price = amount if paid is None else paid
    out: dict[str, object] = {"card": card.to_dict(full_number=True), "paid": price,
                              "discount": amount - price}
    if key:
        out["key"] = key
    return emit(args, out, lambda: [
        f"SOLD card {card.masked}: {money(args, amount, card.currency)} for "
        f"{money(args, price, card.currency)}", f"  number  {card.number}"])


def _reload(args: argparse.Namespace) -> int:
    svc = card_service(args)
    cur = svc.balance(number=args.number).currency
    amount = parse_amount(args.amount, cur, locale_of(args))
    paid = parse_amount(args.paid, cur, locale_of(args)) if args.paid else None
    r = selling.reload_card(svc, number=args.number, amount=amount, paid=paid,
                            entry_id=args.id)
    return emit(args, r.to_dict(), lambda: [
        f"LOADED {money(args, r.amount, r.currency)} on card {r.card}, balance "
        f"{money(args, r.new_balance, r.currency)}"])


def _card_verbs(sub: argparse._SubParsersAction) -> argparse._SubParsersAction:  # type: ignore[type-arg]
    """`giftpos card`'s verbs (app/cli/cards.py): ours join them."""
    card = sub.choices["card"]
    for action in card._actions:
        if isinstance(action, argparse._SubParsersAction):
            return action
    raise RuntimeError("giftpos card has no verbs")  # pragma: no cover


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    p = sub.add_parser("shop", help="store settings: accounts, the law, program terms")
    verbs = p.add_subparsers(dest="verb", required=True, metavar="VERB")
    show = verbs.add_parser("settings", help="show every setting")
    json_flag(show)
    show.set_defaults(func=_show)
    st = verbs.add_parser("set", help="set one setting, e.g. accounts.liability 2400")
    st.add_argument("path", help="dotted name, e.g. stores.store-1.expiry_law")
    st.add_argument("value", help="the value (JSON if it parses, else text)")
    json_flag(st)
    st.set_defaults(func=_set)

    sell = verbs.add_parser("sell", help="sell a card on its program's terms, optionally "
                                         "under face value (--paid)")
    sell.add_argument("--amount", required=True, help="face value")
    sell.add_argument("--paid", help="what the customer paid (a discount when less)")
    sell.add_argument("--program")
    sell.add_argument("--currency", default="USD")
    sell.add_argument("--with-key", action="store_true")
    sell.add_argument("--id", help=OP_ID_HELP)
    json_flag(sell)
    sell.set_defaults(func=_sell)
    rl = verbs.add_parser("reload", help="reload a card on its program's terms")
    rl.add_argument("number")
    rl.add_argument("--amount", required=True)
    rl.add_argument("--paid", help="what the customer paid (a discount when less)")
    rl.add_argument("--id", help=OP_ID_HELP)
    json_flag(rl)
    rl.set_defaults(func=_reload)

    verbs_ = _card_verbs(sub)
    shop_cards.register(verbs_)
    sc = verbs_.add_parser("set-code", help="give a card a 4-8 digit security code")
    sc.add_argument("number")
    sc.add_argument("--code", help="the code (default: a new random 4-digit one)")
    json_flag(sc)
    sc.set_defaults(func=_set_code)
    cnp = verbs_.add_parser("redeem-remote", help="spend without the card present (web, "
                                                  "phone): needs the security code")
    cnp.add_argument("number")
    cnp.add_argument("--amount", required=True)
    cnp.add_argument("--code", help="the card's security code")
    cnp.add_argument("--partial", action="store_true")
    cnp.add_argument("--id", help=OP_ID_HELP)
    json_flag(cnp)
    cnp.set_defaults(func=_cnp_redeem)
    co = verbs_.add_parser("cashout", help="pay a small balance out in cash (under the "
                                           "store's cashout_threshold)")
    co.add_argument("number")
    co.add_argument("--id", help=OP_ID_HELP)
    json_flag(co)
    co.set_defaults(func=_cashout)
