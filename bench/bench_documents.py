"""Benchmark: how long printed documents take to make (run it; it prints, it does not test).

    .venv/bin/python bench/bench_documents.py [--runs N] [--quick]

Prints, per document kind, the pages and the time to render (median and best of N, wall
clock and CPU); the three-page care plan against its budget of 100 ms; and pages per second
for a 50-page case history (every home visit of a case). Records are synthetic. The best time
is the one to compare between machines: on a busy machine the median carries other work.
``--quick`` runs every document twice and a 30-visit history: the same code, in seconds.
"""

from __future__ import annotations

import argparse
import io
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path
from tempfile import TemporaryDirectory

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from pypdf import PdfReader  # noqa: E402

from desktop.core.documents import KINDS, render_document  # noqa: E402
from tests.documents import samples  # noqa: E402

CARE_PLAN_BUDGET_MS = 100.0


def pages_of(pdf: bytes) -> int:
    return len(PdfReader(io.BytesIO(pdf)).pages)


def timed(make: Callable[[], bytes], runs: int) -> tuple[bytes, list[float], list[float]]:
    """The last PDF, and wall and CPU milliseconds of each run."""
    wall, cpu = [], []
    pdf = b""
    for _ in range(runs):
        w, c = time.perf_counter(), time.process_time()
        pdf = make()
        wall.append((time.perf_counter() - w) * 1000)
        cpu.append((time.process_time() - c) * 1000)
    return pdf, wall, cpu


def row(label: str, pages: int, wall: list[float], cpu: list[float]) -> str:
    return (f"{label:<34} {pages:>5} {statistics.median(wall):>9.1f} {min(wall):>8.1f} "
            f"{statistics.median(cpu):>9.1f} {min(cpu):>8.1f}")


def header() -> str:
    return (f"{'document':<34} {'pages':>5} {'wall med':>9} {'best':>8} {'cpu med':>9} "
            f"{'best':>8}   (ms)")


def kind_maker(kind: str, form: object) -> Callable[[], bytes]:
    records, case_type = samples.records_for(kind, form)
    person = samples.child() if kind == "protection-plan" else None
    ctx = samples.context(case_type=case_type, person_record=person)
    return lambda: render_document(kind, ctx, **records)


def three_page_care_plan() -> Callable[[], bytes]:
    goals = [f"Objektivi {n}: Ërmira përmbush hapin {n} të planit me ndihmën e familjes."
             for n in range(1, 9)]
    records = {"plan": samples.plan(goals=goals), "actions": samples.actions(22)}
    ctx = samples.context()
    return lambda: render_document("care-plan", ctx, **records)


def visit_history(visits: int) -> Callable[[], bytes]:
    records = [samples.visit(n) for n in range(visits)]
    ctx = samples.context()
    return lambda: render_document("visit-report", ctx, visits=records)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=15)
    parser.add_argument("--quick", action="store_true",
                        help="two runs and a short case history (a check that it still runs)")
    args = parser.parse_args()
    runs = 2 if args.quick else args.runs
    visits = 30 if args.quick else 150

    with TemporaryDirectory() as folder:  # the synthetic form definition only
        from desktop.core.forms import load_form_file

        form = load_form_file(samples.write_form(Path(folder)))

        start = time.perf_counter()
        kind_maker("care-plan", form)()
        print(f"first document in a process (loads the fonts): "
              f"{(time.perf_counter() - start) * 1000:.0f} ms\n")

        print(header())
        for kind in KINDS:
            pdf, wall, cpu = timed(kind_maker(kind, form), runs)
            print(row(kind, pages_of(pdf), wall, cpu))

    print()
    pdf, wall, cpu = timed(three_page_care_plan(), runs)
    print(header())
    print(row("care-plan, 22 actions", pages_of(pdf), wall, cpu))
    budget = CARE_PLAN_BUDGET_MS
    print(f"budget {budget:.0f} ms for a three-page care plan (ratio = time / budget):")
    for what, times in (("wall", wall), ("cpu", cpu)):
        best, median = min(times), statistics.median(times)
        print(f"  {what:<4} best {best:6.1f} ms = {best / budget:.2f}   "
              f"median {median:6.1f} ms = {median / budget:.2f}")
    print("  (wall exceeds cpu only when other processes share the cores)")

    print()
    make = visit_history(visits)
    pdf, wall, cpu = timed(make, max(2 if args.quick else 3, runs // 5))
    pages = pages_of(pdf)
    print(header())
    print(row(f"visit history, {visits} visits", pages, wall, cpu))
    print(f"case history: {pages} pages; pages/s wall best {pages / min(wall) * 1000:.0f}, "
          f"median {pages / statistics.median(wall) * 1000:.0f}; cpu best "
          f"{pages / min(cpu) * 1000:.0f}, median {pages / statistics.median(cpu) * 1000:.0f}")


if __name__ == "__main__":
    main()
