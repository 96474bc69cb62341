"""Exporting case-level data, or the cases for the national register (from the Reports
screen). What may go out, and the audit entry, are decided in core
(:mod:`desktop.core.casework.case_export`, :mod:`desktop.core.casework.register_export`)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QWidget,
)

from desktop.core.casework.case_export import (
    KINDS,
    ExportRequest,
    columns_of,
    export_records,
)
from desktop.core.casework.register_export import export_register
from desktop.core.changes import NOTHING
from desktop.core.i18n import current_language, tr
from desktop.core.store import Store
from desktop.ui.dialogs.common import CaseDialog
from desktop.ui.field_row import FieldRow
from desktop.ui.ops import ChangeOp, Operations
from desktop.ui.widgets import button
from sync.profile import Profile

REGISTER = "register"
# What can be exported, as the list shows it.
KIND_TEXT = {"cases": "Cases", "persons": "Persons", "referrals": "Referrals",
             "visits": "Visits", "measures": "Protection measures",
             REGISTER: "Cases for the national register (its upload template)"}


class CaseExportDialog(CaseDialog):
    """Choose what, which columns and where; sensitive data only when chosen."""

    title_msgid = "Export case data"
    save_msgid = "Export"
    cancel_msgid = "Close"

    def __init__(self, ops: Operations, profile: Profile, public: bool = False,
                 parent: QWidget | None = None) -> None:
        super().__init__(ops, parent)
        self.profile, self.public = profile, public
        self.kind = QComboBox()
        for key in (*KINDS, REGISTER):
            self.kind.addItem("", key)
        self.kind.currentIndexChanged.connect(self._kind_changed)
        self.format = QComboBox()
        self.format.addItem("XLSX", "xlsx")
        self.format.addItem("CSV", "csv")
        self.format.currentIndexChanged.connect(self._format_changed)
        self.columns = QListWidget()
        self.columns.setMinimumHeight(180)
        self.sensitive = QCheckBox()
        self.sensitive.toggled.connect(self._fill_columns)
        self.path = QLineEdit(str(Path.home() / "kujdes-cases.xlsx"))
        choose = button("", on_click=self._choose_file)
        choose.setAutoDefault(False)
        self.choose_button = choose
        where = QWidget()
        where_row = QHBoxLayout(where)
        where_row.setContentsMargins(0, 0, 0, 0)
        where_row.addWidget(self.path, 1)
        where_row.addWidget(choose)
        self.kind_field = FieldRow("What to export", self.kind)
        self.format_field = FieldRow("Format", self.format)
        self.columns_field = FieldRow("Columns", self.columns)
        self.sensitive_field = FieldRow("Sensitive data", self.sensitive)
        self.path_field = FieldRow("File", where, required=True)
        self.register_note = QLabel(objectName="hint", wordWrap=True)
        self.register_note.hide()
        for widget in (self.kind_field, self.register_note, self.format_field,
                       self.columns_field, self.sensitive_field, self.path_field):
            self.body.addWidget(widget)
        self.body.addStretch(1)
        self.retranslate()
        self._fill_columns()
        self.fit_screen(640, 700)
        if public:
            self.show_error(tr("Case-level data is never exported in the publication "
                               "edition."))
            self.save_button.setEnabled(False)

    def retranslate(self) -> None:
        super().retranslate()
        for index in range(self.kind.count()):
            self.kind.setItemText(index, tr(KIND_TEXT[self.kind.itemData(index)]))
        self.sensitive.setText(tr("Include sensitive data (sensitive fields, and the "
                                  "sensitive case types your role may see)"))
        self.choose_button.setText(tr("Choose…"))
        self.register_note.setText(tr(
            "Only the cases that are new or changed since the last export are written, in the "
            "columns of the register's template (resources/register/national_register.yaml). "
            "Cases that lack a required field are listed, to be completed."))

    # -- choices ----------------------------------------------------------------------------

    @property
    def what(self) -> str:
        return str(self.kind.currentData())

    def _kind_changed(self) -> None:
        register = self.what == REGISTER
        for widget in (self.format_field, self.columns_field, self.sensitive_field):
            widget.setVisible(not register)
        self.register_note.setVisible(register)
        self._fill_columns()
        self._format_changed()

    def _format_changed(self) -> None:
        suffix = "." + (self.format.currentData() if self.what != REGISTER else "xlsx")
        name = "kujdes-register" if self.what == REGISTER else f"kujdes-{self.what}"
        self.path.setText(str(Path(self.path.text() or Path.home()).with_name(name + suffix)))

    def _fill_columns(self) -> None:
        if self.what == REGISTER:
            return
        self.columns.clear()
        for column in columns_of(self.profile, self.what, current_language()):
            text = column.label + (f" ({tr('sensitive')})" if column.sensitive else "")
            item = QListWidgetItem(text)
            item.setData(Qt.ItemDataRole.UserRole, column.name)
            allowed = not column.sensitive or self.sensitive.isChecked()
            item.setFlags(Qt.ItemFlag.ItemIsUserCheckable | (
                Qt.ItemFlag.ItemIsEnabled if allowed else Qt.ItemFlag.NoItemFlags))
            item.setCheckState(Qt.CheckState.Checked if allowed else Qt.CheckState.Unchecked)
            self.columns.addItem(item)

    def chosen_columns(self) -> list[str]:
        return [self.columns.item(i).data(Qt.ItemDataRole.UserRole)
                for i in range(self.columns.count())
                if self.columns.item(i).checkState() == Qt.CheckState.Checked]

    def _choose_file(self) -> None:
        path, _ = QFileDialog.getSaveFileName(self, tr("Export case data"), self.path.text())
        if path:
            self.path.setText(path)

    # -- export -----------------------------------------------------------------------------

    def save(self) -> None:
        self.show_error("")
        self.show_notice("")
        path = Path(self.path.text().strip()).expanduser()
        if not self.path.text().strip() or not path.parent.is_dir():
            self.path_field.set_error(tr("Choose a file in a folder that exists."))
            return
        self.path_field.set_error("")
        if self.what == REGISTER:
            self._export(lambda store: export_register(store, path), self._register_done)
            return
        columns = self.chosen_columns()
        if not columns:
            self.columns_field.set_error(tr("Choose at least one column."))
            return
        self.columns_field.set_error("")
        request = ExportRequest(self.what, str(self.format.currentData()), columns,
                                self.sensitive.isChecked(), current_language(), self.public)

        def job(store: Store) -> Any:
            return export_records(store, request, path)

        self._export(job, lambda result: self._done(path, result))

    def _export(self, job: Any, done: Any) -> None:
        """An export writes only its audit entry in the vault: no screen needs refreshing."""
        (ChangeOp(self.ops, parent=self, op=job, changes=NOTHING)
         .with_busy(self.save_busy).success(done).failure(self.show_error).run())

    def _done(self, path: Path, result: Any) -> None:
        text = tr("Written {file}: {rows} rows, {columns} columns.", file=path.name,
                  rows=result.rows, columns=len(result.columns))
        if result.left_out:
            text += " " + tr("{count} records of sensitive case types were left out.",
                             count=result.left_out)
        self.show_notice(text)

    def _register_done(self, result: Any) -> None:
        text = tr("Written {file}: {written} cases for the national register ({unchanged} "
                  "sent before and unchanged).", file=Path(self.path.text()).name,
                  written=result.written, unchanged=result.unchanged)
        self.show_notice(text)
        if result.missing:
            lines = [tr("{count} cases lack a required field and were not written:",
                        count=len(result.missing))] + [str(m) for m in result.missing[:20]]
            self.banner.set_messages(lines)
