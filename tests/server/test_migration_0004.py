"""Upgrading a server database of schema 0003: revisions go on from its counter."""

from __future__ import annotations

import json

import pytest
from sqlalchemy import text

from sync.server import admin, pull
from sync.server.db import upgrade
from tests.server.old_schema import database_at, old_database_url

STAMP = [41, "1764000000000-0000-dev12345", "dev-1234", "sw_qerret", "c1"]


@pytest.mark.parametrize("kind", ["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def test_an_0003_database_upgrades_and_continues_its_revisions(kind, tmp_path, request) -> None:
    url = old_database_url(kind, tmp_path, request)
    with database_at(url, "0003", municipality="Pukë") as conn:
        conn.execute(text("INSERT INTO records (id, type, rev, deleted, fields, stamps, "
                          "updated_at) VALUES ('v1', 'village', 41, false, :f, :s, "
                          "CURRENT_TIMESTAMP)"),
                     {"f": json.dumps({"name": "Fshat"}), "s": json.dumps({"name": STAMP})})
        conn.execute(text("UPDATE counter SET value = 41 WHERE id = 1"))
    upgrade(url)
    with admin.open_db(url) as session:
        assert session.execute(text("SELECT count(*) FROM rev_claims")).scalar() == 0
        assert pull.head(session) == 41
        row = admin.write_server_record(session, "village", "v2", {"name": "Tjetër"})
        session.commit()
        assert row.rev == 42
        assert pull.head(session) == 42
        assert session.execute(text("SELECT count(*) FROM records")).scalar() == 2
