"""Vault and store benchmark: unlock, search-as-you-type and bulk import, encrypted vs plain.

Builds a 100,000-person demo caseload twice in the same run, once in a SQLCipher vault and once
with the same code on an unencrypted SQLite file, and prints figures and ratios against the
bars. Not part of the test suite.

    .venv/bin/python bench/bench_store.py [--persons 100000] [--quick]

``--quick`` runs the same steps on 1,000 persons and 40 searches: a check that it still runs.
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from desktop.core import migrations  # noqa: E402
from desktop.core.case_numbers import fold  # noqa: E402
from desktop.core.demo import DemoGenerator  # noqa: E402
from desktop.core.keys import KdfParams, KeyFile  # noqa: E402
from desktop.core.store import Store  # noqa: E402
from desktop.core.vault import create_vault, make_engine, open_with_key, probe  # noqa: E402
from sync.profile import load_profile  # noqa: E402

PASSWORD = "bench password 1"
BARS = {"raw_open_ms": 10.0, "unlock_s": 0.8, "search_p95_ms": 20.0, "search_ratio": 1.3,
        "import_ratio": 1.6}


def timed(fn: Callable[[], object]) -> float:
    start = time.perf_counter()
    fn()
    return time.perf_counter() - start


def plain_store(folder: Path) -> Store:
    path = folder / "plain.db"
    engine = make_engine(path, None)
    migrations.upgrade(engine, path)
    return Store(engine, load_profile("AL"), user="bench", device="bench-device")


def interleaved_import(plain: Store, encrypted: Store, persons: int, batch: int = 2000
                       ) -> tuple[float, float]:
    """Import the same caseload into both stores, batch by batch in turn, so that a change in
    the machine's load during the run weighs on both sides alike."""
    sides = [(plain, DemoGenerator(plain.profile, seed=42, activity=False)),
             (encrypted, DemoGenerator(encrypted.profile, seed=42, activity=False))]
    streams = [generator.households(persons) for _, generator in sides]
    totals = [0.0, 0.0]
    while True:
        batches = [_next_batch(stream, batch) for stream in streams]
        if not batches[0]:
            return totals[0], totals[1]
        for index, ((store, _), records) in enumerate(zip(sides, batches, strict=True)):
            totals[index] += timed(lambda s=store, r=records: s.create_many(
                [(t, f) for _, t, f in r], record_ids=[i for i, _, _ in r]))


def _next_batch(stream: Iterator[list[tuple[str, str, dict]]], size: int
                ) -> list[tuple[str, str, dict]]:
    records: list[tuple[str, str, dict]] = []
    for household in stream:
        records += household
        if len(records) >= size:
            break
    return records


def realistic_queries(store: Store, count: int, seed: int = 7) -> list[str]:
    """What people type: name and surname prefixes, with and without ë/ç, IDs, case numbers."""
    rng = random.Random(seed)
    persons = store.query("person", limit=5000)
    cases = store.query("case", limit=2000)
    queries: list[str] = []
    while len(queries) < count:
        p = rng.choice(persons).fields
        kind = rng.randrange(6)
        if kind == 0:
            queries.append(p["first_name"][: rng.randint(3, 6)])
        elif kind == 1:
            queries.append(f"{p['first_name']} {p['last_name'][: rng.randint(2, 5)]}")
        elif kind == 2:
            queries.append(fold(p["last_name"])[: rng.randint(3, 7)])
        elif kind == 3:
            queries.append(f"{fold(p['first_name'])[:4]} {fold(p['village'])[:4]}")
        elif kind == 4:
            queries.append(p["personal_id"][: rng.randint(5, 10)].lower())
        else:
            queries.append(rng.choice(cases).fields["case_number"][: rng.randint(12, 19)])
    return queries


def search_latencies(store: Store, queries: list[str]) -> list[float]:
    # Warm the cache as a working laptop would be after the first few keystrokes.
    for query in queries[:20]:
        store.search(query)
    return [timed(lambda q=query: store.search(q)) * 1000 for query in queries]


def percentile(values: list[float], pct: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(pct / 100 * (len(ordered) - 1))))]


def raw_open_ms(db_path: Path, key: bytes | None, repeats: int = 30) -> float:
    def open_once() -> None:
        probe(db_path, key)
        engine = make_engine(db_path, key)
        with engine.connect() as conn:
            conn.exec_driver_sql("SELECT count(*) FROM sqlite_master").scalar_one()
        engine.dispose()

    return statistics.median(timed(open_once) for _ in range(repeats)) * 1000


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--persons", type=int, default=100_000)
    parser.add_argument("--queries", type=int, default=300)
    parser.add_argument("--quick", action="store_true",
                        help="1,000 persons and 40 searches (a check that it still runs)")
    args = parser.parse_args()
    if args.quick:
        args.persons, args.queries = 1_000, 40

    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        vault = create_vault(folder / "data", "bench", PASSWORD)
        plain = plain_store(folder)

        print(f"Bulk import of {args.persons:,} demo persons (with households and cases)")
        t_plain, t_enc = interleaved_import(plain, vault.store, args.persons)
        print(f"  plain SQLite {t_plain:7.1f} s   SQLCipher {t_enc:7.1f} s   "
              f"ratio {t_enc / t_plain:.2f} (bar <= {BARS['import_ratio']})")

        queries = realistic_queries(vault.store, args.queries)
        enc = search_latencies(vault.store, queries)
        pln = search_latencies(plain, queries)
        ratio = statistics.median(enc) / statistics.median(pln)
        print(f"Search as you type, {len(queries)} realistic prefixes")
        print(f"  SQLCipher p50 {percentile(enc, 50):6.2f} ms  p95 {percentile(enc, 95):6.2f} ms"
              f" (bar <= {BARS['search_p95_ms']} ms)")
        print(f"  plain     p50 {percentile(pln, 50):6.2f} ms  p95 {percentile(pln, 95):6.2f} ms")
        print(f"  encrypted/plain (p50) {ratio:.2f}   (p95) "
              f"{percentile(enc, 95) / percentile(pln, 95):.2f} (bar <= {BARS['search_ratio']})")

        key = bytes(vault._key)
        vault.lock()
        plain.engine.dispose()
        db_path = folder / "data" / "vaults" / "bench" / "vault.db"
        keyfile = KeyFile.load(db_path.parent / "key.json")
        kdf_s = statistics.median(
            timed(lambda: keyfile.unwrap(PASSWORD)) for _ in range(5))
        enc_open = raw_open_ms(db_path, key)
        plain_open = raw_open_ms(folder / "plain.db", None)
        unlock_s = timed(lambda: open_with_key(folder / "data", db_path.parent, keyfile,
                                               keyfile.unwrap(PASSWORD)).lock())
        print("Unlock")
        print(f"  Argon2id key derivation {kdf_s * 1000:6.0f} ms  ({KdfParams()})")
        print(f"  raw open SQLCipher {enc_open:6.2f} ms (bar <= {BARS['raw_open_ms']} ms)   "
              f"plain {plain_open:6.2f} ms   ratio {enc_open / plain_open:.2f}")
        print(f"  unlock (derive + unwrap + open) {unlock_s:5.2f} s (bar <= {BARS['unlock_s']} s)")


if __name__ == "__main__":
    main()
