"""Who approves plans and issues acts, read from the country profile (the one rule of laptop
and server)."""

from __future__ import annotations

import copy

from sync.authority import approver_roles, issuer_roles, may_approve, may_issue_acts
from sync.profile import Profile, load_profile


def test_heads_and_directors_approve_and_a_plan_type_may_narrow_it() -> None:
    albania = load_profile("AL")
    assert approver_roles(albania, "protection_plan") == ["head_of_unit", "director"]
    assert not may_approve(albania, "social_worker", "protection_plan")
    data = copy.deepcopy(albania.data)
    for item in data["plan_types"]:
        if item["code"] == "protection_plan":
            item["approved_by"] = ["director"]
    narrowed = Profile(data, albania.path)
    assert may_approve(narrowed, "director", "protection_plan")
    assert not may_approve(narrowed, "head_of_unit", "protection_plan")
    assert may_approve(narrowed, "head_of_unit", "care_plan")


def test_acts_are_issued_by_qps_staff_and_nobody_in_albania() -> None:
    kosovo = load_profile("XK")
    assert issuer_roles(kosovo) == ["qps_official", "head_of_unit"]
    assert may_issue_acts(kosovo, "qps_official")
    assert not may_issue_acts(kosovo, "social_worker")
    assert issuer_roles(load_profile("AL")) == []
