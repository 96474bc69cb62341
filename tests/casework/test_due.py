"""What is due, and the day's visit route by village."""

from __future__ import annotations

import datetime as dt
import re
import time

from desktop.core.casework import due
from desktop.core.casework.cases import close_case
from desktop.core.casework.due import count_due, due_items, visit_route
from desktop.core.casework.measures import record_protection_order
from desktop.core.casework.plans import create_plan
from desktop.core.casework.referrals import refer, set_referral_status
from desktop.core.casework.visits import record_visit
from desktop.core.demo import add_demo_data
from desktop.core.store import Store

from .conftest import TODAY, new_case, new_person
from .due_reference import reference_count_due, reference_due_items


def kinds(items: list[due.DueItem]) -> list[tuple[str, str, bool]]:
    return [(i.kind, i.case_number, i.overdue) for i in items]


def build(store: Store) -> dict[str, str]:
    """A small caseload with one thing of each kind due, and things that are not due."""
    numbers = {}
    # a new case with no plan: its first review is overdue
    first = new_case(store, opened_on=TODAY - dt.timedelta(days=40))
    numbers["case_review"] = first.fields["case_number"]
    # a plan whose review is due in ten days
    planned = new_case(store, person=new_person(store, first_name="Besa", personal_id=None))
    create_plan(store, planned.id, created_on="2025-09-13")
    numbers["plan_review"] = planned.fields["case_number"]
    # a protection order whose 60-day report is overdue
    dv = new_case(store, "domestic_violence",
                  person=new_person(store, first_name="Drita", village="Vrith",
                                    personal_id=None))
    create_plan(store, dv.id, created_on=TODAY)
    record_protection_order(store, dv.id, kind="ordinary", issued_on="2025-12-01",
                            end_date="2026-12-01")
    store.update(dv.fields["household_id"], {"abuser_present": True})
    numbers["report"] = dv.fields["case_number"]
    # a follow-up visit due today; an earlier visit's follow-up is superseded by a later visit
    visited = new_case(store, person=new_person(store, first_name="Lule", village="Vrith",
                                                personal_id=None))
    create_plan(store, visited.id, created_on=TODAY)
    record_visit(store, visited.id, {"visit_date": "2026-02-01", "follow_up_date": "2026-02-10"})
    record_visit(store, visited.id, {"visit_date": "2026-02-20",
                                     "follow_up_date": TODAY.isoformat()})
    numbers["follow_up_visit"] = visited.fields["case_number"]
    # a referral nobody answered; a delivered one is not due
    referred = new_case(store, person=new_person(store, first_name="Mrika", personal_id=None))
    create_plan(store, referred.id, created_on=TODAY)
    refer(store, referred.id, "day_centre", sent_on="2026-02-01")
    done = refer(store, referred.id, "food_package", sent_on="2026-02-01")
    set_referral_status(store, done.id, "delivered", on="2026-02-03")
    numbers["referral"] = referred.fields["case_number"]
    # someone else's case, a closed case and one not due for months
    other = new_case(store, person=new_person(store, first_name="Zef", personal_id=None),
                     assigned_worker="besa", opened_on=TODAY - dt.timedelta(days=40))
    numbers["other"] = other.fields["case_number"]
    closed = new_case(store, person=new_person(store, first_name="Pashk", personal_id=None),
                      opened_on="2025-01-01")
    close_case(store, closed.id, "goals_reached", closed_on="2025-06-01")
    later = new_case(store, person=new_person(store, first_name="Gjon", personal_id=None),
                     risk_level="low", opened_on=TODAY)
    numbers["later"] = later.fields["case_number"]
    return numbers


def test_due_items_of_each_kind(store: Store) -> None:
    n = build(store)
    items = due_items(store, worker="arta", today=TODAY)
    assert kinds(items) == [
        ("report", n["report"], True),  # 2026-01-30
        ("referral", n["referral"], True),  # 2026-02-15
        ("case_review", n["case_review"], True),  # 2026-02-20
        ("follow_up_visit", n["follow_up_visit"], False),  # today
        ("plan_review", n["plan_review"], False),  # 2026-03-12
    ]
    first = items[2]
    assert first.person_name == "Engjëll Çela" and first.village == "Plan"
    assert first.administrative_unit == "Qelëz" and first.worker == "arta"
    assert items[0].detail == "protection_order" and items[1].detail == "day_centre"
    assert items[0].due == "2026-01-30" and items[3].due == TODAY.isoformat()
    assert [i.case_number for i in due_items(store, today=TODAY)].count(n["other"]) == 1
    assert n["later"] not in [i.case_number for i in due_items(store, today=TODAY)]
    assert n["later"] in [i.case_number for i in due_items(store, today=TODAY,
                                                           within_days=90)]
    assert kinds(due_items(store, worker="arta", today=TODAY, kinds=[due.REPORT])) == [
        ("report", n["report"], True)]


def test_the_route_groups_by_village_and_counts_warnings(store: Store) -> None:
    n = build(store)
    stops = visit_route(store, TODAY, worker="arta")
    assert [(s.administrative_unit, s.village) for s in stops] == [("Qelëz", "Plan"),
                                                                   ("Qelëz", "Vrith")]
    plan, vrith = stops
    assert [i.kind for i in plan.items] == ["case_review"]
    assert sorted(i.case_number for i in vrith.items) == sorted([n["report"],
                                                                 n["follow_up_visit"]])
    assert (vrith.households, vrith.warnings) == (2, 1)
    today_only = visit_route(store, TODAY, worker="arta", include_overdue=False)
    assert [[i.kind for i in s.items] for s in today_only] == [["follow_up_visit"]]


def test_due_items_use_the_indexes_and_are_quick(store: Store) -> None:
    add_demo_data(store, 3000, seed=3, today=TODAY, workers=("arta", "besa"))
    params = {"until": "2026-03-16", "since": "", "worker": "arta", "limit": 300, "cap": 1000,
              "overdue_until": "2026-03-01", "soon_since": "2026-03-02"}
    with store.reading() as conn:
        for worker in ("arta", None):
            sql = due._due_sql(due.KINDS, worker)
            for whole in (due._NAMED.format(due=sql), due._COUNT.format(overdue=sql, soon=sql)):
                plan = [r[-1] for r in conn.exec_driver_sql("EXPLAIN QUERY PLAN " + whole,
                                                            params)]
                # no table read whole
                scans = [line for line in plan
                         if re.match(r"SCAN (due_items|records|c|p|x)\b", line)]
                assert not scans, plan
                # one range of the due table's index, in the order the list wants
                assert "USE TEMP B-TREE FOR ORDER BY" not in plan, plan
                assert any("USING COVERING INDEX due_items_" in line for line in plan), plan
    started = time.perf_counter()
    items = due_items(store, worker="arta", today=TODAY)
    route = visit_route(store, TODAY, worker="arta")
    elapsed = time.perf_counter() - started
    assert items and route
    assert {i.kind for i in items} == set(due.KINDS)
    assert any(i.overdue for i in items) and any(not i.overdue for i in items)
    assert elapsed < 2.0, elapsed


def test_the_kept_table_gives_what_the_records_say(store: Store) -> None:
    """What is due, read from the table the triggers keep, equals what the records say
    (the queries run before the table existed), in the same order, with the same counts."""
    add_demo_data(store, 1500, seed=5, today=TODAY, workers=("arta", "besa", "drita"))
    for worker, kinds_, within, limit, since in (
            ("arta", due.KINDS, 14, 40, None), ("besa", due.ROUTE_KINDS, 0, None, None),
            (None, due.KINDS, 14, 300, None), ("drita", due.ROUTE_KINDS, 0, None, TODAY),
            ("nobody", due.KINDS, 14, None, None)):
        args = {"worker": worker, "today": TODAY, "within_days": within, "kinds": kinds_,
                "since": since}
        assert (due_items(store, **args, limit=limit)
                == reference_due_items(store, **args, limit=limit))
        for cap in (20, None):
            assert count_due(store, **args, cap=cap) == reference_count_due(store, **args,
                                                                            cap=cap)
