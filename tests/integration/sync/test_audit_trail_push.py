"""The till's audit trail reaches the ledger in pieces the ledger's body cap
takes (app/sync/trail.py): many rows in several pushes of at most 500, long
ones in pushes of at most 512 KiB, and nothing twice. Real ledger, real
till store."""

from __future__ import annotations

import json
from collections.abc import Callable

from app.ledger.gate import AUDIT_BODY_MAX
from app.staff import StaffService, audit
from app.sync import trail
from tests.integration.ledger.support import LedgerEnv
from tests.integration.sync.conftest import Terminal


def _ledger_rows(ledger: LedgerEnv) -> int:
    with ledger.client("admin") as c:
        return int(c.get("/v1/audit/trails/t1", params={"limit": 1}).json()["position"])


def test_a_long_trail_goes_in_pieces_and_once(ledger: LedgerEnv,
                                              make_terminal: Callable[..., Terminal]) -> None:
    t = make_terminal("t1")
    staff = StaffService(t.cards.store, terminal="t1")
    for i in range(1_203):
        staff.record(action="lookup", outcome="ok", actor="mia", detail=f"card {i}")
    state = trail.push(t.cards.store, t.client)
    assert (state.status, state.appended, state.ledger_rows) == ("same", 1_203, 1_203)
    assert _ledger_rows(ledger) == 1_203

    # Reasons longer than the ledger takes are cut on the till, before they
    # are chained; 120 of them are more than one body may carry (413).
    for _ in range(120):
        staff.record(action="adjust", outcome="ok", actor="mia", detail="é" * 9_000)
    with t.cards.store.read() as s:
        rows = audit.wire_rows(s, after=1_203, limit=500)
    assert len(json.dumps({"rows": rows}, ensure_ascii=False).encode()) > AUDIT_BODY_MAX
    report = t.engine.sync_once()
    assert (report.audit_status, report.audit_pushed) == ("same", 120)
    assert _ledger_rows(ledger) == 1_323
    with ledger.client("admin") as c:
        newest = c.get("/v1/audit/trails/t1", params={"limit": 1}).json()["rows"][0]
    assert len(newest["detail"]) == 8_000 and newest["detail"].endswith("…")
    # Nothing new: nothing sent, nothing appended.
    again = t.engine.sync_once()
    assert (again.audit_status, again.audit_pushed) == ("same", 0)
