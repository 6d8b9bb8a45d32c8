"""The terminal's ledger client never writes a card number or a card key to
the log, whatever the log level: both travel in request URLs (paths and
query strings) and httpx logs every request's URL at INFO."""

from __future__ import annotations

import logging
import uuid

import httpx
import pytest

from app.domain import OpContext
from app.sync.client import LedgerClient, LedgerUnavailable


def test_request_urls_with_numbers_and_keys_stay_out_of_the_log(
        caplog: pytest.LogCaptureFixture) -> None:
    number, key = "6011000990139424", "k3y-73316"

    card = {"number": number, "masked": "•••• 9424", "currency": "USD", "status": "ACTIVE",
            "balance": 100, "seq": 1}

    def answer(request: httpx.Request) -> httpx.Response:
        if request.url.path == "/v1/balance":
            return httpx.Response(200, json=card)
        # An answer the client cannot read: its complaint names no number either.
        return httpx.Response(200, json={"id": "x", "entry": {"number": number}})

    caplog.set_level(logging.DEBUG)
    with LedgerClient("http://ledger.test", "tok", transport=httpx.MockTransport(answer)) as c:
        c.balance(number=number)
        c.balance(key=key)
        with pytest.raises(LedgerUnavailable):
            c.load(number=number, amount=100, entry_id=str(uuid.uuid4()), ctx=OpContext())
    text = "\n".join(r.getMessage() for r in caplog.records)
    logging.getLogger("httpcore").debug("probe")  # the capture itself works at DEBUG
    assert "probe" in caplog.text
    assert number not in text and key not in text
