"""The amount-due panel of the checkout screen: what is still due (or the
change, or "paid") in large type, the sale's total and what was paid, and a
tone the theme colours (due, done, idle)."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFrame, QLabel, QVBoxLayout

from app.checkout.models import SaleView
from ui.i18n import tr
from ui.money import MoneyFormat


class DuePanel(QFrame):
    def __init__(self, money: MoneyFormat) -> None:
        super().__init__()
        self.setObjectName("duePanel")
        self.money = money
        self.caption = QLabel(tr("AMOUNT DUE"))
        self.caption.setObjectName("dueCaption")
        self.amount = QLabel()
        self.amount.setObjectName("dueAmount")
        self.amount.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        self.totals = QLabel()
        self.totals.setObjectName("dueTotals")
        self.totals.setAlignment(Qt.AlignmentFlag.AlignRight)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(20, 10, 20, 10)
        layout.addWidget(self.caption)
        layout.addWidget(self.amount)
        layout.addWidget(self.totals)

    def show_open(self, sale: SaleView | None) -> None:
        """The open sale's amount due (None: no sale open)."""
        self.caption.setText(tr("AMOUNT DUE"))
        if sale is None:
            self.amount.setText(self.money.show(0))
            self.totals.setText(tr("No sale open"))
            self._set_tone("idle")
            return
        self.amount.setText(self.money.show(sale.remaining_due))
        self._show_totals(sale)
        self._set_tone("due" if sale.remaining_due else "done")

    def show_finished(self, sale: SaleView) -> None:
        """The sale just paid: its change, or that it was paid."""
        change = sale.change
        self.caption.setText(tr("CHANGE") if change else tr("PAID"))
        self.amount.setText(self.money.show(change) if change else self.money.show(sale.total))
        self._show_totals(sale)
        self._set_tone("done")

    def _show_totals(self, sale: SaleView) -> None:
        self.totals.setText(tr('Total {show}   ·   Paid {show2}')
                            .format(show=self.money.show(sale.total),
                                    show2=self.money.show(sale.paid)))

    def _set_tone(self, tone: str) -> None:
        if self.property("tone") != tone:
            self.setProperty("tone", tone)
            for w in (self, self.amount, self.caption):
                w.style().unpolish(w)
                w.style().polish(w)
