"""The vault's audit log as sync sends it to the server: unsent entries in chain order.

The entries leave the vault as they are (the server checks their chain); a vault's log is
named by the hash of its first entry. What the server has stored is marked ``synced`` and
remembered by its sequence number, so the next sync sends only what came after.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

from desktop.core.store import Store
from sync.audit import ENTRY_FIELDS

SENT_KEY = "audit_sent_seq"
T = TypeVar("T")


class AuditOutbox:
    """``run_db`` runs each step where the vault's connections live (the database thread
    of the app); without it the steps run on the calling thread (the command line)."""

    def __init__(self, store: Store,
                 run_db: Callable[[Callable[[Store], Any]], Any] | None = None) -> None:
        self.store = store
        self._run_db = run_db

    def _on_db(self, step: Callable[[], T]) -> T:
        return step() if self._run_db is None else self._run_db(lambda _store: step())

    def chain(self) -> str | None:
        """The name of this vault's log (its first entry's hash), None while it is empty."""
        return self._on_db(self._chain)

    def unsent(self, limit: int) -> list[dict[str, Any]]:
        return self._on_db(lambda: self._unsent(limit))

    def mark_sent(self, upto_seq: int) -> None:
        self._on_db(lambda: self._mark_sent(upto_seq))

    def _chain(self) -> str | None:
        with self.store.reading() as conn:
            row = conn.exec_driver_sql("SELECT hash FROM audit ORDER BY seq LIMIT 1").fetchone()
        return row[0] if row else None

    def _unsent(self, limit: int) -> list[dict[str, Any]]:
        sent = int(self.store.meta_get(SENT_KEY) or 0)
        with self.store.reading() as conn:
            rows = conn.exec_driver_sql(
                f"SELECT {', '.join(ENTRY_FIELDS)} FROM audit WHERE seq > ? ORDER BY seq "
                "LIMIT ?", (sent, limit)).fetchall()
        return [dict(zip(ENTRY_FIELDS, row, strict=True)) for row in rows]

    def _mark_sent(self, upto_seq: int) -> None:
        with self.store.transaction() as conn:
            conn.exec_driver_sql("UPDATE audit SET synced = 1 WHERE seq <= ? AND synced = 0",
                                 (upto_seq,))
            conn.exec_driver_sql("INSERT INTO sync_meta (key, value) VALUES (?, ?) ON "
                                 "CONFLICT(key) DO UPDATE SET value = excluded.value",
                                 (SENT_KEY, str(upto_seq)))
