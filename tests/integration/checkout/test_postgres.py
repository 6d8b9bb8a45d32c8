"""Checkout's tables and a whole sale on PostgreSQL: the ledger's database is
migrated with every branch head, checkout's included, so they must work there
too. Skipped unless GIFTPOS_TEST_POSTGRES_URL is set."""

from __future__ import annotations

import os
import secrets
from collections.abc import Iterator

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

import app.checkout.schema  # noqa: F401
from app.checkout import CheckoutService, CheckoutSettings, SaleStatus
from app.gateway import LocalGateway
from app.ops.service import CardService
from app.store.database import Store, open_store
from app.store.schema import Base
from tests.integration.checkout.conftest import assert_journal_consistent

pytestmark = pytest.mark.postgres


@pytest.fixture
def pg_store() -> Iterator[Store]:
    url = os.environ.get("GIFTPOS_TEST_POSTGRES_URL")
    if not url:
        if os.environ.get("GIFTPOS_REQUIRE_POSTGRES") == "1":
            pytest.fail("GIFTPOS_TEST_POSTGRES_URL is not set")
        pytest.skip("needs GIFTPOS_TEST_POSTGRES_URL")
    name = f"giftpos_checkout_{secrets.token_hex(4)}"
    admin = create_engine(url, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    store = open_store(make_url(url).set(database=name).render_as_string(hide_password=False))
    try:
        yield store
    finally:
        store.close()
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}"'))
        admin.dispose()


def test_sale_refund_and_z_report_on_postgres(pg_store: Store) -> None:
    with pg_store.engine.connect() as conn:
        diff = compare_metadata(MigrationContext.configure(conn), Base.metadata)
    ours = ("sales", "sale_lines", "tenders", "sale_refunds", "day_closes")
    assert [d for d in diff if any(f"'{t}'" in repr(d) for t in ours)] == []

    cards = CardService(pg_store)
    a, b = (v.number for v, _ in cards.issue(count=2, amount=5_000))
    svc = CheckoutService(pg_store, LocalGateway(cards), settings=CheckoutSettings(),
                          cards=cards)
    sale = svc.add_item(svc.open_sale().id, description="Vase", amount=8_000)
    assert svc.pay_with_card(sale.id, number=a).approved == 5_000
    assert svc.pay_with_card(sale.id, number=b).approved == 3_000
    assert svc.complete(sale.id).status == SaleStatus.COMPLETED
    other = svc.add_item(svc.open_sale().id, description="Jug", amount=1_000)
    svc.pay_with_card(other.id, number=b)
    svc.cancel(other.id)
    refund = svc.refund(sale.id)
    assert [r.amount for r in refund.refunds] == [5_000, 3_000]
    rep = svc.day_report()
    assert (rep.sales_count, rep.redemptions_amount, rep.refunds_to_cards, rep.cancelled) == (
        1, 8_000, 8_000, 1)
    assert rep.matches_journal
    assert svc.close_day().closed
    assert_journal_consistent(pg_store)
