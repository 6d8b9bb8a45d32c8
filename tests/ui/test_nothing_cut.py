"""Nothing is cut short at 1024x768 or 1366x768 (issue 16: "$9…", the Z
chart's "Gift …"): a big amount due or change keeps to its panel in a
smaller font, the next step and a long banner keep to their fixed rooms, and
the Z report's chart has room for every tender's name."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QFont, QFontMetrics
from PySide6.QtWidgets import QLabel, QPushButton, QStyle, QStyleOptionButton
from pytestqt.qtbot import QtBot

from tests.ui.windows import show_for_typing
from ui.demo import DemoSession, build_demo
from ui.fit_text import OneLineLabel
from ui.wording import Message

QtCharts = pytest.importorskip("PySide6.QtCharts")


@pytest.fixture(params=[(1024, 768), (1366, 768)], ids=["1024", "1366"])
def till(request: pytest.FixtureRequest, qtbot: QtBot, tmp_path: Path) -> Iterator[DemoSession]:
    # With the demo's card panel beside it: the narrowest the till gets.
    session = build_demo(data_dir=tmp_path, offline=True, virtual_scanner=False)
    show_for_typing(qtbot, session.window, request.param)
    qtbot.waitUntil(lambda: not session.window.controller.busy, timeout=5000)
    yield session
    session.close()


def _till(param: tuple[int, str], qtbot: QtBot, tmp_path: Path) -> Iterator[DemoSession]:
    """The demo till at ``param`` (screen width, locale), ready for typing;
    English again after it."""
    from ui import i18n

    size, locale = param
    session = build_demo(data_dir=tmp_path, offline=True, virtual_scanner=False, locale=locale)
    show_for_typing(qtbot, session.window, (size, 768))
    qtbot.waitUntil(lambda: not session.window.controller.busy, timeout=5000)
    yield session
    session.close()
    i18n.install("en_US")


@pytest.fixture(params=[(1024, "en_US"), (1366, "en_US"), (1366, "de_DE")],
                ids=["1024", "1366", "1366-de"])
def any_till(request: pytest.FixtureRequest, qtbot: QtBot,
             tmp_path: Path) -> Iterator[DemoSession]:
    yield from _till(request.param, qtbot, tmp_path)


def one_line_fits(label: QLabel) -> bool:
    return label.fontMetrics().horizontalAdvance(label.text()) <= label.contentsRect().width()


def wrapped_fits(label: QLabel) -> bool:
    return label.heightForWidth(label.width()) <= label.height()


def settled_keypad(qtbot: QtBot, window: Any) -> Any:
    """Where the keypad is once the window has laid itself out (read until it
    stays put: a read right after a change can come before the layout pass)."""
    keypad = window.checkout.keypad
    seen: list[Any] = []

    def settled() -> bool:
        seen.append(keypad.mapTo(window, keypad.rect().topLeft()))
        return len(seen) >= 3 and seen[-1] == seen[-2] == seen[-3]

    qtbot.waitUntil(settled, timeout=5000)
    return seen[-1]


def test_a_big_amount_and_long_words_keep_to_their_room(qtbot: QtBot,
                                                        till: DemoSession) -> None:
    window, ctl = till.window, till.window.controller
    screen = window.checkout
    keypad = settled_keypad(qtbot, window)
    with qtbot.waitSignal(ctl.sale_changed, timeout=5000):
        ctl.add_item(9_999_999, "Big")
    qtbot.waitUntil(lambda: screen.due.text().startswith("$99,999"), timeout=5000)
    assert one_line_fits(screen.due), screen.due.text()
    with qtbot.waitSignal(ctl.sale_finished, timeout=5000):
        ctl.pay_cash(1_000_000_000)  # $10,000,000.00 for $99,999.99: big change
    qtbot.waitUntil(lambda: screen.due.text() == "$9,900,000.01", timeout=5000)
    assert one_line_fits(screen.due), (screen.due.text(), screen.due.width())
    assert wrapped_fits(screen.prompt), screen.prompt.text()
    window.banner.show_message(Message(
        "Card •••• 1234 has $150.00 — take it and collect the rest of the $99,999.99 due?",
        "Enter takes $150.00; $99,849.99 will still be due. Esc: take another payment "
        "instead, or cancel the sale."), action="Take $150.00", on_accept=lambda: None)
    title, hint = window.banner._title, window.banner._hint
    layout = window.banner.layout()
    assert layout is not None
    margins = layout.contentsMargins()
    room = window.banner.height() - margins.top() - margins.bottom()
    qtbot.waitUntil(lambda: title.heightForWidth(title.width()) + 2
                    + hint.heightForWidth(hint.width()) <= room, timeout=2000)
    assert screen.keypad.mapTo(window, screen.keypad.rect().topLeft()) == keypad


def test_working_and_a_name_signed_in_never_move_the_keypad(qtbot: QtBot,
                                                            till: DemoSession) -> None:
    """The header keeps its height: "Working…" (shown while the worker runs)
    and who is signed in take room from the till's name, which stays on one
    line (it used to wrap at 1024 and push the screen 50 px down)."""
    window, ctl = till.window, till.window.controller
    keypad = settled_keypad(qtbot, window)
    ctl.started.emit()
    qtbot.waitUntil(window.busy.isVisible, timeout=2000)
    assert settled_keypad(qtbot, window) == keypad
    ctl.idle.emit()
    manager = window.approvals.manager
    manager.staff.add(name="Maximiliane Mustermann-Schulze", role="manager", pin="2468")
    with qtbot.waitSignal(manager.session.changed, timeout=5000):
        manager.session._set_person(manager.staff.sign_in(
            name="Maximiliane Mustermann-Schulze", pin="2468"))
    qtbot.waitUntil(lambda: window.stack.currentWidget() is window.checkout, timeout=5000)
    assert settled_keypad(qtbot, window) == keypad
    where = window.findChild(OneLineLabel, "headerWhere")
    assert where is not None and where.shown_text().endswith(window.terminal.config.terminal_id)


def test_every_key_of_the_keypad_is_whole(qtbot: QtBot, till: DemoSession) -> None:
    """768 px high leaves the keypad about 173 px: its four rows fit in it
    (the bottom row, 0 00 and the decimal point, was cut off)."""
    keypad = till.window.checkout.keypad
    settled_keypad(qtbot, till.window)
    assert keypad.minimumSizeHint().height() <= keypad.height()
    for key in keypad.findChildren(QPushButton):
        assert keypad.rect().contains(key.geometry()), (key.text(), key.geometry(), keypad.size())
        # Its caption whole inside the padding (a German "," lost its tail and
        # read as ".").
        option = QStyleOptionButton()
        key.initStyleOption(option)
        room = key.style().subElementRect(QStyle.SubElement.SE_PushButtonContents, option, key)
        assert QFontMetrics(key.font()).height() <= room.height(), (key.text(), room)


def test_the_z_charts_have_room_for_every_name(qtbot: QtBot, any_till: DemoSession) -> None:
    window, ctl = any_till.window, any_till.window.controller
    number = any_till.cards[0].number
    with qtbot.waitSignal(ctl.sale_changed, timeout=5000):
        ctl.add_item(4500, "Scarf")
    with qtbot.waitSignal(ctl.sale_changed, timeout=5000):
        ctl.pay_card(number, 2000)
    with qtbot.waitSignal(ctl.sale_changed, timeout=5000):
        ctl.pay_external(1000)
    with qtbot.waitSignal(ctl.sale_finished, timeout=5000):
        ctl.pay_cash(None)
    console = window.approvals.manager.open_console("reports")
    qtbot.waitUntil(lambda: len(console.reports.charts) == 2, timeout=5000)
    checked = 0
    for view in console.reports.charts:
        chart = view.chart()
        def laid_out(c: Any = chart) -> bool:
            return bool(c.plotArea().left() > c.margins().left())

        qtbot.waitUntil(laid_out, timeout=3000)
        area = chart.plotArea()
        for axis in chart.axes():
            if not isinstance(axis, QtCharts.QBarCategoryAxis):
                continue
            names = axis.categories()
            fm = QFontMetrics(axis.labelsFont())
            widths = [fm.horizontalAdvance(line) for n in names for line in n.split("<br>")]
            if axis.alignment() == Qt.AlignmentFlag.AlignLeft:
                # Names at the left: Qt gives them about a third of the chart.
                room = min(area.left() - chart.margins().left(), chart.size().width() / 3)
            else:
                room = area.width() / len(names)  # names under their bars
            assert max(widths) <= room, (view.property("chart_title"), names, room)
            checked += 1
    assert checked == 2


@pytest.fixture(params=[(1024, "en_US"), (1366, "en_US"), (1024, "de_DE"), (1024, "es_ES")],
                ids=["1024", "1366", "1024-de", "1024-es"])
def narrow_till(request: pytest.FixtureRequest, qtbot: QtBot,
                tmp_path: Path) -> Iterator[DemoSession]:
    yield from _till(request.param, qtbot, tmp_path)


def test_the_header_and_the_table_headings_are_whole(qtbot: QtBot,
                                                     narrow_till: DemoSession) -> None:
    """At 1024x768 with the demo's panel beside the till, in English, German
    and Spanish: the header's till name ("demo-till") on one line, whole, and
    every heading and cell of the sale's and the payments' tables whole."""
    till = narrow_till
    window, ctl = till.window, till.window.controller
    with qtbot.waitSignal(ctl.sale_changed, timeout=5000):
        ctl.add_item(4500, "Scarf")
    with qtbot.waitSignal(ctl.sale_changed, timeout=5000):
        ctl.pay_card(till.cards[0].number, 2000)
    where = window.findChild(OneLineLabel, "headerWhere")
    assert where is not None
    qtbot.waitUntil(lambda: where.width() > 0, timeout=2000)
    # On one line, the till's name whole (the store's is cut short or left
    # out on a narrow screen; the tooltip has both).
    shown, till_name = where.shown_text(), window.terminal.config.terminal_id
    assert shown.endswith(till_name), (shown, where.width())
    assert where.fontMetrics().horizontalAdvance(shown) <= where.contentsRect().width()
    assert not where.wordWrap() and where.height() < 2 * where.fontMetrics().lineSpacing()
    for table in (window.checkout.lines, window.checkout.tenders):
        heads = table.horizontalHeader()
        bold = QFont(heads.font())
        bold.setBold(True)
        fm = QFontMetrics(bold)
        for col in range(table.columnCount()):
            head = table.horizontalHeaderItem(col)
            assert head is not None
            cells = [table.item(r, col).text() for r in range(table.rowCount())
                     if table.item(r, col) is not None]
            texts = [head.text(), *cells]
            # The headings are bold with 10 px a side (resources/themes/base.qss).
            need = max([fm.horizontalAdvance(head.text()) + 20]
                       + [table.fontMetrics().horizontalAdvance(c) + 8 for c in cells])
            assert heads.sectionSize(col) >= need, (texts, heads.sectionSize(col), need)
    for key in window.checkout.fkeys.buttons.values():
        fm = QFontMetrics(key.font())
        widest = max(fm.horizontalAdvance(line) for line in key.text().split("\n"))
        assert widest <= key.width() - 24, (key.text(), key.width(), widest)
