"""The audit trail on screen: who asked for what, who approved it, how it
ended; filtered by action or person, newest first, a page at a time."""

from __future__ import annotations

from babel.dates import format_datetime
from PySide6.QtCore import Signal
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLabel, QLineEdit, QVBoxLayout, QWidget

from app.staff import AuditRecord, StaffService
from app.staff.permissions import ACTIONS
from ui.i18n import tr
from ui.manager.common import button, fill, hint, table, title
from ui.money import MoneyFormat
from ui.wording import explain
from ui.worker import Worker

PAGE = 40


class AuditScreen(QWidget):
    """``loaded(count)`` after each page."""

    loaded = Signal(int)

    def __init__(self, staff: StaffService, *, worker: Worker, money: MoneyFormat,
                 banner: object, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("auditScreen")
        self.staff = staff
        self.worker = worker
        self.money = money
        self.banner = banner
        self.records: list[AuditRecord] = []
        self.cursors: list[int | None] = [None]
        self.next_cursor: int | None = None
        self.action = QComboBox()
        self.action.setObjectName("auditAction")
        self.action.addItem(tr("Every action"), "")
        for name in (*ACTIONS, "lock", "approval", "staff_add", "staff_pin", "staff_disable"):
            self.action.addItem(name.replace("_", " "), name)
        self.person = QLineEdit()
        self.person.setObjectName("auditPerson")
        self.person.setPlaceholderText(tr("Person (asked or approved)"))
        self.person.returnPressed.connect(self.reload)
        self.action.currentIndexChanged.connect(lambda _i: self.reload())
        self.view = table((tr("When"), tr("Till"), tr("Action"), tr("Outcome"), tr("Asked by"),
                           tr("Approved by"), tr("Card"), tr("Amount"), tr("Detail")),
                          "auditTable", stretch=8)
        self.newer = button(tr("‹ Newer"), self._newer, name="auditNewer", height=40)
        self.older = button(tr("Older ›"), self._older, name="auditOlder", height=40)
        self.page = QLabel("")
        self.page.setObjectName("screenHint")
        top = QHBoxLayout()
        top.addWidget(title(tr("Audit trail")))
        top.addStretch(1)
        top.addWidget(self.action)
        top.addWidget(self.person)
        top.addWidget(button(tr("Refresh"), self.reload, name="auditRefresh"))
        paging = QHBoxLayout()
        paging.addStretch(1)
        paging.addWidget(self.page)
        paging.addWidget(self.newer)
        paging.addWidget(self.older)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(24, 16, 24, 16)
        outer.addLayout(top)
        outer.addWidget(hint(tr("Every manager action and approval, and every refused PIN.")))
        outer.addWidget(self.view, 1)
        outer.addLayout(paging)

    def reload(self) -> None:
        self.cursors = [None]
        self._load(None)

    def _load(self, before: int | None) -> None:
        action = str(self.action.currentData() or "") or None
        person = self.person.text().strip() or None
        self.worker.submit(lambda: self.staff.audit(limit=PAGE, before=before, action=action,
                                                    person=person),
                           on_ok=self._show,
                           on_err=lambda e: self.banner.error(explain(e)),  # type: ignore[attr-defined]
                           label="audit_page")

    def _show(self, page: tuple[list[AuditRecord], int | None]) -> None:
        self.records, self.next_cursor = page
        rows = []
        for r in self.records:
            amount = (self.money.show(r.amount) if r.amount is not None
                      and (r.currency or self.money.currency) == self.money.currency
                      else (f"{r.amount} {r.currency}" if r.amount is not None else ""))
            when = format_datetime(r.at.astimezone(), "medium", locale=self.money.locale)
            rows.append([when, r.terminal,
                         r.action.replace("_", " "), r.outcome, r.actor or "",
                         r.approver or "", r.card or "", amount, r.detail or ""])
        fill(self.view, rows, right=(7,))
        self.page.setText(tr('Page {len}').format(len=len(self.cursors)))
        self.newer.setEnabled(len(self.cursors) > 1)
        self.older.setEnabled(self.next_cursor is not None)
        self.loaded.emit(len(rows))

    def _older(self) -> None:
        if self.next_cursor is not None:
            self.cursors.append(self.next_cursor)
            self._load(self.next_cursor)

    def _newer(self) -> None:
        if len(self.cursors) > 1:
            self.cursors.pop()
            self._load(self.cursors[-1])
