"""Receipt preview: the receipt as it will print, in a monospaced paper
strip, with Print (F10 reprints the last sale) and Back."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QFont, QFontDatabase
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPlainTextEdit, QPushButton, QVBoxLayout, QWidget

from ui.printing import render_text


class ReceiptScreen(QWidget):
    back = Signal()
    print_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("receiptScreen")
        self.receipt: Any = None
        title = QLabel("Receipt")
        title.setObjectName("screenTitle")
        self.paper = QPlainTextEdit()
        self.paper.setObjectName("receiptPaper")
        self.paper.setReadOnly(True)
        self.paper.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        mono = QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont)
        mono.setStyleHint(QFont.StyleHint.Monospace)
        self.paper.setFont(mono)
        self.paper.setFixedWidth(400)
        printb = QPushButton("F10  Print again")
        printb.setObjectName("receiptPrint")
        printb.setProperty("tone", "primary")
        backb = QPushButton("Esc  Back to sale")
        backb.setObjectName("receiptBack")
        for b in (printb, backb):
            b.setFocusPolicy(Qt.FocusPolicy.NoFocus)
            b.setMinimumHeight(56)
        printb.clicked.connect(lambda: self.print_requested.emit())
        backb.clicked.connect(lambda: self.back.emit())
        hint = QLabel("As it prints. Card numbers are masked.")
        hint.setObjectName("screenHint")
        side = QVBoxLayout()
        side.addWidget(title)
        side.addWidget(hint)
        side.addStretch(1)
        side.addWidget(printb)
        side.addWidget(backb)
        row = QHBoxLayout(self)
        row.setContentsMargins(24, 24, 24, 24)
        row.setSpacing(24)
        row.addLayout(side, 1)
        row.addWidget(self.paper, 0, Qt.AlignmentFlag.AlignHCenter)
        row.addStretch(1)

    def show_receipt(self, receipt: Any) -> None:
        self.receipt = receipt
        self.paper.setPlainText(render_text(receipt))

    @property
    def text(self) -> str:
        return self.paper.toPlainText()
