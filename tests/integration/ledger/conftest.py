from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.integration.ledger.support import LedgerEnv, ledger_on


@pytest.fixture
def ledger(tmp_path: Path) -> Iterator[LedgerEnv]:
    """A real ledger over a SQLite file, with an admin and terminals t1, t2."""
    with ledger_on("sqlite", tmp_path) as env:
        yield env


@pytest.fixture
def pg_ledger(tmp_path: Path) -> Iterator[LedgerEnv]:
    """The same over a scratch PostgreSQL database, dropped afterwards."""
    with ledger_on("postgresql", tmp_path) as env:
        yield env
