"""The Z report: checkout's day report (by tender, checked against the
journal), plus what a manager reads it for: sales by cashier and sales by
tender over the hours of the day."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.checkout import records
from app.checkout.models import CAPTURED, DayReport, TenderKind
from app.checkout.report import COUNTED
from app.checkout.schema import SaleRow
from app.checkout.service import CheckoutService
from app.clock import as_aware
from app.reports.table import Amount, Cell, Table
from app.shop.cashout import paid_out

TENDER_WORDS = {str(TenderKind.GIFT_CARD): "Gift cards", str(TenderKind.CASH): "Cash",
                str(TenderKind.EXTERNAL): "Other payments"}


@dataclass(frozen=True, kw_only=True)
class CashierTotals:
    cashier: str
    sales: int = 0
    total: int = 0
    by_tender: dict[str, int] = field(default_factory=dict)


@dataclass(frozen=True, kw_only=True)
class ZReport:
    day: DayReport
    by_cashier: tuple[CashierTotals, ...] = ()
    by_hour: dict[int, dict[str, int]] = field(default_factory=dict)  # hour -> tender -> net
    # Gift card balances paid out in cash from the drawer (app/shop/cashout.py).
    cashouts: int = 0
    cashouts_amount: int = 0

    @property
    def currency(self) -> str:
        return self.day.currency

    def to_dict(self) -> dict[str, Any]:
        return {"day": self.day.to_dict(),
                "by_cashier": [{"cashier": c.cashier, "sales": c.sales, "total": c.total,
                                "by_tender": c.by_tender} for c in self.by_cashier],
                "by_hour": {str(h): v for h, v in sorted(self.by_hour.items())},
                "cashouts": self.cashouts, "cashouts_amount": self.cashouts_amount,
                "cash_expected_after_cashouts": self.day.cash_expected - self.cashouts_amount}


def z_report(checkout: CheckoutService, business_date: date | None = None) -> ZReport:
    day = checkout.day_report(business_date)
    with checkout.store.read() as s:
        cashiers, hours = _breakdown(s, checkout.settings.terminal, day.business_date)
        n, paid = paid_out(s, terminal=checkout.settings.terminal,
                           business_date=day.business_date)
    return ZReport(day=day, by_cashier=cashiers, by_hour=hours, cashouts=n,
                   cashouts_amount=paid)


def close_day(checkout: CheckoutService, business_date: date | None = None) -> ZReport:
    day = checkout.close_day(business_date)
    with checkout.store.read() as s:
        cashiers, hours = _breakdown(s, checkout.settings.terminal, day.business_date)
        n, paid = paid_out(s, terminal=checkout.settings.terminal,
                           business_date=day.business_date)
    return ZReport(day=day, by_cashier=cashiers, by_hour=hours, cashouts=n,
                   cashouts_amount=paid)


def _breakdown(s: Session, terminal: str, bdate: date
               ) -> tuple[tuple[CashierTotals, ...], dict[int, dict[str, int]]]:
    sales = s.scalars(select(SaleRow).where(SaleRow.terminal == terminal,
                                            SaleRow.business_date == bdate,
                                            SaleRow.status.in_([str(x) for x in COUNTED]))
                      .order_by(SaleRow.seq)).all()
    people: dict[str, dict[str, Any]] = {}
    hours: dict[int, dict[str, int]] = {}
    for sale in sales:
        lines, tenders = records.line_rows(s, sale.id), records.tender_rows(s, sale.id)
        split = _tender_split(lines, tenders)
        who = people.setdefault(sale.cashier or "(nobody signed in)",
                                {"sales": 0, "total": 0, "by_tender": {}})
        who["sales"] += 1
        who["total"] += records.total_of(lines)
        when = as_aware(sale.completed_at or sale.created_at).astimezone()
        hour = hours.setdefault(when.hour, {})
        for kind, amount in split.items():
            who["by_tender"][kind] = who["by_tender"].get(kind, 0) + amount
            hour[kind] = hour.get(kind, 0) + amount
    cashiers = tuple(CashierTotals(cashier=name, **v) for name, v in sorted(people.items()))
    return cashiers, hours


def _tender_split(lines: list[Any], tenders: list[Any]) -> dict[str, int]:
    """Per tender kind, what stayed with the shop (cash net of change), the
    way checkout's day report counts it."""
    out: dict[str, int] = {}
    for t in records.live_tenders(tenders):
        if t.kind == TenderKind.CASH:
            continue
        if t.kind == TenderKind.GIFT_CARD and t.status != CAPTURED:
            continue
        out[t.kind] = out.get(t.kind, 0) + t.amount
    cash = records.cash_net(lines, tenders)
    if cash:
        out[str(TenderKind.CASH)] = cash
    return out


def z_tables(z: ZReport) -> list[Table]:
    """The Z report as tables: summary, by tender, by cashier."""
    d, cur = z.day, z.currency

    def a(minor: int) -> Amount:
        return Amount(minor, cur)

    state = "closed" if d.closed else "open"
    summary: list[tuple[Cell, ...]] = [
        ("Business date", d.business_date.isoformat()),
        ("Terminal", d.terminal),
        ("Day", state + (f" at {d.closed_at:%H:%M}" if d.closed and d.closed_at else "")),
        ("Sales", d.sales_count), ("Sales total", a(d.sales_total)),
        ("Gift cards sold", d.cards_sold), ("Gift cards sold, value", a(d.cards_sold_amount)),
        ("Reloads", d.cards_reloaded), ("Reloads, value", a(d.cards_reloaded_amount)),
        ("Gift card redemptions", d.redemptions),
        ("Gift card redemptions, value", a(d.redemptions_amount)),
        ("Refunds", d.refunds), ("Refunds, value", a(d.refunds_amount)),
        ("Refunds in cash", a(d.refunds_cash)), ("Store credit issued", a(d.store_credit)),
        ("Voided sales", d.voids), ("Voided, value", a(d.voids_amount)),
        ("Cancelled sales", d.cancelled), ("Sales still open", d.open_sales),
        ("Change given", a(d.change_given)), ("Cash expected in drawer", a(d.cash_expected)),
        ("Gift card cash-outs", z.cashouts), ("Cash paid out for cash-outs", a(z.cashouts_amount)),
        ("Cash expected after cash-outs", a(d.cash_expected - z.cashouts_amount)),
        ("Matches the journal", "yes" if d.matches_journal else "NO — call support"),
    ]
    by_tender = [(TENDER_WORDS.get(k, k), a(v)) for k, v in d.by_tender.items()]
    kinds = list(d.by_tender)
    by_cashier: list[tuple[Cell, ...]] = [(c.cashier, c.sales, a(c.total),
                   *(a(c.by_tender.get(k, 0)) for k in kinds)) for c in z.by_cashier]
    hourly = {f"{h:02d}:00": sum(v.values()) for h, v in sorted(z.by_hour.items())}
    return [
        Table(title="Z report", headers=("Figure", "Value"), rows=tuple(summary)),
        Table(title="Sales by tender", headers=("Tender", "Amount"), rows=tuple(by_tender),
              chart={TENDER_WORDS.get(k, k): v for k, v in d.by_tender.items()},
              chart_title="Sales by tender"),
        Table(title="Sales by cashier",
              headers=("Cashier", "Sales", "Total", *(TENDER_WORDS.get(k, k) for k in kinds)),
              rows=tuple(by_cashier), chart=hourly, chart_title="Sales over the day"),
    ]


def z_csv_table(z: ZReport) -> Table:
    """Every Z figure in one table (section, figure, value) for a CSV file."""
    rows: list[tuple[Any, ...]] = []
    for t in z_tables(z):
        for row in t.rows:
            if t.title == "Sales by cashier":
                for h, v in zip(t.headers[1:], row[1:], strict=True):
                    rows.append((t.title, f"{row[0]}: {h}", v))
            else:
                rows.append((t.title, row[0], row[1]))
    for hour, kinds in sorted(z.by_hour.items()):
        for kind, v in kinds.items():
            rows.append(("Sales over the day", f"{hour:02d}:00 {TENDER_WORDS.get(kind, kind)}",
                         Amount(v, z.currency)))
    return Table(title="Z report", headers=("Section", "Figure", "Value"), rows=tuple(rows))
