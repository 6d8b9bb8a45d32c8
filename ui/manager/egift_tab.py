"""The "E-gifts" tab of the manager console: every e-gift with its delivery
state (scheduled, retrying with the last error, sent), a refresh, and a
resend of the selected one. Calls run on the window's worker, never on the
GUI thread."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from babel.dates import format_datetime
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.egift.service import EgiftService, EgiftView
from ui.i18n import QT_TR_NOOP, tr
from ui.manager.common import button, table
from ui.manager.console import ConsoleTab

# The delivery states, in the till's language (kept in English in the store).
STATES = {"SCHEDULED": QT_TR_NOOP("Scheduled"), "RETRYING": QT_TR_NOOP("Retrying"),
          "SENT": QT_TR_NOOP("Sent")}
HEADERS = (QT_TR_NOOP("Card"), QT_TR_NOOP("To"), QT_TR_NOOP("State"), QT_TR_NOOP("Send at"),
           QT_TR_NOOP("Tries"), QT_TR_NOOP("Last error"), QT_TR_NOOP("Sent at"))


class EgiftTab(QWidget):
    def __init__(self, service: EgiftService, worker: Any, on_problem: Any) -> None:
        super().__init__()
        self.setObjectName("egiftTab")
        self.service = service
        self.worker = worker
        self.on_problem = on_problem
        self.rows: list[EgiftView] = []
        # The console's table: columns as wide as what they hold (the card's
        # last four, the address and the dates were cut to "•••• …").
        self.table = table([tr(h) for h in HEADERS], "egiftTable")
        self.status = QLabel("")
        self.status.setObjectName("egiftStatus")
        refresh = button(tr("Refresh"), self.reload, name="egiftRefresh", height=40)
        self.resend_btn = button(tr("Resend selected"), self.resend, name="egiftResend", height=40)
        bar = QHBoxLayout()
        bar.addWidget(self.status, 1)
        bar.addWidget(refresh)
        bar.addWidget(self.resend_btn)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(24, 12, 24, 12)
        outer.addLayout(bar)
        outer.addWidget(self.table, 1)

    def reload(self) -> None:
        self.worker.submit(self.service.list, on_ok=self.show_rows, on_err=self.on_problem,
                           label="egift list")

    def show_rows(self, rows: list[EgiftView]) -> None:
        self.rows = list(rows)
        self.table.setRowCount(len(self.rows))
        locale = self.service.locale

        def when(at: datetime | None) -> str:
            return format_datetime(at.astimezone(), "short", locale=locale) if at else ""

        for i, v in enumerate(self.rows):
            state = STATES.get(v.state)
            cells = (v.card, v.recipient, tr(state) if state else v.state.capitalize(),
                     when(v.send_at), str(v.attempts), v.last_error or "", when(v.sent_at))
            for j, text in enumerate(cells):
                self.table.setItem(i, j, QTableWidgetItem(text))
        waiting = sum(v.state != "SENT" for v in self.rows)
        self.status.setText(tr('{len} e-gifts, {waiting} waiting to go out')
                            .format(len=len(self.rows), waiting=waiting))

    def resend(self) -> None:
        i = self.table.currentRow()
        if not 0 <= i < len(self.rows):
            self.status.setText(tr("Pick an e-gift to resend."))
            return
        eid = self.rows[i].id
        self.worker.submit(lambda: self.service.resend(eid), on_ok=lambda _v: self.reload(),
                           on_err=self.on_problem, label="egift resend")


def build(console: Any) -> EgiftTab:
    """The tab, for the console being built (given by ui/composition.py)."""
    window = console.window_
    terminal = window.terminal
    return EgiftTab(EgiftService(terminal.cards, locale=terminal.config.locale), window.worker,
                    window.show_problem)


TAB = ConsoleTab("egifts", QT_TR_NOOP("E-gifts"), build, reload_on_show=True)
