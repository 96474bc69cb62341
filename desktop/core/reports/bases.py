"""The report bases: what the records say, joined once, coded as small numbers.

Decrypting and reading the records table is most of the cost of a report on a large vault, so
the bases are kept in the vault (encrypted like everything else) and brought up to date from
what changed (see :mod:`.refresh`). This module builds new base rows: from an extract of the
records (``rf_records``, all of them or only what changed), joined into one temporary table per
kind of thing counted (``rn_*``), which the refresh then writes into the vault's ``rb_*``.

Every dimension is stored as a number (``Codes`` maps numbers to codes, kept in
``report_codes``; 0 is "not recorded") and every date as ``yyyymmdd``: a report then only
filters the bases by its period and counts them by one integer key, which is fast. The bases do
not depend on the period, so they serve every report.

Bases (tables of the vault, made by migration step 4)::

    rb_cases          case_id, person_n, opened, ended, transferred, case_type, source, unit,
                      area, sex, birth, municipality, closure_reason (migration step 6)
    rb_persons        n, id, sex, birth, unit, place, area: where the person lives (the
                      person's or the household's unit and village, the household's area)
    rb_person_groups  person_n, target_group (sub-groups count in their group; 0: none)
    rb_plans          case_id, unit, plan_type, origin, created
    rb_reviews        case_id, unit, plan_type, due, done: each review a plan had or has due
                      (done: the review, or a new version, inside the review window)
    rb_referrals      case_id, unit, service, category, referral_status, prescribed, delivery,
                      not_possible_reason, sent
    rb_visits         case_id, unit, protocol, day
    rb_measures       case_id, unit, measure_type, issued, ended, state (1 active, 2 ended,
                      3 revoked)
    rb_dues           case_id, unit, reported_measure, due, report: monitoring reports due
    rb_satisfaction   case_id, unit, day, value, score
    rb_assessments    case_id, unit, form, day: assessments but the satisfaction survey
                      (migration step 7, as the columns below)
    rb_cases          ... place: the case's village, else where its person lives
    rb_referrals      ... provider (its name), provider_level, provider_place (1 in the case's
                      municipality, 2 outside it)

Meetings and administrative acts are not parts of one case: see :mod:`.bases_own`.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import Connection

from desktop.core.reports.bases_own import (
    OWN_CODE_SOURCES,
    OWN_TABLES,
    OWN_WORK_TABLES,
    extract_own,
    own_rows,
)
from desktop.core.reports.settings import ReportSettings
from sync.profile import Profile

AGE_BANDS = ("0-5", "6-15", "16-18", "19-64", "65+")
DEFAULT_REVIEW_DAYS = 180
DUES_AHEAD_DAYS = 366
FIXED: dict[str, tuple[str, ...]] = {
    "case_status": ("open", "closed", "transferred"),
    "opened_in": ("0", "1"),
    "age_band": AGE_BANDS,
    "origin": ("new", "revised"),
    "review": ("on_time", "late", "overdue", "not_due"),
    "prescribed": ("0", "1"),
    "delivery": ("delivered", "pending", "refused", "not_possible"),
    "measure_status": ("active", "ended", "revoked"),
    "report_outcome": ("on_time", "late", "missing"),
    "pathway": ("assessed_referred", "assessed", "referred", "neither"),
    "provider_place": ("municipality", "outside"),
    "decision": ("granted", "refused"),
}
ALIASES = {"reported_measure": "measure_type"}
SETTINGS_DIMS = ("score",)  # numbered from the report settings, not kept in the vault


def day(column: str) -> str:
    """SQL turning an ISO date column into the integer ``yyyymmdd`` (NULL stays NULL)."""
    return f"CAST(replace(substr({column}, 1, 10), '-', '') AS INTEGER)"


@dataclass
class Codes:
    """Numbers of the codes of each dimension (``n`` is the index plus one; 0 is none).

    Numbers are given once and kept: a code new to the vault gets the next number of its
    dimension, so the rows already in the bases keep their meaning.
    """

    values: dict[str, list[str]] = field(default_factory=dict)
    municipality: str | None = None
    added: list[tuple[str, str, int]] = field(default_factory=list)

    @classmethod
    def fresh(cls, settings: ReportSettings) -> Codes:
        """No codes yet but those the report settings give."""
        low, high = settings.scale
        return cls({"score": [str(v) for v in range(low, high + 1)]})

    @classmethod
    def load(cls, conn: Connection, settings: ReportSettings) -> Codes:
        """The codes of the bases in the vault."""
        codes = cls.fresh(settings)
        for dim, code, _n in conn.exec_driver_sql(
                "SELECT dim, code, n FROM report_codes ORDER BY dim, n"):
            codes.values.setdefault(dim, []).append(code)
        return codes

    def add(self, dim: str, found: set[str]) -> None:
        """Number the codes of ``found`` that ``dim`` does not have yet."""
        known = self.values.setdefault(dim, [])
        for code in sorted(found - set(known)):
            known.append(code)
            self.added.append((dim, code, len(known)))

    def codes(self, dim: str) -> list[str]:
        dim = ALIASES.get(dim, dim)
        return list(FIXED[dim]) if dim in FIXED else list(self.values.get(dim, []))

    def number(self, dim: str, code: str | None) -> int:
        """The number of ``code`` (0 for none, -1 for a code the vault does not have)."""
        if code is None:
            return 0
        codes = self.codes(dim)
        return codes.index(code) + 1 if code in codes else -1

    def code(self, dim: str, n: int) -> str | None:
        return self.codes(dim)[n - 1] if n else None

    def radix(self, dim: str) -> int:
        return len(self.codes(dim)) + 1

    def sql(self, dim: str, value: str) -> str:
        """SQL for the number of the code in ``value`` (0 when it is NULL or unknown)."""
        codes = self.codes(dim)
        if len(codes) > LOOKUP_ABOVE:
            return f"COALESCE((SELECT n FROM rc_codes WHERE dim = '{dim}' AND code = {value}), 0)"
        if not codes:
            return "0"
        whens = " ".join(f"WHEN {_quote(c)} THEN {n}" for n, c in enumerate(codes, start=1))
        return f"(CASE {value} {whens} ELSE 0 END)"


# -- the extract of the records --------------------------------------------------------------------

EXTRACT_COLUMNS = """type,
        CASE WHEN type IN ('case', 'person', 'household', 'plan', 'service_provider') THEN id END
            AS id,
        case_id,
        CASE WHEN type = 'case' THEN person_id END AS person_id,
        CASE WHEN type IN ('case', 'person') THEN household_id END AS household_id,
        admin_unit,
        CASE WHEN type IN ('case', 'person', 'household', 'village') THEN village END
            AS village,
        CASE WHEN type IN ('case', 'plan', 'referral', 'measure') THEN status END AS status,
        subtype, main_date,
        CASE WHEN type = 'plan' THEN due END AS due,
        CASE WHEN type IN ('village', 'service_provider') THEN title END AS title,
        CASE type
            WHEN 'case' THEN COALESCE(json_extract(fields, '$.closed_on'),
                                      json_extract(fields, '$.transferred_on'))
            WHEN 'measure' THEN COALESCE(json_extract(fields, '$.ended_on'),
                                         json_extract(fields, '$.end_date'))
        END AS ended_on,
        CASE WHEN type = 'person' THEN json_extract(fields, '$.sex') END AS sex,
        CASE WHEN type IN ('household', 'village') THEN json_extract(fields, '$.area_type') END
            AS area_type,
        CASE WHEN type = 'assessment' AND subtype = :form THEN CAST({score} AS REAL) END
            AS score,
        CASE WHEN type = 'case' THEN json_extract(fields, '$.referral_source') END
            AS referral_source,
        CASE WHEN type IN ('case', 'service_provider') THEN json_extract(fields, '$.municipality')
            END AS municipality,
        CASE WHEN type = 'case' THEN json_extract(fields, '$.closure_reason') END
            AS closure_reason,
        CASE WHEN type = 'person' THEN json_extract(fields, '$.target_groups') END
            AS target_groups,
        CASE WHEN type = 'referral' THEN json_extract(fields, '$.prescribed') END AS prescribed,
        CASE WHEN type = 'referral' THEN json_extract(fields, '$.not_possible_reason') END
            AS not_possible_reason,
        CASE WHEN type = 'referral' THEN json_extract(fields, '$.provider_id') END AS provider_id,
        CASE type WHEN 'referral' THEN json_extract(fields, '$.provider_name')
                  WHEN 'service_provider' THEN json_extract(fields, '$.level') END AS provider,
        CASE WHEN type = 'measure' THEN json_extract(fields, '$.report_every_days') END
            AS report_every_days,
        CASE WHEN type = 'measure' THEN json_extract(fields, '$.reports') END AS reports,
        CASE WHEN type = 'plan' THEN json_extract(fields, '$.previous_plan_id') END
            AS previous_plan_id,
        CASE WHEN type = 'plan' THEN json_extract(fields, '$.version') END AS plan_version,
        CASE WHEN type = 'plan' THEN json_extract(fields, '$.reviewed_on') END AS reviewed_on,
        CASE WHEN type = 'plan' THEN json_extract(fields, '$.superseded_on') END
            AS superseded_on,
        CASE WHEN type = 'plan' THEN json_extract(fields, '$.reviews') END AS reviews"""

# Everything, in one sequential pass (the persons: those with a case).
FULL_EXTRACT = """
    WHERE deleted = 0 AND (
        type IN ('case', 'household', 'village', 'plan', 'measure', 'referral', 'visit',
                 'assessment', 'service_provider')
        OR (type = 'person' AND id IN (SELECT person_id FROM records INDEXED BY records_person
                                       WHERE type = 'case')))"""

# What changed, each part through an index: the cases in ``rd_cases`` and what belongs to
# them, the persons in ``rd_persons``, their households, and the villages (few). A ``+``
# before a column keeps SQLite off the indexes on it, which would read every row of a type.
CASE_PARTS = ("plan", "measure", "referral", "visit", "assessment")
PARTIAL_EXTRACT = (
    "WHERE id IN rd_cases AND +type = 'case' AND +deleted = 0",
    *(f"WHERE type = '{t}' AND case_id IN rd_cases AND +deleted = 0" for t in CASE_PARTS),
    "WHERE id IN rd_persons AND +type = 'person' AND +deleted = 0",
    "WHERE id IN rd_households AND +type = 'household' AND +deleted = 0",
    "WHERE type = 'village' AND deleted = 0",
    "WHERE type = 'service_provider' AND deleted = 0",
)


def extract(conn: Connection, settings: ReportSettings, *, full: bool) -> None:
    """Read the records into ``temp.rf_records``: all of them, or those ``rd_*`` name."""
    keys = settings.score_keys or ("score",)
    paths = {f"k{i}": f"$.computed.{key}" for i, key in enumerate(keys)}
    score = "COALESCE(" + ", ".join(f"json_extract(fields, :{k})" for k in paths) + ", NULL)"
    select = "SELECT " + EXTRACT_COLUMNS.replace("{score}", score)
    params = {**paths, "form": settings.satisfaction_form}
    extract_own(conn, full=full)
    if full:
        conn.exec_driver_sql(f"CREATE TEMP TABLE rf_records AS {select} "
                             f"FROM records NOT INDEXED {FULL_EXTRACT}", params)
        return
    conn.exec_driver_sql(f"CREATE TEMP TABLE rf_records AS {select} FROM records WHERE 0",
                         params)
    for where in PARTIAL_EXTRACT:
        used = {k: v for k, v in params.items() if f":{k}" in where or f":{k}" in select}
        conn.exec_driver_sql(f"INSERT INTO rf_records {select} FROM records {where}", used)


# -- the new base rows -----------------------------------------------------------------------------

TYPES = ("assessment", "case", "household", "measure", "person", "plan", "referral", "village",
         "visit", "service_provider")
_IN = {t: f"type = '{t}'" for t in TYPES}


def _of(alias: str, record_type: str) -> str:
    """SQL: the rows of ``alias`` that are of ``record_type``."""
    return f"{alias}.type = '{record_type}'"


# Where the distinct codes of each stored dimension are found: (query, dimension per column).
CODE_SOURCES: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("SELECT DISTINCT admin_unit FROM rf_records WHERE type IN ('case', 'person', 'household', "
     "'visit')", ("unit",)),
    ("SELECT DISTINCT place FROM rt_residence", ("place",)),
    ("SELECT DISTINCT subtype, referral_source, municipality, closure_reason FROM rf_records "
     "WHERE " + _IN["case"], ("case_type", "source", "municipality", "closure_reason")),
    ("SELECT DISTINCT sex FROM rt_residence", ("sex",)),
    ("SELECT DISTINCT area_type FROM rf_records WHERE " + _IN["household"] + " OR " + _IN["village"],
     ("area",)),
    ("SELECT DISTINCT target_group FROM rt_groups", ("target_group",)),
    ("SELECT DISTINCT subtype FROM rf_records WHERE " + _IN["plan"], ("plan_type",)),
    ("SELECT DISTINCT subtype, status, not_possible_reason FROM rf_records WHERE " + _IN["referral"],
     ("service", "referral_status", "not_possible_reason")),
    ("SELECT DISTINCT parent FROM rf_service_category", ("category",)),
    ("SELECT DISTINCT subtype FROM rf_records WHERE " + _IN["visit"], ("protocol",)),
    ("SELECT DISTINCT subtype FROM rf_records WHERE " + _IN["measure"], ("measure_type",)),
    ("SELECT DISTINCT COALESCE(admin_unit, '') || ' / ' || village FROM rf_records WHERE "
     + _IN["case"], ("place",)),
    ("SELECT DISTINCT subtype FROM rf_records WHERE " + _IN["assessment"], ("form",)),
    ("SELECT DISTINCT provider, provider_level FROM rt_referral_providers",
     ("provider", "provider_level")),
    *OWN_CODE_SOURCES,
)
LOOKUP_ABOVE = 24  # dimensions with more codes are looked up in a table, not a CASE


def _quote(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


_VILLAGE_AREA = """(SELECT v.area_type FROM rt_villages v WHERE v.title = {village}
                    AND ({unit} IS NULL OR v.admin_unit = {unit}) LIMIT 1)"""

PREPARE = (
    "CREATE INDEX temp.rf_records_person ON rf_records (id) WHERE type = 'person'",
    "CREATE INDEX temp.rf_records_household ON rf_records (id) WHERE type = 'household'",
    "CREATE TEMP TABLE rt_villages AS SELECT title, admin_unit, area_type FROM rf_records WHERE "
    + _IN["village"],
    "CREATE INDEX temp.rt_villages_title ON rt_villages (title)",
    "CREATE INDEX temp.rf_records_case ON rf_records (id) WHERE type = 'case'",
    "CREATE TEMP TABLE rt_providers AS SELECT id, title AS name, provider AS level, municipality "
    "FROM rf_records WHERE " + _IN["service_provider"],
    "CREATE UNIQUE INDEX temp.rt_providers_id ON rt_providers (id)",
    f"""CREATE TEMP TABLE rt_referral_providers AS
        SELECT r.rowid AS n, COALESCE(pr.name, r.provider) AS provider, pr.level AS provider_level,
            CASE WHEN pr.municipality IS NOT NULL AND c.municipality IS NOT NULL
                     THEN CASE WHEN pr.municipality = c.municipality THEN 1 ELSE 2 END
                 WHEN pr.level IN ('regional', 'national') THEN 2 END AS provider_place
        FROM rf_records r
        LEFT JOIN rt_providers pr ON pr.id = r.provider_id
        LEFT JOIN rf_records c ON c.type = 'case' AND c.id = r.case_id
        WHERE {_of('r', 'referral')}""",
    "CREATE UNIQUE INDEX temp.rt_referral_providers_n ON rt_referral_providers (n)",
    f"""CREATE TEMP TABLE rt_residence AS
        SELECT p.id, p.sex AS sex, p.main_date AS birth, p.target_groups AS target_groups,
            COALESCE(p.admin_unit, h.admin_unit) AS unit,
            CASE WHEN COALESCE(p.village, h.village) IS NULL THEN NULL
                 ELSE COALESCE(p.admin_unit, h.admin_unit, '') || ' / '
                      || COALESCE(p.village, h.village) END AS place,
            COALESCE(h.area_type, {_VILLAGE_AREA.format(village="COALESCE(p.village, h.village)",
                                                unit="COALESCE(p.admin_unit, h.admin_unit)")})
                AS area
        FROM rf_records p
        LEFT JOIN rf_records h ON h.type = 'household' AND h.id = p.household_id
        WHERE {_of('p', 'person')}""",
    """CREATE TEMP TABLE rt_groups AS
        SELECT DISTINCT r.rowid AS person_n, COALESCE(m.parent, g.value) AS target_group
        FROM rt_residence r,
             json_each(CASE WHEN json_valid(r.target_groups) THEN r.target_groups
                            ELSE '[]' END) AS g
        LEFT JOIN rf_group_parent m ON m.code = g.value""",
)


def _new_rows(codes: Codes) -> tuple[str, ...]:
    """The statements that build the new base rows (``rn_*``), with the codes written in.

    Persons are numbered here by their place in ``rt_residence``; the rows carry the person's
    id, and the refresh numbers them as the vault's ``rb_persons`` does.
    """
    coded = codes.sql
    case_area = ("COALESCE(h.area_type, " + _VILLAGE_AREA.format(village="c.village",
                                                          unit="c.admin_unit") + ")")
    return (
        f"""CREATE TEMP TABLE rn_persons AS
            SELECT rowid AS n, id, {coded('sex', 'sex')} AS sex, {day('birth')} AS birth,
                {coded('unit', 'unit')} AS unit, {coded('place', 'place')} AS place,
                {coded('area', 'area')} AS area
            FROM rt_residence""",
        "CREATE UNIQUE INDEX temp.rn_persons_id ON rn_persons (id)",
        f"""CREATE TEMP TABLE rn_person_groups AS
            SELECT p.id AS person_id,
                {coded('target_group', 'g.target_group')} AS target_group
            FROM rt_groups g JOIN rn_persons p ON p.n = g.person_n
            UNION ALL
            SELECT id, 0 FROM rn_persons
            WHERE n NOT IN (SELECT person_n FROM rt_groups)""",
        f"""CREATE TEMP TABLE rn_cases AS
            SELECT c.id AS case_id, c.person_id, {day('c.main_date')} AS opened,
                {day('c.ended_on')} AS ended, c.status = 'transferred' AS transferred,
                {coded('case_type', 'c.subtype')} AS case_type,
                {coded('source', 'c.referral_source')} AS source, {coded('unit', 'c.admin_unit')} AS unit,
                COALESCE(NULLIF({coded('area', case_area)}, 0), p.area, 0) AS area,
                COALESCE(p.sex, 0) AS sex, p.birth,
                {coded('municipality', 'c.municipality')} AS municipality,
                {coded('closure_reason', 'c.closure_reason')} AS closure_reason,
                CASE WHEN c.village IS NULL THEN COALESCE(p.place, 0) ELSE
                    {coded('place', "COALESCE(c.admin_unit, '') || ' / ' || c.village")} END
                    AS place
            FROM rf_records c
            LEFT JOIN rn_persons p ON p.id = c.person_id
            LEFT JOIN rf_records h ON h.type = 'household' AND h.id = c.household_id
            WHERE {_of('c', 'case')}""",
        "CREATE UNIQUE INDEX temp.rn_cases_id ON rn_cases (case_id)",
        f"""CREATE TEMP TABLE rn_plans AS
            SELECT pl.case_id, c.unit, {coded('plan_type', 'pl.subtype')} AS plan_type,
                CASE WHEN COALESCE(pl.plan_version, 1) > 1 OR pl.previous_plan_id IS NOT NULL THEN 2 ELSE 1 END
                    AS origin,
                {day('pl.main_date')} AS created
            FROM rf_records pl JOIN rn_cases c ON c.case_id = pl.case_id
            WHERE {_of('pl', 'plan')} AND COALESCE(pl.status, '') != 'draft'""",
        f"""CREATE TEMP TABLE rn_reviews AS
            SELECT pl.case_id, c.unit, {coded('plan_type', 'pl.subtype')} AS plan_type,
                {day('pl.due')} AS due, {day(_REVIEW_DONE)} AS done
            FROM rf_records pl
            JOIN rn_cases c ON c.case_id = pl.case_id
            LEFT JOIN rf_review_days rd ON rd.code = pl.subtype
            LEFT JOIN (SELECT previous_plan_id AS prev, min(main_date) AS first_on FROM rf_records
                       WHERE {_IN['plan']} AND previous_plan_id IS NOT NULL GROUP BY 1) AS nx
                ON nx.prev = pl.id
            WHERE {_of('pl', 'plan')} AND COALESCE(pl.status, '') != 'draft'
            UNION ALL
            SELECT pl.case_id, c.unit, {coded('plan_type', 'pl.subtype')},
                {day(_PAST_DUE)}, {day(_PAST_DONE)}
            FROM rf_records pl
            JOIN rn_cases c ON c.case_id = pl.case_id
            LEFT JOIN rf_review_days rd ON rd.code = pl.subtype,
            json_each(CASE WHEN json_type(pl.reviews) = 'array' THEN pl.reviews ELSE '[]' END) AS j
            WHERE {_of('pl', 'plan')} AND COALESCE(pl.status, '') != 'draft'""",
        f"""CREATE TEMP TABLE rn_referrals AS
            SELECT r.case_id, c.unit, {coded('service', 'r.subtype')} AS service,
                {coded('category', 'm.parent')} AS category,
                {coded('referral_status', 'r.status')} AS referral_status,
                CASE WHEN r.prescribed THEN 2 ELSE 1 END AS prescribed,
                CASE r.status WHEN 'delivered' THEN 1 WHEN 'refused' THEN 3
                              WHEN 'not_possible' THEN 4 ELSE 2 END AS delivery,
                {coded('not_possible_reason', 'r.not_possible_reason')} AS not_possible_reason,
                {day('r.main_date')} AS sent,
                {coded('provider', 'rp.provider')} AS provider,
                {coded('provider_level', 'rp.provider_level')} AS provider_level,
                COALESCE(rp.provider_place, 0) AS provider_place
            FROM rf_records r
            JOIN rn_cases c ON c.case_id = r.case_id
            JOIN rt_referral_providers rp ON rp.n = r.rowid
            LEFT JOIN rf_service_category m ON m.code = r.subtype
            WHERE {_of('r', 'referral')}""",
        f"""CREATE TEMP TABLE rn_visits AS
            SELECT v.case_id,
                CASE WHEN v.admin_unit IS NULL THEN c.unit
                     ELSE {coded('unit', 'v.admin_unit')} END AS unit,
                {coded('protocol', 'v.subtype')} AS protocol, {day('v.main_date')} AS day
            FROM rf_records v JOIN rn_cases c ON c.case_id = v.case_id
            WHERE {_of('v', 'visit')}""",
        f"""CREATE TEMP TABLE rn_measures AS
            SELECT m.case_id, c.unit, {coded('measure_type', 'm.subtype')} AS measure_type,
                {day('m.main_date')} AS issued, {day('m.ended_on')} AS ended,
                CASE m.status WHEN 'ended' THEN 2 WHEN 'revoked' THEN 3 ELSE 1 END AS state
            FROM rf_records m JOIN rn_cases c ON c.case_id = m.case_id
            WHERE {_of('m', 'measure')}""",
        f"""CREATE TEMP TABLE rn_satisfaction AS
            SELECT s.case_id, c.unit, {day('s.main_date')} AS day, s.score AS value,
                CASE WHEN s.score IS NULL THEN 0
                     ELSE CAST(min(max(round(s.score), :low), :high) AS INTEGER) - :low + 1
                END AS score
            FROM rf_records s JOIN rn_cases c ON c.case_id = s.case_id
            WHERE {_of('s', 'assessment')} AND s.subtype = :form""",
        f"""CREATE TEMP TABLE rn_assessments AS
            SELECT a.case_id, c.unit, {coded('form', 'a.subtype')} AS form,
                {day('a.main_date')} AS day
            FROM rf_records a JOIN rn_cases c ON c.case_id = a.case_id
            WHERE {_of('a', 'assessment')} AND a.subtype IS NOT :form""",
        *own_rows(codes),
    )


# The first review of a plan inside its review window: reviewed, superseded, a new version,
# or a review in its list, on or after it was made and after the window opened.
_REVIEW_DONE = """(SELECT min(x) FROM (
        SELECT date(pl.reviewed_on) AS x UNION ALL SELECT date(pl.superseded_on) UNION ALL SELECT nx.first_on
        UNION ALL SELECT date(substr(COALESCE(
            json_extract(j.value, '$.date'), json_extract(j.value, '$.reviewed_on'),
            json_extract(j.value, '$.submitted_on'), json_extract(j.value, '$.on'),
            CASE WHEN j.type = 'text' THEN j.value END), 1, 10))
        FROM json_each(CASE WHEN json_valid(pl.reviews) THEN pl.reviews ELSE '[]' END) AS j)
    WHERE x IS NOT NULL AND x >= pl.main_date
      AND x > date(pl.due, '-' || COALESCE(rd.days, 180) || ' days'))"""


# A plan's list of reviews keeps the history its review date no longer shows: each review
# answered the review date set by the one before (the first, the date set when the plan was
# made: made on plus the plan type's review days).
_PAST_DUE = """CASE WHEN j.key = 0
        THEN date(pl.main_date, '+' || COALESCE(rd.days, 180) || ' days')
        ELSE date(json_extract(pl.reviews, '$[' || (j.key - 1) || '].next_review')) END"""
_PAST_DONE = """date(substr(COALESCE(json_extract(j.value, '$.on'), json_extract(j.value, '$.date'),
                                json_extract(j.value, '$.reviewed_on'),
                                CASE WHEN j.type = 'text' THEN j.value END), 1, 10))"""


def _measure_rows(codes: Codes) -> str:
    return f"""
        SELECT m.case_id, c.unit, {codes.sql('measure_type', 'm.subtype')}, m.subtype, m.main_date,
            m.ended_on, m.report_every_days, m.reports
        FROM rf_records m JOIN rn_cases c ON c.case_id = m.case_id
        WHERE {_of('m', 'measure')}"""


CASE_TABLES = ("plans", "reviews", "referrals", "visits", "measures", "dues", "satisfaction",
               "assessments")
NEW_TABLES = tuple(f"rn_{t}" for t in ("persons", "person_groups", "cases", *CASE_TABLES,
                                        *OWN_TABLES))
WORK_TABLES = ("rf_records", "rt_residence", "rt_groups", "rt_villages", "rc_codes",
               "rf_group_parent", "rf_service_category", "rf_review_days", "rt_providers",
               "rt_referral_providers", *OWN_WORK_TABLES)


def build_new_rows(conn: Connection, profile: Profile, settings: ReportSettings,
                   codes: Codes) -> None:
    """From ``temp.rf_records``: the new base rows in ``temp.rn_*``; new codes in ``codes``."""
    _mappings(conn, profile)
    for statement in PREPARE:
        conn.exec_driver_sql(statement)
    _add_codes(conn, codes)
    low, high = settings.scale
    for statement in _new_rows(codes):
        conn.exec_driver_sql(statement, {"low": low, "high": high,
                                         "form": settings.satisfaction_form})
    _dues(conn, profile, codes)


def drop_work_tables(conn: Connection) -> None:
    for table in (*NEW_TABLES, *WORK_TABLES):
        conn.exec_driver_sql(f"DROP TABLE IF EXISTS temp.{table}")


def _mappings(conn: Connection, profile: Profile) -> None:
    tables = {
        "rf_group_parent": [(s["code"], g["code"]) for g in profile.items("target_groups")
                            for s in g.get("subgroups", [])],
        "rf_service_category": [(s["code"], c["code"])
                                for c in profile.items("service_taxonomy")
                                for s in c.get("services", [])],
        "rf_review_days": [(p["code"], int(p.get("review_days") or DEFAULT_REVIEW_DAYS))
                           for p in profile.items("plan_types")],
    }
    for name, rows in tables.items():
        conn.exec_driver_sql(f"CREATE TEMP TABLE {name} (code TEXT PRIMARY KEY, parent)")
        if rows:
            conn.exec_driver_sql(f"INSERT INTO {name} VALUES (?, ?)", rows)
    conn.exec_driver_sql("ALTER TABLE rf_review_days RENAME COLUMN parent TO days")


def profile_parts(profile: Profile) -> dict[str, Any]:
    """What of the profile the bases depend on (a change means building them again)."""
    return {
        "target_groups": [(s["code"], g["code"]) for g in profile.items("target_groups")
                          for s in g.get("subgroups", [])],
        "services": [(s["code"], c["code"]) for c in profile.items("service_taxonomy")
                     for s in c.get("services", [])],
        "review_days": [(p["code"], p.get("review_days")) for p in profile.items("plan_types")],
        "report_every": [(m["code"], m.get("report_every_days"))
                         for m in profile.items("measure_types")],
    }


def _add_codes(conn: Connection, codes: Codes) -> None:
    for sql, dims in CODE_SOURCES:
        rows = conn.exec_driver_sql(sql).fetchall()
        for i, dim in enumerate(dims):
            codes.add(dim, {str(r[i]) for r in rows if r[i] is not None})
    rows = [(dim, code, n) for dim, found in codes.values.items()
            for n, code in enumerate(found, start=1) if len(found) > LOOKUP_ABOVE]
    conn.exec_driver_sql("CREATE TEMP TABLE rc_codes (dim TEXT, code TEXT, n INTEGER, "
                         "PRIMARY KEY (dim, code)) WITHOUT ROWID")
    if rows:
        conn.exec_driver_sql("INSERT INTO rc_codes VALUES (?, ?, ?)", rows)


def the_municipality(conn: Connection, codes: Codes) -> str | None:
    """The municipality of the cases in the bases, if they are all of one."""
    found = conn.exec_driver_sql("SELECT DISTINCT municipality FROM rb_cases "
                                 "WHERE municipality > 0 LIMIT 2").fetchall()
    return codes.code("municipality", found[0][0]) if len(found) == 1 else None


# -- monitoring reports due, computed in Python ---------------------------------------------------

def dues_horizon(today: dt.date | None = None) -> str:
    """The last day monitoring reports are counted up to when the bases are built today."""
    return ((today or dt.date.today()) + dt.timedelta(days=DUES_AHEAD_DAYS)).isoformat()


def _dues(conn: Connection, profile: Profile, codes: Codes) -> None:
    every_by_type = {m["code"]: m.get("report_every_days") for m in profile.items("measure_types")}
    horizon = dues_horizon()
    rows = []
    for case_id, unit, kind_n, kind, issued, ended, every, reports in conn.exec_driver_sql(
            _measure_rows(codes)).fetchall():
        days = every or every_by_type.get(kind)
        if not days or not issued:
            continue
        done = sorted(_dates(reports))
        last = min(d for d in (ended, horizon) if d)
        for number, due in enumerate(_due_dates(issued, int(days), last), start=1):
            report = done[number - 1] if len(done) >= number else None
            rows.append((case_id, unit, kind_n, _int_day(due), _int_day(report)))
    conn.exec_driver_sql("CREATE TEMP TABLE rn_dues (case_id, unit, reported_measure, due, "
                         "report)")
    if rows:
        conn.exec_driver_sql("INSERT INTO rn_dues VALUES (?, ?, ?, ?, ?)", rows)


def _due_dates(issued: str, every: int, last: str) -> list[str]:
    start = dt.date.fromisoformat(issued[:10])
    out, number = [], 1
    while (due := (start + dt.timedelta(days=every * number)).isoformat()) <= last:
        out.append(due)
        number += 1
    return out


def _int_day(value: str | None) -> int | None:
    return int(value.replace("-", "")) if value else None


def _dates(raw: Any) -> list[str]:
    """Dates of a JSON list of reports (each a date or an object with one)."""
    if isinstance(raw, str):
        try:
            raw = json.loads(raw)
        except ValueError:
            return []
    out = []
    for item in raw if isinstance(raw, list) else []:
        value = item
        if isinstance(item, dict):
            value = next((item[k] for k in ("date", "submitted_on", "reported_on", "on")
                          if item.get(k)), None)
        if isinstance(value, str) and _is_date(value[:10]):
            out.append(value[:10])
    return out


def _is_date(text: str) -> bool:
    try:
        dt.date.fromisoformat(text)
    except ValueError:
        return False
    return True
