"""Returns: the last completed sale, its lines to pick (none picked: all),
and where the money goes: back to the cards that paid, or onto a new card."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.checkout.models import RefundResult, SaleView
from ui.money import MoneyFormat


class ReturnsScreen(QWidget):
    """``refund(sale_id, line_ids | None, to_new_card)``; ``back()``."""

    refund = Signal(str, object, bool)
    back = Signal()

    def __init__(self, money: MoneyFormat, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("returnsScreen")
        self.money = money
        self.sale: SaleView | None = None
        title = QLabel("Returns")
        title.setObjectName("screenTitle")
        self.info = QLabel("No completed sale yet.")
        self.info.setObjectName("screenHint")
        self.table = QTableWidget(0, 3)
        self.table.setObjectName("returnLines")
        self.table.setHorizontalHeaderLabels(["Item", "Amount", "Already returned"])
        self.table.verticalHeader().hide()
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.MultiSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        heads = self.table.horizontalHeader()
        heads.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        for col in (1, 2):  # amounts and their headers are never cut short
            heads.setSectionResizeMode(col, QHeaderView.ResizeMode.ResizeToContents)
        self.table.verticalHeader().setDefaultSectionSize(40)
        self.to_cards = QPushButton("F1  Back to the card(s) that paid")
        self.to_cards.setObjectName("refundOriginal")
        self.to_cards.setProperty("tone", "primary")
        self.to_new = QPushButton("F2  Onto a new card")
        self.to_new.setObjectName("refundNewCard")
        backb = QPushButton("Esc  Back to sale")
        backb.setObjectName("returnsBack")
        row = QHBoxLayout()
        for b in (self.to_cards, self.to_new, backb):
            b.setFocusPolicy(Qt.FocusPolicy.NoFocus)
            b.setMinimumHeight(56)
            row.addWidget(b)
        self.to_cards.clicked.connect(lambda: self.submit(to_new_card=False))
        self.to_new.clicked.connect(lambda: self.submit(to_new_card=True))
        backb.clicked.connect(lambda: self.back.emit())
        self.result = QLabel("")
        self.result.setObjectName("returnResult")
        self.result.setWordWrap(True)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(48, 32, 48, 32)
        outer.setSpacing(12)
        for w in (title, self.info, self.table, self.result):
            outer.addWidget(w)
        outer.addLayout(row)

    def show_sale(self, sale: SaleView | None) -> None:
        self.sale = sale
        self.table.setRowCount(0)
        self.result.clear()
        if sale is None:
            self.info.setText("No completed sale yet.")
            return
        self.info.setText(f"Last sale {sale.id[:8]} · {self.money.show(sale.total)} · "
                          "pick lines to return (none picked: the whole sale)")
        for line in sale.lines:
            r = self.table.rowCount()
            self.table.insertRow(r)
            item = QTableWidgetItem(line.description + (f"  {line.card}" if line.card else ""))
            item.setData(Qt.ItemDataRole.UserRole, line.id)
            self.table.setItem(r, 0, item)
            self.table.setItem(r, 1, QTableWidgetItem(self.money.show(line.amount)))
            self.table.setItem(r, 2, QTableWidgetItem(self.money.show(line.refunded)
                                                      if line.refunded else ""))

    def submit(self, *, to_new_card: bool) -> None:
        if self.sale is None:
            return
        rows = sorted({i.row() for i in self.table.selectedIndexes()})
        items = [self.table.item(r, 0) for r in rows]
        ids = [i.data(Qt.ItemDataRole.UserRole) for i in items if i is not None] or None
        self.refund.emit(self.sale.id, ids, to_new_card)

    def show_result(self, result: RefundResult) -> None:
        parts = [f"Returned {self.money.show(result.total)}."]
        for r in result.refunds:
            parts.append(f"{self.money.show(r.amount)} back on card {r.card} "
                         f"(now {self.money.show(r.new_balance)}).")
        if result.new_card:
            parts.append(f"New card {result.new_card}: give it to the customer.")
        if result.cash_back:
            parts.append(f"Give {self.money.show(result.cash_back)} back in cash.")
        if result.external_back:
            parts.append(f"Refund {self.money.show(result.external_back)} on the card terminal.")
        self.result.setText(" ".join(parts))
        self.show_sale(result.sale)
        self.result.setText(" ".join(parts))
