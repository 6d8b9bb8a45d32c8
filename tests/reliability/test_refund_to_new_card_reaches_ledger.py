"""Seen in the PostgreSQL fault run with refunds to a new card turned on
(GIFTPOS_FAULT_NEW_CARD=1): a till with a ledger refunds a sale to a new card
(store credit); the card and its credit exist only in the till's store, even
after a sync, so the ledger answers ``card_not_found`` for a card the
customer was handed (issue 13 item 3). Fixed in e37d14f (the till's
CardGateway.issue makes every card on the ledger)."""

from __future__ import annotations

from pathlib import Path

import httpx
from sqlalchemy import select

from app.ledger.auth import admin_token
from app.store.database import open_store
from app.store.schema import Card
from tests.integration.ledger.support import running_ledger
from tests.reliability.workload import BIG, Spec, open_till


def test_a_refund_to_a_new_card_puts_the_card_on_the_ledger(tmp_path: Path) -> None:
    with running_ledger(f"sqlite:///{tmp_path / 'ledger.db'}", limits=BIG) as led:
        admin = admin_token(led.store)
        r = httpx.post(f"{led.url}/v1/cards", json={"count": 1, "amount": 10_000},
                       headers={"Authorization": f"Bearer {admin}"}, timeout=30)
        number = r.json()["cards"][0]["number"]
        url = f"sqlite:///{tmp_path / 'till.db'}"
        open_store(url).close()
        till = open_till(Spec(db_url=url, numbers=[number], seed=0, ledger_url=led.url,
                              token=led.tokens["t1"]))
        try:
            co = till.checkout
            sale = co.add_item(co.open_sale().id, description="Lamp", amount=1_000)
            co.pay_with_card(sale.id, number=number, amount=1_000)
            co.complete(sale.id)
            res = co.refund(sale.id, to_new_card=True)
            assert res.new_card and res.total == 1_000
            assert till.engine is not None
            till.engine.sync_once()
        finally:
            till.close()
        with led.store.read() as s:
            on_ledger = s.scalars(select(Card.balance).where(
                Card.number == res.new_card)).first()
    assert on_ledger == 1_000, "the new card is not on the ledger"
