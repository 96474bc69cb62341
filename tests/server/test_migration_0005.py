"""Upgrading a server database of schema 0004: the index of records by type and unit, and a
pull's scan of a unit's records after it."""

from __future__ import annotations

import json

import pytest
from sqlalchemy import inspect, text

from sync.server import admin, pull_rows
from sync.server.db import make_engine, upgrade
from tests.server.old_schema import database_at, old_database_url

ROWS = [  # id, type, rev, unit, case id
    ("c1", "case", 1, "Qerret", None),
    ("c2", "case", 2, "Pukë", None),
    ("n1", "note", 3, None, "c1"),
    ("n2", "note", 4, None, "c2"),
]


@pytest.mark.parametrize("kind", ["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def test_an_0004_database_gets_the_type_unit_index_and_scans_a_unit(kind, tmp_path,
                                                                    request) -> None:
    url = old_database_url(kind, tmp_path, request)
    with database_at(url, "0004", municipality="Pukë") as conn:
        for rid, rtype, rev, unit, case_id in ROWS:
            conn.execute(text("INSERT INTO records (id, type, rev, deleted, fields, stamps, "
                              "admin_unit, case_id, updated_at) VALUES (:i, :t, :r, false, "
                              ":f, '{}', :u, :c, CURRENT_TIMESTAMP)"),
                         {"i": rid, "t": rtype, "r": rev, "u": unit, "c": case_id,
                          "f": json.dumps({"administrative_unit": unit, "case_id": case_id})})
        conn.execute(text("UPDATE counter SET value = 4 WHERE id = 1"))
    upgrade(url)
    engine = make_engine(url)
    try:
        indexes = {ix["name"]: ix["column_names"] for ix in inspect(engine).get_indexes("records")}
    finally:
        engine.dispose()
    assert indexes["ix_records_type_unit"] == ["type", "admin_unit"]
    assert "ix_records_type" not in indexes  # its queries use the two beginning with the type
    with admin.open_db(url) as session:
        scanned = pull_rows.scan(session, 0, 100, ("Qerret",))
        everything = pull_rows.scan(session, 0, 100)
    # the other unit's case and its note are left out for a user of Qerret, not for all
    assert [row.id for row in scanned] == ["c1", "n1"]
    assert [row.id for row in everything] == ["c1", "c2", "n1", "n2"]
