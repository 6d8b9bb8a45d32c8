"""Migration 0004_staff builds what app/staff/schema.py describes."""

from __future__ import annotations

import contextlib
import importlib
from pathlib import Path

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import inspect

import app.staff.schema  # noqa: F401  (registers the tables)
from app.store.database import open_store
from app.store.schema import Base


def test_migrated_schema_matches_the_models(tmp_path: Path) -> None:
    for mod in ("app.checkout.schema", "app.ledger.schema"):
        with contextlib.suppress(ModuleNotFoundError):
            importlib.import_module(mod)
    store = open_store(f"sqlite:///{tmp_path / 'fresh.db'}")
    assert {"staff", "staff_audit"} <= set(inspect(store.engine).get_table_names())
    with store.engine.connect() as conn:
        diff = compare_metadata(MigrationContext.configure(conn), Base.metadata)
    store.close()
    # Other parts' tables are theirs to check; ours must match exactly.
    mine = [d for d in diff if _table_of(d) in ("staff", "staff_audit")]
    assert mine == [], mine


def _table_of(item: object) -> str | None:
    if isinstance(item, list) and item:  # column changes come as a list of tuples
        item = item[0]
    for part in item if isinstance(item, tuple) else ():
        name = getattr(part, "name", None)
        table = getattr(part, "table", None)
        if table is not None:
            return str(table.name)
        if isinstance(name, str) and hasattr(part, "columns"):
            return name
    if isinstance(item, tuple) and len(item) > 3 and isinstance(item[2], str):
        return item[2]  # column-level diffs: (op, schema, table, column, ...)
    return None
