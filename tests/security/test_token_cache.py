"""Tokens known per service process (issue 18, app/ledger/tokencache.py): a
revoked token moves no money on any process from the moment the revoke
commits, and every process forgets it on the revoke's notification.

A real `giftpos ledger serve` with two processes on a scratch PostgreSQL
database; each process is reached on a keep-alive connection of its own
(told apart by the pid /v1/health answers)."""

from __future__ import annotations

import http.client
import json
import time
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass

import pytest
from sqlalchemy import text

from app.domain import OpContext
from app.ledger.auth import enroll, revoke
from app.ops.service import CardService
from app.store.database import Store, open_store
from tests.integration.ledger.support import migrated_scratch, postgres_url
from tests.reliability.ledger_proc import LedgerProcess

pytestmark = pytest.mark.postgres

WORKERS = 2


@dataclass
class Served:
    store: Store
    number: str
    tokens: dict[str, str]
    conns: dict[int, http.client.HTTPConnection]  # one per service process


def _call(conn: http.client.HTTPConnection, method: str, path: str,
          body: dict[str, object] | None = None, token: str | None = None) -> tuple[int, dict]:
    headers = {"Content-Type": "application/json"}
    if token is not None:
        headers["Authorization"] = f"Bearer {token}"
    conn.request(method, path, body=json.dumps(body).encode() if body else None,
                 headers=headers)
    r = conn.getresponse()
    return r.status, json.loads(r.read() or b"{}")


def _until(what: Callable[[], bool], timeout_s: float = 60.0) -> None:
    """Poll a condition over real requests (each one a round trip), up to a
    deadline: a loaded box starts the second process late."""
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        if what():
            return
    raise AssertionError("condition not reached")


@pytest.fixture(scope="module")
def served() -> Iterator[Served]:
    """One two-process ledger for the module (its start is most of a test's
    time): each test works with tokens of its own (t1 and t2; t3)."""
    with migrated_scratch(postgres_url(), prefix="giftpos_tokens") as url:
        store = open_store(url)
        svc = CardService(store, context=OpContext(terminal="setup", store="hq"))
        number = svc.issue(count=1, amount=100_000)[0][0].number
        tokens = {n: enroll(store, store_id="s1", name=n) for n in ("t1", "t2", "t3")}
        with LedgerProcess(url, workers=WORKERS) as ledger:
            conns: dict[int, http.client.HTTPConnection] = {}

            def one_more() -> bool:
                c = http.client.HTTPConnection("127.0.0.1", ledger.port, timeout=30)
                pid = _call(c, "GET", "/v1/health")[1]["pid"]
                if conns.setdefault(pid, c) is not c:
                    c.close()  # a process already reached
                return len(conns) == WORKERS

            try:
                _until(one_more)
                # Every process listens for token changes before the test runs.
                with store.engine.connect() as db:
                    _until(lambda: db.execute(text(
                        "SELECT count(*) FROM pg_stat_activity WHERE datname = "
                        "current_database() AND query = 'LISTEN giftpos_tokens'")
                    ).scalar() == WORKERS)
                yield Served(store, number, tokens, conns)
            finally:
                for c in conns.values():
                    c.close()
        store.close()


def _balance(s: Served, conn: http.client.HTTPConnection, who: str) -> int:
    return _call(conn, "POST", "/v1/balance", {"number": s.number}, s.tokens[who])[0]


def _refused(s: Served, conn: http.client.HTTPConnection, who: str) -> Callable[[], bool]:
    return lambda: _balance(s, conn, who) == 401


def _redeem(s: Served, conn: http.client.HTTPConnection, who: str) -> tuple[int, dict]:
    return _call(conn, "POST", "/v1/cards/redemptions",
                 {"number": s.number, "amount": 1, "capture": True, "id": str(uuid.uuid4())},
                 s.tokens[who])


def test_a_revoked_token_is_refused_at_once_by_every_process(served: Served) -> None:
    s = served
    for conn in s.conns.values():  # each process has seen both tokens
        assert _balance(s, conn, "t1") == 200 and _redeem(s, conn, "t1")[0] == 200
        assert _balance(s, conn, "t2") == 200

    assert revoke(s.store, name="t1")
    for conn in s.conns.values():
        # A mutation checks the token in its own transaction: refused with no
        # window, whatever the process knew a moment ago.
        status, body = _redeem(s, conn, "t1")
        assert (status, body["key"]) == (401, "token_invalid")
    for conn in s.conns.values():
        # Reads: forgotten on the revoke's notification.
        _until(_refused(s, conn, "t1"))
        assert _balance(s, conn, "t2") == 200 and _redeem(s, conn, "t2")[0] == 200


def test_processes_answer_known_tokens_from_memory_and_forget_them_on_notify(
        served: Served) -> None:
    """A token revoked by hand in SQL without a NOTIFY shows the cache is in
    use (reads still pass: no query per request) and that money never relies
    on it; the NOTIFY then makes every process forget."""
    s = served
    for conn in s.conns.values():
        assert _balance(s, conn, "t3") == 200
    with s.store.engine.begin() as db:
        db.execute(text("UPDATE ledger_principals SET revoked_at = now() WHERE name = 't3'"))
    for conn in s.conns.values():
        assert _balance(s, conn, "t3") == 200  # known to this process: no query
        status, body = _redeem(s, conn, "t3")
        assert (status, body["key"]) == (401, "token_invalid")
    with s.store.engine.begin() as db:
        db.execute(text("NOTIFY giftpos_tokens"))
    for conn in s.conns.values():
        _until(_refused(s, conn, "t3"))
