"""A plain (unencrypted) SQLite copy of a bench vault, for the same code's figure without
SQLCipher. Synthetic bench data only: a real vault is never copied in the clear."""

from __future__ import annotations

from pathlib import Path
from typing import Any


def export_plain(vault: Any, path: Path) -> None:
    """Write the vault's database to ``path`` unencrypted, with its schema version."""
    with vault.store.engine.connect() as conn:
        raw = conn.connection.dbapi_connection
        raw.execute(f"ATTACH DATABASE '{path}' AS plaintext KEY ''")
        raw.execute("SELECT sqlcipher_export('plaintext')")
        version = raw.execute("PRAGMA main.user_version").fetchone()[0]
        raw.execute(f"PRAGMA plaintext.user_version = {int(version)}")
        raw.execute("DETACH DATABASE plaintext")


def plain_store(vault: Any, path: Path) -> Any:
    """A Store over the plain copy at ``path``, brought to the program's schema."""
    from desktop.core import migrations
    from desktop.core.store import Store
    from desktop.core.vault import make_engine

    engine = make_engine(path, None)
    migrations.upgrade(engine, path)
    return Store(engine, vault.store.profile, user=vault.user, device=vault.device_id)
