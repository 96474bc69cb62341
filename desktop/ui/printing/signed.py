"""Signed copies of a plan: the list with "Attach signed copy…" and "Open", and a viewer.

The scan the worker picks is read and stored in the vault on the database thread. Opening a
copy shows it inside the application (an image from its bytes, a PDF from a ``QBuffer``);
it is never written to disk. The list reads the copies again whenever the vault's operations
say attachments changed (here, in the case view, or by a sync).
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QSize, QStandardPaths, Qt, Signal
from PySide6.QtGui import QPixmap
from PySide6.QtWidgets import (
    QDialog,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from desktop.core.casework.signed_copies import (
    attach_signed_copy_file,
    signed_copies,
    signed_copy_bytes,
)
from desktop.core.changes import Changes
from desktop.core.errors import user_message
from desktop.core.i18n import tr
from desktop.core.views.signed_copies import copy_line
from desktop.ui import style
from desktop.ui.dialog_launcher import collect_when_deleted
from desktop.ui.language import TextBinder, hub
from desktop.ui.ops import ChangeOp, Operations, QueryOp
from desktop.ui.printing.pdf import MemoryPdf, pages_view
from desktop.ui.widgets import button, label
from sync.records import Record

SCAN_PATTERNS = "*.jpg *.jpeg *.png *.tif *.tiff *.webp *.pdf"
LIST_HEIGHT = 96


def _attachment_added(record: Record) -> Changes:
    return Changes.of("attachment", case_id=str(record.fields.get("case_id") or "") or None)


class SignedCopiesWidget(QWidget):
    """The signed copies of one plan, newest first, with Attach and Open."""

    changed = Signal()  # a copy was attached (the operations' change notice went out too)

    def __init__(self, ops: Operations, plan_id: str | None = None,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ops = ops
        self.plan_id = plan_id
        self.copies: list[Record] = []
        self._t = TextBinder()
        self._build()
        hub().changed.connect(self._language_changed)
        ops.changed.connect(self._vault_changed)
        if plan_id:
            self.refresh()

    def _build(self) -> None:
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(6)
        self.title = self._t.text(label("", "sectionTitle"), "Signed copies")
        self.list = QListWidget(self)
        self.list.setFixedHeight(LIST_HEIGHT)
        self.list.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.list.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.list.itemSelectionChanged.connect(self._update_buttons)
        self.list.itemDoubleClicked.connect(lambda _item: self.open_selected())
        self.empty = self._t.text(label("", "muted", wrap=True),
                                  "No signed copy attached yet.")
        self.error = label("", "error", wrap=True)
        self.error.hide()
        self.attach_button = self._t.text(button("", on_click=self.choose_file),
                                          "Attach signed copy…")
        self.open_button = self._t.text(button("", on_click=self.open_selected), "Open")
        row = QHBoxLayout()
        row.setSpacing(8)
        row.addWidget(self.list, 1)
        row.addWidget(self.open_button, 0, Qt.AlignmentFlag.AlignTop)
        for widget in (self.title, self.empty):
            widget.setIndent(0)
            layout.addWidget(widget)
        layout.addLayout(row)
        layout.addWidget(self.attach_button)
        layout.addWidget(self.error)
        self._update_buttons()

    # -- data --------------------------------------------------------------------------------
    def set_plan(self, plan_id: str | None) -> None:
        if plan_id != self.plan_id:
            self.plan_id = plan_id
            self.copies = []
            self._fill()
        self.refresh()

    def refresh(self) -> None:
        plan_id = self.plan_id
        if not plan_id:
            self._fill()
            return
        QueryOp(self.ops, parent=self, op=lambda store: signed_copies(store, plan_id),
                success=self._loaded).failure(self.show_error).run()

    def _vault_changed(self, changes: Changes) -> None:
        if self.plan_id and changes.touches("attachment"):
            self.refresh()

    def _loaded(self, copies: list[Record]) -> None:
        self.copies = copies
        self._fill()

    def _fill(self) -> None:
        self.list.clear()
        for record in self.copies:
            item = QListWidgetItem(copy_line(record))
            item.setData(Qt.ItemDataRole.UserRole, record.id)
            item.setToolTip(copy_line(record))
            self.list.addItem(item)
        self.list.setVisible(bool(self.copies))
        self.open_button.setVisible(bool(self.copies))
        self.empty.setVisible(not self.copies)
        if self.copies and not self.list.selectedItems():
            self.list.setCurrentRow(0)
        self._update_buttons()

    def _update_buttons(self) -> None:
        self.attach_button.setEnabled(bool(self.plan_id))
        self.open_button.setEnabled(bool(self.list.selectedItems()))

    def show_error(self, error: Exception | str) -> None:
        text = error if isinstance(error, str) else user_message(error)
        self.error.setText(text)
        self.error.setVisible(bool(text))

    # -- attach ------------------------------------------------------------------------------
    def choose_file(self) -> None:
        """Ask for the scan and attach it."""
        start = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.PicturesLocation)
        path, _filter = QFileDialog.getOpenFileName(
            self, tr("Attach signed copy"), start,
            f"{tr('Scans and PDF files')} ({SCAN_PATTERNS})")
        if path:
            self.attach_file(path)

    def attach_file(self, path: str) -> None:
        plan_id = self.plan_id
        if not plan_id:
            return
        self.show_error("")
        self.attach_button.setEnabled(False)

        def failed(error: Exception) -> None:
            self._update_buttons()
            self.show_error(error)

        ChangeOp(self.ops, parent=self,
                 op=lambda store: attach_signed_copy_file(store, plan_id, path),
                 changes=_attachment_added).success(
            lambda _record: self.changed.emit()).failure(failed).run()

    # -- open --------------------------------------------------------------------------------
    def selected_record(self) -> Record | None:
        row = self.list.currentRow()
        return self.copies[row] if 0 <= row < len(self.copies) else None

    def open_selected(self) -> None:
        record = self.selected_record()
        if record is None:
            return
        mime = str(record.fields.get("mime"))
        QueryOp(self.ops, parent=self, op=lambda store: signed_copy_bytes(store, record.id),
                success=lambda data: self.show_copy(data, mime)).failure(self.show_error).run()

    def show_copy(self, data: bytes, mime: str) -> SignedCopyViewer:
        viewer = SignedCopyViewer(data, mime, self)
        viewer.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        collect_when_deleted(viewer)
        viewer.open()
        self.viewer = viewer
        return viewer

    def _language_changed(self, _language: str) -> None:
        self.retranslate()

    def retranslate(self) -> None:
        self._t.apply()
        self._fill()


class SignedCopyViewer(QDialog):
    """A signed copy shown from memory: an image scaled to the window, or a PDF's pages."""

    def __init__(self, data: bytes, mime: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(tr("Signed copy"))
        self.setStyleSheet(f"QDialog {{ background: {style.PAGE}; }}")
        self.pdf: MemoryPdf | None = None
        self.image = QPixmap()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(12, 12, 12, 12)
        self.body = self._pdf_view(data) if mime == "application/pdf" else self._image_view(data)
        layout.addWidget(self.body, 1)
        close = button(tr("Close"), on_click=self.reject)
        row = QHBoxLayout()
        row.addStretch(1)
        row.addWidget(close)
        layout.addLayout(row)
        self.resize(_fitting_size(self))

    def _pdf_view(self, data: bytes) -> QWidget:
        self.pdf = MemoryPdf(data, self)
        return pages_view(self.pdf.document, self)

    def _image_view(self, data: bytes) -> QWidget:
        area = QScrollArea(self)
        area.setWidgetResizable(True)
        area.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.picture = QLabel()
        self.picture.setAlignment(Qt.AlignmentFlag.AlignCenter)
        if not self.image.loadFromData(data):
            self.picture.setText(tr("This image cannot be shown on this laptop."))
        area.setWidget(self.picture)
        return area

    def resizeEvent(self, event: Any) -> None:  # noqa: N802 (Qt name)
        super().resizeEvent(event)
        if not self.image.isNull():
            width = max(100, self.body.width() - 24)
            self.picture.setPixmap(self.image.scaledToWidth(
                min(width, self.image.width()), Qt.TransformationMode.SmoothTransformation))

    def done(self, result: int) -> None:
        if self.pdf is not None:
            self.pdf.release()
        self.image = QPixmap()
        super().done(result)


def _fitting_size(widget: QWidget) -> QSize:
    screen = widget.screen().availableGeometry() if widget.screen() else None
    if screen is None:
        return QSize(900, 700)
    return QSize(min(900, screen.width() - 60), min(900, screen.height() - 60))
