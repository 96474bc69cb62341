"""Rescue of a damaged vault: everything still readable goes into a new vault.

``kujdes vault rescue`` reads a copy of the damaged file (with its write-ahead log, so the last
changes a power cut left there are read too), table by table and row by row in rowid order.
SQLCipher refuses every later read on a connection that met a page it could not decrypt, so a
damaged stretch is stepped over on fresh connections: the reader probes further and further
ahead until a row reads again, then searches back for the first readable row after the damage.

The new vault has the same data key, so the key file (password, wrapping) stays as it is. The
damaged file is renamed aside, byte for byte as it was, before the new one takes its place.
Derived tables (report figures, the search index) are rebuilt from what was saved; the next
sync brings back from the server every synced record that could not be read.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from contextlib import closing, suppress
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

import sqlcipher3

from desktop.core import migrations
from desktop.core.errors import KujdesError, NoSuchVault, VaultTooNew
from desktop.core.keys import KeyFile
from desktop.core.search import reindex_persons
from desktop.core.store import Store
from desktop.core.vault import connect, make_engine, open_with_key, unlock_key

#: Tables holding what a person made (copied first, in this order); every other table of the
#: schema is copied too, except those rebuilt from these.
KEPT_FIRST = ("records", "outbox", "drafts", "blobs", "audit", "sync_meta", "counters")
_REBUILT_PREFIXES = ("search_", "report_", "rb_", "sqlite_", "due_items", "open_tasks")
_READ_ERRORS = (sqlcipher3.Error, MemoryError)
_MAX_ROWID = 2 ** 63 - 1
#: The audit action of a rescue; its detail lists the audit entries that could not be read.
RESCUE_ACTION = "vault_rescued"
READY_NAME = "rescue-ready.db"


@dataclass
class TableRescue:
    table: str
    saved: int = 0
    expected: int | None = None   # rows the table's index counts, when it can be read
    damaged: bool = False         # some stretch could not be read

    @property
    def lost(self) -> int | None:
        if not self.damaged:
            return 0
        if self.expected is None:
            return None
        return max(self.expected - self.saved, 0)


@dataclass
class RescueReport:
    user: str
    damaged_file: Path
    tables: dict[str, TableRescue] = field(default_factory=dict)
    unsent: int = 0   # changes not yet sent to the server, saved in the new vault
    audit_gaps: list[tuple[int, int]] = field(default_factory=list)
    remade: int = 0   # changes made again from records whose own change could not be read

    def table(self, name: str) -> TableRescue:
        return self.tables.get(name) or TableRescue(name)


class _Source:
    """Reads of the damaged copy, each on a connection that has met no damaged page."""

    def __init__(self, path: Path, key: bytes) -> None:
        self.path, self.key = path, key
        self._conn: sqlcipher3.Connection | None = None

    def conn(self) -> sqlcipher3.Connection:
        if self._conn is None:
            self._conn = connect(self.path, self.key)
        return self._conn

    def reset(self) -> None:
        if self._conn is not None:
            with suppress(*_READ_ERRORS):
                self._conn.close()
        self._conn = None

    def query(self, sql: str, args: tuple = ()) -> list[tuple] | None:
        """The rows, or None when a damaged page stopped the read."""
        try:
            return self.conn().execute(sql, args).fetchall()
        except _READ_ERRORS:
            self.reset()
            return None

    def columns(self, table: str) -> list[str]:
        rows = self.query(f'PRAGMA table_info("{table}")') or []
        return [r[1] for r in rows]

    def rows(self, table: str, columns: list[str], report: TableRescue,
             batch: int = 200) -> Iterator[tuple]:
        """Every readable row of ``table`` in rowid order (rowid first), stepping over damage.

        Rows are read in batches; when a batch meets a damaged page, the next ``batch`` rows
        are read one at a time, so the rows before and after the damage are all kept."""
        select = ", ".join(f'"{c}"' for c in columns)
        sql = f'SELECT rowid, {select} FROM "{table}" WHERE rowid >= ? ORDER BY rowid LIMIT '
        start, careful = 0, 0   # the vault's tables number their rows from 1
        while True:
            rows = self.query(sql + ("1" if careful else str(batch)), (start,))
            if rows is None and not careful:
                careful = batch
                continue
            if rows is None:
                report.damaged = True
                found = self._next_readable(sql + "1", start)
                if found is None:
                    return
                start = found
                continue
            if not rows:
                return
            yield from rows
            careful = max(careful - len(rows), 0)
            if rows[-1][0] >= _MAX_ROWID:
                return
            start = rows[-1][0] + 1

    def _next_readable(self, sql: str, start: int) -> int | None:
        """The smallest rowid after ``start`` from which a one-row read succeeds, or None."""
        step, bad = 1, start
        while True:
            probe = min(start + step, _MAX_ROWID)
            if self.query(sql, (probe,)) is not None:
                break
            bad = probe
            if probe >= _MAX_ROWID:
                return None
            step *= 2
        good = probe
        while good - bad > 1:  # the first readable start between the last failure and here
            middle = bad + (good - bad) // 2
            if self.query(sql, (middle,)) is None:
                bad = middle
            else:
                good = middle
        return good


class RescueFinished(KujdesError):
    """A rescue cut short (by a power cut) after its new vault was complete was finished."""

    message = ("The rescue that was cut short last time has been finished: the new vault is in "
               "place and the damaged file was kept aside. Check it with \"kujdes vault "
               "check\".")


def rescue_vault(data_dir: Path, user: str, password: str) -> RescueReport:
    """Copy what can be read of ``user``'s vault into a new vault; keep the old file aside.

    The new vault is built beside the damaged one and named ``rescue-ready.db`` once complete;
    only then does the damaged file move aside. A rescue cut short after that is finished by
    the next run (:class:`RescueFinished`)."""
    folder, keyfile, data_key = unlock_key(Path(data_dir), user, password)
    db_path, ready_path = folder / "vault.db", folder / READY_NAME
    if not db_path.is_file():
        if not ready_path.is_file():
            raise NoSuchVault(user=user)
        aside = _latest_aside(folder)
        _swap(db_path, ready_path, aside)
        _record_rescue(Path(data_dir), folder, keyfile, data_key, RescueReport(user, aside))
        raise RescueFinished()
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
    aside = folder / f"vault.db.damaged-{stamp}"
    source_path, new_path = folder / "rescue-source.db", folder / "rescue-new.db"
    for leftover in (source_path, new_path, ready_path):  # of a rescue cut short earlier
        _remove_with_logs(leftover)
    _copy_with_log(db_path, source_path)
    report = RescueReport(user, aside)
    try:
        _build(source_path, new_path, data_key, report)
    finally:
        _remove_with_logs(source_path)
    if not any(t.saved for t in report.tables.values()):
        _remove_with_logs(new_path)
        raise KujdesError("Nothing could be read from this vault; it was not changed. What "
                          "was synced comes back when the vault is made again from the "
                          "municipal server.")
    _remove_with_logs(new_path.with_name(new_path.name + "-wal"))  # empty after the checkpoint
    os.replace(new_path, ready_path)
    _swap(db_path, ready_path, aside)
    _record_rescue(Path(data_dir), folder, keyfile, data_key, report)
    return report


def _latest_aside(folder: Path) -> Path:
    kept = sorted(p for p in folder.glob("vault.db.damaged-*")
                  if not p.name.endswith(("-wal", "-shm")))
    if kept:
        return kept[-1]
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
    return folder / f"vault.db.damaged-{stamp}"


def _record_rescue(data_dir: Path, folder: Path, keyfile: KeyFile, data_key: bytes,
                   report: RescueReport) -> None:
    """Write the rescue to the vault's audit log, naming the audit entries that were lost so
    the chain check knows those gaps are the damage's and not someone's deletion."""
    with open_with_key(data_dir, folder, keyfile, data_key) as vault:
        with vault.store.transaction() as conn:  # the search index, from the saved people
            people = [r[0] for r in conn.exec_driver_sql(
                "SELECT id FROM records WHERE type = 'person'")]
            reindex_persons(conn, people)
        report.remade = _remake_lost_changes(vault.store)
        report.unsent += report.remade
        with vault.store.reading() as conn:
            seqs = [r[0] for r in conn.exec_driver_sql("SELECT seq FROM audit ORDER BY seq")]
        report.audit_gaps = audit_gaps(seqs, report.table("audit").expected)
        vault.store.audit(RESCUE_ACTION, detail={
            "lost_audit_entries": [list(gap) for gap in report.audit_gaps],
            "saved": {name: t.saved for name, t in report.tables.items()},
            "lost": {name: t.lost for name, t in report.tables.items() if t.damaged},
            "damaged_file": report.damaged_file.name})


def _remake_lost_changes(store: Store) -> int:
    """A record changed on this laptop whose last change could not be read from the outbox
    still holds what was typed: send it again as a change of all its fields against the
    revision it was based on (the server's merge takes what differs, and keeps both values
    where both sides changed a field). A local write stamps the record and its change alike,
    so the change is missing when no outbox row carries the record's stamp."""
    with store.reading() as conn:
        ids = [r[0] for r in conn.exec_driver_sql(
            "SELECT id FROM records r WHERE sync_state = 'pending' AND hlc IS NOT NULL AND "
            "NOT EXISTS (SELECT 1 FROM outbox o WHERE o.record_id = r.id AND o.hlc = r.hlc)")]
    with store.transaction():
        for record_id in ids:
            record = store.get(record_id, include_deleted=True)
            if record is not None:
                store.write_unchecked(record, dict(record.fields), action="rescue_resend")
    return len(ids)


def audit_gaps(seqs: list[int], expected: int | None) -> list[tuple[int, int]]:
    """The (first, last) numbers of audit entries missing among ``seqs`` (numbered from 1),
    and at the end when fewer than ``expected`` entries were counted."""
    gaps, previous = [], 0
    for seq in seqs:
        if seq > previous + 1:
            gaps.append((previous + 1, seq - 1))
        previous = seq
    missing = (expected or 0) - len(seqs) - sum(b - a + 1 for a, b in gaps)
    if missing > 0:
        gaps.append((previous + 1, previous + missing))
    return gaps


def _build(source_path: Path, new_path: Path, key: bytes, report: RescueReport) -> None:
    source = _Source(source_path, key)
    try:
        version = (source.query("PRAGMA user_version") or [[migrations.SCHEMA_VERSION]])[0][0]
        if version > migrations.SCHEMA_VERSION:
            raise VaultTooNew(found=version, supported=migrations.SCHEMA_VERSION)
        engine = make_engine(new_path, key)
        try:
            migrations.upgrade(engine, new_path)
        finally:
            engine.dispose()
        with closing(connect(new_path, key)) as target:
            target.execute("PRAGMA journal_mode = WAL")
            for table in _tables(target):
                report.tables[table] = _copy_table(source, target, table)
            report.unsent = target.execute(
                "SELECT count(*) FROM outbox WHERE acked = 0").fetchone()[0]
            target.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    except BaseException:
        _remove_with_logs(new_path)
        raise
    finally:
        source.reset()


def _tables(target: sqlcipher3.Connection) -> list[str]:
    names = [r[0] for r in target.execute(
        "SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")]
    kept = [n for n in names if not n.startswith(_REBUILT_PREFIXES)]
    return sorted(kept, key=lambda n: (KEPT_FIRST.index(n) if n in KEPT_FIRST
                                       else len(KEPT_FIRST), n))


def _copy_table(source: _Source, target: sqlcipher3.Connection, table: str) -> TableRescue:
    result = TableRescue(table)
    wanted = [r[1] for r in target.execute(f'PRAGMA table_info("{table}")')]
    have = set(source.columns(table))
    columns = [c for c in wanted if c in have]
    if not columns:
        result.damaged = True
        return result
    counted = source.query(f'SELECT count(*) FROM "{table}"')
    result.expected = counted[0][0] if counted else None
    names = ", ".join(f'"{c}"' for c in columns)
    marks = ", ".join("?" * (len(columns) + 1))
    # Triggers fill the search index and the report marks from the rows as they arrive.
    insert = f'INSERT OR IGNORE INTO "{table}" (rowid, {names}) VALUES ({marks})'
    target.execute("BEGIN")
    try:
        batch = 4 if table == "blobs" else 200  # attachments are large: a few at a time
        for row in source.rows(table, columns, result, batch):
            result.saved += target.execute(insert, row).rowcount
        target.execute("COMMIT")
    except BaseException:
        target.execute("ROLLBACK")
        raise
    return result


def _copy_with_log(path: Path, copy: Path) -> None:
    shutil.copyfile(path, copy)
    wal = path.with_name(path.name + "-wal")
    if wal.is_file():
        shutil.copyfile(wal, copy.with_name(copy.name + "-wal"))


def _remove_with_logs(path: Path) -> None:
    for suffix in ("", "-wal", "-shm"):
        path.with_name(path.name + suffix).unlink(missing_ok=True)


def _swap(db_path: Path, ready_path: Path, aside: Path) -> None:
    """The damaged file (and its logs) aside, unchanged; the new vault in its place. The old
    write-ahead log goes before the new file takes the name, so it is never applied to it."""
    for suffix in ("", "-wal", "-shm"):
        old = db_path.with_name(db_path.name + suffix)
        if old.exists():
            os.replace(old, aside.with_name(aside.name + suffix))
    for suffix in ("-wal", "-shm"):  # empty after the final checkpoint
        ready_path.with_name(ready_path.name + suffix).unlink(missing_ok=True)
    os.replace(ready_path, db_path)
    if hasattr(os, "O_DIRECTORY"):
        fd = os.open(db_path.parent, os.O_DIRECTORY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)

