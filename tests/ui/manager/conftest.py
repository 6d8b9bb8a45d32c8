"""The real cashier window (offscreen, real SQLite in tmp_path, a virtual
scanner on a real pty) with the manager's part installed and two people on
staff: Morgan (manager, PIN 2468) and Casey (cashier, PIN 1357)."""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from tests.ui.windows import show_for_typing
from tests.unit.staff.helpers import cheap_pin_hash
from ui.demo import DemoSession, build_demo
from ui.main_window import MainWindow
from ui.manager import Manager, install

MANAGER, MANAGER_PIN = "Morgan", "2468"
CASHIER, CASHIER_PIN = "Casey", "1357"


@dataclass
class Till:
    session: DemoSession
    manager: Manager
    config_path: Path

    @property
    def window(self) -> MainWindow:
        return self.session.window

    def card(self, label: str) -> str:
        return next(c.number for c in self.session.cards if c.label == label)


@pytest.fixture
def till(qtbot: QtBot, tmp_path: Path) -> Iterator[Till]:
    session = build_demo(data_dir=tmp_path, offline=True, shell_scanner=False, panel=False)
    window = session.window
    show_for_typing(qtbot, window, (1366, 820))
    existing = getattr(window, "manager", None)
    manager = existing if isinstance(existing, Manager) else install(
        window, config_path=tmp_path / "terminal.toml")
    manager._config_path = tmp_path / "terminal.toml"
    manager.staff.pin_hasher = cheap_pin_hash
    manager.staff.add(name=MANAGER, role="manager", pin=MANAGER_PIN)
    manager.staff.add(name=CASHIER, role="cashier", pin=CASHIER_PIN)
    with qtbot.waitSignal(manager.session.locked, timeout=5000):
        manager.session.refresh()
    qtbot.waitUntil(lambda: manager.session.sign_in_dialog is not None, timeout=5000)
    yield Till(session, manager, tmp_path / "terminal.toml")
    session.close()
    # A closed window would otherwise stay alive and be re-styled by every
    # later test's theme change.
    window.deleteLater()
    qtbot.wait(0)


def sign_in(qtbot: QtBot, till: Till, name: str, pin: str) -> None:
    session = till.manager.session
    qtbot.waitUntil(lambda: session.sign_in_dialog is not None, timeout=5000)
    dialog = session.sign_in_dialog
    assert dialog is not None
    dialog.choose(name)
    dialog.pin.setText(pin)
    with qtbot.waitSignal(session.changed, timeout=5000):
        dialog.submit()
    assert session.person is not None and session.person.name == name
