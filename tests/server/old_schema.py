"""Server databases made at an older schema, for the migrations' tests."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from alembic import command
from sqlalchemy import Connection, text

from sync.server.db import alembic_config, make_engine, prepare_sqlite


def old_database_url(kind: str, tmp_path: Path, request: Any) -> str:
    """A new, empty database on PostgreSQL (``kind`` "postgres") or in a SQLite file."""
    if kind == "postgres":
        return request.getfixturevalue("pg_cluster").create_database("migration")
    return f"sqlite:///{tmp_path / 'old.db'}"


@contextmanager
def database_at(url: str, revision: str, municipality: str | None = None
                ) -> Iterator[Connection]:
    """The database at ``url`` made at schema ``revision`` (and its municipality set): what
    the block writes with the connection is committed, then the engine is let go."""
    prepare_sqlite(url, create=True)
    engine = make_engine(url)
    try:
        with engine.begin() as conn:
            cfg = alembic_config(url)
            cfg.attributes["connection"] = conn
            command.upgrade(cfg, revision)
            if municipality is not None:
                conn.execute(text("INSERT INTO settings (key, value) VALUES ('municipality', "
                                  ":m)"), {"m": municipality})
            yield conn
    finally:
        engine.dispose()
