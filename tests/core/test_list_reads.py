"""A list's reads give what a plain computation gives, after edits too: a searched list's rows,
count and values (found once), the whole list's count and its pages (read through indexes)."""

from __future__ import annotations

from typing import Any

import pytest

from desktop.core.vault import OpenVault
from desktop.core.views.lists import ListQuery, case_query, person_query
from tests.core.list_people import register_people
from tests.core.query_plans import statement_plans

FIRST = ("Gjon", "Gjergj", "Gjyste", "Gjin", "Arben", "Gjeto")
LAST = ("Gjoka", "Marku", "Ndoja", "Gjini")
VILLAGES = ("Qelëz", "Gjegjan", "Kçirë")


@pytest.fixture
def register(vault: OpenVault) -> tuple[OpenVault, list[str], list[str]]:
    """Persons whose names share prefixes; most with a case, some with two, in three
    villages, open and closed."""
    return register_people(vault, [(FIRST[n % len(FIRST)], LAST[n % len(LAST)])
                                   for n in range(36)], VILLAGES)


def expected_ids(store: Any, query: ListQuery) -> list[str]:
    """The search's hits (as the list asks for them), each checked on its record: alive, of
    the list's type, within the filters."""
    hits = store.search_ids(query.text, query.search_id, 500)
    record_type = "case" if query.alias == "c" else "person"
    filters = {column.split(".")[1]: value for column, value in query.filters if value}
    shown = []
    for record_id in hits:
        with store.reading() as conn:
            row = conn.exec_driver_sql(
                "SELECT type, deleted, status, village, admin_unit FROM records WHERE id = ?",
                (record_id,)).fetchone()
        if row is None or row[0] != record_type or row[1]:
            continue
        if any(dict(zip(("status", "village", "admin_unit"), row[2:], strict=True))[k] != v
               for k, v in filters.items()):
            continue
        shown.append(record_id)
    return shown


def check(store: Any, query: ListQuery) -> None:
    resolved = query.resolve(store)
    wanted = expected_ids(store, query)
    count = resolved.count(store)
    assert count == len(wanted) == query.count(store)      # unresolved: counted in SQL
    for size in (1, 4, 100):
        offsets = range(0, max(count, 1), size)
        pages = resolved.pages(store, offsets, size, count)
        assert [row[0] for o in offsets for row in pages[o]] == wanted
        # the values shown: as read by the query that searches again for each page
        assert pages == query.pages(store, offsets, size, count)
    # a column sort reads the same rows in its own order
    by_number = query.with_(sort_key="number" if query.alias == "c" else "birth").resolve(store)
    rows = by_number.page(store, 0, 500, count)
    assert sorted(r[0] for r in rows) == sorted(wanted) and by_number.count(store) == count


QUERIES = [
    lambda: case_query(text="Gj", sort_key="", descending=False),
    lambda: case_query(text="gjo", sort_key="", descending=False, status="open"),
    lambda: case_query(text="Gj nd", sort_key="", descending=False, village="Qelëz"),
    lambda: case_query(text="Gjegjan", sort_key="", descending=False),
    lambda: case_query(text="zzz", sort_key="", descending=False),
    lambda: person_query(text="Gj"),
    lambda: person_query(text="gjini", village="Kçirë"),
]


def test_a_searched_list_shows_the_hits_within_its_filters_after_edits(
        register: tuple[OpenVault, list[str], list[str]]) -> None:
    vault, persons, cases = register
    store = vault.store
    for make in QUERIES:
        check(store, make())
    assert case_query(text="Gj", sort_key="", descending=False).resolve(store).count(store) > 10
    store.delete(cases[3])                                   # a deleted case leaves the list
    store.update(cases[5], {"status": "closed"})             # out of the "open" filter
    store.update(cases[8], {"village": "Qelëz"})              # into the village filter
    store.update(persons[10], {"last_name": "Ndoja"})         # found by another name
    store.delete(persons[12])
    extra = store.create("person", {"first_name": "Gjon", "last_name": "Ndoja",
                                    "village": "Qelëz"}).id
    store.create("case", {"case_number": "PUK-2026-7F3A-9999", "person_id": extra,
                          "case_type": "social_care", "status": "open",
                          "opened_on": "2026-05-05", "municipality": "Pukë",
                          "administrative_unit": "Qelëz", "village": "Qelëz"})
    for make in QUERIES:
        check(store, make())


def test_a_changed_query_searches_again(
        register: tuple[OpenVault, list[str], list[str]]) -> None:
    vault, _, _ = register
    resolved = case_query(text="Gj", sort_key="", descending=False).resolve(vault.store)
    assert resolved.hits is not None and resolved.hit_rows is not None
    narrower = resolved.with_(text="Gjergj")
    assert narrower.hits is None and narrower.hit_rows is None
    assert narrower.resolve(vault.store).count(vault.store) < resolved.count(vault.store)


def test_the_hits_are_checked_against_the_filters_from_an_index(
        register: tuple[OpenVault, list[str], list[str]]) -> None:
    """The rows of the hits (a page decrypted each, on a large vault) are not read to count
    them: their filter columns are in an index by id (schema step 11)."""
    vault, _, _ = register
    for query, index in ((case_query(text="Gj", sort_key="", descending=False, status="open"),
                          "records_live_case_by_id"),
                         (person_query(text="Gj", village="Kçirë"),
                          "records_live_person_by_id")):
        plans = statement_plans(vault, lambda q=query: q.resolve(vault.store))
        assert any(f"COVERING INDEX {index} (id=?)" in plan for _, _, plan in plans), plans


def test_the_whole_list_is_counted_from_an_index_of_exactly_its_records(
        register: tuple[OpenVault, list[str], list[str]]) -> None:
    vault, persons, cases = register
    store = vault.store

    def live(record_type: str, **where: str) -> int:
        with store.reading() as conn:
            rows = conn.exec_driver_sql(
                "SELECT type, deleted, status, village FROM records").fetchall()
        return sum(1 for t, deleted, status, village in rows if t == record_type
                   and not deleted and all({"status": status, "village": village}[k] == v
                                           for k, v in where.items()))

    def counts() -> list[int]:
        return [case_query().count(store), case_query(status="open").count(store),
                person_query().count(store), person_query(village="Qelëz").count(store)]

    assert counts() == [live("case"), live("case", status="open"), live("person"),
                        live("person", village="Qelëz")]
    store.delete(cases[0])
    store.delete(persons[1])
    store.update(cases[2], {"status": "closed"})
    store.create("person", {"first_name": "Besa", "last_name": "Leka", "village": "Qelëz"})
    assert counts() == [live("case"), live("case", status="open"), live("person"),
                        live("person", village="Qelëz")]
    for query, index in ((case_query(), "records_live_cases"),
                         (person_query(), "records_live_person_by_id")):
        plans = statement_plans(vault, lambda q=query: q.count(store))
        assert any(f"SCAN c USING COVERING INDEX {index}" in plan
                   or f"SCAN p USING COVERING INDEX {index}" in plan for _, _, plan in plans), plans


def test_the_whole_list_in_its_first_order_is_walked_through_an_index(
        register: tuple[OpenVault, list[str], list[str]]) -> None:
    """The newest cases first, ties in the order they were made: the same pages as the
    records in that order, from either end (a page in the second half is read from the
    end), after edits too."""
    vault, persons, cases = register
    store = vault.store

    def check_pages() -> None:
        for descending in (True, False):
            query = case_query(descending=descending)
            with store.reading() as conn:
                rows = conn.exec_driver_sql(
                    "SELECT id, main_date, rowid FROM records WHERE type = 'case' AND "
                    "deleted = 0").fetchall()
            wanted = [r[0] for r in sorted(rows, key=lambda r: (r[1] or "", r[2]),
                                           reverse=descending)]
            total = query.count(store)
            assert total == len(wanted)
            for size in (3, 7, 100):
                offsets = range(0, total, size)
                pages = query.pages(store, offsets, size, total)
                assert [row[0] for o in offsets for row in pages[o]] == wanted
                assert pages == query.with_(sort_indexes=()).pages(store, offsets, size, total)

    check_pages()
    store.delete(cases[4])
    store.update(cases[6], {"opened_on": "2026-01-10"})       # a date others have too
    store.create("case", {"case_number": "PUK-2026-7F3A-7777", "person_id": persons[3],
                          "case_type": "social_care", "status": "open",
                          "opened_on": "2026-01-10", "municipality": "Pukë"})
    check_pages()
    plans = statement_plans(vault, lambda: case_query().page(store, 5, 10, case_query().count(store)))
    assert any("COVERING INDEX records_live_case_opened" in plan for _, _, plan in plans), plans


def test_the_person_list_in_its_own_order_is_walked_through_an_index(
        register: tuple[OpenVault, list[str], list[str]]) -> None:
    """The person list without a sort: the most recently registered first, from either end,
    after edits too."""
    vault, persons, _ = register
    store = vault.store

    def check_pages() -> None:
        query = person_query()
        with store.reading() as conn:
            wanted = [r[0] for r in conn.exec_driver_sql(
                "SELECT id FROM records WHERE type = 'person' AND deleted = 0 "
                "ORDER BY rowid DESC")]
        total = query.count(store)
        assert total == len(wanted)
        for size in (4, 9, 100):
            offsets = range(0, total, size)
            pages = query.pages(store, offsets, size, total)
            assert [row[0] for o in offsets for row in pages[o]] == wanted
            assert pages == query.with_(sort_indexes=()).pages(store, offsets, size, total)

    check_pages()
    store.delete(persons[7])
    store.update(persons[8], {"village": "Gjegjan"})
    store.create("person", {"first_name": "Drita", "last_name": "Kola", "village": "Kçirë"})
    check_pages()
    plans = statement_plans(vault, lambda: person_query().page(store, 5, 10, person_query().count(store)))
    assert any("COVERING INDEX records_live_persons" in plan for _, _, plan in plans), plans
