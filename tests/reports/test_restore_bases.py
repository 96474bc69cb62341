"""A restore keeps the report bases up to date page by page: the first report after it has
nothing left to build, and its figures are those of bases built from scratch."""

from __future__ import annotations

import random

from desktop.core.keys import FAST_KDF
from desktop.core.reports import build_report
from desktop.core.reports.cache import records_cache
from desktop.core.sync_local import VaultReplica
from desktop.core.vault import create_vault
from sync.records import Record
from tests.reports.caseload import build_caseload
from tests.reports.test_cache import PASSWORD, REQUEST, USER, rebuild_everything_next


def server_pages(store, size: int, seed: int) -> list[list[dict]]:
    """Every record of ``store`` as pulled pages, in a shuffled commit order (a visit or a
    plan may arrive before its case, a case before its person)."""
    with store.reading() as conn:
        rows = conn.exec_driver_sql("SELECT id FROM records ORDER BY id").fetchall()
    records = [store.get(r[0], include_deleted=True) for r in rows]
    random.Random(seed).shuffle(records)
    pulled = [{"id": r.id, "type": r.type, "rev": n, "deleted": r.deleted,
               "fields": dict(r.fields)} for n, r in enumerate(records, start=1)]
    return [pulled[start:start + size] for start in range(0, len(pulled), size)]


def test_the_first_report_after_a_restore_finds_its_bases_ready(tmp_path):
    with create_vault(tmp_path / "office", USER, PASSWORD, kdf=FAST_KDF) as office:
        build_caseload(office.store, persons=50, seed=3)
        expected = build_report(office.store, REQUEST)
        pages = server_pages(office.store, size=97, seed=5)
    with create_vault(tmp_path / "laptop", USER, PASSWORD, kdf=FAST_KDF) as laptop:
        replica = VaultReplica(laptop, reports=True)
        for page in pages:
            replica.apply_page(page, page[-1]["rev"])
        cache = records_cache(laptop.store)
        built = dict(cache.done)
        assert built["full"] == 1 and built["update"] == len(pages) - 1
        first = build_report(laptop.store, REQUEST)
        assert cache.done == built  # nothing left to read: the bases were ready
        rebuild_everything_next(laptop.store)
        rebuilt = build_report(laptop.store, REQUEST)
        assert cache.done["full"] == 2
    assert first.tables == rebuilt.tables == expected.tables
    assert first.persons == rebuilt.persons == expected.persons
    assert first.cases_managed == expected.cases_managed


def test_a_page_written_at_once_equals_the_records_written_one_by_one(tmp_path):
    """Written as one page in any order, or one by one with each case before its records:
    the same rows, search rows and flags (a record of a sensitive case is sensitive)."""
    with create_vault(tmp_path / "office", USER, PASSWORD, kdf=FAST_KDF) as office:
        build_caseload(office.store, persons=30, seed=8)
        page = server_pages(office.store, size=10_000, seed=2)[0]
    states = {}
    for name in ("page", "one_by_one"):
        with create_vault(tmp_path / name, USER, PASSWORD, kdf=FAST_KDF) as laptop:
            if name == "page":
                VaultReplica(laptop).apply_page(page, page[-1]["rev"])
                VaultReplica(laptop).apply_page(page[:40], page[-1]["rev"])  # a page again
            else:
                for data in sorted(page, key=lambda d: d["type"] != "case"):
                    laptop.store.put_synced(Record(data["id"], data["type"], data["fields"],
                                                   data["rev"], data["deleted"]))
            states[name] = written(laptop.store)
    assert states["page"] == states["one_by_one"]
    assert any(row[6] and row[1] != "case" for row in states["page"][0])


def written(store) -> tuple[list, list]:
    with store.reading() as conn:
        return (conn.exec_driver_sql("SELECT id, type, rev, deleted, fields, sync_state, "
                                     "sensitive, case_id, person_id, title FROM records "
                                     "ORDER BY id").fetchall(),
                conn.exec_driver_sql("SELECT person_id, case_id, name, case_number FROM "
                                     "search_rows ORDER BY 1, 2").fetchall())
