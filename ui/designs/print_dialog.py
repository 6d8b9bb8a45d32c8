"""Print a card: its design previewed, then saved as PNG or PDF, or printed
on the receipt printer. The number is typed or scanned into a hidden field;
the preview shows it masked unless "Full number" is ticked (an e-gift the
recipient must type in; the barcode always carries the full number)."""

from __future__ import annotations

import logging
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QPixmap
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QFileDialog,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app.designs.service import DesignService
from drivers.printer import Printer, PrinterError
from ui.i18n import QT_TR_NOOP, tr
from ui.worker import Worker

log = logging.getLogger(__name__)

OWN = QT_TR_NOOP("The card's own program")
PREVIEW_WIDTH = 506  # half size: 1012 x 638 at 300 dpi


class PrintCardDialog(QDialog):
    """Signals (GUI thread): ``previewed(bytes)`` with the PNG shown,
    ``saved(str)`` with a path written, ``printed()``, ``problem(exc)``."""

    previewed = Signal(bytes)
    saved = Signal(str)
    printed = Signal()
    problem = Signal(object)

    def __init__(self, designs: DesignService, worker: Worker, *,
                 printer: Callable[[], Printer | None] = lambda: None, number: str = "",
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("printCardDialog")
        self.setWindowTitle(tr("Print a card"))
        self.designs = designs
        self.worker = worker
        self.printer = printer
        self.png: bytes | None = None

        self.number = QLineEdit(number)
        self.number.setEchoMode(QLineEdit.EchoMode.Password)
        self.number.setPlaceholderText(tr("Scan or type the card number"))
        self.number.returnPressed.connect(self.refresh)
        self.program = QComboBox()
        self.program.addItem(tr(OWN), None)
        self.full = QCheckBox(tr("Full number on the card (e-gift)"))
        self.full.toggled.connect(lambda _on: self.refresh())
        self.program.currentIndexChanged.connect(lambda _i: self.refresh())
        self.preview = QLabel(tr("Scan or type a card to see it"))
        self.preview.setObjectName("cardPreview")
        self.preview.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.preview.setMinimumSize(PREVIEW_WIDTH, 320)

        show = QPushButton(tr("Show"))
        show.clicked.connect(self.refresh)
        self.png_btn = QPushButton(tr("Save PNG…"))
        self.png_btn.clicked.connect(lambda: self._ask_path(tr("PNG image (*.png)"), ".png"))
        self.pdf_btn = QPushButton(tr("Save PDF…"))
        self.pdf_btn.clicked.connect(lambda: self._ask_path(tr("PDF (*.pdf)"), ".pdf"))
        self.print_btn = QPushButton(tr("Receipt printer"))
        self.print_btn.setProperty("tone", "primary")
        self.print_btn.clicked.connect(self.print_receipt)
        close = QPushButton(tr("Close"))
        close.clicked.connect(self.accept)

        form = QGridLayout()
        form.addWidget(QLabel(tr("Card")), 0, 0)
        form.addWidget(self.number, 0, 1)
        form.addWidget(show, 0, 2)
        form.addWidget(QLabel(tr("Design")), 1, 0)
        form.addWidget(self.program, 1, 1, 1, 2)
        form.addWidget(self.full, 2, 1, 1, 2)
        buttons = QHBoxLayout()
        for b in (self.png_btn, self.pdf_btn, self.print_btn):
            buttons.addWidget(b)
        buttons.addStretch(1)
        buttons.addWidget(close)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.preview, 1)
        layout.addLayout(buttons)
        self._load_programs()
        if number:
            self.refresh()

    def _args(self) -> dict[str, object]:
        return {"number": self.number.text().strip(), "program": self.program.currentData(),
                "full_number": self.full.isChecked()}

    def _load_programs(self) -> None:
        def shown(programs: list[object]) -> None:
            for p in programs:
                self.program.addItem(f"{p.title} ({p.code})", p.code)  # type: ignore[attr-defined]
        self.worker.submit(self.designs.programs, on_ok=shown, on_err=self.problem.emit,
                           label="designs_programs")

    def refresh(self) -> None:
        """Draw the card again (worker thread) and show it."""
        kw = self._args()
        if not kw["number"]:
            return

        def shown(png: bytes) -> None:
            self.png = png
            pix = QPixmap()
            pix.loadFromData(png, "PNG")
            self.preview.setPixmap(pix.scaledToWidth(
                PREVIEW_WIDTH, Qt.TransformationMode.SmoothTransformation))
            self.previewed.emit(png)

        self.worker.submit(lambda: self.designs.png(**kw), on_ok=shown,  # type: ignore[arg-type]
                           on_err=self.problem.emit, label="designs_preview")

    def _ask_path(self, kind: str, suffix: str) -> None:
        path, _ = QFileDialog.getSaveFileName(self, tr("Save the card"), f"card{suffix}", kind)
        if path:
            self.save(path)

    def save(self, path: str) -> None:
        """PNG or PDF by the file's suffix (worker thread)."""
        kw = self._args()
        target = Path(path)

        def write() -> str:
            data = (self.designs.pdf(**kw) if target.suffix.lower() == ".pdf"  # type: ignore[arg-type]
                    else self.designs.png(**kw))  # type: ignore[arg-type]
            target.write_bytes(data)
            return str(target)

        self.worker.submit(write, on_ok=self.saved.emit, on_err=self.problem.emit,
                           label="designs_save")

    def print_receipt(self) -> None:
        """The card picture on the receipt printer (worker thread: printers block)."""
        kw = self._args()
        printer = self.printer()

        def send() -> None:
            if printer is None:
                raise PrinterError(tr("No receipt printer is set up on this terminal."),
                                   key="printer_config")
            printer.send(self.designs.escpos(image=True, **kw))  # type: ignore[arg-type]

        self.worker.submit(send, on_ok=lambda _r: self.printed.emit(),
                           on_err=self.problem.emit, label="designs_print")
