"""The manager console is built whole: its tabs are given to its constructor
(the ones in modules of their own by ui/composition.py), and no module adds a
tab to it afterwards (issue 16: one composition root)."""

from __future__ import annotations

import re
from pathlib import Path

from pytestqt.qtbot import QtBot

from tests.ui.manager.conftest import MANAGER, MANAGER_PIN, Till, sign_in
from ui.manager.card_jobs_tab import CardJobsTab
from ui.manager.egift_tab import EgiftTab

UI = Path(__file__).resolve().parents[3] / "ui"


def test_only_the_console_adds_its_tabs() -> None:
    adders = sorted(str(p.relative_to(UI)) for p in UI.rglob("*.py")
                    if re.search(r"\.(addTab|insertTab)\(", p.read_text(encoding="utf-8")))
    assert adders == ["manager/console.py"], adders


def test_the_console_has_every_tab_when_built(qtbot: QtBot, till: Till) -> None:
    sign_in(qtbot, till, MANAGER, MANAGER_PIN)
    console = till.manager.open_console()
    labels = [console.tabs.tabText(i) for i in range(console.tabs.count())]
    assert labels[-2:] == ["E-gifts", "Card jobs"], labels
    assert len(console.names) == console.tabs.count()
    assert isinstance(console.egifts, EgiftTab)  # type: ignore[attr-defined]
    assert isinstance(console.card_jobs, CardJobsTab)  # type: ignore[attr-defined]
    assert all(console.tabs.isTabEnabled(i) for i in range(console.tabs.count()))
    console.show_tab("card_jobs")
    assert console.tabs.currentWidget() is console.card_jobs  # type: ignore[attr-defined]
