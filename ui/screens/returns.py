"""Returns: any sale of this till, found by scanning its receipt's barcode
or typing its number (F9 opens with the last one), its lines to pick one by
one (none picked: all), and where the money goes: back to the cards that
paid, or onto a new card."""

from __future__ import annotations

from babel.dates import format_datetime
from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.checkout.models import RefundResult, SaleView
from ui.i18n import QT_TR_NOOP, tr
from ui.money import MoneyFormat

_STATUS = {"OPEN": QT_TR_NOOP("open"), "COMPLETED": QT_TR_NOOP("completed"),
           "CANCELLED": QT_TR_NOOP("cancelled"), "REFUNDED": QT_TR_NOOP("refunded"),
           "PARTLY_REFUNDED": QT_TR_NOOP("partly refunded"), "VOIDED": QT_TR_NOOP("voided")}


class ReturnsScreen(QWidget):
    """``refund(sale_id, line_ids | None, to_new_card)``; ``back()``."""

    refund = Signal(str, object, bool)
    back = Signal()
    find_wanted = Signal(str)  # a receipt's barcode or a sale number typed

    def __init__(self, money: MoneyFormat, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("returnsScreen")
        self.money = money
        self.sale: SaleView | None = None
        title = QLabel(tr("Returns"))
        title.setObjectName("screenTitle")
        self.info = QLabel(tr("No completed sale yet."))
        self.info.setObjectName("screenHint")
        self.info.setWordWrap(True)
        self.search = QLineEdit()
        self.search.setObjectName("returnsSearch")
        self.search.setPlaceholderText(tr("Scan the receipt, or type the sale number"))
        self.search.returnPressed.connect(self._find)
        findb = QPushButton(tr("Enter  Find"))
        findb.setObjectName("returnsFind")
        findb.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        findb.clicked.connect(self._find)
        search_row = QHBoxLayout()
        search_row.addWidget(self.search, 1)
        search_row.addWidget(findb)
        self.table = QTableWidget(0, 3)
        self.table.setObjectName("returnLines")
        self.table.setHorizontalHeaderLabels([tr("Item"), tr("Amount"), tr("Returned")])
        self.table.verticalHeader().hide()
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.MultiSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        heads = self.table.horizontalHeader()
        heads.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        for col in (1, 2):  # amounts and their headers are never cut short
            heads.setSectionResizeMode(col, QHeaderView.ResizeMode.ResizeToContents)
        self.table.verticalHeader().setDefaultSectionSize(40)
        self.to_cards = QPushButton(tr("F1  Back to the card(s) that paid"))
        self.to_cards.setObjectName("refundOriginal")
        self.to_cards.setProperty("tone", "primary")
        self.to_new = QPushButton(tr("F2  Onto a new card"))
        self.to_new.setObjectName("refundNewCard")
        backb = QPushButton(tr("Esc  Back to sale"))
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
        outer.setContentsMargins(24, 16, 24, 16)
        outer.setSpacing(10)
        outer.addWidget(title)
        outer.addLayout(search_row)
        for w in (self.info, self.table, self.result):
            outer.addWidget(w)
        outer.addLayout(row)

    def focus_entry(self) -> None:
        self.search.setFocus(Qt.FocusReason.OtherFocusReason)

    def _find(self) -> None:
        text = self.search.text().strip()
        if text:
            self.search.clear()
            self.find_wanted.emit(text)

    def take_code(self, code: str) -> None:
        """A receipt's barcode scanned while returns are on screen."""
        self.find_wanted.emit(code)

    def show_sale(self, sale: SaleView | None) -> None:
        self.sale = sale
        self.table.setRowCount(0)
        self.result.clear()
        if sale is None:
            self.info.setText(tr("No completed sale yet. Scan a receipt or type its sale number."))
            return
        when = sale.completed_at or sale.created_at
        self.info.setText(tr("Sale {number} · {when} · {total} · {status} · pick the items to "
                             "return (none picked: the whole sale)").format(
            number=sale.number,
            when=format_datetime(when.astimezone(), "short", locale=self.money.locale),
            total=self.money.show(sale.total),
            status=tr(_STATUS.get(str(sale.status), str(sale.status).lower()))))
        for line in sale.lines:
            r = self.table.rowCount()
            self.table.insertRow(r)
            what = f"{line.quantity} x {line.description}" if line.quantity > 1 \
                else line.description
            item = QTableWidgetItem(what + (f"  {line.card}" if line.card else ""))
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
        m = self.money
        parts = [tr("Returned {total}.").format(total=m.show(result.total))]
        for r in result.refunds:
            parts.append(tr("{amount} back on card {card} (now {balance}).").format(
                amount=m.show(r.amount), card=r.card, balance=m.show(r.new_balance)))
        if result.new_card:
            parts.append(tr("New card {card}: give it to the customer.").format(
                card=result.new_card))
        if result.cash_back:
            parts.append(tr("Give {amount} back in cash.").format(amount=m.show(result.cash_back)))
        if result.external_back:
            parts.append(tr("Refund {amount} on the card terminal.").format(
                amount=m.show(result.external_back)))
        self.result.setText(" ".join(parts))
        self.show_sale(result.sale)
        self.result.setText(" ".join(parts))
