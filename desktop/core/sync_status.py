"""What the Sync screen shows about a vault: what waits to be sent, what the server refused,
the open conflicts, the last sync and the server session (Qt-free)."""

from __future__ import annotations

from dataclasses import dataclass, field

from desktop.core.refusals import refused_count
from desktop.core.store import Store
from desktop.core.sync_local import LAST_SYNC_KEY, META_TOKEN, META_URL, open_conflicts


@dataclass
class SyncStatus:
    pending: int
    last_sync: str | None
    by_type: list[tuple[str, int]] = field(default_factory=list)
    vault_server: str | None = None   # the server the vault signed in at, if any
    has_session: bool = True          # the vault keeps a server session (address and token)
    refused: int = 0                  # refused changes that wait for a decision
    conflicts: int = 0                # open conflicts


def read_status(store: Store) -> SyncStatus:
    with store.reading() as conn:
        by_type = [(r[0], r[1]) for r in conn.exec_driver_sql(
            "SELECT record_type, count(*) FROM outbox WHERE acked = 0 GROUP BY record_type "
            "ORDER BY count(*) DESC")]
    url, token = store.meta_get(META_URL), store.meta_get(META_TOKEN)
    return SyncStatus(store.pending_count(), store.meta_get(LAST_SYNC_KEY), by_type,
                      vault_server=url or None, has_session=bool(url and token),
                      refused=refused_count(store), conflicts=len(open_conflicts(store)))
