"""The "Card designs" tab in the real manager console (offscreen): there for
a manager, closed to a cashier."""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from collections.abc import Iterator
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from ui.demo import DemoSession, build_demo
from ui.designs import DesignsScreen
from ui.manager import Manager, install


@pytest.fixture
def session(qtbot: QtBot, tmp_path: Path) -> Iterator[tuple[DemoSession, Manager]]:
    demo = build_demo(data_dir=tmp_path, offline=True, virtual_scanner=False,
                      shell_scanner=False, panel=False)
    window = demo.window
    window.show()
    qtbot.waitExposed(window)
    existing = getattr(window, "manager", None)
    manager = existing if isinstance(existing, Manager) else install(
        window, config_path=tmp_path / "terminal.toml")
    yield demo, manager
    demo.close()


def test_the_designs_tab_lists_programs(qtbot: QtBot,
                                        session: tuple[DemoSession, Manager]) -> None:
    _demo, manager = session
    console = manager.open_console()  # no staff yet: the till is unattended, all tabs open
    screen = getattr(console, "designs", None)
    assert isinstance(screen, DesignsScreen)
    index = console.index_of(screen)
    assert console.tabs.tabText(index) == "Card designs" and console.tabs.isTabEnabled(index)
    with qtbot.waitSignal(screen.loaded, timeout=5000) as loaded:
        console.show_tab("designs")
    assert console.current_page is screen
    assert loaded.args[0] == [] and screen.cover.count() >= 3
