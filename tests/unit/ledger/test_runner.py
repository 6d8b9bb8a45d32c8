"""How many service processes `giftpos ledger serve` starts when not told."""

import os

from app.ledger.runner import default_workers


def test_two_per_core_on_postgresql_one_on_sqlite() -> None:
    cores = os.cpu_count() or 1
    assert default_workers("postgresql+psycopg://u@db.example:5432/giftpos") == 2 * cores
    assert default_workers("sqlite:///ledger.db") == 1
