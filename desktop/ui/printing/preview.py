"""The print preview of a case document: its pages, the language, whether fields marked
sensitive are included, and "Print…" and "Save as PDF…" (both written to the audit log).

The PDF is rendered on the vault's database thread (:mod:`desktop.core.views.printing`)
and held in memory while the dialog is open; it is shown from a ``QBuffer`` and drawn into the
printer page by page. Closing the dialog, or the application locking, drops it. For a plan,
the dialog also keeps its signed copies.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import QStandardPaths, Qt, QTimer, Signal
from PySide6.QtGui import QGuiApplication, QPaintEvent
from PySide6.QtPdf import QPdfDocument
from PySide6.QtPrintSupport import QAbstractPrintDialog, QPrintDialog, QPrinter
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QFrame,
    QHBoxLayout,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from desktop.core.changes import NOTHING
from desktop.core.errors import KujdesError, user_message
from desktop.core.i18n import LANGUAGE_CHOICES, current_language, tr
from desktop.core.views.printing import (
    DocumentRequest,
    RenderedDocument,
    audit_output,
    language_name,
    render_request,
    save_pdf,
)
from desktop.ui.language import TextBinder, hub
from desktop.ui.ops import ChangeOp, Operations, QueryOp
from desktop.ui.printing.pdf import (
    MemoryPdf,
    chosen_pages,
    pages_view,
    prepare_printer,
    print_pages,
)
from desktop.ui.printing.save_dialog import ask_save_path
from desktop.ui.printing.signed import SignedCopiesWidget
from desktop.ui.printing.style import (
    PANEL_WIDTH,
    PREVIEW_STYLE,
    fitting_size,
    rule,
    screen_room,
)
from desktop.ui.widgets import button, label

# A print or a saved PDF is written to the audit log only: no record a screen shows changes.
_AUDIT_ONLY = NOTHING

class PrintPreviewDialog(QDialog):
    """The pages of one document of a case, with its print options and actions."""

    ready = Signal(int)      # pages shown
    printed = Signal(int)    # pages sent to the printer (and audited)
    saved = Signal(str)      # path of a saved PDF (audited)

    def __init__(self, ops: Operations, case_id: str, kind: str, record_id: str | None = None,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ops = ops
        self.case_id = case_id
        self.kind = kind
        self.record_id = record_id
        self.rendered: RenderedDocument | None = None
        self.pdf: MemoryPdf | None = None
        self._blank = QPdfDocument(self)  # shown while there is no document
        self._request = 0
        self._busy = False
        self._t = TextBinder()
        self.setObjectName("printPreview")
        self.setStyleSheet(PREVIEW_STYLE)
        self._build()
        self.retranslate()
        hub().changed.connect(self._language_changed)
        self._follow_lock(parent)
        self.resize(fitting_size(screen_room(self)))
        # rendered once painted: the database thread's Python work (the first render reads
        # the fonts, ~0.5 s) then no longer holds the GIL from the window's layout and paint
        self._busy = True
        self._set_waiting(tr("Preparing the document…"))

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802
        super().paintEvent(event)
        if self._request == 0:
            QTimer.singleShot(0, self, lambda: self.render() if self._request == 0 else None)

    # -- layout ------------------------------------------------------------------------------
    def _build(self) -> None:
        outer = QHBoxLayout(self)
        outer.setContentsMargins(14, 14, 14, 14)
        outer.setSpacing(14)
        outer.addWidget(self._build_pages(), 1)
        outer.addWidget(self._build_panel())

    def _build_pages(self) -> QWidget:
        self.view = pages_view(self._blank, self)
        self.waiting = label("", "muted", wrap=True)
        self.waiting.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.pages_stack = QStackedWidget(self)
        self.pages_stack.addWidget(self.waiting)
        self.pages_stack.addWidget(self.view)
        return self.pages_stack

    def _build_panel(self) -> QWidget:
        panel = QFrame(self)
        panel.setObjectName("panel")
        panel.setFixedWidth(PANEL_WIDTH)
        box = QVBoxLayout(panel)
        box.setContentsMargins(16, 14, 16, 14)
        box.setSpacing(8)
        self.heading = label("", "dialogTitle", wrap=True)
        self.subtitle = label("", "dialogSubtitle", wrap=True)
        self.page_info = label("", "muted")
        for widget in (self.heading, self.subtitle, self.page_info, rule()):
            box.addWidget(widget)
        self._build_options(box)
        box.addWidget(rule())
        self._build_actions(box)
        self.signed = SignedCopiesWidget(self.ops, None, panel)
        self.signed.hide()
        self.attach_button = self.signed.attach_button
        box.addWidget(self.signed)
        box.addStretch(1)
        self.close_button = self._t.text(button("", on_click=self.reject), "Close")
        box.addWidget(self.close_button)
        return panel

    def _build_options(self, box: QVBoxLayout) -> None:
        self.language_label = self._t.text(label("", "fieldLabel"), "Language of the document")
        self.language = QComboBox(self)
        self._chosen_language: str | None = None  # until chosen: the beneficiary's language
        self._offer_languages([code for code, _ in LANGUAGE_CHOICES], current_language())
        self.language.currentIndexChanged.connect(self._language_chosen)
        self.sensitive = self._t.text(QCheckBox(self), "Include sensitive fields")
        self.sensitive.setChecked(False)
        self.sensitive.toggled.connect(self._sensitive_toggled)
        self.sensitive_hint = label("", "muted", wrap=True)
        self.sensitive_warning = label("", "sensitiveWarning", wrap=True)
        self.sensitive_warning.hide()
        for widget in (self.language_label, self.language, self.sensitive, self.sensitive_hint,
                       self.sensitive_warning):
            box.addWidget(widget)

    def _build_actions(self, box: QVBoxLayout) -> None:
        self.print_button = self._t.text(button("", primary=True, icon_name="print",
                                                on_click=self.start_print), "Print…")
        self.save_button = self._t.text(button("", on_click=self.save_as_pdf),
                                        "Save as PDF…")
        self.notice = label("", "notice", wrap=True)
        self.error = label("", "error", wrap=True)
        for widget in (self.print_button, self.save_button, self.notice, self.error):
            box.addWidget(widget)
        self.notice.hide()
        self.error.hide()
        self._update_actions()

    # -- rendering ---------------------------------------------------------------------------
    @property
    def document_language(self) -> str:
        return str(self.language.currentData() or "sq")

    def _offer_languages(self, codes: list[str], selected: str) -> None:
        self.language.blockSignals(True)
        self.language.clear()
        for code in codes:
            self.language.addItem(language_name(code), code)
        self.language.setCurrentIndex(max(0, self.language.findData(selected)))
        self.language.blockSignals(False)

    def _language_chosen(self, _index: int) -> None:
        self._chosen_language = self.document_language
        self.render()

    @property
    def include_sensitive(self) -> bool:
        return self.sensitive.isChecked()

    @property
    def page_count(self) -> int:
        return self.pdf.page_count if self.pdf is not None else 0

    @property
    def is_ready(self) -> bool:
        return self.pdf is not None and self.rendered is not None and not self._busy

    def render(self) -> None:
        """Render the document again with the chosen language and sensitive fields."""
        self._request += 1
        request_no = self._request
        request = DocumentRequest(self.case_id, self.kind, self.record_id,
                                  self._chosen_language, self.include_sensitive)
        self._set_waiting(tr("Preparing the document…"))
        self._while_busy(QueryOp(self.ops, parent=self,
                                 op=lambda store: render_request(store, request)),
                         lambda result: self._rendered(request_no, result),
                         lambda error: self._render_failed(request_no, error))

    def _rendered(self, request_no: int, rendered: RenderedDocument) -> None:
        if request_no != self._request:
            return
        try:
            pdf = MemoryPdf(rendered.pdf, self)
        except KujdesError as error:
            self._render_failed(request_no, error)
            return
        self._offer_languages(list(rendered.languages), rendered.language)
        self._show_pdf(pdf, rendered)
        self.ready.emit(pdf.page_count)

    def _show_pdf(self, pdf: MemoryPdf, rendered: RenderedDocument) -> None:
        old = self.pdf
        self.pdf, self.rendered = pdf, rendered
        self.view.setDocument(pdf.document)
        self.pages_stack.setCurrentWidget(self.view)
        if old is not None:
            old.release()
            old.deleteLater()
        self._show_plan_copies(rendered.plan_id)
        self.retranslate()

    def _render_failed(self, request_no: int, error: Exception) -> None:
        if request_no != self._request:
            return
        self._drop_pdf()
        self._set_waiting("")
        self.show_error(error)

    def _set_waiting(self, text: str) -> None:
        self.waiting.setText(text)
        self.pages_stack.setCurrentWidget(self.waiting)
        self.show_notice("")
        self.show_error("")
        self._update_actions()

    def _show_plan_copies(self, plan_id: str | None) -> None:
        self.signed.setVisible(plan_id is not None)
        if plan_id is not None and plan_id != self.signed.plan_id:
            self.signed.set_plan(plan_id)

    def _sensitive_toggled(self, _checked: bool) -> None:
        self._update_sensitive_texts()
        self.render()

    # -- print and save ----------------------------------------------------------------------
    def start_print(self) -> None:
        """Ask the system print dialog, log the print, then draw the pages into the printer."""
        rendered, pdf = self.rendered, self.pdf
        if not self.is_ready or rendered is None or pdf is None:
            return
        printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        prepare_printer(printer, pdf, rendered.file_name()[:-4])
        dialog = QPrintDialog(printer, self)
        dialog.setWindowTitle(tr("Print"))
        dialog.setOption(QAbstractPrintDialog.PrintDialogOption.PrintToFile, False)
        dialog.setMinMax(1, pdf.page_count)
        accepted = dialog.exec() == QDialog.DialogCode.Accepted
        if not accepted or self.rendered is not rendered:  # cancelled, or locked meanwhile
            return
        pages = chosen_pages(printer, pdf.page_count)
        self._while_busy(ChangeOp(self.ops, parent=self, changes=_AUDIT_ONLY,
                                  op=lambda store: audit_output(store, "print", rendered,
                                                                len(pages))),
                         lambda _r: self._send_to_printer(printer, pages), self.show_error)

    def _send_to_printer(self, printer: QPrinter, pages: list[int]) -> None:
        if self.pdf is None:
            return
        QGuiApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
        try:
            count = print_pages(self.pdf, printer, pages)
        except KujdesError as error:
            self.show_error(error)
            return
        finally:
            QGuiApplication.restoreOverrideCursor()
        self.show_notice(tr("Sent {pages} pages to the printer.", pages=count))
        self.printed.emit(count)

    def save_as_pdf(self) -> None:
        """Ask where, then write the PDF there (atomically) and log it."""
        rendered, pages = self.rendered, self.page_count
        if not self.is_ready or rendered is None:
            return
        folder = QStandardPaths.writableLocation(
            QStandardPaths.StandardLocation.DocumentsLocation)
        path = ask_save_path(self, tr("Save as PDF"), str(Path(folder) / rendered.file_name()),
                             f"{tr('PDF documents')} (*.pdf)")
        if not path or self.rendered is not rendered:
            return
        if not path.lower().endswith(".pdf"):
            path += ".pdf"
        self._while_busy(ChangeOp(self.ops, parent=self, changes=_AUDIT_ONLY,
                                  op=lambda store: save_pdf(store, rendered, path, pages)),
                         lambda written: self._saved(str(written)), self.show_error)

    def _saved(self, path: str) -> None:
        self.show_notice(tr("Saved {file}.", file=Path(path).name))
        self.saved.emit(path)

    # -- state -------------------------------------------------------------------------------
    def _while_busy(self, op: QueryOp[Any] | ChangeOp[Any], on_done: Callable[[Any], None],
                    on_error: Callable[[Exception], None]) -> None:
        """Run ``op`` with the options and actions disabled until it ends."""
        self._busy = True
        self._update_actions()

        def finish(callback: Callable[[Any], None]) -> Callable[[Any], None]:
            def call(value: Any) -> None:
                self._busy = False
                callback(value)
                self._update_actions()
            return call

        op.success(finish(on_done)).failure(finish(on_error)).run()

    def _update_actions(self) -> None:
        ready = self.is_ready
        for widget in (self.print_button, self.save_button):
            widget.setEnabled(ready)
        self.language.setEnabled(not self._busy)
        self.sensitive.setEnabled(not self._busy)

    def show_error(self, error: Exception | str) -> None:
        text = error if isinstance(error, str) else user_message(error)
        self.error.setText(text)
        self.error.setVisible(bool(text))

    def show_notice(self, text: str) -> None:
        self.notice.setText(text)
        self.notice.setVisible(bool(text))

    def _drop_pdf(self) -> None:
        self.view.setDocument(self._blank)
        if self.pdf is not None:
            self.pdf.release()
            self.pdf.deleteLater()
        self.pdf, self.rendered = None, None

    def clear(self) -> None:
        """Forget the document (the vault is locking)."""
        self._request += 1
        self._drop_pdf()
        self.signed.copies = []
        self.signed.list.clear()

    def done(self, result: int) -> None:
        self.clear()
        super().done(result)

    def _follow_lock(self, parent: QWidget | None) -> None:
        """Close when the application locks (the main window's ``locked`` signal)."""
        window = parent.window() if parent is not None else None
        locked = getattr(window, "locked", None)
        if locked is not None and hasattr(locked, "connect"):
            locked.connect(self._locked)

    def _locked(self) -> None:
        self.reject()

    # -- language ----------------------------------------------------------------------------
    def _language_changed(self, _language: str) -> None:
        self.retranslate()

    def retranslate(self) -> None:
        self._t.apply()
        self.close_button.setToolTip(f"{self.close_button.text()} (Esc)")
        rendered = self.rendered
        title = rendered.title() if rendered else tr("Print preview")
        self.setWindowTitle(f"{tr('Print preview')} · {title}" if rendered else title)
        self.heading.setText(title)
        self.subtitle.setText(f"{rendered.case_number} · {rendered.person_name}"
                              if rendered else "")
        self.page_info.setText(tr("Pages: {pages}", pages=self.page_count) if rendered else "")
        self._update_sensitive_texts()

    def _update_sensitive_texts(self) -> None:
        on = self.include_sensitive
        self.sensitive_hint.setText(
            "" if on else tr("Fields marked sensitive are left out of the printed copy."))
        self.sensitive_hint.setVisible(not on)
        self.sensitive_warning.setText(
            tr("The copy will include fields marked sensitive. Keep it safe: this choice is "
               "written to the audit log.") if on else "")
        self.sensitive_warning.setVisible(on)
