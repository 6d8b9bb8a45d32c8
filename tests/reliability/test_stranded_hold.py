"""Found by the PostgreSQL fault run (tests/reliability/test_postgres_fault_run.py):
a till dies after the ledger made a sale's hold but before the till wrote the
answer down; it restarts offline and the sale is cancelled. The tender was
recorded PENDING before the card was asked, so the cancel releases its hold
id, offline, against the till's own store: there is no such hold there, so it
is taken as never asked (``hold_not_found`` -> RELEASED) and nothing is
queued for the ledger. When the till is back, the hold stays OPEN on the
ledger, holding the customer's money, with nothing left to release it (issue
13 item 4: "a hold made on the ledger whose answer the till never recorded,
the till restarting offline"). Fixed by engine in 0d00b2a (a
PENDING tender's hold id is reversed on the ledger, now or at the next sync)."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import select

from app.checkout import SaleStatus
from app.store.schema import Card, Hold
from app.sync import replica
from tests.integration.ledger.support import running_ledger
from tests.reliability.lost_answers import Died, card_and_till, die
from tests.reliability.workload import BIG, open_till


def test_a_hold_whose_answer_was_lost_is_released_after_an_offline_restart(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    with running_ledger(f"sqlite:///{tmp_path / 'ledger.db'}", limits=BIG) as led:
        spec, number = card_and_till(led, tmp_path)
        till = open_till(spec)
        till.gateway.balance(number=number)
        sale = till.checkout.add_item(till.checkout.open_sale().id, description="Lamp",
                                      amount=1_000)

        with monkeypatch.context() as m:
            m.setattr(replica, "record_answer", die)
            with pytest.raises(Died):
                till.checkout.pay_with_card(sale.id, number=number, amount=300)
        till.close()

        till = open_till(spec)  # the restart, with the ledger out of reach
        assert till.monitor is not None and till.engine is not None
        try:
            till.monitor.report_failure("test: offline")
            assert till.checkout.cancel(sale.id).status == SaleStatus.CANCELLED
            till.monitor.report_success()  # back: the till syncs
            till.engine.sync_once()
            till.engine.sync_once()
        finally:
            till.close()
        with led.store.read() as s:
            remote = s.scalars(select(Card.balance)).one()
            remote_states = [h.state for h in s.scalars(select(Hold))]
    assert remote_states != ["OPEN"], "the cancelled sale's hold is still OPEN on the ledger"
    assert remote == 10_000
