"""Many laptops syncing with the server at once: pushes and pulls mixed, as laptops send them.

Each laptop is a :class:`tests.sync.memreplica.MemReplica` signed in as the social worker of
one administrative unit, fully synced before the clock starts. A step gives every laptop the
same work: ``rounds`` times, push one batch of its own changes (a case's risk level and review
date changed, home visits and notes recorded, made by the replica the way the vault's store
makes them, gzip-compressed JSON as the sync client sends it), then pull from its cursor until
the server says there is no more (the other laptops' changes in its unit). The bodies are
built before the clock starts, so the laptops' own work does not compete with the server, and
pull replies are read for their cursor and record count without decoding each whole (see
:func:`read_page`); a request's time ends when its reply has arrived. Every
loop is bounded; everything stays on 127.0.0.1.
"""

from __future__ import annotations

import copy
import json
import os
import re
import statistics
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

import requests

from sync.client import SyncClient
from sync.engine import CURSOR_KEY
from sync.protocol import PULL_PAGE_DEFAULT, encode_body
from tests.server.fixtures import case_fields, person_fields
from tests.sync.memreplica import MemReplica

MAX_PAGES = 50          # pull pages per round at most (a bound, never reached in the bench)
TIMEOUT_S = 300


@dataclass
class Laptop:
    replica: MemReplica
    client: SyncClient
    unit: str
    cursor: int = 0
    rounds: list[bytes] = field(default_factory=list)   # the push bodies of the next step


@dataclass
class StepFigures:
    laptops: int
    processes: int
    pushed: int = 0          # changes accepted
    pulled: int = 0          # records received
    wall: float = 0.0
    server_cpu: float = 0.0
    database_cpu: float = 0.0   # PostgreSQL's processes (0 on SQLite: inside the server)
    laptops_cpu: float = 0.0    # this process: the load generator's own CPU time
    machine_busy: float = 0.0   # CPU seconds of every process on the machine (/proc/stat)
    push_latencies: list[float] = field(default_factory=list)
    pull_latencies: list[float] = field(default_factory=list)
    failures: list[str] = field(default_factory=list)

    @property
    def changes_per_s(self) -> float:
        return self.pushed / self.wall if self.wall else 0.0


def worker_name(unit_index: int) -> str:
    return f"bench_unit_{unit_index}"


def seed_units(base: str, head: tuple[MemReplica, SyncClient], units: list[str],
               per_unit: int) -> None:
    """``per_unit`` cases with their persons in each of ``units``, pushed by the office."""
    office, client = head
    for u, unit in enumerate(units):
        for n in range(per_unit):
            pid = office.create("person", person_fields(unit, 10_000 + u * per_unit + n))
            office.create("case", case_fields(pid, unit, n=10_000 + u * per_unit + n,
                                              referral_source="village_head"))
    office.sync(client)


def make_laptops(base: str, count: int, units: list[str], password: str) -> list[Laptop]:
    """``count`` signed-in laptops, spread over the units' workers. The first laptop of each
    worker syncs fully; the others start from a copy of what it received (a laptop synced
    earlier), so that making 200 of them does not take 200 first restores."""
    laptops: list[Laptop] = []
    synced: dict[int, MemReplica] = {}
    for i in range(count):
        unit_index = i % len(units)
        client = SyncClient(base, f"dev-load-{i}-{time.monotonic_ns()}")
        client.hello()
        client.login(worker_name(unit_index), password, f"load laptop {i}")
        replica = MemReplica(worker_name(unit_index), client.device_id)
        if unit_index in synced:
            first = synced[unit_index]
            replica.records = copy.deepcopy(first.records)
            replica.meta = dict(first.meta)
        else:
            replica.sync(client)
            synced[unit_index] = replica
        laptops.append(Laptop(replica, client, units[unit_index],
                              int(replica.get_meta(CURSOR_KEY) or 0)))
    return laptops


def prepare(laptops: list[Laptop], rounds: int, batch: int, step: int) -> None:
    """Each laptop's push bodies for a step: per round one case updated, then home visits
    and notes on its cases, ``batch`` changes in all."""
    for n, laptop in enumerate(laptops):
        replica = laptop.replica
        cases = sorted(r for r in replica.live("case"))
        laptop.rounds = []
        for r in range(rounds):
            start = len(replica.outbox)
            case_id = cases[(n + r) % len(cases)]
            replica.update(case_id, {"risk_level": ("low", "medium", "high")[(n + r) % 3],
                                     "review_due": "2026-09-30"})
            for k in range(batch - 1):
                target = cases[(n + r + k) % len(cases)]
                if k % 2:
                    replica.create("note", {"case_id": target, "written_on": "2026-03-05",
                                            "text": f"Shënim {step}-{r}-{k} nga vizita"})
                else:
                    replica.create("visit", {"case_id": target, "visit_date": "2026-03-05",
                                             "protocol": "routine", "visited_by":
                                             replica.user, "observations":
                                             f"Vizitë {step}-{r}-{k}: familja mirë",
                                             "administrative_unit": laptop.unit})
            changes = [e.change.to_json() for e in replica.outbox[start:]]
            laptop.rounds.append(encode_body({"changes": changes}))


def run_step(base: str, laptops: list[Laptop], processes: int, server_pid: int,
             batch: int, database_pid: int | None = None) -> StepFigures:
    """Every laptop's rounds at once; the figures of the step."""
    figures = StepFigures(len(laptops), processes)
    lock = threading.Lock()
    gate = threading.Barrier(len(laptops))

    def work(laptop: Laptop) -> None:
        session = requests.Session()
        headers = {**laptop.client._headers(True), "Content-Type": "application/json"}
        gate.wait()
        for body in laptop.rounds:
            ok = _push(session, base, headers, body, batch, figures, lock)
            if ok:
                _pull(session, base, headers, laptop, figures, lock)
        session.close()

    threads = [threading.Thread(target=work, args=(laptop,)) for laptop in laptops]
    cpu = server_cpu_seconds(server_pid)
    db_cpu = server_cpu_seconds(database_pid) if database_pid else 0.0
    busy = machine_busy_seconds()
    own_cpu = time.process_time()
    started = time.monotonic()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=TIMEOUT_S * 4)
    figures.wall = time.monotonic() - started
    figures.laptops_cpu = time.process_time() - own_cpu
    figures.server_cpu = server_cpu_seconds(server_pid) - cpu
    figures.machine_busy = machine_busy_seconds() - busy
    if database_pid:
        figures.database_cpu = server_cpu_seconds(database_pid) - db_cpu
    return figures


def _push(session: requests.Session, base: str, headers: dict[str, str], body: bytes,
          batch: int, figures: StepFigures, lock: threading.Lock) -> bool:
    started = time.monotonic()
    try:
        resp = session.post(base + "/api/push", data=body, timeout=TIMEOUT_S,
                            headers={**headers, "Content-Encoding": "gzip"})
        results = resp.json().get("results", []) if resp.status_code == 200 else []
        rejected = sum(1 for r in results if r.get("status") == "rejected")
        failure = (f"push: HTTP {resp.status_code}" if len(results) != batch
                   else f"push: {rejected} change(s) rejected" if rejected else None)
    except requests.RequestException as exc:
        results, failure = [], f"push: {type(exc).__name__}"
    took = time.monotonic() - started
    with lock:
        figures.push_latencies.append(took)
        figures.pushed += sum(1 for r in results if r.get("status") != "rejected")
        if failure:
            figures.failures.append(failure)
    return failure is None


def _pull(session: requests.Session, base: str, headers: dict[str, str], laptop: Laptop,
          figures: StepFigures, lock: threading.Lock) -> None:
    for _ in range(MAX_PAGES):
        started = time.monotonic()
        try:
            body = encode_body({"cursor": laptop.cursor, "limit": PULL_PAGE_DEFAULT})
            resp = session.post(base + "/api/pull", data=body, timeout=TIMEOUT_S,
                                headers={**headers, "Content-Encoding": "gzip"})
            content = resp.content if resp.status_code == 200 else None
        except requests.RequestException as exc:
            content, resp = None, exc
        took = time.monotonic() - started
        with lock:
            figures.pull_latencies.append(took)
            check = len(figures.pull_latencies) % CHECK_EVERY == 0
        try:
            page = read_page(content, check) if content is not None else None
        except ValueError as exc:
            page, resp = None, exc
        with lock:
            if page is None:
                figures.failures.append(f"pull: {getattr(resp, 'status_code', resp)}")
                return
            figures.pulled += page[0]
        laptop.cursor = page[1]
        if not page[2]:
            return


CHECK_EVERY = 10  # one pull reply in this many is decoded whole (see read_page)
_TAIL = re.compile(rb'\],"cursor":([0-9]+),"more":(true|false)\}$')
_HEAD = b'{"records":['
_RECORD = b'{"id":'


def read_page(content: bytes, check: bool) -> tuple[int, int, bool]:
    """(records, cursor, more) of a pull reply.

    Decoding every reply whole would make this process, standing in for 200 laptops on the
    server's own cores, spend most of its CPU on it (the laptops' work, not the server's): the
    reply's ending gives the cursor and ``more``, its records are counted by their opening,
    and a reply with ``check`` (one in ``CHECK_EVERY``) or of another shape is decoded whole,
    the count checked against it (ValueError if they differ)."""
    tail = _TAIL.search(content, max(0, len(content) - 80))
    if not content.startswith(_HEAD) or tail is None or check:
        page = json.loads(content)
        found = (len(page["records"]), int(page["cursor"]), bool(page["more"]))
        if tail is not None and content.startswith(_HEAD) and found != (
                content.count(_RECORD), int(tail[1]), tail[2] == b"true"):
            raise ValueError("a pull reply's records were miscounted")
        return found
    return content.count(_RECORD), int(tail[1]), tail[2] == b"true"


def machine_busy_seconds() -> float:
    """CPU seconds every process on the machine has used (all cores; Linux /proc/stat)."""
    try:
        values = [int(v) for v in Path("/proc/stat").read_text().split("\n")[0].split()[1:]]
    except (OSError, ValueError):
        return 0.0
    return (sum(values[:8]) - values[3] - values[4]) / 100.0  # less idle and iowait


def server_cpu_seconds(pid: int) -> float:
    """CPU seconds of the server process and every process under it (Linux /proc)."""
    family, stats = _family(pid)
    return sum(stats[member][1] for member in family if member in stats)


def _family(pid: int) -> tuple[set[int], dict[int, tuple[int, float]]]:
    """``pid`` and every process under it, with each process's (parent, CPU seconds)."""
    ticks = 100.0
    family = {pid}
    stats: dict[int, tuple[int, float]] = {}
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            text = stat.read_text()
        except OSError:
            continue
        fields = text[text.rindex(")") + 2:].split()
        stats[int(stat.parent.name)] = (int(fields[1]), (int(fields[11]) + int(fields[12]))
                                        / ticks)
    grown = True
    while grown:
        grown = False
        for child, (parent, _cpu) in stats.items():
            if parent in family and child not in family:
                family.add(child)
                grown = True
    return family, stats


def percentile(values: list[float], q: int) -> float:
    if len(values) < 2:
        return values[0] if values else 0.0
    return statistics.quantiles(values, n=100, method="inclusive")[q - 1]


def print_step(f: StepFigures, database: str) -> None:
    def ms(values: list[float]) -> str:
        return "/".join(f"{percentile(values, q) * 1000:.0f}" for q in (50, 95, 99))

    every = f.push_latencies + f.pull_latencies
    print(f"  {f.laptops:4} laptops, {f.processes} process(es), {database}: {f.pushed:6} changes "
          f"in {f.wall:6.1f} s = {f.changes_per_s:6.0f} changes/s, {f.pulled:7} records pulled; "
          f"p50/p95/p99 ms push {ms(f.push_latencies)}, pull {ms(f.pull_latencies)}, "
          f"all {ms(every)}; CPU server {f.server_cpu:5.1f} s, database {f.database_cpu:5.1f} s, "
          f"laptops (this process) {f.laptops_cpu:5.1f} s; "
          f"{len(f.failures)} failed"
          + (f" ({f.failures[0]})" if f.failures else ""))
    print_bound(f)


def print_bound(f: StepFigures) -> None:
    """What bounds the step: the CPU each part spent per change pushed, the step's CPU against
    its wall time on the machine's cores, and how busy the machine's cores were (this step's
    processes and any other work)."""
    cpu = f.server_cpu + f.database_cpu + f.laptops_cpu
    if not f.pushed or not f.wall or not cpu:
        return
    cores = os.cpu_count() or 1
    per = "/".join(f"{1000 * x / f.pushed:.2f}" for x in
                   (f.server_cpu, f.database_cpu, f.laptops_cpu))
    print(f"    bound: CPU per change pushed (ms) server/database/laptops {per}; the step's "
          f"CPU {cpu:.1f} s is {cpu / (cores * f.wall):.0%} of {cores} cores x {f.wall:.1f} s "
          f"(laptops {f.laptops_cpu / cpu:.0%} of it); the machine's cores were busy "
          f"{f.machine_busy:.1f} s (other work {max(0.0, f.machine_busy - cpu):.1f} s), "
          f"load average {os.getloadavg()[0]:.2f}")


def print_scaling(steps: list[StepFigures], bar_laptops: int, bar_p95_s: float) -> None:
    print("\nHow the figure grows with server processes (changes/s; the server keeps no state "
          "between requests, so more processes share one database):")
    by_laptops: dict[int, dict[int, StepFigures]] = {}
    for step in steps:
        by_laptops.setdefault(step.laptops, {})[step.processes] = step
    for laptops, row in sorted(by_laptops.items()):
        base = min(row)
        cells = ", ".join(f"{p} processes {s.changes_per_s:.0f}/s "
                          f"(x{s.changes_per_s / row[base].changes_per_s:.2f})"
                          for p, s in sorted(row.items()) if row[base].changes_per_s)
        print(f"  {laptops:4} laptops: {cells}")
    for step in steps:
        if step.laptops == bar_laptops:
            every = step.push_latencies + step.pull_latencies
            p95 = percentile(every, 95)
            ok = p95 <= bar_p95_s and not step.failures
            print(f"  bar, {bar_laptops} laptops on {step.processes} processes: p95 "
                  f"{p95:.2f} s (<= {bar_p95_s} s), {len(step.failures)} failed: "
                  f"{'PASS' if ok else 'FAIL'}")

