"""The reports screen (a Z report whose totals match the journal, printed as
ESC/POS; a CSV export read back) and the settings screen (saved and
reloaded; a device test showing an event from a pty)."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot
from sqlalchemy import func, select

from app.config import load_config
from app.domain import EntryType
from app.reports import read_csv
from app.store.schema import Entry
from drivers.virtual import VirtualScanner
from tests.ui.manager.conftest import CASHIER, CASHIER_PIN, MANAGER, MANAGER_PIN, Till, sign_in
from ui.manager.common import cell_texts


def _sell(qtbot: QtBot, till: Till, amount: int, card: str, cash: int = 0) -> None:
    ctl = till.window.controller
    ctl.add_item(amount, "Item")
    if cash:
        ctl.pay_cash(cash)
    with qtbot.waitSignal(ctl.sale_finished, timeout=5000):
        ctl.pay_card(card)


def test_z_report_matches_the_journal_prints_and_exports(qtbot: QtBot, till: Till,
                                                         tmp_path: Path) -> None:
    sign_in(qtbot, till, CASHIER, CASHIER_PIN)
    _sell(qtbot, till, 3000, till.card("Birthday gift"), cash=1000)
    _sell(qtbot, till, 1240, till.card("Small balance"))
    till.manager.session.lock()
    sign_in(qtbot, till, MANAGER, MANAGER_PIN)
    console = till.manager.open_console()
    with qtbot.waitSignal(console.reports.shown, timeout=10000):
        console.show_tab("reports")
    figures = dict((r[0], r[1]) for r in cell_texts(console.reports.views[0]))
    with till.window.terminal.store.read() as s:
        captured = s.scalar(select(func.sum(Entry.approved_amount))
                            .where(Entry.type == str(EntryType.CAPTURE)))
    assert captured == 3240
    assert figures["Gift card redemptions, value"] == "$32.40"
    assert figures["Sales total"] == "$42.40" and figures["Matches the journal"] == "yes"
    by_cashier = cell_texts(console.reports.views[1])
    assert by_cashier[0][:3] == [CASHIER, "2", "$42.40"]
    assert [c.property("chart_points") for c in console.reports.charts] == [3, 1]

    printer = till.window.terminal.printer
    assert printer is not None
    printer.clear()
    with qtbot.waitSignal(console.reports.printed, timeout=5000):
        console.reports.print_z()
    assert b"$42.40" in printer.output and b"X REPORT" in printer.output

    path = tmp_path / "z.csv"
    with qtbot.waitSignal(console.reports.exported, timeout=5000):
        console.reports.export_csv(path)
    rows = read_csv(path)
    assert ["Z report", "Sales total", "42.40"] in rows
    assert ["Sales by cashier", f"{CASHIER}: Total", "42.40"] in rows

    with qtbot.waitSignal(console.reports.shown, timeout=5000):
        console.reports.show_report("liability")
    liability = cell_texts(console.reports.views[0])
    path = tmp_path / "liability.csv"
    with qtbot.waitSignal(console.reports.exported, timeout=5000):
        console.reports.export_csv(path)
    back = read_csv(path)
    assert back[0] == ["Program", "Currency", "Cards", "Outstanding", "Overdrawn"]
    assert [r[:3] for r in back[1:]] == [r[:3] for r in liability]
    assert back[1][3] == "185.00"  # 217.40 on the demo cards, less 32.40 spent
    # The trail is written off the GUI thread, just after the file.
    qtbot.waitUntil(lambda: len(till.manager.staff.audit(action="export")[0]) == 2,
                    timeout=5000)
    audit, _ = till.manager.staff.audit(action="export")
    assert all(r.actor == MANAGER for r in audit)


def test_settings_saved_reloaded_and_applied(qtbot: QtBot, till: Till) -> None:
    sign_in(qtbot, till, MANAGER, MANAGER_PIN)
    console = till.manager.open_console()
    console.show_tab("settings")
    s = console.settings
    s.theme.setCurrentText("dark")
    s.font_size.setValue(16)
    s.idle.setValue(120)
    s.per_tx.setText("75.00")
    s.ledger_url.setText("https://ledger.example:8443")
    s.ledger_token.setText("secret-token")
    s.manager_token.setText("manager-secret")
    with qtbot.waitSignal(s.saved, timeout=5000) as saved:
        s.save()
    restart = saved.args[1]
    assert "ledger" in restart and "offline limits" in restart and "theme" not in restart
    cfg = load_config(till.config_path)
    assert cfg is not None
    assert (cfg.theme, cfg.font_size, cfg.idle_lock_s) == ("dark", 16, 120)
    assert cfg.offline.per_transaction == 7500 and cfg.ledger.token == "secret-token"
    assert cfg.ledger.manager_token == "manager-secret"
    assert oct(till.config_path.stat().st_mode)[-3:] == "600"
    # In effect now: the dark theme's background, the idle lock's new time.
    app = QApplication.instance()
    assert isinstance(app, QApplication) and "#0f141a" in app.styleSheet()
    assert till.manager.session.idle.timeout_ms == 120_000
    # Reloaded into a fresh form: the same values.
    s.show_config(cfg)
    assert s.collect() == cfg


def test_device_test_shows_a_scan_from_a_pty(qtbot: QtBot, till: Till) -> None:
    sign_in(qtbot, till, MANAGER, MANAGER_PIN)
    console = till.manager.open_console()
    console.show_tab("settings")
    s = console.settings
    number = till.card("Reload me")
    with VirtualScanner() as scanner:
        s.set_device(s.devices.rowCount(), name="new-scanner", url=scanner.port)
        with qtbot.waitSignal(s.device_test, timeout=5000) as opened:
            s.test_device()
        dialog = opened.args[0]
        qtbot.waitUntil(lambda: any("Device connected" in ln for ln in dialog.lines),
                        timeout=5000)
        assert scanner.wait_for_reader(5.0)
        with qtbot.waitSignal(dialog.event_shown, timeout=5000,
                              check_params_cb=lambda t: t.startswith("Card read")) as shown:
            scanner.scan(number)
        assert shown.args[0] == f"Card read: •••• {number[-4:]}"
        assert number not in " ".join(dialog.lines)
        dialog.reject()
        qtbot.waitUntil(lambda: dialog.device is None, timeout=5000)
