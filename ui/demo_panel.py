"""The demo's side panel: the demo cards with their full numbers and their
balances as the till knows them now (a newcomer "scans" one with a click),
a switch that takes the embedded ledger down and brings it back (to watch
offline trading and the sync after), and the virtual scanner's pty, which
`giftpos devices simulate` can drive too."""

from __future__ import annotations

import logging
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from app.domain import CardStatus
from drivers.virtual import VirtualMagstripe, VirtualScanner
from ui.demo_data import DemoCard
from ui.i18n import tr
from ui.money import MoneyFormat
from ui.worker import Worker

if TYPE_CHECKING:
    from ui.demo_ledger import EmbeddedLedger
    from ui.terminal_parts import Terminal

log = logging.getLogger(__name__)

REFRESH_MS = 2000  # balances also refresh after every call the till makes
_OWN = ("demo_balances", "demo_scan", "demo_swipe", "demo_ledger")


def _label(label: str) -> str:
    """The demo cards' labels (resources/demo/cards.toml) in the till's language."""
    return {"Birthday gift": tr("Birthday gift"), "Small balance": tr("Small balance"),
            "Big spender": tr("Big spender"), "Reload me": tr("Reload me"),
            "Empty card": tr("Empty card"),
            "New card to sell": tr("New card to sell")}.get(label, label)


class DemoPanel(QFrame):
    def __init__(self, cards: Sequence[DemoCard], scanner: VirtualScanner | None,
                 worker: Worker, money: MoneyFormat, *, terminal: Terminal | None = None,
                 ledger: EmbeddedLedger | None = None, ledger_note: str = "",
                 shell_port: str = "", magstripe: VirtualMagstripe | None = None,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("sidePanel")
        self.setFixedWidth(300)
        self.cards = list(cards)
        self.scanner = scanner
        self.magstripe = magstripe
        self.worker = worker
        self.money = money
        self.terminal = terminal
        self.ledger = ledger
        self._refreshing = False
        self._asked: set[str] = set()
        # The panel scrolls rather than grow the window past a 768-line screen.
        scroll = QScrollArea(self)
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        # A click in the panel must not take the keyboard from the entry field
        # (Qt gives it to the nearest parent that accepts focus: the scroll area).
        scroll.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        scroll.viewport().setAutoFillBackground(False)
        inner = QWidget()
        inner.setAutoFillBackground(False)
        scroll.setWidget(inner)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.addWidget(scroll)
        layout = QVBoxLayout(inner)
        layout.setContentsMargins(14, 12, 14, 12)
        layout.setSpacing(6)
        title = QLabel(tr("DEMO CARDS"))
        title.setProperty("heading", True)
        layout.addWidget(title)
        hint = QLabel(tr("Scan or Swipe sends a card through the virtual scanner or "
                         "magstripe reader; or type its number in the entry field."))
        hint.setWordWrap(True)
        hint.setObjectName("screenHint")
        layout.addWidget(hint)
        self.buttons: dict[str, QPushButton] = {}
        self.labels: dict[str, QLabel] = {}
        for card in cards:
            label = QLabel()
            label.setWordWrap(True)
            label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            label.setFocusPolicy(Qt.FocusPolicy.NoFocus)
            self.labels[card.number] = label
            self._show(card, None if card.inactive else card.balance, card.inactive)
            button = QPushButton(tr("Scan {last4}").format(last4=card.number[-4:]))
            button.setObjectName(f"scan_{card.number[-4:]}")
            button.setEnabled(scanner is not None)
            button.clicked.connect(lambda _=False, n=card.number: self.scan(n))
            swipe = QPushButton(tr("Swipe"))
            swipe.setObjectName(f"swipe_{card.number[-4:]}")
            swipe.setEnabled(magstripe is not None)
            swipe.clicked.connect(lambda _=False, n=card.number: self.swipe(n))
            row = QHBoxLayout()
            row.setSpacing(6)
            for b, stretch in ((button, 2), (swipe, 1)):
                # Shrink with the panel (long words in other languages) rather
                # than push the panel's content past its edge.
                b.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Fixed)
                b.setFocusPolicy(Qt.FocusPolicy.NoFocus)
                b.setMinimumHeight(36)
                row.addWidget(b, stretch)
            layout.addWidget(label)
            layout.addLayout(row)
            self.buttons[card.number] = button
        layout.addStretch(1)
        self.ledger_button: QPushButton | None = None
        if ledger is not None:
            heading = QLabel(tr("EMBEDDED LEDGER"))
            heading.setProperty("heading", True)
            layout.addWidget(heading)
            self.ledger_state = QLabel()
            self.ledger_state.setObjectName("screenHint")
            self.ledger_state.setWordWrap(True)
            layout.addWidget(self.ledger_state)
            self.ledger_button = QPushButton()
            self.ledger_button.setObjectName("demoLedgerSwitch")
            self.ledger_button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
            self.ledger_button.setMinimumHeight(36)
            self.ledger_button.clicked.connect(self.toggle_ledger)
            layout.addWidget(self.ledger_button)
            self._show_ledger()
        elif ledger_note or (terminal is not None and terminal.sync is None):
            note = QLabel(ledger_note or tr("No ledger: this demo trades offline only."))
            note.setObjectName("screenHint")
            note.setWordWrap(True)
            layout.addWidget(note)
        ports = QLabel(tr("VIRTUAL SCANNER"))
        ports.setProperty("heading", True)
        layout.addWidget(ports)
        where = QLabel(scanner.port if scanner is not None else tr("none"))
        where.setObjectName("demoPort")
        where.setWordWrap(True)
        where.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        layout.addWidget(where)
        if shell_port:
            shell = QLabel(tr("FROM A SHELL"))
            shell.setProperty("heading", True)
            layout.addWidget(shell)
            tip = QLabel(f"giftpos devices simulate scanner --link {shell_port}")
            tip.setObjectName("demoPort")
            tip.setWordWrap(True)
            tip.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            layout.addWidget(tip)
        if terminal is not None:
            worker.finished.connect(self._after_call)
            self.timer = QTimer(self)
            self.timer.setInterval(REFRESH_MS)
            self.timer.timeout.connect(self.refresh)
            self.timer.start()

    # -- balances ------------------------------------------------------------

    def _show(self, card: DemoCard, balance: int | None, inactive: bool) -> None:
        what = tr("not sold yet") if inactive else self.money.show(balance)
        self.labels[card.number].setText(
            f"<b>{_label(card.label)}</b> · {what}<br>"
            f"<span style='font-family:monospace'>{card.number}</span>")

    def _after_call(self, label: str) -> None:
        if label not in _OWN:
            self.refresh()

    def refresh(self) -> None:
        """Read the cards' balances as this till knows them (its replica; the
        ledger's for a card the till has not seen yet), off the GUI thread."""
        terminal = self.terminal
        if terminal is None or terminal.closed or self._refreshing or not self.isVisible():
            return
        self._refreshing = True
        numbers = [c.number for c in self.cards]
        ledger = self.ledger
        asked = self._asked
        online = bool(getattr(terminal.gateway, "online", False))

        def job() -> dict[str, Any]:
            out: dict[str, Any] = {}
            for number in numbers:
                try:
                    out[number] = terminal.cards.balance(number=number)
                    continue
                except Exception:  # not seen here yet: ask as the till would
                    pass
                if online and number not in asked:
                    # Seen once, as a balance check at the till: the replica
                    # keeps what the ledger answers and the pulls follow it.
                    asked.add(number)
                    try:
                        out[number] = terminal.gateway.balance(number=number)
                        continue
                    except Exception:
                        log.debug("the ledger did not answer for a demo card", exc_info=True)
                if ledger is not None:  # the ledger is down: read its book
                    try:
                        out[number] = ledger.cards.balance(number=number)
                    except Exception:
                        log.debug("no balance for a demo card", exc_info=True)
            return out

        self.worker.submit(job, on_ok=self._balances, on_err=self._refresh_failed,
                           label="demo_balances")

    def _refresh_failed(self, _exc: BaseException) -> None:
        self._refreshing = False

    def _balances(self, views: dict[str, Any]) -> None:
        self._refreshing = False
        for card in self.cards:
            view = views.get(card.number)
            if view is not None:
                self._show(card, view.balance, view.status == CardStatus.INACTIVE)

    # -- the ledger switch ---------------------------------------------------

    def _show_ledger(self) -> None:
        ledger, button = self.ledger, self.ledger_button
        if ledger is None or button is None:
            return
        if ledger.up:
            self.ledger_state.setText(tr("Up on {url}. Take it down to watch the till "
                                         "trade offline, then the sync.").format(url=ledger.url))
            button.setText(tr("Take the ledger down"))
        else:
            self.ledger_state.setText(tr("Down: the till trades offline and keeps its "
                                         "entries for the sync."))
            button.setText(tr("Bring the ledger back"))

    def toggle_ledger(self) -> None:
        """Take the embedded ledger down, or bring it back (off the GUI thread:
        stopping the server waits for its thread)."""
        ledger, button = self.ledger, self.ledger_button
        if ledger is None or button is None:
            return
        button.setEnabled(False)
        action = ledger.take_down if ledger.up else ledger.bring_back

        def done(_result: object = None) -> None:
            button.setEnabled(True)
            self._show_ledger()

        self.worker.submit(action, on_ok=done, on_err=lambda _e: done(), label="demo_ledger")

    # -- devices -------------------------------------------------------------

    def swipe(self, number: str) -> None:
        """Write a swipe to the magstripe pty (off the GUI thread)."""
        reader = self.magstripe
        if reader is not None:
            self.worker.submit(lambda: reader.swipe(number), label="demo_swipe")

    def scan(self, number: str) -> None:
        """Write the scan to the pty (a device write: off the GUI thread)."""
        scanner = self.scanner
        if scanner is not None:
            self.worker.submit(lambda: scanner.scan(number), label="demo_scan")
