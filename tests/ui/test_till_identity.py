"""`giftpos sale open`, `report day` and `report z` on a till's store speak
for that till (its terminal id from its configuration), not for "cli"."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from app.config import save_config
from app.reports.identity import till_identity
from tests.ui.conftest import press, type_text
from ui.demo import DemoSession


def _cli(*argv: str) -> dict:  # type: ignore[type-arg]
    run = subprocess.run([sys.executable, "-m", "app", *argv], capture_output=True, text=True,
                         timeout=120, env={"PATH": "/usr/bin:/bin", "HOME": "/nonexistent",
                                           "XDG_CONFIG_HOME": "/nonexistent"})
    assert run.returncode == 0, run.stderr[-2000:]
    return json.loads(run.stdout)  # type: ignore[no-any-return]


def test_cli_reports_the_tills_own_sales(qtbot: QtBot, demo: DemoSession,
                                         tmp_path: Path) -> None:
    window, ctl = demo.window, demo.window.controller
    cfg = window.terminal.config
    save_config(cfg, tmp_path / "terminal.toml")  # the demo keeps one beside its store too
    assert cfg.terminal_id == "demo-till"
    # One sale completed, one left open (as a crash would).
    for amount, key in (("7.50", Qt.Key.Key_F3), ("3.00", None)):
        type_text(window, amount)
        with qtbot.waitSignal(ctl.sale_changed, timeout=5000):
            press(window, Qt.Key.Key_Return)
        if key is not None:
            with qtbot.waitSignal(ctl.sale_finished, timeout=5000):
                press(window, key)
    qtbot.waitUntil(lambda: not ctl.busy, timeout=5000)
    db = cfg.db_url

    sales = _cli("--db", db, "sale", "open", "--json")["open_sales"]
    assert [s["total"] for s in sales] == [300]
    assert {s["terminal"] for s in sales} == {"demo-till"}
    day = _cli("--db", db, "report", "day", "--json")
    assert day["terminal"] == "demo-till" and day["sales_count"] == 1
    assert day["sales_total"] == 750 and day["open_sales"] == 1
    z = _cli("--config", str(tmp_path / "terminal.toml"), "report", "z", "--json")
    assert "demo-till" in json.dumps(z)


def test_identity_order(tmp_path: Path) -> None:
    from app.config import TerminalConfig

    store = tmp_path / "till" / "terminal.db"
    store.parent.mkdir()
    beside = TerminalConfig(terminal_id="till-7", store_id="shop-2", currency="EUR",
                            locale="de_DE", db_url=f"sqlite:///{store}")
    save_config(beside, store.with_name("terminal.toml"))
    other = tmp_path / "elsewhere.toml"
    save_config(TerminalConfig(terminal_id="till-9", db_url="sqlite:///x.db"), other)
    got = till_identity(db=f"sqlite:///{store}", default_config=other)
    assert (got.terminal, got.store, got.currency, got.locale) == (
        "till-7", "shop-2", "EUR", "de_DE")
    # The default file names another store: not this till.
    none = till_identity(db=f"sqlite:///{tmp_path / 'other.db'}", default_config=other)
    assert none.terminal == "cli" and none.config is None
    # --config wins, and --db still picks the store.
    forced = till_identity(config=other, db=f"sqlite:///{store}")
    assert forced.terminal == "till-9" and forced.db_url == f"sqlite:///{store}"
