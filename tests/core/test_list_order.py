"""A long list scrolled reads its pages from the rowids of the whole list kept in its order: the
same rows as the list read with OFFSET, at every place, for every sort and filter, and the right
rows once the list is read again after an edit moves a row."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from desktop.core.vault import OpenVault
from desktop.core.views.lists import ListQuery, case_query, person_query
from desktop.core.views.work_lists import visit_query
from desktop.ui.list_reads import read_pages

VILLAGES = ("Qelëz", "Gjegjan", "Kçirë")
STATUSES = ("open", "closed", "open")
RISKS = ("low", "medium", "high", "urgent")


@pytest.fixture
def register(vault: OpenVault) -> tuple[OpenVault, list[str], list[str]]:
    """Persons and cases with repeated dates, statuses, risks and villages (ties in every
    sort), a deleted case and person."""
    store = vault.store
    persons, cases = [], []
    for n in range(40):
        person = store.create("person", {
            "first_name": f"Emri{n % 6}", "last_name": f"Mbiemri{n % 5}",
            "birth_date": f"19{50 + n % 7}-0{1 + n % 9}-1{n % 3}",
            "village": VILLAGES[n % 3], "administrative_unit": "Qelëz"}).id
        persons.append(person)
        fields = {"case_number": f"PUK-2026-7F3A-{(n * 7) % 40:03}", "person_id": person,
                  "case_type": "social_care" if n % 2 else "child_protection",
                  "status": STATUSES[n % 3], "risk_level": RISKS[n % 4],
                  "opened_on": f"2026-0{1 + n % 4}-1{n % 2}", "municipality": "Pukë",
                  "administrative_unit": "Qelëz", "village": VILLAGES[n % 3]}
        cases.append(store.create("case", fields).id)
        if n % 5 == 0:
            store.create("visit", {"case_id": cases[-1], "visit_date": f"2026-04-0{1 + n % 8}",
                                   "protocol": "routine", "observations": "Vizitë"})
    store.delete(cases[9])
    store.delete(persons[11])
    return vault, persons, cases


QUERIES: list[Callable[[], ListQuery]] = [
    case_query,
    lambda: case_query(descending=False),
    lambda: case_query(sort_key="status", descending=False),
    lambda: case_query(sort_key="risk", risk_levels=RISKS),
    lambda: case_query(sort_key="number", descending=False, status="open"),
    lambda: case_query(sort_key="name"),                   # a value of the person's record
    lambda: case_query(village="Gjegjan"),
    lambda: case_query(sort_key="review", status="closed", village="Gjegjan"),
    person_query,
    lambda: person_query(sort_key="birth", descending=True),
    lambda: person_query(sort_key="name", village="Kçirë"),
    visit_query,
]


def check(store: Any, make: Callable[[], ListQuery]) -> None:
    """Every page, at every offset and size, as read with the kept order: the rows the same
    query reads with OFFSET (no order kept), and the marks read beside them."""
    query = make()
    resolved = query.resolve(store)
    total = resolved.count(store)
    assert total == query.count(store) and total > 0
    # with the first page (a reload, at the top or where the list was scrolled): no walk
    read_pages(store, resolved, [0], total)
    read_pages(store, resolved, [0, 100], total)
    assert resolved.order is not None and resolved.order.rowids is None
    pages, _ = read_pages(store, resolved, [100], total)     # rows beyond it: the walk
    assert resolved.order.rowids is not None and len(resolved.order.rowids) == total
    assert resolved.count(store) == total
    for size in (1, 3, 7, 100):
        offsets = range(0, total, size)
        kept = resolved.pages(store, offsets, size, total)
        assert kept == query.pages(store, offsets, size, total), (make, size)
        assert sum(len(rows) for rows in kept.values()) == total


def test_pages_read_from_the_kept_order_are_the_offset_pages(
        register: tuple[OpenVault, list[str], list[str]]) -> None:
    store = register[0].store
    for make in QUERIES:
        check(store, make)


def test_a_list_read_again_after_edits_that_move_rows_is_right(
        register: tuple[OpenVault, list[str], list[str]]) -> None:
    """The model reads its list again after every change (its reload resolves the query
    anew): the new order has the moved rows where they now belong."""
    vault, persons, cases = register
    store = vault.store
    before = {make: _kept_ids(store, make) for make in (case_query, person_query)}
    store.update(cases[3], {"opened_on": "2026-12-31"})       # to the top of the newest first
    store.update(cases[4], {"status": "closed"})              # into another status
    store.delete(cases[5])
    store.create("case", {"case_number": "PUK-2026-7F3A-0999", "person_id": persons[2],
                          "case_type": "social_care", "status": "open",
                          "opened_on": "2026-02-10", "municipality": "Pukë"})
    store.update(persons[6], {"birth_date": "2001-01-01"})
    moved = _kept_ids(store, case_query)
    assert moved != before[case_query] and moved[0] == cases[3] and cases[5] not in moved
    for make in QUERIES:
        check(store, make)


def test_an_order_kept_before_an_edit_is_not_kept_by_a_changed_query(
        register: tuple[OpenVault, list[str], list[str]]) -> None:
    vault, _, _ = register
    resolved = case_query().resolve(vault.store)
    resolved.keep_order(vault.store)
    assert resolved.order is not None and resolved.order.rowids is not None
    by_status = resolved.with_(sort_key="status")
    assert by_status.order is None
    assert by_status.resolve(vault.store).order.rowids is None    # type: ignore[union-attr]
    assert resolved == case_query()           # what is kept is not part of the query
    assert resolved.resolve(vault.store) is resolved


def _kept_ids(store: Any, make: Callable[[], ListQuery]) -> list[str]:
    resolved = make().resolve(store)
    resolved.keep_order(store)
    total = resolved.count(store)
    return [row[0] for row in resolved.page(store, 0, total, total)]
