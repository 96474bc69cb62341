"""What the report bases count beyond cases: assessments by form, meetings and participants,
administrative acts, referrals by provider and provider level, cases by village.

A small synthetic world is made in a real vault; every count is checked against the same
count made here, in plain Python, from the records that were made.
"""

from __future__ import annotations

import io
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from desktop.cli import main
from desktop.core.keys import FAST_KDF
from desktop.core.reports import Period, ReportRequest, Table, build_report
from desktop.core.reports.cache import records_cache
from desktop.core.reports.definitions import load_definitions, plan_files
from desktop.core.reports.drilldown import DrillDownRefused, cases_behind
from desktop.core.vault import OpenVault, create_vault
from tests.reports.conftest import PASSWORD
from tests.reports.world import AS_OF, World, in_year, kosovo_acts


def cells(table: Table) -> Counter:
    return Counter({(r, c): table.cells[i][j] for i, r in enumerate(table.row_keys)
                    for j, c in enumerate(table.column_keys) if table.cells[i][j]})


def adds_up(table: Table) -> bool:
    rows = [sum(row) for row in table.cells]
    columns = [sum(col) for col in zip(*table.cells, strict=True)] if table.cells else []
    return (list(table.totals.rows) == rows and list(table.totals.columns) == columns
            and table.totals.grand == sum(rows))


@pytest.fixture(scope="module")
def world(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[OpenVault, World]]:
    folder = tmp_path_factory.mktemp("more") / "data"
    vault = create_vault(folder, "arta", PASSWORD, kdf=FAST_KDF)
    made = World().build()
    vault.store.create_many([(t, f) for _, t, f in made.items],
                            record_ids=[i for i, _, _ in made.items])
    yield vault, made
    vault.lock()


def report_of(vault: OpenVault, definitions: Any = None, **kwargs: Any):
    request = ReportRequest(Period.year(2025), language="en", as_of=AS_OF, **kwargs)
    return build_report(vault.store, request, definitions=definitions)


DEFINITIONS = """\
indicators:
  - {key: by_village, count: cases, rows: village, columns: sex}
  - {key: forms, count: assessments, rows: form, columns: village}
  - {key: providers, count: referrals, rows: provider, columns: provider_level}
  - key: outside
    count: services_delivered
    rows: provider_level
    columns: provider_place
    filters: {provider_level: [regional, national]}
  - {key: reached, count: provider_persons, rows: provider, columns: sex}
  - {key: talks, count: participants, rows: institution, columns: meeting_group}
  - {key: pathway, count: cases, rows: pathway, columns: unit}
  - {key: dv_forms, count: assessments, rows: unit, columns: sex, filters: {form: dv_risk}}
  - key: centre
    count: services_delivered
    rows: provider_level
    columns: unit
    filters: {provider: "Qendra Multifunksionale Kuçovë"}
"""


@pytest.fixture(scope="module")
def custom(world: tuple[OpenVault, World], tmp_path_factory: pytest.TempPathFactory):
    vault, _ = world
    path = tmp_path_factory.mktemp("defs") / "bashkia.yaml"
    path.write_text(DEFINITIONS, encoding="utf-8")
    found = load_definitions(path, vault.store.profile).definitions
    return report_of(vault, found)


def test_cases_by_village_of_the_case_else_of_its_person(custom, world):
    _, made = world
    sex = {pid: p["sex"] for pid, p in made.persons.items()}
    expected = Counter((made.place(c), sex[c["person_id"]]) for c in made.managed().values())
    table = custom.table("by_village")
    assert cells(table) == expected and adds_up(table)
    assert table.row_heading == "Village (administrative unit)"
    assert "Velçan (Kuçovë)" in table.row_labels


def test_assessments_by_form_leave_the_satisfaction_survey_out(custom, world):
    _, made = world
    expected = Counter((f["form_id"], made.place(made.cases[f["case_id"]]))
                       for _, f in made.of("assessment")
                       if in_year(f["submitted_on"]) and f["form_id"] != "satisfaction")
    table = custom.table("forms")
    assert cells(table) == expected and adds_up(table)
    assert "satisfaction" not in table.row_keys
    # rows are named by the form's title
    assert "elderly_functional" not in table.row_labels and table.row_labels[0] != table.row_keys[0]


def test_filters_by_form_and_by_provider(custom, world):
    _, made = world
    sex = {pid: p["sex"] for pid, p in made.persons.items()}

    def of_case(fields: dict[str, Any]) -> tuple[str, str]:
        case = made.cases[fields["case_id"]]
        return case["administrative_unit"], sex[case["person_id"]]

    forms = Counter(of_case(f) for _, f in made.of("assessment")
                    if in_year(f["submitted_on"]) and f["form_id"] == "dv_risk")
    assert cells(custom.table("dv_forms")) == forms and sum(forms.values()) > 0
    centre = Counter(("local", of_case(f)[0]) for _, f in made.of("referral")
                     if in_year(f["sent_on"]) and f["status"] == "delivered"
                     and made.provider(f)[0] == "Qendra Multifunksionale Kuçovë")
    assert cells(custom.table("centre")) == centre and sum(centre.values()) > 0


def test_referrals_by_provider_and_level(custom, world):
    _, made = world
    sent = [f for _, f in made.of("referral") if in_year(f["sent_on"])]
    expected = Counter(made.provider(f) for f in sent)
    table = custom.table("providers")
    assert cells(table) == expected and adds_up(table)
    assert table.totals.grand == len(sent)
    assert "Regional" in table.column_labels and "National" in table.column_labels


def test_services_delivered_outside_the_municipality(custom, world):
    _, made = world
    delivered = [f for _, f in made.of("referral") if in_year(f["sent_on"])
                 and f["status"] == "delivered"
                 and made.provider(f)[1] in ("regional", "national")]
    expected = Counter((made.provider(f)[1], "outside" if made.outside(f) else "municipality")
                       for f in delivered)
    table = custom.table("outside")
    assert cells(table) == expected and adds_up(table)
    # a regional provider of the case's own municipality is not outside it
    assert expected[("regional", "municipality")] > 0 and expected[("national", "outside")] > 0
    assert table.column_labels == ("In the municipality", "Outside the municipality")


def test_persons_reached_by_each_provider_are_counted_once(custom, world):
    _, made = world
    reached = {(made.provider(f)[0], made.cases[f["case_id"]]["person_id"])
               for _, f in made.of("referral")
               if in_year(f["sent_on"]) and f["status"] == "delivered"}
    sex = {pid: p["sex"] for pid, p in made.persons.items()}
    expected = Counter((provider, sex[pid]) for provider, pid in reached)
    table = custom.table("reached")
    assert cells(table) == expected and adds_up(table)
    services = sum(1 for _, f in made.of("referral")
                   if in_year(f["sent_on"]) and f["status"] == "delivered")
    assert table.totals.grand < services  # a person served twice by one provider: once


def test_participants_by_institution_and_group(custom, world):
    _, made = world
    expected = Counter((a["institution"], m["group"]) for m in made.meetings()
                       for a in m["attendees"])
    table = custom.table("talks")
    assert cells(table) == expected and adds_up(table)
    assert "Police" in table.row_labels or "Policia" in table.row_labels
    assert not table.source  # the cases behind a count of people are not listed


def test_cases_assessed_and_referred(custom, world):
    _, made = world

    def pathway(cid: str) -> str:
        assessed = any(f["case_id"] == cid and in_year(f["submitted_on"])
                       and f["form_id"] != "satisfaction" for _, f in made.of("assessment"))
        referred = any(f["case_id"] == cid and in_year(f["sent_on"])
                       for _, f in made.of("referral"))
        return {(True, True): "assessed_referred", (True, False): "assessed",
                (False, True): "referred", (False, False): "neither"}[(assessed, referred)]

    expected = Counter((pathway(c), f["administrative_unit"])
                       for c, f in made.managed().items())
    table = custom.table("pathway")
    assert cells(table) == expected and adds_up(table)
    assert table.totals.grand == len(made.managed())


def test_the_standard_report_counts_meetings_and_participants(world):
    vault, made = world
    report = report_of(vault)
    meetings = made.meetings()
    units = {c: f["administrative_unit"] for c, f in made.cases.items()}
    held = report.table("meetings_held")
    assert cells(held) == Counter((m["group"], units[m["case_id"]]) for m in meetings)
    assert held.totals.grand == len(meetings) < len(made.of("meeting"))
    people = report.table("meeting_participants")
    assert people.totals.grand == sum(len(m["attendees"]) for m in meetings)
    discussed = {c for m in meetings for c in m["case_ids"]} & set(made.managed())
    assert report.table("cases_in_meetings").totals.grand == len(discussed)
    assert all(adds_up(report.table(k)) for k in ("meetings_held", "meeting_participants",
                                                   "cases_in_meetings"))
    assert "acts_by_type" not in [t.key for t in report.tables]  # Albania issues none


def test_the_public_edition_hides_small_counts_of_meetings(world):
    vault, _ = world
    table = report_of(vault, public=True).table("meeting_participants")
    shown = [v for row in table.cells for v in row if v is not None]
    assert table.hidden and all(v == 0 or v >= 5 for v in shown)


def test_a_new_meeting_and_a_deleted_one_update_the_bases(tmp_path: Path):
    vault = create_vault(tmp_path / "data", "arta", PASSWORD, kdf=FAST_KDF)
    try:
        made = World(seed=9).build(persons=8)
        store = vault.store
        store.create_many([(t, f) for _, t, f in made.items],
                          record_ids=[i for i, _, _ in made.items])
        before = report_of(vault).table("meetings_held").totals.grand
        cid = sorted(made.cases)[0]
        store.create("meeting", {"meeting_date": "2025-06-02", "group": "gtn",
                                 "attendees": [{"name": "Zanë Gjethja",
                                                "institution": "police"}],
                                 "case_ids": [cid], "case_id": cid})
        cache = records_cache(store)
        full = cache.done["full"]
        assert report_of(vault).table("meetings_held").totals.grand == before + 1
        gone = next(i for i, f in made.of("meeting") if in_year(f["meeting_date"]))
        store.delete(gone)
        assert report_of(vault).table("meetings_held").totals.grand == before
        assert cache.done["full"] == full and cache.done["update"] == 2
    finally:
        vault.lock()


def test_a_provider_moved_to_another_level_is_reported_at_its_new_level(tmp_path: Path):
    vault = create_vault(tmp_path / "data", "arta", PASSWORD, kdf=FAST_KDF)
    try:
        made = World(seed=12).build(persons=10)
        vault.store.create_many([(t, f) for _, t, f in made.items],
                                record_ids=[i for i, _, _ in made.items])
        level = load_definitions(write_levels(tmp_path), vault.store.profile).definitions
        before = cells(report_of(vault, level).table("levels"))
        national = next(i for i, p in made.providers.items() if p[1] == "national")
        vault.store.update(national, {"level": "regional"})
        after = cells(report_of(vault, level).table("levels"))
        assert after["regional", None] == before["regional", None] + before["national", None]
        assert after["national", None] == 0
    finally:
        vault.lock()


def write_levels(folder: Path) -> Path:
    path = folder / "levels.yaml"
    path.write_text("indicators:\n  - {key: levels, count: referrals, rows: provider_level, "
                    "columns: provider}\n", encoding="utf-8")
    return path


def test_the_plans_tables_for_meetings_providers_and_assessed_cases(world):
    vault, made = world
    plans = {f.key: f for f in plan_files(vault.store.profile)}
    puke = report_of(vault, plans["puke"].definitions)
    assert puke.table("PUK-09").totals.grand == len(made.meetings())
    assert puke.table("PUK-10").totals.grand == sum(len(m["attendees"])
                                                    for m in made.meetings())
    kucove = report_of(vault, plans["kucove"].definitions)
    outside = [f for _, f in made.of("referral") if in_year(f["sent_on"]) and made.outside(f)]
    assert cells(kucove.table("KUC-05")) == Counter(made.provider(f) for f in outside)
    himare = report_of(vault, plans["himare"].definitions)
    assert himare.table("HIM-01").target.startswith("≥ 50")
    assert himare.table("HIM-04P").totals.grand > 0


# -- Kosovo: administrative acts --------------------------------------------------------------

@pytest.fixture(scope="module")
def kosovo(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[OpenVault, list]]:
    folder = tmp_path_factory.mktemp("xk") / "data"
    vault = create_vault(folder, "drita", PASSWORD, kdf=FAST_KDF, country="XK")
    acts = kosovo_acts(vault.store)
    yield vault, acts
    vault.lock()


def test_administrative_acts_by_type_and_decision(kosovo):
    vault, acts = kosovo
    report = report_of(vault)
    table = report.table("acts_by_type")
    expected = Counter((a["act_type"], a["decision"]) for a in acts if in_year(a["issued_on"]))
    assert cells(table) == expected and adds_up(table)
    assert table.column_labels == ("Granted", "Refused")
    assert table.title == "Administrative acts by type"


def test_gjilan_counts_acts_by_type_over_three_years(kosovo):
    vault, acts = kosovo
    gjilan = next(f for f in plan_files(vault.store.profile) if f.key == "gjilan")
    table = report_of(vault, gjilan.definitions).table("GJI-03")
    by_year = Counter((a["act_type"], a["issued_on"][:4]) for a in acts
                      if "2023" <= a["issued_on"][:4] <= "2025")
    years = Counter({(r, str(c)[:4]): n for (r, c), n in cells(table).items()})
    assert years == by_year and adds_up(table)
    assert [str(c)[:4] for c in table.column_keys] == ["2023", "2024", "2025"]


MEETINGS_FILE = """\
plan: {sq: "Takimet e grupit teknik", en: "Technical group meetings"}
indicators:
  - key: held
    title: {sq: "Takime të zhvilluara", en: "Meetings held"}
    count: meetings
    rows: meeting_group
    columns: unit
  - key: who
    title: {sq: "Pjesëmarrës sipas institucionit", en: "Participants by institution"}
    count: participants
    rows: institution
    columns: meeting_group
"""


def test_kujdes_report_with_a_meeting_definition(monkeypatch, tmp_path: Path):
    data_dir = tmp_path / "data"
    made = World(seed=5).build(persons=12)
    with create_vault(data_dir, "arta", PASSWORD, kdf=FAST_KDF) as vault:
        vault.store.create_many([(t, f) for _, t, f in made.items],
                                record_ids=[i for i, _, _ in made.items])
    definition = tmp_path / "takimet.yaml"
    definition.write_text(MEETINGS_FILE, encoding="utf-8")
    out = tmp_path / "takimet.csv"
    monkeypatch.setattr("sys.stdin", io.StringIO(PASSWORD + "\n"))
    assert main(["report", "--data-dir", str(data_dir), "--user", "arta", "--password-stdin",
                 "--period", "2025", "--language", "sq", "--definition", str(definition),
                 "--out", str(out)]) == 0
    text = out.read_text("utf-8-sig")
    assert "Takimet e grupit teknik" in text and "Pjesëmarrës sipas institucionit" in text
    total = sum(len(m["attendees"]) for m in made.meetings())
    held = len(made.meetings())
    lines = text.splitlines()
    assert any(line.startswith("Gjithsej") and line.rstrip().endswith(f",{held}")
               for line in lines), lines
    assert any(line.startswith("Gjithsej") and line.rstrip().endswith(f",{total}")
               for line in lines), lines


def test_the_cases_behind_an_assessment_count_and_a_pathway(custom, world):
    vault, made = world
    request = ReportRequest(Period.year(2025), language="en", as_of=AS_OF)
    forms = custom.table("forms")
    row = forms.row_keys.index("dv_risk")
    found = cases_behind(vault.store, request, forms, row, None, role="director")
    expected = {made.cases[f["case_id"]]["case_number"] for _, f in made.of("assessment")
                if in_year(f["submitted_on"]) and f["form_id"] == "dv_risk"}
    assert {c.case_number for c in found.cases} == expected
    pathway = custom.table("pathway")
    both = pathway.row_keys.index("assessed_referred")
    listed = cases_behind(vault.store, request, pathway, both, None, role="director")
    assert len(listed.cases) == pathway.totals.rows[both] > 0
    with pytest.raises(DrillDownRefused):
        cases_behind(vault.store, request, custom.table("talks"), 0, 0, role="director")


def test_one_unit_counts_the_meetings_of_its_cases_and_its_acts(world, kosovo):
    vault, made = world
    lukove = report_of(vault, unit="Lukovë")
    ours = [m for m in made.meetings()
            if made.cases[m["case_id"]]["administrative_unit"] == "Lukovë"]
    assert lukove.table("meetings_held").totals.grand == len(ours) > 0
    assert lukove.table("meeting_participants").totals.grand == sum(
        len(m["attendees"]) for m in ours)
    xk, acts = kosovo
    assert report_of(xk, unit="Gjilan").table("acts_by_type").totals.grand == sum(
        in_year(a["issued_on"]) for a in acts)
    assert report_of(xk, unit="Kamenicë").table("acts_by_type").totals.grand == 0
