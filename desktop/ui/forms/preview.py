"""``kujdes forms preview FILE.xlsx``: an XLSForm in the form renderer, to try it out before it
is published. Nothing is saved: no vault is opened, drafts and pictures stay in memory and are
gone when the window closes. "Check the answers" shows what a worker would be told."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

from PySide6.QtGui import QCloseEvent
from PySide6.QtWidgets import QApplication, QHBoxLayout, QLabel, QVBoxLayout, QWidget

from desktop.core.forms import FormDefinition
from desktop.core.forms.xlsform import XLSFormError, read_xlsform
from desktop.core.i18n import current_language, tr
from desktop.ui.forms.view import FormView
from desktop.ui.ops import Operations
from desktop.ui.widgets import button


class _Memory:
    """What the renderer asks of a vault (drafts, pictures), kept in memory only."""

    def __init__(self) -> None:
        self.blobs: dict[str, bytes] = {}

    def load_draft(self, _key: str) -> None:
        return None

    def save_draft(self, *_args: Any, **_kwargs: Any) -> None:
        return None

    def delete_draft(self, _key: str) -> None:
        return None

    def put_blob(self, data: bytes, _mime: str) -> str:
        import hashlib

        sha = hashlib.sha256(data).hexdigest()
        self.blobs[sha] = data
        return sha

    def get_blob(self, sha: str) -> bytes | None:
        return self.blobs.get(sha)


class PreviewWindow(QWidget):
    def __init__(self, definition: FormDefinition, source: Path) -> None:
        super().__init__()
        self.definition = definition
        self.setWindowTitle(tr("Preview: {form} (nothing is saved)",
                               form=definition.text(current_language())))
        layout = QVBoxLayout(self)
        note = QLabel(tr("{file}: version {version}. Try the form out; nothing is saved.",
                         file=source.name, version=definition.version))
        note.setWordWrap(True)
        layout.addWidget(note)
        # The renderer's database steps run on a thread of their own, against memory.
        self.memory = _Memory()
        self.ops = Operations(lambda: self.memory, self)  # type: ignore[arg-type, return-value]
        self.view = FormView(self.ops, definition, "preview", self)
        self.view.submitted.connect(self._checked)
        layout.addWidget(self.view, 1)
        row = QHBoxLayout()
        self.result = QLabel("")
        self.check_button = button(tr("Check the answers"), primary=True,
                                   on_click=self.check)
        row.addWidget(self.result, 1)
        row.addWidget(self.check_button)
        layout.addLayout(row)
        self.resize(1000, 820)

    def closeEvent(self, event: QCloseEvent) -> None:
        self.ops.shutdown(5_000)
        super().closeEvent(event)

    def check(self) -> None:
        self.result.setText("")
        if not self.view.submit():
            self.result.setText(tr("Some answers are missing or wrong: they are marked in red."))

    def _checked(self, _content: dict[str, Any]) -> None:
        self.result.setText(tr("Every answer is accepted (nothing was saved)."))


def run_preview(path: str | Path) -> int:
    """Open the spreadsheet in the renderer until the window is closed; a spreadsheet that is
    not a usable form prints its problems (``SHEET:ROW: message``) and exits 1."""
    path = Path(path)
    try:
        imported = read_xlsform(path)
    except XLSFormError as error:
        print("\n".join(str(p) for p in error.problems))
        return 1
    app = QApplication.instance() or QApplication(sys.argv[:1])
    window = PreviewWindow(imported.form, path)
    window.show()
    app.exec()
    return 0
