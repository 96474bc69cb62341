"""The local record store inside a vault.

Every record is the envelope of :mod:`sync.records`, stored as JSON with typed projection
columns (declared per record type in the country profile) kept in the same transaction.
Every write appends exactly one change to the outbox and one entry to the hash-chained audit
log, in the same transaction as the write itself.
"""

from __future__ import annotations

import contextlib
import hashlib
import threading
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import Connection, Engine
from sqlalchemy.exc import DBAPIError

from desktop.core.errors import DiskFull, InvalidRecord, NotFound, VaultDamaged
from desktop.core.i18n import tr
from desktop.core.search import (
    SearchHit,
    place_aliases,
    reindex_persons,
    search,
    search_ids,
)
from sync.audit import GENESIS_HASH, audit_hash
from sync.hlc import HybridClock
from sync.ids import uuid7
from sync.profile import PROJECTION_COLUMNS, Profile
from sync.protocol import SYSTEM_PROJECTIONS
from sync.records import Change, Record, dumps, loads

_RECORD_COLUMNS = ("id", "type", "rev", "deleted", "fields", "hlc", "sync_state", "sensitive",
                   *PROJECTION_COLUMNS)
_INSERT_RECORD = (f"INSERT INTO records ({', '.join(_RECORD_COLUMNS)}) VALUES "
                  f"({', '.join('?' for _ in _RECORD_COLUMNS)})")
_UPDATE_RECORD = (f"UPDATE records SET {', '.join(f'{c} = ?' for c in _RECORD_COLUMNS[2:])} "
                  "WHERE id = ?")
_INSERT_OUTBOX = ("INSERT INTO outbox (change_id, record_id, record_type, base_rev, fields, "
                  "deleted, created, hlc, user, device, at) VALUES (?,?,?,?,?,?,?,?,?,?,?)")
_INSERT_AUDIT = ("INSERT INTO audit (at, user, device, action, record_type, record_id, detail, "
                 "prev_hash, hash) VALUES (?,?,?,?,?,?,?,?,?)")
_SEARCHED_TYPES = {"person", "case"}


@dataclass(frozen=True)
class AuditCheck:
    ok: bool
    entries: int
    first_bad_seq: int | None = None


#: What SQLite and SQLCipher say about pages that cannot be read.
DAMAGE_WORDS = ("malformed", "not a database", "corrupt", "sql logic error", "disk i/o error")


@contextlib.contextmanager
def translate_db_errors() -> Iterator[None]:
    """Damaged pages and a full disk become clear, translated errors."""
    try:
        yield
    except DBAPIError as exc:
        text = str(exc.orig).lower()
        if "full" in text:
            raise DiskFull() from exc
        if any(word in text for word in DAMAGE_WORDS):
            raise VaultDamaged(what=tr("some of its pages")) from exc
        raise
    except MemoryError as exc:  # SQLCipher's answer to a page that does not decrypt
        raise VaultDamaged(what=tr("some of its pages")) from exc


def now_iso() -> str:
    return datetime.now(UTC).isoformat(timespec="milliseconds")


class Store:
    """Records, outbox, audit log and search of one vault."""

    def __init__(self, engine: Engine, profile: Profile, *, user: str, device: str) -> None:
        self.engine = engine
        self.profile = profile
        self.user = user
        self.device = device
        self.clock = HybridClock(device[:8])
        self._local = threading.local()

    # -- transactions ------------------------------------------------------------------------
    @contextlib.contextmanager
    def transaction(self) -> Iterator[Connection]:
        """A write transaction; nested calls on the same thread join the outer one."""
        current = getattr(self._local, "conn", None)
        if current is not None:
            yield current
            return
        with translate_db_errors(), self.engine.connect() as conn:
            conn.exec_driver_sql("BEGIN IMMEDIATE")
            self._local.conn = conn
            try:
                yield conn
                conn.commit()
            except BaseException:
                conn.rollback()
                raise
            finally:
                self._local.conn = None

    @contextlib.contextmanager
    def reading(self) -> Iterator[Connection]:
        """A connection for reads (the current transaction's, if one is open)."""
        current = getattr(self._local, "conn", None)
        if current is not None:
            yield current
            return
        with translate_db_errors(), self.engine.connect() as conn:
            yield conn

    # -- reads --------------------------------------------------------------------------------
    def get(self, record_id: str, *, include_deleted: bool = False) -> Record | None:
        with self.reading() as conn:
            row = conn.exec_driver_sql(
                "SELECT id, type, fields, rev, deleted FROM records WHERE id = ?", (record_id,)
            ).fetchone()
        if row is None or (row[4] and not include_deleted):
            return None
        return Record(row[0], row[1], loads(row[2]), row[3], bool(row[4]))

    def require(self, record_id: str) -> Record:
        record = self.get(record_id)
        if record is None:
            raise NotFound(what="record", key=record_id)
        return record

    def query(self, record_type: str, *, order_by: str = "main_date", descending: bool = False,
              limit: int | None = None, **where: Any) -> list[Record]:
        """Live records of a type whose projection columns equal ``where``."""
        sql, params = _select_where(record_type, where)
        if order_by not in PROJECTION_COLUMNS and order_by != "id":
            raise ValueError(f"cannot order by {order_by!r}")
        sql += f" ORDER BY {_order_term(order_by, where)} {'DESC' if descending else 'ASC'}, id"
        if limit is not None:
            sql += f" LIMIT {int(limit)}"
        with self.reading() as conn:
            rows = conn.exec_driver_sql(sql, tuple(params)).fetchall()
        return [Record(r[0], r[1], loads(r[2]), r[3], bool(r[4])) for r in rows]

    def count(self, record_type: str, **where: Any) -> int:
        sql, params = _select_where(record_type, where, columns="count(*)")
        with self.reading() as conn:
            return conn.exec_driver_sql(sql, tuple(params)).scalar_one()

    def search(self, text: str, limit: int = 50) -> list[SearchHit]:
        with self.reading() as conn:
            return search(conn, text, limit, place_aliases(conn, self._other_place_names()))

    def search_ids(self, text: str, column: str, limit: int) -> list[str]:
        """The distinct case or person ids (``column``) of the best hits (see search_ids)."""
        with self.reading() as conn:
            return search_ids(conn, text, column, limit,
                              place_aliases(conn, self._other_place_names()))

    def _other_place_names(self) -> dict[str, str]:
        """The municipalities' other names (Serbian: Gnjilane -> Gjilan)."""
        # imported here: the places module reads and writes through this one
        from desktop.core.casework.places import municipalities

        return {m.name_sr: m.name for m in municipalities(self.profile.country) if m.name_sr}

    # -- writes -------------------------------------------------------------------------------
    def create(self, record_type: str, fields: dict[str, Any], *,
               record_id: str | None = None) -> Record:
        return self.create_many([(record_type, fields)], record_ids=[record_id])[0]

    def create_many(self, items: Sequence[tuple[str, dict[str, Any]]], *,
                    record_ids: Sequence[str | None] | None = None) -> list[Record]:
        """Create several records in one transaction (bulk import, demo data)."""
        record_ids = record_ids or [None] * len(items)
        records = []
        for (record_type, fields), rid in zip(items, record_ids, strict=True):
            clean = {k: v for k, v in fields.items() if v is not None}
            self._validate(record_type, clean, complete=True)
            records.append(Record(rid or uuid7(), record_type, clean))
        with self.transaction() as conn:
            sensitive = self._sensitivity(conn, records)
            stamps = [self.clock.now() for _ in records]
            conn.exec_driver_sql(_INSERT_RECORD, [
                self._row(r, stamp, sensitive[r.id]) for r, stamp in zip(records, stamps,
                                                                         strict=True)])
            self._append_changes(conn, [
                Change(uuid7(), r.id, r.type, 0, r.fields, stamp, self.user, self.device,
                       created=True) for r, stamp in zip(records, stamps, strict=True)])
            self._audit_many(conn, [("create", r.type, r.id, {"fields": sorted(r.fields)})
                                    for r in records])
            self._reindex(conn, records)
        return records

    def update(self, record_id: str, fields: dict[str, Any]) -> Record:
        """Set some fields of a record (``None`` clears a field)."""
        with self.transaction() as conn:
            record = self._current(conn, record_id)
            spec = self.profile.record_type(record.type)
            if spec.append_only:
                raise InvalidRecord(type=record.type, problems="it cannot be changed once saved")
            changed = {k: v for k, v in fields.items() if record.fields.get(k) != v}
            if not changed:
                return record
            new_fields = {k: v for k, v in {**record.fields, **changed}.items() if v is not None}
            self._validate(record.type, changed, complete=False)
            self._validate(record.type, new_fields, complete=True)
            record.fields = new_fields
            self._write_change(conn, record, changed, action="update")
        return record

    def delete(self, record_id: str) -> None:
        """Mark a record deleted (a tombstone that syncs)."""
        with self.transaction() as conn:
            record = self._current(conn, record_id)
            record.deleted = True
            self._write_change(conn, record, {}, action="delete")

    def write_unchecked(self, record: Record, changed: dict[str, Any], *, action: str) -> None:
        """Write ``record`` with one outbox change of ``changed``, without profile validation
        (for sync's own records: a conflict's resolution, undeleting a record)."""
        with self.transaction() as conn:
            self._write_change(conn, record, changed, action=action)

    def audit(self, action: str, record: Record | None = None,
              detail: dict[str, Any] | None = None) -> None:
        """Write a view, print or export to the audit log."""
        with self.transaction() as conn:
            self._audit_many(conn, [(action, record.type if record else None,
                                     record.id if record else None, detail or {})])

    # -- outbox and audit -----------------------------------------------------------------------
    def pending_changes(self, limit: int = 500) -> list[Change]:
        with self.reading() as conn:
            rows = conn.exec_driver_sql(
                "SELECT change_id, record_id, record_type, base_rev, fields, hlc, user, device, "
                "deleted, created FROM outbox WHERE acked = 0 ORDER BY seq LIMIT ?", (limit,)
            ).fetchall()
        return [Change(r[0], r[1], r[2], r[3], loads(r[4]), r[5], r[6], r[7], bool(r[8]),
                       bool(r[9])) for r in rows]

    def pending_count(self) -> int:
        with self.reading() as conn:
            return conn.exec_driver_sql("SELECT count(*) FROM outbox WHERE acked = 0"
                                        ).scalar_one()

    def verify_audit(self) -> AuditCheck:
        """Walk the audit chain; the first entry whose hash does not follow is reported."""
        prev, count = GENESIS_HASH, 0
        with self.reading() as conn:
            rows = conn.exec_driver_sql(
                "SELECT seq, at, user, device, action, record_type, record_id, detail, "
                "prev_hash, hash FROM audit ORDER BY seq")
            for row in rows:
                count += 1
                expected = audit_hash(prev, *row[1:8])
                if row[8] != prev or row[9] != expected:
                    return AuditCheck(False, count, row[0])
                prev = row[9]
        return AuditCheck(True, count)

    def meta_get(self, key: str, default: str | None = None) -> str | None:
        with self.reading() as conn:
            row = conn.exec_driver_sql("SELECT value FROM sync_meta WHERE key = ?", (key,)
                                       ).fetchone()
        return row[0] if row else default

    def meta_set(self, key: str, value: str | None) -> None:
        with self.transaction() as conn:
            conn.exec_driver_sql("INSERT INTO sync_meta (key, value) VALUES (?, ?) "
                                 "ON CONFLICT(key) DO UPDATE SET value = excluded.value",
                                 (key, value))

    def next_counter(self, name: str) -> int:
        """The next number of a named sequence (e.g. case numbers of this device and year)."""
        with self.transaction() as conn:
            conn.exec_driver_sql("INSERT INTO counters (name, value) VALUES (?, 1) "
                                 "ON CONFLICT(name) DO UPDATE SET value = value + 1", (name,))
            return conn.exec_driver_sql("SELECT value FROM counters WHERE name = ?", (name,)
                                        ).scalar_one()

    # -- attachments: content-addressed bytes inside the vault -----------------------------
    def put_blob(self, data: bytes, mime: str) -> str:
        """Keep ``data`` under its SHA-256 (once, however often it is attached)."""
        sha = hashlib.sha256(data).hexdigest()
        with self.transaction() as conn:
            conn.exec_driver_sql(
                "INSERT INTO blobs (sha256, mime, size, data, complete) VALUES (?, ?, ?, ?, 1) "
                "ON CONFLICT(sha256) DO UPDATE SET data = excluded.data, complete = 1, "
                "size = excluded.size WHERE blobs.complete = 0", (sha, mime, len(data), data))
        return sha

    def get_blob(self, sha: str) -> bytes | None:
        with self.reading() as conn:
            row = conn.exec_driver_sql(
                "SELECT data FROM blobs WHERE sha256 = ? AND complete = 1", (sha,)).fetchone()
        return bytes(row[0]) if row else None

    # -- drafts: unsaved form input, kept locally and never synced ------------------------------
    def save_draft(self, key: str, kind: str, data: dict[str, Any],
                   record_id: str | None = None) -> None:
        with self.transaction() as conn:
            conn.exec_driver_sql(
                "INSERT INTO drafts (key, kind, record_id, data, updated_at) VALUES (?,?,?,?,?) "
                "ON CONFLICT(key) DO UPDATE SET data = excluded.data, "
                "updated_at = excluded.updated_at, record_id = excluded.record_id",
                (key, kind, record_id, dumps(data), now_iso()))

    def load_draft(self, key: str) -> dict[str, Any] | None:
        with self.reading() as conn:
            row = conn.exec_driver_sql("SELECT data FROM drafts WHERE key = ?", (key,)).fetchone()
        return loads(row[0]) if row else None

    def delete_draft(self, key: str) -> None:
        with self.transaction() as conn:
            conn.exec_driver_sql("DELETE FROM drafts WHERE key = ?", (key,))

    def list_drafts(self, kind: str | None = None) -> list[tuple[str, str, str | None, str]]:
        """(key, kind, record_id, updated_at) of the saved drafts, newest first."""
        sql = "SELECT key, kind, record_id, updated_at FROM drafts"
        params: tuple[Any, ...] = ()
        if kind:
            sql, params = sql + " WHERE kind = ?", (kind,)
        with self.reading() as conn:
            return [tuple(r) for r in conn.exec_driver_sql(sql + " ORDER BY updated_at DESC",
                                                           params)]

    # -- used by sync: records as the server has them, without outbox entries ----------------
    def put_synced(self, record: Record, *, sync_state: str = "synced") -> None:
        with self.transaction() as conn:
            sensitive = self._sensitivity(conn, [record])[record.id]
            row = self._row(record, None, sensitive, sync_state=sync_state)
            exists = conn.exec_driver_sql("SELECT 1 FROM records WHERE id = ?", (record.id,)
                                          ).fetchone()
            if exists:
                conn.exec_driver_sql(_UPDATE_RECORD, (*row[2:], record.id))
            else:
                conn.exec_driver_sql(_INSERT_RECORD, row)
            self._reindex(conn, [record])

    def put_synced_many(self, records: Sequence[Record], states: dict[str, str]) -> None:
        """:meth:`put_synced` for a pulled page, in statements over the whole page (each
        record's sync state is ``states[id]``, "synced" if absent)."""
        page = list({r.id: r for r in records}.values())  # a record once, at its last state
        with self.transaction() as conn:
            # a case first: its records in the same page take its flag whatever their order
            flags = self._sensitivity(conn, sorted(page, key=lambda r: r.type != "case"))
            ids = [r.id for r in page]
            existing: set[str] = set()
            for start in range(0, len(ids), 500):
                chunk = ids[start:start + 500]
                existing.update(r[0] for r in conn.exec_driver_sql(
                    f"SELECT id FROM records WHERE id IN ({','.join('?' * len(chunk))})",
                    tuple(chunk)))
            rows = [self._row(r, None, flags[r.id], sync_state=states.get(r.id, "synced"))
                    for r in page]
            updates = [(*row[2:], row[0]) for row in rows if row[0] in existing]
            inserts = [row for row in rows if row[0] not in existing]
            if updates:
                conn.exec_driver_sql(_UPDATE_RECORD, updates)
            if inserts:
                conn.exec_driver_sql(_INSERT_RECORD, inserts)
            self._reindex(conn, page)

    # -- internals ----------------------------------------------------------------------------
    def _validate(self, record_type: str, fields: dict[str, Any], *, complete: bool) -> None:
        try:
            problems = self.profile.validate_fields(record_type, fields, complete=complete)
        except ValueError as exc:
            raise InvalidRecord(type=record_type, problems=str(exc)) from exc
        if problems:
            raise InvalidRecord(type=record_type, problems="; ".join(problems))

    def _current(self, conn: Connection, record_id: str) -> Record:
        row = conn.exec_driver_sql(
            "SELECT id, type, fields, rev, deleted FROM records WHERE id = ?", (record_id,)
        ).fetchone()
        if row is None or row[4]:
            raise NotFound(what="record", key=record_id)
        return Record(row[0], row[1], loads(row[2]), row[3], bool(row[4]))

    def _write_change(self, conn: Connection, record: Record, changed: dict[str, Any], *,
                      action: str) -> None:
        stamp = self.clock.now()
        sensitive = self._sensitivity(conn, [record])[record.id]
        conn.exec_driver_sql(_UPDATE_RECORD, (*self._row(record, stamp, sensitive)[2:],
                                              record.id))
        self._append_changes(conn, [Change(uuid7(), record.id, record.type, record.rev, changed,
                                           stamp, self.user, self.device,
                                           deleted=record.deleted)])
        self._audit_many(conn, [(action, record.type, record.id, {"fields": sorted(changed)})])
        self._reindex(conn, [record])

    def _row(self, record: Record, stamp: str | None, sensitive: bool, *,
             sync_state: str = "pending") -> tuple[Any, ...]:
        spec = self.profile.record_types.get(record.type)
        projections = spec.projections if spec else SYSTEM_PROJECTIONS[record.type]
        values = []
        for column in PROJECTION_COLUMNS:
            source = projections.get(column)
            value = record.id if source == "id" else record.fields.get(source) if source else None
            values.append(value if value is None or isinstance(value, str | int) else str(value))
        return (record.id, record.type, record.rev, int(record.deleted), dumps(record.fields),
                stamp, sync_state, int(sensitive), *values)

    def _sensitivity(self, conn: Connection, records: Iterable[Record]) -> dict[str, bool]:
        """A case is sensitive by its type; a record of a case inherits the case's flag."""
        sensitive_types = self.profile.sensitive_case_types
        result: dict[str, bool] = {}
        case_flags: dict[str, bool] = {}
        for record in records:
            if record.type == "case":
                flag = record.fields.get("case_type") in sensitive_types
                case_flags[record.id] = flag
            else:
                flag = False
                case_id = record.fields.get("case_id")
                if case_id:
                    if case_id not in case_flags:
                        row = conn.exec_driver_sql(
                            "SELECT sensitive FROM records WHERE id = ?", (case_id,)).fetchone()
                        case_flags[case_id] = bool(row and row[0])
                    flag = case_flags[case_id]
            result[record.id] = flag
        return result

    def _append_changes(self, conn: Connection, changes: list[Change]) -> None:
        at = now_iso()
        conn.exec_driver_sql(_INSERT_OUTBOX, [
            (c.change_id, c.record_id, c.record_type, c.base_rev, dumps(c.fields),
             int(c.deleted), int(c.created), c.hlc, c.user, c.device, at) for c in changes])

    def _audit_many(self, conn: Connection,
                    entries: list[tuple[str, str | None, str | None, dict[str, Any]]]) -> None:
        row = conn.exec_driver_sql("SELECT hash FROM audit ORDER BY seq DESC LIMIT 1").fetchone()
        prev = row[0] if row else GENESIS_HASH
        at = now_iso()
        rows = []
        for action, record_type, record_id, detail in entries:
            detail_json = dumps(detail)
            digest = audit_hash(prev, at, self.user, self.device, action, record_type,
                                record_id, detail_json)
            rows.append((at, self.user, self.device, action, record_type, record_id,
                         detail_json, prev, digest))
            prev = digest
        conn.exec_driver_sql(_INSERT_AUDIT, rows)

    def _reindex(self, conn: Connection, records: Iterable[Record]) -> None:
        person_ids = {r.id if r.type == "person" else r.fields.get("person_id")
                      for r in records if r.type in _SEARCHED_TYPES}
        person_ids.discard(None)
        if person_ids:
            reindex_persons(conn, sorted(person_ids))


# Columns whose equality picks out a few records, each through an index (type, column).
_KEYED_COLUMNS = ("case_id", "person_id", "household_id")


def _order_term(order_by: str, where: dict[str, Any]) -> str:
    """The ORDER BY column, written "+column" when ``where`` holds a keyed column: without
    ANALYZE statistics (a vault has none) SQLite would walk every record of the type in date
    order through records_live_main_date, to save sorting the few rows the key finds."""
    if any(where.get(column) is not None for column in _KEYED_COLUMNS):
        return f"+{order_by}"
    return order_by


def _select_where(record_type: str, where: dict[str, Any], columns: str = "id, type, fields, "
                  "rev, deleted") -> tuple[str, list[Any]]:
    sql = f"SELECT {columns} FROM records WHERE type = ? AND deleted = 0"
    params: list[Any] = [record_type]
    for column, value in where.items():
        if column not in PROJECTION_COLUMNS and column not in ("sensitive", "sync_state"):
            raise ValueError(f"cannot filter on {column!r}")
        if value is None:
            sql += f" AND {column} IS NULL"
        else:
            sql += f" AND {column} = ?"
            params.append(value)
    return sql, params
