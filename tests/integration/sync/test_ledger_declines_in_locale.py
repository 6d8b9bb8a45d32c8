"""Issue 13 item 11: a decline decided by the ledger reaches the till with its
key and params, so a de_DE till words it in its own locale (against a real
uvicorn ledger on loopback)."""

from __future__ import annotations

import uuid
from collections.abc import Callable

import pytest

from app.errors import Decline
from tests.integration.ledger.support import LedgerEnv
from tests.integration.sync.conftest import Terminal
from ui.wording import explain


def test_a_ledger_decline_is_worded_by_the_till(
        ledger: LedgerEnv, make_terminal: Callable[..., Terminal]) -> None:
    with ledger.client("admin") as c:
        r = c.post("/v1/cards", json={"amount": 1250, "currency": "EUR"})
        assert r.status_code == 200, r.text
        number = r.json()["cards"][0]["number"]
    t = make_terminal("t1")
    with pytest.raises(Decline) as err:
        t.gateway.redeem(number=number, amount=5000, partial=False,
                         entry_id=str(uuid.uuid4()), ctx=t.ctx())
    exc = err.value
    assert exc.key == "gift_amount_exceeded" and t.monitor.online
    assert exc.params == {"currency": "EUR", "have": 1250, "asked": 5000, "why": "partial"}
    german = explain(exc, "de_DE").text
    assert "12,50\xa0€" in german and "50,00\xa0€" in german, german
    assert "€12.50" in exc.message  # the ledger's own (en_US) wording is kept for logs
