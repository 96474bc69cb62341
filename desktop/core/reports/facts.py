"""The facts of one report: the bases (see :mod:`.bases`) filtered by the report's period and
unit, with the dimensions tables are counted by.

Each source below is one row per counted thing (a case, a person, a person in a target group,
a plan, a referral, a visit, a measure, a monitoring report due, a survey answer). A table of
counts groups its source by two dimensions, counted by one
integer key per table (row code times the number of column codes plus column code), all the
tables of a source from one pass over it, and the drill-down selects the cases behind a number with the same conditions, so a number
and its list cannot disagree.

``cases``            case_type, case_status (at the end of the period), source, opened_in ("1"
                     for cases opened in the period), unit, area, place (the case's village,
                     else its person's), sex, age_band, pathway (assessed and/or referred)
``persons``          persons with a case managed in the period, where they live: unit, place
                     (village), area; sex, age_band
``person_groups``    one row per such person and target group (no group: not recorded)
``plans``            plans made (not drafts) in the period: plan_type, origin (new, revised)
``plan_reviews``     plan reviews due in the period (past ones from each plan's list of
                     reviews): plan_type, review
``referrals``        referrals sent in the period: service, category, referral_status,
                     prescribed ("1"/"0"), delivery, not_possible_reason, provider,
                     provider_level, provider_place (in or outside the case's municipality)
``visits``           home visits in the period: unit, protocol
``measures``         measures in force at some time in the period: measure_type, measure_status
``measure_reports``  monitoring reports due in the period (those not made only up to the day
                     before ``as_of``): reported_measure, report_outcome (on_time, late, missing)
``satisfaction``     satisfaction surveys submitted in the period: unit, score

Assessments, meetings, participants, acts and persons per provider: see :mod:`.sources`.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass
from operator import itemgetter
from typing import Any

from sqlalchemy import Connection

from desktop.core.reports.bases import AGE_BANDS, Codes
from desktop.core.reports.settings import ReportSettings
from desktop.core.reports.sources import MANAGED, OWN_SOURCES, PATHWAY, UNIT, Source, age_band
from sync.profile import Profile

PERSON_SOURCES = ("persons", "person_groups")
__all__ = ["AGE_BANDS", "PERSON_SOURCES", "Facts", "Scope"]


@dataclass(frozen=True)
class Scope:
    """What the facts cover: a period (ISO dates, both included), optionally one unit."""

    start: str
    end: str
    unit: str | None = None
    as_of: str = ""

    def params(self, codes: Codes) -> dict[str, Any]:
        as_of = self.as_of or dt.date.today().isoformat()
        return {"start": _n(self.start), "end": _n(self.end), "asof": _n(as_of),
                "unit": codes.number("unit", self.unit) if self.unit else 0}


def _n(iso: str) -> int:
    return int(iso.replace("-", ""))


# The persons of the cases managed, with where they live and their age band at the end of
# the period, are built once per report (``rf_managed``); both person sources read them.
_ALL = "1"

SOURCES: dict[str, Source] = {
    "cases": Source("rb_cases", MANAGED, {
        "case_type": "case_type", "source": "source", "unit": "unit", "area": "area",
        "place": "place", "pathway": PATHWAY,
        "sex": "sex", "age_band": age_band("birth"),
        "case_status": "CASE WHEN transferred AND (ended IS NULL OR ended <= :end) THEN 3 "
                       "WHEN ended <= :end THEN 2 ELSE 1 END",
        "opened_in": "CASE WHEN opened >= :start THEN 2 ELSE 1 END",
        "closure_reason": "CASE WHEN ended <= :end THEN closure_reason ELSE 0 END"}),
    # a case once per target group of its person (cases by source and target group)
    "case_groups": Source("rb_cases c JOIN rb_person_groups g ON g.person_n = c.person_n",
                          MANAGED, {"target_group": "g.target_group", "case_type": "case_type",
                                     "source": "source", "unit": "unit", "area": "area",
                                     "place": "place",
                                     "sex": "sex", "age_band": age_band("birth"),
                                     "opened_in": "CASE WHEN opened >= :start THEN 2 ELSE 1 END",
                                     "closure_reason": "CASE WHEN ended <= :end THEN "
                                                       "closure_reason ELSE 0 END"},
                          case_id="c.case_id"),
    "persons": Source("rf_managed", _ALL, {
        "age_band": "age_band", "sex": "sex", "unit": "unit", "area": "area",
        "place": "place"}, case_id=""),
    "person_groups": Source("rb_person_groups g JOIN rf_managed m ON m.n = g.person_n", _ALL, {
        "target_group": "g.target_group", "sex": "m.sex", "age_band": "m.age_band",
        "unit": "m.unit"},
        case_id=""),
    "plans": Source("rb_plans", "created BETWEEN :start AND :end AND " + UNIT, {
        "plan_type": "plan_type", "origin": "origin"}),
    "plan_reviews": Source("rb_reviews", "due BETWEEN :start AND :end AND " + UNIT, {
        "plan_type": "plan_type",
        "review": "CASE WHEN done IS NOT NULL THEN CASE WHEN done <= due THEN 1 ELSE 2 END "
                  "WHEN due < :asof THEN 3 ELSE 4 END"}),
    "referrals": Source("rb_referrals", "sent BETWEEN :start AND :end AND " + UNIT, {
        "service": "service", "category": "category", "referral_status": "referral_status",
        "prescribed": "prescribed", "delivery": "delivery",
        "not_possible_reason": "not_possible_reason", "unit": "unit", "provider": "provider",
        "provider_level": "provider_level", "provider_place": "provider_place"}),
    "visits": Source("rb_visits", "day BETWEEN :start AND :end AND " + UNIT, {
        "unit": "unit", "protocol": "protocol"}),
    "measures": Source("rb_measures",
                       "issued <= :end AND (ended IS NULL OR ended >= :start) AND " + UNIT, {
                           "measure_type": "measure_type",
                           "measure_status": "CASE WHEN ended <= :end THEN "
                                             "CASE WHEN state = 3 THEN 3 ELSE 2 END "
                                             "WHEN ended IS NULL THEN state ELSE 1 END"}),
    "measure_reports": Source(
        "rb_dues", "due BETWEEN :start AND :end AND (report IS NOT NULL OR due < :asof) AND "
        + UNIT, {"reported_measure": "reported_measure",
                  "report_outcome": "CASE WHEN report IS NULL THEN 3 "
                                    "WHEN report <= due THEN 1 ELSE 2 END"}),
    "satisfaction": Source("rb_satisfaction", "day BETWEEN :start AND :end AND " + UNIT, {
        "unit": "unit", "score": "score"}),
    **OWN_SOURCES,
}


# Counting (and freeing) a source's rows is C code that keeps the interpreter's lock until it
# is done: 7-10 ms per table over 100,000 rows, while the UI thread waits for the lock. Done a
# slice of rows at a time, the lock can change hands between slices (~1 ms each).
CHUNK_ROWS = 16_384


def _count(rows: list[tuple], column: int) -> Counter:
    """How many times each value of ``column`` of ``rows`` appears."""
    counted: Counter = Counter()
    pick = itemgetter(column)
    for start in range(0, len(rows), CHUNK_ROWS):
        counted.update(map(pick, rows[start:start + CHUNK_ROWS]))
    return counted


def _free(rows: list[tuple]) -> None:
    """Drop ``rows`` a slice at a time, from the end (the caller keeps no other reference)."""
    while rows:
        del rows[-CHUNK_ROWS:]


class Facts:
    """The facts of one report over the bases on ``conn``."""

    def __init__(self, conn: Connection, profile: Profile, settings: ReportSettings,
                 scope: Scope, codes: Codes) -> None:
        self.conn = conn
        self.profile = profile
        self.settings = settings
        self.scope = scope
        self.codes = codes
        self.params = scope.params(codes)
        self._has_managed = False

    def counts(self, source: str, tables: list[tuple[str, str, tuple[tuple[str, str], ...]]]
               ) -> list[dict[tuple[str | None, str | None], int]]:
        """For each (row dim, column dim, filters) of ``tables``: {(row code, column code):
        count} of ``source``, all from one pass over the source."""
        if source in PERSON_SOURCES:
            self._managed()
        spec = SOURCES[source]
        keys, params = [], {}
        for t, (row_dim, column_dim, filters) in enumerate(tables):
            radix = self.codes.radix(column_dim)
            key = f"({spec.dims[row_dim]}) * {radix} + ({spec.dims[column_dim]})"
            conditions, anyof = [], {}
            for i, (dim, code) in enumerate(filters):
                anyof.setdefault(dim, []).append(f":f{t}_{i}")
                params[f"f{t}_{i}"] = self.codes.number(dim, code)
            for dim, names in anyof.items():  # one dimension named twice: any of its codes
                conditions.append(f"({spec.dims[dim]}) IN ({', '.join(names)})")
            keys.append(f"CASE WHEN {' AND '.join(conditions)} THEN {key} END"
                        if conditions else key)
        rows = self.raw(f"SELECT {', '.join(keys)} FROM {spec.table} WHERE {spec.where}",
                        params)
        out = []
        for i, (row_dim, column_dim, _) in enumerate(tables):
            counted = _count(rows, i)
            counted.pop(None, None)  # rows a table's filters leave out
            out.append(self._decode(counted, row_dim, column_dim))
        _free(rows)
        return out

    def _decode(self, counts: Counter, row_dim: str, column_dim: str
                ) -> dict[tuple[str | None, str | None], int]:
        radix = self.codes.radix(column_dim)
        rows_codes = [None, *self.codes.codes(row_dim)]
        column_codes = [None, *self.codes.codes(column_dim)]
        return {(rows_codes[key // radix], column_codes[key % radix]): n
                for key, n in counts.items()}

    def raw(self, sql: str, params: dict[str, Any] | None = None) -> list[tuple]:
        """Rows as plain tuples, straight from the driver (large results)."""
        cursor = self.conn.connection.dbapi_connection.cursor()
        try:
            return cursor.execute(sql, {**self.params, **(params or {})}).fetchall()
        finally:
            cursor.close()

    def persons(self) -> int:
        """Persons with a case managed in the period."""
        self._managed()
        return self.query("SELECT count(*) FROM rf_managed")[0][0]

    def close(self) -> None:
        """Drop what this report built (the bases stay)."""
        self.conn.exec_driver_sql("DROP TABLE IF EXISTS temp.rf_managed")

    def _managed(self) -> None:
        """The persons of the cases managed in the period, once per report."""
        if not self._has_managed:
            self.conn.exec_driver_sql("DROP TABLE IF EXISTS temp.rf_managed")
            self.conn.exec_driver_sql("CREATE TEMP TABLE rf_managed (n INTEGER PRIMARY KEY, "
                                      "sex, age_band, unit, area, place)")
            self.conn.exec_driver_sql(
                "INSERT INTO rf_managed SELECT p.n, p.sex, "
                f"{age_band('p.birth')}, p.unit, p.area, p.place "
                f"FROM (SELECT DISTINCT person_n FROM rb_cases WHERE {MANAGED}) AS m "
                "JOIN rb_persons p ON p.n = m.person_n", self.params)
            self._has_managed = True

    def means(self, source: str, dim: str) -> tuple[dict[str | None, float], float | None]:
        """Mean ``value`` of ``source`` by ``dim``, and overall."""
        spec = SOURCES[source]
        rows = self.query(f"SELECT {spec.dims[dim]}, avg(value) FROM {spec.table} "
                          f"WHERE {spec.where} AND value IS NOT NULL GROUP BY 1")
        overall = self.query(f"SELECT avg(value) FROM {spec.table} WHERE {spec.where}")[0][0]
        return {self.codes.code(dim, n): mean for n, mean in rows}, overall

    def case_ids_sql(self, source: str, conditions: list[tuple[str, str | None]]
                     ) -> tuple[str, dict[str, Any]]:
        """SQL selecting the ids of the cases counted where ``conditions`` (dim, code) hold."""
        spec = SOURCES[source]
        where = " AND ".join([spec.where] + [f"({spec.dims[dim]}) = :c{i}"
                                             for i, (dim, _) in enumerate(conditions)])
        params = {f"c{i}": self.codes.number(dim, code)
                  for i, (dim, code) in enumerate(conditions)}
        if source not in PERSON_SOURCES:
            return f"SELECT {spec.case_id} FROM {spec.table} WHERE {where}", params
        self._managed()
        person = "n" if source == "persons" else "person_n"
        return (f"SELECT case_id FROM rb_cases WHERE {MANAGED} AND person_n IN "
                f"(SELECT {person} FROM {spec.table} WHERE {where})"), params

    def query(self, sql: str, params: dict[str, Any] | None = None) -> list[Any]:
        return self.conn.exec_driver_sql(sql, {**self.params, **(params or {})}).fetchall()
