"""A bar chart of a report table: one stacked bar per row, a segment per column.

Hidden numbers of a published table are drawn as nothing (their marks stay in the table)."""

from __future__ import annotations

from PySide6.QtCharts import (
    QBarCategoryAxis,
    QBarSet,
    QChart,
    QHorizontalStackedBarSeries,
    QValueAxis,
)
from PySide6.QtCore import QMargins, Qt
from PySide6.QtGui import QColor, QFont

from desktop.core.reports.model import Table

PALETTE = ("#1e5f99", "#e07b39", "#3a9d5d", "#8e5ea2", "#c9a227", "#5b8db8", "#b5485d",
           "#6f7d8c")
MAX_BARS = 15
LABEL_CHARS = 42


def chart_rows(table: Table) -> list[int]:
    """The rows a chart shows: all, or the largest ``MAX_BARS`` in table order."""
    n_rows = table.shape[0]
    rows = list(range(n_rows))
    if n_rows > MAX_BARS:
        largest = sorted(rows, key=lambda r: -(table.totals.rows[r] or 0))[:MAX_BARS]
        rows = sorted(largest)
    return rows


def build_chart(table: Table | None) -> QChart:
    chart = QChart()
    chart.setAnimationOptions(QChart.AnimationOption.NoAnimation)
    chart.setMargins(QMargins(4, 4, 4, 4))
    chart.legend().setAlignment(Qt.AlignmentFlag.AlignBottom)
    if table is None or not table.shape[0] or not table.shape[1]:
        return chart
    rows = list(reversed(chart_rows(table)))  # the first row at the top
    series = QHorizontalStackedBarSeries()
    for c, name in enumerate(table.column_labels):
        bars = QBarSet(name)
        bars.setColor(QColor(PALETTE[c % len(PALETTE)]))
        bars.append([float(table.cells[r][c] or 0) for r in rows])
        series.append(bars)
    chart.addSeries(series)
    categories = QBarCategoryAxis()
    categories.append([_short(table.row_labels[r]) for r in rows])
    small = QFont()
    small.setPointSizeF(8)
    categories.setLabelsFont(small)
    values = QValueAxis()
    values.setLabelFormat("%d")
    values.setLabelsFont(small)
    values.setMin(0)
    top = max((table.totals.rows[r] or 0 for r in rows), default=0)
    values.setMax(max(5, top * 1.05))
    values.applyNiceNumbers()
    chart.addAxis(categories, Qt.AlignmentFlag.AlignLeft)
    chart.addAxis(values, Qt.AlignmentFlag.AlignBottom)
    series.attachAxis(categories)
    series.attachAxis(values)
    chart.legend().setVisible(len(table.column_labels) > 1)
    return chart


def _short(text: str) -> str:
    return text if len(text) <= LABEL_CHARS else text[:LABEL_CHARS - 1].rstrip() + "…"
