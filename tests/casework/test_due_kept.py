"""The table of what is due stays equal to what the records say after every kind of edit: a
new visit, a plan review, a measure's monitoring report, a closed case, a reassignment, a
sync pull, a conflict resolved, a deletion. Each edit is checked two ways: Today's data read
from the kept table equals Today's data computed from the records (the queries Today ran
before the table), and the kept rows equal rows computed again from scratch."""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Callable
from pathlib import Path

import pytest

from desktop.core.casework import due
from desktop.core.casework.cases import assign_case, close_case
from desktop.core.casework.measures import record_monitoring_report, record_protection_order
from desktop.core.casework.meetings import add_task, complete_task, open_tasks, record_meeting
from desktop.core.casework.plan_review import record_review
from desktop.core.casework.plans import create_plan
from desktop.core.casework.visits import record_visit
from desktop.core.demo import add_demo_data
from desktop.core.migrations_due import due_rows
from desktop.core.rescue import rescue_vault
from desktop.core.store import Store
from desktop.core.sync_local import resolve_conflict
from desktop.core.vault import OpenVault, open_vault
from desktop.core.views import today as today_view
from sync.ids import uuid7
from sync.merge import DELETED
from sync.protocol import CONFLICT_TYPE
from sync.records import Record
from tests.conftest import PASSWORD as ROOT_PASSWORD

from .conftest import TODAY, new_case
from .due_reference import reference_count_due, reference_due_items

WORKERS = ("arta", "besa")


@pytest.fixture
def caseload(store: Store) -> Store:
    add_demo_data(store, 300, seed=8, today=TODAY, workers=WORKERS)
    return store


def kept_rows(store: Store) -> list[tuple]:
    with store.reading() as conn:
        return [tuple(r) for r in conn.exec_driver_sql(
            "SELECT * FROM due_items ORDER BY rid, kind")]


def rows_from_scratch(store: Store) -> list[tuple]:
    """The rows the table would hold if it were filled again now (then put back)."""
    kept = kept_rows(store)
    with store.transaction() as conn:
        conn.exec_driver_sql("DELETE FROM due_items")
        conn.exec_driver_sql(due_rows(None))
    fresh = kept_rows(store)
    with store.transaction() as conn:
        conn.exec_driver_sql("DELETE FROM due_items")
        for row in kept:
            conn.exec_driver_sql("INSERT INTO due_items VALUES (?, ?, ?, ?, ?, ?, ?)",
                                 tuple(row))
    return fresh


def assert_today_as_the_records_say(store: Store) -> None:
    for worker in (*WORKERS, None):
        for kinds, within in ((due.KINDS, 14), (due.ROUTE_KINDS, 0)):
            args = {"worker": worker, "today": TODAY, "within_days": within, "kinds": kinds}
            assert due.due_items(store, **args) == reference_due_items(store, **args)
            assert (due.count_due(store, **args, cap=50)
                    == reference_count_due(store, **args, cap=50))
    assert kept_rows(store) == rows_from_scratch(store)


def open_case_of(store: Store, worker: str, with_type: str) -> str:
    """An open case of ``worker`` that has a record of ``with_type`` due."""
    items = due.due_items(store, worker=worker, today=TODAY, within_days=400)
    return next(i.case_id for i in items if i.kind == with_type)


def a_visit(store: Store) -> None:
    case_id = open_case_of(store, "arta", due.FOLLOW_UP_VISIT)
    record_visit(store, case_id, {"visit_date": TODAY.isoformat(),
                                  "follow_up_date": (TODAY + dt.timedelta(days=3)).isoformat()})


def a_plan_review(store: Store) -> None:
    plan_id = next(i.record_id for i in due.due_items(store, worker="arta", today=TODAY,
                                                      within_days=400)
                   if i.kind == due.PLAN_REVIEW)
    record_review(store, plan_id, day=TODAY.isoformat(), note="Rishikuar.",
                  next_review=(TODAY + dt.timedelta(days=90)).isoformat(), new_version=True)


def a_monitoring_report(store: Store) -> None:
    case = new_case(store, "domestic_violence", assigned_worker="besa")
    measure = record_protection_order(store, case.id, kind="ordinary",
                                      issued_on=TODAY - dt.timedelta(days=70))
    assert any(i.record_id == measure.id for i in due.due_items(store, worker="besa",
                                                                today=TODAY))
    record_monitoring_report(store, measure.id, reported_on=TODAY, summary="Në rregull.")


def a_closed_case(store: Store) -> None:
    case_id = open_case_of(store, "arta", due.PLAN_REVIEW)
    close_case(store, case_id, next(c["code"] for c in store.profile.items("closure_reasons")),
               closed_on=TODAY)


def a_reassignment(store: Store) -> None:
    assign_case(store, open_case_of(store, "arta", due.REFERRAL), "besa")


def a_sync_pull(store: Store) -> None:
    """A pulled page: a case reassigned and a plan reviewed elsewhere, a new case received."""
    case = store.get(open_case_of(store, "besa", due.FOLLOW_UP_VISIT))
    assert case is not None
    case.fields["worker"] = "arta"
    plan_id = next(i.record_id for i in due.due_items(store, worker="besa", today=TODAY,
                                                      within_days=400)
                   if i.kind == due.PLAN_REVIEW)
    plan = store.get(plan_id)
    assert plan is not None
    plan.fields["review_date"] = (TODAY + dt.timedelta(days=2)).isoformat()
    new = dataclasses.replace(case, id=uuid7(), fields={**case.fields, "case_number": "P-1"})
    with store.transaction():
        for record in (case, plan, new):
            store.put_synced(record)
        store.meta_set("pull_cursor", "7")


def a_conflict_resolved(store: Store) -> None:
    """The server's answer to a plan deleted here and changed there: deleted, as chosen."""
    plan_id = next(i.record_id for i in due.due_items(store, worker="besa", today=TODAY,
                                                      within_days=400)
                   if i.kind == due.PLAN_REVIEW)
    conflict = Record(uuid7(), CONFLICT_TYPE, {"record_id": plan_id, "field": DELETED,
                                               "status": "open", "values": []})
    store.put_synced(conflict)
    resolve_conflict(store, conflict.id, {DELETED: True})


def a_deletion(store: Store) -> None:
    """The latest visit deleted: the visit before it asks for its follow-up again."""
    case_id = open_case_of(store, "besa", due.FOLLOW_UP_VISIT)
    visit = next(i.record_id for i in due.due_items(store, worker="besa", today=TODAY,
                                                    within_days=400)
                 if i.case_id == case_id and i.kind == due.FOLLOW_UP_VISIT)
    store.delete(visit)


def a_new_plan(store: Store) -> None:
    case = new_case(store, assigned_worker="arta")
    create_plan(store, case.id, review_date=TODAY + dt.timedelta(days=5), created_on=TODAY)


EDITS: dict[str, Callable[[Store], None]] = {
    "visit": a_visit, "plan review": a_plan_review, "monitoring report": a_monitoring_report,
    "closed case": a_closed_case, "reassignment": a_reassignment, "sync pull": a_sync_pull,
    "conflict resolved": a_conflict_resolved, "deletion": a_deletion, "new plan": a_new_plan}


@pytest.mark.parametrize("edit", list(EDITS))
def test_what_is_due_after_an_edit_is_what_the_records_say(caseload: Store, edit: str) -> None:
    before = kept_rows(caseload)
    EDITS[edit](caseload)
    assert kept_rows(caseload) != before  # the edit changed what is due
    assert_today_as_the_records_say(caseload)


def test_today_after_every_edit_in_turn(caseload: Store) -> None:
    for edit in EDITS.values():
        edit(caseload)
        assert_today_as_the_records_say(caseload)
    data = today_view.load_today(caseload, worker="arta", today=TODAY, day=TODAY)
    assert data.due and data.overdue + data.soon >= len(data.due)


def reference_tasks(store: Store, owner: str | None) -> list[today_view.TaskRow]:
    """Today's meeting tasks as read from every meeting (before the kept table)."""
    return [today_view.TaskRow(m.id, i, str(t.get("description") or ""),
                               str(t.get("owner") or ""), t.get("due"),
                               bool(t.get("due")) and t["due"] < TODAY.isoformat(),
                               t.get("case_id"))
            for m, i, t in open_tasks(store, owner=owner)[:today_view.DUE_SHOWN]]


def test_meeting_tasks_after_edits_are_what_the_meetings_say(caseload: Store) -> None:
    case_id = open_case_of(caseload, "arta", due.PLAN_REVIEW)

    def meeting(*owners: str) -> str:
        return record_meeting(
            caseload, meeting_date=TODAY, group="gtn",
            attendees=[{"name": "Arta Hoxha", "institution": "social_services"}],
            case_ids=[case_id], tasks=[
                {"description": f"Detyra {n}", "owner": owner, "case_id": case_id,
                 "due": (TODAY + dt.timedelta(days=n - 3)).isoformat() if n % 2 else None}
                for n, owner in enumerate(owners)]).id

    first, second = meeting("arta", "besa", "arta"), meeting("besa", "arta")
    edits: list[Callable[[], object]] = [
        lambda: add_task(caseload, first, description="Telefono", owner="arta",
                         due=TODAY - dt.timedelta(days=1)),
        lambda: complete_task(caseload, first, 0, done_on=TODAY),
        lambda: caseload.delete(second),
        lambda: meeting("besa"),
    ]
    for edit in [lambda: None, *edits]:
        edit()
        for owner in ("arta", "besa", "nobody", None):
            assert (today_view.meeting_tasks(caseload, owner, TODAY)
                    == reference_tasks(caseload, owner))
    assert today_view.meeting_tasks(caseload, "arta", TODAY)


def test_a_rescued_vault_keeps_what_is_due(vault: OpenVault, data_dir: Path) -> None:
    """A rescue copies the records; what is due is made again from them, not copied."""
    add_demo_data(vault.store, 60, seed=4, today=TODAY, workers=WORKERS)
    before = kept_rows(vault.store), today_view.meeting_tasks(vault.store, None, TODAY)
    user = vault.user
    vault.lock()
    report = rescue_vault(data_dir, user, ROOT_PASSWORD)
    assert not any(t.damaged for t in report.tables.values()), report.tables
    again = open_vault(data_dir, user, ROOT_PASSWORD)
    try:
        assert (kept_rows(again.store), today_view.meeting_tasks(again.store, None, TODAY)
                ) == before
        assert before[0]
    finally:
        again.lock()
