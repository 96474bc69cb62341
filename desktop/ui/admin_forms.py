"""Administration: the forms on this laptop, each version with where it came from (built into
the program, or received from the municipality's server and when) and whether new
assessments are offered it."""

from __future__ import annotations

from PySide6.QtWidgets import QTableWidget, QVBoxLayout, QWidget

from desktop.core.forms.catalog import BUILT_IN, FormVersionInfo, form_versions
from desktop.core.i18n import current_language, tr
from desktop.ui.case_view import fill_table, small_table
from desktop.ui.formatting import fmt_date
from desktop.ui.ops import QueryOp
from desktop.ui.session import Session
from desktop.ui.widgets import card, label


class FormsSection(QWidget):
    """A card with one row per form version; read on the database thread."""

    def __init__(self, session: Session, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.versions: list[FormVersionInfo] = []
        self.frame, layout = card(margins=18, spacing=10)
        self.title = label("", "sectionTitle")
        self.note = label("", "muted", wrap=True)
        self.table: QTableWidget = small_table(6)
        for widget in (self.title, self.note, self.table):
            layout.addWidget(widget)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.addWidget(self.frame)
        self.retranslate()

    def refresh(self) -> None:
        QueryOp(self.session.ops, parent=self, op=form_versions, success=self._loaded).latest(
            "admin_forms").run()

    def _loaded(self, versions: list[FormVersionInfo]) -> None:
        self.versions = versions
        self._show()

    def _show(self) -> None:
        newest: dict[str, int] = {}
        for info in self.versions:
            if info.problem is None:
                newest[info.form_id] = max(newest.get(info.form_id, 0), info.version)
        rows = [[info.text(current_language()), str(info.version),
                 tr("Built in") if info.origin == BUILT_IN else tr("Municipality"),
                 fmt_date(info.received_on) if info.received_on else "",
                 _state(info, newest.get(info.form_id)), _where(info)]
                for info in self.versions]
        fill_table(self.table, [tr("Form"), tr("Version"), tr("From"), tr("Received"),
                                tr("State"), tr("Used for")], rows, (230, 60, 110, 90, 200))

    def retranslate(self) -> None:
        self.title.setText(tr("Forms"))
        self.note.setText(tr("Forms come built into the program or from the municipality's "
                             "server at sync. New assessments use the newest version; every "
                             "older one is kept so its assessments show as they were made."))
        self._show()


def _state(info: FormVersionInfo, newest: int | None) -> str:
    if info.problem is not None:
        return tr("Cannot be used: {reason}", reason=info.problem)
    if info.retired:
        return tr("Retired")
    return tr("Offered") if info.version == newest else tr("Older version")


def _where(info: FormVersionInfo) -> str:
    return "; ".join(", ".join(codes) for codes in (info.case_types, info.roles) if codes) \
        or tr("All cases")
