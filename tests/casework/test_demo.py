"""The demo caseload: case activity in realistic shares, valid, deterministic by seed."""

from __future__ import annotations

import datetime as dt
import json
import re
from collections import Counter, defaultdict
from functools import cache
from typing import Any

import pytest

from desktop.core.casework.due import due_items
from desktop.core.casework.referrals import providers_for
from desktop.core.demo import DemoGenerator, add_demo_data
from desktop.core.forms import load_form, validate_submission
from desktop.core.store import Store
from sync.profile import load_profile

from .conftest import TODAY

Item = tuple[str, str, dict[str, Any]]


@cache
def generated(country: str = "AL", seed: int = 4, persons: int = 3000) -> tuple[Item, ...]:
    generator = DemoGenerator(load_profile(country), seed=seed, today=TODAY)
    return tuple(item for household in generator.households(persons) for item in household)


def by_type(items: tuple[Item, ...]) -> dict[str, list[dict[str, Any]]]:
    out: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for _, record_type, fields in items:
        out[record_type].append(fields)
    return out


def share(cases: list[dict[str, Any]], records: list[dict[str, Any]]) -> float:
    return len({r["case_id"] for r in records}) / len(cases)


def test_a_realistic_share_of_cases_has_activity() -> None:
    t = by_type(generated())
    cases = t["case"]
    assert 0.72 <= share(cases, t["assessment"]) <= 0.90
    assert 0.45 <= share(cases, t["plan"]) <= 0.75
    assert 0.45 <= share(cases, t["visit"]) <= 0.65
    assert 0.30 <= share(cases, t["referral"]) <= 0.50
    assert 1.0 <= len(t["plan_action"]) / len(t["plan"]) <= 2.0
    closed = [c for c in cases if c["status"] == "closed"]
    assert 0.25 <= len(closed) / len(cases) <= 0.45
    assert all(c["closure_reason"] and c["closed_on"] <= TODAY.isoformat() for c in closed)
    opened = sorted(c["opened_on"] for c in cases)
    assert opened[0] < (TODAY - dt.timedelta(days=2 * 365)).isoformat()  # three years
    assert opened[-1] >= (TODAY - dt.timedelta(days=60)).isoformat()


def test_referrals_have_every_outcome_and_some_are_prescribed() -> None:
    referrals = by_type(generated())["referral"]
    statuses = Counter(r["status"] for r in referrals)
    assert set(statuses) == {"sent", "accepted", "delivered", "refused", "not_possible"}
    assert statuses["delivered"] > statuses["refused"] > 0
    assert 0.15 <= sum(r["prescribed"] for r in referrals) / len(referrals) <= 0.35
    for r in referrals:
        assert [h["status"] for h in r["history"]][-1] == r["status"]
        if r["status"] == "not_possible":
            assert r["not_possible_reason"] in ("no_capacity", "distance", "not_available",
                                                "other")
    assert any(r["prescribed"] and r["status"] != "delivered" for r in referrals)


def test_protection_orders_on_dv_cases_with_60_day_reports_some_overdue() -> None:
    t = by_type(generated())
    dv_cases = {c["case_number"]: c for c in t["case"] if c["case_type"] == "domestic_violence"}
    orders = [m for m in t["measure"] if m["measure_type"].startswith("protection_order")]
    assert len(orders) >= 0.5 * len(dv_cases)
    active = [m for m in orders if m["status"] == "active"]
    assert active and all(m["next_report_due"] <= m["end_date"] for m in active)
    assert any(m["next_report_due"] < TODAY.isoformat() for m in active)  # overdue
    assert any(m["next_report_due"] >= TODAY.isoformat() for m in active)
    with_reports = [m for m in orders if m["reports"]]
    assert with_reports
    for m in with_reports:
        gaps = [(dt.date.fromisoformat(r["period_to"]) - dt.date.fromisoformat(r["period_from"]))
                .days for r in m["reports"]]
        assert all(50 <= g <= 70 for g in gaps), gaps
    kinds = Counter(m["measure_type"] for m in t["measure"])
    assert kinds["child_protection_measure"] and (kinds["foster_placement"]
                                                  or kinds["kinship_placement"])


def test_plans_have_versions_signatures_and_actions() -> None:
    t = by_type(generated())
    statuses = Counter(p["status"] for p in t["plan"])
    assert statuses["active"] > statuses["draft"] > 0 and statuses["superseded"] > 0
    protection = [p for p in t["plan"] if p["plan_type"] == "protection_plan"
                  and p["status"] == "active"]
    assert protection and all(p.get("approved_on") for p in protection)
    action_statuses = Counter(a["status"] for a in t["plan_action"])
    assert {"done", "in_progress"} <= set(action_statuses)


def test_every_form_submission_is_valid_on_its_day() -> None:
    t = by_type(generated(persons=800))
    submissions = [(a, a["submitted_on"]) for a in t["assessment"]]
    submissions += [(v["answers"], v["visit_date"]) for v in t["visit"] if "answers" in v]
    forms = Counter(s["form_id"] for s, _ in submissions)
    assert {"intake", "dv_risk", "child_protection_risk", "elderly_functional",
            "disability_needs", "satisfaction", "home_visit"} <= set(forms)
    for submission, day in submissions:
        definition = load_form(submission["form_id"], submission["form_version"])
        checked = validate_submission(definition, submission["answers"],
                                      today=dt.date.fromisoformat(day))
        assert checked.ok, (submission["form_id"], checked.errors)
        assert checked.computed == submission["computed"]


def test_the_same_seed_gives_the_same_caseload() -> None:
    def canonical(seed: int) -> list[tuple[str, str]]:
        generator = DemoGenerator(load_profile("AL"), seed=seed, today=TODAY)
        items = [(i, "service_provider", f) for i, f in generator.providers]
        items += [i for h in generator.households(60) for i in h]
        index = {record_id: f"#{n}" for n, (record_id, _, _) in enumerate(items)}
        out = []
        for _, record_type, fields in items:
            body = json.dumps(fields, sort_keys=True, ensure_ascii=False)
            for record_id in re.findall(r"[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[0-9a-f]{4}-"
                                        r"[0-9a-f]{12}", body):
                body = body.replace(record_id, index[record_id])
            out.append((record_type, body))
        return out

    assert canonical(9) == canonical(9)
    assert canonical(9) != canonical(10)


@pytest.mark.parametrize("country", ["AL", "XK"])
def test_demo_data_in_a_vault(tmp_path, country: str) -> None:
    from desktop.core.keys import FAST_KDF
    from desktop.core.vault import create_vault

    vault = create_vault(tmp_path / country, "demo", "correct horse battery", kdf=FAST_KDF,
                         country=country)
    store: Store = vault.store
    summary = add_demo_data(store, 400, seed=2, today=TODAY, workers=("demo", "besa"))
    assert summary.persons == 400 and summary.cases == store.count("case")
    for name, record_type in (("assessments", "assessment"), ("plans", "plan"),
                              ("plan_actions", "plan_action"), ("visits", "visit"),
                              ("referrals", "referral"), ("measures", "measure"),
                              ("service_providers", "service_provider"),
                              ("villages", "village")):
        assert getattr(summary, name) == store.count(record_type) > 0, name
    assert store.pending_count() == sum(
        v for v in vars(summary).values())  # one change per record
    providers = {p.id for p in store.query("service_provider")}
    linked = [r.fields["provider_id"] for r in store.query("referral")
              if r.fields.get("provider_id")]
    assert linked and set(linked) <= providers
    assert providers_for(store, service="counselling")
    assert due_items(store, worker="demo", today=TODAY)
    places = {v.fields["municipality"] for v in store.query("village")}
    assert places == ({"Gjilan"} if country == "XK" else {"Pukë", "Kuçovë", "Himarë",
                                                           "Tiranë"})
    again = add_demo_data(store, 10, seed=3, today=TODAY)
    assert again.service_providers == again.villages == 0  # catalogs are added once
    vault.lock()
