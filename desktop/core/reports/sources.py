"""What a source of facts is, and the sources of what is not a case's own row.

``cases_in_meetings``  cases managed in the period that a meeting in the period discussed
                       (each once): the dimensions of ``cases``
``assessments``        assessments submitted in the period (not the satisfaction survey):
                       form, unit, and the case's case_type, place, sex, age_band
``provider_persons``   persons who received a service delivered from a referral sent in the
                       period, once per provider: provider, provider_level, provider_place,
                       unit, sex, age_band
``meetings``           meetings held in the period: meeting_group, unit (of the main case)
``participants``       the attendees of those meetings: institution, meeting_group, unit
``acts``               administrative acts issued in the period: act_type, decision, unit,
                       sex, age_band (of the person the act is for)

``pathway`` of a case: whether it was assessed and referred in the period (1 both, 2 assessed
only, 3 referred only, 4 neither).
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Source:
    """FROM and WHERE of a source, and the SQL (a number) of each of its dimensions.
    ``case_id``: the SQL of the case a row counts ("" when a row is not one case's, so the
    cases behind its numbers are not listed)."""

    table: str
    where: str
    dims: dict[str, str]
    case_id: str = "case_id"


def age_band(birth: str) -> str:
    age = f"((:end - {birth}) / 10000)"
    return (f"CASE WHEN {birth} IS NULL OR {birth} > :end THEN 0 WHEN {age} <= 5 THEN 1 "
            f"WHEN {age} <= 15 THEN 2 WHEN {age} <= 18 THEN 3 WHEN {age} <= 64 THEN 4 "
            "ELSE 5 END")


UNIT = "(:unit = 0 OR unit = :unit)"
MANAGED = "opened <= :end AND (ended IS NULL OR ended >= :start) AND " + UNIT
_IN_PERIOD = "BETWEEN :start AND :end"
_ASSESSED = (f"EXISTS (SELECT 1 FROM rb_assessments a WHERE a.case_id = rb_cases.case_id "
             f"AND a.day {_IN_PERIOD})")
_REFERRED = (f"EXISTS (SELECT 1 FROM rb_referrals r WHERE r.case_id = rb_cases.case_id "
             f"AND r.sent {_IN_PERIOD})")
PATHWAY = (f"CASE WHEN {_ASSESSED} THEN CASE WHEN {_REFERRED} THEN 1 ELSE 2 END "
            f"WHEN {_REFERRED} THEN 3 ELSE 4 END")

_CASE_DIMS = {
    "case_type": "case_type", "source": "source", "unit": "unit", "area": "area",
    "place": "place", "sex": "sex", "age_band": age_band("birth"),
    "opened_in": "CASE WHEN opened >= :start THEN 2 ELSE 1 END",
    "closure_reason": "CASE WHEN ended <= :end THEN closure_reason ELSE 0 END"}

# A meeting's unit is its main case's, read when counting (the case may have moved).
_MEETING_UNIT = "COALESCE((SELECT c.unit FROM rb_cases c WHERE c.case_id = m.case_id), 0)"
_MEETING_WHERE = f"m.day {_IN_PERIOD} AND (:unit = 0 OR {_MEETING_UNIT} = :unit)"

_PROVIDER_PERSONS = f"""(SELECT DISTINCT c.person_n, r.provider, r.provider_level,
        r.provider_place, r.unit, c.sex, c.birth
    FROM rb_referrals r JOIN rb_cases c ON c.case_id = r.case_id
    WHERE r.sent {_IN_PERIOD} AND r.delivery = 1 AND (:unit = 0 OR r.unit = :unit)
        AND c.person_n IS NOT NULL)"""

OWN_SOURCES: dict[str, Source] = {
    "cases_in_meetings": Source(
        "rb_cases", MANAGED + " AND case_id IN (SELECT case_id FROM rb_meeting_cases "
        f"WHERE day {_IN_PERIOD})", _CASE_DIMS),
    "assessments": Source(
        "rb_assessments a JOIN rb_cases c ON c.case_id = a.case_id",
        f"a.day {_IN_PERIOD} AND (:unit = 0 OR a.unit = :unit)",
        {"form": "a.form", "unit": "a.unit", "case_type": "c.case_type", "place": "c.place",
         "sex": "c.sex", "age_band": age_band("c.birth")}, case_id="a.case_id"),
    "provider_persons": Source(
        _PROVIDER_PERSONS, "1",
        {"provider": "provider", "provider_level": "provider_level",
         "provider_place": "provider_place", "unit": "unit", "sex": "sex",
         "age_band": age_band("birth")}, case_id=""),
    "meetings": Source("rb_meetings m", _MEETING_WHERE, {
        "meeting_group": "m.meeting_group", "unit": _MEETING_UNIT}, case_id=""),
    "participants": Source("rb_participants m", _MEETING_WHERE, {
        "institution": "m.institution", "meeting_group": "m.meeting_group",
        "unit": _MEETING_UNIT}, case_id=""),
    "acts": Source("rb_acts", f"day {_IN_PERIOD} AND " + UNIT, {
        "act_type": "act_type", "decision": "decision", "unit": "unit", "sex": "sex",
        "age_band": age_band("birth")}, case_id=""),
}
