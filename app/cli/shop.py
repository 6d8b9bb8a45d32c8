"""`giftpos shop settings|set`: the store settings of the shop part (account
codes, breakage method, each store's law and state, programs' selling terms,
the balance page's address)."""

from __future__ import annotations

import argparse
import json

from app.cli.context import open_local
from app.cli.output import emit, json_flag
from app.clock import utcnow
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
