"""Receipt preview: the receipt as it will print, in a monospaced paper
strip, with Print (F10 reprints the last sale) and Back."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QColor, QFont, QFontDatabase, QImage, QPainter, QPixmap
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPlainTextEdit, QPushButton, QVBoxLayout, QWidget

from ui.i18n import tr
from ui.printing import render_text


def barcode_pixmap(code: str, *, width: int, height: int) -> QPixmap:
    """Code128 bars (python-barcode's encoding) on white, quiet zones included."""
    import barcode  # python-barcode: small; only when a receipt is shown

    modules = str(barcode.get("code128", code).build()[0])
    quiet = 10
    unit = max(1, width // (len(modules) + 2 * quiet))
    image = QImage((len(modules) + 2 * quiet) * unit, height, QImage.Format.Format_RGB32)
    image.fill(QColor("white"))
    painter = QPainter(image)
    for i, bit in enumerate(modules):
        if bit == "1":
            painter.fillRect((quiet + i) * unit, 0, unit, height, QColor("black"))
    painter.end()
    return QPixmap.fromImage(image)


class ReceiptScreen(QWidget):
    back = Signal()
    print_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("receiptScreen")
        self.receipt: Any = None
        title = QLabel(tr("Receipt"))
        title.setObjectName("screenTitle")
        self.paper = QPlainTextEdit()
        self.paper.setObjectName("receiptPaper")
        self.paper.setReadOnly(True)
        self.paper.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        mono = QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont)
        mono.setStyleHint(QFont.StyleHint.Monospace)
        self.paper.setFont(mono)
        self.paper.setFixedWidth(400)
        printb = QPushButton(tr("F10  Print again"))
        printb.setObjectName("receiptPrint")
        printb.setProperty("tone", "primary")
        backb = QPushButton(tr("Esc  Back to sale"))
        backb.setObjectName("receiptBack")
        for b in (printb, backb):
            b.setFocusPolicy(Qt.FocusPolicy.NoFocus)
            b.setMinimumHeight(56)
        printb.clicked.connect(lambda: self.print_requested.emit())
        backb.clicked.connect(lambda: self.back.emit())
        hint = QLabel(tr("As it prints. Card numbers are masked."))
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
        # The receipt's barcode, as the printer draws it (Code128 of S + number).
        self.bars = QLabel()
        self.bars.setObjectName("receiptBarcode")
        self.bars.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.bars.setStyleSheet("background: white; padding: 8px;")
        strip = QVBoxLayout()
        strip.setSpacing(0)
        strip.addWidget(self.paper, 1)
        strip.addWidget(self.bars)
        row.addLayout(side, 1)
        row.addLayout(strip)
        row.addStretch(1)

    def show_receipt(self, receipt: Any) -> None:
        self.receipt = receipt
        self.paper.setPlainText(render_text(receipt))
        code = getattr(receipt, "barcode", "")
        self.bars.setPixmap(barcode_pixmap(code, width=360, height=56) if code else QPixmap())
        self.bars.setToolTip(code)
        self.bars.setVisible(bool(code))

    @property
    def text(self) -> str:
        return self.paper.toPlainText()
