"""Reading a date as a person types it (dd.mm.yyyy): a date that does not exist is refused
with a sentence, never moved to a nearby one (31.02.2025 is not 28.02.2025)."""

from __future__ import annotations

import calendar
import datetime as dt
import re
from dataclasses import dataclass

from desktop.core.i18n import tr

FIRST_YEAR, LAST_YEAR = 1900, 2199
_PARTS = re.compile(r"^\s*(\d{1,2})\s*[./\-, ]\s*(\d{1,2})\s*[./\-, ]\s*(\d{1,4})\s*$")
_DIGITS = re.compile(r"^\s*(\d{2})(\d{2})(\d{4})\s*$")


@dataclass(frozen=True)
class TypedDate:
    """What was typed: the date (None when empty or wrong) and the problem, in words."""

    day: dt.date | None
    problem: str = ""

    @property
    def ok(self) -> bool:
        return not self.problem


def read_date(text: str) -> TypedDate:
    """``text`` as a date: "15.03.2025", "15/3/2025", "15032025"; "" is no date."""
    if not text.strip():
        return TypedDate(None)
    match = _PARTS.match(text) or _DIGITS.match(text)
    if match is None:
        return TypedDate(None, tr("\"{text}\" is not a date: type it as dd.mm.yyyy.",
                                  text=text.strip()))
    day, month, year = (int(part) for part in match.groups())
    if len(match.group(3)) != 4:
        return TypedDate(None, tr("Type the year with four digits (dd.mm.yyyy)."))
    if not 1 <= month <= 12:
        return TypedDate(None, tr("\"{text}\" is not a date: there is no month {month}.",
                                  text=text.strip(), month=month))
    if not FIRST_YEAR <= year <= LAST_YEAR:
        return TypedDate(None, tr("The year must be between {first} and {last}.",
                                  first=FIRST_YEAR, last=LAST_YEAR))
    days = calendar.monthrange(year, month)[1]
    if not 1 <= day <= days:
        return TypedDate(None, tr("\"{text}\" is not a date: that month has {days} days.",
                                  text=text.strip(), days=days))
    return TypedDate(dt.date(year, month, day))


def show_date(day: dt.date | None) -> str:
    return day.strftime("%d.%m.%Y") if day else ""
