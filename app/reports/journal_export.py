"""`giftpos report journal`: the books' lines as a table in the columns that
QuickBooks Online ("Journal entries" import) or Xero ("Manual journals"
import) read, one journal per business day and currency, debits equal to
credits in each (checked before anything is written)."""

from __future__ import annotations

from datetime import date
from typing import Literal

from sqlalchemy.orm import Session

from app.errors import StoreError, ValidationError
from app.reports import books
from app.reports.table import Amount, Cell, Table
from app.shop.settings import ShopSettings

Format = Literal["quickbooks", "xero"]

QUICKBOOKS = ("JournalNo", "JournalDate", "Currency", "AccountName", "Debits", "Credits",
              "Description", "Location", "Class")
XERO = ("*Narration", "*Date", "Description", "*AccountCode", "*TaxRate", "*Amount",
        "TrackingName1", "TrackingOption1", "TrackingName2", "TrackingOption2")


def export(s: Session, settings: ShopSettings, *, start: date, end: date,
           fmt: Format = "quickbooks") -> tuple[Table, list[books.Line]]:
    if end < start:
        raise ValidationError("--to is before --from.", key="invalid_period")
    ls = books.lines(s, settings, start=start, end=end)
    for (day, cur), (dr, cr) in books.day_totals(ls).items():
        if dr != cr:  # a bug, never a customer's problem: refuse to hand it to the books
            raise StoreError(f"The journal of {day} ({cur}) does not balance: debits {dr}, "
                             f"credits {cr}. Nothing was exported; call support.")
    rows: list[tuple[Cell, ...]] = []
    for ln in ls:
        if fmt == "quickbooks":
            rows.append((ln.journal, ln.day.strftime("%m/%d/%Y"), ln.currency, ln.account,
                         Amount(ln.debit, ln.currency) if ln.debit else None,
                         Amount(ln.credit, ln.currency) if ln.credit else None,
                         ln.memo, ln.store, ln.program or ""))
        else:
            signed = ln.debit - ln.credit  # Xero: positive debit, negative credit
            rows.append((ln.journal, ln.day.strftime("%d/%m/%Y"), ln.memo, ln.account,
                         settings.accounts.xero_tax_rate, Amount(signed, ln.currency),
                         "Store", ln.store, "Program", ln.program or ""))
    headers = QUICKBOOKS if fmt == "quickbooks" else XERO
    return Table(title=f"Accounting journal {start.isoformat()} to {end.isoformat()} ({fmt})",
                 headers=headers, rows=tuple(rows)), ls
