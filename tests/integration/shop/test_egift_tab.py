"""The "E-gifts" tab in the real manager console (offscreen): delivery
states as they are in the outbox, and a resend through a real SMTP server."""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from tests.integration.shop.smtp_server import SmtpServer
from ui.demo import build_demo
from ui.manager import Manager, install
from ui.manager.egift_tab import EgiftTab


def test_tab_shows_states_and_resends(qtbot: QtBot, tmp_path: Path,
                                      monkeypatch: pytest.MonkeyPatch) -> None:
    demo = build_demo(data_dir=tmp_path, offline=True, virtual_scanner=False,
                      shell_scanner=False, panel=False)
    try:
        window = demo.window
        window.show()
        qtbot.waitExposed(window)
        existing = getattr(window, "manager", None)
        manager = existing if isinstance(existing, Manager) else install(
            window, config_path=tmp_path / "terminal.toml")
        console = manager.open_console()
        tab = console.egifts
        assert isinstance(tab, EgiftTab)
        number = window.terminal.cards.issue(amount=2000)[0][0].number
        monkeypatch.setenv("GIFTPOS_SMTP_URL", "smtp://127.0.0.1:1")  # nobody there
        failed = tab.service.send(number=number, to="pat@example.org")
        assert failed.state == "RETRYING"
        console.show_tab("egifts")
        qtbot.waitUntil(lambda: tab.table.rowCount() == 1)
        assert tab.table.item(0, 2).text() == "Retrying"
        assert tab.table.item(0, 0).text().endswith(number[-4:])
        assert number not in tab.table.item(0, 0).text()
        with SmtpServer() as smtp:
            monkeypatch.setenv("GIFTPOS_SMTP_URL", smtp.url)
            tab.table.selectRow(0)
            tab.resend_btn.click()
            qtbot.waitUntil(lambda: tab.table.rowCount() == 2)
            assert len(smtp.inbox.messages) == 1
        assert sorted(tab.table.item(i, 2).text() for i in range(2)) == ["Retrying", "Sent"]
    finally:
        demo.close()
