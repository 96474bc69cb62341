"""The tasks meetings gave the worker, on the Today screen: each can be marked done."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import QTreeWidget, QTreeWidgetItem, QVBoxLayout, QWidget

from desktop.core.casework.meetings import complete_task
from desktop.core.changes import Changes
from desktop.core.i18n import tr
from desktop.core.views.today import TaskRow
from desktop.ui import style
from desktop.ui.formatting import fmt_date
from desktop.ui.ops import ChangeOp, Operations
from desktop.ui.widgets import button, label


class MeetingTasksPanel(QWidget):
    """Open meeting tasks, earliest due first, and a button to mark the chosen one done."""

    def __init__(self, ops: Operations, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ops = ops
        self.rows: list[TaskRow] = []
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 6, 0, 0)
        self.title = label("", "sectionTitle")
        self.tree = QTreeWidget()
        self.tree.setColumnCount(3)
        self.tree.setRootIsDecorated(False)
        self.tree.setMaximumHeight(130)
        self.tree.currentItemChanged.connect(lambda *_a: self._update_button())
        self.done_button = button("", on_click=self.mark_done)
        self.error = label("", "error", wrap=True)
        self.error.hide()
        layout.addWidget(self.title)
        layout.addWidget(self.tree)
        layout.addWidget(self.error)
        layout.addWidget(self.done_button, 0, Qt.AlignmentFlag.AlignRight)
        self.retranslate()
        self.show_tasks([])

    def show_tasks(self, rows: list[TaskRow]) -> None:
        self.rows = rows
        self.tree.clear()
        for n, row in enumerate(rows):
            item = QTreeWidgetItem([fmt_date(row.due) if row.due else "-", row.description,
                                    row.owner])
            item.setData(0, Qt.ItemDataRole.UserRole, n)
            if row.overdue:
                item.setForeground(0, QBrush(QColor(style.DANGER)))
            self.tree.addTopLevelItem(item)
        self.tree.setColumnWidth(0, 100)
        self.tree.setColumnWidth(1, 300)
        self.setVisible(bool(rows))
        self._update_button()

    def chosen(self) -> TaskRow | None:
        item = self.tree.currentItem()
        return self.rows[item.data(0, Qt.ItemDataRole.UserRole)] if item is not None else None

    def _update_button(self) -> None:
        self.done_button.setEnabled(self.chosen() is not None)

    def mark_done(self) -> None:
        row = self.chosen()
        if row is None:
            return
        self.done_button.setEnabled(False)
        self.error.hide()
        ChangeOp(self.ops, parent=self, changes=Changes.of("meeting"),
                 op=lambda store: complete_task(store, row.meeting_id, row.index).id).failure(
            self._failed).run()

    def _failed(self, error: Exception) -> None:
        translated = getattr(error, "translated", None)
        self.error.setText(str(translated()) if callable(translated) else tr(
            "The task could not be marked done: {kind}. Try again.", kind=type(error).__name__))
        self.error.show()
        self._update_button()

    def retranslate(self) -> None:
        self.title.setText(tr("Tasks from meetings"))
        self.tree.setHeaderLabels([tr("Due"), tr("Task"), tr("Responsible")])
        self.done_button.setText(tr("Mark the task done"))
