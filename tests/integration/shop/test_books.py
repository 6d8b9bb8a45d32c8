"""The books: the accounting journal, liability as of a date (aged) and
dormant cards, all read from a real SQLite store filled through the real
operations, and checked against each other and against the card balances."""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta

import pytest
from sqlalchemy import func, select

from app.domain import Limits, OpContext
from app.ops.service import CardService
from app.reports import aged, books, journal_export
from app.reports.table import read_csv, write_csv
from app.shop import settings as shop_settings
from app.store.database import Store, open_store
from app.store.schema import Card, Hold
from tests.clock import ManualClock

TODAY = date(2026, 12, 5)


def at(day: date, store: str = "store-1") -> OpContext:
    return OpContext(terminal="till-1", store=store, business_date=day,
                     now=datetime(day.year, day.month, day.day, 12, tzinfo=UTC))


@pytest.fixture
def filled(any_db: str) -> Iterator[tuple[Store, dict[str, str]]]:
    """A year and more of a shop's life, over several days and two stores."""
    store = open_store(any_db)
    svc = CardService(store, limits=Limits(), clock=ManualClock(datetime(2026, 12, 5,
                                                                         tzinfo=UTC)))
    d0 = TODAY - timedelta(days=5 * 365)
    old = svc.issue(amount=2500, ctx=at(d0, "store-2"), program="classic")[0][0].number
    a = svc.issue(amount=10000, ctx=at(TODAY - timedelta(days=400)))[0][0].number
    b = svc.issue(amount=5000, ctx=at(TODAY - timedelta(days=40)), program="classic")[0][0].number
    c = svc.issue(amount=3000, ctx=at(TODAY - timedelta(days=10)))[0][0].number
    svc.redeem(number=a, amount=1500, ctx=at(TODAY - timedelta(days=399)))
    r = svc.redeem(number=b, amount=2000, ctx=at(TODAY - timedelta(days=20)))
    svc.refund(original_id=r.id, amount=500, ctx=at(TODAY - timedelta(days=19)))
    svc.load(number=b, amount=1000, ctx=at(TODAY - timedelta(days=3)))
    h = svc.hold(number=c, amount=700, ctx=at(TODAY - timedelta(days=2)))
    svc.capture(hold_id=h.id, amount=600, ctx=at(TODAY - timedelta(days=2)))
    svc.hold(number=c, amount=400, ctx=at(TODAY - timedelta(days=1)))  # left open
    v = svc.redeem(number=c, amount=100, ctx=at(TODAY - timedelta(days=1)))
    svc.void(original_id=v.id, ctx=at(TODAY))
    svc.adjust(number=a, amount=-200, reason="miskeyed", ctx=at(TODAY - timedelta(days=100)))
    e = svc.issue(amount=1200, ctx=at(TODAY - timedelta(days=30)),
                  expires_on=TODAY - timedelta(days=2))[0][0].number
    svc.expire_due(today=TODAY - timedelta(days=1), ctx=at(TODAY - timedelta(days=1)))
    svc.transfer(number=a, amount=1000, ctx=at(TODAY))
    yield store, {"old": old, "a": a, "b": b, "c": c, "expired": e}
    store.close()


def _owed_now(store: Store) -> int:
    """What the shop owes today, from the cards themselves: balances plus
    the money held on them."""
    with store.read() as s:
        bal = s.scalar(select(func.sum(Card.balance))) or 0
        held = s.scalar(select(func.sum(Hold.amount)).where(Hold.state == "OPEN")) or 0
    return int(bal) + int(held)


def test_every_day_balances_and_liability_account_equals_the_cards(filled) -> None:
    store, _ = filled
    with store.read() as s:
        cfg = shop_settings.load(s)
        lines = books.lines(s, cfg)
        totals = books.day_totals(lines)
        body = aged.liability(s, TODAY)
    assert len(totals) >= 10
    for key, (dr, cr) in totals.items():
        assert dr == cr, key
    liab = cfg.accounts.liability
    on_account = sum(ln.credit - ln.debit for ln in lines if ln.account == liab)
    owed = _owed_now(store)
    assert owed == 2500 + 10000 - 1500 - 200 + 5000 - 2000 + 500 + 1000 + 3000 - 600 + 0
    assert on_account == owed
    assert body["totals"] == {"USD": owed}
    assert sum(r["held"] for r in body["rows"]) == 400
    # Redemptions are revenue, the expired card breakage, sales cash.
    revenue = sum(ln.credit - ln.debit for ln in lines if ln.account == cfg.accounts.revenue)
    assert revenue == 1500 + 2000 - 500 + 600 + 100 - 100
    breakage = sum(ln.credit - ln.debit for ln in lines
                   if ln.account == cfg.accounts.breakage_income)
    assert breakage == 1200
    cash = sum(ln.debit - ln.credit for ln in lines if ln.account == cfg.accounts.cash)
    assert cash == 2500 + 10000 + 5000 + 3000 + 1000 + 1200


def test_liability_as_of_a_past_day_is_the_journal_up_to_that_day(filled) -> None:
    store, _ = filled
    day = TODAY - timedelta(days=15)
    with store.read() as s:
        lines = books.lines(s, shop_settings.load(s), end=day)
        body = aged.liability(s, day)
    on_account = sum(ln.credit - ln.debit for ln in lines if ln.account == "2400")
    assert body["totals"]["USD"] == on_account == 2500 + 10000 - 1500 - 200 + 5000 - 1500 + 1200
    rows = {(r["store"], r["program"]): r for r in body["rows"]}
    assert rows[("store-2", "classic")]["aged"]["over 3 years"] == 2500
    a_row = rows[("store-1", None)]
    # Last used 384 days before (a manager's adjustment since is not activity);
    # the card that expires later was sold 15 days before.
    assert a_row["aged"]["1-3 years"] == 10000 - 1500 - 200
    assert a_row["aged"]["0-30 days"] == 1200
    assert rows[("store-1", "classic")]["aged"]["0-30 days"] == 3500
    for r in body["rows"]:
        assert sum(r["aged"].values()) == r["total"]


def test_proportional_breakage_follows_redemptions(filled) -> None:
    store, _ = filled
    with store.transaction() as s:
        cfg = shop_settings.with_value(shop_settings.load(s), "breakage",
                                       '{"method": "proportional", "rate_bp": 1000}')
        shop_settings.save(s, cfg, now=datetime.now(UTC))
    with store.read() as s:
        cfg = shop_settings.load(s)
        lines = books.lines(s, cfg)
    for (dr, cr) in books.day_totals(lines).values():
        assert dr == cr
    first_redeem = [ln for ln in lines if ln.day == TODAY - timedelta(days=399)]
    # 10% expected breakage: 1500 redeemed carries 1500 * 1/9 = 166.67 -> 167.
    assert sum(ln.credit for ln in first_redeem if ln.account == "4900") == 167
    reserve = sum(ln.debit - ln.credit for ln in lines if ln.account == "2410")
    income = sum(ln.credit - ln.debit for ln in lines if ln.account == "4900")
    assert income > 1200 - 1  # the reserve went to income when value expired
    assert reserve >= 0


def test_export_in_quickbooks_and_xero_columns_escapes_formulas(filled, tmp_path) -> None:
    store, _ = filled
    with store.transaction() as s:
        cfg = shop_settings.with_value(shop_settings.load(s), "accounts.revenue", "=HYPERLINK()")
        shop_settings.save(s, cfg, now=datetime.now(UTC))
    with store.read() as s:
        qb, lines = journal_export.export(s, shop_settings.load(s), start=TODAY - timedelta(
            days=30), end=TODAY)
        xero, _ = journal_export.export(s, shop_settings.load(s), start=TODAY - timedelta(
            days=30), end=TODAY, fmt="xero")
    rows = read_csv(write_csv(qb, tmp_path / "qb.csv"))
    assert rows[0] == ["JournalNo", "JournalDate", "Currency", "AccountName", "Debits",
                       "Credits", "Description", "Location", "Class"]
    assert any(r[3] == "'=HYPERLINK()" for r in rows[1:])
    assert not any(c.startswith("=") for r in rows for c in r)
    debits = sum(float(r[4] or 0) for r in rows[1:])
    credits = sum(float(r[5] or 0) for r in rows[1:])
    assert round(debits, 2) == round(credits, 2) > 0
    xrows = read_csv(write_csv(xero, tmp_path / "x.csv"))
    assert xrows[0][:6] == ["*Narration", "*Date", "Description", "*AccountCode", "*TaxRate",
                            "*Amount"]
    by_journal: dict[str, float] = {}
    for r in xrows[1:]:
        by_journal[r[0]] = by_journal.get(r[0], 0) + float(r[5])
    assert by_journal and all(abs(v) < 0.001 for v in by_journal.values())
    assert all(ln.day >= TODAY - timedelta(days=30) for ln in lines)


def test_dormant_cards_with_state_of_purchase(filled) -> None:
    store, numbers = filled
    with store.transaction() as s:
        cfg = shop_settings.with_value(shop_settings.load(s), "stores.store-2.state", "ca")
        shop_settings.save(s, cfg, now=datetime.now(UTC))
    with store.read() as s:
        body = aged.dormant(s, shop_settings.load(s), years=3, as_of=TODAY)
        one = aged.dormant(s, shop_settings.load(s), years=1, as_of=TODAY)
        before = aged.dormant(s, shop_settings.load(s), years=1,
                              as_of=TODAY - timedelta(days=1))
    assert [(c["card"], c["state"], c["amount"]) for c in body["cards"]] == [
        ("•••• " + numbers["old"][-4:], "CA", 2500)]
    # Card "a" was adjusted by a manager (not the holder's activity) but its
    # balance was moved today: not dormant.
    assert {c["card"][-4:] for c in one["cards"]} == {numbers["old"][-4:]}
    assert {c["card"][-4:] for c in before["cards"]} == {numbers["old"][-4:], numbers["a"][-4:]}


def test_cli_answers_json_and_csv(filled, monkeypatch, capsys) -> None:
    from app.cli.main import main

    store, numbers = filled
    monkeypatch.setenv("GIFTPOS_DB", store.url)
    assert main(["report", "liability", "--as-of", TODAY.isoformat(), "--json"]) == 0
    body = json.loads(capsys.readouterr().out)
    assert body["totals"]["USD"] == _owed_now(store)
    assert main(["report", "journal", "--from", "2026-11-01", "--to", TODAY.isoformat(),
                 "--json"]) == 0
    j = json.loads(capsys.readouterr().out)
    assert j["debits"] == j["credits"] > 0
    assert main(["report", "journal", "--from", "2026-11-01", "--to", "2026-12-05",
                 "--csv"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("JournalNo,JournalDate") and numbers["a"] not in out
    assert main(["report", "dormant", "--years", "3", "--csv"]) == 0
    assert "Card,State of purchase" in capsys.readouterr().out
    assert main(["report", "journal", "--from", "2026-12-05", "--to", "2026-11-01",
                 "--json"]) == 3
    assert json.loads(capsys.readouterr().out)["key"] == "invalid_period"
    assert main(["shop", "set", "breakage.method", "sometimes", "--json"]) == 3
    assert json.loads(capsys.readouterr().out)["key"] == "invalid_setting"


def test_settings_take_text_where_text_is_wanted() -> None:
    cfg = shop_settings.with_value(shop_settings.ShopSettings(), "accounts.liability", "2400")
    assert cfg.accounts.liability == "2400"
    cfg = shop_settings.with_value(cfg, "stores.s1.cashout_threshold", "1000")
    assert cfg.store("s1").cashout_threshold == 1000
    with pytest.raises(Exception) as e:
        shop_settings.with_value(cfg, "stores.s1.cashout_threshold", "ten")
    assert getattr(e.value, "key", "") == "invalid_setting"
