"""Finding 15.10 on screen: when the ledger refuses this till's audit trail
(its newest rows deleted on the till's SQLite file), the status bar says so
in the till's language until a sync finds the trail whole again. The real
window (offscreen, de_DE), a real ledger on loopback, the till's real store."""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import sqlite3
from pathlib import Path

from pytestqt.qtbot import QtBot

from app.config import LedgerConfig, TerminalConfig
from app.staff import StaffService
from tests.integration.ledger.support import running_ledger
from ui.composition import close_window, open_window


def test_a_cut_audit_trail_is_said_on_screen(qtbot: QtBot, tmp_path: Path) -> None:
    till_db = tmp_path / "till.db"
    with running_ledger(f"sqlite:///{tmp_path / 'ledger.db'}") as led:
        cfg = TerminalConfig(terminal_id="t1", store_id="s1", locale="de_DE",
                             db_url=f"sqlite:///{till_db}",
                             ledger=LedgerConfig(url=led.url, token=led.tokens["t1"],
                                                 timeout_s=10.0, sync_interval_s=3600))
        window = open_window(cfg, start_devices=False, resume=False)
        try:
            window.show()
            sync = window.terminal.sync
            assert sync is not None
            staff = StaffService(window.terminal.cards.store, terminal="t1")
            staff.add(name="mia", role="manager", pin="4821")
            for i in range(3):
                staff.record(action="refund", outcome="ok", actor="mia", detail=f"sale {i}")
            assert sync.engine.sync_once().audit_status == "same"
            notice = window.status.audit
            assert not notice.isVisible()

            with sqlite3.connect(till_db) as con:
                con.execute("DELETE FROM staff_audit WHERE id = (SELECT max(id) FROM "
                            "staff_audit)")
            assert sync.engine.sync_once().audit_status == "truncated"
            qtbot.waitUntil(notice.isVisible)
            assert "Protokoll" in notice.text() and "Hauptbuch" in notice.text()
            assert notice.property("tone") == "bad"
        finally:
            close_window(window)
