"""Found by the PostgreSQL fault run (tests/reliability/test_postgres_fault_run.py):
a till dies inside ``complete()`` after the ledger captured a card's hold but
before the till wrote the capture down; it restarts offline and the sale is
cancelled. The cancel releases the hold against the till's own store (still
OPEN there) and queues the release; the ledger, where the hold is CAPTURED,
takes the pushed release as nothing to do; the capture stands: the customer
is charged for a sale that was cancelled, and nothing is flagged (issue 13
item 4: "a till killed inside complete() after the capture, restarting
offline, the sale cancelled"). Fixed by engine in 0d00b2a (a pushed
release of a hold the ledger captured reverses that capture)."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import select

from app.checkout import SaleStatus
from app.store.schema import Card
from app.sync import replica
from tests.integration.ledger.support import running_ledger
from tests.reliability.lost_answers import Died, card_and_till, die
from tests.reliability.workload import BIG, open_till


def test_a_cancelled_sale_charges_nothing_after_a_lost_capture_and_an_offline_restart(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    with running_ledger(f"sqlite:///{tmp_path / 'ledger.db'}", limits=BIG) as led:
        spec, number = card_and_till(led, tmp_path)
        till = open_till(spec)
        till.gateway.balance(number=number)
        co = till.checkout
        sale = co.add_item(co.open_sale().id, description="Lamp", amount=1_000)
        co.pay_with_card(sale.id, number=number, amount=300)
        co.pay_cash(sale.id, amount=700)

        with monkeypatch.context() as m:
            m.setattr(replica, "record_answer", die)  # the capture's answer is never written
            with pytest.raises(Died):
                co.complete(sale.id)
        till.close()

        till = open_till(spec)  # the restart, with the ledger out of reach
        assert till.monitor is not None and till.engine is not None
        try:
            till.monitor.report_failure("test: offline")
            assert till.checkout.cancel(sale.id).status == SaleStatus.CANCELLED
            till.monitor.report_success()  # back: the till syncs
            till.engine.sync_once()
            till.engine.sync_once()
            with till.store.read() as s:
                local = s.scalars(select(Card.balance)).one()
        finally:
            till.close()
        with led.store.read() as s:
            remote = s.scalars(select(Card.balance)).one()
    assert remote == 10_000, "the cancelled sale's capture stands on the ledger"
    assert local == remote
