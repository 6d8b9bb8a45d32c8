"""Small widget helpers shared by the manager screens (one look, one place)."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QWidget,
)


def title(text: str) -> QLabel:
    label = QLabel(text)
    label.setObjectName("screenTitle")
    return label


def hint(text: str = "") -> QLabel:
    label = QLabel(text)
    label.setObjectName("screenHint")
    label.setWordWrap(True)
    return label


def heading(text: str) -> QLabel:
    label = QLabel(text.upper())
    label.setProperty("heading", True)
    return label


def button(text: str, on_click: Callable[[], object] | None = None, *, tone: str = "",
           name: str = "", height: int = 44) -> QPushButton:
    b = QPushButton(text)
    if tone:
        b.setProperty("tone", tone)
    if name:
        b.setObjectName(name)
    b.setMinimumHeight(height)
    if on_click is not None:
        b.clicked.connect(lambda _=False: on_click())
    return b


def table(headers: Sequence[str], name: str, *, stretch: int = -1) -> QTableWidget:
    t = QTableWidget(0, len(headers))
    t.setObjectName(name)
    t.setHorizontalHeaderLabels(list(headers))
    t.verticalHeader().hide()
    t.setAlternatingRowColors(True)
    t.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    t.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    t.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    t.verticalHeader().setDefaultSectionSize(34)
    header = t.horizontalHeader()
    header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    header.setStretchLastSection(stretch < 0)
    if stretch >= 0:
        header.setSectionResizeMode(stretch, QHeaderView.ResizeMode.Stretch)
    return t


def fill(t: QTableWidget, rows: Sequence[Sequence[str]], *,
         right: Sequence[int] = ()) -> None:
    """Replace the rows of ``t``; columns in ``right`` (amounts) align right."""
    t.setRowCount(0)
    t.setRowCount(len(rows))
    for r, row in enumerate(rows):
        for c, text in enumerate(row):
            item = QTableWidgetItem(text)
            if c in right:
                item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            t.setItem(r, c, item)


def cell_texts(t: QTableWidget) -> list[list[str]]:
    """What a table shows, row by row (tests and screenshots read it)."""
    out = []
    for r in range(t.rowCount()):
        out.append([(t.item(r, c).text() if t.item(r, c) is not None else "")  # type: ignore[union-attr]
                    for c in range(t.columnCount())])
    return out


def clear_layout_widget(w: QWidget | None) -> None:
    if w is not None:
        w.setParent(None)
        w.deleteLater()
