"""The marks of the case list on a vault with a long outbox, printed as figures.

    .venv/bin/python bench/bench_marks.py [--persons 2000] [--outbox 200000] [--quick]

A laptop that imported an existing register, or worked offline for weeks, holds hundreds of
thousands of unsent changes. The case list marks the rows it shows (open conflict, refused,
unsent). Measured on a fresh vault in a temporary folder (synthetic demo data, then the outbox
``--outbox`` more unsent changes of its records and as many sent ones):

* before: the list reload as it was, marks of the whole vault (every outbox row) + count;
* after: count + the first page (100 rows) + the marks of that page;
* the marks of one case for the case view.

``--quick``: 300 persons and 5,000 more changes of each kind, a check that it still runs.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from desktop.core.demo import add_demo_data  # noqa: E402
from desktop.core.store import Store  # noqa: E402
from desktop.core.sync_marks import case_mark, record_marks  # noqa: E402
from desktop.core.vault import create_vault  # noqa: E402
from desktop.core.views.lists import case_query  # noqa: E402
from sync.protocol import CONFLICT_TYPE  # noqa: E402

PAGE = 100


def whole_vault_marks(store: Store) -> dict[str, str]:
    """How the marks were computed before: from every outbox row and conflict."""
    with store.reading() as conn:
        def ids(sql: str, params: tuple[Any, ...] = ()) -> set[str]:
            return {r[0] for r in conn.exec_driver_sql(sql, params) if r[0]}

        flagged = {
            "unsent": ids("SELECT DISTINCT record_id FROM outbox WHERE acked = 0"),
            "refused": ids("SELECT DISTINCT record_id FROM outbox WHERE acked = 1 AND "
                           "json_extract(result, '$.status') = 'rejected' AND "
                           "json_extract(result, '$.handled') IS NULL"),
            "conflict": ids("SELECT DISTINCT json_extract(fields, '$.record_id') FROM records "
                            "WHERE type = ? AND status = 'open' AND deleted = 0",
                            (CONFLICT_TYPE,)),
        }
        marks: dict[str, str] = {}
        for mark, found in flagged.items():
            chunk = sorted(found)
            owners: set[str] = set()
            for start in range(0, len(chunk), 500):
                part = chunk[start:start + 500]
                holes = ",".join("?" for _ in part)
                for case_id, person_id in conn.exec_driver_sql(
                        f"SELECT case_id, CASE WHEN type = 'case' THEN person_id END FROM "
                        f"records WHERE id IN ({holes})", tuple(part)):
                    owners.update(v for v in (case_id, person_id) if v)
            cases = sorted(owners)
            for start in range(0, len(cases), 500):
                part = cases[start:start + 500]
                holes = ",".join("?" for _ in part)
                owners.update(r[0] for r in conn.exec_driver_sql(
                    f"SELECT person_id FROM records WHERE type = 'case' AND id IN ({holes}) "
                    "AND person_id IS NOT NULL", tuple(part)))
            for rid in found | owners:
                marks[rid] = mark
    return marks


def fill_outbox(store: Store, total: int) -> None:
    """``total`` more unsent changes (copies of the vault's own, with new change ids), and as
    many sent ones with the server's answer."""
    with store.transaction() as conn:
        have = conn.exec_driver_sql("SELECT count(*) FROM outbox").scalar_one()
        columns = "record_id, record_type, base_rev, fields, deleted, created, hlc, user, device, at"
        for acked, result in ((0, None), (1, '{"status": "applied", "rev": 1}')):
            made = 0
            while made < total:
                made += conn.exec_driver_sql(
                    f"INSERT INTO outbox (change_id, {columns}, acked, result) "
                    f"SELECT lower(hex(randomblob(16))), {columns}, ?, ? FROM outbox "
                    f"WHERE seq <= ? LIMIT ?", (acked, result, have, total - made)).rowcount


def timed(fn: Callable[[], object], repeats: int = 3) -> float:
    best = float("inf")
    for _ in range(repeats):
        started = time.perf_counter()
        fn()
        best = min(best, time.perf_counter() - started)
    return best * 1000


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--persons", type=int, default=2000)
    parser.add_argument("--outbox", type=int, default=200_000)
    parser.add_argument("--quick", action="store_true")
    args = parser.parse_args()
    if args.quick:
        args.persons, args.outbox = 300, 5_000
    with tempfile.TemporaryDirectory() as tmp:
        vault = create_vault(Path(tmp), "bench", "bench-password")
        store = vault.store
        add_demo_data(store, args.persons, workers=("bench",))
        fill_outbox(store, args.outbox)
        with store.reading() as conn:
            unsent, sent = (conn.exec_driver_sql(
                f"SELECT count(*) FROM outbox WHERE acked = {a}").scalar_one() for a in (0, 1))
        query = case_query().resolve(store)

        def before() -> None:
            query.count(store)
            whole_vault_marks(store)

        def after() -> None:
            query.count(store)
            rows = query.pages(store, [0], PAGE)[0]
            record_marks(store, [r[0] for r in rows])

        first_case = query.pages(store, [0], 1)[0][0][0]
        print(f"{unsent:,} unsent and {sent:,} sent outbox changes, "
              f"{query.count(store):,} cases")
        print(f"case list reload, marks of the whole vault: {timed(before, 1):9.1f} ms")
        print(f"case list reload, marks of the first page:  {timed(after):9.1f} ms")
        print(f"case view mark of one case:                 "
              f"{timed(lambda: case_mark(store, first_case)):9.1f} ms")
        vault.lock()
    return 0


if __name__ == "__main__":
    sys.exit(main())
