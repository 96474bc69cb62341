"""Report bases of records that are not parts of one case: meetings and administrative acts.

A meeting discusses several cases and an act is issued for a person (with or without a case),
so their rows are kept by their own id and brought up to date when they change (the marks of
kind ``meeting`` and ``administrative_act``, migration step 7)::

    rb_meetings       meeting_id, case_id (its main case: the unit), meeting_group, day
    rb_participants   meeting_id, case_id, meeting_group, institution, day: one per attendee
    rb_meeting_cases  meeting_id, case_id, meeting_group, day: one per case discussed
    rb_acts           act_id, unit, act_type, decision, sex, birth, day: the unit, sex and
                      birth of the person the act is for, as they were when it was recorded

They are read straight from ``records`` (few rows) into ``rt_meetings`` and ``rt_acts``: all
of them, or those the refresh's ``rd_meetings`` and ``rd_acts`` name.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from sqlalchemy import Connection

if TYPE_CHECKING:
    from desktop.core.reports.codes import Codes

OWN_TABLES = ("meetings", "participants", "meeting_cases", "acts")
OWN_WORK_TABLES = ("rt_meetings", "rt_acts")
OWN_KINDS = {"meeting": "rd_meetings", "administrative_act": "rd_acts"}
OWN_KEYS = {"meetings": "meeting_id", "participants": "meeting_id",
            "meeting_cases": "meeting_id", "acts": "act_id"}
OWN_MARKS = {"meetings": "rd_meetings", "participants": "rd_meetings",
             "meeting_cases": "rd_meetings", "acts": "rd_acts"}

_DAY = "CAST(replace(substr({}, 1, 10), '-', '') AS INTEGER)"

_MEETINGS = """CREATE TEMP TABLE rt_meetings AS
    SELECT id, case_id, subtype AS meeting_group, main_date,
        json_extract(fields, '$.attendees') AS attendees,
        json_extract(fields, '$.case_ids') AS case_ids
    FROM records WHERE {only} type = 'meeting' AND deleted = 0"""
_ACTS = """CREATE TEMP TABLE rt_acts AS
    SELECT a.id, a.subtype AS act_type, a.status AS decision, a.main_date,
        p.admin_unit AS unit, json_extract(p.fields, '$.sex') AS sex, p.main_date AS birth
    FROM records a LEFT JOIN records p ON p.id = a.person_id AND p.type = 'person'
    WHERE {only} a.type = 'administrative_act' AND a.deleted = 0"""

OWN_CODE_SOURCES: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("SELECT DISTINCT meeting_group FROM rt_meetings", ("meeting_group",)),
    ("SELECT DISTINCT json_extract(a.value, '$.institution') FROM rt_meetings m, "
     "json_each(CASE WHEN json_type(m.attendees) = 'array' THEN m.attendees ELSE '[]' END) a",
     ("institution",)),
    ("SELECT DISTINCT act_type, unit, sex FROM rt_acts", ("act_type", "unit", "sex")),
)


def extract_own(conn: Connection, *, full: bool) -> None:
    """Meetings and acts into ``rt_meetings`` and ``rt_acts`` (all, or the marked ones)."""
    # only what changed: through the index of ids (``+`` keeps SQLite off the index on type)
    conn.exec_driver_sql(_MEETINGS.format(only="" if full else "id IN rd_meetings AND +"))
    conn.exec_driver_sql(_ACTS.format(only="" if full else "a.id IN rd_acts AND +"))


def _list(column: str) -> str:
    return f"json_each(CASE WHEN json_type({column}) = 'array' THEN {column} ELSE '[]' END)"


def own_rows(codes: Codes) -> tuple[str, ...]:
    """The statements building ``rn_meetings``, ``rn_participants``, ``rn_meeting_cases`` and
    ``rn_acts``, with the codes written in."""
    coded = codes.sql
    group = coded("meeting_group", "m.meeting_group")
    day = _DAY.format("m.main_date")
    return (
        f"""CREATE TEMP TABLE rn_meetings AS
            SELECT m.id AS meeting_id, m.case_id, {group} AS meeting_group, {day} AS day
            FROM rt_meetings m""",
        f"""CREATE TEMP TABLE rn_participants AS
            SELECT m.id AS meeting_id, m.case_id, {group} AS meeting_group,
                {coded('institution', "json_extract(a.value, '$.institution')")} AS institution,
                {day} AS day
            FROM rt_meetings m, {_list('m.attendees')} AS a""",
        f"""CREATE TEMP TABLE rn_meeting_cases AS
            SELECT DISTINCT m.id AS meeting_id, c.value AS case_id, {group} AS meeting_group,
                {day} AS day
            FROM rt_meetings m, {_list('m.case_ids')} AS c""",
        f"""CREATE TEMP TABLE rn_acts AS
            SELECT id AS act_id, {coded('unit', 'unit')} AS unit,
                {coded('act_type', 'act_type')} AS act_type,
                {coded('decision', 'decision')} AS decision, {coded('sex', 'sex')} AS sex,
                {_DAY.format('birth')} AS birth, {_DAY.format('main_date')} AS day
            FROM rt_acts""",
    )


MARK_STATEMENTS = tuple(
    f"CREATE TEMP TABLE {table} (id TEXT PRIMARY KEY)" for table in OWN_KINDS.values()) + tuple(
    f"INSERT OR IGNORE INTO {table} SELECT id FROM rd_marks WHERE kind = '{kind}'"
    for kind, table in OWN_KINDS.items())


def replace_own(conn: Connection, *, full: bool) -> None:
    """Write the new rows of meetings and acts over their old ones."""
    for table in OWN_TABLES:
        where = "" if full else f" WHERE {OWN_KEYS[table]} IN temp.{OWN_MARKS[table]}"
        conn.exec_driver_sql(f"DELETE FROM rb_{table}{where}")
        conn.exec_driver_sql(f"INSERT INTO rb_{table} SELECT * FROM temp.rn_{table}")
