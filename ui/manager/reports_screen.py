"""Reports: the business day (Z report by tender and cashier, with its close
and printout), outstanding liability, offline exceptions and the terminals'
sync state. Each is a table (exportable to CSV) with a chart where a picture
reads better than numbers."""

from __future__ import annotations

import logging
from datetime import datetime
from pathlib import Path
from typing import Any

from babel.dates import format_date
from PySide6.QtCore import Signal
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import (
    QBoxLayout,
    QFileDialog,
    QGridLayout,
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
from ui.i18n import QT_TR_NOOP, tr
from ui.manager.charts import chart
from ui.manager.common import button, fill, heading, hint, table, title
from ui.manager.session import StaffSession
from ui.money import MoneyFormat
from ui.wording import Message, explain
from ui.worker import Worker

log = logging.getLogger(__name__)
_CHARTS_SIDE_BY_SIDE = 900  # px of the reports screen

REPORTS = {"day": QT_TR_NOOP("Business day (Z)"), "liability": QT_TR_NOOP("Liability"),
           "exceptions": QT_TR_NOOP("Offline exceptions"), "terminals": QT_TR_NOOP("Terminals")}


# The words of app/reports' tables (titles, headers, figures), for lupdate: the
# screen shows every text cell through tr() (what has no translation stays).
_REPORT_WORDS = (
    QT_TR_NOOP('Amount'),
    QT_TR_NOOP('Business date'),
    QT_TR_NOOP('Cancelled sales'),
    QT_TR_NOOP('Cash expected after cash-outs'),
    QT_TR_NOOP('Cash expected in drawer'),
    QT_TR_NOOP('Cash paid out for cash-outs'),
    QT_TR_NOOP('Cashier'),
    QT_TR_NOOP('Change given'),
    QT_TR_NOOP('Day'),
    QT_TR_NOOP('Figure'),
    QT_TR_NOOP('Gift card cash-outs'),
    QT_TR_NOOP('Gift card redemptions'),
    QT_TR_NOOP('Gift card redemptions, value'),
    QT_TR_NOOP('Gift cards sold'),
    QT_TR_NOOP('Gift cards sold, value'),
    QT_TR_NOOP('Matches the journal'),
    QT_TR_NOOP('NO — call support'),
    QT_TR_NOOP('Refunds in cash'),
    QT_TR_NOOP('Refunds'),
    QT_TR_NOOP('Refunds, value'),
    QT_TR_NOOP('Reloads'),
    QT_TR_NOOP('Reloads, value'),
    QT_TR_NOOP('Sales by cashier'),
    QT_TR_NOOP('Sales by tender'),
    QT_TR_NOOP('Sales over the day'),
    QT_TR_NOOP('Sales still open'),
    QT_TR_NOOP('Sales total'),
    QT_TR_NOOP('Sales'),
    QT_TR_NOOP('Section'),
    QT_TR_NOOP('Store credit issued'),
    QT_TR_NOOP('Tender'),
    QT_TR_NOOP('Terminal'),
    QT_TR_NOOP('Total'),
    QT_TR_NOOP('Value'),
    QT_TR_NOOP('Voided sales'),
    QT_TR_NOOP('Voided, value'),
    QT_TR_NOOP('Z report'),
    QT_TR_NOOP('Gift cards'),
    QT_TR_NOOP('Cash'),
    QT_TR_NOOP('Other payments'),
    QT_TR_NOOP('Outstanding liability'),
    QT_TR_NOOP('Program'),
    QT_TR_NOOP('Currency'),
    QT_TR_NOOP('Cards'),
    QT_TR_NOOP('Outstanding'),
    QT_TR_NOOP('Overdrawn'),
    QT_TR_NOOP('Offline exceptions'),
    QT_TR_NOOP('Kind'),
    QT_TR_NOOP('Card'),
    QT_TR_NOOP('Status'),
    QT_TR_NOOP('Note'),
    QT_TR_NOOP('When'),
    QT_TR_NOOP('Exceptions by kind'),
    QT_TR_NOOP('Terminals'),
    QT_TR_NOOP('Entries pushed'),
    QT_TR_NOOP('Cursor'),
    QT_TR_NOOP('Waiting to sync'),
    QT_TR_NOOP('Oldest waiting'),
    QT_TR_NOOP('Attempts'),
    QT_TR_NOOP('yes'),
    QT_TR_NOOP('no'),
    QT_TR_NOOP('Yes'),
    QT_TR_NOOP('No'),
    QT_TR_NOOP('Store'),
)


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
        self._charts: QBoxLayout | None = None

        self.nav = QListWidget()
        self.nav.setObjectName("reportsNav")
        self.nav.setFixedWidth(220)
        for key, label in REPORTS.items():
            self.nav.addItem(tr(label))
            self.nav.item(self.nav.count() - 1).setData(256, key)
        self.nav.currentRowChanged.connect(
            lambda row: self.show_report(list(REPORTS)[row]) if row >= 0 else None)
        self.heading = title(tr("Reports"))
        self.source = hint("")
        self.refresh_btn = button(tr("Refresh"), lambda: self.show_report(self.current),
                                  name="reportRefresh")
        self.export_btn = button(tr("Export CSV…"), lambda: self.export_csv(None),
                                 name="reportExport")
        self.print_btn = button(tr("Print Z report"), self.print_z, name="reportPrint")
        self.close_btn = button(tr("Close the day"), self.close_day, tone="danger",
                                name="reportCloseDay")
        # The heading over its buttons, two to a row, and the day's parts one
        # over another: the German Z report fits 1024x768 beside the demo's
        # panel with no scrolling sideways (tests/ui/test_z_report_fits.py).
        self.heading.setWordWrap(True)
        buttons = QGridLayout()
        for i, b in enumerate((self.refresh_btn, self.export_btn, self.print_btn,
                               self.close_btn)):
            buttons.addWidget(b, i // 2, i % 2)
        buttons.setColumnStretch(2, 1)
        bar = QVBoxLayout()
        bar.addWidget(self.heading)
        bar.addLayout(buttons)
        self.body = QWidget()
        self.body_layout = QVBoxLayout(self.body)
        self.body_layout.setContentsMargins(0, 0, 0, 0)
        right = QVBoxLayout()
        right.addLayout(bar)
        right.addWidget(self.source)
        right.addWidget(self.body, 1)
        outer = QHBoxLayout(self)
        outer.setContentsMargins(16, 16, 16, 16)
        outer.setSpacing(12)
        outer.addWidget(self.nav)
        outer.addLayout(right, 1)

    def _charts_direction(self) -> QBoxLayout.Direction:
        # Side by side the two charts want about 830 px of this screen.
        return (QBoxLayout.Direction.LeftToRight if self.width() >= _CHARTS_SIDE_BY_SIDE
                else QBoxLayout.Direction.TopToBottom)

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        if self._charts is not None and self._charts.direction() != self._charts_direction():
            self._charts.setDirection(self._charts_direction())

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
        self._charts = None

    def _show_z(self, z: ZReport) -> None:
        self.z = z
        tables = z_tables(z)
        d = z.day
        day = format_date(d.business_date, format="medium", locale=self.money.locale)
        self.heading.setText(tr("Business day {date}").format(date=day) + "  ·  "
                             + (tr("closed") if d.closed else tr("open")))
        self.source.setText(tr("This terminal's sales, checked against its journal: they "
                               "match.") if d.matches_journal else
                            tr("This terminal's sales, checked against its journal: they DO "
                               "NOT match — call support before closing."))
        self.close_btn.setEnabled(not d.closed)
        self.print_btn.setText(tr("Print Z report") if d.closed else tr("Print X report"))
        self._clear()
        self.tables = tables
        left = QVBoxLayout()
        left.addWidget(heading(tr("Figures")))
        left.addWidget(self._table(tables[0], 0), 1)
        right = QVBoxLayout()
        # Two charts side by side where there is room, else one over the other.
        charts = QBoxLayout(self._charts_direction())
        self._charts = charts
        for t in tables[1:]:
            c = chart(tr(t.chart_title), {tr(k): v for k, v in t.chart.items()}, self.money,
                      unit=t.chart_unit)
            self.charts.append(c)
            charts.addWidget(c, 1)
        right.addLayout(charts, 3)
        right.addWidget(heading(tr("By cashier")))
        right.addWidget(self._table(tables[2], 3), 2)
        self.body_layout.addLayout(left, 2)
        self.body_layout.addLayout(right, 3)
        self.shown.emit("day")

    def _show_tables(self, name: str, tables: list[Table]) -> None:
        self._clear()
        self.tables = tables
        t = tables[0]
        self.heading.setText(tr(t.title))
        where = tr("From the central ledger.") if t.source == "ledger" else \
            tr("From this terminal's own store.")
        self.source.setText(f"{where} {tr(t.note) if t.note else ''}".strip())
        col = QVBoxLayout()
        col.addWidget(self._table(t, len(t.headers) - 1), 2)
        if t.chart:
            c = chart(tr(t.chart_title), {tr(k): v for k, v in t.chart.items()}, self.money,
                      line=name == "liability", unit=t.chart_unit)
            self.charts.append(c)
            col.addWidget(c, 2)
        self.body_layout.addLayout(col, 1)
        self.shown.emit(name)

    def _table(self, t: Table, stretch: int) -> QTableWidget:
        view = table([tr(h) for h in t.headers], f"report_{len(self.views)}", stretch=stretch)
        rows = [[tr(cell) if isinstance(cell, str) else cell for cell in row]
                for row in t.text_rows(self.money.locale)]
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
            chosen, _ = QFileDialog.getSaveFileName(self, tr("Export CSV"), name, tr("CSV (*.csv)"))
            if not chosen:
                return
            path = Path(chosen)
        data = z_csv_table(self.z) if self.current == "day" and self.z else self.tables[0]
        target = Path(path)

        def done(written: Path) -> None:
            self.session.record(action="export", outcome="ok",
                                detail=tr('{current} to {name}')
                                       .format(current=self.current, name=written.name))
            self.banner.success(tr('Exported to {written}.').format(written=written), "")
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
                raise PrinterError(tr("No receipt printer is set up on this terminal."),
                                   key="printer_config")
            data = z_escpos(z, locale=self.money.locale)
            printer.send(data)
            return data

        def done(data: bytes) -> None:
            self.session.record(action="print_report", outcome="ok",
                                detail=tr('Z {isoformat}')
                                       .format(isoformat=z.day.business_date.isoformat()))
            self.banner.success(tr("Report printed."), "")
            self.printed.emit(data)
        self.session.request("print_report", run=lambda _a: self.worker.submit(
            job, on_ok=done, on_err=self.problem, label="print_z"))

    def close_day(self) -> None:
        def go() -> None:
            self.session.request("close_day", run=lambda _a: self.worker.submit(
                self.reports.close_day, on_ok=closed, on_err=self.problem, label="close_day"))

        def closed(z: ZReport) -> None:
            self._show_z(z)
            self.banner.success(tr('Business day {isoformat} closed.')
                                .format(isoformat=z.day.business_date.isoformat()),
                                tr("New sales belong to the next day. Print the Z report."))
            self.closed_day.emit(z)
        self.banner.show_message(
            Message(tr("Close the business day?"), tr("The Z report is frozen as it is now and "
                    "later sales count for the next day. Open sales must be finished first.")),
            Level.WARNING, action=tr("Close the day"), on_accept=go)


def _drop_layout(layout: Any) -> None:
    while layout.count():
        item = layout.takeAt(0)
        w = item.widget()
        if w is not None:
            w.setParent(None)
            w.deleteLater()
        elif item.layout() is not None:
            _drop_layout(item.layout())

