"""Benchmark: case data in and out. Export of 100,000 cases to XLSX (bar: 20 seconds), and
import of 50,000 cases with their persons from an Albanian-headed CSV (the rate is printed;
persons alone import at about 1,800 rows a second).

    .venv/bin/python bench/bench_exchange.py [--cases 100000] [--import-rows 50000] [--quick]

The export vault (persons, households and cases of the demo generator) is built once and kept
under bench/out/exchange/ for later runs; the import runs on a fresh vault each time.
``--quick`` runs the same steps on 300 cases and 300 rows in a temporary folder.
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
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from desktop.core.casework.case_export import ExportRequest, export_records  # noqa: E402
from desktop.core.casework.case_importer import import_cases  # noqa: E402
from desktop.core.demo import DemoGenerator  # noqa: E402
from desktop.core.keys import FAST_KDF  # noqa: E402
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
    parser.add_argument("--import-rows", type=int, default=50_000)
    parser.add_argument("--rebuild", action="store_true")
    parser.add_argument("--only", choices=("export", "import"), default=None)
    parser.add_argument("--quick", action="store_true",
                        help="300 cases and 300 rows in a temporary folder")
    args = parser.parse_args()
    print(f"machine: {os.cpu_count()} CPUs, load average {os.getloadavg()[0]:.1f} "
          "(wall time suffers on a busy machine; CPU time less so)")
    if args.quick:
        with tempfile.TemporaryDirectory() as folder:
            return run(Path(folder), 300, 300, rebuild=True)
    return run(OUT, args.cases, args.import_rows, args.rebuild, args.only)


def run(folder: Path, cases: int, rows: int, rebuild: bool, only: str | None = None) -> int:
    ok = True
    if only != "import":
        vault_dir = folder / f"cases-{cases}"
        if rebuild or not (vault_dir / "built.json").exists():
            build(vault_dir, cases)
        ok = bench_export(vault_dir, folder / "export.xlsx")
    if only != "export":
        bench_import(folder, rows)
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
    verdict = "within" if wall <= EXPORT_BAR else "OVER"
    print(f"export {result.rows:,} cases ({len(result.columns)} columns, {size:.1f} MB, sensitive "
          f"data included) to XLSX: {wall:.1f} s wall, {cpu:.1f} s CPU; bar {EXPORT_BAR:.0f} s: {verdict} "
          f"({wall / EXPORT_BAR:.2f} of the bar); {result.left_out:,} records of sensitive "
          "types left out")
    return wall <= EXPORT_BAR or result.rows < 100_000


def bench_import(folder: Path, rows: int) -> None:
    source = folder / f"register-{rows}.csv"
    write_register(source, rows)
    vault_dir = folder / "import-vault"
    shutil.rmtree(vault_dir, ignore_errors=True)
    with create_vault(vault_dir, USER, PASSWORD, kdf=FAST_KDF) as vault:
        wall, cpu = time.perf_counter(), time.process_time()
        report = import_cases(vault.store, source)
        wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
        cases = vault.store.count("case")
    if not report.ok:
        print("import refused:", *[str(p) for p in report.errors[:5]], sep="\n  ")
        return
    print(f"import {rows:,} cases with {report.persons_new:,} persons: {wall:.1f} s wall, "
          f"{cpu:.1f} s CPU: {rows / wall:,.0f} rows/s ({cases:,} cases in the vault; "
          f"{len(report.possible_duplicates):,} possible duplicates reported)")


def write_register(path: Path, rows: int) -> None:
    """A synthetic caseload register as a municipality keeps it: Albanian headers, ``;``."""
    generator = DemoGenerator(create_profile(), seed=23, today=dt.date.today())
    persons: dict[str, dict[str, Any]] = {}
    used_ids: set[Any] = set()
    written = 0
    with path.open("w", encoding="utf-8-sig", newline="") as handle:
        writer = csv.writer(handle, delimiter=";")
        writer.writerow([*PERSON_COLUMNS, *CASE_COLUMNS])
        for household in generator.households(10 * rows):
            for record_id, record_type, fields in household:
                if record_type == "person":
                    persons[record_id] = fields
                elif record_type == "case" and written < rows:
                    person = persons[fields["person_id"]]
                    if person.get("personal_id") in used_ids:  # the generator's rare repeat
                        person = {**person, "personal_id": None}
                    used_ids.add(person.get("personal_id"))
                    writer.writerow([_text(person.get(f)) for f in PERSON_COLUMNS.values()] +
                                    [_text(fields.get(f)) for f in CASE_COLUMNS.values()])
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
