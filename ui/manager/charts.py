"""Charts for the reports: QtCharts (PySide6-Addons) where it is installed,
else a plain bar chart painted with QPainter, so the reports never depend on
an optional package. Values are minor units of one currency; axes show major
units."""

from __future__ import annotations

import logging

from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QColor, QPainter, QPaintEvent
from PySide6.QtWidgets import QSizePolicy, QWidget

from app.money import digits
from ui.i18n import tr
from ui.money import MoneyFormat

log = logging.getLogger(__name__)

try:  # PySide6-Addons
    from PySide6 import QtCharts
except ImportError:  # pragma: no cover - depends on the installed wheels
    QtCharts = None  # type: ignore[assignment]

ACCENT = "#0b5cd5"


def has_qtcharts() -> bool:
    return QtCharts is not None


def _major(minor: int, currency: str) -> float:
    return minor / 10 ** digits(currency)


def chart(title: str, data: dict[str, int], money: MoneyFormat, *, line: bool = False,
          dark: bool = False, unit: str = "money") -> QWidget:
    """A bar chart (or a line for a series over time) of ``data``: amounts in
    minor units (``unit="money"``) or plain counts (``unit="count"``)."""
    if QtCharts is not None:
        return _qtchart(title, data, money, line=line, dark=dark, unit=unit)
    return BarChart(title, data, money, unit=unit)


def _two_lines(label: str) -> str:
    """A long name on two lines (the labels are rich text): Qt gives a side
    axis's names about a third of the chart and cuts the rest ("Andere
    Zahlun…")."""
    words = label.split(" ")
    if len(label) <= 12 or len(words) < 2:
        return label
    cut = min(range(1, len(words)),
              key=lambda i: abs(len(" ".join(words[:i])) - len(" ".join(words[i:]))))
    return " ".join(words[:cut]) + "<br>" + " ".join(words[cut:])


def _qtchart(title: str, data: dict[str, int], money: MoneyFormat, *, line: bool,
             dark: bool, unit: str = "money") -> QWidget:
    assert QtCharts is not None
    c = QtCharts.QChart()
    c.setTitle(title)
    c.legend().hide()
    c.setAnimationOptions(QtCharts.QChart.AnimationOption.NoAnimation)
    c.setBackgroundRoundness(8)
    if dark:
        c.setTheme(QtCharts.QChart.ChartTheme.ChartThemeDark)
    labels = list(data) or ["—"]
    count = unit == "count"
    values = [float(v) if count else _major(v, money.currency)
              for v in data.values()] or [0.0]
    # Bars of named things (tenders, cashiers) lie across, their names at the
    # side where a name has the width it needs: under an upright bar, "Gift
    # card" in a 70 px column was cut to "Gift …". Hours stay upright.
    across = not line and max(len(label) for label in labels) > 5
    if across:  # Qt stacks them upwards; read from the top, in the table's order
        labels = [_two_lines(label) for label in reversed(labels)]
        values.reverse()
    axis_x = QtCharts.QBarCategoryAxis()
    axis_x.append(labels)
    axis_y = QtCharts.QValueAxis()
    top = max(max(values), 0.0)
    low = min(min(values), 0.0)
    axis_y.setRange(low, top * 1.15 if top > 0 else 10.0)
    axis_y.applyNiceNumbers()
    axis_y.setLabelFormat("%.0f" if count or top >= 10 or top == 0 else "%.2f")
    axis_y.setTitleText(tr("Count") if count else money.currency)
    if count:
        axis_y.setRange(0, max(top * 1.15, 2.0))
        axis_y.setTickCount(min(int(top * 1.15) + 2, 6) if top else 3)
    c.addAxis(axis_x, Qt.AlignmentFlag.AlignLeft if across else Qt.AlignmentFlag.AlignBottom)
    c.addAxis(axis_y, Qt.AlignmentFlag.AlignBottom if across else Qt.AlignmentFlag.AlignLeft)
    if line:
        series = QtCharts.QLineSeries()
        for i, v in enumerate(values):
            series.append(i + 0.5, v)
        pen = series.pen()
        pen.setWidth(3)
        pen.setColor(QColor(ACCENT))
        series.setPen(pen)
        series.setPointsVisible(True)
        c.addSeries(series)
        # A line over categories: a hidden value axis spanning them.
        xs = QtCharts.QValueAxis()
        xs.setRange(0, len(values))
        xs.hide()
        c.addAxis(xs, Qt.AlignmentFlag.AlignBottom)
        series.attachAxis(xs)
        series.attachAxis(axis_y)
    else:
        bars = QtCharts.QBarSet(tr("Count") if count else money.currency)
        for v in values:
            bars.append(v)
        bars.setColor(QColor(ACCENT))
        bar_series = QtCharts.QHorizontalBarSeries() if across else QtCharts.QBarSeries()
        bar_series.append(bars)
        bar_series.setLabelsVisible(True)
        bar_series.setLabelsFormat("@value")
        c.addSeries(bar_series)
        bar_series.attachAxis(axis_x)
        bar_series.attachAxis(axis_y)
    view = QtCharts.QChartView(c)
    view.setObjectName("reportChart")
    view.setRenderHint(QPainter.RenderHint.Antialiasing)
    view.setMinimumHeight(240)
    view.setMinimumWidth(280)  # narrower, the names have no room: the page scrolls
    view.setProperty("chart_title", title)
    view.setProperty("chart_points", len(data))
    view.setProperty("chart_unit", unit)
    view.setProperty("chart_axis", axis_y.titleText())
    return view


class BarChart(QWidget):
    """The fallback: labelled bars, one colour, an amount over each."""

    def __init__(self, title: str, data: dict[str, int], money: MoneyFormat,
                 parent: QWidget | None = None, *, unit: str = "money") -> None:
        super().__init__(parent)
        self.setObjectName("reportChart")
        self.title = title
        self.data = dict(data)
        self.money = money
        self.unit = unit
        self.setProperty("chart_unit", unit)
        self.setProperty("chart_axis", "Count" if unit == "count" else money.currency)
        self.setMinimumHeight(240)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.setProperty("chart_title", title)
        self.setProperty("chart_points", len(data))

    def label(self, value: int) -> str:
        return str(value) if self.unit == "count" else self.money.show(value)

    def paintEvent(self, _event: QPaintEvent) -> None:
        p = QPainter(self)
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        r = self.rect().adjusted(16, 12, -16, -12)
        text = self.palette().windowText().color()
        p.setPen(text)
        p.drawText(QRectF(r.left(), r.top(), r.width(), 24), Qt.AlignmentFlag.AlignLeft,
                   self.title)
        area = QRectF(r.left(), r.top() + 40, r.width(), r.height() - 70)
        if not self.data:
            p.drawText(area, Qt.AlignmentFlag.AlignCenter, "Nothing yet")
            return
        top = max(max(self.data.values()), 1)
        n = len(self.data)
        slot = area.width() / n
        for i, (label, value) in enumerate(self.data.items()):
            h = max(area.height() * max(value, 0) / top, 1.0)
            bar = QRectF(area.left() + i * slot + slot * 0.2, area.bottom() - h, slot * 0.6, h)
            p.fillRect(bar, QColor(ACCENT))
            p.setPen(text)
            p.drawText(QRectF(bar.left() - 20, bar.top() - 20, bar.width() + 40, 18),
                       Qt.AlignmentFlag.AlignCenter, self.label(value))
            p.drawText(QRectF(area.left() + i * slot, area.bottom() + 4, slot, 20),
                       Qt.AlignmentFlag.AlignCenter, label)
        p.end()
