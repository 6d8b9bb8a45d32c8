"""Scheduled e-gifts go out by themselves (issue 17): `giftpos ledger serve`
runs the deliverer every GIFTPOS_EGIFT_S seconds beside its workers. A real
`giftpos ledger serve` child process (its own uvicorn) on a SQLite file and a
real SMTP server (aiosmtpd) on loopback: a message scheduled a few seconds
ahead arrives without anyone calling deliver."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from app.egift.deliverer import egift_interval
from app.egift.service import EgiftService
from app.errors import ValidationError
from app.ops.service import CardService
from app.store.database import open_store
from tests.integration.shop.smtp_server import SmtpServer
from tests.reliability.ledger_proc import LedgerProcess


def test_ledger_serve_sends_a_scheduled_egift_when_it_falls_due(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'ledger.db'}"
    store = open_store(url)
    try:
        egifts = EgiftService(CardService(store))
        number = egifts.cards.issue(amount=2500)[0][0].number
        at = datetime.now(UTC) + timedelta(seconds=3)
        queued = egifts.send(number=number, to="ana@example.org", at=at,
                             message_text="Happy birthday")
        assert queued.state == "SCHEDULED"
        with SmtpServer() as smtp, LedgerProcess(url, env={"GIFTPOS_EGIFT_S": "0.2",
                                                           "GIFTPOS_SMTP_URL": smtp.url}):
            with smtp.inbox.arrived:
                assert smtp.inbox.arrived.wait_for(lambda: smtp.inbox.messages, timeout=60)
            arrived = datetime.now(UTC)
            msg = smtp.inbox.messages[0]
            assert msg["To"] == "ana@example.org" and number[-4:] in msg["Subject"]
            assert arrived >= at  # not before its time
        sent = egifts.get(queued.id)
        assert sent.state == "SENT" and sent.attempts == 1
        assert len(smtp.inbox.messages) == 1  # once
    finally:
        store.close()


def test_interval_setting(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("GIFTPOS_EGIFT_S", raising=False)
    assert egift_interval() == 60.0
    monkeypatch.setenv("GIFTPOS_EGIFT_S", "5")
    assert egift_interval() == 5.0
    monkeypatch.setenv("GIFTPOS_EGIFT_S", "soon")
    with pytest.raises(ValidationError, match="GIFTPOS_EGIFT_S"):
        egift_interval()
