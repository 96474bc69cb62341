"""Meetings of the multidisciplinary groups: the list, recording a meeting, its minutes."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import QStandardPaths
from PySide6.QtWidgets import (
    QFileDialog,
    QHBoxLayout,
    QTableWidgetItem,
)

from desktop.core.changes import Changes
from desktop.core.i18n import current_language, ntr, tr
from desktop.core.views.meetings import MeetingRow, meeting_rows, save_minutes
from desktop.ui.case_tabs import small_table
from desktop.ui.dialogs.meeting import MeetingDialog
from desktop.ui.ops import ChangeOp
from desktop.ui.screen import Screen
from desktop.ui.session import Session
from desktop.ui.widgets import button, label


class MeetingsScreen(Screen):
    key = "meetings"
    title_msgid = "Meetings"
    shows_types = ("meeting", "case")

    def __init__(self, session: Session, parent: Any = None) -> None:
        super().__init__(session, parent)
        self.rows: list[MeetingRow] = []
        self._count: int | None = None
        actions = QHBoxLayout()
        actions.addStretch(1)
        self.record_button = self._t.text(button("", primary=True, icon_name="plus",
                                                 on_click=self.record), "Record a meeting…")
        self.minutes_button = self._t.text(button("", on_click=self.save_minutes),
                                           "Save the minutes as PDF…")
        actions.addWidget(self.record_button)
        actions.addWidget(self.minutes_button)
        self.body.addLayout(actions)
        self.table = small_table(5)
        for column, width in enumerate((110, 330, 220, 110)):
            self.table.setColumnWidth(column, width)
        self.body.addWidget(self.table, 1)
        self.notice = label("", "muted", wrap=True)
        self.body.addWidget(self.notice)
        self.retranslate()

    def refresh(self) -> None:
        self.query(meeting_rows, self._show)

    def _show(self, rows: list[MeetingRow]) -> None:
        self.rows, self._count = rows, len(rows)
        self.table.setRowCount(len(rows))
        for r, row in enumerate(rows):
            for c, value in enumerate((row.date, row.group, row.place, str(row.attendees),
                                       row.cases)):
                self.table.setItem(r, c, QTableWidgetItem(value))
        if rows and self.table.currentRow() < 0:
            self.table.selectRow(0)
        self.update_header()

    def subtitle(self) -> str:
        return "" if self._count is None else ntr("{n} meeting", "{n} meetings", self._count)

    def record(self) -> None:
        self.session.dialogs.open(MeetingDialog, (self.session.ops, self.session.profile),
                                  self, on_done=self.refresh)

    def save_minutes(self) -> None:
        row = self.table.currentRow()
        if not 0 <= row < len(self.rows):
            self.notice.setText(tr("Choose a meeting in the list first."))
            return
        chosen = self.rows[row]
        folder = QStandardPaths.writableLocation(
            QStandardPaths.StandardLocation.DocumentsLocation)
        path, _filter = QFileDialog.getSaveFileName(
            self, tr("Save as"), str(Path(folder) / (tr("minutes") + ".pdf")),
            f"{tr('PDF documents')} (*.pdf)")
        if not path:
            return
        meeting_id, language = chosen.meeting_id, current_language()
        ChangeOp(self.session.ops, parent=self, changes=Changes(),
                 op=lambda store: save_minutes(store, meeting_id, path, language)).with_busy(
            self.busy).success(lambda _r: self.notice.setText(
                tr("Saved {file}.", file=Path(path).name))).failure(self.tell_read_failed).run()

    def retranslate(self) -> None:
        super().retranslate()
        self.table.setHorizontalHeaderLabels(
            [tr("Date"), tr("Group"), tr("Place"), tr("Attendees"), tr("Cases")])
