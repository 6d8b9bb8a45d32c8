"""Every part's tables on one metadata, for the tests that compare the
migrated schema with the models: each ``app.<part>.schema`` module is found
and imported, so a new part's tables are never left out of the comparison
because no other test happened to import them first. And a database brought
to a given Alembic revision, for the tests of a migration on data written
before it."""

from __future__ import annotations

import importlib
import pkgutil

from alembic import command
from alembic.config import Config
from sqlalchemy import create_engine

import app
from app.store.database import MIGRATIONS
from app.store.schema import Base


def every_table() -> object:
    for found in pkgutil.walk_packages(app.__path__, "app."):
        if found.name.endswith(".schema") and ".migrations" not in found.name:
            importlib.import_module(found.name)
    return Base.metadata


def upgrade_to(url: str, target: str) -> None:
    """Migrate the database at ``url`` up to the revision ``target`` (or
    "heads"), in one transaction, without the store's head stamp."""
    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    engine = create_engine(url)
    with engine.begin() as conn:
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, target)
    engine.dispose()
