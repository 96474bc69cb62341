"""Visits: every home visit recorded, newest first, by village, protocol and who visited."""

from __future__ import annotations

from typing import Any

from desktop.core.i18n import tr
from desktop.core.views.lists import ListQuery, case_filter_values
from desktop.core.views.work_lists import visit_query
from desktop.ui.formatting import fmt_date
from desktop.ui.list_screen import ListScreen
from desktop.ui.ops import QueryOp
from desktop.ui.session import Session
from desktop.ui.widgets import FilterCombo

# The records the list shows (with their case and person): other changes leave it as it is.
SHOWN_TYPES = ("visit", "case", "person")


class VisitsScreen(ListScreen):
    key = "visits"
    title_msgid = "Visits"
    shows_types = SHOWN_TYPES
    count_msgid = ("{n} visit", "{n} visits")
    empty_msgid = "No visit recorded yet. Visits are recorded from a case."

    def __init__(self, session: Session, parent: Any = None) -> None:
        self.village = FilterCombo(tr("Any village"))
        self.protocol = FilterCombo(tr("Any protocol"))
        self.mine = FilterCombo(tr("Everyone"))
        super().__init__(session, parent, formatters={
            "date": fmt_date, "follow_up": fmt_date,
            "protocol": lambda v: session.label("visit_protocols", v) if v else ""})
        self.add_filter(self.village, self.village.currentIndexChanged)
        self.add_filter(self.protocol, self.protocol.currentIndexChanged)
        self.add_filter(self.mine, self.mine.currentIndexChanged)
        self.filter_row.addStretch(1)
        self._fill_choices()
        self.retranslate()

    def _fill_choices(self) -> None:
        self.protocol.set_choices([(code, self.session.label("visit_protocols", code))
                                   for code in self.session.profile.codes("visit_protocols")])
        self.mine.set_choices([(self.session.user, tr("My visits"))])

    def make_query(self) -> ListQuery:
        return visit_query(village=self.village.value(), protocol=self.protocol.value(),
                           worker=self.mine.value())

    def refresh(self) -> None:
        QueryOp(self.session.ops, parent=self, op=case_filter_values,
                success=self._places).with_busy(self.busy).run()
        super().refresh()

    def _places(self, values: dict[str, list[str]]) -> None:
        self.village.set_choices([(v, v) for v in values["village"]])

    def retranslate(self) -> None:
        super().retranslate()
        self.village.set_all_text(tr("Any village"))
        self.protocol.set_all_text(tr("Any protocol"))
        self.mine.set_all_text(tr("Everyone"))
        self._fill_choices()
