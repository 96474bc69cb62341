"""Printing case documents: the print preview, "Print…" and "Save as PDF…", and the signed
copies of a plan scanned back into the case.

The case view calls :func:`print_document` from its Documents tab. Documents are rendered in
memory on the vault's database thread; nothing decrypted is written to disk except a PDF the worker
explicitly saves, and every print and save goes to the audit log.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QWidget

from desktop.ui.dialog_launcher import collect_when_deleted
from desktop.ui.ops import Operations
from desktop.ui.printing.preview import PrintPreviewDialog
from desktop.ui.printing.signed import SignedCopiesWidget, SignedCopyViewer


def print_document(parent: QWidget | None, ops: Operations, case_id: str, kind: str,
                   record_id: str | None = None) -> PrintPreviewDialog:
    """Open the print preview of a document of case ``case_id`` (window-modal), reading the
    vault through ``ops``.

    ``kind`` is the case view's name (``plan``, ``referral_letter``, ``visit_report``,
    ``report_60``, ``assessment_summary``) or a kind of ``desktop.core.documents`` (``care-plan``
    ...); ``record_id`` is the record to print (default: the one the document is usually
    made from, such as the current plan or the latest visit).
    """
    dialog = PrintPreviewDialog(ops, case_id, kind, record_id, parent)
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    collect_when_deleted(dialog)
    dialog.open()
    return dialog


__all__ = ["PrintPreviewDialog", "SignedCopiesWidget", "SignedCopyViewer", "print_document"]
