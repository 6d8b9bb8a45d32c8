"""A till dies after the ledger made a hold but before the till recorded the
answer; recovery cancels the sale (the hold is released on the ledger); the
next sync pulls the hold itself. The till must then hold nothing open that
the ledger has released, and agree with the ledger on the balance."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import select

from app.checkout import SaleStatus
from app.ops.queries import mismatched_balances
from app.store.schema import Card, Hold
from app.sync import replica
from tests.integration.ledger.support import running_ledger
from tests.reliability.lost_answers import Died, card_and_till, die
from tests.reliability.workload import BIG, open_till


def test_a_hold_pulled_after_its_release_stays_released(tmp_path: Path,
                                                         monkeypatch: pytest.MonkeyPatch) -> None:
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

        till = open_till(spec)  # the restart
        try:
            assert till.checkout.cancel(sale.id).status == SaleStatus.CANCELLED
            assert till.engine is not None
            till.engine.sync_once()
            with till.store.read() as s:
                states = [h.state for h in s.scalars(select(Hold))]
                local = s.scalars(select(Card.balance)).one()
                assert mismatched_balances(s) == []
        finally:
            till.close()
        with led.store.read() as s:
            remote = s.scalars(select(Card.balance)).one()
            remote_states = [h.state for h in s.scalars(select(Hold))]
    assert remote_states == ["RELEASED"] and remote == 10_000
    assert states == ["RELEASED"] and local == remote
