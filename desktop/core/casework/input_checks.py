"""What the case dialogs check before saving, as field -> message in the current language,
so the dialog can show each message under its field. Qt-free; the save itself checks again.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from desktop.core.i18n import fmt_date, tr

Problems = dict[str, str]


def person_problems(fields: dict[str, Any], personal_id_pattern: str | None,
                    today: dt.date | None = None) -> Problems:
    """Both names given, a personal ID number of the country's form, no birth in future."""
    problems: Problems = {}
    for name in ("first_name", "last_name"):
        if not fields.get(name):
            problems[name] = tr("This field is required.")
    pid = fields.get("personal_id")
    if pid and personal_id_pattern and not re.match(personal_id_pattern, pid):
        problems["personal_id"] = tr("This does not look like a personal ID number.")
    born = fields.get("birth_date")
    if born and born > (today or dt.date.today()).isoformat():
        problems["birth_date"] = tr("The date cannot be in the future.")
    return problems


def visit_problems(visit_date: str | None, follow_up_date: str | None, observations: str,
                   living_conditions: str, today: dt.date | None = None) -> Problems:
    """A visit date not in the future, a follow-up not before it, and something observed."""
    problems: Problems = {}
    if visit_date is None:
        problems["visit_date"] = tr("Enter the date of the visit.")
    elif visit_date > (today or dt.date.today()).isoformat():
        problems["visit_date"] = tr("The date cannot be in the future.")
    if visit_date and follow_up_date and follow_up_date < visit_date:
        problems["follow_up_date"] = tr("The follow-up cannot be before the visit.")
    if not (observations.strip() or living_conditions.strip()):
        problems["observations"] = tr("Write what you saw (observations or living "
                                      "conditions).")
    return problems


def closing_problems(reason: str | None, closed_on: str | None, opened_on: str | None,
                     today: dt.date | None = None) -> Problems:
    """A reason, and a closing date neither in the future nor before the case was opened."""
    problems: Problems = {}
    if reason is None:
        problems["reason"] = tr("Choose the reason for closing the case.")
    if closed_on is None:
        problems["date"] = tr("Enter the date the case was closed.")
    elif closed_on > (today or dt.date.today()).isoformat():
        problems["date"] = tr("The date cannot be in the future.")
    elif opened_on and closed_on < opened_on:
        problems["date"] = tr("The case was opened on {date}; it cannot be closed before "
                              "that.", date=fmt_date(opened_on))
    return problems
