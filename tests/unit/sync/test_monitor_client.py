"""The connectivity monitor's state, backoff and callbacks; the client's
mapping of ledger errors and transport failures."""

from __future__ import annotations

import threading

import httpx
import pytest

from app.errors import AuthError, CardNotFound, Conflict, Decline, RateLimited, ValidationError
from app.sync.client import LedgerClient, LedgerUnavailable
from app.sync.monitor import ConnectivityMonitor


def test_monitor_flips_and_tells_listeners_once_per_change() -> None:
    up = threading.Event()

    def check() -> None:
        if not up.is_set():
            raise OSError("refused")

    m = ConnectivityMonitor(check, online=True, first_backoff_s=0.01, max_backoff_s=0.04)
    seen: list[bool] = []
    m.subscribe(seen.append)
    m.report_failure("timeout")
    m.report_failure("timeout again")
    assert not m.online and m.last_error == "timeout again" and seen == [False]
    assert not m.check_now()
    up.set()
    assert m.check_now() and m.online and seen == [False, True]


def test_monitor_thread_backs_off_then_finds_the_ledger() -> None:
    calls: list[int] = []
    ready = threading.Event()

    def check() -> None:
        calls.append(1)
        if len(calls) < 4:
            raise OSError("down")
        ready.set()

    m = ConnectivityMonitor(check, interval_s=60, first_backoff_s=0.01, max_backoff_s=0.02)
    m.start()
    try:
        assert m.wait_for(True, timeout=10)
        assert ready.is_set() and len(calls) >= 4
        assert m.retry_in_s == m.first_backoff_s  # reset once online
    finally:
        m.stop()


def test_a_listener_that_raises_does_not_break_the_monitor() -> None:
    m = ConnectivityMonitor(lambda: None)

    def bad(_online: bool) -> None:
        raise RuntimeError("ui bug")

    got: list[bool] = []
    m.subscribe(bad)
    m.subscribe(got.append)
    m.report_success()
    assert got == [True]


def _client(status: int, body: object) -> LedgerClient:
    def handler(_req: httpx.Request) -> httpx.Response:
        return httpx.Response(status, json=body)

    return LedgerClient("http://ledger", "tok", transport=httpx.MockTransport(handler))


@pytest.mark.parametrize(("status", "key", "cls"), [
    (400, "gift_amount_exceeded", Decline), (400, "invalid_amount", ValidationError),
    (404, "card_not_found", CardNotFound), (409, "idempotency_conflict", Conflict),
    (401, "token_invalid", AuthError), (429, "rate_limited", RateLimited)])
def test_ledger_errors_keep_their_keys(status: int, key: str, cls: type) -> None:
    c = _client(status, {"code": status, "key": key, "message": "m", "details": "•••• 1234"})
    with pytest.raises(cls) as err:
        c.balance(number="1")
    assert err.value.key == key and err.value.code == status


def test_transport_failures_say_whether_the_request_is_in_doubt() -> None:
    def refuse(req: httpx.Request) -> httpx.Response:
        raise httpx.ConnectError("refused", request=req)

    def timeout(req: httpx.Request) -> httpx.Response:
        raise httpx.ReadTimeout("slow", request=req)

    from app.domain import OpContext

    c = LedgerClient("http://ledger", "t", transport=httpx.MockTransport(refuse))
    with pytest.raises(LedgerUnavailable) as e1:
        c.load(number="1", amount=1, entry_id="k", ctx=OpContext())
    assert not e1.value.in_doubt
    c = LedgerClient("http://ledger", "t", transport=httpx.MockTransport(timeout))
    with pytest.raises(LedgerUnavailable) as e2:
        c.load(number="1", amount=1, entry_id="k", ctx=OpContext())
    assert e2.value.in_doubt and e2.value.key == "ledger_unavailable"
    with pytest.raises(LedgerUnavailable) as e3:  # a read is never in doubt
        c.balance(number="1")
    assert not e3.value.in_doubt
    with pytest.raises(LedgerUnavailable) as e4:
        _client(503, {"detail": "x"}).load(number="1", amount=1, entry_id="k",
                                            ctx=OpContext())
    assert e4.value.in_doubt
    with pytest.raises(ValidationError):
        LedgerClient("", "t")
