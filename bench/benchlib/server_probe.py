"""Looking inside a server load step: where the server's time goes, and what PostgreSQL waits on.

* :class:`Profile`: py-spy samples the server's processes (``--subprocesses``, the thread holding
  the interpreter lock: where its CPU goes) for the step and
  writes collapsed stacks; :func:`top_frames` sums them by function (own and with callees).
* :class:`WaitSampler`: samples ``pg_stat_activity`` every 20 ms during the step and counts the
  client backends by state and wait event (``Lock/transactionid``, ``LWLock/...``, ``CPU``: a
  backend active with no wait event is running or waiting for a core).

Both are optional helpers of ``bench/bench_sync.py --profile DIR``; nothing here runs in the
timed figures unless asked for.
"""

from __future__ import annotations

import collections
import shutil
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import psycopg


class Profile:
    """py-spy on a process and its children while the ``with`` block runs."""

    def __init__(self, pid: int, out: Path) -> None:
        self.pid, self.out = pid, out
        self.proc: subprocess.Popen[bytes] | None = None

    def __enter__(self) -> Profile:
        spy = shutil.which("py-spy") or str(Path(sys.executable).parent / "py-spy")
        self.proc = subprocess.Popen([spy, "record", "--pid", str(self.pid), "--subprocesses",
                                      "--nonblocking", "--gil", "--rate", "50", "--format", "raw",
                                      "--output", str(self.out)],
                                     stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        time.sleep(1.0)  # py-spy attaches before the step starts
        return self

    def __exit__(self, *_exc: object) -> None:
        assert self.proc is not None
        self.proc.send_signal(signal.SIGINT)
        try:
            self.proc.wait(timeout=60)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait(timeout=10)


def top_frames(collapsed: Path, count: int = 25) -> list[str]:
    """The functions with the most samples, with callees (inclusive) and alone (own)."""
    inclusive: collections.Counter[str] = collections.Counter()
    own: collections.Counter[str] = collections.Counter()
    total = 0
    for line in collapsed.read_text(errors="replace").splitlines():
        stack, _, n = line.rpartition(" ")
        if not n.isdigit():
            continue
        samples = int(n)
        frames = [_short(f) for f in stack.split(";")]
        if any("_worker (threading.py" in f or "wait (threading.py" in f for f in frames[-2:]):
            continue  # an idle thread waiting for work
        total += samples
        own[frames[-1]] += samples
        for frame in set(frames):
            inclusive[frame] += samples
    lines = [f"{total} busy samples"]
    for frame, n in inclusive.most_common(count):
        lines.append(f"  {100 * n / max(total, 1):5.1f} % incl {100 * own[frame] / max(total, 1):5.1f}"
                     f" % own  {frame}")
    lines.append("  own time, top:")
    for frame, n in own.most_common(count):
        lines.append(f"  {100 * n / max(total, 1):5.1f} %  {frame}")
    return lines


def _short(frame: str) -> str:
    return frame.replace("/work/", "").split("site-packages/")[-1]


class WaitSampler:
    """Counts of (state, wait event) of the database's client backends, sampled."""

    def __init__(self, dsn: dict[str, object], period: float = 0.02) -> None:
        self.dsn, self.period = dsn, period
        self.counts: collections.Counter[str] = collections.Counter()
        self.samples = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def __enter__(self) -> WaitSampler:
        self._thread.start()
        return self

    def __exit__(self, *_exc: object) -> None:
        self._stop.set()
        self._thread.join(timeout=10)

    def _run(self) -> None:
        with psycopg.connect(**self.dsn, autocommit=True) as conn:  # type: ignore[arg-type]
            while not self._stop.is_set():
                rows = conn.execute(
                    "SELECT state, wait_event_type, wait_event, left(query, 30) FROM "
                    "pg_stat_activity WHERE backend_type = 'client backend' "
                    "AND pid <> pg_backend_pid()").fetchall()
                self.samples += 1
                for state, kind, event, query in rows:
                    if state == "active":
                        what = f"{kind}/{event}" if kind else "CPU"
                        self.counts[f"active {what}: {query}"] += 1
                    else:
                        self.counts[f"{state} {kind or ''}/{event or ''}"] += 1
                time.sleep(self.period)

    def lines(self, count: int = 15) -> list[str]:
        lines = [f"{self.samples} samples of pg_stat_activity; backends per sample:"]
        for what, n in self.counts.most_common(count):
            lines.append(f"  {n / max(self.samples, 1):6.2f}  {what}")
        return lines
