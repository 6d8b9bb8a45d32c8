"""A report as a table: the one shape the screen, the CSV export and the CLI
all read. Amount cells are :class:`Amount` so each reader formats them its
own way (the screen in the terminal's locale, CSV as plain decimals)."""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, NamedTuple

from app.money import format_money, minor_to_decimal


class Amount(NamedTuple):
    minor: int
    currency: str


Cell = str | int | Amount | None


@dataclass(frozen=True, kw_only=True)
class Table:
    title: str
    headers: tuple[str, ...]
    rows: tuple[tuple[Cell, ...], ...]
    source: str = "local"  # local | ledger
    note: str = ""
    # Series for a chart: label -> value in minor units (one currency), or a
    # count when ``chart_unit`` is "count".
    chart: dict[str, int] = field(default_factory=dict)
    chart_title: str = ""
    chart_unit: str = "money"  # money | count

    def text_rows(self, locale: str = "en_US") -> list[list[str]]:
        return [[show(c, locale) for c in row] for row in self.rows]

    def to_dict(self) -> dict[str, Any]:
        return {"title": self.title, "source": self.source, "note": self.note,
                "headers": list(self.headers),
                "rows": [[plain(c) for c in row] for row in self.rows]}


def show(cell: Cell, locale: str = "en_US") -> str:
    if isinstance(cell, Amount):
        return format_money(cell.minor, cell.currency, locale)
    return "" if cell is None else str(cell)


def plain(cell: Cell) -> str | int | None:
    """CSV and JSON: amounts as decimal strings in major units ("12.40")."""
    if isinstance(cell, Amount):
        return str(minor_to_decimal(cell.minor, cell.currency))
    return cell


# A spreadsheet runs a cell that starts with one of these as a formula
# (OWASP "CSV injection"); such text is written with a leading apostrophe.
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value: str | int | None) -> str | int:
    if value is None:
        return ""
    if isinstance(value, str) and value.startswith(_FORMULA_START) and not _is_number(value):
        return "'" + value
    return value


def _is_number(text: str) -> bool:
    try:
        float(text)
    except ValueError:
        return False
    return True


def to_csv(table: Table) -> str:
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\n")
    writer.writerow([safe_cell(h) for h in table.headers])
    for row in table.rows:
        writer.writerow([safe_cell(plain(c)) for c in row])
    return buf.getvalue()


def write_csv(table: Table, path: Path) -> Path:
    """Write atomically, UTF-8 with a BOM so spreadsheet programs read the
    currency symbols and accents right."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(path.suffix + ".tmp")
    tmp.write_text(to_csv(table), encoding="utf-8-sig")
    tmp.replace(path)
    return path


def read_csv(path: Path) -> list[list[str]]:
    with Path(path).open(encoding="utf-8-sig", newline="") as fh:
        return list(csv.reader(fh))
