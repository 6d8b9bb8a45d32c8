"""The German Z report (the manager console's Reports, the day) fits a
1024x768 and a 1366x768 screen beside the demo's panel without scrolling
sideways: "Tag abschließen" and the cashiers' table are on screen at once
(issue 16, items 12 and 18)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, QRect
from PySide6.QtWidgets import QScrollArea, QWidget
from pytestqt.qtbot import QtBot

from tests.ui.windows import show_for_typing
from ui.demo import DemoSession, build_demo

pytest.importorskip("PySide6.QtCharts")


@pytest.fixture(params=[1024, 1366], ids=["1024-de", "1366-de"])
def german_till(request: pytest.FixtureRequest, qtbot: QtBot,
                tmp_path: Path) -> Iterator[DemoSession]:
    from ui import i18n

    session = build_demo(data_dir=tmp_path, offline=True, virtual_scanner=False,
                         locale="de_DE")
    show_for_typing(qtbot, session.window, (request.param, 768))
    qtbot.waitUntil(lambda: not session.window.controller.busy, timeout=5000)
    yield session
    session.close()
    i18n.install("en_US")


def _on_screen(widget: QWidget, area: QScrollArea) -> bool:
    viewport = area.viewport()
    top_left = widget.mapTo(viewport, QPoint(0, 0))
    return QRect(top_left, widget.size()).right() <= viewport.width()


def test_the_german_z_report_needs_no_sideways_scrolling(qtbot: QtBot,
                                                        german_till: DemoSession) -> None:
    window, ctl = german_till.window, german_till.window.controller
    with qtbot.waitSignal(ctl.sale_changed, timeout=5000):
        ctl.add_item(4500, "Schal")
    with qtbot.waitSignal(ctl.sale_finished, timeout=5000):
        ctl.pay_cash(None)
    console = window.approvals.manager.open_console("reports")
    reports = console.reports
    qtbot.waitUntil(lambda: len(reports.views) == 2, timeout=5000)
    area = reports.parentWidget()
    while area is not None and not isinstance(area, QScrollArea):
        area = area.parentWidget()
    assert isinstance(area, QScrollArea)
    bar = area.horizontalScrollBar()
    qtbot.waitUntil(lambda: reports.close_btn.width() > 0, timeout=2000)
    assert reports.close_btn.text() == "Tag abschließen"
    cashiers = reports.views[1]

    def fits() -> bool:  # once laid out
        return (bar.maximum() == 0 and _on_screen(reports.close_btn, area)
                and _on_screen(cashiers, area))
    try:
        qtbot.waitUntil(fits, timeout=3000)
    except Exception:  # pytestqt.exceptions.TimeoutError
        raise AssertionError((bar.maximum(), reports.minimumSizeHint(), area.width(),
                              cashiers.mapTo(area.viewport(), QPoint(0, 0)),
                              cashiers.width())) from None
