"""The strip of facts under a case's title: number, type, status, risk, manager, dates.

Its labels are made once with the case view and given new texts for each case: a case opens
without new widgets to style and lay out there. Their weight and colours come from the
application's style sheet (``QLabel#factValue`` and its ``tone`` property): a style sheet of
the strip's own, or of each label, was applied again each time the view was put in its place.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QGridLayout, QLabel

from desktop.core.i18n import tr
from desktop.ui import style
from desktop.ui.formatting import age_on, fmt_date
from desktop.ui.widgets import card, label

FACTS = ("Case number", "Case type", "Status", "Risk", "Case manager", "Opened on",
         "Review due")

Label = Callable[[str, Any], str]  # a list's code as shown: (list, code) -> text


class CaseFacts:
    """The facts' card (``frame``) and its grid (``grid``: captions above values)."""

    def __init__(self) -> None:
        self.frame, box = card(margins=12)
        self.grid = QGridLayout()
        self.grid.setHorizontalSpacing(28)
        self.grid.setVerticalSpacing(2)
        box.addLayout(self.grid)
        self.captions: list[QLabel] = []
        self.values: list[QLabel] = []
        for column in range(len(FACTS)):
            caption = label("", "fieldLabel")
            value = label("", "factValue")
            value.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            self.grid.addWidget(caption, 0, column)
            self.grid.addWidget(value, 1, column)
            self.captions.append(caption)
            self.values.append(value)
        self.grid.setColumnStretch(len(FACTS), 1)

    def retranslate(self) -> None:
        for caption, msgid in zip(self.captions, FACTS, strict=True):
            caption.setText(tr(msgid))

    def show(self, fields: dict[str, Any], label_of: Label) -> None:
        """The facts of a case (its fields); ``label_of(list, code)`` names a list's code."""
        risk = fields.get("risk_level")
        overdue = fields.get("status") == "open" and \
            str(fields.get("review_due") or "9999") < dt.date.today().isoformat()
        shown = (
            (fields.get("case_number", ""), None),
            (label_of("case_types", fields.get("case_type")), None),
            (label_of("case_statuses", fields.get("status")), None),
            (label_of("risk_levels", risk), style.RISK_COLOURS.get(str(risk or ""))),
            (fields.get("assigned_worker", ""), None),
            (fmt_date(fields.get("opened_on")), None),
            (fmt_date(fields.get("review_due")), style.DANGER if overdue else None),
        )
        for value, (text, colour) in zip(self.values, shown, strict=True):
            value.setText(str(text if text is not None else ""))
            _set_tone(value, colour or "")

    def clear(self) -> None:
        for value in self.values:
            value.setText("")
            _set_tone(value, "")


def _set_tone(widget: QLabel, colour: str) -> None:
    """The value's colour (a rule of the style sheet, by its ``tone``), styled again only
    when it changes."""
    if (widget.property("tone") or "") != colour:
        widget.setProperty("tone", colour)
        widget.style().unpolish(widget)
        widget.style().polish(widget)


def person_line(person: dict[str, Any]) -> str:
    """The line under a case's title: father's name, age, personal number, place."""
    parts = []
    if person.get("father_name"):
        parts.append(tr("father {name}", name=person["father_name"]))
    age = age_on(person.get("birth_date"))
    if age is not None:
        parts.append(tr("{age} years old", age=age))
    if person.get("personal_id"):
        parts.append(str(person["personal_id"]))
    places = [str(p) for p in (person.get("village"), person.get("administrative_unit"))
              if p]
    place = ", ".join(dict.fromkeys(places))
    if place:
        parts.append(place)
    return " · ".join(parts)
