"""Cash-out at a till that has a ledger (issue 17): the card's balance is
read on the ledger, this till's store threshold decides, the whole balance is
redeemed on the ledger through the till's gateway, and the cash paid out is
recorded in this till's drawer (shop_cashouts, the Z report's figure). A real
ledger (uvicorn on loopback) over SQLite."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from datetime import UTC, datetime

import pytest

from app.errors import Decline
from app.ops.journal import when
from app.shop import settings as shop_settings
from app.shop.cashout import cashout_at_till, paid_out
from tests.integration.ledger.support import LedgerEnv
from tests.integration.sync.conftest import Terminal, issue, ledger_balance


def test_cashout_through_the_ledger(ledger: LedgerEnv,
                                    make_terminal: Callable[..., Terminal]) -> None:
    till = make_terminal("t1")
    till.cards.run(lambda s: shop_settings.save(
        s, shop_settings.with_value(shop_settings.load(s), "default_store.cashout_threshold",
                                    "1000"), now=datetime.now(UTC)))
    small, big = issue(ledger, 850), issue(ledger, 1200)

    with pytest.raises(Decline) as refused:
        cashout_at_till(till.cards, till.gateway, number=big)
    assert refused.value.key == "cashout_above_threshold"
    assert "this card has $12.00" in refused.value.message
    assert ledger_balance(ledger, big) == 1200  # nothing moved

    eid = str(uuid.uuid4())
    paid = cashout_at_till(till.cards, till.gateway, number=small, entry_id=eid)
    assert paid.amount == 850 and paid.new_balance == 0 and not paid.offline
    assert ledger_balance(ledger, small) == 0  # on the ledger
    again = cashout_at_till(till.cards, till.gateway, number=small, entry_id=eid)
    assert (again.id, again.amount) == (paid.id, 850)  # a retry pays out nothing more
    day = when(till.cards.context, till.cards.clock)[1]
    with till.cards.store.read() as s:
        assert paid_out(s, terminal="t1", business_date=day) == (1, 850)
