"""The indicators against true counts computed independently from the records that were made."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from typing import Any

import pytest

from desktop.core.reports import Report, ReportRequest, ReportSettings, Table, build_report
from desktop.core.reports.periods import Period
from tests.reports.caseload import AS_OF, CATEGORY, END, START, Caseload, age_band

S, E = START.isoformat(), END.isoformat()
# the municipality's own visit calendar (none is shipped)
CALENDAR = ReportSettings.from_dict({"visit_targets": {"every_year": {
    "Himarë": 100, "Lukovë": 60, "Horë-Vranisht": 40, "Pukë": 80, "Qelëz": 40, "Kuçovë": 80}}})


@pytest.fixture(scope="module")
def report(loaded: tuple[Any, Caseload]) -> Report:
    vault, _ = loaded
    return build_report(vault.store, ReportRequest(Period.year(2025), language="en",
                                                   as_of=AS_OF), CALENDAR)


def cells(table: Table) -> Counter:
    """The table as {(row key, column key): count}, zeros left out."""
    return Counter({(r, c): table.cells[i][j] for i, r in enumerate(table.row_keys)
                    for j, c in enumerate(table.column_keys) if table.cells[i][j]})


def in_year(value: str | None) -> bool:
    return value is not None and S <= value <= E


def test_cases_identified_by_source_and_sex(report: Report, loaded: tuple[Any, Caseload]):
    _, load = loaded
    expected = Counter((c.get("referral_source"), load.person_of(c).get("sex"))
                       for c in load.managed().values() if in_year(c["opened_on"]))
    assert cells(report.table("cases_identified_by_source")) == expected


def test_cases_identified_by_unit_and_age(report: Report, loaded: tuple[Any, Caseload]):
    _, load = loaded
    expected = Counter((c["administrative_unit"], age_band(load.person_of(c).get("birth_date")))
                       for c in load.managed().values() if in_year(c["opened_on"]))
    assert cells(report.table("cases_identified_by_unit")) == expected


def test_cases_managed_by_type_and_status(report: Report, loaded: tuple[Any, Caseload]):
    _, load = loaded
    managed = load.managed()
    expected = Counter((c["case_type"], load.case_status(c)) for c in managed.values())
    table = report.table("cases_managed_by_type")
    assert cells(table) == expected
    assert table.totals.grand == len(managed) == report.cases_managed
    # cases closed before the year or opened after it are not counted
    assert len(managed) < len(load.cases)


def test_cases_managed_by_unit_and_area(report: Report, loaded: tuple[Any, Caseload]):
    _, load = loaded
    expected = Counter((c["administrative_unit"], load.area(c))
                       for c in load.managed().values())
    assert cells(report.table("cases_managed_by_unit")) == expected


def test_persons_by_target_group_count_each_group_and_each_person_once(
        report: Report, loaded: tuple[Any, Caseload]):
    _, load = loaded
    served = load.served_persons()
    per_group = Counter((g, load.persons[p].get("sex")) for p in served
                        for g in load.person_groups(p))
    table = report.table("persons_by_group_sex")
    assert cells(table) == per_group
    assert table.unique_total == len(served) == report.persons
    several = [p for p in served if len(load.person_groups(p)) > 1]
    assert several, "the caseload must have persons in more than one group"
    assert table.totals.grand == len(served) + sum(len(load.person_groups(p)) - 1
                                                   for p in several)
    # a sub-group (economic aid) counts in its group (income), once
    assert "economic_aid" not in table.row_keys


def test_persons_by_age_band_at_the_end_of_the_period(report: Report,
                                                      loaded: tuple[Any, Caseload]):
    _, load = loaded
    served = load.served_persons()
    expected = Counter((age_band(load.persons[p].get("birth_date")),
                        load.persons[p].get("sex")) for p in served)
    table = report.table("persons_by_age_sex")
    assert cells(table) == expected
    assert table.totals.grand == report.table("persons_by_group_sex").unique_total


def test_age_band_edges():
    assert [age_band(b) for b in ("2020-01-01", "2019-12-31", "2010-01-01", "2009-12-31",
                                  "2006-12-31", "1961-01-01", "1960-12-31")] == [
        "0-5", "6-15", "6-15", "16-18", "19-64", "19-64", "65+"]


def test_persons_by_where_they_live(report: Report, loaded: tuple[Any, Caseload]):
    _, load = loaded
    served = load.served_persons()

    def home(pid: str) -> tuple[str, str, str | None]:
        person = load.persons[pid]
        household = load.households[person["household_id"]]
        unit = person.get("administrative_unit") or household["administrative_unit"]
        return unit, person.get("village") or household["village"], household.get("area_type")

    by_unit = Counter((home(p)[0], load.persons[p].get("sex")) for p in served)
    by_place = Counter((f"{home(p)[0]} / {home(p)[1]}", load.persons[p].get("sex"))
                       for p in served)
    by_area = Counter((home(p)[2], age_band(load.persons[p].get("birth_date")))
                      for p in served)
    assert cells(report.table("persons_by_unit_sex")) == by_unit
    assert cells(report.table("persons_by_village_sex")) == by_place
    assert cells(report.table("persons_by_area_age")) == by_area


def test_plans_made_and_reviewed_on_time(report: Report, loaded: tuple[Any, Caseload]):
    _, load = loaded
    plans = load.of_type("plan")
    made = Counter(("care_plan", "revised" if f["version"] > 1 else "new") for _, f in plans
                   if in_year(f["created_on"]) and f["status"] != "draft")
    assert cells(report.table("plans_made")) == made
    successor = {f["previous_plan_id"]: f["created_on"] for _, f in plans
                 if f.get("previous_plan_id")}
    reviews: Counter = Counter()
    for pid, f in plans:
        if f["status"] == "draft" or not in_year(f["review_date"]):
            continue
        done = f.get("reviewed_on") or successor.get(pid)
        if done:
            outcome = "on_time" if done <= f["review_date"] else "late"
        else:
            outcome = "overdue" if f["review_date"] < AS_OF.isoformat() else "not_due"
        reviews[("care_plan", outcome)] += 1
    assert cells(report.table("plan_reviews")) == reviews
    assert reviews[("care_plan", "on_time")] and reviews[("care_plan", "late")]


def test_referrals_by_outcome_prescribed_and_not_possible(report: Report,
                                                          loaded: tuple[Any, Caseload]):
    _, load = loaded
    sent = [f for _, f in load.of_type("referral") if in_year(f["sent_on"])]
    assert cells(report.table("referrals_by_outcome")) == Counter(
        (f["service"], f["status"]) for f in sent)
    delivery = {"sent": "pending", "accepted": "pending"}
    assert cells(report.table("prescribed_vs_delivered")) == Counter(
        (f["service"], delivery.get(f["status"], f["status"])) for f in sent
        if f["prescribed"])
    assert cells(report.table("referrals_not_possible")) == Counter(
        (f.get("not_possible_reason"), CATEGORY[f["service"]]) for f in sent
        if f["status"] == "not_possible")
    outcome = report.table("referrals_by_outcome")
    assert "refused" in outcome.column_keys and "not_possible" in outcome.column_keys


def test_home_visits_against_the_calendar(report: Report, loaded: tuple[Any, Caseload]):
    _, load = loaded
    visits = Counter((f["administrative_unit"], f["protocol"]) for _, f in load.of_type("visit")
                     if in_year(f["visit_date"]))
    table = report.table("visits_by_protocol")
    assert cells(table) == visits
    target = next(s for s in table.side if s.key == "target")
    percent = next(s for s in table.side if s.key == "percent_of_target")
    row = table.row_keys.index("Lukovë")  # 60 visits a year in the municipality's calendar
    assert target.values[row] == 60
    assert percent.values[row] == round(100 * table.totals.rows[row] / 60)
    assert "Himarë" in table.row_keys  # on the calendar, even without visits
    assert table.totals.rows[table.row_keys.index("Himarë")] == 0


def test_a_quarter_prorates_the_calendar(loaded: tuple[Any, Caseload]):
    vault, _ = loaded
    report = build_report(vault.store, ReportRequest(Period.quarter(2025, 1), language="en",
                                                     as_of=AS_OF), CALENDAR)
    table = report.table("visits_by_protocol")
    target = next(s for s in table.side if s.key == "target")
    assert target.values[table.row_keys.index("Lukovë")] == pytest.approx(60 * 90 / 365, 0.01)


def _reports_due(measure: dict[str, Any]) -> list[tuple[str, str]]:
    issued = dt.date.fromisoformat(measure["issued_on"])
    ended = measure.get("ended_on", "9999-12-31")
    done = sorted(r["date"] for r in measure["reports"])
    out = []
    for n in range(1, 30):
        due = (issued + dt.timedelta(days=60 * n)).isoformat()
        if due > E or due > ended:
            break
        outcome = "missing" if len(done) < n else "on_time" if done[n - 1] <= due else "late"
        if due >= S:
            out.append((measure["measure_type"], outcome))
    return out


def test_protection_orders_monitored_and_60_day_reports(report: Report,
                                                        loaded: tuple[Any, Caseload]):
    _, load = loaded
    measures = [f for _, f in load.of_type("measure")]
    in_force = [f for f in measures if f["issued_on"] <= E
                and f.get("ended_on", "9999") >= S]
    status = Counter((f["measure_type"], "ended" if f.get("ended_on", "9999") <= E
                      else "active") for f in in_force)
    assert cells(report.table("measures_monitored")) == status
    due = Counter(d for f in in_force if f["measure_type"] != "guardianship"
                  for d in _reports_due(f))
    table = report.table("measure_reports")
    assert cells(table) == due
    assert "guardianship" not in table.row_keys  # no reports are due for guardianship
    assert {o for _, o in due} == {"on_time", "late", "missing"}


def test_satisfaction_survey_scores(report: Report, loaded: tuple[Any, Caseload]):
    _, load = loaded
    cases = load.cases
    answers = [(cases[f["case_id"]]["administrative_unit"], f["computed"]["mean_score"])
               for _, f in load.of_type("assessment") if in_year(f["submitted_on"])]
    table = report.table("satisfaction")
    assert cells(table) == Counter((u, str(min(max(int(s + 0.5), 1), 5))) for u, s in answers)
    mean = table.side[0]
    assert mean.total == pytest.approx(sum(s for _, s in answers) / len(answers), abs=0.01)
    unit = table.row_keys[0]
    scores = [s for u, s in answers if u == unit]
    assert mean.values[0] == pytest.approx(sum(scores) / len(scores), abs=0.01)


def test_one_unit_only(loaded: tuple[Any, Caseload]):
    vault, load = loaded
    report = build_report(vault.store, ReportRequest(Period.year(2025), unit="Kuçovë",
                                                     language="en", as_of=AS_OF))
    managed = [c for c in load.managed().values() if c["administrative_unit"] == "Kuçovë"]
    assert report.table("cases_managed_by_type").totals.grand == len(managed)
    assert set(report.table("cases_managed_by_unit").row_keys) == {"Kuçovë"}
    assert set(report.table("visits_by_protocol").row_keys) <= {"Kuçovë"}


def test_labels_in_albanian(loaded: tuple[Any, Caseload]):
    vault, _ = loaded
    report = build_report(vault.store, ReportRequest(Period.half(2025, 2), language="sq",
                                                     as_of=AS_OF))
    table = report.table("cases_managed_by_type")
    assert table.title == "Raste të menaxhuara sipas llojit dhe statusit"
    assert "Mbrojtje e fëmijës" in table.row_labels
    assert report.period.label("sq") == "Gjashtëmujori II 2025"
    assert "Femra" in report.table("persons_by_age_sex").column_labels


def test_deleted_records_are_not_counted(tmp_path):
    from desktop.core.keys import FAST_KDF
    from desktop.core.vault import create_vault
    from tests.reports.caseload import build_caseload

    with create_vault(tmp_path, "besa", "correct horse battery", kdf=FAST_KDF) as vault:
        load = build_caseload(vault.store, persons=30, seed=3)
        request = ReportRequest(Period.year(2025), language="en", as_of=AS_OF)
        before = build_report(vault.store, request).cases_managed
        victim = next(cid for cid in load.managed())
        vault.store.delete(victim)
        assert build_report(vault.store, request).cases_managed == before - 1


def test_area_from_the_village_list_when_the_household_has_none(tmp_path):
    from desktop.core.keys import FAST_KDF
    from desktop.core.vault import create_vault

    with create_vault(tmp_path, "besa", "correct horse battery", kdf=FAST_KDF) as vault:
        store = vault.store
        store.create("village", {"name": "Bicaj", "administrative_unit": "Qelëz",
                                 "municipality": "Pukë", "area_type": "rural"})
        household = store.create("household", {"administrative_unit": "Qelëz",
                                               "village": "Bicaj"})
        person = store.create("person", {"first_name": "Zanë", "last_name": "Malësori",
                                         "sex": "F", "household_id": household.id})
        store.create("case", {"case_number": "V-1", "person_id": person.id,
                              "household_id": household.id, "case_type": "social_care",
                              "status": "open", "opened_on": "2025-03-01",
                              "administrative_unit": "Qelëz", "village": "Bicaj"})
        report = build_report(store, ReportRequest(Period.year(2025), language="en",
                                                   as_of=AS_OF))
        assert cells(report.table("persons_by_area_age")) == Counter({("rural", None): 1})
        assert cells(report.table("cases_managed_by_unit")) == Counter({("Qelëz", "rural"): 1})


def test_each_review_in_a_plans_list_answers_the_date_set_before_it(tmp_path):
    from desktop.core.keys import FAST_KDF
    from desktop.core.vault import create_vault

    with create_vault(tmp_path, "besa", "correct horse battery", kdf=FAST_KDF) as vault:
        store = vault.store
        person = store.create("person", {"first_name": "Drin", "last_name": "Gjethja"})
        case = store.create("case", {"case_number": "R-1", "person_id": person.id,
                                     "case_type": "social_care", "status": "open",
                                     "opened_on": "2024-12-01"})
        # made on 1 January: first review due 180 days later, 30 June 2025
        store.create("plan", {
            "case_id": case.id, "plan_type": "care_plan", "version": 1, "status": "active",
            "created_on": "2025-01-01", "reviewed_on": "2026-01-05",
            "review_date": "2026-07-04",
            "reviews": [{"on": "2025-06-25", "next_review": "2025-12-22"},
                        {"on": "2026-01-05", "next_review": "2026-07-04"}]})
        request = ReportRequest(Period.year(2025), language="en", as_of=AS_OF)
        table = build_report(store, request).table("plan_reviews")
        assert cells(table) == Counter({("care_plan", "on_time"): 1, ("care_plan", "late"): 1})
        later = build_report(store, ReportRequest(Period.year(2026), language="en",
                                                  as_of=AS_OF)).table("plan_reviews")
        assert cells(later) == Counter({("care_plan", "not_due"): 1})
