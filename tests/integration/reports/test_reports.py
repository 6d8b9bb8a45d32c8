"""Reports on a real SQLite store after real sales: the Z report by tender and
cashier matches the journal, CSV exports read back, liability and offline
exceptions come from the local store when there is no ledger, and the Z
report prints as ESC/POS bytes."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest
from sqlalchemy import func, select, update

from app.checkout import CheckoutService, CheckoutSettings
from app.domain import EntryType, OpContext
from app.gateway import LocalGateway
from app.ops.service import CardService
from app.reports import ReportService, read_csv, write_csv, z_csv_table, z_tables
from app.reports.remote import LedgerReports
from app.reports.zprint import z_escpos, z_text
from app.store.database import Store
from app.store.schema import Card, Entry
from tests.clock import ManualClock


@pytest.fixture
def setup(store: Store) -> tuple[CheckoutService, CardService, ManualClock]:
    clock = ManualClock(datetime(2026, 11, 27, 10, 0, tzinfo=UTC))
    cards = CardService(store, clock=clock, context=OpContext(terminal="till-1"))
    checkout = CheckoutService(store, LocalGateway(cards), clock=clock, cards=cards,
                               settings=CheckoutSettings(terminal="till-1"))
    return checkout, cards, clock


def _sale(checkout: CheckoutService, cashier: str, amount: int, *, card: str | None = None,
          cash: int = 0) -> None:
    sale = checkout.open_sale(cashier=cashier)
    checkout.add_item(sale.id, description="Item", amount=amount)
    if card is not None:
        checkout.pay_with_card(sale.id, number=card, amount=amount - cash)
    if cash:
        checkout.pay_cash(sale.id, amount=cash)
    checkout.complete(sale.id)


def test_z_report_by_tender_and_cashier_matches_the_journal(
        setup: tuple[CheckoutService, CardService, ManualClock], store: Store,
        tmp_path: Path) -> None:
    checkout, cards, clock = setup
    (a, _), = cards.issue(amount=5000, program="xmas")
    (b, _), = cards.issue(amount=3000)
    _sale(checkout, "Casey", 2000, card=a.number)
    clock.now = clock.now.replace(hour=14)
    _sale(checkout, "Casey", 1500, card=b.number, cash=500)
    _sale(checkout, "Morgan", 700, cash=1000)  # 300 change
    reports = ReportService(store, checkout)
    z = reports.z_report()
    d = z.day
    assert d.matches_journal and d.sales_count == 3 and d.sales_total == 4200
    assert d.by_tender["GIFT_CARD"] == 3000 and d.by_tender["CASH"] == 1200
    with store.read() as s:
        captured = s.scalar(select(func.sum(Entry.approved_amount))
                            .where(Entry.type == str(EntryType.CAPTURE)))
    assert captured == d.redemptions_amount == 3000
    people = {c.cashier: c for c in z.by_cashier}
    assert people["Casey"].sales == 2 and people["Casey"].total == 3500
    assert people["Casey"].by_tender == {"GIFT_CARD": 3000, "CASH": 500}
    assert people["Morgan"].by_tender == {"CASH": 700}
    assert sum(sum(h.values()) for h in z.by_hour.values()) == 4200
    assert len(z.by_hour) == 2  # two hours of the day had sales

    # CSV export read back.
    path = write_csv(z_csv_table(z), tmp_path / "z.csv")
    rows = read_csv(path)
    assert rows[0] == ["Section", "Figure", "Value"]
    values = {(r[0], r[1]): r[2] for r in rows[1:]}
    assert values[("Z report", "Sales total")] == "42.00"
    assert values[("Sales by tender", "Gift cards")] == "30.00"
    assert values[("Sales by cashier", "Casey: Total")] == "35.00"

    # On paper: ESC/POS bytes with the figures, cut at the end.
    data = z_escpos(z)
    assert data.startswith(b"\x1b@") and b"$42.00" in data and b"\x1dV" in data[-6:]
    assert "X REPORT" in z_text(z)
    closed = reports.close_day()
    assert closed.day.closed and "Z REPORT" in z_text(closed)
    assert [t.title for t in z_tables(closed)] == ["Z report", "Sales by tender",
                                                   "Sales by cashier"]


def test_liability_and_exceptions_from_the_local_store(
        setup: tuple[CheckoutService, CardService, ManualClock], store: Store,
        tmp_path: Path) -> None:
    checkout, cards, _clock = setup
    cards.issue(count=2, amount=2500, program="xmas")
    (odd, _), = cards.issue(amount=1000)
    # An offline redemption waits in the outbox; a void of it is a pending reversal.
    off = cards.redeem(number=odd.number, amount=400,
                       ctx=OpContext(terminal="till-1", offline=True))
    cards.void(original_id=off.id, ctx=OpContext(terminal="till-1", offline=True))
    # What the ledger does to an overspent card, set up by hand here.
    with store.transaction() as s:
        s.execute(update(Card).where(Card.number == odd.number)
                  .values(flagged=True, balance=-200, status="FROZEN"))
        s.execute(update(Entry).where(Entry.id == off.id).values(flagged=True))
    reports = ReportService(store, checkout, ledger=LedgerReports("http://127.0.0.1:9", "t",
                                                                  timeout_s=0.5))
    liab = reports.liability()
    assert liab.source == "local" and "could not be reached" in liab.note
    by_program = {r[0]: r for r in liab.rows}
    assert by_program["xmas"][2] == 2 and by_program["xmas"][3].minor == 5000
    assert by_program["(no program)"][4].minor == -200
    assert liab.chart and list(liab.chart.values())[-1] == 5000 + 1000

    exc = reports.exceptions()
    kinds = [r[0] for r in exc.rows]
    assert kinds.count("Overspent") == 1
    assert "Reversal pending" in kinds and "Offline, not synced" in kinds
    assert all(odd.number not in str(cell) for row in exc.rows for cell in row)
    path = write_csv(exc, tmp_path / "exceptions.csv")
    back = read_csv(path)
    assert back[0][:2] == ["Kind", "Card"] and len(back) == len(exc.rows) + 1

    term = reports.terminals()
    assert term.rows[0][0] == "till-1" and term.rows[0][1] == 2  # two entries waiting
