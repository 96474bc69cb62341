"""The marks of a list page: the same as reading the whole vault, and found through indexes."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from desktop.core.refusals import discard_refused
from desktop.core.sync_local import VaultReplica
from desktop.core.sync_marks import CONFLICT, REFUSED, UNSENT, case_mark, record_marks
from desktop.core.vault import OpenVault
from sync.protocol import CONFLICT_TYPE
from sync.records import Record
from tests.core.query_plans import statement_plans


def whole_vault_marks(store: Any) -> dict[str, str]:
    """The marks as they were computed before: every outbox row and conflict of the vault."""
    with store.reading() as conn:
        def ids(sql: str, params: tuple[Any, ...] = ()) -> set[str]:
            return {r[0] for r in conn.exec_driver_sql(sql, params) if r[0]}

        def owners(found: set[str]) -> set[str]:
            out: set[str] = set()
            for rid in sorted(found):
                for case_id, person_id in conn.exec_driver_sql(
                        "SELECT case_id, CASE WHEN type = 'case' THEN person_id END FROM "
                        "records WHERE id = ?", (rid,)):
                    out.update(v for v in (case_id, person_id) if v)
            for case_id in sorted(out):
                out.update(r[0] for r in conn.exec_driver_sql(
                    "SELECT person_id FROM records WHERE type = 'case' AND id = ? AND "
                    "person_id IS NOT NULL", (case_id,)))
            return out

        flagged = {
            UNSENT: ids("SELECT DISTINCT record_id FROM outbox WHERE acked = 0"),
            REFUSED: ids("SELECT DISTINCT record_id FROM outbox WHERE acked = 1 AND "
                         "json_extract(result, '$.status') = 'rejected' AND "
                         "json_extract(result, '$.handled') IS NULL"),
            CONFLICT: ids("SELECT DISTINCT json_extract(fields, '$.record_id') FROM records "
                          "WHERE type = ? AND status = 'open' AND deleted = 0",
                          (CONFLICT_TYPE,)),
        }
        marks: dict[str, str] = {}
        for mark in (UNSENT, REFUSED, CONFLICT):
            for rid in flagged[mark] | owners(flagged[mark]):
                marks[rid] = mark
    return marks


def _person(vault: OpenVault, n: int) -> str:
    return vault.store.create("person", {"first_name": f"Emri{n}", "last_name": "Kola",
                                         "sex": "F", "administrative_unit": "Qelëz"}).id


def _case(vault: OpenVault, n: int, person_id: str) -> str:
    return vault.store.create("case", {"case_number": f"T-{n}", "person_id": person_id,
                                       "case_type": "social_care", "status": "open",
                                       "opened_on": "2026-03-01", "municipality": "Pukë",
                                       "administrative_unit": "Qelëz"}).id


def _note(vault: OpenVault, case_id: str) -> str:
    return vault.store.create("note", {"case_id": case_id, "text": "Shënim",
                                       "written_on": "2026-03-02",
                                       "author": vault.store.user}).id


def _send(vault: OpenVault, refuse: set[str] = frozenset()) -> None:  # type: ignore[assignment]
    results = []
    for change in vault.store.pending_changes(1000):
        if change.record_id in refuse:
            results.append({"change_id": change.change_id, "status": "rejected",
                            "message": "this record is outside your caseload"})
        else:
            results.append({"change_id": change.change_id, "status": "applied", "rev": 1})
    VaultReplica(vault).mark_results(results)


def _conflict(vault: OpenVault, cid: str, about: str, case_id: str, status: str) -> None:
    vault.store.put_synced(Record(cid, CONFLICT_TYPE, {
        "record_id": about, "record_type": "note", "case_id": case_id, "field": "text",
        "values": [], "status": status}, 5, False))


@pytest.fixture
def mixed(vault: OpenVault) -> Iterator[tuple[OpenVault, list[str]]]:
    """Persons, cases and notes with every kind of mark, and some with none."""
    store = vault.store
    persons = [_person(vault, n) for n in range(7)]
    cases = [_case(vault, n, p) for n, p in enumerate(persons)]
    second = _case(vault, 99, persons[5])           # a person with two cases
    notes = [_note(vault, c) for c in (*cases, second)]
    _send(vault)
    notes.append(_note(vault, cases[0]))                            # 0: an unsent note
    store.update(cases[1], {"risk_level": "high"})                  # 1: refused case ...
    _send(vault, refuse={cases[1]})
    notes.append(_note(vault, cases[1]))                            # ... and an unsent note
    _conflict(vault, "k2", notes[2], cases[2], "open")              # 2: conflict on a note
    store.update(cases[2], {"risk_level": "low"})                   # ... and unsent case
    store.update(cases[3], {"risk_level": "high"})                  # 3: refused, discarded
    _send(vault, refuse={cases[3]})
    discard_refused(store, cases[3], "Gabim i regjistrimit")
    _send(vault)
    _conflict(vault, "k4", cases[4], cases[4], "resolved")          # 4: resolved conflict,
    store.update(persons[4], {"last_name": "Gjoka"})                # an unsent person
    notes.append(_note(vault, second))                              # 5: 2nd case's note
    _send(vault, refuse={notes[-1]})                                # refused,
    notes.append(_note(vault, cases[0]))                            # sent after the rest
    _conflict(vault, "k6", cases[6], "", "open")                    # 6: conflict on a case
    yield vault, [*persons, *cases, second, *notes]


def test_the_marks_of_a_page_are_those_of_the_whole_vault(
        mixed: tuple[OpenVault, list[str]]) -> None:
    vault, shown = mixed
    everything = whole_vault_marks(vault.store)
    assert set(everything.values()) == {UNSENT, REFUSED, CONFLICT}
    assert record_marks(vault.store, shown) == {i: everything[i] for i in shown
                                                if i in everything}
    for rid in shown:      # one row at a time, as the smallest page
        assert record_marks(vault.store, [rid]) == ({rid: everything[rid]}
                                                    if rid in everything else {})
    person_of_two_cases, refused_case, plain_person = shown[5], shown[8], shown[0]
    assert record_marks(vault.store, [person_of_two_cases]) == {person_of_two_cases: REFUSED}
    assert record_marks(vault.store, [refused_case]) == {refused_case: REFUSED}
    assert record_marks(vault.store, [plain_person]) == {plain_person: UNSENT}


def test_a_list_of_cases_has_the_marks_of_the_whole_vault_without_persons_looked_up(
        mixed: tuple[OpenVault, list[str]]) -> None:
    """A list of cases (or of visits and referrals, by their case) asks for its marks without
    looking for persons' cases: the same marks as the whole vault gives."""
    vault, shown = mixed
    everything = whole_vault_marks(vault.store)
    cases = shown[7:15]
    marks = record_marks(vault.store, cases, persons=False)
    assert marks == {i: everything[i] for i in cases if i in everything}
    assert set(marks.values()) == {UNSENT, REFUSED, CONFLICT}
    plans = statement_plans(vault, lambda: record_marks(vault.store, cases, persons=False))
    assert not any("records_person" in plan for _, _, plan in plans), plans


def test_marks_with_no_conflict_or_refusal_left_follow_the_records_too(
        vault: OpenVault) -> None:
    """With no open conflict and no refusal in the vault, the related records are looked at
    only for unsent changes; the marks are still those of the whole vault as conflicts and
    refusals come and go (a resolved conflict stays in the vault)."""
    store = vault.store
    persons = [_person(vault, n) for n in range(4)]
    cases = [_case(vault, n, p) for n, p in enumerate(persons)]
    _send(vault)
    shown = [*persons, *cases]

    def check(expected: set[str]) -> None:
        everything = whole_vault_marks(store)
        assert record_marks(store, shown) == {i: everything[i] for i in shown
                                              if i in everything}
        assert record_marks(store, cases, persons=False) == {
            i: everything[i] for i in cases if i in everything}
        assert set(everything.values()) == expected

    check(set())
    note = _note(vault, cases[0])                                 # an unsent note only
    check({UNSENT})
    _conflict(vault, "k1", note, cases[0], "resolved")            # a resolved conflict
    check({UNSENT})
    _conflict(vault, "k2", cases[1], cases[1], "open")            # an open one
    check({UNSENT, CONFLICT})
    store.update(cases[2], {"risk_level": "high"})
    _send(vault, refuse={cases[2]})                               # a refusal (note sent)
    check({REFUSED, CONFLICT})
    _conflict(vault, "k2", cases[1], cases[1], "resolved")
    discard_refused(store, cases[2], "Gabim i regjistrimit")
    _send(vault)
    check(set())


def test_the_mark_of_a_case_is_its_marks_of_its_records(
        mixed: tuple[OpenVault, list[str]]) -> None:
    vault, shown = mixed
    cases = shown[7:14]
    assert [case_mark(vault.store, c) for c in cases] == [
        UNSENT, REFUSED, CONFLICT, None, None, None, CONFLICT]


def test_marks_are_looked_up_by_index_not_by_reading_the_outbox(
        mixed: tuple[OpenVault, list[str]]) -> None:
    vault, shown = mixed
    plans = statement_plans(vault, lambda: (record_marks(vault.store, shown),
                                   case_mark(vault.store, shown[7])))
    assert any("outbox_refused_record" in plan for _, _, plan in plans)
    assert any("outbox_unsent_record" in plan for _, _, plan in plans)
    assert any("records_conflict_about" in plan for _, _, plan in plans)
    assert any("records_case_ids" in plan for _, _, plan in plans)
    for sql, _params, plan in plans:
        for step in plan.splitlines():
            # every read of a table goes to the rows of the records asked about: no SCAN of a
            # table (only of the asked ids and what was found for them), no range over all
            # unsent changes or all open conflicts
            # (but the look at whether any refusal is left: every entry of its partial index
            # is one, the first ends the look)
            assert not step.startswith("SCAN") or "CONSTANT ROW" in step or step.split()[1] in (
                "json_each", "wanted", "w", "o", "related", "g", "cases_of") or step == (
                "SCAN outbox USING INDEX outbox_refused_record"), f"{sql}\n{plan}"
            if step.startswith("SEARCH outbox"):
                assert "(record_id=?)" in step, f"{sql}\n{plan}"
            if step.startswith("SEARCH records"):
                # (the look at whether any conflict is open: by its status)
                assert any(key in step for key in ("(id=?)", "case_id=?)", "person_id=?)",
                                                   "(<expr>=?)", "records_status (type=? AND "
                                                   "status=?)")), f"{sql}\n{plan}"
