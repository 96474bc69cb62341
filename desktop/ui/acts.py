"""The register of administrative acts (profiles that have them): acts by number, date, type
and person, searchable; issue an act, save an act as PDF, export the register as CSV."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import QStandardPaths, QTimer
from PySide6.QtWidgets import (
    QFileDialog,
    QHBoxLayout,
    QLineEdit,
    QTableWidgetItem,
)

from desktop.core.changes import Changes
from desktop.core.i18n import current_language, ntr, tr
from desktop.core.views.acts import ActRow, register_headers, register_rows, save_act, save_register
from desktop.ui.case_tabs import small_table
from desktop.ui.dialogs.act import IssueActDialog
from desktop.ui.ops import ChangeOp
from desktop.ui.screen import Screen
from desktop.ui.session import Session
from desktop.ui.widgets import button, label

_AUDIT_ONLY = Changes()


class ActsScreen(Screen):
    key = "acts"
    title_msgid = "Administrative acts"
    shows_types = ("administrative_act", "person")

    def __init__(self, session: Session, parent: Any = None) -> None:
        super().__init__(session, parent)
        self.rows: list[ActRow] = []
        self._count: int | None = None
        actions = QHBoxLayout()
        self.search = QLineEdit()
        self.search.setClearButtonEnabled(True)
        self._wait = QTimer(self, singleShot=True, interval=250)
        self._wait.timeout.connect(self.refresh)
        self.search.textChanged.connect(lambda _text: self._wait.start())
        actions.addWidget(self.search, 1)
        self.issue_button = self._t.text(button("", primary=True, icon_name="plus",
                                                on_click=self.issue), "Issue an act…")
        self.pdf_button = self._t.text(button("", on_click=self.save_pdf),
                                       "Save the act as PDF…")
        self.export_button = self._t.text(button("", on_click=self.export),
                                          "Export the register…")
        for widget in (self.issue_button, self.pdf_button, self.export_button):
            actions.addWidget(widget)
        self.body.addLayout(actions)
        self.table = small_table(5)
        for column, width in enumerate((230, 100, 380, 220)):
            self.table.setColumnWidth(column, width)
        self.body.addWidget(self.table, 1)
        self.notice = label("", "muted", wrap=True)
        self.body.addWidget(self.notice)
        self.retranslate()

    # -- reading ------------------------------------------------------------------------------
    def refresh(self) -> None:
        text = self.search.text()
        self.query(lambda store: register_rows(store, text), self._show)

    def _show(self, rows: list[ActRow]) -> None:
        self.rows = rows
        self._count = len(rows)
        self.table.setRowCount(len(rows))
        for r, row in enumerate(rows):
            for c, value in enumerate((row.number, row.issued_on, row.act_type, row.person,
                                       row.decision)):
                self.table.setItem(r, c, QTableWidgetItem(value))
        if rows and self.table.currentRow() < 0:
            self.table.selectRow(0)
        self.update_header()

    def subtitle(self) -> str:
        if self._count is None:
            return ""
        return ntr("{n} act", "{n} acts", self._count)

    def selected(self) -> ActRow | None:
        row = self.table.currentRow()
        return self.rows[row] if 0 <= row < len(self.rows) else None

    # -- actions ------------------------------------------------------------------------------
    def issue(self) -> None:
        self.session.dialogs.open(IssueActDialog, (self.session.ops, self.session.profile),
                                  self, on_done=self.refresh)

    def save_pdf(self) -> None:
        chosen = self.selected()
        if chosen is None:
            self.notice.setText(tr("Choose an act in the list first."))
            return
        path = self._ask_path(f"{chosen.number}.pdf", tr("PDF documents"), "pdf")
        if path:
            act_id, language = chosen.act_id, current_language()
            self._write(lambda store: save_act(store, act_id, path, language), path)

    def export(self) -> None:
        path = self._ask_path(tr("administrative-acts") + ".csv", tr("CSV files"), "csv")
        if path:
            text = self.search.text()
            self._write(lambda store: save_register(store, path, text), path)

    def _ask_path(self, name: str, kind: str, suffix: str) -> str:
        folder = QStandardPaths.writableLocation(
            QStandardPaths.StandardLocation.DocumentsLocation)
        path, _filter = QFileDialog.getSaveFileName(self, tr("Save as"), str(Path(folder) / name),
                                                    f"{kind} (*.{suffix})")
        if path and not path.lower().endswith("." + suffix):
            path += "." + suffix
        return path

    def _write(self, op: Any, path: str) -> None:
        ChangeOp(self.session.ops, parent=self, op=op, changes=_AUDIT_ONLY).with_busy(
            self.busy).success(lambda _r: self.notice.setText(
                tr("Saved {file}.", file=Path(path).name))).failure(self._write_failed).run()

    def _write_failed(self, error: Exception) -> None:
        self.notice.setText(tr("The file could not be written: {kind}.",
                               kind=type(error).__name__))

    def retranslate(self) -> None:
        super().retranslate()
        self.search.setPlaceholderText(tr("Search by number, date, type or person"))
        self.table.setHorizontalHeaderLabels(register_headers())
