"""Fixtures shared by every part of the suite."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")


def _cap_memory() -> None:
    """A runaway test should fail with MemoryError, not take the machine down
    with the OOM killer (seen once on a machine loaded by other runs; the whole
    suite normally peaks near 0.6 GB). GIFTPOS_TEST_MEMORY_GB overrides."""
    import resource

    gb = float(os.environ.get("GIFTPOS_TEST_MEMORY_GB", "12"))
    limit = int(gb * 1024**3)
    _soft, hard = resource.getrlimit(resource.RLIMIT_AS)
    if hard == resource.RLIM_INFINITY or hard > limit:
        resource.setrlimit(resource.RLIMIT_AS, (limit, hard))


_cap_memory()


@pytest.fixture
def db_url(tmp_path: Path) -> str:
    """A real SQLite file, fresh for each test."""
    return f"sqlite:///{tmp_path / 'store.db'}"


@pytest.fixture
def store(db_url: str) -> Iterator[object]:
    from app.store.database import open_store

    s = open_store(db_url)
    yield s
    s.close()
