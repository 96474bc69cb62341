"""The checks the case dialogs make before saving, field by field."""

from __future__ import annotations

import datetime as dt

from desktop.core.casework.input_checks import closing_problems, person_problems, visit_problems

TODAY = dt.date(2026, 3, 2)
AL_ID = r"^[A-Z][0-9]{8}[A-Z]$"


def test_person_problems() -> None:
    assert person_problems({"first_name": "Besa", "last_name": "Gjoka"}, AL_ID, TODAY) == {}
    problems = person_problems({"first_name": "Besa", "personal_id": "123",
                                "birth_date": "2026-03-03"}, AL_ID, TODAY)
    assert set(problems) == {"last_name", "personal_id", "birth_date"}
    assert problems["personal_id"] == "This does not look like a personal ID number."
    assert person_problems({"first_name": "A", "last_name": "B", "personal_id": "123"},
                           None, TODAY) == {}  # a country without a known form


def test_visit_problems() -> None:
    assert visit_problems("2026-03-01", "2026-03-08", "Shtëpia e ftohtë.", "", TODAY) == {}
    problems = visit_problems("2026-03-01", "2026-02-20", " ", "", TODAY)
    assert set(problems) == {"follow_up_date", "observations"}
    assert set(visit_problems(None, None, "x", "", TODAY)) == {"visit_date"}
    assert set(visit_problems("2026-03-05", None, "", "Lagështi", TODAY)) == {"visit_date"}


def test_closing_problems() -> None:
    assert closing_problems("goals_reached", "2026-03-01", "2025-01-10", TODAY) == {}
    assert set(closing_problems(None, None, None, TODAY)) == {"reason", "date"}
    early = closing_problems("lost_contact", "2024-12-31", "2025-01-10", TODAY)
    assert "10.01.2025" in early["date"]
    assert closing_problems("lost_contact", "2026-03-03", None, TODAY)["date"] == \
        "The date cannot be in the future."
