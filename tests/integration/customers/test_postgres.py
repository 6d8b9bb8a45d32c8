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


@pytest.mark.postgres
def test_two_tills_saving_one_card_at_once_leave_one_owner() -> None:
    """The one-owner index decides a race the service's own check cannot see."""
    import threading

    from app.errors import GiftposError

    with scratch_database(postgres_url()) as url:
        stores = [open_store(url), open_store(url, migrate_schema=False)]
        try:
            services = [CustomerService(CardService(st)) for st in stores]
            people = [svc.create(name=f"P{i}", phone=f"555000000{i}")
                      for i, svc in enumerate(services)]
            for _ in range(5):
                (card, _), = services[0].cards.issue(amount=100)
                barrier = threading.Barrier(2)
                outcomes: list[str] = []

                def save(i: int, number: str = card.number, barrier: threading.Barrier = barrier,
                         outcomes: list[str] = outcomes) -> None:
                    barrier.wait()
                    try:
                        services[i].save_card(customer_id=people[i].id, number=number)
                        outcomes.append("saved")
                    except GiftposError as exc:
                        outcomes.append(exc.key)

                threads = [threading.Thread(target=save, args=(i,)) for i in (0, 1)]
                for t in threads:
                    t.start()
                for t in threads:
                    t.join(30)
                assert outcomes.count("saved") == 1, outcomes
                assert set(outcomes) <= {"saved", "card_saved_elsewhere", "saved_card_conflict"}
                owners = [p.id for p in people
                          for c in services[0].cards_of(p.id) if c.card == card.masked]
                assert len(owners) == 1
        finally:
            for st in stores:
                st.close()
