"""Migration 0006_shop creates exactly the tables app/shop/schema.py maps."""

from __future__ import annotations

import contextlib
import importlib
from pathlib import Path

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import inspect

import app.shop.schema  # noqa: F401  (registers the tables)
from app.store.database import open_store
from app.store.schema import Base
from tests.integration.staff.test_staff_migration import _table_of

MINE = {"shop_settings", "shop_card_sales", "shop_cashouts", "shop_code_attempts",
        "egift_outbox", "shop_card_codes", "shop_promo_links"}


def test_migrated_schema_matches_the_models(tmp_path: Path) -> None:
    for mod in ("app.checkout.schema", "app.ledger.schema", "app.staff.schema",
                "app.customers.schema", "app.designs.schema"):
        with contextlib.suppress(ModuleNotFoundError):
            importlib.import_module(mod)
    store = open_store(f"sqlite:///{tmp_path / 'fresh.db'}")
    assert set(inspect(store.engine).get_table_names()) >= MINE
    with store.engine.connect() as conn:
        diff = compare_metadata(MigrationContext.configure(conn), Base.metadata)
    store.close()
    mine = [d for d in diff if _table_of(d) in MINE]
    assert mine == [], mine
