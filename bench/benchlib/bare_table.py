"""Qt's own floor for the case list's figures: the same table view (the program's
``table_view``) over a model of as many rows with constant texts and no database, reset and
scrolled the way bench_ui.py does it. What the list's figures take beyond this is the
program's (its reads and its model); this part is Qt laying out and painting the table."""

from __future__ import annotations

import statistics
import time

from PySide6.QtCore import (
    QAbstractTableModel,
    QCoreApplication,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
)

from desktop.ui.widgets import table_view

COLUMNS = 8
STEPS = 20


class _Constant(QAbstractTableModel):
    def __init__(self, rows: int) -> None:
        super().__init__()
        self.rows = rows

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else self.rows

    def columnCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else COLUMNS

    def data(self, index: QModelIndex | QPersistentModelIndex,
             role: int = Qt.ItemDataRole.DisplayRole) -> str | None:
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        return f"Emri Mbiemri {index.row()}" if index.column() else f"2026-{index.row() % 9999}"


def floor(rows: int, width: int = 1366, height: int = 600) -> dict[str, float]:
    """Reset to ``rows`` rows and paint; scroll in STEPS jumps and paint each (ms)."""
    model = _Constant(rows)
    view = table_view()
    view.setModel(model)
    view.resize(width, height)
    view.show()
    QCoreApplication.processEvents()
    resets = []
    for count in (rows, 3, rows, 50, rows):
        start = time.perf_counter()
        model.beginResetModel()
        model.rows = count
        model.endResetModel()
        QCoreApplication.processEvents()
        view.viewport().repaint()
        resets.append((time.perf_counter() - start) * 1000)
    bar, steps = view.verticalScrollBar(), []
    for step in range(1, STEPS + 1):
        start = time.perf_counter()
        bar.setValue(bar.maximum() * step // STEPS)
        QCoreApplication.processEvents()
        view.viewport().repaint()
        steps.append((time.perf_counter() - start) * 1000)
    view.close()
    view.deleteLater()
    return {"qt_reset_and_paint_p50_ms": statistics.median(resets),
            "qt_scroll_step_p50_ms": statistics.median(steps),
            "qt_scroll_step_max_ms": max(steps)}
