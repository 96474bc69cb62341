"""Benchmark: case data in and out. Export of 100,000 cases to XLSX (bar: 20 seconds), and
import of 50,000 cases with their persons from an Albanian-headed CSV, beside the import of
the same 50,000 persons alone in the same run (rows a second, by CPU and by the clock).

    .venv/bin/python bench/bench_exchange.py [--cases 100000] [--import-rows 50000]
        [--only export|import] [--rebuild] [--quick]

``--import-rows 2000,10000,50000`` imports at each size (does the rate hold as files grow?).
The export vault (persons, households and cases of the demo generator) is built once and kept
under bench/out/exchange/ for later runs; each import runs on a fresh vault. ``--quick`` runs
the same steps on 300 cases and 300 rows in a temporary folder. Every figure is given in
process CPU time beside the time on the clock, with the machine's load: on a shared machine
the clock counts the waits for a core, CPU time much less.
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import json
import os
import shutil
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from desktop.core.casework.case_export import ExportRequest, export_records  # noqa: E402
from desktop.core.casework.case_importer import import_cases  # noqa: E402
from desktop.core.casework.importer import import_persons  # noqa: E402
from desktop.core.demo import DemoGenerator  # noqa: E402
from desktop.core.keys import FAST_KDF  # noqa: E402
from desktop.core.store import Store  # noqa: E402
from desktop.core.sync_local import META_USER  # noqa: E402
from desktop.core.vault import create_vault, open_vault  # noqa: E402

OUT = Path(__file__).resolve().parent / "out" / "exchange"
USER, PASSWORD = "bench", "bench-password"
EXPORT_BAR = 20.0
PERSON_COLUMNS = {"Emri": "first_name", "Mbiemri": "last_name", "Atësia": "father_name",
                  "Gjinia": "sex", "Datëlindja": "birth_date", "Numri personal": "personal_id",
                  "Njësia administrative": "administrative_unit", "Fshati": "village"}
CASE_COLUMNS = {"Lloji i rastit": "case_type", "Burimi i referimit": "referral_source",
                "Hapur më": "opened_on", "Niveli i riskut": "risk_level"}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cases", type=int, default=100_000)
    parser.add_argument("--import-rows", default="50000",
                        help="rows of the import, or several sizes: 2000,10000,50000")
    parser.add_argument("--rebuild", action="store_true")
    parser.add_argument("--only", choices=("export", "import"), default=None)
    parser.add_argument("--quick", action="store_true",
                        help="300 cases and 300 rows in a temporary folder")
    args = parser.parse_args()
    print(f"machine: {os.cpu_count()} CPUs shared with other work, {load()}: the clock "
          "counts the waits for a core, process CPU time much less")
    if args.quick:
        with tempfile.TemporaryDirectory() as folder:
            return run(Path(folder), 300, [300], rebuild=True, only=args.only)
    sizes = [int(n) for n in str(args.import_rows).split(",") if n.strip()]
    return run(OUT, args.cases, sizes, args.rebuild, args.only)


def load() -> str:
    one, five, _ = os.getloadavg()
    return f"load average {one:.1f} (1 min), {five:.1f} (5 min)"


def run(folder: Path, cases: int, sizes: list[int], rebuild: bool, only: str | None = None
        ) -> int:
    ok = True
    folder.mkdir(parents=True, exist_ok=True)
    if only != "import":
        vault_dir = folder / f"cases-{cases}"
        if rebuild or not (vault_dir / "built.json").exists():
            build(vault_dir, cases)
        ok = bench_export(vault_dir, folder / "export.xlsx")
    if only != "export":
        for rows in sizes:
            bench_import(folder, rows)
    print(f"at the end: {load()}")
    return 0 if ok else 1


def build(data_dir: Path, cases: int) -> None:
    shutil.rmtree(data_dir, ignore_errors=True)
    data_dir.mkdir(parents=True)
    began, made = time.perf_counter(), 0
    with create_vault(data_dir, USER, PASSWORD, kdf=FAST_KDF) as vault:
        generator = DemoGenerator(vault.store.profile, seed=11, today=dt.date.today())
        pending: list[tuple[str, str, dict[str, Any]]] = []
        for household in generator.households(10 * cases):
            pending += [i for i in household if i[1] in ("person", "household", "case")]
            made += sum(1 for i in household if i[1] == "case")
            if len(pending) >= 5000 or made >= cases:
                vault.store.create_many([(t, f) for _, t, f in pending],
                                        record_ids=[i for i, _, _ in pending])
                pending.clear()
            if made >= cases:
                break
    (data_dir / "built.json").write_text(json.dumps(
        {"cases": made, "seconds": time.perf_counter() - began}))
    print(f"built a vault of {made:,} cases in {time.perf_counter() - began:.0f} s")


def bench_export(vault_dir: Path, out: Path) -> bool:
    with open_vault(vault_dir, USER, PASSWORD) as vault:
        # Every case goes out: a director (who may see every sensitive type) includes them.
        vault.store.meta_set(META_USER, json.dumps({"role": "director", "units": []}))
        wall, cpu = time.perf_counter(), time.process_time()
        request = ExportRequest("cases", "xlsx", language="sq", include_sensitive=True)
        result = export_records(vault.store, request, out)
        wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
    size = out.stat().st_size / 1e6
    print(f"export {result.rows:,} cases ({len(result.columns)} columns, {size:.1f} MB, sensitive "
          f"data included; {result.left_out:,} records of types left out) to XLSX:\n"
          f"  {cpu:.1f} s CPU ({cpu / EXPORT_BAR:.2f} of the bar: {_verdict(cpu)}), "
          f"{wall:.1f} s on the clock ({wall / EXPORT_BAR:.2f} of the bar: {_verdict(wall)}); "
          f"bar {EXPORT_BAR:.0f} s; {load()}")
    return cpu <= EXPORT_BAR or result.rows < 100_000


def _verdict(seconds: float) -> str:
    return "within" if seconds <= EXPORT_BAR else "OVER"


def bench_import(folder: Path, rows: int) -> None:
    cases_file = folder / f"register-{rows}.csv"
    persons_file = folder / f"persons-{rows}.csv"
    if not cases_file.exists() or not persons_file.exists():
        write_register(cases_file, persons_file, rows)
    persons = _timed_import(folder, lambda store: import_persons(store, persons_file))
    cases = _timed_import(folder, lambda store: import_cases(store, cases_file))
    for name, (report, _, _) in (("persons", persons), ("cases", cases)):
        if not report.ok:
            print(f"import of {name} refused:", *[str(p) for p in report.errors[:5]],
                  sep="\n  ")
            return
    (_, p_wall, p_cpu), (report, c_wall, c_cpu) = persons, cases
    print(f"import of {rows:,} rows ({load()}):\n"
          f"  persons alone:        {_rate(rows, p_cpu, p_wall)}\n"
          f"  cases with persons:   {_rate(rows, c_cpu, c_wall)}; "
          f"{report.imported:,} cases and {report.persons_new:,} persons written, "
          f"{len(report.possible_duplicates):,} possible duplicates reported\n"
          f"  cases / persons rate: {p_cpu / c_cpu:.2f} by CPU, {p_wall / c_wall:.2f} "
          "on the clock (a case row writes two records, a person row one)")


def _timed_import(folder: Path, run_import: Callable[[Store], Any]) -> tuple[Any, float, float]:
    vault_dir = folder / "import-vault"
    shutil.rmtree(vault_dir, ignore_errors=True)
    with create_vault(vault_dir, USER, PASSWORD, kdf=FAST_KDF) as vault:
        wall, cpu = time.perf_counter(), time.process_time()
        report = run_import(vault.store)
        wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
    shutil.rmtree(vault_dir, ignore_errors=True)
    return report, wall, cpu


def _rate(rows: int, cpu: float, wall: float) -> str:
    return (f"{rows / cpu:7,.0f} rows/s by CPU ({cpu:6.1f} s), {rows / wall:7,.0f} rows/s "
            f"on the clock ({wall:6.1f} s)")


def write_register(cases_file: Path, persons_file: Path, rows: int) -> None:
    """A synthetic caseload register as a municipality keeps it (Albanian headers, ``;``),
    and the same persons alone."""
    generator = DemoGenerator(create_profile(), seed=23, today=dt.date.today())
    persons: dict[str, dict[str, Any]] = {}
    used_ids: set[Any] = set()
    written = 0
    with cases_file.open("w", encoding="utf-8-sig", newline="") as handle, \
            persons_file.open("w", encoding="utf-8-sig", newline="") as alone:
        writer, persons_writer = csv.writer(handle, delimiter=";"), csv.writer(alone,
                                                                                delimiter=";")
        writer.writerow([*PERSON_COLUMNS, *CASE_COLUMNS])
        persons_writer.writerow(list(PERSON_COLUMNS))
        for household in generator.households(10 * rows):
            for record_id, record_type, fields in household:
                if record_type == "person":
                    persons[record_id] = fields
                elif record_type == "case" and written < rows:
                    person = persons[fields["person_id"]]
                    if person.get("personal_id") in used_ids:  # the generator's rare repeat
                        person = {**person, "personal_id": None}
                    used_ids.add(person.get("personal_id"))
                    person_cells = [_text(person.get(f)) for f in PERSON_COLUMNS.values()]
                    writer.writerow(person_cells +
                                    [_text(fields.get(f)) for f in CASE_COLUMNS.values()])
                    persons_writer.writerow(person_cells)
                    written += 1
            if written >= rows:
                break


def create_profile() -> Any:
    from sync.profile import load_profile

    return load_profile("AL")


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, str) and len(value) == 10 and value[4] == "-" and value[7] == "-":
        return dt.date.fromisoformat(value).strftime("%d.%m.%Y")
    return str(value)


if __name__ == "__main__":
    sys.exit(main())
