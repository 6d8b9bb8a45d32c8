"""The demo's side panel: the demo cards with their full numbers (a newcomer
"scans" one with a click) and the virtual scanner's pty, which
`giftpos devices simulate` can drive too."""

from __future__ import annotations

import logging
from collections.abc import Sequence

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from drivers.virtual import VirtualMagstripe, VirtualScanner
from ui.demo_data import DemoCard
from ui.money import MoneyFormat
from ui.worker import Worker

log = logging.getLogger(__name__)


class DemoPanel(QFrame):
    def __init__(self, cards: Sequence[DemoCard], scanner: VirtualScanner | None,
                 worker: Worker, money: MoneyFormat, *, ledger_note: str = "",
                 shell_port: str = "", magstripe: VirtualMagstripe | None = None,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("sidePanel")
        self.setFixedWidth(300)
        self.scanner = scanner
        self.magstripe = magstripe
        self.worker = worker
        layout = QVBoxLayout(self)
        layout.setContentsMargins(14, 12, 14, 12)
        layout.setSpacing(6)
        title = QLabel("DEMO CARDS")
        title.setProperty("heading", True)
        layout.addWidget(title)
        hint = QLabel("Scan or Swipe sends a card through the virtual scanner or "
                      "magstripe reader; or type its number in the entry field.")
        hint.setWordWrap(True)
        hint.setObjectName("screenHint")
        layout.addWidget(hint)
        self.buttons: dict[str, QPushButton] = {}
        for card in cards:
            what = "not sold yet" if card.inactive else money.show(card.balance)
            label = QLabel(f"<b>{card.label}</b> · {what}<br>"
                           f"<span style='font-family:monospace'>{card.number}</span>")
            label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            label.setFocusPolicy(Qt.FocusPolicy.NoFocus)
            button = QPushButton(f"Scan {card.number[-4:]}")
            button.setObjectName(f"scan_{card.number[-4:]}")
            button.setEnabled(scanner is not None)
            button.clicked.connect(lambda _=False, n=card.number: self.scan(n))
            swipe = QPushButton("Swipe")
            swipe.setObjectName(f"swipe_{card.number[-4:]}")
            swipe.setEnabled(magstripe is not None)
            swipe.clicked.connect(lambda _=False, n=card.number: self.swipe(n))
            row = QHBoxLayout()
            row.setSpacing(6)
            for b, stretch in ((button, 2), (swipe, 1)):
                b.setFocusPolicy(Qt.FocusPolicy.NoFocus)
                b.setMinimumHeight(36)
                row.addWidget(b, stretch)
            layout.addWidget(label)
            layout.addLayout(row)
            self.buttons[card.number] = button
        layout.addStretch(1)
        ports = QLabel("VIRTUAL SCANNER")
        ports.setProperty("heading", True)
        layout.addWidget(ports)
        where = QLabel(scanner.port if scanner is not None else "none")
        where.setObjectName("demoPort")
        where.setWordWrap(True)
        where.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        layout.addWidget(where)
        if shell_port:
            shell = QLabel("FROM A SHELL")
            shell.setProperty("heading", True)
            layout.addWidget(shell)
            tip = QLabel(f"giftpos devices simulate scanner --link {shell_port}")
            tip.setObjectName("demoPort")
            tip.setWordWrap(True)
            tip.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            layout.addWidget(tip)
        if ledger_note:
            note = QLabel(ledger_note)
            note.setObjectName("screenHint")
            note.setWordWrap(True)
            layout.addWidget(note)

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
