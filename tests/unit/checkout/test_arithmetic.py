"""What is due, what gift cards may pay, and what stays in the drawer: pure
arithmetic over a sale's rows."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from app.checkout import records
from app.checkout.models import CAPTURED, HELD, RECORDED, RELEASED, LineKind, TenderKind
from app.checkout.schema import SaleLineRow, TenderRow


def line(amount: int, kind: LineKind = LineKind.ITEM, removed: bool = False) -> SaleLineRow:
    return SaleLineRow(amount=amount, kind=str(kind), removed=removed, refunded=0)


def tender(amount: int, kind: TenderKind = TenderKind.GIFT_CARD, status: str = HELD,
           removed: bool = False) -> TenderRow:
    return TenderRow(amount=amount, kind=str(kind), status=status, removed=removed)


def test_due_ignores_removed_lines_and_tenders_that_no_longer_pay() -> None:
    lines = [line(1_000), line(500, removed=True)]
    tenders = [tender(300), tender(200, status=RELEASED), tender(100, removed=True)]
    assert records.total_of(lines) == 1_000
    assert records.paid_of(tenders) == 300
    assert records.due_of(lines, tenders) == 700


def test_gift_cards_may_not_buy_gift_cards_by_default() -> None:
    lines = [line(2_000), line(5_000, LineKind.CARD_SALE), line(1_000, LineKind.CARD_RELOAD)]
    assert records.gift_card_room(lines, [], cards_pay_for_cards=False) == 2_000
    assert records.gift_card_room(lines, [], cards_pay_for_cards=True) == 8_000
    paid = [tender(1_500, status=CAPTURED)]
    assert records.gift_card_room(lines, paid, cards_pay_for_cards=False) == 500
    only_cards = [line(5_000, LineKind.CARD_SALE)]
    assert records.gift_card_room(only_cards, [], cards_pay_for_cards=False) == 0


def test_cash_in_the_drawer_is_net_of_change() -> None:
    lines = [line(1_250)]
    tenders = [tender(1_000), tender(2_000, TenderKind.CASH, RECORDED)]
    assert records.cash_net(lines, tenders) == 250


amounts = st.integers(min_value=1, max_value=10**7)


@given(st.lists(amounts, min_size=1, max_size=6), st.lists(amounts, max_size=6),
       st.lists(st.sampled_from(list(LineKind)), min_size=6, max_size=6))
def test_due_is_never_negative_and_card_room_never_exceeds_it(
        items: list[int], paid: list[int], kinds: list[LineKind]) -> None:
    lines = [line(a, kinds[i]) for i, a in enumerate(items)]
    tenders = [tender(p) for p in paid]
    due = records.due_of(lines, tenders)
    assert due >= 0 and due == max(sum(items) - sum(paid), 0)
    for allow in (True, False):
        room = records.gift_card_room(lines, tenders, cards_pay_for_cards=allow)
        assert 0 <= room <= due
