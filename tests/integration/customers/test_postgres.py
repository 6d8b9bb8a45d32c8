"""The customers' migration and its partial unique indexes on PostgreSQL
(one owner per card, one preferred card per customer)."""

from __future__ import annotations

import uuid

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import inspect

import app.customers.schema
import app.designs.schema
from app.customers.service import CustomerService
from app.errors import Decline
from app.ledger.scratch import scratch_database
from app.ops.service import CardService
from app.store.database import open_store
from app.store.schema import Base
from tests.integration.ledger.support import postgres_url

MINE = {"customers", "saved_cards", "customer_gifts", "customer_ops", "card_programs",
        "card_templates"}


@pytest.mark.postgres
def test_migration_matches_models_and_indexes_hold_on_postgres() -> None:
    assert app.customers.schema and app.designs.schema  # imported for Base.metadata
    with scratch_database(postgres_url()) as url:
        store = open_store(url)
        try:
            assert set(inspect(store.engine).get_table_names()) >= MINE
            with store.engine.connect() as conn:
                diff = compare_metadata(MigrationContext.configure(conn), Base.metadata)
            mine = [d for d in diff if any(t in repr(d) for t in MINE)]
            assert mine == [], mine
            indexes = {ix["name"] for ix in inspect(store.engine).get_indexes("saved_cards")}
            assert {"uq_saved_cards_one_owner", "uq_saved_cards_one_preferred"} <= indexes
            cards = CardService(store)
            svc = CustomerService(cards)
            ann = svc.create(name="Ann", phone="5550102030")
            bob = svc.create(name="Bob", phone="5557778888")
            (card, _), = cards.issue(amount=1000)
            (card2, _), = cards.issue(amount=2000)
            first = svc.save_card(customer_id=ann.id, number=card.number)
            second = svc.save_card(customer_id=ann.id, number=card2.number, preferred=True)
            assert [c.id for c in svc.cards_of(ann.id) if c.preferred] == [second.id]
            with pytest.raises(Decline):
                svc.save_card(customer_id=bob.id, number=card.number)
            gift = svc.gift_existing(sender_id=ann.id, saved_id=first.id, recipient_id=bob.id,
                                     op_id=str(uuid.uuid4()))
            assert gift.status == "DONE"
            assert [c.balance for c in svc.cards_of(bob.id)] == [1000]
        finally:
            store.close()
