"""Numbered, transactional migrations of the vault schema.

``PRAGMA user_version`` holds the vault's format. Before migrating an existing vault, its file
is copied beside it (still encrypted), so a failed upgrade can be rolled back by hand. A vault
whose version is newer than :data:`SCHEMA_VERSION` is refused by the vault layer, untouched.
"""

from __future__ import annotations

import shutil
from pathlib import Path

from sqlalchemy import Engine

from desktop.core.migrations_due import V10 as _V10

_V1 = [
    """CREATE TABLE records (
        id TEXT NOT NULL UNIQUE,
        type TEXT NOT NULL,
        rev INTEGER NOT NULL DEFAULT 0,
        deleted INTEGER NOT NULL DEFAULT 0,
        fields TEXT NOT NULL,
        hlc TEXT,
        sync_state TEXT NOT NULL DEFAULT 'pending',
        sensitive INTEGER NOT NULL DEFAULT 0,
        case_id TEXT, person_id TEXT, household_id TEXT, admin_unit TEXT, village TEXT,
        worker TEXT, status TEXT, kind TEXT, risk TEXT, date1 TEXT, due TEXT, label TEXT
    )""",
    "CREATE INDEX records_case ON records(type, case_id)",
    "CREATE INDEX records_person ON records(type, person_id)",
    "CREATE INDEX records_household ON records(type, household_id)",
    "CREATE INDEX records_place ON records(type, admin_unit, village)",
    "CREATE INDEX records_status ON records(type, status, due)",
    "CREATE INDEX records_worker ON records(type, worker)",
    "CREATE INDEX records_label ON records(type, label)",
    "CREATE INDEX records_date ON records(type, date1)",
    "CREATE INDEX records_unsynced ON records(sync_state) WHERE sync_state != 'synced'",
    """CREATE TABLE outbox (
        seq INTEGER PRIMARY KEY AUTOINCREMENT,
        change_id TEXT NOT NULL UNIQUE,
        record_id TEXT NOT NULL,
        record_type TEXT NOT NULL,
        base_rev INTEGER NOT NULL,
        fields TEXT NOT NULL,
        deleted INTEGER NOT NULL DEFAULT 0,
        created INTEGER NOT NULL DEFAULT 0,
        hlc TEXT NOT NULL,
        user TEXT NOT NULL,
        device TEXT NOT NULL,
        at TEXT NOT NULL,
        acked INTEGER NOT NULL DEFAULT 0,
        result TEXT
    )""",
    "CREATE INDEX outbox_pending ON outbox(acked, seq)",
    "CREATE INDEX outbox_record ON outbox(record_id)",
    """CREATE TABLE audit (
        seq INTEGER PRIMARY KEY,
        at TEXT NOT NULL,
        user TEXT NOT NULL,
        device TEXT NOT NULL,
        action TEXT NOT NULL,
        record_type TEXT,
        record_id TEXT,
        detail TEXT NOT NULL,
        prev_hash TEXT NOT NULL,
        hash TEXT NOT NULL,
        synced INTEGER NOT NULL DEFAULT 0
    )""",
    "CREATE INDEX audit_record ON audit(record_id)",
    "CREATE TABLE sync_meta (key TEXT PRIMARY KEY, value TEXT)",
    "CREATE TABLE counters (name TEXT PRIMARY KEY, value INTEGER NOT NULL)",
    """CREATE TABLE blobs (
        sha256 TEXT PRIMARY KEY, mime TEXT NOT NULL, size INTEGER NOT NULL,
        data BLOB NOT NULL, complete INTEGER NOT NULL DEFAULT 1
    )""",
    """CREATE TABLE drafts (
        key TEXT PRIMARY KEY, kind TEXT NOT NULL, record_id TEXT,
        data TEXT NOT NULL, updated_at TEXT NOT NULL
    )""",
    """CREATE TABLE search_rows (
        rowid INTEGER PRIMARY KEY,
        person_id TEXT NOT NULL, case_id TEXT,
        name TEXT, father_name TEXT, personal_id TEXT, case_number TEXT, village TEXT, unit TEXT
    )""",
    "CREATE INDEX search_rows_person ON search_rows(person_id)",
    """CREATE VIRTUAL TABLE search_fts USING fts5(
        name, father_name, personal_id, case_number, village, unit,
        content='search_rows', content_rowid='rowid',
        tokenize="unicode61 remove_diacritics 2", prefix='1 2 3'
    )""",
    """CREATE TRIGGER search_rows_ai AFTER INSERT ON search_rows BEGIN
        INSERT INTO search_fts(rowid, name, father_name, personal_id, case_number, village, unit)
        VALUES (new.rowid, new.name, new.father_name, new.personal_id, new.case_number,
                new.village, new.unit);
    END""",
    """CREATE TRIGGER search_rows_ad AFTER DELETE ON search_rows BEGIN
        INSERT INTO search_fts(search_fts, rowid, name, father_name, personal_id, case_number,
                               village, unit)
        VALUES ('delete', old.rowid, old.name, old.father_name, old.personal_id,
                old.case_number, old.village, old.unit);
    END""",
]

# Case numbers and personal ID numbers are looked up by prefix through a B-tree, not FTS.
_V2 = [
    "CREATE INDEX search_rows_case_number ON search_rows(case_number)",
    "CREATE INDEX search_rows_personal_id ON search_rows(personal_id)",
]

# Lists, counts and filters read live records only: partial indexes on ``deleted = 0`` let
# SQLite count and page a 100,000-case list without reading every row.
_V3 = [
    "CREATE INDEX IF NOT EXISTS records_live_cases ON records(kind, status, risk, admin_unit, "
    "village, worker, date1, due, label) WHERE type = 'case' AND deleted = 0",
    "CREATE INDEX IF NOT EXISTS records_live_date ON records(type, date1) WHERE deleted = 0",
    "CREATE INDEX IF NOT EXISTS records_live_due ON records(type, due) WHERE deleted = 0",
    "CREATE INDEX IF NOT EXISTS records_live_label ON records(type, label) WHERE deleted = 0",
]

# Report bases kept in the vault (see desktop/core/reports/bases.py): one coded row per thing a
# report counts, brought up to date from ``report_dirty``, which the triggers below fill with
# what each change to the records touches (a case, a person, a household; a village: all).
_OWN_ROW = ("case", "person", "household")
_REPORTED = (*_OWN_ROW, "village", "plan", "referral", "visit", "measure", "assessment")


def _one_of(column: str, values: tuple[str, ...]) -> str:
    """``column`` is one of ``values``, as OR: a trigger would build a table for an IN list
    every time it fires (a third of the cost of saving a record)."""
    return "(" + " OR ".join(f"{column} = '{value}'" for value in values) + ")"


def _mark(row: str, unless: str = "0") -> str:
    """A trigger statement marking what the ``row`` (NEW or OLD) of records touches."""
    own = _one_of(f"{row}.type", _OWN_ROW)
    kind = f"CASE WHEN {own} THEN {row}.type WHEN {row}.type = 'village' THEN 'all' ELSE 'case' END"
    key = f"CASE WHEN {own} THEN {row}.id WHEN {row}.type = 'village' THEN '' ELSE {row}.case_id END"
    # A mark made again moves past every other: a refresh clears the marks up to the last one
    # it read, and must not clear a change made after it read.
    return (f"INSERT INTO report_dirty (kind, id) SELECT {kind}, {key} "
            f"WHERE {_one_of(f'{row}.type', _REPORTED)} AND ({key}) IS NOT NULL "
            f"AND NOT ({unless}) "
            "ON CONFLICT (kind, id) DO UPDATE SET seq = (SELECT max(seq) + 1 FROM report_dirty);")


_SAME_MARK = "OLD.type IS NEW.type AND OLD.id IS NEW.id AND OLD.case_id IS NEW.case_id"

_CASE_ROWS = ("rb_plans (case_id TEXT NOT NULL, unit INTEGER, plan_type INTEGER, "
              "origin INTEGER, created INTEGER)",
              "rb_reviews (case_id TEXT NOT NULL, unit INTEGER, plan_type INTEGER, due INTEGER, "
              "done INTEGER)",
              "rb_referrals (case_id TEXT NOT NULL, unit INTEGER, service INTEGER, "
              "category INTEGER, referral_status INTEGER, prescribed INTEGER, "
              "delivery INTEGER, not_possible_reason INTEGER, sent INTEGER)",
              "rb_visits (case_id TEXT NOT NULL, unit INTEGER, protocol INTEGER, day INTEGER)",
              "rb_measures (case_id TEXT NOT NULL, unit INTEGER, measure_type INTEGER, "
              "issued INTEGER, ended INTEGER, state INTEGER)",
              "rb_dues (case_id TEXT NOT NULL, unit INTEGER, reported_measure INTEGER, "
              "due INTEGER, report INTEGER)",
              "rb_satisfaction (case_id TEXT NOT NULL, unit INTEGER, day INTEGER, value REAL, "
              "score INTEGER)")

_V4 = [
    "CREATE TABLE report_dirty (seq INTEGER PRIMARY KEY, kind TEXT NOT NULL, id TEXT NOT NULL)",
    "CREATE UNIQUE INDEX report_dirty_key ON report_dirty(kind, id)",
    "CREATE TABLE report_state (key TEXT PRIMARY KEY, value TEXT)",
    "CREATE TABLE report_codes (dim TEXT NOT NULL, code TEXT NOT NULL, n INTEGER NOT NULL, "
    "PRIMARY KEY (dim, code)) WITHOUT ROWID",
    "CREATE TABLE rb_persons (n INTEGER PRIMARY KEY, id TEXT NOT NULL UNIQUE, sex INTEGER, "
    "birth INTEGER, unit INTEGER, place INTEGER, area INTEGER)",
    "CREATE TABLE rb_person_groups (person_n INTEGER NOT NULL, target_group INTEGER)",
    "CREATE INDEX rb_person_groups_n ON rb_person_groups(person_n)",
    "CREATE TABLE rb_cases (case_id TEXT NOT NULL UNIQUE, person_n INTEGER, opened INTEGER, "
    "ended INTEGER, transferred INTEGER, case_type INTEGER, source INTEGER, unit INTEGER, "
    "area INTEGER, sex INTEGER, birth INTEGER, municipality INTEGER)",
    *(f"CREATE TABLE {table}" for table in _CASE_ROWS),
    *(f"CREATE INDEX {t.split()[0]}_case ON {t.split()[0]}(case_id)" for t in _CASE_ROWS),
    "CREATE TRIGGER report_dirty_insert AFTER INSERT ON records "
    f"WHEN {_one_of('NEW.type', _REPORTED)} BEGIN {_mark('NEW')} END",
    "CREATE TRIGGER report_dirty_update AFTER UPDATE OF type, deleted, fields, case_id, "
    "person_id, household_id, admin_unit, village, status, kind, date1, due, label ON records "
    f"WHEN {_one_of('OLD.type', _REPORTED)} OR {_one_of('NEW.type', _REPORTED)} "
    f"BEGIN {_mark('OLD', unless=_SAME_MARK)} {_mark('NEW')} END",
    "CREATE TRIGGER report_dirty_delete AFTER DELETE ON records "
    f"WHEN {_one_of('OLD.type', _REPORTED)} BEGIN {_mark('OLD')} END",
]

# The projection columns are named for what they hold: the record's own date (a birth, the
# opening of a case, a visit ...), its subtype (case type, plan type, protocol, service ...)
# and its title (a case number, a village's name). SQLite carries the renames into the
# indexes and triggers; the indexes named after the old columns are made again.
_V5 = [
    "ALTER TABLE records RENAME COLUMN date1 TO main_date",
    "ALTER TABLE records RENAME COLUMN kind TO subtype",
    "ALTER TABLE records RENAME COLUMN label TO title",
    "DROP INDEX IF EXISTS records_label",
    "CREATE INDEX IF NOT EXISTS records_title ON records(type, title)",
    "DROP INDEX IF EXISTS records_date",
    "CREATE INDEX IF NOT EXISTS records_main_date ON records(type, main_date)",
    "DROP INDEX IF EXISTS records_live_date",
    "CREATE INDEX IF NOT EXISTS records_live_main_date ON records(type, main_date) "
    "WHERE deleted = 0",
    "DROP INDEX IF EXISTS records_live_label",
    "CREATE INDEX IF NOT EXISTS records_live_title ON records(type, title) WHERE deleted = 0",
]

# Reports count cases by closure reason (the bases are built again: BASES_FORMAT 2).
_V6 = ["ALTER TABLE rb_cases ADD COLUMN closure_reason INTEGER"]

# Reports count assessments by form, meetings and their participants, administrative acts,
# referrals by provider, and cases by village (the bases are built again: BASES_FORMAT 3).
# Meetings and acts are marked by their own id; a provider, like a village, marks "all".
_OWN_ROW_7 = (*_OWN_ROW, "meeting", "administrative_act")
_REPORTED_7 = (*_REPORTED, "meeting", "administrative_act", "service_provider")


def _mark_7(row: str, unless: str = "0") -> str:
    """As :func:`_mark`, for the record types of step 7."""
    own = _one_of(f"{row}.type", _OWN_ROW_7)
    everything = _one_of(f"{row}.type", ("village", "service_provider"))
    kind = f"CASE WHEN {own} THEN {row}.type WHEN {everything} THEN 'all' ELSE 'case' END"
    key = f"CASE WHEN {own} THEN {row}.id WHEN {everything} THEN '' ELSE {row}.case_id END"
    return (f"INSERT INTO report_dirty (kind, id) SELECT {kind}, {key} "
            f"WHERE {_one_of(f'{row}.type', _REPORTED_7)} AND ({key}) IS NOT NULL "
            f"AND NOT ({unless}) "
            "ON CONFLICT (kind, id) DO UPDATE SET seq = (SELECT max(seq) + 1 FROM report_dirty);")


_ROWS_7 = ("rb_assessments (case_id TEXT NOT NULL, unit INTEGER, form INTEGER, day INTEGER)",
           "rb_meetings (meeting_id TEXT NOT NULL, case_id TEXT, meeting_group INTEGER, "
           "day INTEGER)",
           "rb_participants (meeting_id TEXT NOT NULL, case_id TEXT, meeting_group INTEGER, "
           "institution INTEGER, day INTEGER)",
           "rb_meeting_cases (meeting_id TEXT NOT NULL, case_id TEXT, meeting_group INTEGER, "
           "day INTEGER)",
           "rb_acts (act_id TEXT NOT NULL, unit INTEGER, act_type INTEGER, decision INTEGER, "
           "sex INTEGER, birth INTEGER, day INTEGER)")

_V7 = [
    "ALTER TABLE rb_cases ADD COLUMN place INTEGER",
    "ALTER TABLE rb_referrals ADD COLUMN provider INTEGER",
    "ALTER TABLE rb_referrals ADD COLUMN provider_level INTEGER",
    "ALTER TABLE rb_referrals ADD COLUMN provider_place INTEGER",
    *(f"CREATE TABLE {table}" for table in _ROWS_7),
    "CREATE INDEX rb_assessments_case ON rb_assessments(case_id)",
    *(f"CREATE INDEX {t}_meeting ON {t}(meeting_id)"
      for t in ("rb_meetings", "rb_participants", "rb_meeting_cases")),
    "CREATE INDEX rb_meeting_cases_case ON rb_meeting_cases(case_id)",
    "CREATE INDEX rb_acts_id ON rb_acts(act_id)",
    "DROP TRIGGER report_dirty_insert",
    "DROP TRIGGER report_dirty_update",
    "DROP TRIGGER report_dirty_delete",
    "CREATE TRIGGER report_dirty_insert AFTER INSERT ON records "
    f"WHEN {_one_of('NEW.type', _REPORTED_7)} BEGIN {_mark_7('NEW')} END",
    "CREATE TRIGGER report_dirty_update AFTER UPDATE OF type, deleted, fields, case_id, "
    "person_id, household_id, admin_unit, village, status, subtype, main_date, due, title "
    f"ON records WHEN {_one_of('OLD.type', _REPORTED_7)} OR {_one_of('NEW.type', _REPORTED_7)} "
    f"BEGIN {_mark_7('OLD', unless=_SAME_MARK)} {_mark_7('NEW')} END",
    "CREATE TRIGGER report_dirty_delete AFTER DELETE ON records "
    f"WHEN {_one_of('OLD.type', _REPORTED_7)} BEGIN {_mark_7('OLD')} END",
]

# What is due (desktop/core/casework/due.py) is read from indexes alone: on a vault larger
# than the page cache every row read is a page decrypted. The open cases by case manager (how
# large a share is theirs), the due records in date order with what a due item shows, a case's
# records by date (which visit is its latest), and an open case's columns by id.
_V8 = [
    "CREATE INDEX IF NOT EXISTS records_open_case_worker ON records(worker, type, status, "
    "deleted) WHERE type = 'case' AND status = 'open' AND deleted = 0",
    "CREATE INDEX IF NOT EXISTS records_live_due_items ON records(type, status, due, case_id, "
    "subtype, id, worker, main_date) WHERE deleted = 0",
    "CREATE INDEX IF NOT EXISTS records_live_case_dates ON records(type, case_id, main_date, id) "
    "WHERE deleted = 0",
    "CREATE INDEX IF NOT EXISTS records_open_case_rows ON records(id, worker, type, status, "
    "deleted, title, person_id, admin_unit, village, household_id) WHERE type = 'case' "
    "AND status = 'open' AND deleted = 0",
]

# The marks of a list page (desktop/core/sync_marks.py) are looked up by record, not by reading
# the whole outbox: unsent and refused changes of a record, the records of a case, the open
# conflicts about a record.
_V9 = [
    "CREATE INDEX IF NOT EXISTS outbox_unsent_record ON outbox(record_id) WHERE acked = 0",
    "CREATE INDEX IF NOT EXISTS outbox_refused_record ON outbox(record_id) WHERE acked = 1 AND "
    "json_extract(result, '$.status') = 'rejected' AND json_extract(result, '$.handled') IS NULL",
    "CREATE INDEX IF NOT EXISTS records_of_case ON records(case_id)",
    "CREATE INDEX IF NOT EXISTS records_conflict_about ON records("
    "json_extract(fields, '$.record_id')) WHERE type = 'conflict'",
]

# Lists read from indexes alone what they can (on a vault larger than the page cache every row
# read is a page decrypted): the marks of a page the ids of its cases' records (one page of the
# index per case, not a row per record); a search the filter columns of its hits, by id. The
# case list and the person list in their first order (the newest first) walk an index of their
# live records alone (the person list sorted every person for each page).
_V11 = [
    "CREATE INDEX IF NOT EXISTS records_case_ids ON records(case_id, id)",
    "CREATE INDEX IF NOT EXISTS records_live_case_by_id ON records(id, subtype, status, risk, "
    "admin_unit, village, worker) WHERE type = 'case' AND deleted = 0",
    "CREATE INDEX IF NOT EXISTS records_live_person_by_id ON records(id, admin_unit, village) "
    "WHERE type = 'person' AND deleted = 0",
    "CREATE INDEX IF NOT EXISTS records_live_case_opened ON records(main_date) "
    "WHERE type = 'case' AND deleted = 0",
    "CREATE INDEX IF NOT EXISTS records_live_persons ON records(type) "
    "WHERE type = 'person' AND deleted = 0",
]

#: Each entry takes the vault from version ``index`` to ``index + 1``.
STEPS: list[list[str]] = [_V1, _V2, _V3, _V4, _V5, _V6, _V7, _V8, _V9, _V10, _V11]
SCHEMA_VERSION = len(STEPS)


def current_version(engine: Engine) -> int:
    with engine.connect() as conn:
        return conn.exec_driver_sql("PRAGMA user_version").scalar_one()


def upgrade(engine: Engine, db_path: Path, target: int | None = None) -> None:
    """Apply the missing steps, each in its own transaction, after backing up the file."""
    target = len(STEPS) if target is None else target
    version = current_version(engine)
    if version >= target:
        return
    if version > 0:
        _backup(engine, db_path, version)
    for number in range(version, target):
        _apply(engine, STEPS[number], number + 1)


def _backup(engine: Engine, db_path: Path, version: int) -> None:
    with engine.connect() as conn:
        conn.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
    shutil.copy2(db_path, db_path.with_name(f"{db_path.name}.v{version}.bak"))


def _apply(engine: Engine, statements: list[str], new_version: int) -> None:
    with engine.connect() as conn:
        conn.exec_driver_sql("BEGIN IMMEDIATE")
        try:
            for statement in statements:
                conn.exec_driver_sql(statement)
            conn.exec_driver_sql(f"PRAGMA user_version = {int(new_version)}")
            conn.commit()
        except Exception:
            conn.rollback()
            raise
