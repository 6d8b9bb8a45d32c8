"""Store-and-forward against a real ledger: push until empty (idempotent),
pull other terminals' work, overspends flagged, background sync on recovery."""

from __future__ import annotations

import json
import threading
import uuid
from collections.abc import Callable
from datetime import UTC, datetime

import pytest
from sqlalchemy import func, select

from app.cli.main import main as giftpos
from app.domain import CardStatus
from app.ops.queries import mismatched_balances
from app.store.schema import Entry, Outbox
from app.sync.engine import SyncProgress, SyncReport
from tests.integration.ledger.support import LedgerEnv
from tests.integration.sync.conftest import Terminal, issue, ledger_balance


def _id() -> str:
    return str(uuid.uuid4())


def _ledger_entries(env: LedgerEnv) -> dict[str, int]:
    """entry id -> how many times the ledger has it."""
    with env.store.read() as s:
        rows = s.execute(select(Entry.id, func.count()).group_by(Entry.id)).all()
    return {i: n for i, n in rows}


@pytest.mark.parametrize("ledger", ["sqlite", pytest.param("postgresql",
                                                           marks=pytest.mark.postgres)],
                         indirect=True)
def test_push_in_batches_until_empty_then_duplicates(
        ledger: LedgerEnv, make_terminal: Callable[..., Terminal]) -> None:
    t = make_terminal("t1", batch_size=3)
    number = issue(ledger, 10_000)
    t.gateway.balance(number=number)
    t.go_offline()
    ids = []
    for _ in range(4):  # 4 holds and their captures: 8 entries, 3 batches of 3
        h = t.gateway.hold(number=number, amount=300, partial=False, entry_id=_id(),
                           ctx=t.ctx())
        c = t.gateway.capture(hold_id=h.id, amount=200, entry_id=_id(), ctx=t.ctx())
        ids += [h.id, c.id]
    progress: list[SyncProgress] = []
    t.engine.on_progress(progress.append)
    assert t.engine.pending() == 8
    t.monitor.check_now()
    report = t.engine.sync_once()
    assert (report.pushed, report.rejected, report.flagged, report.pending) == (8, 0, 0, 0)
    assert [p.pending for p in progress if p.phase == "pushing"] == [8, 5, 2]
    assert progress[-1].phase == "done" and t.engine.last_sync_at() is not None
    assert ledger_balance(ledger, number) == 10_000 - 4 * 200
    assert t.cards.balance(number=number).balance == 10_000 - 4 * 200
    # Pushing the same entries again changes nothing: all duplicates.
    with t.cards.store.transaction() as s:
        for eid in ids:
            s.add(Outbox(entry_id=eid, queued_at=datetime.now(UTC), attempts=0))
    again = t.engine.sync_once()
    assert again.duplicates == len(ids) and again.pending == 0
    assert all(n == 1 for n in _ledger_entries(ledger).values())
    assert ledger_balance(ledger, number) == 10_000 - 4 * 200


@pytest.mark.parametrize("ledger", ["sqlite", pytest.param("postgresql",
                                                           marks=pytest.mark.postgres)],
                         indirect=True)
def test_two_terminals_overspend_offline_is_flagged_and_nothing_lost(
        ledger: LedgerEnv, make_terminal: Callable[..., Terminal]) -> None:
    a, b = make_terminal("t1"), make_terminal("t2")
    number = issue(ledger, 5000)
    for t in (a, b):
        assert t.gateway.balance(number=number).balance == 5000
        t.go_offline()
    spent = [a.gateway.redeem(number=number, amount=3000, partial=False, entry_id=_id(),
                              ctx=a.ctx()),
             b.gateway.redeem(number=number, amount=3000, partial=False, entry_id=_id(),
                              ctx=b.ctx())]
    assert all(r.offline for r in spent)
    for t in (a, b):
        t.monitor.check_now()
    ra, rb = a.engine.sync_once(), b.engine.sync_once()
    assert (ra.pushed, ra.flagged, rb.pushed, rb.flagged) == (1, 0, 1, 1)
    assert ledger_balance(ledger, number) == -1000
    have = _ledger_entries(ledger)
    assert all(have.get(r.id) == 1 for r in spent)
    with ledger.client("admin") as c:
        exc = c.get("/v1/reports/exceptions").json()
        card = c.post("/v1/balance", json={"number": number}).json()
    assert card["status"] == CardStatus.FROZEN and card["flagged"]
    assert [x["card"][-4:] for x in exc["flagged_cards"]] == [number[-4:]]
    assert exc["flagged_cards"][0]["entries"][0]["id"] == spent[1].id
    # After one more round each replica agrees with the ledger and its journal.
    a.engine.sync_once()
    for t in (a, b):
        view = t.cards.balance(number=number)
        assert (view.balance, view.status) == (-1000, CardStatus.FROZEN)
        with t.cards.store.read() as s:
            assert mismatched_balances(s) == []


def test_offline_capture_after_the_ledger_expired_the_hold(
        ledger: LedgerEnv, make_terminal: Callable[..., Terminal]) -> None:
    """A hold made online, captured offline after the ledger let it run out:
    the goods are gone, so the ledger takes the captured amount anyway and the
    replica converges on the ledger's balance."""
    t = make_terminal("t1")
    number = issue(ledger, 5000)
    hold = t.gateway.hold(number=number, amount=2000, partial=False, entry_id=_id(),
                          ctx=t.ctx())
    with ledger.client("t2") as c:  # the hold is released on the ledger meanwhile
        c.post(f"/v1/holds/{hold.id}/release", json={})
    t.go_offline()
    cap = t.gateway.capture(hold_id=hold.id, amount=1500, entry_id=_id(), ctx=t.ctx())
    assert cap.offline
    t.monitor.check_now()
    report = t.engine.sync_once()
    assert report.pushed == 1 and report.rejected == 0
    assert ledger_balance(ledger, number) == 3500
    assert t.cards.balance(number=number).balance == 3500
    with t.cards.store.read() as s:
        assert mismatched_balances(s) == []


def test_pull_mirrors_other_terminals_work_on_known_cards_only(
        ledger: LedgerEnv, make_terminal: Callable[..., Terminal]) -> None:
    a, b = make_terminal("t1"), make_terminal("t2")
    known, unknown = issue(ledger, 5000), issue(ledger, 7000)
    a.gateway.balance(number=known)
    a.engine.sync_once()  # sets the cursor
    b.gateway.redeem(number=known, amount=1200, partial=False, entry_id=_id(), ctx=b.ctx())
    b.gateway.redeem(number=unknown, amount=100, partial=False, entry_id=_id(), ctx=b.ctx())
    report = a.engine.sync_once()
    assert report.pulled == 1 and report.corrected == 0
    assert a.cards.balance(number=known).balance == 3800
    with a.cards.store.read() as s:
        assert s.scalar(select(func.count()).select_from(Outbox)) == 0
        assert mismatched_balances(s) == []


def test_background_sync_runs_when_connectivity_returns(
        ledger: LedgerEnv, make_terminal: Callable[..., Terminal]) -> None:
    t = make_terminal("t1")
    number = issue(ledger, 5000)
    t.gateway.balance(number=number)
    t.go_offline()
    t.gateway.redeem(number=number, amount=700, partial=False, entry_id=_id(), ctx=t.ctx())
    done = threading.Event()
    reports: list[SyncReport] = []
    t.engine.on_done(lambda r: (reports.append(r), done.set()))
    t.engine.start()
    t.monitor.start()  # its first health check finds the ledger and flips online
    assert done.wait(20), "no sync after connectivity returned"
    assert reports[0].pushed == 1 and t.engine.pending() == 0
    assert ledger_balance(ledger, number) == 4300


def test_giftpos_sync_cli(ledger: LedgerEnv, make_terminal: Callable[..., Terminal],
                          capsys: object, tmp_path: object) -> None:
    t = make_terminal("t1")
    number = issue(ledger, 5000)
    t.gateway.balance(number=number)
    t.go_offline()
    t.gateway.redeem(number=number, amount=900, partial=False, entry_id=_id(), ctx=t.ctx())
    db = t.cards.store.url
    code = giftpos(["--db", db, "sync", "--json", "--ledger-url", ledger.url,
                    "--token", ledger.tokens["t1"], "--config", f"{tmp_path}/none.toml"])
    out = json.loads(capsys.readouterr().out)  # type: ignore[attr-defined]
    assert code == 0 and out["pushed"] == 1 and out["pending"] == 0
    assert ledger_balance(ledger, number) == 4100
    code = giftpos(["--db", db, "sync", "--ledger-url", "http://127.0.0.1:9",
                    "--token", "x", "--config", f"{tmp_path}/none.toml"])
    text = capsys.readouterr()  # type: ignore[attr-defined]
    assert code == 3 and "stopped" in text.out and "0 pending" in text.out


def test_an_entry_the_ledger_cannot_read_does_not_hold_back_the_rest(
        ledger: LedgerEnv, make_terminal: Callable[..., Terminal]) -> None:
    t = make_terminal("t1")
    number = issue(ledger, 5000)
    t.gateway.balance(number=number)
    t.go_offline()
    bad = t.gateway.redeem(number=number, amount=100, partial=False, entry_id=_id(),
                           ctx=t.ctx())
    good = t.gateway.redeem(number=number, amount=200, partial=False, entry_id=_id(),
                            ctx=t.ctx())
    with t.cards.store.transaction() as s:  # e.g. written by a newer version of the till
        s.execute(Entry.__table__.update().where(Entry.id == bad.id).values(type="bogus"))
    t.monitor.check_now()
    report = t.engine.sync_once()
    assert (report.pushed, report.stuck, report.pending) == (1, 1, 1)
    assert _ledger_entries(ledger).get(good.id) == 1 and bad.id not in _ledger_entries(ledger)
    with t.cards.store.read() as s:
        row = s.get(Outbox, bad.id)
        assert row is not None and row.attempts == 1 and "bogus" in (row.last_error or "")
