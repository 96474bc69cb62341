"""Importing an existing register of cases with their persons (from Administration): the
encoding the file was read in, a preview of its first rows under the field each column
fills (changeable), the mapping kept in a file for the next time, then all or nothing."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtWidgets import (
    QComboBox,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QTableWidget,
    QTableWidgetItem,
    QWidget,
)

from desktop.core.casework.case_importer import (
    Preview,
    field_choices,
    import_cases,
    preview_cases_file,
    read_cases_file,
)
from desktop.core.casework.columns import IGNORE, load_mapping, save_mapping
from desktop.core.changes import Changes
from desktop.core.drafts import DraftSlot
from desktop.core.i18n import current_language, tr
from desktop.core.store import Store
from desktop.ui.dialogs.common import CaseDialog
from desktop.ui.drafts import DraftKeeper
from desktop.ui.field_row import FieldRow
from desktop.ui.ops import ChangeOp, Operations, QueryOp
from desktop.ui.widgets import button
from sync.profile import Profile

MAPPING_SUFFIX = ".mapping.yaml"
DRAFT_KEY = "import:register"
SHOWN_PROBLEMS = 15


def _path_row(edit: QLineEdit, *buttons: QWidget) -> QWidget:
    row = QWidget()
    layout = QHBoxLayout(row)
    layout.setContentsMargins(0, 0, 0, 0)
    layout.addWidget(edit, 1)
    for widget in buttons:
        layout.addWidget(widget)
    return row


class CaseImportDialog(CaseDialog):
    """Read a CSV or XLSX register, check its columns, import every case or none."""

    title_msgid = "Import an existing register"
    save_msgid = "Import"
    cancel_msgid = "Close"

    def __init__(self, ops: Operations, profile: Profile, parent: QWidget | None = None) -> None:
        super().__init__(ops, parent)
        self.profile = profile
        self.mapping: dict[str, str] = {}
        self.preview: Preview | None = None
        self.imported = False
        self._shown_headers: list[str] | None = None
        self.source = QLineEdit()
        self.source.returnPressed.connect(self.read_new)
        self.choose_button = button("", on_click=self._choose_file)
        self.read_button = button("", on_click=self.read_new)
        self.encoding = QLabel(objectName="hint")
        self.table = QTableWidget(0, 0)
        self.table.setMinimumHeight(230)
        self.mapping_path = QLineEdit()
        self.keep_button = button("", on_click=self.keep_mapping)
        self.source_field = FieldRow("Register file (CSV or XLSX)", _path_row(
            self.source, self.choose_button, self.read_button), required=True)
        self.table_field = FieldRow("Columns and the first rows", self.table)
        self.mapping_field = FieldRow("Mapping file, for the next file of this register",
                                   _path_row(self.mapping_path, self.keep_button))
        for widget in (self.source_field, self.encoding, self.table_field, self.mapping_field):
            self.body.addWidget(widget)
        for widget in (self.choose_button, self.read_button, self.keep_button):
            widget.setAutoDefault(False)  # Return in the file field reads it, nothing else
        self.body.addStretch(1)
        self.drafts = DraftKeeper(ops, DraftSlot(DRAFT_KEY, "import"), self._collect,
                                  parent=self)
        self.source.textChanged.connect(self.drafts.touch)
        self.mapping_path.textChanged.connect(self.drafts.touch)
        self.retranslate()
        self.fit_screen(980, 680)
        self.drafts.load(self._restore)

    # -- the draft: what was chosen survives locking -----------------------------------------

    def _collect(self) -> dict[str, Any]:
        return {"source": self.source.text(), "mapping_path": self.mapping_path.text(),
                "mapping": dict(self.mapping)}

    def _restore(self, draft: dict[str, Any] | None) -> None:
        if not draft or not draft.get("source"):
            return
        self.drafts.pause(True)
        try:
            self.source.setText(draft["source"])
            self.mapping_path.setText(draft.get("mapping_path") or "")
            self.mapping = dict(draft.get("mapping") or {})
        finally:
            self.drafts.pause(False)
        if self.source_path() is not None and self.source_path().is_file():
            self.read()

    def retranslate(self) -> None:
        super().retranslate()
        self.choose_button.setText(tr("Choose…"))
        self.read_button.setText(tr("Read the file"))
        self.keep_button.setText(tr("Keep this mapping"))
        if self.preview is not None:
            self._shown_headers = None
            self._show(self.preview)

    # -- reading ----------------------------------------------------------------------------

    def _choose_file(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self, tr("Import an existing register"),
                                              self.source.text(), "CSV, XLSX (*.csv *.xlsx)")
        if path:
            self.source.setText(path)
            self.read_new()

    def source_path(self) -> Path | None:
        text = self.source.text().strip()
        return Path(text).expanduser() if text else None

    def read_new(self) -> None:
        """Another file: forget the previous file's mapping and preview."""
        self.mapping, self._shown_headers = {}, None
        self.mapping_path.clear()
        self.read()

    def read(self) -> None:
        """Read the file (and its mapping file, the first time) and show the preview."""
        self.show_error("")
        self.show_notice("")
        path = self.source_path()
        if path is None or not path.is_file():
            self.source_field.set_error(tr("Choose a file that exists."))
            return
        self.source_field.set_error("")
        if not self.mapping_path.text().strip():
            self.mapping_path.setText(str(path.with_suffix(MAPPING_SUFFIX)))
        mapping_file = Path(self.mapping_path.text().strip())
        profile, mapping = self.profile, dict(self.mapping)

        def job(store: Store) -> tuple[dict[str, str], Preview]:
            chosen = mapping
            if not chosen and mapping_file.is_file():
                chosen = load_mapping(mapping_file, profile, ("person", "case"))
            return chosen, preview_cases_file(store, path, chosen)

        QueryOp(self.ops, parent=self, op=job, success=self._read_done).failure(
            self.show_error).run()

    def _read_done(self, result: tuple[dict[str, str], Preview]) -> None:
        self.mapping, self.preview = result
        self._show(self.preview)

    def _show(self, preview: Preview) -> None:
        self.encoding.setText(tr("Read as {encoding}.", encoding=preview.encoding)
                              if preview.encoding else "")
        self.banner.set_messages(preview.problems[:SHOWN_PROBLEMS])
        if self._shown_headers == preview.headers:  # a column remapped: keep the widgets
            return
        self._shown_headers = list(preview.headers)
        self.table.clear()
        self.table.setColumnCount(len(preview.headers))
        self.table.setRowCount(len(preview.rows) + 1)
        self.table.setHorizontalHeaderLabels(preview.headers)
        self.table.setVerticalHeaderLabels([tr("Field")] + [str(n + 2) for n in range(
            len(preview.rows))])
        choices = field_choices(self.profile, current_language())
        for column, (header, target) in enumerate(zip(preview.headers, preview.targets,
                                                      strict=True)):
            self.table.setCellWidget(0, column, self._combo(header, target, choices))
            for row, values in enumerate(preview.rows, start=1):
                self.table.setItem(row, column, QTableWidgetItem(values[column]))
        self.table.resizeColumnsToContents()

    def _combo(self, header: str, target: str | None,
               choices: list[tuple[str, str]]) -> QComboBox:
        combo = QComboBox()
        combo.addItem(tr("(not imported)"), IGNORE)
        for value, text in choices:
            combo.addItem(text, value)
        index = combo.findData(target) if target else 0
        combo.setCurrentIndex(max(index, 0))
        combo.currentIndexChanged.connect(lambda _i, h=header, c=combo: self._remap(h, c))
        return combo

    def _remap(self, header: str, combo: QComboBox) -> None:
        if self.preview is None:
            return
        self.mapping = {h: t for h, t in zip(self.preview.headers, self.preview.targets,
                                             strict=True) if t} | self.mapping
        self.mapping[header] = str(combo.currentData())
        self.drafts.touch()
        self.read()

    # -- keeping the mapping, importing -------------------------------------------------------

    def keep_mapping(self) -> None:
        path, target = self.source_path(), self.mapping_path.text().strip()
        if path is None or not target:
            self.mapping_field.set_error(tr("Read a file first."))
            return
        mapping = dict(self.mapping)

        def job(store: Store) -> str:
            _table, columns, _report = read_cases_file(store, path, mapping)
            if columns is not None:
                save_mapping(target, columns)
            return target

        QueryOp(self.ops, parent=self, op=job, success=lambda written: self.show_notice(
            tr("The mapping was kept in {file}.", file=Path(written).name))).failure(
            self.show_error).run()

    def save(self) -> None:
        self.show_error("")
        path = self.source_path()
        if path is None or not path.is_file():
            self.source_field.set_error(tr("Choose a file that exists."))
            return
        mapping = dict(self.mapping) or None
        discard = self.drafts.discard_step()

        def job(store: Store) -> Any:
            report = import_cases(store, path, mapping=mapping)
            if report.ok:
                discard(store)
            return report

        (ChangeOp(self.ops, parent=self, op=job, changes=Changes.of("person", "case"))
         .with_busy(self.save_busy).success(self._imported).failure(self.show_error).run())

    def _imported(self, report: Any) -> None:
        if not report.ok:
            lines = [tr("Nothing was imported: {errors} problems in the file.",
                        errors=len(report.errors))]
            lines += [str(p) for p in report.errors[:SHOWN_PROBLEMS]]
            self.banner.set_messages(lines)
            return
        self.show_notice(tr("Imported {imported} cases; {new} persons registered, {found} "
                            "already registered; {skipped} cases there already.",
                            imported=report.imported, new=report.persons_new,
                            found=len(report.persons_found), skipped=len(report.duplicates)))
        self.imported = True
        self.drafts.pause(True)  # imported: nothing left to keep
        self.saved.emit("")

    def reject(self) -> None:
        """Closing after an import counts as done: the screens show the new cases."""
        if self.imported:
            self.accept()
        else:
            super().reject()
