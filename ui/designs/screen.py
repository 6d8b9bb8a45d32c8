"""Card designs, for managers: the card programs (title, currency, default
amount, expiry rule, cover), the covers available, a form to add a program,
issuing cards from a program, and printing a card (PrintCardDialog).

Service calls run on the window's Worker; problems go to the one banner
through ``problem``."""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QGridLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.designs.programs import Program
from app.designs.service import DesignService
from app.designs.templates import Template
from app.domain import CardView
from drivers.printer import Printer
from ui.designs.print_dialog import PrintCardDialog
from ui.i18n import tr
from ui.money import MoneyFormat
from ui.worker import Worker

log = logging.getLogger(__name__)


class DesignsScreen(QWidget):
    """Signals (GUI thread): ``loaded(list[Program])``, ``issued(list[CardView])``,
    ``problem(exc)``, ``notice(text, next_step)``."""

    loaded = Signal(object)
    issued = Signal(object)
    problem = Signal(object)
    notice = Signal(str, str)

    def __init__(self, designs: DesignService, worker: Worker, money: MoneyFormat, *,
                 printer: Callable[[], Printer | None] = lambda: None,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("designsScreen")
        self.designs = designs
        self.worker = worker
        self.money = money
        self.printer = printer
        self.programs: list[Program] = []
        self.dialog: PrintCardDialog | None = None

        title = QLabel(tr("Card designs"))
        title.setObjectName("screenTitle")
        hint = QLabel(tr("Card programs give cards their title, amount, expiry and cover."))
        hint.setObjectName("screenHint")
        self.table = QTableWidget(0, 5)
        self.table.setObjectName("programsTable")
        self.table.setHorizontalHeaderLabels([tr("Program"), tr("Title"), tr("Amount"),
                                              tr("Expiry"), tr("Cover")])
        self.table.verticalHeader().hide()
        heads = self.table.horizontalHeader()
        heads.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        heads.setStretchLastSection(True)
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QTableWidget.SelectionBehavior.SelectRows)

        self.code, self.title_in, self.amount = QLineEdit(), QLineEdit(), QLineEdit()
        self.code.setPlaceholderText(tr("code, e.g. holiday-2026"))
        self.title_in.setPlaceholderText(tr("Title printed on the card"))
        self.amount.setPlaceholderText(tr('Default amount ({currency})')
                                       .format(currency=money.currency))
        self.months = QSpinBox()
        self.months.setRange(0, 240)
        self.months.setSpecialValueText(tr("Never expires"))
        self.months.setSuffix(tr(" months"))
        self.cover = QComboBox()
        add = QPushButton(tr("Add program"))
        add.clicked.connect(self.add_program)
        form = QGridLayout()
        form.addWidget(QLabel(tr("New program")), 0, 0, 1, 3)
        form.addWidget(self.code, 1, 0)
        form.addWidget(self.title_in, 1, 1)
        form.addWidget(self.amount, 1, 2)
        form.addWidget(self.months, 2, 0)
        form.addWidget(self.cover, 2, 1)
        form.addWidget(add, 2, 2)

        self.count = QSpinBox()
        self.count.setRange(1, 500)
        self.count.setPrefix(tr("Cards: "))
        self.inactive = QCheckBox(tr("Unsold stock (activated when sold)"))
        self.inactive.setChecked(True)
        issue = QPushButton(tr("Issue from selected program"))
        issue.clicked.connect(self.issue)
        print_btn = QPushButton(tr("Print a card…"))
        print_btn.setProperty("tone", "primary")
        print_btn.clicked.connect(lambda: self.open_print())
        actions = QHBoxLayout()
        actions.addWidget(self.count)
        actions.addWidget(self.inactive)
        actions.addWidget(issue)
        actions.addStretch(1)
        actions.addWidget(print_btn)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 12, 24, 12)
        layout.addWidget(title)
        layout.addWidget(hint)
        layout.addWidget(self.table, 1)
        layout.addLayout(actions)
        layout.addLayout(form)

    # -- loading -----------------------------------------------------------------
    def reload(self) -> None:
        def load() -> tuple[list[Program], list[Template]]:
            return self.designs.programs(), self.designs.templates()
        self.worker.submit(load, on_ok=self._show, on_err=self.problem.emit,
                           label="designs_load")

    def _show(self, got: tuple[list[Program], list[Template]]) -> None:
        self.programs, templates = got
        self.table.setRowCount(len(self.programs))
        for r, p in enumerate(self.programs):
            cells = [p.code, p.title, self.money.show(p.default_amount) if p.currency ==
                     self.money.currency else f"{p.default_amount} {p.currency}",
                     p.expiry_rule(), p.template]
            for c, text in enumerate(cells):
                self.table.setItem(r, c, QTableWidgetItem(text))
        current = self.cover.currentData()
        self.cover.clear()
        for t in templates:
            self.cover.addItem(tr('Cover: {name}').format(name=t.name), t.id)
        if current is not None:
            self.cover.setCurrentIndex(max(self.cover.findData(current), 0))
        self.loaded.emit(self.programs)

    # -- actions -----------------------------------------------------------------
    def add_program(self) -> None:
        code, title = self.code.text(), self.title_in.text()
        months = self.months.value() or None
        cover = self.cover.currentData() or "classic"
        try:
            amount = self.money.parse(self.amount.text()) if self.amount.text().strip() else 0
        except Exception as exc:  # a typo in the amount: say so in the banner
            self.problem.emit(exc)
            return

        def done(p: Program) -> None:
            for w in (self.code, self.title_in, self.amount):
                w.clear()
            self.notice.emit(tr('Program {title} added.').format(title=p.title),
                             tr("Select it to issue cards."))
            self.reload()

        self.worker.submit(lambda: self.designs.add_program(
            code=code, title=title, currency=self.money.currency, default_amount=amount,
            template=cover, expiry_months=months), on_ok=done, on_err=self.problem.emit,
            label="designs_add")

    def selected(self) -> Program | None:
        row = self.table.currentRow()
        return self.programs[row] if 0 <= row < len(self.programs) else None

    def issue(self) -> None:
        prog = self.selected()
        if prog is None:
            from app.errors import GiftposError
            self.problem.emit(GiftposError(tr("Select a program first."), key="no_program"))
            return
        count, inactive = self.count.value(), self.inactive.isChecked()

        def done(made: list[tuple[CardView, Any]]) -> None:
            cards = [v for v, _k in made]
            self.notice.emit(tr('Issued {len} card(s) from {title}.')
                             .format(len=len(cards), title=prog.title),
                             tr("Print each one with Print a card."))
            self.issued.emit(cards)
            if len(cards) == 1:
                self.open_print(cards[0].number)

        self.worker.submit(lambda: self.designs.issue(program=prog.code, count=count,
                                                      inactive=inactive),
                           on_ok=done, on_err=self.problem.emit, label="designs_issue")

    def open_print(self, number: str = "") -> PrintCardDialog:
        self.dialog = PrintCardDialog(self.designs, self.worker, printer=self.printer,
                                      number=number, parent=self)
        self.dialog.problem.connect(self.problem.emit)
        self.dialog.saved.connect(lambda path: self.notice.emit(tr('Card saved to {path}.')
                                                                .format(path=path), ""))
        self.dialog.printed.connect(lambda: self.notice.emit(tr("Card sent to the printer."), ""))
        self.dialog.show()
        return self.dialog
