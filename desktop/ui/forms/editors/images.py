"""The picture editor: the attached picture (kept inside the vault) and a way to pick another."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QPixmap
from PySide6.QtWidgets import QLabel, QPushButton, QVBoxLayout, QWidget

from desktop.core.i18n import tr
from desktop.ui.forms.editors.base import Editor

PickFile = Callable[["ImageEditor"], None]
LoadPreview = Callable[["ImageEditor", str], None]


class ImageEditor(Editor):
    """Shows the attached picture (kept inside the vault) and lets the worker pick another.

    The form view supplies ``pick`` (choose a file and store it in the vault on the database
    thread, then call :meth:`attached`) and ``preview`` (fetch the stored bytes of a hash,
    then call :meth:`show_picture`).
    """

    PREVIEW_SIZE = 160

    def __init__(self, pick: PickFile, preview: LoadPreview,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._pick = pick
        self._preview = preview
        self._sha: str | None = None
        self.thumbnail = QLabel(self)
        self.thumbnail.setFixedSize(self.PREVIEW_SIZE, self.PREVIEW_SIZE * 3 // 4)
        self.thumbnail.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.thumbnail.setObjectName("imagePreview")
        self.choose_button = QPushButton(self)
        self.choose_button.setAutoDefault(False)
        self.choose_button.clicked.connect(lambda: self._pick(self))
        self.remove_button = QPushButton(self)
        self.remove_button.setAutoDefault(False)
        self.remove_button.clicked.connect(self._remove)
        self.status = QLabel(self)
        self.status.setObjectName("hint")
        buttons = QVBoxLayout()
        buttons.addWidget(self.choose_button)
        buttons.addWidget(self.remove_button)
        buttons.addWidget(self.status)
        buttons.addStretch(1)
        self._layout.addWidget(self.thumbnail)
        self._layout.addLayout(buttons)
        self._layout.addStretch(1)
        self.retranslate()
        self._show()

    def retranslate(self) -> None:
        self.choose_button.setText(tr("Choose a picture…"))
        self.remove_button.setText(tr("Remove"))
        if self._sha is None:
            self.thumbnail.setText(tr("No picture"))

    def value(self) -> Any:
        return self._sha

    def set_value(self, value: Any) -> None:
        self._sha = value if isinstance(value, str) and value else None
        self._show()

    def attached(self, sha256: str) -> None:
        """A picked file is now stored in the vault under ``sha256``."""
        self.status.clear()
        self._sha = sha256
        self._show()
        self.changed.emit()

    def failed(self, message: str) -> None:
        self.status.setText(message)

    def set_busy(self, busy: bool) -> None:
        self.choose_button.setEnabled(not busy)
        self.status.setText(tr("Saving the picture in the vault…") if busy else "")

    def set_read_only(self, read_only: bool) -> None:
        self.choose_button.setEnabled(not read_only)
        self.remove_button.setEnabled(not read_only and self._sha is not None)

    def focus_widgets(self) -> list[QWidget]:
        return [self.choose_button, self.remove_button]

    def _remove(self) -> None:
        self._sha = None
        self._show()
        self.changed.emit()

    def _show(self) -> None:
        self.remove_button.setEnabled(self._sha is not None)
        self.thumbnail.clear()
        if self._sha is None:
            self.thumbnail.setText(tr("No picture"))
            return
        self.thumbnail.setText(tr("Loading…"))
        self._preview(self, self._sha)

    def show_picture(self, sha: str, data: bytes | None) -> None:
        """Show the stored bytes of ``sha`` (if it is still the answer)."""
        if sha != self._sha:
            return
        pixmap = QPixmap()
        if data and pixmap.loadFromData(data):
            self.thumbnail.setPixmap(pixmap.scaled(
                self.thumbnail.size(), Qt.AspectRatioMode.KeepAspectRatio,
                Qt.TransformationMode.SmoothTransformation))
        else:
            self.thumbnail.setText(tr("Attached ({sha})", sha=sha[:8]))
