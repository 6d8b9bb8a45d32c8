"""Crashes and retries: a sale interrupted anywhere leaves nothing charged
once recovered, and every step can be run again without moving value twice."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import uuid
from datetime import timedelta
from pathlib import Path

import pytest
from sqlalchemy import select

from app.checkout import CheckoutService, SaleStatus
from app.checkout.models import PENDING
from app.checkout.schema import TenderRow
from app.domain import HoldState, OpContext, OpResult
from app.errors import Decline
from app.gateway import LocalGateway
from app.ops.service import CardService
from app.store.schema import Hold
from tests.integration.checkout.conftest import assert_journal_consistent, balance

ROOT = Path(__file__).resolve().parents[3]


@pytest.mark.parametrize("where", ["between_tenders", "inside_hold"])
def test_killed_mid_sale_leaves_nothing_charged_after_recovery(
        where: str, db_url: str, store, cards: CardService, checkout: CheckoutService,
        card) -> None:
    a, b = card(30_000), card(80_000)
    before = {a: balance(cards, a), b: balance(cards, b)}
    child = subprocess.Popen(
        [sys.executable, "-m", "tests.integration.checkout.crash_child", db_url, where, a, b],
        cwd=ROOT, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
        text=True)
    try:
        line = child.stdout.readline() if child.stdout else ""
        assert line.startswith("READY"), child.stderr.read() if child.stderr else line
        os.kill(child.pid, signal.SIGKILL)
    finally:
        child.wait(timeout=30)
    assert child.returncode == -signal.SIGKILL
    sale_id = line.split()[1]
    assert balance(cards, a) == 0  # the first card's hold survived the crash

    found = checkout.open_sales()
    assert [s.id for s in found] == [sale_id]
    if where == "inside_hold":  # the hold was made but its answer never recorded
        with store.read() as s:
            assert [t.status for t in s.scalars(select(TenderRow))] == [PENDING]
        assert found[0].paid == 0  # a pending tender does not count
    else:
        assert found[0].paid == 30_000 and found[0].remaining_due == 60_000

    gone = checkout.cancel(sale_id, reason="recovered after a crash")
    assert gone.status == SaleStatus.CANCELLED
    assert {a: balance(cards, a), b: balance(cards, b)} == before
    with store.read() as s:
        assert {h.state for h in s.scalars(select(Hold))} == {HoldState.RELEASED}
    assert checkout.open_sales() == []
    assert_journal_consistent(store)


class CrashesAfterFirstCapture(LocalGateway):
    """The process dies (as far as checkout can tell) right after the card
    ledger captured the first hold, before checkout recorded it."""

    def __init__(self, cards: CardService) -> None:
        super().__init__(cards)
        self.captures = 0

    def capture(self, *, hold_id: str, amount: int | None, entry_id: str,
                ctx: OpContext) -> OpResult:
        result = super().capture(hold_id=hold_id, amount=amount, entry_id=entry_id, ctx=ctx)
        self.captures += 1
        if self.captures == 1:
            raise KeyboardInterrupt  # not a GiftposError: nothing handles it
        return result


def test_crash_inside_complete_then_cancel_gives_everything_back(store, cards, card, clock,
                                                                 checkout) -> None:
    from app.checkout import CheckoutSettings

    a, b, sold = card(5_000), card(5_000), card(0, inactive=True)
    crashing = CheckoutService(store, CrashesAfterFirstCapture(cards), clock=clock,
                               settings=CheckoutSettings(), cards=cards)
    sale = crashing.add_item(crashing.open_sale().id, description="Rug", amount=8_000)
    crashing.add_card_sale(sale.id, number=sold, amount=2_000)
    crashing.pay_with_card(sale.id, number=a)
    crashing.pay_with_card(sale.id, number=b, amount=3_000)
    crashing.pay_cash(sale.id, amount=2_000)
    with pytest.raises(KeyboardInterrupt):
        crashing.complete(sale.id)
    assert balance(cards, a) == 0 and checkout.get(sale.id).status == SaleStatus.OPEN
    # Restart: the sale is found open; cancelling reverses the capture that
    # checkout never recorded (found by its derived id) and releases the rest.
    gone = checkout.cancel(sale.id)
    assert [t.status for t in gone.tenders] == ["VOIDED", "RELEASED", "RELEASED"]
    assert (balance(cards, a), balance(cards, b)) == (5_000, 5_000)
    assert cards.balance(number=sold).status == "INACTIVE"
    assert_journal_consistent(store)


def test_crash_inside_complete_then_complete_again_finishes_once(store, cards, card, clock,
                                                                  checkout) -> None:
    from app.checkout import CheckoutSettings

    a, b, sold = card(5_000), card(5_000), card(0, inactive=True)
    crashing = CheckoutService(store, CrashesAfterFirstCapture(cards), clock=clock,
                               settings=CheckoutSettings(), cards=cards)
    sale = crashing.add_item(crashing.open_sale().id, description="Rug", amount=8_000)
    crashing.add_card_sale(sale.id, number=sold, amount=2_000)
    crashing.pay_with_card(sale.id, number=a)
    crashing.pay_with_card(sale.id, number=b, amount=3_000)
    crashing.pay_cash(sale.id, amount=2_000)
    with pytest.raises(KeyboardInterrupt):
        crashing.complete(sale.id)
    done = checkout.complete(sale.id)  # resumed: the replayed capture answers the first
    assert done.status == SaleStatus.COMPLETED
    assert (balance(cards, a), balance(cards, b), balance(cards, sold)) == (0, 2_000, 2_000)
    assert_journal_consistent(store)


def test_an_expired_hold_is_not_captured_and_the_sale_stays_open(checkout, cards, card,
                                                                clock) -> None:
    a, b = card(5_000), card(5_000)
    sale = checkout.add_item(checkout.open_sale().id, description="Pen", amount=3_000)
    checkout.pay_with_card(sale.id, number=a)
    clock.now += timedelta(seconds=cards.limits.hold_ttl_s + 1)
    assert cards.release_expired_holds() == 1  # funds free again by themselves
    with pytest.raises(Decline) as exc:
        checkout.complete(sale.id)
    assert exc.value.key == "hold_expired"
    view = checkout.get(sale.id)
    assert view.status == SaleStatus.OPEN and view.remaining_due == 3_000
    assert view.tenders == ()
    checkout.pay_with_card(sale.id, number=b)
    assert checkout.complete(sale.id).status == SaleStatus.COMPLETED
    assert (balance(cards, a), balance(cards, b)) == (5_000, 2_000)


def test_same_entry_id_twice_holds_once(checkout, cards, card, store) -> None:
    a = card(5_000)
    sale = checkout.add_item(checkout.open_sale().id, description="Cup", amount=9_000)
    eid = str(uuid.uuid4())
    first = checkout.pay_with_card(sale.id, number=a, entry_id=eid)
    again = checkout.pay_with_card(sale.id, number=a, entry_id=eid)
    assert first == again and first.tender is not None and first.tender.hold_id == eid
    assert balance(cards, a) == 0 and len(again.sale.tenders) == 1


def test_removing_a_card_tender_releases_its_hold(checkout, cards, card, store) -> None:
    a = card(5_000)
    sale = checkout.add_item(checkout.open_sale().id, description="Cup", amount=2_000)
    out = checkout.pay_with_card(sale.id, number=a)
    assert out.tender is not None and balance(cards, a) == 3_000
    view = checkout.remove_tender(sale.id, out.tender.id)
    assert view.tenders == () and view.remaining_due == 2_000
    assert balance(cards, a) == 5_000
    assert_journal_consistent(store)


class DiesInsideHold(LocalGateway):
    def hold(self, *, number: str, amount: int, partial: bool, entry_id: str,
             ctx: OpContext) -> OpResult:
        super().hold(number=number, amount=amount, partial=partial, entry_id=entry_id, ctx=ctx)
        raise KeyboardInterrupt


def test_resume_releases_an_unanswered_card_and_the_sale_goes_on(store, cards, card, clock,
                                                                  checkout) -> None:
    from app.checkout import CheckoutSettings

    a = card(5_000)
    dying = CheckoutService(store, DiesInsideHold(cards), clock=clock,
                            settings=CheckoutSettings(), cards=cards)
    sale = dying.add_item(dying.open_sale().id, description="Hat", amount=2_000)
    with pytest.raises(KeyboardInterrupt):
        dying.pay_with_card(sale.id, number=a)
    assert balance(cards, a) == 3_000  # held, but checkout never heard the answer
    resumed = checkout.resume(sale.id)
    assert resumed.status == SaleStatus.OPEN and resumed.tenders == ()
    assert balance(cards, a) == 5_000
    checkout.pay_with_card(sale.id, number=a)
    assert checkout.complete(sale.id).status == SaleStatus.COMPLETED
    assert balance(cards, a) == 3_000
    assert_journal_consistent(store)
