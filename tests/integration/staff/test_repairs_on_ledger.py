"""A manager's repairs on a till with a ledger go to the ledger: with the
configured manager (admin) token they are made; with only the terminal's token
the ledger refuses them, and the refusal reaches the manager as an error."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest

from app.config import LedgerConfig
from app.domain import OpContext
from app.errors import Forbidden
from app.ops.service import CardService
from app.staff.repairs import CardRepairs, ledger_for_repairs
from app.store.database import open_store
from app.sync.client import LedgerClient
from tests.integration.ledger.support import LedgerEnv, ledger_on
from tests.integration.sync.conftest import issue


@pytest.fixture
def ledger(tmp_path: Path) -> Iterator[LedgerEnv]:
    with ledger_on("sqlite", tmp_path) as env:
        yield env


def _status(env: LedgerEnv, number: str) -> str:
    with env.client("admin") as c:
        return str(c.post("/v1/balance", json={"number": number}).json()["status"])


def test_manager_token_repairs_on_the_ledger(ledger: LedgerEnv, tmp_path: Path) -> None:
    number = issue(ledger, 5000)
    cards = CardService(open_store(f"sqlite:///{tmp_path / 'till.db'}"))
    terminal = LedgerClient(ledger.url, ledger.tokens["t1"])
    ctx = OpContext(terminal="t1", cashier="morgan")

    refused = CardRepairs(cards, ledger=ledger_for_repairs(
        LedgerConfig(url=ledger.url, token=ledger.tokens["t1"]), terminal))
    with pytest.raises(Forbidden):
        refused.change_status(number=number, action="freeze", reason="lost",
                              entry_id=str(uuid.uuid4()), ctx=ctx)
    assert _status(ledger, number) == "ACTIVE"

    cfg = LedgerConfig(url=ledger.url, token=ledger.tokens["t1"], manager_token=ledger.admin)
    client = ledger_for_repairs(cfg, terminal)
    assert client is not terminal
    repairs = CardRepairs(cards, ledger=client)
    r = repairs.change_status(number=number, action="freeze", reason="lost",
                              entry_id=str(uuid.uuid4()), ctx=ctx)
    assert r.card_status == "FROZEN" and _status(ledger, number) == "FROZEN"
    adj = repairs.adjust(number=number, amount=-500, reason="miscount",
                         entry_id=str(uuid.uuid4()), ctx=ctx)
    assert adj.new_balance == 4500
    assert ledger_for_repairs(LedgerConfig(), terminal) is None  # standalone till
    terminal.close()
    cards.store.close()
