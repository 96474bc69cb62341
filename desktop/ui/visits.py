"""Visits: every home visit recorded, newest first, by village, protocol and who visited."""

from __future__ import annotations

from typing import Any

from desktop.core.i18n import tr
from desktop.core.views.lists import ListQuery, case_filter_values, visit_query
from desktop.ui.formatting import fmt_date
from desktop.ui.list_screen import ListScreen
from desktop.ui.session import Session
from desktop.ui.widgets import FilterCombo

PROTOCOLS = (("routine", "Routine visit"), ("rapid_response", "Rapid response"),
             ("emergency", "Emergency"))


class VisitsScreen(ListScreen):
    key = "visits"
    title_msgid = "Visits"
    count_msgid = ("{n} visit", "{n} visits")
    empty_msgid = "No visit recorded yet. Visits are recorded from a case."

    def __init__(self, session: Session, parent: Any = None) -> None:
        self.village = FilterCombo(tr("Any village"))
        self.protocol = FilterCombo(tr("Any protocol"))
        self.mine = FilterCombo(tr("Everyone"))
        super().__init__(session, parent, formatters={
            "date": fmt_date, "follow_up": fmt_date,
            "protocol": lambda v: tr(dict(PROTOCOLS).get(v or "", v or ""))})
        self.add_filter(self.village, self.village.currentIndexChanged)
        self.add_filter(self.protocol, self.protocol.currentIndexChanged)
        self.add_filter(self.mine, self.mine.currentIndexChanged)
        self.filter_row.addStretch(1)
        self._fill_choices()
        self.retranslate()

    def _fill_choices(self) -> None:
        self.protocol.set_choices([(code, tr(text)) for code, text in PROTOCOLS])
        self.mine.set_choices([(self.session.user, tr("My visits"))])

    def make_query(self) -> ListQuery:
        return visit_query(village=self.village.value(), protocol=self.protocol.value(),
                           worker=self.mine.value())

    def refresh(self) -> None:
        self.run(lambda store: case_filter_values(store), self._places)
        super().refresh()

    def _places(self, values: dict[str, list[str]]) -> None:
        self.village.set_choices([(v, v) for v in values["village"]])

    def retranslate(self) -> None:
        super().retranslate()
        self.village.set_all_text(tr("Any village"))
        self.protocol.set_all_text(tr("Any protocol"))
        self.mine.set_all_text(tr("Everyone"))
        self._fill_choices()

