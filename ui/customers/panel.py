"""Customers at the till (Ctrl+K or the header's "Customers" button; the
window, the shortcut and the button are wired in ui.composition): find a
customer by phone or name, list their saved cards with balances, pay with the
preferred card or the one chosen, make a card preferred, save a card to the
account, add a customer. Esc goes back to the sale.

Every service call runs on the window's Worker (off the GUI thread); answers
come back on the GUI thread; problems go to the window's one banner. Card
numbers are shown masked; a saved card's full number only travels from the
service to the sale controller's ``pay_card`` in memory.
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.customers.models import CustomerDirectory, CustomerView, SavedCardView
from app.customers.service import CustomerService
from app.errors import GiftposError
from ui.i18n import tr
from ui.money import MoneyFormat
from ui.worker import Worker

if TYPE_CHECKING:
    from ui.sale_controller import SaleController
    from ui.terminal_parts import Terminal

log = logging.getLogger(__name__)

SHORTCUT = "Ctrl+K"


def _button(text: str, tone: str | None = None) -> QPushButton:
    b = QPushButton(text)
    if tone:
        b.setProperty("tone", tone)
    return b


class CustomerPanel(QWidget):
    """Signals (GUI thread): ``found(list[CustomerView])``,
    ``cards_shown(list[SavedCardView])``, ``back()``, ``problem(exc)``,
    ``paying()`` once a saved card was handed to the sale."""

    found = Signal(object)
    cards_shown = Signal(object)
    back = Signal()
    problem = Signal(object)
    paying = Signal()
    notice = Signal(str, str)
    wanted = Signal()  # open_panel(): the window puts the panel on top

    def __init__(self, customers: CustomerDirectory, worker: Worker, money: MoneyFormat, *,
                 controller: SaleController | None = None,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("customerPanel")
        self.customers = customers
        self.worker = worker
        self.money = money
        self.controller = controller
        self.customer: CustomerView | None = None
        self.cards: list[SavedCardView] = []
        self._results: list[CustomerView] = []
        self._build()

    # -- layout ----------------------------------------------------------------
    def _build(self) -> None:
        title = QLabel(tr("Customers"))
        title.setObjectName("screenTitle")
        hint = QLabel(tr("Find the customer by phone (or its last four digits) or name. "
                      "Esc: back to the sale."))
        hint.setObjectName("screenHint")
        self.query = QLineEdit()
        self.query.setPlaceholderText(tr("Phone or name"))
        self.query.returnPressed.connect(self.search)
        find = _button(tr("Find"), "primary")
        find.clicked.connect(self.search)
        back = _button(tr("Back to sale"))
        back.clicked.connect(self.back.emit)
        row = QHBoxLayout()
        row.addWidget(self.query, 1)
        row.addWidget(find)
        row.addWidget(back)

        self.results = QListWidget()
        self.results.setObjectName("customerResults")
        self.results.setMaximumHeight(140)
        self.results.currentRowChanged.connect(self._picked)

        self.who = QLabel(tr("No customer chosen"))
        self.who.setObjectName("customerName")
        bold = self.who.font()
        bold.setBold(True)
        bold.setPointSizeF(bold.pointSizeF() * 1.25)
        self.who.setFont(bold)
        self.table = QTableWidget(0, 4)
        self.table.setObjectName("savedCards")
        self.table.setHorizontalHeaderLabels([tr("Card"), tr("Status"), tr("Balance"), tr("Notes")])
        self.table.verticalHeader().setVisible(False)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        heads = self.table.horizontalHeader()
        for col in (0, 1, 2):
            heads.setSectionResizeMode(col, QHeaderView.ResizeMode.ResizeToContents)
        heads.setSectionResizeMode(3, QHeaderView.ResizeMode.Stretch)
        self.pay_preferred = _button(tr("Pay with preferred card"), "primary")
        self.pay_preferred.clicked.connect(lambda: self.pay(chosen=False))
        self.pay_selected = _button(tr("Pay with selected card"))
        self.pay_selected.clicked.connect(lambda: self.pay(chosen=True))
        self.make_preferred = _button(tr("Make preferred"))
        self.make_preferred.clicked.connect(self.prefer)
        actions = QHBoxLayout()
        for b in (self.pay_preferred, self.pay_selected, self.make_preferred):
            actions.addWidget(b)
        actions.addStretch(1)

        self.card_number = QLineEdit()
        self.card_number.setPlaceholderText(tr("Scan or type a card to save it"))
        self.card_number.setEchoMode(QLineEdit.EchoMode.Password)  # a full number on screen
        save = _button(tr("Save to account"))
        save.clicked.connect(self.save_card)
        save_row = QHBoxLayout()
        save_row.addWidget(self.card_number, 1)
        save_row.addWidget(save)

        self.new_name, self.new_phone, self.new_email = QLineEdit(), QLineEdit(), QLineEdit()
        self.new_name.setPlaceholderText(tr("Name"))
        self.new_phone.setPlaceholderText(tr("Phone"))
        self.new_email.setPlaceholderText(tr("E-mail (optional)"))
        add = _button(tr("Add customer"))
        add.clicked.connect(self.add_customer)
        new = QGridLayout()
        new.addWidget(QLabel(tr("New customer")), 0, 0, 1, 4)
        for i, w in enumerate((self.new_name, self.new_phone, self.new_email)):
            new.addWidget(w, 1, i)
        new.addWidget(add, 1, 3)

        box = QFrame()
        box.setObjectName("customerCards")
        inner = QVBoxLayout(box)
        inner.addWidget(self.who)
        inner.addWidget(self.table, 1)
        inner.addLayout(actions)
        inner.addLayout(save_row)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 16, 24, 16)
        layout.addWidget(title)
        layout.addWidget(hint)
        layout.addLayout(row)
        layout.addWidget(self.results)
        layout.addWidget(box, 1)
        layout.addLayout(new)
        self._enable()

    def _enable(self) -> None:
        has = self.customer is not None
        self.pay_preferred.setEnabled(has and bool(self.cards))
        self.pay_selected.setEnabled(has and bool(self.cards))
        self.make_preferred.setEnabled(has and bool(self.cards))

    def open_panel(self) -> None:
        """Ctrl+K or the header's button: ask to be shown (ui.composition
        connects ``wanted`` to the window)."""
        self.wanted.emit()

    def focus_entry(self) -> None:
        self.query.setFocus()
        self.query.selectAll()

    def take_card(self, number: str) -> None:
        """A scan or swipe while the panel is on screen (the window routes it
        here): ready to be saved to the customer's account."""
        self.card_number.setText(number)
        self.notice.emit(tr("Card scanned."),
                         tr("Press Save to account to keep it on this customer.")
                         if self.customer is not None else
                         tr("Find the customer first, then press Save to account."))

    # -- calls -------------------------------------------------------------------
    def _run(self, label: str, fn: Any, on_ok: Any) -> None:
        self.worker.submit(fn, on_ok=on_ok, on_err=self.problem.emit, label=label)

    def search(self) -> None:
        text = self.query.text().strip()
        if not text:
            self.problem.emit(GiftposError(tr("Type a phone number or a name first."),
                                           key="search_required"))
            return
        digits = sum(ch.isdigit() for ch in text)
        if digits >= 4 and digits >= len(text.replace(" ", "")) - 4:
            self._run("customer_find", lambda: self.customers.find(phone=text), self._show_found)
        else:
            self._run("customer_find", lambda: self.customers.find(name=text), self._show_found)

    def _show_found(self, found: list[CustomerView]) -> None:
        self._results = list(found)
        self.results.clear()
        for c in found:
            item = QListWidgetItem(f"{c.name}   ·   {c.phone}"
                                   + (f"   ·   {c.email}" if c.email else ""))
            self.results.addItem(item)
        if not found:
            self.notice.emit(tr("No customer found."), tr("Check the number, or add them below."))
        self.found.emit(found)
        if len(found) == 1:
            self.results.setCurrentRow(0)

    def _picked(self, row: int) -> None:
        if 0 <= row < len(self._results):
            self.show_customer(self._results[row])

    def show_customer(self, customer: CustomerView) -> None:
        self.customer = customer
        self.who.setText(f"{customer.name}  ·  {customer.phone}")
        self.refresh()

    def refresh(self) -> None:
        if self.customer is None:
            return
        cid = self.customer.id
        self._run("customer_cards", lambda: self.customers.cards_of(cid), self._show_cards)

    def _show_cards(self, cards: list[SavedCardView]) -> None:
        self.cards = list(cards)
        self.table.setRowCount(len(cards))
        for i, c in enumerate(cards):
            notes = ["Preferred"] if c.preferred else []
            if c.role == "SHARED":
                notes.append(f"shared by {c.owner_name or 'its owner'}")
            if c.shared_with:
                notes.append("shared with " + ", ".join(s.name for s in c.shared_with))
            cells = [c.card, c.status.capitalize(), self.money.show(c.balance),
                     "; ".join(notes)]
            for j, text in enumerate(cells):
                item = QTableWidgetItem(text)
                if j == 2:
                    item.setTextAlignment(Qt.AlignmentFlag.AlignRight
                                          | Qt.AlignmentFlag.AlignVCenter)
                self.table.setItem(i, j, item)
        if not cards:
            who = self.customer.name if self.customer else tr("This customer")
            self.notice.emit(tr("{value} has no saved card.").format(value=who),
                             tr("Scan a card and press Save to account."))
        self._enable()
        self.cards_shown.emit(self.cards)

    def selected_card(self) -> SavedCardView | None:
        row = self.table.currentRow()
        return self.cards[row] if 0 <= row < len(self.cards) else None

    def pay(self, *, chosen: bool) -> None:
        """Hand the preferred (or selected) saved card to the sale as a card
        tender: the same hold, partial-approval offer and declines as a scan."""
        if self.customer is None or self.controller is None:
            return
        if self.controller.sale is None:
            self.problem.emit(GiftposError(tr("Start the sale first: ring up the items, then pay "
                                           "with the customer's card."), key="no_open_sale"))
            return
        saved = self.selected_card() if chosen else None
        if chosen and saved is None:
            self.problem.emit(GiftposError(tr("Pick a card in the list first."),
                                           key="no_card_chosen"))
            return
        cid, sid = self.customer.id, saved.id if saved else None
        controller = self.controller

        def done(card: SavedCardView) -> None:
            controller.pay_card(card.number)
            self.paying.emit()

        self._run("customer_pay", lambda: self.customers.card_for_payment(
            customer_id=cid, saved_id=sid), done)

    def prefer(self) -> None:
        saved = self.selected_card()
        if self.customer is None or saved is None:
            self.problem.emit(GiftposError(tr("Pick a card in the list first."),
                                           key="no_card_chosen"))
            return
        cid = self.customer.id
        self._run("customer_prefer", lambda: self.customers.prefer(
            customer_id=cid, saved_id=saved.id), lambda _r: self.refresh())

    def save_card(self) -> None:
        number = self.card_number.text().strip()
        if self.customer is None or not number:
            self.problem.emit(GiftposError(tr("Choose the customer and scan the card first."),
                                           key="no_card_chosen"))
            return
        cid = self.customer.id

        def done(saved: SavedCardView) -> None:
            self.card_number.clear()
            self.notice.emit(tr('Card {card} saved to the account.').format(card=saved.card), "")
            self.refresh()

        self._run("customer_save", lambda: self.customers.save_card(
            customer_id=cid, number=number), done)

    def add_customer(self) -> None:
        name, phone = self.new_name.text(), self.new_phone.text()
        email = self.new_email.text().strip() or None

        def done(c: CustomerView) -> None:
            for w in (self.new_name, self.new_phone, self.new_email):
                w.clear()
            self._show_found([c])

        self._run("customer_add", lambda: self.customers.create(
            name=name, phone=phone, email=email), done)


def directory_for(terminal: Terminal) -> CustomerDirectory:
    """Where this till's customers are: the ledger's, when the till has one
    (every till of the shop sees the same customers), else its own store."""
    sync = terminal.sync
    if sync is not None:
        from app.customers.remote import RemoteCustomers  # httpx: only with a ledger

        return RemoteCustomers(sync.client)
    return CustomerService(terminal.cards)


def open_button() -> QPushButton:
    """The header's button (ui.composition puts it in the window's header)."""
    keys = QKeySequence(SHORTCUT).toString(QKeySequence.SequenceFormat.NativeText)
    button = _button(tr("Customers ({shortcut})").format(shortcut=keys))  # Strg+K in German
    button.setObjectName("customersButton")
    button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
    return button
