"""The shop's tests run on a SQLite file and, where PostgreSQL is configured
(GIFTPOS_TEST_POSTGRES_URL), again on a scratch PostgreSQL database that is
dropped afterwards."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.integration.ledger.support import migrated_scratch


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def any_db(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'shop.db'}"
        return
    from tests.integration.ledger.support import postgres_url

    with migrated_scratch(postgres_url(), prefix="giftpos_shop") as url:
        yield url
