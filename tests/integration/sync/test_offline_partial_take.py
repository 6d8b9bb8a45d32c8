"""Issue 13 item 9: offline, a card above the per-card offline limit is taken
for what the limit allows (a partial take) instead of being declined, through
the checkout service on a till whose ledger is unreachable."""

from __future__ import annotations

from collections.abc import Callable

from sqlalchemy import select

from app.checkout import CheckoutService, CheckoutSettings
from app.config import OfflineLimits
from app.store.schema import Entry
from tests.integration.ledger.support import LedgerEnv
from tests.integration.sync.conftest import Terminal, issue, ledger_balance


def test_offline_card_is_taken_for_what_the_limit_allows(
        ledger: LedgerEnv, make_terminal: Callable[..., Terminal]) -> None:
    t = make_terminal("t1", offline=OfflineLimits(per_transaction=50_000, per_card=10_000,
                                                  per_terminal=100_000))
    number = issue(ledger, 50_000)
    assert t.gateway.balance(number=number).balance == 50_000  # seen online once
    checkout = CheckoutService(t.cards.store, t.gateway, cards=t.cards,
                               settings=CheckoutSettings(terminal="t1", store="s1"))
    sale = checkout.open_sale()
    checkout.add_item(sale.id, description="Bike", amount=100_000)
    t.go_offline()

    taken = checkout.pay_with_card(sale.id, number=number, partial=True)
    assert taken.declined is None, taken.declined
    assert (taken.approved, taken.partial) == (10_000, True)
    assert taken.sale.remaining_due == 90_000
    assert t.cards.balance(number=number).balance == 40_000
    # Asked again under the same id (a retry): the same answer, nothing more taken.
    assert taken.tender is not None
    again = t.gateway.hold(number=number, amount=100_000, partial=True,
                           entry_id=taken.tender.hold_id, ctx=t.ctx())
    assert (again.amount, again.remaining_due, again.partial) == (10_000, 90_000, True)
    assert t.cards.balance(number=number).balance == 40_000

    # Without partial approval the same card is declined, with what it could give.
    sale2 = checkout.open_sale()
    checkout.add_item(sale2.id, description="Lamp", amount=5_000)
    declined = checkout.pay_with_card(sale2.id, number=number, partial=False)
    assert declined.declined is not None
    assert declined.declined.key == "offline_limit_exceeded"
    assert declined.declined.params["limit"] == 0

    # Back online: the partial take reaches the ledger for what was taken.
    t.monitor.report_success()
    t.engine.sync_once()
    assert ledger_balance(ledger, number) in (40_000, 50_000)  # held or captured
    with t.cards.store.read() as s:
        asked = s.scalars(select(Entry.requested_amount).where(
            Entry.id == taken.tender.hold_id)).one()
    assert asked == 10_000
