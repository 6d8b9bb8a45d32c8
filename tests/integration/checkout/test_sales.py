"""Split-tender sales on a real SQLite store: the issue's scenarios."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from app.checkout import CheckoutService, LineKind, SaleStatus, TenderKind
from app.domain import CardStatus, HoldState
from app.errors import ValidationError
from app.ops.service import CardService
from app.store.database import Store
from app.store.schema import Entry, Hold
from tests.integration.checkout.conftest import assert_journal_consistent, balance


def entries(store: Store, sale_id: str) -> list[tuple[str, int]]:
    with store.read() as s:
        return [(e.type, e.amount) for e in s.scalars(
            select(Entry).where(Entry.sale_id == sale_id).order_by(Entry.seq))]


def test_one_card_pays_all(checkout: CheckoutService, cards: CardService, card, store) -> None:
    a = card(10_000)
    sale = checkout.add_item(checkout.open_sale(cashier="ann").id, description="Mug",
                             amount=2_500)
    out = checkout.pay_with_card(sale.id, number=a)
    assert out.ok and (out.approved, out.requested, out.partial) == (2_500, 2_500, False)
    assert out.sale.remaining_due == 0 and out.tender is not None
    assert (out.tender.previous_balance, out.tender.new_balance) == (10_000, 7_500)
    assert a not in str(out) and out.tender.card == "•••• " + a[-4:]
    done = checkout.complete(sale.id)
    assert done.status == SaleStatus.COMPLETED and done.tenders[0].status == "CAPTURED"
    assert balance(cards, a) == 7_500
    assert [t for t, _ in entries(store, sale.id)] == ["hold", "capture"]
    assert checkout.complete(sale.id) == done  # completing again changes nothing
    assert_journal_consistent(store)


def test_partial_then_second_card_then_cash_with_change(checkout, cards, card, store) -> None:
    a, b = card(4_000), card(6_000)
    sale = checkout.add_item(checkout.open_sale().id, description="Lamp", amount=15_000)
    first = checkout.pay_with_card(sale.id, number=a)
    assert (first.approved, first.requested, first.partial) == (4_000, 15_000, True)
    assert first.sale.remaining_due == 11_000
    second = checkout.pay_with_card(sale.id, number=b)
    assert (second.approved, second.requested, second.partial) == (6_000, 11_000, True)
    assert second.sale.remaining_due == 5_000
    paid = checkout.pay_cash(sale.id, amount=10_000)
    assert (paid.remaining_due, paid.change, paid.paid) == (0, 5_000, 20_000)
    done = checkout.complete(sale.id)
    assert done.status == SaleStatus.COMPLETED and done.change == 5_000
    assert balance(cards, a) == 0 and balance(cards, b) == 0
    assert cards.balance(number=a).status == CardStatus.REDEEMED
    assert_journal_consistent(store)


def test_partial_off_declines_and_nothing_moves(make_checkout, cards, card, store) -> None:
    checkout = make_checkout(partial_approval=False)
    a = card(4_000)
    sale = checkout.add_item(checkout.open_sale().id, description="Lamp", amount=15_000)
    out = checkout.pay_with_card(sale.id, number=a)
    assert not out.ok and out.declined is not None
    assert out.declined.key == "gift_amount_exceeded" and out.approved == 0
    assert out.sale.remaining_due == 15_000 and out.sale.tenders == ()
    assert balance(cards, a) == 4_000 and entries(store, sale.id) == []
    # The same card with the cashier's explicit consent to partial approval:
    again = checkout.pay_with_card(sale.id, number=a, partial=True)
    assert again.ok and again.approved == 4_000


def test_three_cards_and_an_external_payment(checkout, cards, card, store) -> None:
    numbers = [card(2_000), card(3_000), card(50_000)]
    sale = checkout.open_sale()
    checkout.add_item(sale.id, description="Chair", amount=9_000)
    checkout.add_item(sale.id, description="Table", amount=11_000)
    checkout.pay_with_card(sale.id, number=numbers[0])
    checkout.pay_with_card(sale.id, number=numbers[1])
    third = checkout.pay_with_card(sale.id, number=numbers[2], amount=10_000)
    assert third.approved == 10_000 and not third.partial
    assert third.sale.remaining_due == 5_000
    with pytest.raises(ValidationError) as exc:
        checkout.pay_external(sale.id, amount=6_000, reference="AUTH1")
    assert exc.value.key == "amount_exceeds_due"
    view = checkout.pay_external(sale.id, amount=5_000, reference="AUTH 042")
    assert view.remaining_due == 0 and view.change == 0
    done = checkout.complete(sale.id)
    kinds = [(t.kind, t.amount, t.status) for t in done.tenders]
    assert kinds == [(TenderKind.GIFT_CARD, 2_000, "CAPTURED"),
                     (TenderKind.GIFT_CARD, 3_000, "CAPTURED"),
                     (TenderKind.GIFT_CARD, 10_000, "CAPTURED"),
                     (TenderKind.EXTERNAL, 5_000, "RECORDED")]
    assert [balance(cards, n) for n in numbers] == [0, 0, 40_000]
    assert_journal_consistent(store)


def test_cancelled_sale_leaves_every_balance_as_it_was(checkout, cards, card, store) -> None:
    numbers = [card(2_000), card(3_000), card(7_000)]
    before = [balance(cards, n) for n in numbers]
    sale = checkout.add_item(checkout.open_sale().id, description="Sofa", amount=20_000)
    for n in numbers:
        checkout.pay_with_card(sale.id, number=n)
    checkout.pay_cash(sale.id, amount=1_000)
    assert [balance(cards, n) for n in numbers] == [0, 0, 0]  # all held
    gone = checkout.cancel(sale.id, reason="customer left")
    assert gone.status == SaleStatus.CANCELLED and gone.reason == "customer left"
    assert {t.status for t in gone.tenders} == {"RELEASED"}
    assert [balance(cards, n) for n in numbers] == before
    with store.read() as s:
        assert {h.state for h in s.scalars(select(Hold))} == {HoldState.RELEASED}
    assert checkout.cancel(sale.id) == gone  # cancelling again changes nothing
    with pytest.raises(ValidationError):
        checkout.pay_cash(sale.id, amount=100)
    assert_journal_consistent(store)


def test_selling_a_card_for_cash_activates_it_only_on_completion(checkout, cards, card,
                                                                 store) -> None:
    new = card(0, inactive=True)
    sale = checkout.add_card_sale(checkout.open_sale().id, number=new, amount=5_000)
    assert sale.lines[0].kind == LineKind.CARD_SALE and sale.lines[0].card.endswith(new[-4:])
    # Gift cards may not buy gift cards (the default rule): a decline, not an error.
    other = card(10_000)
    out = checkout.pay_with_card(sale.id, number=other)
    assert out.declined is not None and out.declined.key == "gift_card_for_gift_card"
    assert balance(cards, other) == 10_000
    checkout.pay_cash(sale.id, amount=5_000)
    assert cards.balance(number=new).status == CardStatus.INACTIVE
    done = checkout.complete(sale.id)
    assert done.status == SaleStatus.COMPLETED
    view = cards.balance(number=new)
    assert (view.status, view.balance) == (CardStatus.ACTIVE, 5_000)
    assert_journal_consistent(store)


def test_a_card_is_asked_under_the_sales_lock(store, cards, card, clock) -> None:
    """While one card is being asked, no other step of the same sale can read
    the amount due (two taps of "pay" cannot both hold it)."""
    import threading

    from app.checkout import CheckoutSettings
    from app.gateway import LocalGateway

    seen: list[bool] = []

    class Probe(LocalGateway):
        def hold(self, **kw):  # type: ignore[no-untyped-def]
            def other_thread() -> None:
                lock = svc.sale_locks.lock(kw["ctx"].sale_id)
                got = lock.acquire(blocking=False)
                seen.append(got)
                if got:
                    lock.release()
            t = threading.Thread(target=other_thread)
            t.start()
            t.join()
            return super().hold(**kw)

    svc = CheckoutService(store, Probe(cards), clock=clock, settings=CheckoutSettings(),
                          cards=cards)
    sale = svc.add_item(svc.open_sale().id, description="Cup", amount=1_000)
    assert svc.pay_with_card(sale.id, number=card(5_000)).ok
    assert seen == [False]
    with pytest.raises(ValidationError) as exc:
        svc.pay_with_card(sale.id, number=card(5_000))
    assert exc.value.key == "nothing_due"


def test_finished_sales_leave_no_lock_behind(checkout, card) -> None:
    for _ in range(3):
        sale = checkout.add_item(checkout.open_sale().id, description="x", amount=100)
        checkout.pay_cash(sale.id, amount=100)
        checkout.complete(sale.id)
    gone = checkout.add_item(checkout.open_sale().id, description="y", amount=100)
    checkout.cancel(gone.id)
    assert len(checkout.sale_locks) == 0


def test_a_card_in_another_currency_is_declined_and_released(checkout, cards, store) -> None:
    (eur, _), = cards.issue(amount=5_000, currency="EUR")
    sale = checkout.add_item(checkout.open_sale().id, description="x", amount=1_000)
    out = checkout.pay_with_card(sale.id, number=eur.number)
    assert out.declined is not None and out.declined.key == "currency_mismatch"
    assert out.sale.tenders == () and out.sale.remaining_due == 1_000
    assert balance(cards, eur.number) == 5_000
    assert_journal_consistent(store)
