"""Upgrading a server database of schema 0001: attachments keep their owners, nothing lost."""

from __future__ import annotations

import json

import pytest
from alembic import command
from sqlalchemy import text

from sync.server import admin
from sync.server.db import alembic_config, make_engine, prepare_sqlite, sqlite_path, upgrade

SHA = "ab" * 32
STAMP = [5, "1764000000000-0000-dev12345", "dev-1234", "sw_qerret", "c1"]


@pytest.mark.parametrize("kind", ["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def test_an_0001_database_upgrades_with_its_attachments_owned(kind, tmp_path, request) -> None:
    if kind == "postgres":
        url = request.getfixturevalue("pg_cluster").create_database("migration")
    else:
        url = f"sqlite:///{tmp_path / 'old.db'}"
    _check_upgrade(url)
    assert sqlite_path(url) is None or sqlite_path(url).exists()


def _check_upgrade(url: str) -> None:
    prepare_sqlite(url, create=True)
    engine = make_engine(url)
    with engine.begin() as conn:
        cfg = alembic_config(url)
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, "0001")
        fields = {"case_id": "c", "sha256": SHA, "mime": "image/png", "size": 3,
                  "added_on": "2026-03-02"}
        conn.execute(text("INSERT INTO records (id, type, rev, deleted, fields, stamps, "
                          "updated_at) VALUES ('a1', 'attachment', 5, false, :f, :s, "
                          "CURRENT_TIMESTAMP)"),
                     {"f": json.dumps(fields), "s": json.dumps({"sha256": STAMP})})
        conn.execute(text("INSERT INTO blobs (sha256, size, data, created_at) VALUES "
                          "(:sha, 3, :d, CURRENT_TIMESTAMP)"), {"sha": SHA, "d": b"abc"})
        conn.execute(text('INSERT INTO blob_chunks (sha256, "offset", data) VALUES '
                          "(:sha, 0, :d)"), {"sha": "cd" * 32, "d": b"half"})
    engine.dispose()
    upgrade(url)
    with admin.open_db(url) as session:
        owners = session.execute(text("SELECT sha256, username FROM blob_owners")).all()
        assert owners == [(SHA, "sw_qerret")]
        sha = session.execute(text("SELECT content_sha FROM records WHERE id = 'a1'")).scalar()
        assert sha == SHA
        assert session.execute(text("SELECT count(*) FROM blob_chunks")).scalar() == 0
        assert session.execute(text("SELECT count(*) FROM audit")).scalar() == 0
