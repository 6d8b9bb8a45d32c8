"""Reports: the business day (Z report by tender and cashier, with its close
and printout), outstanding liability, offline exceptions and the terminals'
sync state. Each is a table (exportable to CSV) with a chart where a picture
reads better than numbers."""

from __future__ import annotations

import logging
from datetime import datetime
from pathlib import Path
from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QFileDialog,
    QHBoxLayout,
    QListWidget,
    QTableWidget,
    QVBoxLayout,
    QWidget,
)

from app.reports import ReportService, Table, write_csv, z_csv_table, z_tables
from app.reports.zprint import z_escpos
from app.reports.zreport import ZReport
from ui.banner import Level
from ui.manager.charts import chart
from ui.manager.common import button, fill, heading, hint, table, title
from ui.manager.session import StaffSession
from ui.money import MoneyFormat
from ui.wording import Message, explain
from ui.worker import Worker

log = logging.getLogger(__name__)

REPORTS = {"day": "Business day (Z)", "liability": "Liability",
           "exceptions": "Offline exceptions", "terminals": "Terminals"}


class ReportsScreen(QWidget):
    """Signals: ``shown(name)`` once a report is on screen, ``exported(path)``,
    ``printed(bytes)``, ``closed_day(ZReport)``."""

    shown = Signal(str)
    exported = Signal(str)
    printed = Signal(bytes)
    closed_day = Signal(object)

    def __init__(self, reports: ReportService, *, session: StaffSession, worker: Worker,
                 money: MoneyFormat, banner: Any, printer: Any,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("reportsScreen")
        self.reports = reports
        self.session = session
        self.worker = worker
        self.money = money
        self.banner = banner
        self.printer = printer  # a callable answering the terminal's printer (or None)
        self.current = "day"
        self.z: ZReport | None = None
        self.tables: list[Table] = []
        self.views: list[QTableWidget] = []
        self.charts: list[QWidget] = []

        self.nav = QListWidget()
        self.nav.setObjectName("reportsNav")
        self.nav.setFixedWidth(220)
        for key, label in REPORTS.items():
            self.nav.addItem(label)
            self.nav.item(self.nav.count() - 1).setData(256, key)
        self.nav.currentRowChanged.connect(
            lambda row: self.show_report(list(REPORTS)[row]) if row >= 0 else None)
        self.heading = title("Reports")
        self.source = hint("")
        self.refresh_btn = button("Refresh", lambda: self.show_report(self.current),
                                  name="reportRefresh")
        self.export_btn = button("Export CSV…", lambda: self.export_csv(None),
                                 name="reportExport")
        self.print_btn = button("Print Z report", self.print_z, name="reportPrint")
        self.close_btn = button("Close the day", self.close_day, tone="danger",
                                name="reportCloseDay")
        bar = QHBoxLayout()
        bar.addWidget(self.heading)
        bar.addStretch(1)
        for b in (self.refresh_btn, self.export_btn, self.print_btn, self.close_btn):
            bar.addWidget(b)
        self.body = QWidget()
        self.body_layout = QHBoxLayout(self.body)
        self.body_layout.setContentsMargins(0, 0, 0, 0)
        right = QVBoxLayout()
        right.addLayout(bar)
        right.addWidget(self.source)
        right.addWidget(self.body, 1)
        outer = QHBoxLayout(self)
        outer.setContentsMargins(24, 16, 24, 16)
        outer.setSpacing(16)
        outer.addWidget(self.nav)
        outer.addLayout(right, 1)

    def problem(self, exc: BaseException) -> None:
        self.banner.error(explain(exc))

    # -- showing -------------------------------------------------------------
    def show_report(self, name: str) -> None:
        self.current = name
        row = list(REPORTS).index(name)
        if self.nav.currentRow() != row:
            self.nav.blockSignals(True)
            self.nav.setCurrentRow(row)
            self.nav.blockSignals(False)
        is_day = name == "day"
        self.print_btn.setVisible(is_day)
        self.close_btn.setVisible(is_day)
        if is_day:
            self.worker.submit(self.reports.z_report, on_ok=self._show_z, on_err=self.problem,
                               label="z_report")
        else:
            self.worker.submit(lambda: self.reports.table(name),
                               on_ok=lambda t: self._show_tables(name, [t]),
                               on_err=self.problem, label=f"report_{name}")

    def _clear(self) -> None:
        while self.body_layout.count():
            item = self.body_layout.takeAt(0)
            if item is None:
                continue
            w = item.widget()
            if w is not None:
                w.setParent(None)
                w.deleteLater()
            elif item.layout() is not None:
                _drop_layout(item.layout())
        self.views, self.charts = [], []

    def _show_z(self, z: ZReport) -> None:
        self.z = z
        tables = z_tables(z)
        d = z.day
        self.heading.setText(f"Business day {d.business_date.isoformat()}"
                             + ("  ·  closed" if d.closed else "  ·  open"))
        self.source.setText("This terminal's sales, checked against its journal: "
                            + ("they match." if d.matches_journal else
                               "they DO NOT match — call support before closing."))
        self.close_btn.setEnabled(not d.closed)
        self.print_btn.setText("Print Z report" if d.closed else "Print X report")
        self._clear()
        self.tables = tables
        left = QVBoxLayout()
        left.addWidget(heading("Figures"))
        left.addWidget(self._table(tables[0], 0), 1)
        right = QVBoxLayout()
        charts = QHBoxLayout()
        for t in tables[1:]:
            c = chart(t.chart_title, t.chart, self.money, unit=t.chart_unit)
            self.charts.append(c)
            charts.addWidget(c, 1)
        right.addLayout(charts, 3)
        right.addWidget(heading("By cashier"))
        right.addWidget(self._table(tables[2], 3), 2)
        self.body_layout.addLayout(left, 2)
        self.body_layout.addLayout(right, 3)
        self.shown.emit("day")

    def _show_tables(self, name: str, tables: list[Table]) -> None:
        self._clear()
        self.tables = tables
        t = tables[0]
        self.heading.setText(t.title)
        where = "From the central ledger." if t.source == "ledger" else \
            "From this terminal's own store."
        self.source.setText(f"{where} {t.note}".strip())
        col = QVBoxLayout()
        col.addWidget(self._table(t, len(t.headers) - 1), 2)
        if t.chart:
            c = chart(t.chart_title, t.chart, self.money, line=name == "liability",
                      unit=t.chart_unit)
            self.charts.append(c)
            col.addWidget(c, 2)
        self.body_layout.addLayout(col, 1)
        self.shown.emit(name)

    def _table(self, t: Table, stretch: int) -> QTableWidget:
        view = table(t.headers, f"report_{len(self.views)}", stretch=stretch)
        rows = t.text_rows(self.money.locale)
        amounts = [i for i in range(len(t.headers))
                   if any(type(r[i]).__name__ == "Amount" for r in t.rows)]
        fill(view, rows, right=amounts)
        self.views.append(view)
        return view

    # -- acting --------------------------------------------------------------
    def export_csv(self, path: Path | None) -> None:
        """Export what is on screen (the whole Z report on the day view)."""
        if not self.tables:
            return
        if path is None:
            name = f"giftpos-{self.current}-{datetime.now():%Y%m%d-%H%M}.csv"
            chosen, _ = QFileDialog.getSaveFileName(self, "Export CSV", name, "CSV (*.csv)")
            if not chosen:
                return
            path = Path(chosen)
        data = z_csv_table(self.z) if self.current == "day" and self.z else self.tables[0]
        target = Path(path)

        def done(written: Path) -> None:
            self.session.record(action="export", outcome="ok",
                                detail=f"{self.current} to {written.name}")
            self.banner.success(f"Exported to {written}.", "")
            self.exported.emit(str(written))
        self.worker.submit(lambda: write_csv(data, target), on_ok=done, on_err=self.problem,
                           label="export_csv")

    def print_z(self) -> None:
        z = self.z
        if z is None:
            return

        def job() -> bytes:
            from drivers.printer import PrinterError

            printer = self.printer()
            if printer is None:
                raise PrinterError("No receipt printer is set up on this terminal.",
                                   key="printer_config")
            data = z_escpos(z, locale=self.money.locale)
            printer.send(data)
            return data

        def done(data: bytes) -> None:
            self.session.record(action="print_report", outcome="ok",
                                detail=f"Z {z.day.business_date.isoformat()}")
            self.banner.success("Report printed.", "")
            self.printed.emit(data)
        self.session.request("print_report", run=lambda _a: self.worker.submit(
            job, on_ok=done, on_err=self.problem, label="print_z"))

    def close_day(self) -> None:
        def go() -> None:
            self.session.request("close_day", run=lambda _a: self.worker.submit(
                self.reports.close_day, on_ok=closed, on_err=self.problem, label="close_day"))

        def closed(z: ZReport) -> None:
            self._show_z(z)
            self.banner.success(f"Business day {z.day.business_date.isoformat()} closed.",
                                "New sales belong to the next day. Print the Z report.")
            self.closed_day.emit(z)
        self.banner.show_message(
            Message("Close the business day?", "The Z report is frozen as it is now and "
                    "later sales count for the next day. Open sales must be finished first."),
            Level.WARNING, action="Close the day", on_accept=go)


def _drop_layout(layout: Any) -> None:
    while layout.count():
        item = layout.takeAt(0)
        w = item.widget()
        if w is not None:
            w.setParent(None)
            w.deleteLater()
        elif item.layout() is not None:
            _drop_layout(item.layout())

