"""Opening, assigning, handing over, closing and reopening cases."""

from __future__ import annotations

import datetime as dt
import re

import pytest

from desktop.core.casework.cases import (
    add_repeat_referral,
    assign_case,
    case_summary,
    close_case,
    open_case,
    reopen_case,
    transfer_case,
)
from desktop.core.casework.errors import (
    CaseAlreadyOpen,
    CaseAlreadyOpenNow,
    CaseNotOpen,
    DateOrder,
    NothingToTransfer,
    UnknownCode,
)
from desktop.core.store import Store

from .conftest import TODAY, new_case, new_person, outbox_count


def test_open_case_numbers_it_and_takes_the_profile_rules(store: Store) -> None:
    person = new_person(store)
    before = outbox_count(store)
    case = open_case(store, person.id, "domestic_violence", referral_source="police",
                     reason="Reported by the police", risk_level="high", opened_on=TODAY,
                     municipality="puke")
    f = case.fields
    assert re.fullmatch(r"PUK-2026-[0-9A-F]{4}-00001", f["case_number"])
    assert f["manager_role"] == "dv_coordinator"
    assert f["municipality"] == "Pukë" and f["village"] == "Plan"
    assert f["household_id"] == person.fields["household_id"]
    assert f["assigned_worker"] == "arta" and f["status"] == "open"
    assert f["review_due"] == (TODAY + dt.timedelta(days=14)).isoformat()  # high risk
    assert outbox_count(store) - before == 1
    assert store.query("case", person_id=person.id)[0].id == case.id


def test_open_case_refuses_unknown_codes(store: Store) -> None:
    person = new_person(store)
    for kwargs in ({"referral_source": "rumour"}, {"risk_level": "extreme"},
                   {"municipality": "Atlantis"}):
        args = {"referral_source": "police", "municipality": "Pukë", **kwargs}
        with pytest.raises(UnknownCode):
            open_case(store, person.id, "social_care", **args)
    with pytest.raises(UnknownCode):
        open_case(store, person.id, "astrology", referral_source="self", municipality="Pukë")
    assert store.count("case") == 0


def test_a_repeat_referral_is_recorded_on_the_open_case(store: Store) -> None:
    case = new_case(store)
    person_id = case.fields["person_id"]
    with pytest.raises(CaseAlreadyOpen, match=case.fields["case_number"]):
        open_case(store, person_id, "social_care", referral_source="police",
                  municipality="Pukë")
    updated = add_repeat_referral(store, case.id, referral_source="police", on=TODAY,
                                  reason="Found in the street again")
    assert updated.fields["repeat_referrals"] == [
        {"on": TODAY.isoformat(), "source": "police", "reason": "Found in the street again"}]
    other = open_case(store, person_id, "disability", referral_source="self",
                      municipality="Pukë")
    assert other.fields["case_number"] != case.fields["case_number"]


def test_assign_and_hand_over_to_a_worker(store: Store) -> None:
    case = new_case(store)
    assert assign_case(store, case.id, "besa").fields["assigned_worker"] == "besa"
    before = outbox_count(store)
    moved = transfer_case(store, case.id, to_worker="drita", note="Besa is on leave.", on=TODAY)
    assert moved.fields["assigned_worker"] == "drita" and moved.fields["status"] == "open"
    assert moved.fields["transfers"][-1]["from_worker"] == "besa"
    notes = store.query("note", case_id=case.id)
    assert [n.fields["text"] for n in notes] == ["Besa is on leave."]
    assert outbox_count(store) - before == 2  # the case and the note


def test_hand_over_to_another_municipality(store: Store) -> None:
    case = new_case(store)
    with pytest.raises(NothingToTransfer):
        transfer_case(store, case.id, note="x")
    moved = transfer_case(store, case.id, to_municipality="Kucove", note="Family moved.")
    assert moved.fields["status"] == "transferred"
    assert moved.fields["transferred_to"] == "Kuçovë"
    assert "review_due" not in moved.fields
    with pytest.raises(CaseNotOpen):
        assign_case(store, case.id, "besa")


def test_close_with_a_profile_reason_and_reopen(store: Store) -> None:
    case = new_case(store)
    with pytest.raises(UnknownCode):
        close_case(store, case.id, "bored")
    with pytest.raises(DateOrder):
        close_case(store, case.id, "goals_reached", closed_on="2020-01-01")
    closed = close_case(store, case.id, "goals_reached", closed_on=TODAY)
    assert closed.fields["status"] == "closed" and closed.fields["closed_on"] == "2026-03-02"
    with pytest.raises(CaseNotOpen):
        close_case(store, case.id, "goals_reached")
    reopened = reopen_case(store, case.id, reason="Back after a month.",
                           reopened_on=TODAY + dt.timedelta(days=30), risk_level="high")
    assert reopened.fields["status"] == "open"
    assert "closed_on" not in reopened.fields and "closure_reason" not in reopened.fields
    assert reopened.fields["review_due"] == "2026-04-15"
    with pytest.raises(CaseAlreadyOpenNow):
        reopen_case(store, case.id)


def test_case_summary_counts_what_the_case_holds(store: Store) -> None:
    from desktop.core.casework.plans import add_action, create_plan
    from desktop.core.casework.referrals import refer
    from desktop.core.casework.visits import record_visit

    case = new_case(store)
    plan = create_plan(store, case.id, goals=["Regular income"])
    add_action(store, plan.id, description="Apply for economic aid", service="economic_aid")
    record_visit(store, case.id, {"visit_date": TODAY.isoformat()})
    refer(store, case.id, "food_package")
    summary = case_summary(store, case.id)
    assert summary.person.id == case.fields["person_id"]
    assert summary.household.id == case.fields["household_id"] and summary.members == 1
    assert summary.counts["plan"] == 1 and summary.counts["plan_action"] == 1
    assert summary.counts["visit"] == 1 and summary.counts["referral"] == 1
    assert summary.counts["assessment"] == 0
    assert summary.current_plan.id == plan.id
    assert summary.open_referrals == 1 and summary.last_visit_on == TODAY.isoformat()
