"""Typed dates are read as written or refused in words; never moved to another date."""

from __future__ import annotations

import datetime as dt

from desktop.core.date_input import read_date


def test_dates_as_people_type_them() -> None:
    assert read_date("15.03.2025").day == dt.date(2025, 3, 15)
    assert read_date("5/3/2025").day == dt.date(2025, 3, 5)
    assert read_date("15032025").day == dt.date(2025, 3, 15)
    assert read_date("29.02.2024").day == dt.date(2024, 2, 29)
    assert read_date("  ").ok and read_date("").day is None


def test_a_date_that_does_not_exist_is_refused_not_changed() -> None:
    typed = read_date("31.02.2025")
    assert typed.day is None and not typed.ok
    assert "28" in typed.problem                     # "that month has 28 days"
    typed = read_date("45.13.2020")
    assert typed.day is None and "13" in typed.problem
    assert read_date("29.02.2025").day is None
    assert not read_date("12.3.25").ok               # two-digit year: said, not guessed
    assert not read_date("dje").ok
