"""Pictures answered in a form: picked by the worker, stored in the vault on its database
thread (:mod:`desktop.core.forms.pictures`) and shown again from the vault, never from disk."""

from __future__ import annotations

from PySide6.QtWidgets import QFileDialog, QWidget

from desktop.core.changes import NOTHING
from desktop.core.errors import user_message
from desktop.core.forms.pictures import PICTURE_PATTERNS, store_picked_file
from desktop.core.i18n import tr
from desktop.ui.forms.editors import ImageEditor
from desktop.ui.ops import ChangeOp, Operations, QueryOp

# A picture not yet part of a submission is no record: no screen shows it.
_NO_RECORD_CHANGED = NOTHING


def pick_picture(parent: QWidget) -> str:
    """The file the worker chose ("" when cancelled)."""
    path, _ = QFileDialog.getOpenFileName(
        parent, tr("Choose a picture"), "", tr("Pictures and PDF") + f" ({PICTURE_PATTERNS})")
    return path


def attach_picture(ops: Operations, editor: ImageEditor, path: str) -> None:
    """Store the file at ``path`` in the vault and make it the answer of ``editor``."""
    editor.set_busy(True)

    def failed(error: Exception) -> None:
        editor.set_busy(False)
        editor.failed(user_message(error))

    def done(sha: str) -> None:
        editor.set_busy(False)
        editor.attached(sha)

    ChangeOp(ops, parent=editor, op=lambda store: store_picked_file(store, path),
             changes=_NO_RECORD_CHANGED).success(done).failure(failed).run()


def show_stored_picture(ops: Operations, editor: ImageEditor, sha: str) -> None:
    """Read the picture ``sha`` from the vault into ``editor``'s preview."""
    QueryOp(ops, parent=editor, op=lambda store: store.get_blob(sha),
            success=lambda data: editor.show_picture(sha, data)).failure(
        lambda _error: editor.show_picture(sha, None)).run()


def pick_and_attach(parent: QWidget, ops: Operations, editor: ImageEditor) -> None:
    """Ask for a picture file and store it in the vault as the answer of ``editor``."""
    path = pick_picture(parent)
    if path:
        attach_picture(ops, editor, path)
