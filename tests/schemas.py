"""Every part's tables on one metadata, for the tests that compare the
migrated schema with the models: each ``app.<part>.schema`` module is found
and imported, so a new part's tables are never left out of the comparison
because no other test happened to import them first."""

from __future__ import annotations

import importlib
import pkgutil

import app
from app.store.schema import Base


def every_table() -> object:
    for found in pkgutil.walk_packages(app.__path__, "app."):
        if found.name.endswith(".schema") and ".migrations" not in found.name:
            importlib.import_module(found.name)
    return Base.metadata
