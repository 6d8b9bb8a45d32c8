"""How the CLI answers: one JSON object on stdout with --json, readable lines
otherwise. Errors follow the same rule, with exit status 3."""

from __future__ import annotations

import argparse
import json
import os
import sys
from collections.abc import Callable
from typing import Any

from app.errors import GiftposError
from app.messages import render, words
from app.money import format_money

EXIT_OK = 0
EXIT_USAGE = 2
EXIT_DECLINED = 3
EXIT_UNAVAILABLE = 4  # a part of giftpos that could not be loaded


def locale_of(args: argparse.Namespace) -> str:
    return getattr(args, "locale", None) or os.environ.get("GIFTPOS_LOCALE") or "en_US"


def money(args: argparse.Namespace, minor: int, currency: str) -> str:
    return format_money(minor, currency, locale_of(args))


def emit(args: argparse.Namespace, payload: dict[str, Any],
         text: Callable[[], list[str]] | None = None) -> int:
    if getattr(args, "json", False) or text is None:
        print(json.dumps(payload, default=str, ensure_ascii=False))
    else:
        for line in text():
            print(line)
    return EXIT_OK


def fail(args: argparse.Namespace, err: GiftposError) -> int:
    if getattr(args, "json", False):
        print(json.dumps(err.to_dict(), ensure_ascii=False))
    else:
        what = render("word:declined" if err.code < 500 else "word:error", {}, locale_of(args))
        # Worded in the CLI's locale and language (app/translations.py;
        # amounts as this locale writes them); --json keeps the en_US message.
        text = words(err, locale_of(args))
        print(f"{what}: {text}", file=sys.stderr)
        if err.details:
            print(f"  ({err.key}; {err.details})", file=sys.stderr)
        else:
            print(f"  ({err.key})", file=sys.stderr)
    return EXIT_DECLINED


def json_flag(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--json", action="store_true", help="answer with one JSON object")


OP_ID_HELP = ("operation id (UUID); the same id twice changes nothing and answers the "
              "first result")


def add_verb(verbs: argparse._SubParsersAction, name: str,  # type: ignore[type-arg]
             handler: Callable[[argparse.Namespace], int], help_: str, *,
             op_id: bool) -> argparse.ArgumentParser:
    """One sub-command: its --json flag, its --id when it changes something,
    and its handler."""
    p: argparse.ArgumentParser = verbs.add_parser(name, help=help_)
    json_flag(p)
    if op_id:
        p.add_argument("--id", help=OP_ID_HELP)
    p.set_defaults(func=handler)
    return p
