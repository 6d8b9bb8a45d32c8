"""Refunds, voids and the end-of-day (Z) report, checked against the journal."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import func, select

from app.checkout import CheckoutService, SaleStatus
from app.domain import CardStatus, EntryType
from app.errors import ValidationError
from app.ops.service import CardService
from app.store.database import Store
from app.store.schema import Entry
from tests.integration.checkout.conftest import assert_journal_consistent, balance


def _sale(checkout: CheckoutService, items: list[int], cards: list[str], cash: int = 0,
          ) -> str:
    sale = checkout.open_sale(cashier="bo")
    for i, amount in enumerate(items):
        checkout.add_item(sale.id, description=f"item {i}", amount=amount)
    for n in cards:
        checkout.pay_with_card(sale.id, number=n)
    if cash:
        checkout.pay_cash(sale.id, amount=cash)
    return checkout.complete(sale.id).id


def test_refund_to_the_original_cards(checkout, cards: CardService, card, store) -> None:
    a, b = card(3_000), card(3_500)
    sale_id = _sale(checkout, [4_000, 2_000, 1_500], [a, b], cash=1_000)  # 7,500 total
    assert (balance(cards, a), balance(cards, b)) == (0, 0)
    lines = checkout.get(sale_id).lines
    part = checkout.refund(sale_id, line_ids=[lines[0].id])
    # Gift cards first: 3,000 back to a, 1,000 to b; no cash out of the drawer.
    assert [(r.card[-4:], r.amount) for r in part.refunds] == [(a[-4:], 3_000), (b[-4:], 1_000)]
    assert (part.total, part.cash_back, part.new_card) == (4_000, 0, None)
    assert part.sale.status == SaleStatus.PARTLY_REFUNDED
    assert (balance(cards, a), balance(cards, b)) == (3_000, 1_000)
    with pytest.raises(ValidationError) as exc:
        checkout.refund(sale_id, line_ids=[lines[0].id])
    assert exc.value.key == "already_refunded"
    rest = checkout.refund(sale_id)  # everything left: 3,500
    assert [(r.card[-4:], r.amount) for r in rest.refunds] == [(b[-4:], 2_500)]
    assert rest.cash_back == 1_000 and rest.sale.status == SaleStatus.REFUNDED
    assert (balance(cards, a), balance(cards, b)) == (3_000, 3_500)
    with pytest.raises(ValidationError):
        checkout.refund(sale_id)
    assert_journal_consistent(store)


def test_refund_onto_a_new_card_as_store_credit(checkout, cards, card, store) -> None:
    a = card(5_000)
    sale_id = _sale(checkout, [2_000], [a])
    r = checkout.refund(sale_id, to_new_card=True)
    assert r.new_card is not None and r.new_card != a and r.refunds[0].card[-4:] == r.new_card[-4:]
    assert cards.balance(number=r.new_card).balance == 2_000
    assert balance(cards, a) == 3_000  # the paying card is not credited as well
    assert r.new_card not in str(r.sale.to_dict())
    assert_journal_consistent(store)


def test_void_last_sale_of_the_day_reverses_captures_and_card_sales(checkout, cards, card,
                                                                    store, clock) -> None:
    a, sold = card(9_000), card(0, inactive=True)
    sale = checkout.add_item(checkout.open_sale().id, description="Kettle", amount=4_000)
    checkout.add_card_sale(sale.id, number=sold, amount=2_500)
    checkout.pay_with_card(sale.id, number=a)
    checkout.pay_cash(sale.id, amount=5_000)
    checkout.complete(sale.id)
    assert cards.balance(number=sold).status == CardStatus.ACTIVE
    voided = checkout.void_last()
    assert voided.id == sale.id and voided.status == SaleStatus.VOIDED
    assert balance(cards, a) == 9_000
    view = cards.balance(number=sold)
    assert (view.status, view.balance) == (CardStatus.INACTIVE, 0)
    assert checkout.void_last() == voided
    with pytest.raises(ValidationError):
        checkout.refund(sale.id)
    # Tomorrow, yesterday's sale is no longer voidable.
    _sale(checkout, [100], [], cash=100)
    clock.now += timedelta(days=1)
    with pytest.raises(ValidationError) as exc:
        checkout.void_last()
    assert exc.value.key == "nothing_to_void"
    assert_journal_consistent(store)


def _journal(store: Store, type_: EntryType, day) -> int:  # type: ignore[no-untyped-def]
    voided = select(Entry.ref_id).where(Entry.type == "void", Entry.ref_id.is_not(None))
    with store.read() as s:
        return int(s.scalar(select(func.coalesce(func.sum(Entry.approved_amount), 0)).where(
            Entry.type == str(type_), Entry.business_date == day,
            Entry.id.not_in(voided))) or 0)


def test_z_report_totals_match_the_journal(checkout, cards, card, store, clock) -> None:
    a, b, c = card(5_000), card(20_000), card(8_000)
    sold, reloaded = card(0, inactive=True), card(1_000)
    day = checkout.business_date()
    s1 = _sale(checkout, [7_000], [a, b])                      # 5,000 + 2,000 on cards
    s2 = checkout.open_sale().id                                # a card sold, one reloaded
    checkout.add_card_sale(s2, number=sold, amount=3_000)
    checkout.add_card_reload(s2, number=reloaded, amount=2_000)
    checkout.pay_cash(s2, amount=6_000)                         # 1,000 change
    checkout.complete(s2)
    s3 = _sale(checkout, [1_000], [c])                          # then voided
    assert checkout.void_last().id == s3
    s4 = checkout.add_item(checkout.open_sale().id, description="x", amount=500).id
    checkout.pay_with_card(s4, number=c)
    checkout.cancel(s4)
    s5 = _sale(checkout, [2_000, 1_000], [c], cash=0)           # 3,000 on card c
    checkout.refund(s5, line_ids=[checkout.get(s5).lines[1].id])
    checkout.pay_external(
        checkout.add_item(checkout.open_sale().id, description="y", amount=1_200).id,
        amount=1_200, reference="T-77")
    checkout.complete(checkout.open_sales()[0].id)
    s1_view = checkout.get(s1)
    assert s1_view.status == SaleStatus.COMPLETED

    rep = checkout.day_report()
    assert rep.business_date == day and not rep.closed
    assert rep.sales_count == 4 and rep.sales_total == 7_000 + 5_000 + 3_000 + 1_200
    assert rep.by_tender == {"GIFT_CARD": 10_000, "CASH": 5_000, "EXTERNAL": 1_200}
    assert sum(rep.by_tender.values()) == rep.sales_total
    assert (rep.change_given, rep.cash_expected) == (1_000, 5_000)
    assert (rep.cards_sold, rep.cards_sold_amount) == (1, 3_000)
    assert (rep.cards_reloaded, rep.cards_reloaded_amount) == (1, 2_000)
    assert (rep.redemptions, rep.redemptions_amount) == (3, 10_000)
    assert (rep.refunds, rep.refunds_amount, rep.refunds_to_cards) == (1, 1_000, 1_000)
    assert (rep.voids, rep.voids_amount, rep.cancelled, rep.open_sales) == (1, 1_000, 1, 0)
    # ...and the same figures straight from the journal.
    assert _journal(store, EntryType.CAPTURE, day) == rep.redemptions_amount
    assert _journal(store, EntryType.ACTIVATE, day) == rep.cards_sold_amount
    assert _journal(store, EntryType.LOAD, day) == rep.cards_reloaded_amount
    assert _journal(store, EntryType.REFUND, day) == rep.refunds_to_cards
    assert rep.matches_journal

    closed = checkout.close_day()
    assert closed.closed and closed.sales_total == rep.sales_total
    assert checkout.close_day(day) == closed and checkout.day_report(day) == closed
    assert checkout.business_date() == day + timedelta(days=1)  # later sales: next day
    with pytest.raises(ValidationError) as exc:
        checkout.close_day(day + timedelta(days=2))
    assert exc.value.key == "day_not_started"
    later = checkout.open_sale()
    assert later.business_date == day + timedelta(days=1)
    assert_journal_consistent(store)


def test_a_day_with_open_sales_cannot_be_closed(checkout, card) -> None:
    checkout.add_item(checkout.open_sale().id, description="z", amount=100)
    with pytest.raises(ValidationError) as exc:
        checkout.close_day()
    assert exc.value.key == "open_sales"


def test_a_frozen_card_gets_its_share_back_on_a_new_card(checkout, cards, card, store) -> None:
    a, b = card(3_000), card(3_000)
    sale_id = _sale(checkout, [5_000], [a, b])
    cards.change_status(number=a, action="freeze")
    r = checkout.refund(sale_id)
    assert r.new_card is not None and cards.balance(number=r.new_card).balance == 3_000
    assert sorted((c.card[-4:], c.amount) for c in r.refunds) == sorted(
        [(b[-4:], 2_000), (r.new_card[-4:], 3_000)])
    assert balance(cards, a) == 0 and balance(cards, b) == 3_000
    assert r.sale.status == SaleStatus.REFUNDED
    rep = checkout.day_report()
    assert (rep.refunds_to_cards, rep.store_credit) == (2_000, 3_000) and rep.matches_journal
    assert_journal_consistent(store)
