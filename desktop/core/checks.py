"""Integrity checks of an open vault, for ``kujdes vault check`` and support."""

from __future__ import annotations

from dataclasses import dataclass, field

from desktop.core.vault import OpenVault


@dataclass
class VaultReport:
    records: int = 0
    audit_entries: int = 0
    pending: int = 0
    problems: list[str] = field(default_factory=list)


def check_vault(vault: OpenVault) -> VaultReport:
    """SQLCipher page integrity, SQLite structure, the audit chain and the search index."""
    report = VaultReport()
    store = vault.store
    with store.reading() as conn:
        for pragma in ("cipher_integrity_check", "integrity_check"):
            rows = [r[0] for r in conn.exec_driver_sql(f"PRAGMA {pragma}")]
            report.problems += [r for r in rows if r and r != "ok"]
        report.records = conn.exec_driver_sql("SELECT count(*) FROM records").scalar_one()
        conn.exec_driver_sql("INSERT INTO search_fts(search_fts, rank) VALUES "
                             "('integrity-check', 1)")
    audit = store.verify_audit()
    report.audit_entries = audit.entries
    if not audit.ok:
        from desktop.core.i18n import tr

        report.problems.append(tr("The audit log has been altered at entry {seq}.",
                                  seq=audit.first_bad_seq))
    report.pending = store.pending_count()
    return report
