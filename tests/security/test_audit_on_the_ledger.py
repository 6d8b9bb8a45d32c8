"""Finding 15.10, the audit trail "sent to the ledger": the till's hash
chain proves nothing on its own, since whoever holds its SQLite file can
delete the newest rows (the chain's prefix still holds) or rewrite rows and
chain them again. With each sync the till pushes its rows to the ledger,
which keeps them per till, append-only, and refuses a trail that does not
extend its copy; `giftpos audit --verify` on the till asks the ledger too.
A real ledger (uvicorn on loopback) and the till's real SQLite file."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from datetime import datetime
from pathlib import Path
from typing import Any

import httpx
import pytest
from sqlalchemy import select

from app.audit_chain import FIELDS, link_of
from app.cli.main import main
from app.domain import OpContext
from app.ops.service import CardService
from app.staff import StaffService
from app.staff.schema import AuditRow
from app.store.database import Store, open_store
from app.sync.client import LedgerClient
from app.sync.engine import SyncEngine
from tests.integration.ledger.support import LedgerEnv, ledger_on


@pytest.fixture(params=["sqlite", "postgresql"])
def led(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[LedgerEnv]:
    with ledger_on(request.param, tmp_path) as env:
        env.manager("mgr1", "s1")
        env.manager("mgr2", "s2")
        yield env


class Till:
    """Till t1 of store s1: its SQLite store, its staff, its sync engine."""

    def __init__(self, tmp_path: Path, led: LedgerEnv) -> None:
        self.path = tmp_path / "till.db"
        self.store: Store = open_store(f"sqlite:///{self.path}")
        self.staff = StaffService(self.store, terminal="t1")
        self.client = LedgerClient(led.url, led.tokens["t1"], timeout_s=10)
        self.engine = SyncEngine(CardService(self.store, context=OpContext(
            terminal="t1", store="s1")), self.client, interval_s=3600)
        self.config = tmp_path / "terminal.toml"
        self.config.write_text(
            f'terminal_id = "t1"\nstore_id = "s1"\ndb_url = "sqlite:///{self.path}"\n'
            f'[ledger]\nurl = "{led.url}"\ntoken = "{led.tokens["t1"]}"\ntimeout_s = 10.0\n',
            encoding="utf-8")

    def close(self) -> None:
        self.client.close()
        self.store.close()

    def work(self, n: int) -> None:
        """``n`` audited actions: a manager, then cashiers signing in."""
        for i in range(n):
            if not self.staff.has_staff():
                self.staff.add(name="mia", role="manager", pin="4821")
            else:
                self.staff.record(action="refund", outcome="ok", actor="mia",
                                  amount=500 + i, currency="USD", detail=f"sale {i}")

    def rows(self) -> list[tuple[Any, ...]]:
        with sqlite3.connect(self.path) as con:
            return con.execute("SELECT id, actor, link FROM staff_audit ORDER BY id").fetchall()

    def sql(self, statement: str, *args: object) -> None:
        with sqlite3.connect(self.path) as con:
            con.execute(statement, args)


@pytest.fixture
def till(tmp_path: Path, led: LedgerEnv) -> Iterator[Till]:
    t = Till(tmp_path, led)
    yield t
    t.close()


def _verify(capsys: pytest.CaptureFixture[str], till: Till) -> tuple[int, dict[str, Any]]:
    capsys.readouterr()
    code = main(["--config", str(till.config), "audit", "--verify", "--json"])
    return code, json.loads(capsys.readouterr().out)


def _trail(led: LedgerEnv, who: str = "mgr1") -> httpx.Response:
    with led.client(who) as c:
        return c.get("/v1/audit/trails/t1", params={"limit": 500})


def _exceptions(led: LedgerEnv) -> list[dict[str, Any]]:
    with led.client("admin") as c:
        rejected = c.get("/v1/reports/exceptions").json()["rejected"]
    return [r for r in rejected if r["kind"] == "audit"]


def test_deleting_the_newest_audit_rows_on_the_till_is_found(
        led: LedgerEnv, till: Till, capsys: pytest.CaptureFixture[str]) -> None:
    till.work(6)
    report = till.engine.sync_once()
    assert (report.audit_status, report.audit_pushed) == ("same", 6)
    kept = _trail(led).json()
    assert kept["position"] == 6 and [r["position"] for r in kept["rows"]] == [6, 5, 4, 3, 2, 1]
    assert kept["rows"][0]["detail"] == "sale 5" and kept["rows"][0]["link"] == till.rows()[-1][2]
    code, out = _verify(capsys, till)
    assert code == 0 and out["ledger"]["status"] == "same", out

    # The attacker deletes the two newest rows (the refund and its approval,
    # say): the chain that is left is still a valid chain.
    newest = till.rows()[-2][0]
    till.sql("DELETE FROM staff_audit WHERE id >= ?", newest)
    code, out = _verify(capsys, till)
    assert out["rows"] == 4 and out["broken_at"] is None  # the till alone sees nothing
    assert code == 3 and not out["ok"], out
    assert out["ledger"]["status"] == "truncated" and out["ledger"]["ledger_rows"] == 6
    assert out["ledger"]["from_position"] == 5
    capsys.readouterr()
    assert main(["--config", str(till.config), "audit", "--verify"]) == 3
    assert "the newest 2 were deleted" in capsys.readouterr().out

    # The next sync says so too, and the ledger kept its copy and one finding.
    report = till.engine.sync_once()
    assert report.audit_status == "truncated" and "deleted" in (report.audit_problem or "")
    found = _exceptions(led)
    assert [(f["key"], f["terminal"], f["store"]) for f in found] == [
        ("audit_chain_truncated", "t1", "s1")]
    after = _trail(led).json()
    assert after["position"] == 6 and after["rows"] == kept["rows"]
    assert after["exceptions"][0]["details"]["till_position"] == 4

    # New work on the till chains after the cut: it does not extend the
    # ledger's copy either, and is refused whole.
    till.work(3)
    report = till.engine.sync_once()
    assert report.audit_status == "rewritten" and report.audit_pushed == 0
    assert _trail(led).json()["rows"] == kept["rows"]
    assert {f["key"] for f in _exceptions(led)} == {"audit_chain_truncated",
                                                     "audit_chain_rewritten"}
    code, out = _verify(capsys, till)
    assert code == 3 and out["ledger"]["status"] == "rewritten"

    # What a manager reads from the ledger's own database.
    capsys.readouterr()
    assert main(["ledger", "audit", "--db", led.db_url, "--terminal", "t1", "--json"]) == 0
    view = json.loads(capsys.readouterr().out)
    assert view["position"] == 6 and len(view["exceptions"]) == 2
    assert main(["ledger", "exceptions", "--db", led.db_url]) == 0
    assert "audit trail of t1: Terminal t1's audit trail was cut" in capsys.readouterr().out


def test_a_rewritten_and_rechained_history_is_found(
        led: LedgerEnv, till: Till, capsys: pytest.CaptureFixture[str]) -> None:
    till.work(4)
    till.engine.sync_once()
    # Someone edits who approved row 2 and computes every link again (the
    # chain's code is no secret): the till's own check passes.
    till.sql("UPDATE staff_audit SET actor = 'eve' WHERE id = ?", till.rows()[1][0])
    with till.store.read() as s:
        prev, links = "", []
        for row in s.scalars(select(AuditRow).order_by(AuditRow.id)):
            prev = link_of(prev, {f: getattr(row, f) for f in FIELDS})
            links.append((prev, row.id))
    for link, row_id in links:
        till.sql("UPDATE staff_audit SET link = ? WHERE id = ?", link, row_id)
    code, out = _verify(capsys, till)
    assert out["broken_at"] is None, out  # the chain holds on the till
    assert code == 3 and out["ledger"]["status"] == "rewritten", out
    assert _trail(led).json()["position"] == 4
    assert [f["key"] for f in _exceptions(led)] == ["audit_chain_rewritten"]


def _row(position: int, prev: str, *, actor: str = "mia", **kw: Any) -> dict[str, Any]:
    content = {"id": position, "at": "2026-12-06T10:00:00.000000Z", "terminal": "t1",
               "action": "refund", "outcome": "ok", "actor": actor, "approver": None,
               "card": None, "amount": 100, "currency": "USD", "entry_id": None,
               "detail": None, **kw}
    hashed = {**content, "at": datetime.fromisoformat(content["at"])}
    return {"position": position, **content, "link": link_of(prev, hashed)}


def _chain(n: int, **kw: Any) -> list[dict[str, Any]]:
    rows, prev = [], ""
    for i in range(1, n + 1):
        rows.append(_row(i, prev, **kw))
        prev = rows[-1]["link"]
    return rows


def test_a_forged_push_that_rewrites_history_is_refused_and_changes_nothing(
        led: LedgerEnv) -> None:
    honest = _chain(5)
    with led.client("t1") as t1:
        r = t1.post("/v1/audit/push", json={"head": {"position": 5, "link": honest[-1]["link"]},
                                            "rows": honest})
        assert r.status_code == 200 and r.json()["appended"] == 5, r.text
        before = _trail(led).json()

        # The same five rows with another actor, chained correctly from the
        # start: a history the ledger never had.
        forged = _chain(5, actor="eve")
        r = t1.post("/v1/audit/push", json={"head": {"position": 5, "link": forged[-1]["link"]},
                                            "rows": forged})
        assert r.status_code == 409 and r.json()["key"] == "audit_chain_rewritten", r.text
        assert r.json()["params"]["from_position"] == 1
        # Rows that claim to follow the ledger's head but chain from another past.
        tail = _row(6, forged[-1]["link"])
        r = t1.post("/v1/audit/push", json={"head": {"position": 6, "link": tail["link"]},
                                            "rows": [tail]})
        assert r.status_code == 409 and r.json()["params"]["from_position"] == 6
        # A row whose content was changed after it was linked.
        good = _row(6, honest[-1]["link"])
        r = t1.post("/v1/audit/push", json={"head": {"position": 6, "link": good["link"]},
                                            "rows": [{**good, "amount": 1}]})
        assert r.status_code == 409 and r.json()["key"] == "audit_chain_rewritten"
        # A head that says fewer rows than the ledger holds: a cut tail.
        r = t1.post("/v1/audit/push", json={"head": {"position": 3, "link": honest[2]["link"]},
                                            "rows": []})
        assert r.status_code == 409 and r.json()["key"] == "audit_chain_truncated"
        # A gap is not stored either.
        r = t1.post("/v1/audit/push", json={"head": {"position": 8, "link": good["link"]},
                                            "rows": [{**good, "position": 8}]})
        assert r.status_code == 409 and r.json()["key"] == "audit_chain_gap"
        assert _trail(led).json()["rows"] == before["rows"]
        assert _trail(led).json()["position"] == 5

        # Resending what the ledger has (an answer lost) is no finding.
        r = t1.post("/v1/audit/push", json={"head": {"position": 6, "link": good["link"]},
                                            "rows": [*honest[3:], good]})
        assert r.status_code == 200 and r.json()["appended"] == 1, r.text
    assert sorted(f["key"] for f in _exceptions(led)) == [
        "audit_chain_rewritten", "audit_chain_rewritten", "audit_chain_rewritten",
        "audit_chain_truncated"]


def test_who_may_push_and_read_a_tills_trail(led: LedgerEnv, till: Till) -> None:
    till.work(2)
    till.engine.sync_once()
    assert _trail(led, "admin").json()["position"] == 2
    assert _trail(led, "mgr1").status_code == 200
    # Another store's manager does not learn of this till; a till reads no trail.
    assert _trail(led, "mgr2").status_code == 404
    assert _trail(led, "t2").status_code == 403
    assert _trail(led, "t1").status_code == 403
    # Another till's token pushes into its own trail, never into t1's.
    with led.client("t2") as t2:
        rows = _chain(1)
        r = t2.post("/v1/audit/push", json={"head": {"position": 1, "link": rows[0]["link"]},
                                            "rows": rows})
        assert r.status_code == 200
    assert _trail(led).json()["position"] == 2
    with led.client("mgr1") as m:
        assert m.post("/v1/audit/push", json={"head": {"position": 0, "link": ""}}
                      ).status_code == 403


def test_a_manager_starts_a_replaced_tills_trail_afresh(
        led: LedgerEnv, till: Till, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    till.work(3)
    till.engine.sync_once()
    # The till's disk is replaced: a new store, the same terminal.
    till.close()
    till.path.unlink()
    fresh = Till(tmp_path, led)
    try:
        fresh.work(2)
        assert fresh.engine.sync_once().audit_status == "rewritten"
        with led.client("mgr2") as m:  # not this store's manager
            assert m.post("/v1/audit/trails/t1/restart").status_code == 404
        with led.client("mgr1") as m:
            r = m.post("/v1/audit/trails/t1/restart")
            assert r.status_code == 200 and r.json()["epoch"] == 1, r.text
        assert _exceptions(led) == []  # resolved by the restart
        report = fresh.engine.sync_once()
        assert (report.audit_status, report.audit_pushed) == ("same", 2)
        now = _trail(led).json()
        assert now["epoch"] == 1 and now["position"] == 2
        with led.client("mgr1") as m:  # the first epoch's rows stay
            old = m.get("/v1/audit/trails/t1", params={"epoch": 0}).json()
        assert [r["position"] for r in old["rows"]] == [3, 2, 1]
        capsys.readouterr()
        assert main(["--config", str(fresh.config), "audit", "--verify"]) == 0
    finally:
        fresh.close()


def test_the_same_push_at_once_stores_each_row_once(led: LedgerEnv) -> None:
    """A sync round and `audit --verify` (or two service processes) racing:
    each row lands once, and a race is no finding."""
    rows = _chain(40)
    body = {"head": {"position": 40, "link": rows[-1]["link"]}, "rows": rows}

    def send(_: int) -> tuple[int, int]:
        with led.client("t1") as c:
            r = c.post("/v1/audit/push", json=body)
            return r.status_code, int(r.json().get("appended", -1))

    with ThreadPoolExecutor(max_workers=6) as pool:
        answers = list(pool.map(send, range(6)))
    assert [code for code, _ in answers] == [200] * 6, answers
    assert sum(n for _, n in answers) == 40
    view = _trail(led).json()
    assert view["position"] == 40 and len(view["rows"]) == 40 and view["exceptions"] == []
    assert _exceptions(led) == []
