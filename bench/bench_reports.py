"""Benchmark: the annual report on a vault of 100,000 cases (bar: 2 seconds), and a
municipality's own indicator definition (new cases by referral source and target group, three
years side by side; bar: 1 second after the first report).

The vault is built once (persons, households and cases from the demo generator, and the case
work reports count: plans, referrals, visits, protection orders, satisfaction surveys) and
kept under bench/out/ for later runs. Prints the figures and their ratio to the bar.

    .venv/bin/python bench/bench_reports.py [--cases 100000] [--runs 5] [--rebuild] [--quick]

``--quick`` builds a fresh vault of 300 cases in a temporary folder and runs every step once
or twice: a check that it still runs, in seconds.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import random
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from desktop.core.demo import DemoGenerator  # noqa: E402
from desktop.core.keys import FAST_KDF  # noqa: E402
from desktop.core.reports import (  # noqa: E402
    Period,
    ReportRequest,
    build_report,
    render,
)
from desktop.core.reports.definitions import Definition, load_definitions  # noqa: E402
from desktop.core.store import Store  # noqa: E402
from desktop.core.vault import create_vault, open_vault  # noqa: E402
from sync.ids import uuid7  # noqa: E402

OUT = Path(__file__).resolve().parent / "out" / "reports"
USER, PASSWORD = "bench", "bench-password"
BAR_SECONDS = 2.0
DEFINITION_BAR_SECONDS = 1.0
CUSTOM_DEFINITION = """\
plan: {sq: "Plani i bashkisë", en: "The municipality's plan"}
indicators:
  - key: source_group_year
    title: {sq: "Raste të reja sipas burimit dhe grupit", en: "New cases by source and group"}
    count: new_case_groups
    rows: source
    columns: target_group
    years: 3
"""
SERVICES = ("counselling", "home_care", "day_centre", "mobile_unit", "food_package",
            "protected_housing", "emergency_fund", "health_service", "employment_office")
Item = tuple[str, str, dict[str, Any]]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cases", type=int, default=100_000)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--rebuild", action="store_true")
    parser.add_argument("--quick", action="store_true",
                        help="300 cases in a fresh temporary vault (a check that it still runs)")
    args = parser.parse_args()
    if args.quick:
        with tempfile.TemporaryDirectory() as folder:
            return run(Path(folder) / "cases-300", 300, runs=2, rebuild=True)
    return run(OUT / f"cases-{args.cases}", args.cases, args.runs, args.rebuild)


def run(data_dir: Path, cases: int, runs: int, rebuild: bool) -> int:
    if rebuild or not (data_dir / "built.json").exists():
        build(data_dir, cases)
    built = json.loads((data_dir / "built.json").read_text())
    print(f"vault: {built['records']:,} records, {built['cases']:,} cases "
          f"(built in {built['seconds']:.0f} s on {built['today']})")
    print(f"machine: {os.cpu_count()} CPUs, load average {os.getloadavg()[0]:.1f} "
          "(wall time suffers on a busy machine; CPU time less so)")
    measure(data_dir, dt.date.fromisoformat(built["today"]), runs)
    return 0


# -- the vault -------------------------------------------------------------------------------------

def build(data_dir: Path, cases: int) -> None:
    shutil.rmtree(data_dir, ignore_errors=True)
    data_dir.mkdir(parents=True)
    began = time.perf_counter()
    today = dt.date.today()
    counts: dict[str, int] = {}
    with create_vault(data_dir, USER, PASSWORD, kdf=FAST_KDF) as vault:
        generator = DemoGenerator(vault.store.profile, seed=7, today=today)
        rng = random.Random(7)
        pending: list[Item] = []
        for household in generator.households(10 * cases):
            for item in household:
                if item[1] in ("person", "household", "case"):
                    pending.append(item)
                    if item[1] == "case":
                        pending += case_work(rng, item[0], item[2], today)
            if len(pending) >= 5000:
                flush(vault.store, pending, counts)
                print(f"  {counts.get('case', 0):,} cases ...", flush=True)
            if counts.get("case", 0) + sum(1 for i in pending if i[1] == "case") >= cases:
                break
        flush(vault.store, pending, counts)
    seconds = time.perf_counter() - began
    (data_dir / "built.json").write_text(json.dumps({
        "cases": counts["case"], "records": sum(counts.values()), "by_type": counts,
        "seconds": seconds, "today": today.isoformat()}))


def flush(store: Store, pending: list[Item], counts: dict[str, int]) -> None:
    if pending:
        store.create_many([(t, f) for _, t, f in pending], record_ids=[i for i, _, _ in pending])
        for _, record_type, _ in pending:
            counts[record_type] = counts.get(record_type, 0) + 1
        pending.clear()


def case_work(rng: random.Random, case_id: str, case: dict[str, Any], today: dt.date
              ) -> list[Item]:
    opened = dt.date.fromisoformat(case["opened_on"])
    last = min(today, dt.date.fromisoformat(case.get("closed_on", today.isoformat())))
    span = max((last - opened).days, 1)

    def when(after: int = 0) -> str:
        return (opened + dt.timedelta(days=min(span, after + rng.randint(0, span)))).isoformat()

    unit = case["administrative_unit"]
    out: list[Item] = []
    if rng.random() < 0.6:
        created = when()
        due = (dt.date.fromisoformat(created) + dt.timedelta(days=180)).isoformat()
        plan = {"case_id": case_id, "plan_type": "care_plan", "version": 1, "status": "active",
                "created_on": created, "review_date": due}
        if rng.random() < 0.6:
            plan["reviewed_on"] = (dt.date.fromisoformat(due) + dt.timedelta(
                days=rng.randint(-30, 20))).isoformat()
        out.append((uuid7(), "plan", plan))
    for _ in range(rng.choice((0, 0, 1, 1, 2))):
        status = rng.choice(("sent", "accepted", "delivered", "delivered", "refused",
                             "not_possible"))
        referral = {"case_id": case_id, "service": rng.choice(SERVICES), "status": status,
                    "prescribed": rng.random() < 0.4, "sent_on": when()}
        if status == "not_possible":
            referral["not_possible_reason"] = rng.choice(("no_capacity", "distance",
                                                          "not_available"))
        out.append((uuid7(), "referral", referral))
    for _ in range(rng.choice((0, 1, 1, 2, 3))):
        out.append((uuid7(), "visit", {"case_id": case_id, "visit_date": when(),
                                       "protocol": rng.choice(("routine", "routine",
                                                               "rapid_response", "emergency")),
                                       "administrative_unit": unit}))
    if case["case_type"] == "domestic_violence" and rng.random() < 0.7:
        issued = when()
        reports = [{"number": n, "date": (dt.date.fromisoformat(issued) + dt.timedelta(
            days=60 * n + rng.randint(-10, 15))).isoformat()} for n in range(1, 5)
            if rng.random() < 0.8]
        out.append((uuid7(), "measure", {"case_id": case_id, "measure_type": "protection_order",
                                         "issued_on": issued, "status": "active",
                                         "reports": reports}))
    if rng.random() < 0.2:
        out.append((uuid7(), "assessment", {
            "case_id": case_id, "form_id": "satisfaction", "form_version": 1,
            "submitted_on": when(), "computed": {"mean_score": round(rng.uniform(1, 5), 2)}}))
    return out


# -- the figures -----------------------------------------------------------------------------------

def measure(data_dir: Path, today: dt.date, runs: int) -> None:
    year = Period.year(today.year)
    internal = ReportRequest(year, language="sq", as_of=today)
    public = ReportRequest(year, language="sq", as_of=today, public=True)
    figures: list[tuple[str, tuple[float, float]]] = []
    with open_vault(data_dir, USER, PASSWORD) as vault:
        # a vault without bases (upgraded, or after a profile change) builds them once
        forget_bases(vault.store)
        figures.append(("first report ever: builds the bases (once)",
                        timed(lambda: build_report(vault.store, internal))))
    with open_vault(data_dir, USER, PASSWORD) as vault:
        store = vault.store
        figures.append(("annual report, first after unlock",
                        timed(lambda: build_report(store, internal))))
        custom = custom_definition(store, data_dir.parent)
        definition_figures = [
            ("custom definition, first", timed(lambda: build_report(
                store, internal, definitions=custom))),
            (f"custom definition, median of {runs}", median([timed(lambda: build_report(
                store, internal, definitions=custom)) for _ in range(runs)]))]
        figures.append((f"annual report again, median of {runs}", median(
            [timed(lambda: build_report(store, internal)) for _ in range(runs)])))
        figures.append((f"public edition, median of {runs}", median(
            [timed(lambda: build_report(store, public)) for _ in range(runs)])))
        report = build_report(store, public)
        figures.append(("first quarter", timed(lambda: build_report(store, ReportRequest(
            Period.quarter(today.year, 1), language="sq", as_of=today)))))
        store.audit("bench_export", None, {"format": "none"})  # an audit entry only
        figures.append(("after an export (audit only)",
                        timed(lambda: build_report(store, internal))))
        rng = random.Random(time.time_ns())
        cases = sample_cases(store, rng, 1000)
        day, page = min(200, len(cases) // 4), min(500, len(cases) // 2)
        edit_cases(store, rng, cases[:1], today)
        figures.append(("after one case edited",
                        timed(lambda: build_report(store, internal))))
        edit_cases(store, rng, cases[1:1 + day], today)
        figures.append((f"after a day's work ({day} cases edited)",
                        timed(lambda: build_report(store, internal))))
        pull_page(store, rng, cases[1 + day:1 + day + page], today)
        figures.append((f"after a sync page ({page} cases changed)",
                        timed(lambda: build_report(store, internal))))
        exports = {fmt: timed(lambda f=fmt: render(report, f)) for fmt in ("csv", "xlsx", "pdf")}
    print(f"annual report {today.year}: {report.cases_managed or 0:,} cases managed, "
          f"{report.persons or 0:,} beneficiaries, {len(report.tables)} tables")
    print(f"  {'':<48} {'wall':>8}   {'cpu':>8}   wall / {BAR_SECONDS:.0f} s bar")
    for what, pair in figures:
        line(what, pair)
    for what, pair in definition_figures:
        line(what, pair, DEFINITION_BAR_SECONDS)
    for fmt, (wall, cpu) in exports.items():
        print(f"  render {fmt:<41} {wall:8.3f} s {cpu:8.3f} s")


def custom_definition(store: Store, folder: Path) -> tuple[Definition, ...]:
    """The definition read from its YAML file, as a municipality would give it."""
    path = folder / "custom_indicators.yaml"
    path.write_text(CUSTOM_DEFINITION, encoding="utf-8")
    return load_definitions(path, store.profile).definitions


def forget_bases(store: Store) -> None:
    with store.transaction() as conn:
        conn.exec_driver_sql("DELETE FROM report_state WHERE key = 'key'")


def sample_cases(store: Store, rng: random.Random, count: int) -> list[str]:
    with store.reading() as conn:
        ids = [r[0] for r in conn.exec_driver_sql(
            "SELECT id FROM records WHERE type = 'case' AND deleted = 0")]
    return rng.sample(ids, min(count, len(ids)))


def edit_cases(store: Store, rng: random.Random, cases: list[str], today: dt.date) -> None:
    """What a worker does in a day: a visit, a referral answered, a case closed or reopened."""
    for case_id in cases:
        roll = rng.random()
        if roll < 0.5:
            store.create("visit", {"case_id": case_id, "visit_date": today.isoformat(),
                                   "protocol": "routine"})
        elif roll < 0.8:
            store.create("referral", {"case_id": case_id, "service": rng.choice(SERVICES),
                                      "status": "sent", "prescribed": False,
                                      "sent_on": today.isoformat()})
        else:
            case = store.get(case_id)
            if case is not None and case.fields.get("status") == "open":
                store.update(case_id, {"status": "closed", "closed_on": today.isoformat()})


def pull_page(store: Store, rng: random.Random, cases: list[str], today: dt.date) -> None:
    """Changes to ``cases`` arriving from the server in one page."""
    with store.transaction():
        for case_id in cases:
            record = store.get(case_id)
            if record is None:
                continue
            record.fields["referral_source"] = rng.choice(("police", "school", "self"))
            store.put_synced(record)


def timed(work: Any) -> tuple[float, float]:
    """(wall, CPU) seconds of ``work()``; CPU time is steadier on a busy machine."""
    wall, cpu = time.perf_counter(), time.process_time()
    work()
    return time.perf_counter() - wall, time.process_time() - cpu


def median(pairs: list[tuple[float, float]]) -> tuple[float, float]:
    return (statistics.median(p[0] for p in pairs), statistics.median(p[1] for p in pairs))


def line(what: str, figures: tuple[float, float], bar: float = BAR_SECONDS) -> None:
    wall, cpu = figures
    print(f"  {what:<48} {wall:8.3f} s {cpu:8.3f} s   {wall / bar:5.2f} x "
          f"(cpu {cpu / bar:4.2f} x) of {bar:.0f} s")


if __name__ == "__main__":
    sys.exit(main())
