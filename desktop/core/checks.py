"""Integrity checks of an open vault, for ``kujdes vault check`` and support.

A damaged page must not end the check in a traceback: each part of the vault is read on its
own, a part that cannot be read is named in :attr:`VaultReport.damaged`, and the check goes on
with the next part on fresh connections (SQLCipher refuses every later read on a connection
that met a page it could not decrypt).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from contextlib import suppress
from dataclasses import dataclass, field

import sqlcipher3
from sqlalchemy.exc import DBAPIError

from desktop.core.errors import VaultCorrupt, VaultDamaged
from desktop.core.i18n import tr
from desktop.core.rescue import RESCUE_ACTION
from desktop.core.store import GENESIS_HASH, audit_hash
from desktop.core.vault import OpenVault
from sync.records import loads

_PAGE = re.compile(r"page (\d+)")


@dataclass
class VaultReport:
    records: int = 0
    audit_entries: int = 0
    pending: int = 0
    problems: list[str] = field(default_factory=list)
    damaged: list[str] = field(default_factory=list)  # translated names of unreadable parts
    audit_gaps: list[tuple[int, int]] = field(default_factory=list)  # lost in a rescue

    def damage_error(self) -> VaultDamaged | None:
        """One sentence naming every damaged part and what to do, or None."""
        if not self.damaged:
            return None
        return VaultDamaged(what=", ".join(self.damaged))


def check_vault(vault: OpenVault) -> VaultReport:
    """SQLCipher page integrity, SQLite structure, the audit chain and the search index."""
    report = VaultReport()
    _part(vault, report, tr("the vault's structure"), lambda: _pages(vault, report))
    _part(vault, report, tr("the records"), lambda: _records(vault, report))
    _part(vault, report, tr("the search index"), lambda: _search_index(vault))
    _part(vault, report, tr("the audit log"), lambda: _audit(vault, report))
    _part(vault, report, tr("the changes waiting to be sent"), lambda: _pending(vault, report))
    return report


def _part(vault: OpenVault, report: VaultReport, name: str, read: Callable[[], None]) -> None:
    try:
        read()
    except (VaultCorrupt, DBAPIError, sqlcipher3.Error, MemoryError):
        report.damaged.append(name)
        if vault.engine is not None:
            vault.engine.dispose()  # the next part starts on connections that met no error


def _pages(vault: OpenVault, report: VaultReport) -> None:
    with vault.store.reading() as conn:
        rows = [r[0] for r in conn.exec_driver_sql("PRAGMA cipher_integrity_check") if r[0]]
        pages = sorted({int(m) for row in rows for m in _PAGE.findall(str(row))})
        if pages:
            shown = ", ".join(str(p) for p in pages[:10]) + (" …" if len(pages) > 10 else "")
            report.damaged.append(tr("pages {pages}", pages=shown))
            vault.engine.dispose()
            return
        rows = [r[0] for r in conn.exec_driver_sql("PRAGMA integrity_check")]
        if any(row != "ok" for row in rows):
            report.damaged.append(tr("the vault's structure"))


def _records(vault: OpenVault, report: VaultReport) -> None:
    with vault.store.reading() as conn:
        report.records = conn.exec_driver_sql("SELECT count(*) FROM records").scalar_one()
        # Every row is read, so a damaged page in the middle of the table shows here.
        conn.exec_driver_sql("SELECT max(length(fields)) FROM records").scalar_one()


def _search_index(vault: OpenVault) -> None:
    with vault.store.reading() as conn:
        conn.exec_driver_sql("INSERT INTO search_fts(search_fts, rank) VALUES "
                             "('integrity-check', 1)")


def _audit(vault: OpenVault, report: VaultReport) -> None:
    """Walk the hash chain. A gap is accepted only where a rescue of the vault wrote down
    that those entries could not be read (the rescue's own entry is part of the chain)."""
    with vault.store.reading() as conn:
        rows = conn.exec_driver_sql(
            "SELECT seq, at, user, device, action, record_type, record_id, detail, "
            "prev_hash, hash FROM audit ORDER BY seq").fetchall()
    lost = _rescued_gaps(rows)
    prev, prev_seq = GENESIS_HASH, 0
    for row in rows:
        report.audit_entries += 1
        gap = (prev_seq + 1, row[0] - 1)
        if row[8] != prev and gap in lost:
            report.audit_gaps.append(gap)
            prev = row[8]
        if row[8] != prev or row[9] != audit_hash(prev, *row[1:8]):
            report.problems.append(tr("The audit log has been altered at entry {seq}.",
                                      seq=row[0]))
            return
        prev, prev_seq = row[9], row[0]


def _rescued_gaps(rows: list) -> set[tuple[int, int]]:
    gaps: set[tuple[int, int]] = set()
    for row in rows:
        if row[4] == RESCUE_ACTION:
            with suppress(ValueError, TypeError, KeyError):
                gaps |= {(int(a), int(b)) for a, b in loads(row[7])["lost_audit_entries"]}
    return gaps


def _pending(vault: OpenVault, report: VaultReport) -> None:
    report.pending = vault.store.pending_count()
