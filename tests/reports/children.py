"""Synthetic children with child protection cases in the third quarter of 2026, for the
quarterly child protection report. Everything is invented."""

from __future__ import annotations

from typing import Any

from desktop.core.casework.cases import close_case, open_case
from desktop.core.casework.measures import add_child_protection_measure, end_measure, place_child
from desktop.core.casework.persons import register_person
from desktop.core.casework.referrals import refer
from desktop.core.store import Store


def child(store: Store, first: str, sex: str, born: str, unit: str = "Qelëz") -> str:
    return register_person(store, {
        "first_name": first, "last_name": "Gjethja", "sex": sex, "birth_date": born,
        "administrative_unit": unit, "village": "Plan"},
        new_household={"area_type": "rural"}).id


def case(store: Store, person_id: str, opened: str, case_type: str = "child_protection",
         municipality: str = "Pukë", **extra: Any) -> str:
    return open_case(store, person_id, case_type, referral_source="school", opened_on=opened,
                     municipality=municipality, **extra).id


def synthetic_children(store: Store) -> dict[str, str]:
    """Seven synthetic children; what each is here for is said beside it."""
    ids = {}
    # Zanë, 3 on 30.09.2026, open case, placed in a foster family in the quarter
    ids["zane"] = case(store, child(store, "Zanë", "F", "2023-02-10"), "2026-05-01")
    place_child(store, ids["zane"], "foster", carer_name="Familja Malësori",
                issued_on="2026-07-10")
    refer(store, ids["zane"], "counselling", sent_on="2026-07-15")
    # Drin, 17 on 30.09.2026 (18 the day after), two cases: he counts once
    drin = child(store, "Drin", "M", "2008-10-01", unit="Lukovë")
    ids["drin"] = case(store, drin, "2026-03-01")
    case(store, drin, "2026-08-20", allow_second=True)
    place_child(store, ids["drin"], "kinship", carer_name="Gjyshja", issued_on="2026-03-05")
    add_child_protection_measure(store, ids["drin"], "family_support", issued_on="2026-08-01")
    refer(store, ids["drin"], "counselling", sent_on="2026-06-01")          # before Q3
    # Arbnor turns 18 on the quarter's last day: not a child; his case closed that day
    ids["arbnor"] = case(store, child(store, "Arbnor", "M", "2008-09-30"), "2026-01-10")
    close_case(store, ids["arbnor"], "turned_18", closed_on="2026-09-30")
    # Ylbere, 14: her case closed in the quarter (she counts in both)
    ids["ylbere"] = case(store, child(store, "Ylbere", "F", "2012-03-03"), "2026-02-01")
    residential = add_child_protection_measure(store, ids["ylbere"], "residential_placement",
                                               issued_on="2026-04-01")
    end_measure(store, residential.id, on="2026-06-01")                     # ended before Q3
    refer(store, ids["ylbere"], "health_service", sent_on="2026-07-20")
    close_case(store, ids["ylbere"], "best_interest_child", closed_on="2026-08-15")
    # Kaltrin's case closed before the quarter; Shkëndijë's opened after it
    ids["kaltrin"] = case(store, child(store, "Kaltrin", "M", "2015-01-01"), "2026-01-10")
    close_case(store, ids["kaltrin"], "goals_reached", closed_on="2026-06-30")
    case(store, child(store, "Shkëndijë", "F", "2016-06-06"), "2026-10-01")
    # a child with a social care case only is not in the child protection report
    case(store, child(store, "Arta", "F", "2014-04-04"), "2026-07-02", "social_care")
    return ids
