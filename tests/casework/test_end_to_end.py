"""A domestic violence case from the first call to its closure, as a worker would go."""

from __future__ import annotations

import datetime as dt

from desktop.core.casework import (
    assessments,
    cases,
    due,
    measures,
    persons,
    plans,
    referrals,
    safety,
    visits,
)
from desktop.core.store import Store

from .conftest import person_fields
from .test_assessments import DV


def test_a_domestic_violence_case_from_referral_to_closure(store: Store) -> None:
    day = dt.date(2026, 1, 5)
    typed = person_fields(first_name="Drite", last_name="Cela", sex="F",
                          birth_date="1991-08-08", personal_id=None)
    assert persons.find_duplicates(store, typed) == []
    victim = persons.register_person(store, typed, new_household={"abuser_present": True})
    assert [c.person.id for c in persons.find_duplicates(
        store, {**typed, "first_name": "Dritë", "last_name": "Çela"})] == [victim.id]

    case = cases.open_case(store, victim.id, "domestic_violence", referral_source="police",
                           opened_on=day, municipality="Pukë")
    assert case.fields["manager_role"] == "dv_coordinator"
    assessments.save_assessment(store, case.id, "dv_risk",
                                {**DV, "assessment_date": day.isoformat(),
                                 "order_issued_on": day.isoformat(), "weapon_used": "yes"},
                                submitted_on=day)
    assert store.require(case.id).fields["risk_level"] == "high"

    order = measures.record_protection_order(store, case.id, kind="ordinary", issued_on=day,
                                             end_date="2026-12-31")
    plan = plans.create_plan(store, case.id, goals=["Safety of the victim and children"],
                             created_on=day)
    plans.add_action(store, plan.id, description="Protected housing",
                     service="protected_housing", start_date=day)
    plans.sign_plan(store, plan.id, by="worker", on=day)
    assert plans.sign_plan(store, plan.id, by="beneficiary", on=day).fields["status"] == \
        "active"
    housing = referrals.refer(store, case.id, "protected_housing", sent_on=day, prescribed=True)
    referrals.set_referral_status(store, housing.id, "not_possible", on="2026-01-09",
                                  reason="no_capacity")
    assert [r.id for r in referrals.prescribed_not_delivered(store)] == [housing.id]

    warnings = safety.safety_warnings(store, case.id, today=day)
    assert len(warnings) == 2  # the abuser lives there, and an order is in force
    visits.record_visit(store, case.id, {"visit_date": "2026-01-20", "protocol":
                                         "rapid_response", "follow_up_date": "2026-01-27"})

    soon = dt.date(2026, 3, 1)
    kinds = [(i.kind, i.overdue) for i in due.due_items(store, today=soon)]
    assert kinds == [("follow_up_visit", True), ("report", False)]  # report on 2026-03-06
    measures.record_monitoring_report(store, order.id, reported_on="2026-03-04",
                                      situation="The order is respected.")
    visits.record_visit(store, case.id, {"visit_date": "2026-03-04"})
    assert due.due_items(store, today=dt.date(2026, 3, 5)) == []

    closed = cases.close_case(store, case.id, "goals_reached", closed_on="2026-06-30")
    assert closed.fields["status"] == "closed"
    assert due.due_items(store, today=dt.date(2026, 12, 1), within_days=365) == []
    summary = cases.case_summary(store, case.id)
    assert summary.counts["assessment"] == 1 and summary.counts["visit"] == 2
    assert summary.active_measures == 1 and summary.open_referrals == 0
    assert store.verify_audit().ok
