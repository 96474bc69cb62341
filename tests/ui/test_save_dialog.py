"""The Save-as-PDF dialog speaks the language of the screens."""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import QFileDialog, QWidget

from desktop.core.i18n import set_language
from desktop.ui.printing.save_dialog import save_dialog


def test_the_save_dialog_is_in_albanian(qtbot: Any, tmp_path: Any) -> None:
    set_language("sq")
    parent = QWidget()
    qtbot.addWidget(parent)
    dialog = save_dialog(parent, "Ruaj si PDF", str(tmp_path / "PUK-1-plani.pdf"), "PDF (*.pdf)")
    assert dialog.labelText(QFileDialog.DialogLabel.FileName) == "Emri i skedarit:"
    assert dialog.labelText(QFileDialog.DialogLabel.Accept) == "Ruaj"
    assert dialog.labelText(QFileDialog.DialogLabel.Reject) not in ("Cancel", "")
