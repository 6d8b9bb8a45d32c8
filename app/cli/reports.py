"""`giftpos report liability|exceptions|terminals|z`: the manager's reports
from the command line, as text, --json or --csv FILE. Liability, exceptions
and terminals come from the ledger when --ledger/--token (or
GIFTPOS_LEDGER_URL / GIFTPOS_LEDGER_TOKEN) reach one that answers, else
from the local store. `report day` (checkout's) sits beside them."""

from __future__ import annotations

import argparse
import os
from datetime import date
from pathlib import Path

from app.cli import books
from app.cli.checkout import checkout_service
from app.cli.output import emit, json_flag, locale_of
from app.errors import ValidationError
from app.reports import ReportService, Table, write_csv, z_csv_table
from app.reports.remote import LedgerReports
from app.reports.zprint import z_escpos, z_text


def report_service(args: argparse.Namespace) -> ReportService:
    checkout = checkout_service(args)
    url = getattr(args, "ledger", None) or os.environ.get("GIFTPOS_LEDGER_URL", "")
    token = getattr(args, "token", None) or os.environ.get("GIFTPOS_LEDGER_TOKEN", "")
    ledger = LedgerReports(url, token) if url else None
    return ReportService(checkout.store, checkout, ledger=ledger)


def _table_text(table: Table, locale: str) -> list[str]:
    rows = [list(table.headers), *table.text_rows(locale)]
    widths = [max(len(r[i]) for r in rows) for i in range(len(table.headers))]
    out = [f"{table.title} ({table.source})"]
    if table.note:
        out.append(table.note)
    for n, r in enumerate(rows):
        out.append("  ".join(c.ljust(w) for c, w in zip(r, widths, strict=True)).rstrip())
        if n == 0:
            out.append("  ".join("-" * w for w in widths))
    if not table.rows:
        out.append("(nothing to show)")
    return out


def _table(args: argparse.Namespace) -> int:
    if getattr(args, "as_of", None):
        return books.liability_as_of(args)
    table = report_service(args).table(args.kind)
    if args.csv:
        write_csv(table, args.csv)
    return emit(args, table.to_dict(), lambda: _table_text(table, locale_of(args)))


def _z(args: argparse.Namespace) -> int:
    svc = report_service(args)
    try:
        day = date.fromisoformat(args.date) if args.date else None
    except ValueError as exc:
        raise ValidationError("Give the date as YYYY-MM-DD.", key="invalid_date") from exc
    z = svc.close_day(day) if args.close else svc.z_report(day)
    if args.csv:
        write_csv(z_csv_table(z), args.csv)
    if args.escpos:
        Path(args.escpos).write_bytes(z_escpos(z, locale=locale_of(args)))
    return emit(args, z.to_dict(), lambda: z_text(z, locale=locale_of(args)).splitlines())


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    kinds = _report_kinds(sub)
    for name, help_ in (("liability", "outstanding value by program and currency"),
                        ("exceptions", "offline exceptions needing a manager"),
                        ("terminals", "sync state of every terminal the ledger knows")):
        p = kinds.add_parser(name, help=help_)
        p.add_argument("--csv", type=Path, help="also write the table to this CSV file")
        p.add_argument("--ledger", help="ledger URL (default $GIFTPOS_LEDGER_URL)")
        p.add_argument("--token", help="a manager's (admin) ledger token")
        if name == "liability":
            p.add_argument("--as-of", help="YYYY-MM-DD: the liability on that day, aged "
                                            "since each card's last activity, by store and "
                                            "program (read from --db)")
        json_flag(p)
        p.set_defaults(func=_table, kind=name)
    books.register_kinds(kinds)
    z = kinds.add_parser("z", help="the Z report by tender and cashier")
    z.add_argument("--date", help="business date YYYY-MM-DD (default: today's)")
    z.add_argument("--close", action="store_true", help="close the day (once)")
    z.add_argument("--csv", type=Path, help="also write every figure to this CSV file")
    z.add_argument("--escpos", type=Path, help="also write the printer's bytes to this file")
    json_flag(z)
    z.set_defaults(func=_z)


def _report_kinds(sub: argparse._SubParsersAction) -> argparse._SubParsersAction:  # type: ignore[type-arg]
    """The sub-commands of `giftpos report` (checkout's `report day` lives
    there already): add ours beside it rather than a second top-level verb."""
    existing = sub.choices.get("report")
    if existing is None:
        existing = sub.add_parser("report", help="reports")
    for action in existing._actions:
        if isinstance(action, argparse._SubParsersAction):
            return action
    return existing.add_subparsers(dest="kind", required=True, metavar="KIND")
