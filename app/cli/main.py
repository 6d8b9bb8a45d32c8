"""`giftpos`: the one command line. Commands of app/ are registered here;
commands of drivers/ and ui/ plug in through the `giftpos.commands` entry
points, so app/ never imports them."""

from __future__ import annotations

import argparse
import importlib
import logging
import os
import sys
from collections.abc import Iterable
from importlib.metadata import EntryPoint, entry_points
from pathlib import Path
from types import ModuleType
from typing import Any

from app.cli import bench, cards
from app.cli.output import EXIT_UNAVAILABLE, EXIT_USAGE, fail
from app.errors import GiftposError

log = logging.getLogger("giftpos")

APP_COMMANDS = (cards.register, bench.register)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="giftpos",
        description="giftpos: a point-of-sale terminal for gift cards.",
        epilog="Database: --db URL, else $GIFTPOS_DB, else the terminal's store in the "
               "user data directory.")
    parser.add_argument("--db", help="SQLAlchemy URL of the store (e.g. sqlite:///till.db)")
    parser.add_argument("--config", dest="till_config", type=Path, metavar="PATH",
                        help="a till's terminal.toml: `sale` and `report` read that till's "
                             "sales (default: the one beside --db, else the terminal's own)")
    parser.add_argument("--locale", help="how amounts are typed and shown (default en_US)")
    parser.add_argument("-v", "--verbose", action="store_true", help="log more")
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    for register in APP_COMMANDS:
        register(sub)
    for module in _app_modules():
        module.register(sub)
    load_plugins(sub, entry_points(group="giftpos.commands"))
    return parser


def load_plugins(sub: Any, found: Iterable[EntryPoint]) -> None:
    """Register the commands of drivers/ and ui/. One that cannot be imported
    (a missing system library for Qt, a broken install) still appears, and
    says why when it is run, instead of vanishing from the help."""
    for ep in sorted(found, key=lambda e: e.name):
        try:
            ep.load()(sub)
        except ImportError as exc:
            log.warning("the '%s' commands are unavailable: %s", ep.name, exc)
            _unavailable(sub, ep.name, exc)


def _unavailable(sub: Any, name: str, exc: ImportError) -> None:
    reason = f"'giftpos {name}' cannot start: {exc}. Reinstall giftpos (make run does it), " \
             "or see docs/install.md for the system packages it needs."
    # Every word after the name is taken as is (none is an option), so the
    # reason is given whatever the command line holds.
    cmd = sub.add_parser(name, help=f"(unavailable: {exc})", add_help=False,
                         prefix_chars="\x00")
    cmd.add_argument("rest", nargs="*")

    def say(_args: argparse.Namespace) -> int:
        print(reason, file=sys.stderr)
        return EXIT_UNAVAILABLE
    cmd.set_defaults(func=say)


def _app_modules() -> list[ModuleType]:
    """app/ commands that live in their own modules (checkout, ledger, sync, demo)."""
    found = []
    for name in ("checkout", "ledger", "sync", "demo", "staff", "reports", "customers",
                 "designs", "shop", "egift"):
        try:
            found.append(importlib.import_module(f"app.cli.{name}"))
        except ModuleNotFoundError as exc:
            if exc.name != f"app.cli.{name}":
                raise
    return found


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    logging.basicConfig(
        level=logging.DEBUG if args.verbose else
        getattr(logging, os.environ.get("GIFTPOS_LOG", "WARNING").upper(), logging.WARNING),
        format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    func = getattr(args, "func", None)
    if func is None:
        parser.print_help()
        return EXIT_USAGE
    try:
        return int(func(args) or 0)
    except GiftposError as err:
        return fail(args, err)
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        # `giftpos ... | head`: the reader left; say nothing more.
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return 0


if __name__ == "__main__":
    sys.exit(main())
