"""The "save as" file dialog in the language of the screens (Qt ships no Albanian for its
own dialog, so its labels and buttons are set here)."""

from __future__ import annotations

from PySide6.QtWidgets import QDialog, QFileDialog, QWidget

from desktop.core.i18n import tr


def save_dialog(parent: QWidget, title: str, suggested: str, name_filter: str) -> QFileDialog:
    dialog = QFileDialog(parent, title, suggested, name_filter)
    dialog.setOption(QFileDialog.Option.DontUseNativeDialog, True)
    dialog.setAcceptMode(QFileDialog.AcceptMode.AcceptSave)
    dialog.setFileMode(QFileDialog.FileMode.AnyFile)
    dialog.selectFile(suggested)
    for which, msgid in ((QFileDialog.DialogLabel.LookIn, "Folder:"),
                         (QFileDialog.DialogLabel.FileName, "File name:"),
                         (QFileDialog.DialogLabel.FileType, "File type:"),
                         (QFileDialog.DialogLabel.Accept, "Save"),
                         (QFileDialog.DialogLabel.Reject, "Cancel")):
        dialog.setLabelText(which, tr(msgid))
    return dialog


def ask_save_path(parent: QWidget, title: str, suggested: str, name_filter: str) -> str:
    """The path chosen, or "" when cancelled."""
    dialog = save_dialog(parent, title, suggested, name_filter)
    if dialog.exec() != QDialog.DialogCode.Accepted or not dialog.selectedFiles():
        return ""
    return dialog.selectedFiles()[0]
