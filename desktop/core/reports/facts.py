"""The facts behind the tables: one temporary table per kind of thing counted.

Each fact table has one row per counted thing (a case, a person, a person in a target group,
a plan, a referral, a visit, a measure, a monitoring report due, a survey answer), the case it
belongs to, and the dimensions it is counted by. Tables of counts are ``GROUP BY`` queries on
them, and the drill-down selects the cases behind a number from the same rows, so a number
and its list cannot disagree. Everything is built inside one read transaction, from one
sequential pass over the records table (``rf_records``, in memory).

Dimensions (a missing value is ``NULL``, shown as "not recorded"):

``cases``            case_type, case_status (at the end of the period), source, opened_in ("1"
                     for cases opened in the period), unit, village, area, sex, age_band
``persons``          one row per person with a case managed in the period; place and area of
                     their most recent case; sex, age_band; target_groups (JSON)
``person_groups``    one row per person and top-level target group (sub-groups count in their
                     group; a person without a group has target_group NULL)
``plans``            plans made (not drafts) in the period: plan_type, origin (new, revised)
``plan_reviews``     plans whose review date falls in the period: plan_type, review
``referrals``        referrals sent in the period: service, category, referral_status,
                     prescribed ("1"/"0"), delivery, not_possible_reason
``visits``           home visits in the period: unit, protocol
``measures``         measures in force at some time in the period: measure_type, measure_status
``measure_reports``  monitoring reports due in the period (up to the day before ``as_of``):
                     reported_measure, report_outcome (on_time, late, missing)
``satisfaction``     satisfaction surveys submitted in the period: unit, score (1-5), value
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Connection

from desktop.core.reports.settings import ReportSettings
from sync.profile import Profile

AGE_BANDS = ("0-5", "6-15", "16-18", "19-64", "65+")
PERSON_SOURCES = ("persons", "person_groups")
DEFAULT_REVIEW_DAYS = 180


@dataclass(frozen=True)
class Scope:
    """What the facts cover: a period (ISO dates, both included), optionally one unit."""

    start: str
    end: str
    unit: str | None = None
    as_of: str = ""

    def params(self) -> dict[str, Any]:
        return {"start": self.start, "end": self.end, "unit": self.unit,
                "asof": self.as_of or dt.date.today().isoformat()}


def _age_band(birth: str) -> str:
    age = (f"(CAST(substr(:end, 1, 4) AS INTEGER) - CAST(substr({birth}, 1, 4) AS INTEGER) "
           f"- (substr(:end, 6, 5) < substr({birth}, 6, 5)))")
    return (f"CASE WHEN {birth} IS NULL OR {birth} > :end THEN NULL "
            f"WHEN {age} <= 5 THEN '0-5' WHEN {age} <= 15 THEN '6-15' "
            f"WHEN {age} <= 18 THEN '16-18' WHEN {age} <= 64 THEN '19-64' ELSE '65+' END")


# -- the bases: built once per read of the records table, kept between reports ----------------

# One sequential pass over the records table copies what the facts need (projection columns and
# a few fields per type, for all time) into memory. Reading the table once in file order is much
# cheaper on an encrypted vault than looking records up one by one through the indexes. The
# copy is then joined once into two bases (cases with their person and household; the case work
# with its case's unit) and dropped; reports only filter and count the bases.
RECORDS_SCAN = """
    CREATE TEMP TABLE rf_records AS
    SELECT type, id, case_id, person_id, household_id, admin_unit, village, status, kind,
        date1, due, label,
        CASE type
            WHEN 'case' THEN COALESCE(json_extract(fields, '$.closed_on'),
                                      json_extract(fields, '$.transferred_on'))
            WHEN 'person' THEN json_extract(fields, '$.sex')
            WHEN 'household' THEN json_extract(fields, '$.area_type')
            WHEN 'village' THEN json_extract(fields, '$.area_type')
            WHEN 'plan' THEN json_extract(fields, '$.previous_plan_id')
            WHEN 'referral' THEN json_extract(fields, '$.prescribed')
            WHEN 'measure' THEN COALESCE(json_extract(fields, '$.ended_on'),
                                         json_extract(fields, '$.end_date'))
            WHEN 'assessment' THEN CAST({score} AS REAL)
        END AS a,
        CASE type
            WHEN 'case' THEN json_extract(fields, '$.referral_source')
            WHEN 'person' THEN json_extract(fields, '$.target_groups')
            WHEN 'plan' THEN json_extract(fields, '$.version')
            WHEN 'referral' THEN json_extract(fields, '$.not_possible_reason')
            WHEN 'measure' THEN json_extract(fields, '$.report_every_days')
        END AS b,
        CASE type
            WHEN 'plan' THEN json_extract(fields, '$.reviewed_on')
            WHEN 'measure' THEN json_extract(fields, '$.reports')
            WHEN 'case' THEN json_extract(fields, '$.municipality')
        END AS c,
        CASE type WHEN 'plan' THEN json_extract(fields, '$.superseded_on') END AS d,
        CASE type WHEN 'plan' THEN json_extract(fields, '$.reviews') END AS e
    FROM records NOT INDEXED
    WHERE deleted = 0 AND (
        type IN ('case', 'household', 'village', 'plan', 'measure', 'referral', 'visit')
        OR (type = 'assessment' AND kind = :form)
        OR (type = 'person' AND id IN (SELECT person_id FROM records INDEXED BY records_person
                                       WHERE type = 'case')))"""

BASES = (
    "CREATE INDEX temp.rf_records_key ON rf_records (type, id)",
    """CREATE TEMP TABLE rb_cases AS
       SELECT c.id AS case_id, c.person_id, c.date1 AS opened_on, c.a AS ended, c.status,
           c.kind AS case_type, c.b AS source, c.admin_unit AS unit, c.village,
           c.c AS municipality,
           COALESCE(h.a, (SELECT v.a FROM rf_records v
                          WHERE v.type = 'village' AND v.label = c.village
                            AND (c.admin_unit IS NULL OR v.admin_unit = c.admin_unit)
                          LIMIT 1)) AS area,
           p.a AS sex, p.date1 AS birth_date, p.b AS target_groups
       FROM rf_records c
       LEFT JOIN rf_records p ON p.type = 'person' AND p.id = c.person_id
       LEFT JOIN rf_records h ON h.type = 'household'
           AND h.id = COALESCE(c.household_id, p.household_id)
       WHERE c.type = 'case'""",
    "CREATE INDEX temp.rb_cases_key ON rb_cases (case_id)",
    """CREATE TEMP TABLE rb_work AS
       SELECT w.type, w.id, w.case_id, w.status, w.kind, w.date1, w.due, w.a, w.b, w.c, w.d,
           w.e, CASE WHEN w.type = 'visit' THEN COALESCE(w.admin_unit, c.unit)
                     ELSE c.unit END AS unit,
           nxt.first_on AS next_on
       FROM rf_records w
       JOIN rb_cases c ON c.case_id = w.case_id
       LEFT JOIN (SELECT a AS prev, min(date1) AS first_on FROM rf_records
                  WHERE type = 'plan' AND a IS NOT NULL GROUP BY 1) AS nxt
           ON w.type = 'plan' AND nxt.prev = w.id
       WHERE w.type IN ('plan', 'referral', 'visit', 'measure', 'assessment')""",
    "CREATE INDEX temp.rb_work_type ON rb_work (type, date1)",
    "DROP TABLE temp.rf_records",
)
BASE_TABLES = ("rb_cases", "rb_work", "rf_records")


def scan_records(conn: Connection, settings: ReportSettings) -> None:
    """(Re)build the bases on ``conn``: one pass over the records table, then two joins."""
    keys = settings.score_keys or ("score",)
    paths = {f"k{i}": f"$.computed.{key}" for i, key in enumerate(keys)}
    score = "COALESCE(" + ", ".join(f"json_extract(fields, :{k})" for k in paths) + ", NULL)"
    for table in BASE_TABLES:
        conn.exec_driver_sql(f"DROP TABLE IF EXISTS temp.{table}")
    conn.exec_driver_sql(RECORDS_SCAN.replace("{score}", score),
                         {**paths, "form": settings.satisfaction_form})
    for statement in BASES:
        conn.exec_driver_sql(statement)


# -- the facts of one report: SELECTs over the bases -------------------------------------------

_UNIT = "(:unit IS NULL OR unit = :unit)"
_WORK = "FROM rb_work WHERE type = '{type}' AND date1 BETWEEN :start AND :end AND " + _UNIT

SOURCES: dict[str, str] = {
    "cases": f"""
        SELECT case_id, person_id, opened_on, case_type,
            CASE WHEN status = 'transferred' AND (ended IS NULL OR ended <= :end)
                    THEN 'transferred'
                 WHEN ended IS NOT NULL AND ended <= :end THEN 'closed'
                 ELSE 'open' END AS case_status,
            source, CASE WHEN opened_on >= :start THEN '1' ELSE '0' END AS opened_in,
            unit, village, area, sex, {_age_band("birth_date")} AS age_band, target_groups
        FROM rb_cases
        WHERE opened_on <= :end AND (ended IS NULL OR ended >= :start) AND {_UNIT}""",
    "persons": "SELECT * FROM rf_persons",
    "person_groups": """
        SELECT DISTINCT p.person_id, p.case_id, COALESCE(m.parent, g.value) AS target_group,
            p.sex, p.age_band
        FROM rf_persons p,
             json_each(CASE WHEN json_valid(p.target_groups) THEN p.target_groups
                            ELSE '[]' END) AS g
        LEFT JOIN rf_group_parent m ON m.code = g.value
        UNION ALL
        SELECT p.person_id, p.case_id, NULL, p.sex, p.age_band FROM rf_persons p
        WHERE NOT json_valid(COALESCE(p.target_groups, ''))
           OR json_array_length(p.target_groups) = 0""",
    "plans": """
        SELECT id AS fact_id, case_id, kind AS plan_type,
            CASE WHEN COALESCE(b, 1) > 1 OR a IS NOT NULL THEN 'revised' ELSE 'new' END
                AS origin, unit
        """ + _WORK.format(type="plan") + " AND COALESCE(status, '') != 'draft'",
    "plan_reviews": "SELECT * FROM rf_plan_reviews",
    "referrals": """
        SELECT r.id AS fact_id, r.case_id, r.kind AS service, m.parent AS category,
            r.status AS referral_status, CASE WHEN r.a THEN '1' ELSE '0' END AS prescribed,
            CASE WHEN r.status IN ('delivered', 'refused', 'not_possible') THEN r.status
                 ELSE 'pending' END AS delivery,
            r.b AS not_possible_reason, r.unit
        FROM rb_work r LEFT JOIN rf_service_category m ON m.code = r.kind
        WHERE r.type = 'referral' AND r.date1 BETWEEN :start AND :end
          AND (:unit IS NULL OR r.unit = :unit)""",
    "visits": "SELECT id AS fact_id, case_id, unit, kind AS protocol "
              + _WORK.format(type="visit"),
    "measures": f"""
        SELECT id AS fact_id, case_id, kind AS measure_type,
            CASE WHEN a IS NOT NULL AND a <= :end
                    THEN CASE WHEN status = 'revoked' THEN 'revoked' ELSE 'ended' END
                 WHEN a IS NULL AND status IN ('ended', 'revoked') THEN status
                 ELSE 'active' END AS measure_status,
            date1 AS issued_on, a AS ended, b AS every, c AS reports, unit
        FROM rb_work
        WHERE type = 'measure' AND date1 <= :end AND (a IS NULL OR a >= :start) AND {_UNIT}""",
    "measure_reports": "SELECT * FROM rf_measure_reports",
    "satisfaction": """
        SELECT id AS fact_id, case_id, unit, a AS value,
            CASE WHEN a IS NULL THEN NULL
                 ELSE CAST(CAST(min(max(round(a), :low), :high) AS INTEGER) AS TEXT)
            END AS score
        """ + _WORK.format(type="assessment"),
}

PERSONS = f"""
    CREATE TEMP TABLE rf_persons AS
    SELECT person_id, case_id, unit, village, area, sex, age_band, target_groups,
        CASE WHEN village IS NULL THEN NULL
             ELSE COALESCE(unit, '') || ' / ' || village END AS place
    FROM (SELECT *, row_number() OVER (PARTITION BY person_id
                                       ORDER BY opened_on DESC, case_id DESC) AS n
          FROM ({SOURCES["cases"]}) WHERE person_id IS NOT NULL)
    WHERE n = 1"""

PLAN_REVIEW_ROWS = """
    SELECT id, case_id, kind, due, date1, c, d, e, next_on, unit FROM rb_work
    WHERE type = 'plan' AND due BETWEEN :start AND :end AND COALESCE(status, '') != 'draft'
      AND (:unit IS NULL OR unit = :unit)"""

MATERIALIZED = ("persons", "plan_reviews", "measure_reports")
NEEDS = {"person_groups": "persons"}


class Facts:
    """The facts of one report over the bases on ``conn``: each source is a SELECT, or a
    temporary table built once (persons, and what is computed in Python)."""

    def __init__(self, conn: Connection, profile: Profile, settings: ReportSettings,
                 scope: Scope) -> None:
        self.conn = conn
        self.profile = profile
        self.settings = settings
        self.scope = scope
        low, high = settings.scale
        self.params = {**scope.params(), "low": low, "high": high}
        self.built: list[str] = []
        self._grouped: dict[tuple[str, tuple[str, ...]], list[tuple]] = {}
        self._mappings()

    def table(self, source: str) -> str:
        """SQL to put after FROM for ``source`` (building its temporary table if it has one)."""
        if source in NEEDS:
            self.table(NEEDS[source])
        if source in MATERIALIZED:
            if source not in self.built:
                _BUILDERS[source](self)
                self.built.append(source)
            return f"rf_{source}"
        return f"({SOURCES[source]})"

    def grouped(self, source: str, dims: tuple[str, ...]) -> list[tuple]:
        """(dim values..., count) of ``source`` grouped by ``dims``; computed once."""
        key = (source, dims)
        if key not in self._grouped:
            columns = ", ".join(dims)
            self._grouped[key] = self.query(
                f"SELECT {columns}, count(*) FROM {self.table(source)} GROUP BY {columns}")
        return self._grouped[key]

    def query(self, sql: str, params: dict[str, Any] | None = None) -> list[Any]:
        return self.conn.exec_driver_sql(sql, {**self.params, **(params or {})}).fetchall()

    def drop(self) -> None:
        """Drop what this report built (the bases stay for the next report)."""
        for name in [*self.built, "group_parent", "service_category"]:
            self.conn.exec_driver_sql(f"DROP TABLE IF EXISTS temp.rf_{name}")
        self.built.clear()

    def _mappings(self) -> None:
        groups = [(sub["code"], g["code"]) for g in self.profile.items("target_groups")
                  for sub in g.get("subgroups", [])]
        services = [(s["code"], c["code"]) for c in self.profile.items("service_taxonomy")
                    for s in c.get("services", [])]
        for name, rows in (("group_parent", groups), ("service_category", services)):
            self.conn.exec_driver_sql(f"DROP TABLE IF EXISTS temp.rf_{name}")
            self.conn.exec_driver_sql(
                f"CREATE TEMP TABLE rf_{name} (code TEXT PRIMARY KEY, parent TEXT)")
            if rows:
                self.conn.exec_driver_sql(f"INSERT INTO rf_{name} VALUES (?, ?)", rows)

    def _insert(self, source: str, columns: tuple[str, ...], rows: list[tuple]) -> None:
        self.conn.exec_driver_sql(f"DROP TABLE IF EXISTS temp.rf_{source}")
        self.conn.exec_driver_sql(f"CREATE TEMP TABLE rf_{source} ({', '.join(columns)})")
        if rows:
            marks = ", ".join("?" for _ in columns)
            self.conn.exec_driver_sql(f"INSERT INTO rf_{source} VALUES ({marks})", rows)


def _build_persons(facts: Facts) -> None:
    facts.conn.exec_driver_sql("DROP TABLE IF EXISTS temp.rf_persons")
    facts.conn.exec_driver_sql(PERSONS, facts.params)


# -- facts computed in Python ------------------------------------------------------------------

def _build_plan_reviews(facts: Facts) -> None:
    review_days = {p["code"]: int(p.get("review_days") or DEFAULT_REVIEW_DAYS)
                   for p in facts.profile.items("plan_types")}
    rows = []
    for pid, case_id, plan_type, due, created, reviewed, superseded, reviews, successor, unit \
            in facts.query(PLAN_REVIEW_ROWS):
        window = _shift(due, -review_days.get(plan_type, DEFAULT_REVIEW_DAYS))
        dates = [reviewed, superseded, successor, *_dates(reviews)]
        done = sorted(d for d in dates if isinstance(d, str) and d >= (created or "")
                      and d > window)
        if done:
            outcome = "on_time" if done[0] <= due else "late"
        else:
            outcome = "overdue" if due < facts.params["asof"] else "not_due"
        rows.append((pid, case_id, plan_type, outcome, unit))
    facts._insert("plan_reviews", ("fact_id", "case_id", "plan_type", "review", "unit"), rows)


def _build_measure_reports(facts: Facts) -> None:
    every_by_type = {m["code"]: m.get("report_every_days")
                     for m in facts.profile.items("measure_types")}
    start, end, as_of = facts.params["start"], facts.params["end"], facts.params["asof"]
    rows = []
    for mid, case_id, kind, issued, ended, every, reports, unit in facts.query(
            "SELECT fact_id, case_id, measure_type, issued_on, ended, every, reports, unit "
            f"FROM {facts.table('measures')}"):
        days = every or every_by_type.get(kind)
        if not days or not issued:
            continue
        done = sorted(_dates(reports))
        for number, due in enumerate(_due_dates(issued, int(days), ended, end), start=1):
            outcome = _report_outcome(done, number, due, as_of)
            if due >= start and outcome is not None:
                rows.append((f"{mid}#{number}", case_id, kind, outcome, unit))
    facts._insert("measure_reports", ("fact_id", "case_id", "reported_measure",
                                      "report_outcome", "unit"), rows)


def _due_dates(issued: str, every: int, ended: str | None, end: str) -> list[str]:
    last = min(d for d in (ended, end) if d)
    out, number = [], 1
    while (due := _shift(issued, every * number)) <= last:
        out.append(due)
        number += 1
    return out


def _report_outcome(done: list[str], number: int, due: str, as_of: str) -> str | None:
    if len(done) >= number:
        return "on_time" if done[number - 1] <= due else "late"
    return "missing" if due < as_of else None


def _shift(day: str, days: int) -> str:
    return (dt.date.fromisoformat(day) + dt.timedelta(days=days)).isoformat()


def _dates(raw: Any) -> list[str]:
    """Dates of a JSON list of reports or reviews (each a date or an object with one)."""
    if isinstance(raw, str):
        try:
            raw = json.loads(raw)
        except ValueError:
            return []
    out = []
    for item in raw if isinstance(raw, list) else []:
        value = item
        if isinstance(item, dict):
            value = next((item[k] for k in ("date", "reviewed_on", "submitted_on", "reported_on",
                                            "on") if item.get(k)), None)
        if isinstance(value, str) and _is_date(value[:10]):
            out.append(value[:10])
    return out


def _is_date(text: str) -> bool:
    try:
        dt.date.fromisoformat(text)
    except ValueError:
        return False
    return True


_BUILDERS: dict[str, Callable[[Facts], None]] = {
    "persons": _build_persons,
    "plan_reviews": _build_plan_reviews,
    "measure_reports": _build_measure_reports,
}
