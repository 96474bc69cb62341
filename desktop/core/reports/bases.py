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

Meetings and administrative acts are not parts of one case: see :mod:`.bases_own`. The codes
are in :mod:`.codes`, the extract of the records in :mod:`.extract`, the monitoring reports
due in :mod:`.dues`.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import Connection

from desktop.core.reports.bases_own import (
    OWN_CODE_SOURCES,
    OWN_TABLES,
    OWN_WORK_TABLES,
    own_rows,
)
from desktop.core.reports.codes import (
    AGE_BANDS,
    ALIASES,
    FIXED,
    LOOKUP_ABOVE,
    SETTINGS_DIMS,
    Codes,
    day,
)
from desktop.core.reports.dues import build_dues, dues_horizon
from desktop.core.reports.extract import extract
from desktop.core.reports.settings import ReportSettings
from sync.profile import Profile

__all__ = ["AGE_BANDS", "ALIASES", "FIXED", "SETTINGS_DIMS", "Codes", "build_new_rows",
           "drop_work_tables", "dues_horizon", "extract", "profile_parts", "the_municipality"]
DEFAULT_REVIEW_DAYS = 180

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
    build_dues(conn, profile, codes)


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
