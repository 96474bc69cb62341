"""The strip of facts under a case's title: its labels are made once and show each case
opened in turn, coloured as the case says; emptied, nothing of a case stays in it."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from desktop.ui import style
from desktop.ui.case_view_facts import FACTS, CaseFacts


def label_of(section: str, code: Any) -> str:
    return f"{section}:{code}"


@pytest.fixture
def facts(qtbot: Any) -> CaseFacts:
    strip = CaseFacts()
    qtbot.addWidget(strip.frame)
    strip.retranslate()
    strip.frame.show()
    return strip


def shown(strip: CaseFacts) -> list[str]:
    return [value.text() for value in strip.values]


def test_each_case_is_shown_in_the_same_labels(facts: CaseFacts) -> None:
    labels = list(facts.values)
    late = (dt.date.today() - dt.timedelta(days=3)).isoformat()
    facts.show({"case_number": "2025-0001", "case_type": "child", "status": "open",
                "risk_level": "urgent", "assigned_worker": "arta", "opened_on": "2025-01-02",
                "review_due": late}, label_of)
    first = shown(facts)
    assert first[:5] == ["2025-0001", "case_types:child", "case_statuses:open",
                         "risk_levels:urgent", "arta"]
    assert first[5] and first[6]                       # the dates, as the language writes them
    assert facts.values[3].property("tone") == style.RISK_COLOURS["urgent"]
    assert facts.values[6].property("tone") == style.DANGER       # the review is overdue
    facts.show({"case_number": "2025-0002", "status": "closed", "risk_level": "low",
                "review_due": late}, label_of)
    assert facts.values == labels and facts.grid.count() == 2 * len(FACTS)   # no new labels
    second = shown(facts)
    assert second[0] == "2025-0002" and second[4] == "" and second[5] == ""
    assert facts.values[3].property("tone") == style.RISK_COLOURS["low"]
    assert facts.values[6].property("tone") == ""       # a closed case's review is not late
    assert [caption.text() for caption in facts.captions] == list(FACTS)


def test_emptied_no_value_of_the_case_stays(facts: CaseFacts) -> None:
    facts.show({"case_number": "2025-0003", "risk_level": "high", "assigned_worker": "besnik"},
               label_of)
    facts.clear()
    assert shown(facts) == [""] * len(FACTS)
    assert all(not value.property("tone") for value in facts.values)
