"""Balance check without a sale: scan, swipe or type a card, read its
balance. Esc goes back to the sale."""

from __future__ import annotations

from babel.dates import format_date
from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app.domain import CardStatus, CardView
from ui.i18n import QT_TR_NOOP, tr
from ui.money import MoneyFormat

_STATUS_WORDS = {
    CardStatus.ACTIVE: QT_TR_NOOP("Active — can pay"),
    CardStatus.REDEEMED: QT_TR_NOOP("Spent to zero — can be reloaded"),
    CardStatus.INACTIVE: QT_TR_NOOP("Not sold yet — sell it with F6"),
    CardStatus.FROZEN: QT_TR_NOOP("Frozen — ask a manager"),
    CardStatus.EXPIRED: QT_TR_NOOP("Expired — ask a manager"),
    CardStatus.CANCELLED: QT_TR_NOOP("Cancelled — cannot be used"),
    CardStatus.COMBINED: QT_TR_NOOP("Combined into another card"),
}


class BalanceScreen(QWidget):
    lookup = Signal(str)
    cashout = Signal(str)  # F1: pay this card's small balance out in cash
    back = Signal()

    def __init__(self, money: MoneyFormat, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("balanceScreen")
        self.money = money
        self.card: CardView | None = None
        title = QLabel(tr("Balance check"))
        title.setObjectName("screenTitle")
        hint = QLabel(tr("Scan, swipe or type a gift card. Nothing is charged."))
        hint.setObjectName("screenHint")

        panel = QFrame()
        panel.setObjectName("balancePanel")
        self.number = QLabel(tr("No card yet"))
        self.number.setObjectName("balanceCard")
        self.amount = QLabel("—")
        self.amount.setObjectName("balanceAmount")
        self.amount.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.status = QLabel("")
        self.status.setObjectName("balanceStatus")
        self.status.setAlignment(Qt.AlignmentFlag.AlignCenter)
        pl = QVBoxLayout(panel)
        pl.setContentsMargins(32, 28, 32, 28)
        pl.setSpacing(6)
        for w in (self.number, self.amount, self.status):
            pl.addWidget(w, 0, Qt.AlignmentFlag.AlignHCenter)

        self.entry = QLineEdit()
        self.entry.setObjectName("balanceEntry")
        self.entry.setPlaceholderText(tr("Card number"))
        self.entry.returnPressed.connect(self._submit)
        check = QPushButton(tr("Enter  Check"))
        check.setObjectName("balanceCheck")
        check.setProperty("tone", "primary")
        check.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        check.setMinimumHeight(56)
        check.clicked.connect(self._submit)
        cash = QPushButton(tr("F1  Cash out"))
        cash.setObjectName("balanceCashout")
        cash.setToolTip(tr("Pay a small balance out in cash from the drawer"))
        cash.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        cash.setMinimumHeight(56)
        cash.clicked.connect(self.request_cashout)
        back = QPushButton(tr("Esc  Back to sale"))
        back.setObjectName("balanceBack")
        back.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        back.setMinimumHeight(56)
        back.clicked.connect(lambda: self.back.emit())
        row = QHBoxLayout()
        row.addWidget(self.entry, 1)
        row.addWidget(check)
        row.addWidget(cash)
        row.addWidget(back)

        outer = QVBoxLayout(self)
        outer.setContentsMargins(48, 32, 48, 32)
        outer.setSpacing(16)
        outer.addWidget(title)
        outer.addWidget(hint)
        outer.addWidget(panel, 1)
        outer.addLayout(row)

    def _submit(self) -> None:
        text = self.entry.text().strip()
        if text:
            self.entry.clear()
            self.lookup.emit(text)

    def request_cashout(self) -> None:
        """F1: the card typed (or scanned) in the field, else the card shown."""
        text = self.entry.text().strip()
        number = text or (self.card.number if self.card is not None else "")
        if number:
            self.entry.clear()
            self.cashout.emit(number)

    def show_card(self, card: CardView) -> None:
        self.card = card
        self.number.setText(tr('Card {masked}').format(masked=card.masked))
        self.amount.setText(self.money.show(card.balance))
        words = tr(_STATUS_WORDS.get(card.status, str(card.status)))
        if card.expires_on is not None:
            words += "  ·  " + tr("expires {date}").format(
                date=format_date(card.expires_on, format="medium", locale=self.money.locale))
        self.status.setText(words)

    def clear_card(self, number: str = "") -> None:
        """A look-up that failed: the previous card's balance must not stay
        on screen beside the message about this one."""
        self.card = None
        tail = "".join(ch for ch in number if ch.isdigit())[-4:]
        self.number.setText(tr('Card •••• {tail}').format(tail=tail) if tail else tr("No card yet"))
        self.amount.setText("—")
        self.status.setText("")

    @property
    def shown_balance(self) -> str:
        return self.amount.text() if self.card is not None else ""

    def focus_entry(self) -> None:
        self.entry.setFocus(Qt.FocusReason.OtherFocusReason)
