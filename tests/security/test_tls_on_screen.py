"""Finding 15.9 on screen: a till whose ledger connection is weakened
(`verify_tls = false`) says so in its status bar for as long as it runs, and
a `plain_http_refused` configuration stops the start with the reason in
words, not a traceback. The real window (offscreen) on a real SQLite store."""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import socket
from pathlib import Path

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QMessageBox
from pytestqt.qtbot import QtBot

from app.config import LedgerConfig, TerminalConfig, save_config
from ui.composition import close_window, open_window
from ui.terminal import run_terminal


def _closed_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _config(tmp_path: Path, ledger: LedgerConfig) -> TerminalConfig:
    return TerminalConfig(terminal_id="till-1", store_id="s1",
                          db_url=f"sqlite:///{tmp_path / 'till.db'}", ledger=ledger)


def test_a_weakened_connection_is_said_on_screen(qtbot: QtBot, tmp_path: Path) -> None:
    cfg = _config(tmp_path, LedgerConfig(url=f"https://127.0.0.1:{_closed_port()}",
                                         token="gpt_test", verify_tls=False))
    window = open_window(cfg, start_devices=False, resume=False)
    try:
        window.show()
        notice = window.status.security
        qtbot.waitUntil(notice.isVisible)
        assert "not secure" in notice.text() and "verify_tls = false" in notice.text()
        assert notice.property("tone") == "bad"
    finally:
        close_window(window)

    safe = open_window(_config(tmp_path, LedgerConfig()), start_devices=False, resume=False)
    try:
        safe.show()
        assert not safe.status.security.isVisible()
    finally:
        close_window(safe)


def test_plain_http_refused_is_a_message_at_start(qtbot: QtBot, tmp_path: Path) -> None:
    path = tmp_path / "terminal.toml"
    save_config(_config(tmp_path, LedgerConfig(url="http://192.0.2.10:8700",
                                               token="gpt_test")), path)
    seen: list[str] = []

    def read_and_close() -> None:
        box = QApplication.activeModalWidget()
        if not isinstance(box, QMessageBox):
            QTimer.singleShot(20, read_and_close)
            return
        seen.append(box.text())
        box.accept()

    QTimer.singleShot(0, read_and_close)
    assert run_terminal(path) == 2
    assert seen and "plain HTTP" in seen[0] and "allow_plain_http" in seen[0]
    assert "Traceback" not in seen[0]
