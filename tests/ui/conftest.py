"""The real cashier window, offscreen, on a real SQLite store in tmp_path,
with a virtual scanner on a real pty."""

from __future__ import annotations

import os
import shutil

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from pytestqt.qtbot import QtBot

from app.ops.service import CardService
from app.store.database import open_store
from tests.ui.windows import show_for_typing
from ui.demo import DemoSession, build_demo
from ui.demo_data import DemoCard, seed_cards
from ui.main_window import MainWindow


@pytest.fixture(scope="session")
def demo_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A migrated store with the demo cards, made once; each test gets a copy
    (migrating a fresh SQLite file per test is most of a test's setup)."""
    folder = tmp_path_factory.mktemp("demo-template")
    store = open_store(f"sqlite:///{folder / 'terminal.db'}")
    seed_cards(CardService(store), folder, currency="USD")
    store.close()
    return folder


@pytest.fixture
def demo(qtbot: QtBot, tmp_path: Path, demo_template: Path) -> Iterator[DemoSession]:
    for name in ("terminal.db", "demo_cards.json"):
        shutil.copy(demo_template / name, tmp_path / name)
    session = build_demo(data_dir=tmp_path, offline=True, shell_scanner=False)
    window = session.window
    show_for_typing(qtbot, window, (1366, 768))
    window.activateWindow()
    # Ready: the sale left open (if any) was looked for, and nothing is queued.
    qtbot.waitUntil(lambda: window.controller.resumed and not window.controller.busy)
    yield session
    session.close()


def card(session: DemoSession, label: str) -> DemoCard:
    return next(c for c in session.cards if c.label == label)


def type_text(window: MainWindow, text: str) -> None:
    """Type into the entry field as a person would (then press keys)."""
    QTest.keyClicks(window.checkout.entry, text)


def press(window: MainWindow, key: Qt.Key) -> None:
    target = window.focusWidget() or window.checkout.entry
    QTest.keyClick(target, key)


def wait_connected(qtbot: QtBot, window: MainWindow, device: str = "scanner") -> None:
    qtbot.waitUntil(lambda: window.status.device_text(device) == f"{device}: connected",
                    timeout=5000)
