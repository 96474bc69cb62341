"""People already registered who may be the person being registered: each shown as a card
with "Use this person" and "It is someone else"."""

from __future__ import annotations

from collections.abc import Callable, Sequence

import shiboken6
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QScrollArea, QVBoxLayout, QWidget

from desktop.core.casework.persons import DuplicateCandidate, full_name
from desktop.core.i18n import tr
from desktop.ui.dialogs.common import section_title
from desktop.ui.formatting import fmt_date
from desktop.ui.widgets import button

Choice = Callable[[DuplicateCandidate], None]


class CandidateCard(QFrame):
    """One registered person who may be the same: details and the two choices."""

    def __init__(self, candidate: DuplicateCandidate, on_use: Choice, on_other: Choice,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.candidate = candidate
        self.setObjectName("candidate")
        f = candidate.person.fields
        layout = QVBoxLayout(self)
        layout.setContentsMargins(10, 8, 10, 8)
        layout.setSpacing(3)
        name = QLabel(full_name(candidate.person), self)
        name.setObjectName("candidateName")
        details = [tr("Father: {name}", name=f["father_name"]) if f.get("father_name") else "",
                   tr("Born {date}", date=fmt_date(f.get("birth_date")))
                   if f.get("birth_date") else "",
                   f.get("village") or "", f.get("personal_id") or ""]
        info = QLabel(" · ".join(d for d in details if d), self)
        info.setWordWrap(True)
        reason = QLabel(candidate.reason, self)
        reason.setObjectName("hint")
        reason.setWordWrap(True)
        self.use_button = button(tr("Use this person"), primary=True,
                                 on_click=lambda: on_use(candidate))
        self.other_button = button(tr("It is someone else"),
                                   on_click=lambda: on_other(candidate))
        for widget in (self.use_button, self.other_button):
            widget.setAutoDefault(False)
        buttons = QHBoxLayout()
        buttons.addWidget(self.use_button)
        buttons.addWidget(self.other_button)
        buttons.addStretch(1)
        for widget in (name, info, reason):
            layout.addWidget(widget)
        layout.addLayout(buttons)


class SimilarPeoplePanel(QFrame):
    """The cards of the similar people, and a line that says what the check found."""

    def __init__(self, on_use: Choice, on_other: Choice, parent: QWidget | None = None
                 ) -> None:
        super().__init__(parent)
        self.setObjectName("panel")
        self._on_use, self._on_other = on_use, on_other
        self.candidates: list[DuplicateCandidate] = []
        layout = QVBoxLayout(self)
        layout.setContentsMargins(14, 12, 14, 12)
        layout.setSpacing(6)
        layout.addWidget(section_title("Already registered?", self))
        self.match_status = QLabel(self)
        self.match_status.setObjectName("hint")
        self.match_status.setWordWrap(True)
        layout.addWidget(self.match_status)
        scroll = QScrollArea(self)
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        self.cards_box = QWidget()
        self.cards_box.setObjectName("scrollInner")
        self.cards = QVBoxLayout(self.cards_box)
        self.cards.setContentsMargins(0, 0, 0, 0)
        self.cards.setSpacing(8)
        self.cards.addStretch(1)
        scroll.setWidget(self.cards_box)
        layout.addWidget(scroll, 1)

    def searching(self) -> None:
        self.match_status.setText(tr("Looking for people already registered…"))

    def show_candidates(self, candidates: Sequence[DuplicateCandidate]) -> None:
        self.candidates = list(candidates)
        while self.cards.count() > 1:
            item = self.cards.takeAt(0)
            widget = item.widget()
            if widget is not None:
                widget.deleteLater()
            shiboken6.delete(item)   # a taken item is the taker's to delete
        for candidate in self.candidates:
            card = CandidateCard(candidate, self._on_use, self._on_other, self.cards_box)
            self.cards.insertWidget(self.cards.count() - 1, card)
        if self.candidates:
            self.match_status.setText(tr("These people are already registered and may be the "
                                         "same person. Check each one before registering."))
        else:
            self.match_status.setText(tr("No similar person is registered. The check runs "
                                         "as you type the name, ID number, birth date and "
                                         "village."))

    def card_for(self, person_id: str) -> CandidateCard | None:
        for index in range(self.cards.count()):
            widget = self.cards.itemAt(index).widget()
            if isinstance(widget, CandidateCard) and widget.candidate.person.id == person_id:
                return widget
        return None
