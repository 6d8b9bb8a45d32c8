"""Card lookup: by number (scan, swipe or type) or by key; status, balance,
expiry, program; the card's history with a filter and paging; and the repair
buttons (what they do lives in :mod:`ui.manager.card_actions`)."""

from __future__ import annotations

from collections.abc import Callable

from babel.dates import format_date, format_datetime
from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app.domain import CardStatus, CardView, EntryType, EntryView
from ui.i18n import QT_TR_NOOP, tr
from ui.manager.common import button, fill, heading, hint, table, title
from ui.money import MoneyFormat

PAGE = 25

# filter label -> entry types shown (None: all)
FILTERS: dict[str, frozenset[EntryType] | None] = {
    QT_TR_NOOP("All entries"): None,
    QT_TR_NOOP("Payments"): frozenset({EntryType.REDEEM, EntryType.HOLD, EntryType.CAPTURE,
                           EntryType.RELEASE}),
    QT_TR_NOOP("Loads and sales"): frozenset({EntryType.ISSUE, EntryType.ACTIVATE,
                                              EntryType.LOAD}),
    QT_TR_NOOP("Refunds and voids"): frozenset({EntryType.REFUND, EntryType.VOID}),
    QT_TR_NOOP("Manager repairs"): frozenset({EntryType.ADJUST, EntryType.STATUS,
                                              EntryType.TRANSFER_OUT, EntryType.TRANSFER_IN,
                                              EntryType.COMBINE_OUT, EntryType.COMBINE_IN,
                                              EntryType.EXPIRE}),
    QT_TR_NOOP("Offline only"): frozenset(),  # special-cased: entries made offline
}

ENTRY_WORDS = {
    EntryType.ISSUE: QT_TR_NOOP("Issued"),
    EntryType.ACTIVATE: QT_TR_NOOP("Activated"),
    EntryType.LOAD: QT_TR_NOOP("Loaded"),
    EntryType.REDEEM: QT_TR_NOOP("Redeemed"),
    EntryType.HOLD: QT_TR_NOOP("Held"),
    EntryType.CAPTURE: QT_TR_NOOP("Captured"),
    EntryType.RELEASE: QT_TR_NOOP("Released"),
    EntryType.REFUND: QT_TR_NOOP("Refunded"),
    EntryType.VOID: QT_TR_NOOP("Voided"),
    EntryType.ADJUST: QT_TR_NOOP("Adjusted"),
    EntryType.TRANSFER_OUT: QT_TR_NOOP("Transferred out"),
    EntryType.TRANSFER_IN: QT_TR_NOOP("Transferred in"),
    EntryType.COMBINE_OUT: QT_TR_NOOP("Combined out"),
    EntryType.COMBINE_IN: QT_TR_NOOP("Combined in"),
    EntryType.EXPIRE: QT_TR_NOOP("Expired"),
    EntryType.STATUS: QT_TR_NOOP("Status change"),
}

STATUS_WORDS = {
    CardStatus.ACTIVE: QT_TR_NOOP("Active"), CardStatus.REDEEMED: QT_TR_NOOP("Spent to zero"),
    CardStatus.INACTIVE: QT_TR_NOOP("Not sold yet"), CardStatus.FROZEN: QT_TR_NOOP("Frozen"),
    CardStatus.EXPIRED: QT_TR_NOOP("Expired"), CardStatus.CANCELLED: QT_TR_NOOP("Cancelled"),
    CardStatus.COMBINED: QT_TR_NOOP("Combined into another card"),
}

# action -> (button label, statuses it applies to)
ACTIONS: dict[str, tuple[str, frozenset[CardStatus]]] = {
    "freeze": (QT_TR_NOOP("Freeze"), frozenset({CardStatus.ACTIVE, CardStatus.REDEEMED})),
    "unfreeze": (QT_TR_NOOP("Unfreeze"), frozenset({CardStatus.FROZEN})),
    "adjust": (QT_TR_NOOP("Adjust…"), frozenset({CardStatus.ACTIVE, CardStatus.REDEEMED,
                                     CardStatus.FROZEN, CardStatus.EXPIRED,
                                     CardStatus.INACTIVE})),
    "transfer": (QT_TR_NOOP("To a new card…"), frozenset({CardStatus.ACTIVE})),
    "combine": (QT_TR_NOOP("Combine…"), frozenset({CardStatus.ACTIVE, CardStatus.REDEEMED})),
    "reactivate": (QT_TR_NOOP("Re-activate"), frozenset({CardStatus.EXPIRED})),
    "cancel": (QT_TR_NOOP("Cancel card"), frozenset({CardStatus.ACTIVE, CardStatus.REDEEMED,
                                         CardStatus.FROZEN, CardStatus.EXPIRED,
                                         CardStatus.INACTIVE})),
}


class LookupScreen(QWidget):
    """Signals: ``lookup(mode, text)`` (mode "number" or "key"),
    ``page_wanted(number, cursor | None)``, ``action(name)``."""

    lookup = Signal(str, str)
    page_wanted = Signal(str, object)
    action = Signal(str)

    def __init__(self, money: MoneyFormat, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("lookupScreen")
        self.money = money
        self.card: CardView | None = None
        self.entries: list[EntryView] = []
        self.cursors: list[int | None] = [None]  # cursor of each page shown so far
        self.next_cursor: int | None = None

        self.mode = QComboBox()
        self.mode.setObjectName("lookupMode")
        self.mode.addItem(tr("Card number"), "number")
        self.mode.addItem(tr("Card key"), "key")
        self.mode.setMinimumHeight(48)
        self.mode.currentIndexChanged.connect(self._mode_changed)
        self.entry = QLineEdit()
        self.entry.setObjectName("lookupEntry")
        self.entry.setPlaceholderText(tr("Scan, swipe or type the card number"))
        self.entry.returnPressed.connect(self.submit)
        find = button(tr("Enter  Look up"), self.submit, tone="primary", name="lookupGo", height=52)
        search = QHBoxLayout()
        search.addWidget(self.mode)
        search.addWidget(self.entry, 1)
        search.addWidget(find)

        self.panel = QFrame()
        self.panel.setObjectName("balancePanel")
        self.number = QLabel(tr("No card yet"))
        self.number.setObjectName("balanceCard")
        self.balance = QLabel("—")
        self.balance.setObjectName("lookupBalance")
        self.status = QLabel("")
        self.status.setObjectName("balanceStatus")
        self.details = QLabel("")
        self.details.setObjectName("screenHint")
        self.details.setWordWrap(True)
        self.flag = QLabel("")
        self.flag.setObjectName("lookupFlag")
        self.flag.setWordWrap(True)
        self.flag.hide()
        pl = QVBoxLayout(self.panel)
        pl.setContentsMargins(24, 20, 24, 20)
        pl.setSpacing(6)
        self.status.setProperty("chip", True)
        for w in (self.number, self.balance, self.status, self.details, self.flag):
            pl.addWidget(w, 0, Qt.AlignmentFlag.AlignLeft if w is self.status
                         else Qt.AlignmentFlag(0))
        self.buttons: dict[str, QPushButton] = {}
        grid = QGridLayout()
        grid.setSpacing(8)
        for i, (name, (label, _st)) in enumerate(ACTIONS.items()):
            b = button(tr(label), self._emitter(name), tone="danger" if name == "cancel" else "",
                       name=f"act_{name}")
            b.setFocusPolicy(Qt.FocusPolicy.NoFocus)
            b.setEnabled(False)
            self.buttons[name] = b
            grid.addWidget(b, i // 2, i % 2)
        pl.addSpacing(8)
        pl.addWidget(heading(tr("Repairs")))
        pl.addLayout(grid)
        pl.addStretch(1)
        self.panel.setFixedWidth(400)

        self.filter = QComboBox()
        self.filter.setObjectName("historyFilter")
        for label in FILTERS:
            self.filter.addItem(tr(label), label)  # shown translated, keyed in English
        self.filter.currentIndexChanged.connect(lambda _i: self._show_entries())
        self.history = table((tr("When"), tr("What"), tr("Amount"), tr("Balance after"),
                              tr("Cashier"), tr("Till"), tr("Note")), "historyTable", stretch=6)
        self.newer = button(tr("‹ Newer"), self._newer, name="historyNewer", height=40)
        self.older = button(tr("Older ›"), self._older, name="historyOlder", height=40)
        self.page_label = QLabel("")
        self.page_label.setObjectName("screenHint")
        paging = QHBoxLayout()
        paging.addWidget(self.filter)
        paging.addStretch(1)
        paging.addWidget(self.page_label)
        paging.addWidget(self.newer)
        paging.addWidget(self.older)
        right = QVBoxLayout()
        right.addWidget(heading(tr("History")))
        right.addWidget(self.history, 1)
        right.addLayout(paging)

        body = QHBoxLayout()
        body.setSpacing(16)
        body.addWidget(self.panel)
        body.addLayout(right, 1)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(24, 16, 24, 16)
        outer.setSpacing(12)
        outer.addWidget(title(tr("Card lookup")))
        outer.addWidget(hint(tr("Scan, swipe or type a card (or its key) to see its balance, "
                             "history and repairs.")))
        outer.addLayout(search)
        outer.addLayout(body, 1)
        self._paging()

    def _emitter(self, name: str) -> Callable[[], None]:
        return lambda: self.action.emit(name)

    # -- asking --------------------------------------------------------------
    def _mode_changed(self) -> None:
        key = self.mode.currentData() == "key"
        self.entry.setEchoMode(QLineEdit.EchoMode.Password if key
                               else QLineEdit.EchoMode.Normal)
        self.entry.setPlaceholderText(tr("Type the card's key") if key
                                      else tr("Scan, swipe or type the card number"))
        self.focus_entry()

    def set_mode(self, mode: str) -> None:
        self.mode.setCurrentIndex(max(0, self.mode.findData(mode)))

    def submit(self) -> None:
        text = self.entry.text().strip()
        if text:
            self.entry.clear()
            self.lookup.emit(str(self.mode.currentData()), text)

    def focus_entry(self) -> None:
        self.entry.setFocus(Qt.FocusReason.OtherFocusReason)

    # -- showing -------------------------------------------------------------
    def show_card(self, card: CardView) -> None:
        self.card = card
        self.number.setText(tr("Card {masked}").format(masked=card.masked)
                            + (f"  ·  {card.program}" if card.program else ""))
        self.balance.setText(self.money.show(card.balance))
        self.status.setText(tr(STATUS_WORDS.get(card.status, str(card.status))))
        self.status.setProperty("tone", {CardStatus.ACTIVE: "good",
                                         CardStatus.FROZEN: "bad",
                                         CardStatus.CANCELLED: "bad",
                                         CardStatus.EXPIRED: "warn"}.get(card.status, ""))
        self.status.style().unpolish(self.status)
        self.status.style().polish(self.status)
        bits = [tr("Currency {currency}").format(currency=card.currency),
                tr("expires {date}").format(date=format_date(
                    card.expires_on, format="medium", locale=self.money.locale))
                if card.expires_on else tr("no expiry"),
                tr("has a key") if card.has_key else tr("no key")]
        self.details.setText("  ·  ".join(bits))
        self.flag.setVisible(card.flagged)
        self.flag.setText(tr("Flagged for a manager: it was used offline beyond its balance "
                          "or while not usable. Check the history, then adjust or unfreeze."))
        for name, (_label, statuses) in ACTIONS.items():
            ok = card.status in statuses
            if name == "transfer":
                ok = ok and card.balance > 0
            self.buttons[name].setEnabled(ok)

    def show_page(self, card: CardView, entries: list[EntryView], next_cursor: int | None,
                  *, first: bool) -> None:
        """One page of history (newest first). ``first``: a new lookup."""
        self.show_card(card)
        if first:
            self.cursors = [None]
        self.entries = entries
        self.next_cursor = next_cursor
        self._show_entries()
        self._paging()

    def _show_entries(self) -> None:
        key = self.filter.currentData() or next(iter(FILTERS))
        wanted = FILTERS[key]
        offline_only = key == "Offline only"
        shown = [e for e in self.entries
                 if (wanted is None or e.type in wanted or (offline_only and e.offline))
                 and (not offline_only or e.offline)]
        rows = []
        for e in shown:
            note = e.reason or ""
            if e.offline:
                note = (tr("offline") + (f" · {note}" if note else ""))
            when = format_datetime(e.created_at.astimezone(), "short", locale=self.money.locale)
            rows.append([when,
                         tr(ENTRY_WORDS.get(e.type, str(e.type))),
                         self.money.show(e.amount) if e.amount else "",
                         self.money.show(e.balance_after), e.cashier or "", e.terminal, note])
        fill(self.history, rows, right=(2, 3))

    def _paging(self) -> None:
        page = len(self.cursors)
        self.page_label.setText(tr('Page {page}')
                                .format(page=page) if self.card is not None else "")
        self.newer.setEnabled(page > 1)
        self.older.setEnabled(self.next_cursor is not None)

    def _older(self) -> None:
        if self.card is None or self.next_cursor is None:
            return
        self.cursors.append(self.next_cursor)
        self.page_wanted.emit(self.card.number, self.next_cursor)

    def _newer(self) -> None:
        if self.card is None or len(self.cursors) <= 1:
            return
        self.cursors.pop()
        self.page_wanted.emit(self.card.number, self.cursors[-1])

    @property
    def expired_amount(self) -> int | None:
        """What the last expiry took off the card, if that entry is on screen."""
        for e in self.entries:
            if e.type == EntryType.EXPIRE:
                return -e.amount
        return None
