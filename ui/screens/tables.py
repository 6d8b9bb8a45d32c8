"""The read-only tables of the checkout screen (sale lines, payments):
large rows, no focus, amounts right-aligned."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTableWidget, QTableWidgetItem


def sale_table(headers: Sequence[str], name: str) -> QTableWidget:
    t = QTableWidget(0, len(headers))
    t.setObjectName(name)
    t.setHorizontalHeaderLabels(list(headers))
    t.verticalHeader().hide()
    t.setShowGrid(False)
    t.setAlternatingRowColors(True)
    t.setFocusPolicy(Qt.FocusPolicy.NoFocus)
    t.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    t.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    header = t.horizontalHeader()
    header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
    for i in range(1, len(headers)):
        header.setSectionResizeMode(i, QHeaderView.ResizeMode.ResizeToContents)
    t.verticalHeader().setDefaultSectionSize(40)
    for i in range(len(headers)):
        align = Qt.AlignmentFlag.AlignRight if i >= 2 else Qt.AlignmentFlag.AlignLeft
        item = t.horizontalHeaderItem(i)
        if item is not None:
            item.setTextAlignment(align | Qt.AlignmentFlag.AlignVCenter)
    return t


def cell(text: str, *, right: bool = False) -> QTableWidgetItem:
    item = QTableWidgetItem(text)
    if right:
        item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
    return item
