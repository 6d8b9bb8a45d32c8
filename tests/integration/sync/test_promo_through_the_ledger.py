"""Promotional value at tills with a ledger (issue 17): "buy $100, get $20"
given at one till is made on the ledger (the companion card and its link),
and another till of the chain spends it at its checkout in the ledger's
configured order, online and offline (from its replica, pushed later); the
ledger's books and reports show it apart. A real ledger (uvicorn on
loopback) and real till stores over SQLite, and the ledger on PostgreSQL
where GIFTPOS_TEST_POSTGRES_URL is set."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta

import pytest
from sqlalchemy import select

from app.checkout import CheckoutService, CheckoutSettings
from app.checkout.models import SaleView, TenderKind
from app.domain import HoldState
from app.reports import aged, books
from app.shop import promo_till
from app.shop import settings as shop_settings
from app.shop.schema import PromoLinkRow
from app.store.schema import Card, Hold
from tests.integration.ledger.support import LedgerEnv
from tests.integration.sync.conftest import Terminal, ledger_balance


def _checkout(till: Terminal) -> CheckoutService:
    return CheckoutService(till.cards.store, till.gateway, cards=till.cards,
                           settings=CheckoutSettings(terminal=till.name, store="s1"))


def _sell(till: Terminal, number: str, price: int) -> SaleView:
    """A sale of ``price`` at ``till`` paid by the card as the till's key does."""
    checkout = _checkout(till)
    sale = checkout.open_sale()
    checkout.add_item(sale.id, description="Coat", amount=price)
    out = promo_till.pay_card(checkout, till.cards, sale_id=sale.id, number=number,
                              amount=None)
    assert out.declined is None, out.declined
    return checkout.complete(sale.id)


def _card_tenders(sale: SaleView) -> list[tuple[str, int, bool]]:
    return [((t.card or "")[-4:], t.amount, bool(t.offline)) for t in sale.tenders
            if t.counts and t.kind == TenderKind.GIFT_CARD]


def _ledger_links(env: LedgerEnv, number: str) -> list[str]:
    """The card's companions on the ledger, oldest first."""
    with env.store.read() as s:
        card_id = s.scalar(select(Card.id).where(Card.number == number))
        return list(s.scalars(select(Card.number).join(
            PromoLinkRow, PromoLinkRow.promo_card_id == Card.id)
            .where(PromoLinkRow.card_id == card_id).order_by(Card.id)))


def _set_order(env: LedgerEnv, order: str) -> None:
    with env.store.transaction() as s:
        shop_settings.save(s, shop_settings.with_value(
            shop_settings.load(s), "promo_spend_order", order), now=datetime.now(UTC))


def _account(env: LedgerEnv, code: str) -> int:
    """Debits less credits of an account in the ledger's journal export."""
    with env.store.read() as s:
        lines = books.lines(s, shop_settings.load(s))
    for dr, cr in books.day_totals(lines).values():
        assert dr == cr  # the day balances
    return sum(ln.debit - ln.credit for ln in lines if ln.account == code)


def _liability_by_program(env: LedgerEnv) -> dict[str | None, int]:
    with env.store.read() as s:
        body = aged.liability(s, date.today() + timedelta(days=1))
    out: dict[str | None, int] = {}
    for row in body["rows"]:
        out[row["program"]] = out.get(row["program"], 0) + row["total"]
    return out


@pytest.mark.parametrize("ledger", ["sqlite", pytest.param("postgresql",
                                                           marks=pytest.mark.postgres)],
                         indirect=True)
def test_promo_given_at_one_till_is_spent_at_another_online_and_offline(
        ledger: LedgerEnv, make_terminal: Callable[..., Terminal]) -> None:
    ledger.enroll("t3", "s1")
    # A generous timeout: a loaded machine must not send a till offline.
    seller = make_terminal("t1", timeout_s=10.0)
    other = make_terminal("t3", timeout_s=10.0)
    today = date.today()

    # Buy $100, get $20, at the first till: the card and the bonus are made
    # on the ledger, the link kept there.
    card = seller.gateway.issue(amount=10_000, currency="USD", entry_id=str(uuid.uuid4()),
                                ctx=seller.ctx())[0][0].number
    given = promo_till.grant_at_till(seller.cards, seller.gateway, number=card, amount=2000,
                                     expires_on=today + timedelta(days=30),
                                     reason="buy 100, get 20", entry_id=str(uuid.uuid4()))
    assert (given["purchased"], given["promotional"], given["total"]) == (10_000, 2000, 12_000)
    [bonus] = _ledger_links(ledger, card)
    assert ledger_balance(ledger, bonus) == 2000

    # Another till of the chain, online: the bonus first (the default order),
    # each part its own card tender, captured on the ledger.
    sale = _sell(other, card, 3000)
    assert _card_tenders(sale) == [(bonus[-4:], 2000, False), (card[-4:], 1000, False)]
    assert (ledger_balance(ledger, bonus), ledger_balance(ledger, card)) == (0, 9000)
    with ledger.store.read() as s:
        assert not [h for h in s.scalars(select(Hold)) if h.state == HoldState.OPEN]
    with other.cards.store.read() as s:  # the links are in this till's replica now
        assert len(s.scalars(select(PromoLinkRow)).all()) == 1

    # The chain now spends purchased value first; a second bonus; the other
    # till looks the card up once, then loses the ledger and sells offline
    # from its replica, in the ledger's order.
    _set_order(ledger, "purchased_first")
    promo_till.grant_at_till(seller.cards, seller.gateway, number=card, amount=1500,
                             expires_on=today + timedelta(days=60))
    second = _ledger_links(ledger, card)[1]
    seen = promo_till.balances_at_till(other.cards, other.gateway, number=card)
    assert (seen["purchased"], seen["promotional"]) == (9000, 1500)
    other.go_offline()
    sale = _sell(other, card, 9500)
    assert _card_tenders(sale) == [(card[-4:], 9000, True), (second[-4:], 500, True)]
    assert ledger_balance(ledger, card) == 9000  # not pushed yet
    other.monitor.report_success()
    report = other.engine.sync_once()
    assert (report.rejected, report.flagged, report.pending) == (0, 0, 0), report
    assert [ledger_balance(ledger, n) for n in (card, bonus, second)] == [0, 0, 1000]

    # Reported apart on the ledger: the promotional liability is what is
    # left of the bonus; given to marketing, spent as revenue.
    assert _liability_by_program(ledger) == {"promo": 1000}
    assert _account(ledger, "2420") == -1000  # promotional liability (a credit)
    assert _account(ledger, "6100") == 3500  # marketing: both bonuses given
    assert _account(ledger, "2400") == 0  # purchased value: all spent
    assert _account(ledger, "4000") == -(2000 + 1000 + 9000 + 500)  # revenue
    with ledger.client("admin") as api:
        rows = {r["program"]: r for r in api.get("/v1/reports/liability").json()["rows"]}
    assert rows["promo"]["outstanding"] == 1000 and rows[None]["outstanding"] == 0
