"""The end-of-day (Z) report and the day close.

Figures come from the sales of the business day; the card figures are summed
again straight from the journal (entries of this terminal and day, voided ones
left out) and the report says whether the two agree.
"""

from __future__ import annotations

import json
from dataclasses import fields, replace
from datetime import date, datetime
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from app.checkout import records
from app.checkout.deps import SaleDeps
from app.checkout.models import CAPTURED, DayReport, LineKind, SaleStatus, TenderKind
from app.checkout.refund_plan import PartKind
from app.checkout.schema import DayCloseRow, SaleRefundRow, SaleRow
from app.domain import EntryType
from app.errors import ValidationError
from app.store.schema import Entry

COUNTED = (SaleStatus.COMPLETED, SaleStatus.REFUNDED, SaleStatus.PARTLY_REFUNDED)


def day_report(svc: SaleDeps, business_date: date | None = None) -> DayReport:
    bdate = business_date or svc.business_date()
    with svc.store.read() as s:
        closed = _closed(s, svc.settings.terminal, bdate)
        if closed is not None:
            return closed
        return _compute(s, svc, bdate)


def close_day(svc: SaleDeps, business_date: date | None = None) -> DayReport:
    """Close the business day: the Z report is frozen as it was printed and
    later sales belong to the next day. Closing twice answers the first close."""
    today = svc.business_date()
    bdate = business_date or today
    if bdate > today:
        raise ValidationError(key="day_not_started", params={"day": bdate.isoformat()})
    terminal = svc.settings.terminal

    def step(s: Session) -> DayReport:
        closed = _closed(s, terminal, bdate)
        if closed is not None:
            return closed
        report = _compute(s, svc, bdate)
        if report.open_sales:
            raise ValidationError(key="open_sales", params={"count": report.open_sales})
        now = svc.clock()
        report = replace(report, closed=True, closed_at=now)
        s.add(DayCloseRow(terminal=terminal, business_date=bdate, closed_at=now,
                          report=json.dumps(report.to_dict())))
        s.flush()
        return report
    try:
        return svc.tx(step)
    except IntegrityError:  # closed at the same moment elsewhere: answer that close
        return day_report(svc, bdate)


def _closed(s: Session, terminal: str, bdate: date) -> DayReport | None:
    row = s.scalars(select(DayCloseRow).where(DayCloseRow.terminal == terminal,
                                              DayCloseRow.business_date == bdate)).first()
    return from_dict(json.loads(row.report)) if row is not None else None


def from_dict(d: dict[str, Any]) -> DayReport:
    known = {f.name for f in fields(DayReport)}
    data = {k: v for k, v in d.items() if k in known}
    data["business_date"] = date.fromisoformat(data["business_date"])
    if data.get("closed_at"):
        data["closed_at"] = datetime.fromisoformat(data["closed_at"])
    return DayReport(**data)


def _compute(s: Session, svc: SaleDeps, bdate: date) -> DayReport:
    terminal = svc.settings.terminal
    sales = s.scalars(select(SaleRow).where(SaleRow.terminal == terminal,
                                            SaleRow.business_date == bdate)).all()
    f: dict[str, Any] = {"by_tender": {str(k): 0 for k in TenderKind}}
    n: dict[str, Any] = dict.fromkeys(
        ("sales_count", "sales_total", "change_given", "cards_sold", "cards_sold_amount",
         "cards_reloaded", "cards_reloaded_amount", "redemptions", "redemptions_amount",
         "voids", "voids_amount", "voids_cash", "cancelled", "open_sales"), 0)
    for sale in sales:
        lines = records.line_rows(s, sale.id)
        tenders = records.tender_rows(s, sale.id)
        status = SaleStatus(sale.status)
        if status == SaleStatus.OPEN:
            n["open_sales"] += 1
        elif status == SaleStatus.CANCELLED:
            n["cancelled"] += 1
        elif status == SaleStatus.VOIDED:
            n["voids"] += 1
            n["voids_amount"] += records.total_of(lines)
            n["voids_cash"] += records.cash_net(lines, tenders)
        if status not in COUNTED:
            continue
        n["sales_count"] += 1
        n["sales_total"] += records.total_of(lines)
        n["change_given"] += max(records.paid_of(tenders) - records.total_of(lines), 0)
        for t in records.live_tenders(tenders):
            if t.kind == TenderKind.GIFT_CARD and t.status == CAPTURED:
                n["redemptions"] += 1
                n["redemptions_amount"] += t.amount
            if t.kind != TenderKind.CASH:
                f["by_tender"][t.kind] += t.amount
        f["by_tender"][str(TenderKind.CASH)] += records.cash_net(lines, tenders)
        for ln in records.live_lines(lines):
            if ln.kind == LineKind.CARD_SALE:
                n["cards_sold"] += 1
                n["cards_sold_amount"] += ln.amount
            elif ln.kind == LineKind.CARD_RELOAD:
                n["cards_reloaded"] += 1
                n["cards_reloaded_amount"] += ln.amount
    refunds = s.scalars(select(SaleRefundRow).join(SaleRow, SaleRow.id == SaleRefundRow.sale_id)
                        .where(SaleRow.terminal == terminal,
                               SaleRefundRow.business_date == bdate)).all()
    store_credit = sum(r.plan.amount_of(PartKind.STORE_CREDIT) for r in refunds)
    to_cards = sum(r.plan.amount_of(PartKind.GIFT_CARD) for r in refunds)
    refunds_total = sum(r.total for r in refunds)
    refunds_cash = sum(r.cash_back for r in refunds)
    journal = _journal(s, terminal, bdate)
    report = DayReport(
        business_date=bdate, currency=svc.settings.currency, terminal=terminal,
        by_tender=f["by_tender"], refunds=len(refunds), refunds_amount=refunds_total,
        refunds_cash=refunds_cash, refunds_to_cards=to_cards, store_credit=store_credit,
        cash_expected=f["by_tender"][str(TenderKind.CASH)] - refunds_cash, **n,
        journal_redemptions_amount=journal[EntryType.CAPTURE],
        journal_cards_sold_amount=journal[EntryType.ACTIVATE],
        journal_reloads_amount=journal[EntryType.LOAD],
        journal_refunds_amount=journal[EntryType.REFUND])
    return replace(report, matches_journal=(
        report.journal_redemptions_amount == report.redemptions_amount
        and report.journal_cards_sold_amount == report.cards_sold_amount
        and report.journal_reloads_amount == report.cards_reloaded_amount
        and report.journal_refunds_amount == report.refunds_to_cards))


def _journal(s: Session, terminal: str, bdate: date) -> dict[EntryType, int]:
    """What the journal says this terminal's sales moved on the day."""
    voided = select(Entry.ref_id).where(Entry.type == str(EntryType.VOID),
                                        Entry.ref_id.is_not(None))
    rows = s.execute(
        select(Entry.type, func.coalesce(func.sum(Entry.approved_amount), 0))
        .where(Entry.terminal == terminal, Entry.business_date == bdate,
               Entry.sale_id.is_not(None), Entry.id.not_in(voided),
               Entry.type.in_([str(EntryType.CAPTURE), str(EntryType.ACTIVATE),
                               str(EntryType.LOAD), str(EntryType.REFUND)]))
        .group_by(Entry.type)).all()
    out = dict.fromkeys((EntryType.CAPTURE, EntryType.ACTIVATE, EntryType.LOAD,
                         EntryType.REFUND), 0)
    for type_, total in rows:
        out[EntryType(type_)] = int(total)
    return out

