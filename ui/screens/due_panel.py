"""The amount-due panel of the checkout screen: what is still due (or the
change, or "paid") in large type, the sale's total and what was paid, and a
tone the theme colours (due, done, idle)."""

from __future__ import annotations

from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QResizeEvent, QShowEvent
from PySide6.QtWidgets import QFrame, QLabel, QSizePolicy, QVBoxLayout

from app.checkout.models import SaleView
from ui.fit_text import fit, theme_px
from ui.i18n import tr
from ui.money import MoneyFormat


class DuePanel(QFrame):
    def __init__(self, money: MoneyFormat) -> None:
        super().__init__()
        self._built = False
        self.setObjectName("duePanel")
        self.money = money
        self.caption = QLabel(tr("AMOUNT DUE"))
        self.caption.setObjectName("dueCaption")
        self.amount = QLabel()
        self.amount.setObjectName("dueAmount")
        self.amount.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        # However long the amount ($999,955.00 change), it takes the panel's
        # width and no more, in a smaller font: the sale's tables keep theirs.
        self.amount.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Fixed)
        self._px = self._totals_px = 0  # the theme's sizes
        self.totals = QLabel()
        self.totals.setObjectName("dueTotals")
        self.totals.setAlignment(Qt.AlignmentFlag.AlignRight)
        self.totals.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Fixed)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(20, 10, 20, 10)
        layout.addWidget(self.caption)
        layout.addWidget(self.amount)
        layout.addWidget(self.totals)
        self._built = True

    # -- keeping the amount to the panel's width ------------------------------
    def _fix(self) -> None:
        self._px, self._totals_px = theme_px(self.amount), theme_px(self.totals)
        self.amount.setFixedHeight(self.amount.fontMetrics().lineSpacing())
        self.totals.setFixedHeight(self.totals.fontMetrics().lineSpacing())
        self._fit()

    def _fit(self) -> None:
        fit([(self.amount, self._px)], self.amount.contentsRect().width(), 100_000, floor=0.3)
        fit([(self.totals, self._totals_px)], self.totals.contentsRect().width(), 100_000)

    def changeEvent(self, event: QEvent) -> None:
        if self._built and event.type() in (QEvent.Type.StyleChange, QEvent.Type.FontChange):
            self._fix()
        super().changeEvent(event)

    def showEvent(self, event: QShowEvent) -> None:
        self._fix()
        super().showEvent(event)

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._fit()

    # -- what it shows ------------------------------------------------------
    def show_open(self, sale: SaleView | None) -> None:
        """The open sale's amount due (None: no sale open)."""
        self.caption.setText(tr("AMOUNT DUE"))
        if sale is None:
            self._say(self.money.show(0))
            self.totals.setText(tr("No sale open"))
            self._fit()
            self._set_tone("idle")
            return
        self._say(self.money.show(sale.remaining_due))
        self._show_totals(sale)
        self._set_tone("due" if sale.remaining_due else "done")

    def show_finished(self, sale: SaleView) -> None:
        """The sale just paid: its change, or that it was paid."""
        change = sale.change
        self.caption.setText(tr("CHANGE") if change else tr("PAID"))
        self._say(self.money.show(change) if change else self.money.show(sale.total))
        self._show_totals(sale)
        self._set_tone("done")

    def _say(self, text: str) -> None:
        self.amount.setText(text)
        self._fit()

    def _show_totals(self, sale: SaleView) -> None:
        self.totals.setText(tr('Total {show}   ·   Paid {show2}')
                            .format(show=self.money.show(sale.total),
                                    show2=self.money.show(sale.paid)))
        self._fit()

    def _set_tone(self, tone: str) -> None:
        if self.property("tone") != tone:
            self.setProperty("tone", tone)
            for w in (self, self.amount, self.caption):
                w.style().unpolish(w)
                w.style().polish(w)
            # The fit made inside that style change can be left unapplied (the
            # totals kept the theme's size and lost "Su" of "Summe" at 1024).
            self._fit()
