"""The progress window of one long operation (see :mod:`desktop.ui.ops`)."""

from __future__ import annotations

from collections.abc import Mapping

import shiboken6
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QProgressDialog, QWidget

from desktop.core.i18n import tr
from desktop.core.progress import Progress

PROGRESS_DELAY_MS = 400
PROGRESS_POLL_MS = 100


class ProgressWindow(QProgressDialog):
    """The modal progress of one long operation, shown after a short delay, with Cancel."""

    _open: dict[int, ProgressWindow] = {}

    def __init__(self, parent: QWidget, progress: Progress, label: str,
                 stages: Mapping[str, str]) -> None:
        super().__init__(label, tr("Cancel"), 0, 0, parent)
        self.setWindowModality(Qt.WindowModality.WindowModal)
        self.setMinimumDuration(PROGRESS_DELAY_MS)
        self.setAutoClose(False)
        self.setAutoReset(False)
        self._progress, self._label, self._stages = progress, label, stages
        self.canceled.connect(progress.cancel)
        self._timer = QTimer(self)
        self._timer.timeout.connect(self._poll)
        self._timer.start(PROGRESS_POLL_MS)
        ProgressWindow._open[id(progress)] = self

    def _poll(self) -> None:
        done, total = self._progress.snapshot()
        self.setMaximum(max(total, 0))
        if total:
            self.setValue(min(done, total))
        stage = self._progress.stage
        self.setLabelText(self._stages.get(stage, self._label) if stage else self._label)

    @classmethod
    def close_for(cls, progress: Progress) -> None:
        window = cls._open.pop(id(progress), None)
        if window is not None and shiboken6.isValid(window):
            window._timer.stop()
            window.canceled.disconnect()
            window.close()
            window.deleteLater()
