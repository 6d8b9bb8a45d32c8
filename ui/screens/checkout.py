"""The checkout screen: the sale, the amount due, the payments taken, one
clear next step, the entry field, the keypad and the function keys.

It only displays and forwards: what an action does is in
:class:`ui.sale_controller.SaleController`.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from typing import NoReturn

from PySide6.QtCore import QEvent, Qt, Signal
from PySide6.QtGui import QResizeEvent, QShowEvent
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableWidget,
    QVBoxLayout,
    QWidget,
)

from app.checkout.models import LineKind, SaleView, Tender, TenderKind
from app.errors import GiftposError, ValidationError
from drivers.formats import CardFormat, check_number
from ui.i18n import QT_TR_NOOP, tr
from ui.keypad import FunctionBar, FunctionKey, Keypad
from ui.money import MoneyFormat
from ui.sale_controller import Finished, SaleController
from ui.screens.due_panel import DuePanel
from ui.screens.next_step import NextStepLabel, cards_can_pay, next_step
from ui.screens.tables import cell, sale_table
from ui.screens.typed_line import is_amount, parse_line

log = logging.getLogger(__name__)

K = Qt.Key
CHECKOUT_KEYS: tuple[FunctionKey, ...] = (
    FunctionKey(K.Key_F1, QT_TR_NOOP("Item"), "item"),
    FunctionKey(K.Key_F2, QT_TR_NOOP("Gift card"), "card"),
    FunctionKey(K.Key_F3, QT_TR_NOOP("Cash"), "cash", "primary"),
    FunctionKey(K.Key_F4, QT_TR_NOOP("Other payment"), "external"),
    FunctionKey(K.Key_F5, QT_TR_NOOP("Balance"), "balance"),
    FunctionKey(K.Key_F6, QT_TR_NOOP("Sell card"), "sell"),
    FunctionKey(K.Key_F7, QT_TR_NOOP("Reload"), "reload"),
    FunctionKey(K.Key_F8, QT_TR_NOOP("Cancel sale"), "cancel", "danger"),
    FunctionKey(K.Key_F9, QT_TR_NOOP("Returns"), "returns"),
    FunctionKey(K.Key_F10, QT_TR_NOOP("Reprint"), "reprint"),
    FunctionKey(K.Key_F11, QT_TR_NOOP("Receipt"), "receipt"),
    FunctionKey(K.Key_F12, QT_TR_NOOP("Finish"), "finish", "primary"),
)

_LINE_KIND = {LineKind.ITEM: "", LineKind.CARD_SALE: QT_TR_NOOP("New card"),
              LineKind.CARD_RELOAD: QT_TR_NOOP("Reload")}
# What pay_external records by default (kept in English in the store).
_STORED_WORDS = {"card terminal": QT_TR_NOOP("Card terminal"), "manual": QT_TR_NOOP("manual")}
_TENDER = {TenderKind.GIFT_CARD: QT_TR_NOOP("Gift card"), TenderKind.CASH: QT_TR_NOOP("Cash"),
           TenderKind.EXTERNAL: QT_TR_NOOP("Other")}


class CheckoutScreen(QWidget):
    """``action(name)`` for a function key the window handles (balance,
    returns); ``balance_wanted(number)`` for a card read with nothing to pay."""

    action = Signal(str)
    balance_wanted = Signal(str)
    problem = Signal(object)

    def __init__(self, controller: SaleController, money: MoneyFormat,
                 formats: Sequence[CardFormat], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("checkoutScreen")
        self.controller = controller
        self.money = money
        self.formats = tuple(formats)
        self.mode = ""  # "" | "sell" | "reload" | "card"
        self.pending_quantity = 1  # typed as "3*": for the next item
        self.mode_amount: int | None = None
        self.mode_card = ""  # sell/reload: the card read before its amount
        self.last_finished: Finished | None = None
        self.line_ids: list[str] = []  # the sale line / payment shown on each row
        self.tender_ids: list[str] = []
        self._build()
        controller.sale_changed.connect(self.show_sale)
        controller.sale_finished.connect(self._on_finished)
        controller.presets_ready.connect(self.show_presets)
        self.show_sale(None)

    # -- layout ----------------------------------------------------------
    def _build(self) -> None:
        self.lines = sale_table([tr("Item"), tr("Card"), tr("Amount")], "saleLines")
        self.tenders = sale_table([tr("Payment"), tr("Card"), tr("Taken"), tr("Balance left")],
                                  "tenders")
        # Touch a line or a payment, then Delete (or the button) takes it off.
        self.lines.itemSelectionChanged.connect(lambda: self._selected(self.lines))
        self.tenders.itemSelectionChanged.connect(lambda: self._selected(self.tenders))
        self.remove = QPushButton(tr("Del  Remove"))
        self.remove.setObjectName("removeSelected")
        self.remove.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.remove.setMinimumHeight(40)
        self.remove.setEnabled(False)
        self.remove.clicked.connect(lambda: self._guard(self.remove_selected))
        pay_head = QHBoxLayout()
        pay_head.addWidget(self._heading(tr("Payments")))
        pay_head.addStretch(1)
        pay_head.addWidget(self.remove)
        left = QVBoxLayout()
        left.setSpacing(8)
        left.addWidget(self._heading(tr("Sale")))
        left.addWidget(self.lines, 3)
        left.addLayout(pay_head)
        left.addWidget(self.tenders, 2)

        self.due_panel = DuePanel(self.money)
        self.due_caption, self.due = self.due_panel.caption, self.due_panel.amount
        self.totals = self.due_panel.totals
        # Three lines of room whatever the prompt says (ui/screens/next_step.py).
        self.prompt = NextStepLabel()
        self.entry = QLineEdit()
        self.entry.setObjectName("entry")
        self.entry.setPlaceholderText(tr("Amount or card"))
        self.entry.setAlignment(Qt.AlignmentFlag.AlignRight)
        self.entry.returnPressed.connect(self.enter)
        self.keypad = Keypad(self._decimal_sep())
        self.keypad.pressed.connect(self._keypad)
        right = QVBoxLayout()
        right.setSpacing(8)
        right.addWidget(self.due_panel)
        right.addWidget(self.prompt)
        # The card's program's preset amounts (shop settings), when sell or
        # reload was pressed before an amount was typed and the card is read.
        self.presets = QFrame()
        self.presets.setObjectName("presetAmounts")
        self.preset_row = QHBoxLayout(self.presets)
        self.preset_row.setContentsMargins(0, 0, 0, 0)
        self.presets.hide()
        right.addWidget(self.presets)
        right.addWidget(self.entry)
        right.addWidget(self.keypad, 1)

        top = QHBoxLayout()
        top.setSpacing(16)
        top.addLayout(left, 3)
        top.addLayout(right, 2)
        self.fkeys = FunctionBar(CHECKOUT_KEYS, lambda fk: self.function_key(fk.name))
        outer = QVBoxLayout(self)
        outer.setContentsMargins(16, 10, 16, 10)
        outer.setSpacing(12)
        outer.addLayout(top, 1)
        outer.addWidget(self.fkeys)

    @staticmethod
    def _heading(text: str) -> QLabel:
        label = QLabel(text.upper())
        label.setProperty("heading", True)
        return label

    # The prompt's room follows the theme; its font follows the room. Here,
    # not on the label: its own style change would come back to it.
    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self.prompt.fit()

    def changeEvent(self, event: QEvent) -> None:
        if event.type() in (QEvent.Type.StyleChange, QEvent.Type.FontChange):
            self.prompt.fix_height()
        super().changeEvent(event)

    def showEvent(self, event: QShowEvent) -> None:
        self.prompt.fix_height()
        super().showEvent(event)

    def _decimal_sep(self) -> str:
        from babel.numbers import get_decimal_symbol

        return str(get_decimal_symbol(self.money.locale))

    # -- showing the sale ------------------------------------------------
    def show_sale(self, sale: SaleView | None) -> None:
        """The open sale (None: no sale; a finished one stays on screen only
        through :meth:`_on_finished`, which comes after this)."""
        self.last_finished = None
        self._render(sale)

    def _render(self, sale: SaleView | None) -> None:
        self.lines.setRowCount(0)
        self.tenders.setRowCount(0)
        self.line_ids, self.tender_ids = [], []
        self.remove.setEnabled(False)
        # The sale just paid stays visible, with its change, until the next one.
        shown = sale or (self.last_finished.sale if self.last_finished else None)
        if shown is not None:
            self._fill(shown)
        self._show_due(sale)
        self.update_prompt()

    def _fill(self, sale: SaleView) -> None:
        for line in sale.lines:
            kind = tr(_LINE_KIND.get(line.kind, ""))
            card = line.card or ""
            # A card line's description already names the card; say what kind it is.
            shown = kind if card and card in line.description else " ".join(
                p for p in (kind, card) if p)
            what = (f"{line.quantity} x {line.description}" if line.quantity > 1
                    else line.description)
            self._row(self.lines, [what, shown, self.money.show(line.amount)])
            self.line_ids.append(line.id)
        for t in sale.tenders:
            if t.counts:
                self._row(self.tenders, self._tender_cells(t))
                self.tender_ids.append(t.id)

    def _tender_cells(self, t: Tender) -> list[str]:
        label = tr(_TENDER.get(t.kind, str(t.kind)))
        if t.kind == TenderKind.EXTERNAL and t.method:
            label = tr(_STORED_WORDS.get(t.method, t.method.capitalize()))
        if t.offline:
            label += tr(" (offline)")
        left = self.money.show(t.new_balance) if t.new_balance is not None else ""
        ref = t.reference or ""
        return [label, t.card or tr(_STORED_WORDS.get(ref, ref)), self.money.show(t.amount), left]

    @staticmethod
    def _row(table: QTableWidget, cells: list[str]) -> None:
        r = table.rowCount()
        table.insertRow(r)
        for c, text in enumerate(cells):
            table.setItem(r, c, cell(text, right=c >= 2))
        table.scrollToBottom()

    def _show_due(self, sale: SaleView | None) -> None:
        fin = self.last_finished
        if sale is None and fin is not None:
            self.due_panel.show_finished(fin.sale)
        else:
            self.due_panel.show_open(sale)

    def update_prompt(self) -> None:
        self.prompt.say(self.next_step())

    def take_quantity(self) -> int:
        """The quantity typed ("3*") for the item being scanned, used once."""
        quantity, self.pending_quantity = self.pending_quantity, 1
        self.update_prompt()
        return quantity

    def next_step(self) -> str:
        return next_step(self)

    def cards_can_pay(self, sale: SaleView) -> bool:
        return cards_can_pay(sale, self.controller.checkout.settings.gift_cards_pay_for_gift_cards)

    # -- removing a line or a payment ------------------------------------
    def _selected(self, table: QTableWidget) -> None:
        other = self.tenders if table is self.lines else self.lines
        if table.selectedItems():
            other.blockSignals(True)
            other.clearSelection()
            other.blockSignals(False)
        self.remove.setEnabled(self.controller.sale is not None and bool(
            self.lines.selectedItems() or self.tenders.selectedItems()))

    @staticmethod
    def _row_of(table: QTableWidget) -> int:
        rows = {i.row() for i in table.selectedItems()}
        return min(rows) if rows else -1

    def select_line(self, row: int) -> None:
        self.lines.selectRow(row)

    def select_payment(self, row: int) -> None:
        self.tenders.selectRow(row)

    def remove_selected(self) -> None:
        """Delete key or the Remove button: the selected line or payment goes
        (a card payment's hold is released)."""
        if self.controller.sale is None:
            raise ValidationError(tr("There is no sale open: nothing to remove."),
                                  key="no_open_sale")
        line, tender = self._row_of(self.lines), self._row_of(self.tenders)
        if 0 <= line < len(self.line_ids):
            self.controller.remove_line(self.line_ids[line])
        elif 0 <= tender < len(self.tender_ids):
            self.controller.remove_tender(self.tender_ids[tender])
        else:
            raise ValidationError(tr("Touch the line or the payment to remove first, then "
                                  "press Delete."), key="nothing_selected")

    # -- input -----------------------------------------------------------
    def focus_entry(self) -> None:
        self.entry.setFocus(Qt.FocusReason.OtherFocusReason)

    def _keypad(self, key: str) -> None:
        if key == "enter":
            self.enter()
        elif key == "back":
            self.entry.backspace()
        elif key == "clear":
            self.entry.clear()
        else:
            self.entry.insert(key)
        self.focus_entry()

    def looks_like_card(self, text: str) -> bool:
        return bool(text) and check_number(text, self.formats) is None and len(text) >= 8

    def typed_amount(self) -> int | None:
        """The amount in the entry field, or None if it is empty. Raises
        InvalidAmount (shown in the banner)."""
        text = self.entry.text().strip()
        if not text:
            return None
        return self.money.parse(text)

    def enter(self) -> None:
        self._guard(self._enter)

    def card_input(self, number: str) -> None:
        """A card from any source: scanner, swipe, wedge, or typed."""
        self._guard(lambda: self._card_input(number))

    def function_key(self, name: str) -> None:
        self._guard(lambda: self._function_key(name))
        self.focus_entry()

    def _guard(self, fn: Callable[[], None]) -> None:
        try:
            fn()
        except GiftposError as exc:  # bad input: the banner says what to type
            self.problem.emit(exc)

    def _enter(self) -> None:
        text = self.entry.text().strip()
        if self.looks_like_card(text) or (self.mode and text and not self._is_amount(text)):
            self.entry.clear()
            self._card_input(text)
            return
        if self.mode_card and text:
            self.entry.clear()
            self._card_amount(self.money.parse(text))
            return
        if self.mode == "card" and text:
            self.entry.clear()
            self._card_input(text)
            return
        if not text:
            sale = self.controller.sale
            if sale is not None and sale.covered:
                self.controller.finish()
            return
        quantity, description, amount = self.parse_line(text)
        self.entry.clear()
        if amount is None:  # "3*": the quantity of the next item scanned or priced
            self.pending_quantity = quantity
            self.update_prompt()
            return
        self.controller.add_item(amount, description, quantity)
        self.pending_quantity = 1
        self.update_prompt()

    def parse_line(self, text: str) -> tuple[int, str, int | None]:
        """What the cashier typed for a line (ui/screens/typed_line.py)."""
        return parse_line(text, self.money, self.pending_quantity)

    def _is_amount(self, text: str) -> bool:
        return is_amount(text, self.money)

    def _card_input(self, number: str) -> None:
        mode, amount = self.mode, self.mode_amount
        if mode in ("sell", "reload") and amount is None:
            self.mode_card = number  # its amount next: the program's presets, or typed
            self.update_prompt()
            self.controller.card_presets(mode, number)
            return
        self.set_mode("")
        if mode == "sell" and amount is not None:
            self.controller.sell_card(number, amount)
        elif mode == "reload" and amount is not None:
            self.controller.reload_card(number, amount)
        elif self.controller.sale is not None and self.controller.sale.remaining_due > 0:
            typed = self.typed_amount()
            self.entry.clear()
            self.controller.pay_card(number, typed)
        else:
            self.balance_wanted.emit(number)

    def set_mode(self, mode: str, amount: int | None = None) -> None:
        self.mode, self.mode_amount, self.mode_card = mode, amount, ""
        self.show_presets(mode, "", [])
        self.update_prompt()

    def show_presets(self, mode: str, number: str, amounts: list[int]) -> None:
        """One button per preset amount for the card read in sell/reload mode."""
        while self.preset_row.count():
            item = self.preset_row.takeAt(0)
            widget = item.widget() if item is not None else None
            if widget is not None:
                widget.deleteLater()
        if not number or mode != self.mode or number != self.mode_card or not amounts:
            self.presets.hide()
            return
        for amount in amounts:
            button = QPushButton(self.money.show(amount))
            button.setObjectName("presetAmount")
            button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
            button.setMinimumHeight(48)
            button.clicked.connect(lambda _=False, a=amount: self._guard(
                lambda: self._card_amount(a)))
            self.preset_row.addWidget(button)
        self.presets.show()

    def _card_amount(self, amount: int) -> None:
        """The amount for the card read in sell/reload mode (a preset or typed)."""
        mode, number = self.mode, self.mode_card
        self.set_mode("")
        if mode == "sell":
            self.controller.sell_card(number, amount)
        elif mode == "reload":
            self.controller.reload_card(number, amount)

    def cancel_mode(self) -> bool:
        if self.pending_quantity > 1:
            self.pending_quantity = 1
            self.update_prompt()
            return True
        if self.mode:
            self.set_mode("")
            return True
        return False

    def _on_finished(self, done: Finished) -> None:
        self.last_finished = done
        self._render(None)

    # -- function keys -----------------------------------------------------
    def _function_key(self, name: str) -> None:
        c = self.controller
        if name == "item":
            text = self.entry.text().strip()
            if not text:
                raise_needed(tr("Type the item's price first, then press F1."))
            quantity, description, amount = self.parse_line(text)
            if amount is None:
                raise_needed(tr("Type the price after the quantity, like: 3*4.50"))
            self.entry.clear()
            c.add_item(amount, description, quantity)
            self.pending_quantity = 1
        elif name == "card":
            self.set_mode("card")
        elif name == "cash":
            amount = self.typed_amount()
            self.entry.clear()
            c.take_cash(amount)
        elif name == "external":
            amount = self.typed_amount()
            self.entry.clear()
            c.pay_external(amount)
        elif name in ("sell", "reload"):
            amount = self.typed_amount()  # None: the card first, then its presets
            self.entry.clear()
            self.set_mode(name, amount)
        elif name == "cancel":
            self.set_mode("")
            c.ask_cancel()
        elif name == "remove":
            self.remove_selected()
        elif name == "reprint":
            c.reprint_last()
        elif name == "finish":
            if c.sale is not None:
                c.finish()
        else:
            self.action.emit(name)


def raise_needed(message: str) -> NoReturn:
    raise ValidationError(message, key="amount_needed")
