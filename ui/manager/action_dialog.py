"""The confirmation every card repair goes through: what will happen, the
balance before and after (updated as the manager types), and the inputs the
action needs (an amount, a reason, other cards). ``confirmed(dict)`` carries
the inputs; nothing happens to the card until then."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QDialog,
    QFormLayout,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QVBoxLayout,
    QWidget,
)

from app.domain import CardView
from app.errors import GiftposError
from ui.i18n import tr
from ui.manager.common import button, hint, title
from ui.money import MoneyFormat


@dataclass(frozen=True)
class Preview:
    """One card's line in the before/after table."""

    card: str  # masked
    before: int
    after: int | None  # None: not known until it is done
    note: str = ""


# inputs -> preview lines (raises GiftposError for input that does not parse)
Previewer = Callable[[dict[str, object]], list[Preview]]


class ActionDialog(QDialog):
    confirmed = Signal(object)
    card_wanted = Signal(str)  # a number typed for the other-cards list

    def __init__(self, heading: str, explain: str, card: CardView, money: MoneyFormat,
                 previewer: Previewer, *, amount: str = "", reason: bool = False,
                 other_cards: bool = False, tone: str = "primary", confirm: str = "",
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("actionDialog")
        self.setModal(True)
        self.setWindowTitle(heading)
        self.setMinimumWidth(560)
        self.card = card
        self.money = money
        self.previewer = previewer
        self.others: list[CardView] = []
        form = QFormLayout()
        self.amount: QLineEdit | None = None
        self.reason: QLineEdit | None = None
        self.other_entry: QLineEdit | None = None
        self.other_list: QListWidget | None = None
        if amount:
            self.amount = QLineEdit()
            self.amount.setObjectName("actionAmount")
            self.amount.setPlaceholderText(amount)
            self.amount.textChanged.connect(self.refresh)
            form.addRow(tr("Amount"), self.amount)
        if reason:
            self.reason = QLineEdit()
            self.reason.setObjectName("actionReason")
            self.reason.setPlaceholderText(tr("Why (kept in the journal)"))
            self.reason.textChanged.connect(self.refresh)
            form.addRow(tr("Reason"), self.reason)
        if other_cards:
            self.other_entry = QLineEdit()
            self.other_entry.setObjectName("actionOtherCard")
            self.other_entry.setPlaceholderText(tr("Scan or type another card, Enter"))
            self.other_entry.returnPressed.connect(self._want_card)
            self.other_list = QListWidget()
            self.other_list.setObjectName("actionOtherCards")
            self.other_list.setMaximumHeight(110)
            form.addRow(tr("Cards"), self.other_entry)
            form.addRow("", self.other_list)
        self.grid = QGridLayout()
        self.grid.setHorizontalSpacing(24)
        self.problem = QLabel("")
        self.problem.setObjectName("actionProblem")
        self.problem.setWordWrap(True)
        self.ok = button(tr('Enter  {confirm}').format(confirm=confirm), self._confirm, tone=tone,
                         name="actionConfirm",
                         height=52)
        cancel = button(tr("Esc  Cancel"), self.reject, name="actionCancel", height=52)
        # Enter does what the big button says (QDialog would otherwise press
        # the first auto-default button, Cancel, and lose what was typed).
        cancel.setAutoDefault(False)
        self.ok.setAutoDefault(False)
        row = QHBoxLayout()
        row.addWidget(cancel)
        row.addWidget(self.ok, 1)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(28, 24, 28, 24)
        outer.setSpacing(12)
        outer.addWidget(title(heading))
        outer.addWidget(hint(explain))
        outer.addLayout(form)
        outer.addLayout(self.grid)
        outer.addWidget(self.problem)
        outer.addLayout(row)
        self.refresh()

    # -- inputs --------------------------------------------------------------
    def inputs(self) -> dict[str, object]:
        out: dict[str, object] = {}
        if self.amount is not None:
            text = self.amount.text().strip()
            value = self.money.parse(text.lstrip("+-").strip()) if text else None
            # A leading minus: an adjustment that takes value off the card.
            out["amount"] = -value if value is not None and text.startswith("-") else value
        if self.reason is not None:
            out["reason"] = self.reason.text().strip()
        if self.other_list is not None:
            out["others"] = list(self.others)
        return out

    def add_other(self, card: CardView) -> None:
        """A card looked up for the other-cards list (GUI thread)."""
        if card.number == self.card.number or any(c.number == card.number
                                                  for c in self.others):
            self.problem.setText(tr('Card {masked} is already in the list.')
                                 .format(masked=card.masked))
            return
        self.others.append(card)
        if self.other_list is not None:
            self.other_list.addItem(f"{card.masked}   {self.money.show(card.balance)}   "
                                    f"{card.status}")
        self.refresh()

    def take_card(self, number: str) -> None:
        """A scan while the dialog is open goes to the other-cards list."""
        if self.other_entry is not None:
            self.card_wanted.emit(number)

    def _want_card(self) -> None:
        assert self.other_entry is not None
        text = self.other_entry.text().strip()
        self.other_entry.clear()
        if text:
            self.card_wanted.emit(text)

    # -- preview ---------------------------------------------------------------
    def refresh(self) -> None:
        while self.grid.count():
            item = self.grid.takeAt(0)
            w = item.widget() if item is not None else None
            if w is not None:
                w.deleteLater()
        try:
            lines = self.previewer(self.inputs())
            self.problem.setText("")
            self.ok.setEnabled(True)
        except GiftposError as exc:
            lines = [Preview(self.card.masked, self.card.balance, None)]
            self.problem.setText(exc.message)
            self.ok.setEnabled(False)
        for col, text in enumerate((tr("Card"), tr("Balance before"), "", tr("Balance after"),
                                    "")):
            h = QLabel(text.upper())
            h.setProperty("heading", True)
            self.grid.addWidget(h, 0, col)
        for r, p in enumerate(lines, start=1):
            after = "—" if p.after is None else self.money.show(p.after)
            cells = (p.card, self.money.show(p.before), "→", after, p.note)
            for col, text in enumerate(cells):
                label = QLabel(text)
                label.setObjectName(f"preview_{r}_{col}")
                if col in (1, 3):
                    label.setAlignment(Qt.AlignmentFlag.AlignRight)
                    label.setProperty("amount", True)
                self.grid.addWidget(label, r, col)

    @property
    def preview_rows(self) -> list[tuple[str, str]]:
        """(before, after) per card as shown (tests read them)."""
        out = []
        for r in range(1, self.grid.rowCount()):
            b = self.grid.itemAtPosition(r, 1)
            a = self.grid.itemAtPosition(r, 3)
            if b is not None and a is not None:
                bw, aw = b.widget(), a.widget()
                if isinstance(bw, QLabel) and isinstance(aw, QLabel):
                    out.append((bw.text(), aw.text()))
        return out

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            if self.other_entry is not None and self.other_entry.hasFocus():
                return  # that Enter adds the card typed there (returnPressed)
            if self.ok.isEnabled():
                self._confirm()
            return
        super().keyPressEvent(event)

    def _confirm(self) -> None:
        try:
            values = self.inputs()
            self.previewer(values)
        except GiftposError as exc:
            self.problem.setText(exc.message)
            return
        self.accept()
        self.confirmed.emit(values)
