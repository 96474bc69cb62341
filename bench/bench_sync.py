"""Sync benchmark: bytes per change, EDGE push against its bound, 3G restore, server load.

Run: ``.venv/bin/python bench/bench_sync.py [--quick]``. Everything stays on loopback: a
throwaway PostgreSQL cluster, the server in its own process, and throttling proxies that emulate
EDGE (200 kbit/s up, 240 kbit/s down, 840 ms RTT) and 3G (768 kbit/s up, 1.6 Mbit/s down,
300 ms). Prints figures and whether each bar is met; all loops are bounded.

The 3G restore is a first sign-in on a new laptop: its time against the link's bound (bytes x 8
/ bandwidth + round trips x RTT, bar 1.5 x), then the first annual report after it (bar 2 s;
the report bases are brought up to date while the records arrive) and the same report on a
plain SQLite copy, and the two added: what the worker waits for in all.

Server load (``benchlib/server_load.py``): 50, 100 and 200 laptops at once, each pushing its
changes and pulling the others' in its unit, on two and then four server processes sharing one
PostgreSQL database; changes per second, p50/p95/p99 of pushes and pulls, the CPU time of the
server and of PostgreSQL, failed requests, and how the figure grows with processes.
``--load-only`` runs that part alone; ``--processes 2 --laptops 200`` only the bar's step;
``--profile DIR`` adds py-spy on the server (where its CPU goes) and PostgreSQL's wait events
sampled during each step (``benchlib/server_probe.py``).

``--quick`` runs the same steps on a small caseload against the embedded default, SQLite with
one server process and 5 laptops (no PostgreSQL cluster to start): a check that it still runs.
"""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import os
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import requests
from argon2 import PasswordHasher

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from desktop.core.reports import Period, ReportRequest, build_report  # noqa: E402
from desktop.core.reports.cache import records_cache  # noqa: E402
from desktop.core.sync_local import VaultReplica, login  # noqa: E402
from sync.client import SyncClient  # noqa: E402
from sync.engine import _Run, push_all  # noqa: E402
from sync.server import admin  # noqa: E402
from sync.server.auth import use_hasher  # noqa: E402
from sync.server.embedded import free_port  # noqa: E402
from tests.pg import start_cluster, stop_cluster  # noqa: E402
from tests.server.fixtures import case_fields, person_fields  # noqa: E402
from tests.sync.memreplica import MemReplica  # noqa: E402
from tests.sync.proxy import EDGE, UMTS, Link, ThrottleProxy  # noqa: E402

sys.path.insert(0, str(ROOT / "bench"))
from benchlib import server_load  # noqa: E402
from benchlib.timeline import Timeline, print_timeline, server_waits, traced  # noqa: E402

PASSWORD = "bench-password-1"
EDGE_BAR = 1.5
RESTORE_BAR = 1.5  # first restore over 3G: times the link's bound
REPORT_BAR = 2.0  # the first annual report after it, in seconds
LOAD_UNITS = ["Pukë", "Qelëz", "Gjegjan", "Rrapë"]   # Qerret holds the restore's cases
LOAD_BAR_LAPTOPS, LOAD_BAR_P95_S = 200, 2.0


def start_server(url: str, workers: int) -> tuple[subprocess.Popen[bytes], str, int]:
    port = free_port()
    proc = subprocess.Popen([sys.executable, "-m", "sync.server.cli", "serve", "--db", url,
                             "--port", str(port), "--workers", str(workers), "--log-level",
                             "warning"], cwd=ROOT)
    base = f"http://127.0.0.1:{port}"
    for _ in range(600):  # two minutes at most: a busy machine starts Python slowly
        if proc.poll() is not None:
            raise RuntimeError(f"the server stopped at start (exit code {proc.returncode})")
        try:
            requests.get(base + "/api/hello", timeout=1)
            return proc, base, port
        except requests.RequestException:
            time.sleep(0.2)
    proc.terminate()
    raise RuntimeError("the server did not start")


def device(base: str, user: str) -> tuple[MemReplica, SyncClient]:
    client = SyncClient(base, f"dev-bench-{time.monotonic_ns()}")
    client.hello()
    client.login(user, PASSWORD, "bench")
    return MemReplica(user, client.device_id), client


def seed(base: str, cases: int) -> None:
    """``cases`` cases with their persons in Qerret, pushed by an office laptop."""
    office, client = device(base, "bench_head")
    for n in range(cases):
        pid = office.create("person", person_fields("Qerret", n))
        office.create("case", case_fields(pid, "Qerret", n=n, reason="Arsye e rastit " * 3,
                                          referral_source="village_head"))
    started = time.monotonic()
    office.sync(client)
    print(f"seeded {cases} cases and persons in {time.monotonic() - started:.1f} s "
          f"({2 * cases / (time.monotonic() - started):.0f} changes/s through one client)")


def bound(proxy: ThrottleProxy, link: Link, round_trips: int) -> float:
    return (proxy.bytes_up * 8 / link.up_bps + proxy.bytes_down * 8 / link.down_bps
            + round_trips * link.rtt)


def restore_over_3g(port: int, data_dir: Path, cases: int, trace: bool = False) -> object:
    """The first sign-in on a laptop over 3G (its restore), then the first annual report."""
    proxy = ThrottleProxy(port, UMTS)
    timeline = Timeline()
    proxy.events = []  # times and sizes only: the server's time to answer each request
    with counted_requests() as requests_made, \
            traced(timeline, restore_spans() if trace else []):
        started, cpu = time.monotonic(), time.process_time()
        timeline.origin = started
        vault = login(proxy.url, data_dir, "bench_sw", PASSWORD, device_name="bench laptop")
        took, cpu = time.monotonic() - started, time.process_time() - cpu
    records = vault.store.count("case") + vault.store.count("person")
    round_trips = requests_made[0] + proxy.connections
    ideal = bound(proxy, UMTS, round_trips)
    print(f"\n3G first restore of {cases} cases ({records} records with persons and "
          f"villages): {took:.1f} s, {proxy.bytes_down / 1e6:.2f} MB down, "
          f"{proxy.bytes_up / 1e3:.1f} kB up, {requests_made[0]} requests on "
          f"{proxy.connections} connection(s); laptop CPU {cpu:.1f} s (with the proxy's "
          f"threads); {load_text()}")
    print(f"  bound = bytes x 8 / bandwidth + {round_trips} round trips x {UMTS.rtt:.2f} s = "
          f"{ideal:.1f} s; ratio {took / ideal:.2f} (bar {RESTORE_BAR}): "
          f"{'PASS' if took / ideal <= RESTORE_BAR else 'FAIL'}")
    serving = sum(server_waits(proxy.events))
    print(f"  of which the server's time to start its answers (requests wait on it one after "
          f"the other; it shares this machine's cores): {serving:.1f} s; the rest, "
          f"{took - serving:.1f} s, is {(took - serving) / ideal:.2f} x the bound")
    if trace:
        print_timeline(timeline, proxy.events or [], UMTS.rtt, UMTS.down_bps)
    proxy.close()
    first_report_after_restore(vault, data_dir, took)
    return vault


def restore_spans() -> list[tuple[Any, str, str]]:
    """What the timeline of a restore records: requests on the link, their decoding, the
    vault's making, each page's writing and the report bases, the caseload check."""
    from desktop.core import sync_local, sync_replica
    from desktop.core.store import Store
    from sync import engine

    return [(SyncClient, "_exchange", "link"), (SyncClient, "_call", "call+decode"),
            (sync_local, "create_vault", "create vault"),
            (sync_local.VaultReplica, "apply_page", "write page"),
            (Store, "put_synced_many", "put_synced_many"),
            (sync_replica, "prepare_after_sync", "report bases"),
            (sync_local.VaultReplica, "sweep", "sweep"),
            (sync_local.VaultReplica, "caseload_pairs", "caseload pairs"),
            (engine, "check_caseload", "caseload check")]


@contextlib.contextmanager
def counted_requests() -> Iterator[list[int]]:
    """Count the HTTP requests of the sync clients made inside (the sign-in makes its own)."""
    count = [0]
    send = SyncClient._send

    def counting(self: SyncClient, *args: Any, **kwargs: Any) -> Any:
        count[0] += 1
        return send(self, *args, **kwargs)

    SyncClient._send = counting  # type: ignore[method-assign]
    try:
        yield count
    finally:
        SyncClient._send = send  # type: ignore[method-assign]


def first_report_after_restore(vault: Any, data_dir: Path, restored_in: float) -> None:
    """What the worker waits for: the restore (its bases kept up to date while the records
    arrived), then the first annual report; and the same report on a plain SQLite copy."""
    done = dict(records_cache(vault.store).done)
    wall = annual_report(vault.store)
    plain = plain_store(vault, data_dir / "plain-copy.db")
    try:
        plain_wall = annual_report(plain)
    finally:
        plain.engine.dispose()
    print(f"  first annual report after the restore: {wall:.2f} s (bar {REPORT_BAR:.0f} s: "
          f"{'PASS' if wall <= REPORT_BAR else 'FAIL'}); plain SQLite copy {plain_wall:.2f} s; "
          f"bases brought up to date during the restore: {done['full']} full build(s), "
          f"{done['update']} update(s)")
    print(f"  restore + first report = {restored_in + wall:.1f} s waited in all")


def annual_report(store: Any) -> float:
    today = dt.date.today()
    started = time.perf_counter()
    build_report(store, ReportRequest(Period.year(today.year), language="sq", as_of=today))
    return time.perf_counter() - started


def plain_store(vault: Any, path: Path) -> Any:
    """A Store over a plain SQLite copy of the restored vault (synthetic bench data)."""
    from benchlib.plain import export_plain
    from benchlib.plain import plain_store as store_over

    export_plain(vault, path)
    return store_over(vault, path)


def push_over_edge(port: int, vault, changes: int) -> None:  # type: ignore[no-untyped-def]
    store = vault.store
    cases = store.query("case", limit=changes)
    for n, case in enumerate(cases):
        store.update(case.id, {"risk_level": ("low", "medium", "high")[n % 3],
                               "review_due": "2026-09-30"})
    proxy = ThrottleProxy(port, EDGE)
    client = SyncClient(proxy.url, vault.device_id, store.meta_get("server_token"))
    run = _Run(client, VaultReplica(vault), None, None)
    started = time.monotonic()
    client.hello()
    push_all(run)
    took = time.monotonic() - started
    round_trips = client.stats.requests + proxy.connections
    ideal = bound(proxy, EDGE, round_trips)
    per_change = (proxy.bytes_up + proxy.bytes_down) / len(cases)
    print(f"\nEDGE push of {len(cases)} changed records: {took:.1f} s; wire "
          f"{proxy.bytes_up / 1e3:.1f} kB up + {proxy.bytes_down / 1e3:.1f} kB down = "
          f"{per_change:.0f} bytes per change; {client.stats.requests} requests on "
          f"{proxy.connections} connection(s)")
    print(f"  bound = bytes x 8 / bandwidth + {round_trips} round trips x "
          f"{EDGE.rtt:.2f} s = {ideal:.1f} s; ratio {took / ideal:.2f} "
          f"(bar {EDGE_BAR}): {'PASS' if took / ideal <= EDGE_BAR else 'FAIL'}")
    proxy.close()


def load_steps(url: str, processes: tuple[int, ...], laptop_counts: tuple[int, ...],
               rounds: int, batch: int, database: str, database_pid: int | None,
               probe: tuple[Path, dict[str, object]] | None = None) -> None:
    """Server load: for each number of server processes, each number of laptops at once."""
    units = LOAD_UNITS
    for u, unit in enumerate(units):
        admin.add_user(url, server_load.worker_name(u), f"Load Worker {u}", "social_worker",
                       [unit], PASSWORD)
    print(f"\nServer load ({database}; {rounds} rounds of a push of {batch} changes and a "
          f"pull per laptop; {load_text()}):")
    laptops: list[server_load.Laptop] = []
    steps = []
    for count in processes:
        proc, base, _port = start_server(url, workers=count)
        try:
            if not laptops:
                server_load.seed_units(base, device(base, "bench_head"), units, 20)
                laptops = server_load.make_laptops(base, max(laptop_counts), units, PASSWORD)
            for number, clients in enumerate(laptop_counts):
                chosen = laptops[:clients]
                server_load.prepare(chosen, rounds, batch, step=len(steps) * 10 + number)
                with probed(probe, proc.pid, f"{count}p-{clients}l"):
                    figures = server_load.run_step(base, chosen, count, proc.pid, batch,
                                                   database_pid)
                server_load.print_step(figures, database)
                steps.append(figures)
        finally:
            proc.terminate()
            proc.wait(timeout=60)
    server_load.print_scaling(steps, LOAD_BAR_LAPTOPS, LOAD_BAR_P95_S)
    print(f"  {load_text()} at the end")


@contextlib.contextmanager
def probed(probe: tuple[Path, dict[str, object]] | None, pid: int, name: str) -> Iterator[None]:
    """With ``--profile``: py-spy on the server and PostgreSQL's wait events during a step."""
    if probe is None:
        yield
        return
    from benchlib import server_probe

    folder, dsn = probe
    folder.mkdir(parents=True, exist_ok=True)
    out = folder / f"server-{name}.txt"
    with server_probe.Profile(pid, out), server_probe.WaitSampler(dsn) as waits:
        yield
    text = [*waits.lines(), *server_probe.top_frames(out)]
    (folder / f"summary-{name}.txt").write_text("\n".join(text) + "\n")
    print("\n".join(text[:40]))


def postmaster(cluster: object) -> int | None:
    """The PostgreSQL server's process id (its backends are its children)."""
    if cluster is None:
        return None
    pid_file = Path(cluster.folder) / "data" / "postmaster.pid"  # type: ignore[attr-defined]
    return int(pid_file.read_text().split()[0])


def load_text() -> str:
    return "load average " + " ".join(f"{x:.2f}" for x in os.getloadavg())


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--quick", action="store_true",
                        help="small sizes on SQLite, one server process (a smoke run)")
    parser.add_argument("--load-only", action="store_true",
                        help="only the server load (no restore over 3G, no push over EDGE)")
    parser.add_argument("--restore-only", action="store_true",
                        help="only the restore over 3G and the first report after it")
    parser.add_argument("--trace", action="store_true",
                        help="print where the restore's time goes (requests, link, writes)")
    parser.add_argument("--processes", type=int, nargs="+", metavar="N",
                        help="server processes of the load steps (default 2 4)")
    parser.add_argument("--laptops", type=int, nargs="+", metavar="N",
                        help="laptops at once of the load steps (default 50 100 200)")
    parser.add_argument("--profile", type=Path, metavar="DIR",
                        help="py-spy the server and sample PostgreSQL's wait events during "
                        "each load step; stacks and summaries go to DIR")
    args = parser.parse_args()
    cases = 100 if args.quick else 5000
    changes = 50 if args.quick else 1000
    processes, laptops, rounds, batch = ((1,), (5,), 2, 10) if args.quick else \
        ((2, 4), (50, 100, 200), 2, 25)
    processes = tuple(args.processes or processes)
    laptops = tuple(args.laptops or laptops)
    # cheap Argon2id parameters for the bench users: sign-in is not what is measured
    use_hasher(PasswordHasher(time_cost=1, memory_cost=8192, parallelism=1))
    cluster = None if args.quick else start_cluster()
    proc = None
    try:
        with tempfile.TemporaryDirectory() as folder:
            if cluster is None:
                url, workers = f"sqlite:///{folder}/server.db", 1
            else:
                url, workers = cluster.create_database("bench"), 2
            admin.init(url, "Pukë")
            admin.import_places(url, ROOT / "resources" / "places" / "villages_demo.csv")
            admin.add_user(url, "bench_head", "Bench Head", "head_of_unit", [], PASSWORD)
            admin.add_user(url, "bench_sw", "Bench Worker", "social_worker", ["Qerret"],
                           PASSWORD)
            admin.add_user(url, "bench_load", "Bench Load", "head_of_unit", [], PASSWORD)
            if not args.load_only:
                proc, base, port = start_server(url, workers=workers)
                seed(base, cases)
                laptop = Path(folder) / "laptop"
                vault = restore_over_3g(port, laptop, cases, args.trace)
                if not args.restore_only:
                    push_over_edge(port, vault, changes)
                vault.lock()
                proc.terminate()
                proc.wait(timeout=30)
                proc = None
            probe = None
            if args.profile and cluster is not None:
                probe = (args.profile, {"host": str(cluster.folder), "port": cluster.port,
                                        "user": "postgres", "dbname": url.split("/")[3]
                                        .split("?")[0]})
            if not args.restore_only:
                load_steps(url, processes, laptops, rounds, batch,
                           "SQLite" if cluster is None else "PostgreSQL", postmaster(cluster),
                           probe)
    finally:
        if proc is not None:
            proc.terminate()
            proc.wait(timeout=30)
        if cluster is not None:
            stop_cluster(cluster)
    return 0


if __name__ == "__main__":
    sys.exit(main())
