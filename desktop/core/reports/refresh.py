"""Bringing the report bases in the vault up to date with the records.

Every change to the records leaves a mark in ``report_dirty`` (triggers of migration steps 4
and 7): the case, person, household, meeting or act it touches, or "all" for a village or a
service provider. A refresh reads, in one snapshot, the marks and what they reach (a person's
cases, a household's persons and cases, a case's plans, referrals, visits, measures and
assessments), builds their new base rows in memory
(:mod:`.bases`), then replaces their old rows in one short write transaction and clears the
marks it read. Marks made meanwhile stay for the next refresh.

Everything is read again (a full build) the first time, when the profile or report settings
the bases depend on change, when a village or provider changes, and when so much changed that
one pass over the table is quicker than looking each change up.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import hashlib
import json
from dataclasses import dataclass

from sqlalchemy import Connection

from desktop.core.errors import KujdesError
from desktop.core.reports.bases import (
    CASE_TABLES,
    SETTINGS_DIMS,
    Codes,
    build_new_rows,
    drop_work_tables,
    dues_horizon,
    extract,
    profile_parts,
    the_municipality,
)
from desktop.core.reports.bases_own import MARK_STATEMENTS, OWN_KINDS, replace_own
from desktop.core.reports.settings import ReportSettings
from sync.profile import Profile

BASES_FORMAT = 3  # raise when the base rows change meaning: every vault builds them again
FULL_SHARE = 0.2  # more marks than this share of the cases: read the whole table
FULL_AT_LEAST = 2000
DUES_MARGIN_DAYS = 31  # monitoring reports due are counted a year ahead; renewed monthly
ATTEMPTS = 3

_PERSON_COLUMNS = "sex, birth, unit, place, area"
_CASE_COLUMNS = ("opened, ended, transferred, case_type, source, unit, area, sex, birth, "
                 "municipality, closure_reason, place")

CLOSURE = (
    "CREATE TEMP TABLE rd_marks AS SELECT kind, id FROM report_dirty WHERE seq <= :seq",
    "CREATE TEMP TABLE rd_households (id TEXT PRIMARY KEY)",
    "CREATE TEMP TABLE rd_persons (id TEXT PRIMARY KEY)",
    "CREATE TEMP TABLE rd_cases (id TEXT PRIMARY KEY)",
    "INSERT OR IGNORE INTO rd_households SELECT id FROM rd_marks WHERE kind = 'household'",
    "INSERT OR IGNORE INTO rd_persons SELECT id FROM rd_marks WHERE kind = 'person'",
    "INSERT OR IGNORE INTO rd_persons SELECT id FROM records "
    "WHERE type = 'person' AND household_id IN rd_households",
    "INSERT OR IGNORE INTO rd_cases SELECT id FROM rd_marks WHERE kind = 'case'",
    "INSERT OR IGNORE INTO rd_cases SELECT id FROM records "
    "WHERE type = 'case' AND person_id IN rd_persons",
    "INSERT OR IGNORE INTO rd_cases SELECT id FROM records "
    "WHERE type = 'case' AND household_id IN rd_households",
    *MARK_STATEMENTS,
)
# Read with the cases (their rows are rebuilt as they are; their other cases need not be).
# ``+type`` keeps SQLite on the index of ids: an index on type would read every case.
ALONG = (
    "INSERT OR IGNORE INTO rd_persons SELECT person_id FROM records "
    "WHERE id IN rd_cases AND +type = 'case' AND person_id IS NOT NULL",
    "INSERT OR IGNORE INTO rd_households SELECT household_id FROM records "
    "WHERE id IN rd_cases AND +type = 'case' AND household_id IS NOT NULL",
    "INSERT OR IGNORE INTO rd_households SELECT household_id FROM records "
    "WHERE id IN rd_persons AND +type = 'person' AND household_id IS NOT NULL",
)
RENEW_DUES = "INSERT OR IGNORE INTO rd_cases SELECT case_id FROM rb_measures"
MARK_TABLES = ("rd_marks", "rd_households", "rd_persons", "rd_cases", *OWN_KINDS.values())


class BasesBusy(KujdesError):
    """Another program kept changing the bases while this one tried to bring them up to date."""

    message = "The report figures are being updated by another program. Try again in a moment."


@dataclass(frozen=True)
class Refreshed:
    codes: Codes
    done: str  # "none", "update" or "full"


def bases_key(profile: Profile, settings: ReportSettings) -> str:
    """What the bases were built for: a change in any part means building them again."""
    parts = {"format": BASES_FORMAT, "profile": profile_parts(profile),
             "form": settings.satisfaction_form, "scores": list(settings.score_keys),
             "scale": list(settings.scale)}
    return hashlib.sha256(json.dumps(parts, sort_keys=True).encode()).hexdigest()


def refresh(conn: Connection, profile: Profile, settings: ReportSettings) -> Refreshed:
    """Bring the bases on ``conn``'s vault up to date; the codes to read them with."""
    key = bases_key(profile, settings)
    for _ in range(ATTEMPTS):
        try:
            plan = _read(conn, profile, settings, key)
            if plan is None:
                return _current(conn, settings)
            if _write(conn, plan, key):
                plan.codes.municipality = the_municipality(conn, plan.codes)
                return Refreshed(plan.codes, "full" if plan.full else "update")
        finally:
            _clean_up(conn)
    raise BasesBusy()


def _clean_up(conn: Connection) -> None:
    """End the transaction and drop the work tables (an error here must not hide the one
    that brought us here; a closed connection has nothing left to clean)."""
    with contextlib.suppress(Exception):
        if conn.connection.dbapi_connection.in_transaction:
            conn.rollback()
        drop_work_tables(conn)
        for table in MARK_TABLES:
            conn.exec_driver_sql(f"DROP TABLE IF EXISTS temp.{table}")


@dataclass
class _Plan:
    codes: Codes
    full: bool
    seq: int | None
    generation: str | None
    dues_renewed: bool


def _current(conn: Connection, settings: ReportSettings) -> Refreshed:
    codes = Codes.load(conn, settings)
    codes.municipality = the_municipality(conn, codes)
    return Refreshed(codes, "none")


def _read(conn: Connection, profile: Profile, settings: ReportSettings, key: str
          ) -> _Plan | None:
    """In one snapshot: what changed, and its new base rows in ``temp.rn_*`` (None: nothing)."""
    _clean_up(conn)  # what a refresh stopped half-way may have left
    conn.exec_driver_sql("BEGIN")
    state = dict(conn.exec_driver_sql("SELECT key, value FROM report_state").fetchall())
    seq = conn.exec_driver_sql("SELECT max(seq) FROM report_dirty").scalar()
    renew_dues = state.get("dues_horizon", "") < dues_horizon(
        dt.date.today() - dt.timedelta(days=DUES_MARGIN_DAYS))
    full = state.get("key") != key or _too_much(conn, seq)
    if not full and seq is None and not renew_dues:
        conn.commit()
        return None
    codes = Codes.fresh(settings) if full else Codes.load(conn, settings)
    if not full:
        for statement in (*CLOSURE, *((RENEW_DUES,) if renew_dues else ()), *ALONG):
            conn.exec_driver_sql(statement, {"seq": seq if seq is not None else 0})
    extract(conn, settings, full=full)
    build_new_rows(conn, profile, settings, codes)
    conn.commit()
    return _Plan(codes, full, seq, state.get("generation"), full or renew_dues)


def _too_much(conn: Connection, seq: int | None) -> bool:
    if seq is None:
        return False
    everything = conn.exec_driver_sql("SELECT count(*) FROM report_dirty WHERE kind = 'all' "
                                      "AND seq <= ?", (seq,)).scalar()
    if everything:
        return True
    marks = conn.exec_driver_sql("SELECT count(*) FROM report_dirty WHERE seq <= ?",
                                 (seq,)).scalar()
    cases = conn.exec_driver_sql("SELECT count(*) FROM rb_cases").scalar()
    return marks > max(FULL_AT_LEAST, FULL_SHARE * cases)


def _write(conn: Connection, plan: _Plan, key: str) -> bool:
    """Replace the old rows by the new ones; False if someone else refreshed meanwhile."""
    conn.exec_driver_sql("BEGIN IMMEDIATE")
    generation = conn.exec_driver_sql(
        "SELECT value FROM report_state WHERE key = 'generation'").scalar()
    if generation != plan.generation:
        conn.rollback()
        return False
    if plan.full:
        _replace_all(conn, plan.codes)
    else:
        _replace_changed(conn, plan.codes)
    for table in CASE_TABLES:
        conn.exec_driver_sql(f"INSERT INTO rb_{table} SELECT * FROM temp.rn_{table}")
    replace_own(conn, full=plan.full)
    if plan.seq is not None:
        conn.exec_driver_sql("DELETE FROM report_dirty WHERE seq <= ?", (plan.seq,))
    state = {"key": key, "generation": str(int(generation or 0) + 1)}
    if plan.dues_renewed:
        state["dues_horizon"] = dues_horizon()
    conn.exec_driver_sql("INSERT OR REPLACE INTO report_state VALUES (?, ?)",
                         list(state.items()))
    conn.commit()
    return True


def _replace_all(conn: Connection, codes: Codes) -> None:
    for table in ("report_codes", "rb_persons", "rb_person_groups", "rb_cases",
                  *(f"rb_{t}" for t in CASE_TABLES)):
        conn.exec_driver_sql(f"DELETE FROM {table}")
    rows = [(dim, code, n) for dim, found in codes.values.items() if dim not in SETTINGS_DIMS
            for n, code in enumerate(found, start=1)]
    if rows:
        conn.exec_driver_sql("INSERT INTO report_codes VALUES (?, ?, ?)", rows)
    conn.exec_driver_sql(f"INSERT INTO rb_persons (n, id, {_PERSON_COLUMNS}) "
                         f"SELECT n, id, {_PERSON_COLUMNS} FROM temp.rn_persons")
    _insert_groups_and_cases(conn)


def _replace_changed(conn: Connection, codes: Codes) -> None:
    added = [row for row in codes.added if row[0] not in SETTINGS_DIMS]
    if added:
        conn.exec_driver_sql("INSERT INTO report_codes VALUES (?, ?, ?)", added)
    conn.exec_driver_sql("DELETE FROM rb_person_groups WHERE person_n IN "
                         "(SELECT n FROM rb_persons WHERE id IN temp.rd_persons)")
    conn.exec_driver_sql("DELETE FROM rb_persons WHERE id IN temp.rd_persons "
                         "AND id NOT IN (SELECT id FROM temp.rn_persons)")
    updates = ", ".join(f"{c} = excluded.{c}" for c in _PERSON_COLUMNS.split(", "))
    conn.exec_driver_sql(f"INSERT INTO rb_persons (id, {_PERSON_COLUMNS}) "
                         f"SELECT id, {_PERSON_COLUMNS} FROM temp.rn_persons WHERE true "
                         f"ON CONFLICT (id) DO UPDATE SET {updates}")
    for table in ("rb_cases", *(f"rb_{t}" for t in CASE_TABLES)):
        conn.exec_driver_sql(f"DELETE FROM {table} WHERE case_id IN temp.rd_cases")
    _insert_groups_and_cases(conn)


def _insert_groups_and_cases(conn: Connection) -> None:
    """Person groups and cases, numbered by the vault's persons."""
    conn.exec_driver_sql("INSERT INTO rb_person_groups SELECT p.n, g.target_group "
                         "FROM temp.rn_person_groups g "
                         "JOIN main.rb_persons p ON p.id = g.person_id")
    columns = ", ".join(f"c.{column}" for column in _CASE_COLUMNS.split(", "))
    conn.exec_driver_sql(f"INSERT INTO rb_cases (case_id, person_n, {_CASE_COLUMNS}) "
                         f"SELECT c.case_id, p.n, {columns} FROM temp.rn_cases c "
                         "LEFT JOIN main.rb_persons p ON p.id = c.person_id")
