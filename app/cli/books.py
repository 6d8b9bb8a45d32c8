"""`giftpos report journal|liability --as-of|dormant`: the books. Read from
the store named by --db (a till's, or the ledger's database for the whole
chain). `--csv` alone writes CSV to stdout, `--csv FILE` to a file."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

from app.cli.context import open_local
from app.cli.output import emit, json_flag, locale_of
from app.errors import ValidationError
from app.reports import aged, journal_export
from app.reports.table import Table, to_csv, write_csv
from app.shop import settings as shop_settings


def parse_day(text: str | None, what: str) -> date:
    if not text:
        return date.today()
    try:
        return date.fromisoformat(text)
    except ValueError as exc:
        raise ValidationError(f"Give {what} as YYYY-MM-DD.", key="invalid_date",
                              details=text) from exc


def _csv_or(args: argparse.Namespace, table: Table, payload: dict[str, Any],
            text: Callable[[], list[str]]) -> int:
    target = getattr(args, "csv", None)
    if target == "-":
        sys.stdout.write(to_csv(table))
        return 0
    if target:
        write_csv(table, Path(target))
    return emit(args, payload, text)


def _lines(table: Table, locale: str) -> list[str]:
    rows = [list(table.headers), *table.text_rows(locale)]
    widths = [max(len(r[i]) for r in rows) for i in range(len(table.headers))]
    out = [table.title]
    for n, r in enumerate(rows):
        out.append("  ".join(c.ljust(w) for c, w in zip(r, widths, strict=True)).rstrip())
        if n == 0:
            out.append("  ".join("-" * w for w in widths))
    if not table.rows:
        out.append("(nothing to show)")
    return out


def _journal(args: argparse.Namespace) -> int:
    start, end = parse_day(args.start, "--from"), parse_day(args.end, "--to")
    store = open_local(args)
    with store.read() as s:
        table, lines = journal_export.export(s, shop_settings.load(s), start=start, end=end,
                                             fmt=args.format)
    payload = {"from": start.isoformat(), "to": end.isoformat(), "format": args.format,
               "lines": [ln.to_dict() for ln in lines],
               "debits": sum(ln.debit for ln in lines),
               "credits": sum(ln.credit for ln in lines)}
    return _csv_or(args, table, payload, lambda: _lines(table, locale_of(args)))


def liability_as_of(args: argparse.Namespace) -> int:
    as_of = parse_day(args.as_of, "--as-of")
    store = open_local(args)
    with store.read() as s:
        body = aged.liability(s, as_of)
    table = aged.liability_table(body)
    return _csv_or(args, table, body, lambda: _lines(table, locale_of(args)))


def _dormant(args: argparse.Namespace) -> int:
    as_of = parse_day(args.as_of, "--as-of")
    store = open_local(args)
    with store.read() as s:
        cfg = shop_settings.load(s)
        body = aged.dormant(s, cfg, years=args.years or cfg.dormancy_years, as_of=as_of)
    table = aged.dormant_table(body)
    return _csv_or(args, table, body, lambda: _lines(table, locale_of(args)))


def register_kinds(kinds: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    j = kinds.add_parser("journal", help="accounting journal (QuickBooks or Xero columns)")
    j.add_argument("--from", dest="start", required=True, help="first day, YYYY-MM-DD")
    j.add_argument("--to", dest="end", required=True, help="last day, YYYY-MM-DD")
    j.add_argument("--format", choices=("quickbooks", "xero"), default="quickbooks")
    j.add_argument("--csv", nargs="?", const="-", help="CSV to stdout, or to FILE")
    json_flag(j)
    j.set_defaults(func=_journal)
    d = kinds.add_parser("dormant", help="cards without activity for N years (escheat)")
    d.add_argument("--years", type=int, help="years without activity (default: setting)")
    d.add_argument("--as-of", help="YYYY-MM-DD (default today)")
    d.add_argument("--csv", nargs="?", const="-", help="CSV to stdout, or to FILE")
    json_flag(d)
    d.set_defaults(func=_dormant)
