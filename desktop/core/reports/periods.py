"""Reporting periods: a month, quarter, half-year, year, or any date range (both ends included)."""

from __future__ import annotations

import calendar
import datetime as dt
import re
from dataclasses import dataclass

from desktop.core.i18n import ptr
from desktop.core.reports.texts import month_name

KINDS = ("month", "quarter", "half", "year", "range")
_ROMAN = {1: "I", 2: "II", 3: "III", 4: "IV"}
# Albanian and Serbian write quarters and halves as Roman numerals ("II kvartal 2025").
ROMAN_LANGUAGES = ("sq", "sr", "sr-Cyrl")
_PERIOD_TEXT = re.compile(r"^(\d{4})(?:-(?:(Q|T)([1-4])|(H|G)([12])|(\d{1,2})))?$", re.I)


@dataclass(frozen=True)
class Period:
    start: dt.date
    end: dt.date
    kind: str = "range"
    index: int = 0  # month 1-12, quarter 1-4 or half 1-2 of ``start.year``

    def __post_init__(self) -> None:
        if self.end < self.start:
            raise ValueError("a period cannot end before it starts")
        if self.kind not in KINDS:
            raise ValueError(f"unknown kind of period {self.kind!r}")

    # -- constructors -------------------------------------------------------------------------
    @classmethod
    def month(cls, year: int, month: int) -> Period:
        last = calendar.monthrange(year, month)[1]
        return cls(dt.date(year, month, 1), dt.date(year, month, last), "month", month)

    @classmethod
    def quarter(cls, year: int, quarter: int) -> Period:
        if not 1 <= quarter <= 4:
            raise ValueError("a quarter is 1 to 4")
        first = 3 * quarter - 2
        end = cls.month(year, first + 2).end
        return cls(dt.date(year, first, 1), end, "quarter", quarter)

    @classmethod
    def half(cls, year: int, half: int) -> Period:
        if half not in (1, 2):
            raise ValueError("a half-year is 1 or 2")
        start = dt.date(year, 1 if half == 1 else 7, 1)
        end = dt.date(year, 6, 30) if half == 1 else dt.date(year, 12, 31)
        return cls(start, end, "half", half)

    @classmethod
    def year(cls, year: int) -> Period:
        return cls(dt.date(year, 1, 1), dt.date(year, 12, 31), "year", 0)

    @classmethod
    def between(cls, start: dt.date, end: dt.date) -> Period:
        return cls(start, end, "range", 0)

    @classmethod
    def parse(cls, text: str) -> Period:
        """``2025``, ``2025-Q2`` (or T2), ``2025-H1`` (or G1), ``2025-03``."""
        match = _PERIOD_TEXT.match(text.strip())
        if not match:
            raise ValueError(f"not a period: {text!r}")
        year = int(match.group(1))
        if match.group(3):
            return cls.quarter(year, int(match.group(3)))
        if match.group(5):
            return cls.half(year, int(match.group(5)))
        if match.group(6):
            return cls.month(year, int(match.group(6)))
        return cls.year(year)

    # -- use ----------------------------------------------------------------------------------
    @property
    def days(self) -> int:
        return (self.end - self.start).days + 1

    def iso(self) -> tuple[str, str]:
        return self.start.isoformat(), self.end.isoformat()

    def code(self) -> str:
        """A short, file-name-safe code: 2025, 2025-Q2, 2025-H1, 2025-03, 2025-01-01_2025-02-15."""
        year = self.start.year
        return {"year": f"{year}", "quarter": f"{year}-Q{self.index}",
                "half": f"{year}-H{self.index}", "month": f"{year}-{self.index:02d}"}.get(
            self.kind, f"{self.start.isoformat()}_{self.end.isoformat()}")

    def label(self, language: str = "sq") -> str:
        year = self.start.year
        if self.kind == "year":
            return ptr("report", "Year {year}", language, year=year)
        if self.kind == "quarter":
            n = _ROMAN[self.index] if language in ROMAN_LANGUAGES else self.index
            return ptr("report", "Q{n} {year}", language, n=n, year=year)
        if self.kind == "half":
            n = _ROMAN[self.index] if language in ROMAN_LANGUAGES else self.index
            return ptr("report", "H{n} {year}", language, n=n, year=year)
        if self.kind == "month":
            return f"{month_name(self.index, language)} {year}"
        return f"{format_date(self.start)} – {format_date(self.end)}"

    def years(self) -> list[tuple[int, int]]:
        """(year, days of the period in that year) for each year the period touches."""
        out = []
        for year in range(self.start.year, self.end.year + 1):
            first = max(self.start, dt.date(year, 1, 1))
            last = min(self.end, dt.date(year, 12, 31))
            out.append((year, (last - first).days + 1))
        return out


def format_date(value: dt.date) -> str:
    return value.strftime("%d.%m.%Y")


def days_in_year(year: int) -> int:
    return 366 if calendar.isleap(year) else 365
