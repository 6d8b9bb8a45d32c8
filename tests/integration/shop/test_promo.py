"""Promotional value apart from purchased value: its own expiry, spent in the
configured order, never cashed out, reported and booked apart."""

from __future__ import annotations

import json
import uuid
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest

from app.domain import OpContext
from app.errors import GiftposError
from app.ops.service import CardService
from app.reports import aged, books
from app.shop import promo
from app.shop import settings as shop_settings
from app.shop.cashout import cashout
from app.store.database import open_store
from tests.clock import ManualClock

NOW = datetime(2026, 12, 5, 10, tzinfo=UTC)


@pytest.fixture
def svc(tmp_path: Path):  # type: ignore[no-untyped-def]
    store = open_store(f"sqlite:///{tmp_path / 'promo.db'}")
    cards = CardService(store, clock=ManualClock(NOW),
                        context=OpContext(terminal="t1", store="s1"))
    yield cards
    store.close()


def _set(cards: CardService, path: str, value: str) -> None:
    with cards.store.transaction() as s:
        shop_settings.save(s, shop_settings.with_value(shop_settings.load(s), path, value),
                           now=NOW)


def _grant(cards: CardService, number: str, amount: int, expires: date | None) -> dict:  # type: ignore[type-arg]
    return cards.run(lambda s: promo.grant(s, number=number, amount=amount, expires_on=expires,
                                           reason="buy $100 get $20", ctx=cards.context,
                                           limits=cards.limits, clock=cards.clock))


def _spend(cards: CardService, number: str, amount: int, *, partial: bool = False,
           entry_id: str | None = None) -> dict:  # type: ignore[type-arg]
    return cards.run(lambda s: promo.spend(s, number=number, amount=amount, partial=partial,
                                           entry_id=entry_id, ctx=cards.context,
                                           limits=cards.limits, clock=cards.clock))


def test_spend_order_expiry_cashout_and_books(svc) -> None:
    number = svc.issue(amount=10000)[0][0].number
    b = _grant(svc, number, 2000, NOW.date() + timedelta(days=30))
    assert (b["purchased"], b["promotional"], b["total"]) == (10000, 2000, 12000)
    assert svc.balance(number=number).balance == 10000  # the card itself: purchased only
    rid = str(uuid.uuid4())
    out = _spend(svc, number, 3000, entry_id=rid)
    assert [(p["source"], p["amount"]) for p in out["parts"]] == [("promotional", 2000),
                                                                  ("purchased", 1000)]
    assert _spend(svc, number, 3000, entry_id=rid)["parts"] == out["parts"]  # a retry
    assert out["balances"]["total"] == 9000
    _set(svc, "promo_spend_order", '"purchased_first"')
    _grant(svc, number, 500, NOW.date() + timedelta(days=5))
    out = _spend(svc, number, 1000)
    assert [p["source"] for p in out["parts"]] == ["purchased"]
    with pytest.raises(GiftposError) as e:
        _spend(svc, number, 9000)  # 8000 + 500 available
    assert e.value.key == "gift_amount_exceeded"
    assert _spend(svc, number, 1, partial=True)["taken"] == 1
    # Cash-out pays purchased value only, never promotional.
    _set(svc, "stores.s1.cashout_threshold", "100000")
    paid = svc.run(lambda s: cashout(s, number=number, ctx=svc.context, limits=svc.limits,
                                     clock=svc.clock))
    assert paid.amount == 7999
    with svc.store.read() as s:
        left = promo.balances(s, number=number, today=NOW.date())
    assert (left["purchased"], left["promotional"]) == (0, 500)
    # The bonus runs out on its own day.
    assert svc.expire_due(today=NOW.date() + timedelta(days=6)) == 1
    with svc.store.read() as s:
        assert promo.balances(s, number=number, today=NOW.date())["promotional"] == 0
        lines = books.lines(s, shop_settings.load(s))
        body = aged.liability(s, NOW.date() + timedelta(days=6))
    for dr, cr in books.day_totals(lines).values():
        assert dr == cr
    acct = lambda code: sum(ln.debit - ln.credit for ln in lines  # noqa: E731
                            if ln.account == code)
    assert acct("6100") == 2000 + 500 - 500  # given, less what expired
    assert acct("2420") == 0  # promotional liability: all spent or expired
    assert -acct("4000") == 2000 + 1000 + 1000 + 1  # revenue from both kinds
    assert -acct("4900") == 0  # promotional value is never breakage
    assert all(r["program"] != "promo" for r in body["rows"])  # nothing promotional left


def test_promo_reported_apart_and_cli(svc, monkeypatch, capsys) -> None:
    from app.cli.main import main

    number = svc.issue(amount=5000)[0][0].number
    monkeypatch.setenv("GIFTPOS_DB", svc.store.url)
    assert main(["card", "promo", number, "--amount", "10.00", "--expires", "2099-01-31",
                 "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["promotional"] == 1000
    with svc.store.read() as s:
        body = aged.liability(s, date(2099, 1, 1))
    progs = {r["program"]: r["total"] for r in body["rows"]}
    assert progs == {None: 5000, "promo": 1000}
    assert main(["card", "spend", number, "--amount", "12.00", "--json"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert out["taken"] == 1200 and out["balances"]["total"] == 4800
    assert main(["card", "balances", number, "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["promotional"] == 0
    assert main(["card", "promo", number, "--amount", "5.00", "--expires", "2001-01-01",
                 "--json"]) == 3
    assert json.loads(capsys.readouterr().out)["key"] == "invalid_expiry"
