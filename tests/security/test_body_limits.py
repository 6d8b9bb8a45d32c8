"""Finding 15.2: nobody without a token can make the ledger read a body, and
no body is read past its cap. The attacker's requests go over raw sockets to
a real uvicorn, as an attacker's would: a 400 MB body announced, bodies
streamed without a length, while /v1/health must keep answering fast."""

from __future__ import annotations

import contextlib
import socket
import threading
import time
import uuid
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import httpx
import pytest
from sqlalchemy import func, select

from app.ledger.gate import BODY_MAX, PUSH_BODY_MAX
from app.store.schema import Entry
from app.sync.client import push_body
from tests.integration.ledger.support import LedgerEnv, running_ledger


@pytest.fixture
def ledger(tmp_path: Path) -> Iterator[LedgerEnv]:
    with running_ledger(f"sqlite:///{tmp_path / 'ledger.db'}") as env:
        yield env


def _entries(env: LedgerEnv) -> int:
    with env.store.read() as s:
        return int(s.scalar(select(func.count()).select_from(Entry)) or 0)


def _flood(env: LedgerEnv, head: str, *, total: int, answers: list[bytes],
           sent: list[int]) -> None:
    """Announce/stream a large body and keep sending until the server answers
    or closes; record the answer and how much it let us send."""
    host, port = env.url.removeprefix("http://").split(":")
    answer = b""
    with socket.create_connection((host, int(port)), timeout=10) as sock:
        sock.sendall(head.encode())
        chunk = b"[" * 65536
        n = 0
        try:
            while n < total and not answer:
                sock.sendall(chunk)
                n += len(chunk)
                sock.setblocking(False)
                try:
                    answer = sock.recv(4096)
                except BlockingIOError:
                    pass
                finally:
                    sock.setblocking(True)
        except OSError:  # the server closed on us: what we want
            pass
        if not answer:
            sock.settimeout(10)
            with contextlib.suppress(OSError):
                answer = sock.recv(4096)
    sent.append(n)
    answers.append(answer)


def test_a_huge_body_without_a_token_is_refused_unread_and_health_stays_fast(
        ledger: LedgerEnv) -> None:
    before = _entries(ledger)
    head = ("POST /v1/sync/push HTTP/1.1\r\nHost: ledger\r\nContent-Type: application/json\r\n"
            "Content-Length: 400000000\r\n\r\n")
    answers: list[bytes] = []
    sent: list[int] = []
    attackers = [threading.Thread(target=_flood, args=(ledger, head),
                                  kwargs={"total": 400_000_000, "answers": answers,
                                          "sent": sent}) for _ in range(4)]
    started = time.monotonic()
    for t in attackers:
        t.start()
    # While they push, a till's health probe answers well inside its timeout.
    slowest = 0.0
    with httpx.Client(base_url=ledger.url, timeout=5) as c:
        for _ in range(20):
            t0 = time.monotonic()
            assert c.get("/v1/health").status_code == 200
            slowest = max(slowest, time.monotonic() - t0)
    for t in attackers:
        t.join(timeout=60)
    took = time.monotonic() - started
    assert len(answers) == 4 and all(a.startswith(b"HTTP/1.1 401") for a in answers), answers
    assert all(b"token_missing" in a for a in answers)
    # Refused from the headers: the server never took the 400 MB (socket
    # buffers hold a few MB at most).
    assert max(sent) < 32 * 1024 * 1024, sent
    assert slowest < 1.0 and took < 30, (slowest, took)
    assert _entries(ledger) == before


def test_an_oversized_body_with_a_token_is_413_and_nothing_changes(ledger: LedgerEnv) -> None:
    with ledger.client("admin") as c:
        number = c.post("/v1/cards", json={"amount": 10_000}).json()["cards"][0]["number"]
    before = _entries(ledger)
    token = ledger.tokens["t1"]
    # Announced too large: refused before reading.
    head = (f"POST /v1/sync/push HTTP/1.1\r\nHost: ledger\r\nAuthorization: Bearer {token}\r\n"
            f"Content-Type: application/json\r\nContent-Length: {PUSH_BODY_MAX + 1}\r\n\r\n")
    answers: list[bytes] = []
    _flood(ledger, head, total=PUSH_BODY_MAX + 1, answers=answers, sent=[])
    assert answers[0].startswith(b"HTTP/1.1 413") and b"body_too_large" in answers[0]
    # No length given (chunked), a valid push that only grows: cut at the cap.
    entry = _offline_redemption(number)

    def stream() -> Iterator[bytes]:
        yield b'{"entries":['
        blob = push_body([entry])[len(b'{"entries":['):-2]
        for i in range(PUSH_BODY_MAX // len(blob) + 10):
            yield (b"," if i else b"") + blob
        yield b"]}"

    with ledger.client("t1") as c:
        r = c.post("/v1/sync/push", content=stream(),
                   headers={"Content-Type": "application/json"})
        assert (r.status_code, r.json()["key"]) == (413, "body_too_large"), r.text
        # Any other route: 64 KiB.
        r = c.post("/v1/cards/loads", json={"number": number, "amount": 1,
                                            "cashier": "x" * 10, "pad": "y" * BODY_MAX})
        assert (r.status_code, r.json()["key"]) == (413, "body_too_large")
    assert _entries(ledger) == before


def _offline_redemption(number: str) -> dict[str, Any]:
    return {"id": str(uuid.uuid4()), "type": "redeem", "number": number, "amount": -1,
            "approved_amount": 1, "requested_amount": 1, "balance_after": 0,
            "remaining_due": 0, "partial": False, "status_after": "ACTIVE",
            "terminal": "till-0001", "store": "store-0001", "cashier": "cashier-0001",
            "sale_id": str(uuid.uuid4()), "business_date": "2026-12-05",
            "created_at": datetime.now(UTC).isoformat(), "posted_at": None,
            "ref_id": None, "reason": None, "offline": True, "flagged": False,
            "seq": None, "currency": "USD"}


def test_a_push_of_a_thousand_entries_is_well_under_the_cap(ledger: LedgerEnv) -> None:
    with ledger.client("admin") as c:
        number = c.post("/v1/cards", json={"amount": 100_000}).json()["cards"][0]["number"]
    body = push_body([_offline_redemption(number) for _ in range(1000)])
    assert len(body) < PUSH_BODY_MAX // 3, len(body)  # about 0.55 MB
    with ledger.client("t1") as c:
        r = c.post("/v1/sync/push", content=body, headers={"Content-Type": "application/json"})
    assert r.status_code == 200, r.text
    assert {x["status"] for x in r.json()["results"]} == {"applied"}
