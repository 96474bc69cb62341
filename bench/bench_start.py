"""Program start to the unlock window, as a user starts it, printed beside its bars.

    .venv/bin/python bench/bench_start.py [--runs 7] [--bundle DIR | --build-bundle] [--quick]

Each run starts the real program in a new process (``.venv/bin/kujdes --app-data-dir DIR``,
``QT_QPA_PLATFORM=offscreen``) on a data folder holding one existing vault, and takes the wall
time from just before the process is started to the end of the unlock window's first paint.
The program tells that moment itself: with ``KUJDES_EXIT_AFTER_START=1`` (desktop/ui/app.py)
it prints ``time.monotonic()`` once its first window is painted and quits; the clock is the
system's, the same in this process. It also prints the CPU time it has used by then: on a
machine shared with other work the wall time varies a lot, the CPU time much less (on a quiet
laptop the wall time is close to it). Runs are interleaved with a baseline (a bare Python that
imports PySide6.QtWidgets, makes a QApplication and paints an empty window of the same size),
so the ratio shows the program's own part of the start on a noisy machine. The bars are judged
on the median wall time.

``--bundle DIR`` adds the installed bundle (``DIR/kujdes``, a PyInstaller one-folder build of
installer/); ``--build-bundle`` builds one first with installer/build_linux.sh into
bench/out/bundle (a few minutes). Then the modules imported before the window shows are
listed, with the heaviest by ``python -X importtime``, and the heavy libraries the unlock
window does not need are checked to be absent.

``--quick`` (CI): two runs of the venv start and the baseline, no bundle.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

VENV_BAR_S, BUNDLE_BAR_S = 1.0, 1.5
PAINTED_LINE = "unlock window painted at monotonic"  # desktop.ui.app.PAINTED_LINE
MODULES_LINE = "imported at first paint:"
TIMEOUT_S = 120
USER, PASSWORD = "ana", "start-bench-password"
# What the unlock window does not need; none of it should be imported before it shows.
NOT_AT_START = ("sqlalchemy", "sqlcipher3", "reportlab", "requests", "fastapi", "uvicorn",
                "pypdf", "openpyxl", "pyxform", "yaml", "PySide6.QtCharts", "PySide6.QtPdf",
                "PySide6.QtPdfWidgets", "PySide6.QtPrintSupport", "desktop.ui.workspace",
                "desktop.core.forms", "sync.server")

BASELINE = """
import sys, time
from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QApplication, QWidget
app = QApplication(sys.argv[:1])
window = QWidget()
class First(QObject):
    seen = False
    def eventFilter(self, watched, event):
        if not self.seen and event.type() == QEvent.Type.Paint:
            self.seen = True
            QTimer.singleShot(0, self.painted)
        return False
    def painted(self):
        print("%s %.4f cpu %.4f" % (sys.argv[1], time.monotonic(), time.process_time()),
              flush=True)
        app.quit()
first = First()
app.installEventFilter(first)
window.resize(1366, 768)
window.show()
app.exec()
"""


@dataclass
class Target:
    name: str
    command: list[str]
    bar: float | None = None
    seconds: list[float] = field(default_factory=list)
    cpu: list[float] = field(default_factory=list)


def load_text() -> str:
    return "load average " + " ".join(f"{x:.2f}" for x in os.getloadavg())


def environment(folder: Path, extra: dict[str, str] | None = None) -> dict[str, str]:
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "KUJDES_EXIT_AFTER_START": "1",
           "KUJDES_CONFIG_DIR": str(folder / "config"), "KUJDES_LOG_DIR": str(folder / "logs"),
           "HOME": str(folder)}
    env.pop("KUJDES_LANG", None)
    env.update(extra or {})
    return env


def prepare(folder: Path) -> Path:
    """A data folder with one existing vault, made by the program's own code."""
    from desktop.core.vault import create_vault

    data = folder / "data"
    create_vault(data, USER, PASSWORD).lock()
    return data


def start_once(command: list[str], env: dict[str, str]) -> tuple[float, float]:
    """Wall seconds from just before the process starts to its first paint, and the CPU
    seconds the process had used by then."""
    started = time.monotonic()
    result = subprocess.run(command, env=env, capture_output=True, text=True,
                            timeout=TIMEOUT_S, cwd=env["HOME"])
    for line in result.stdout.splitlines():
        if line.startswith(PAINTED_LINE):
            *_, painted, _cpu_word, cpu = line.split()
            return float(painted) - started, float(cpu)
    raise RuntimeError(f"{command[0]} did not report its first paint "
                       f"(exit {result.returncode}):\n{(result.stdout + result.stderr)[-3000:]}")


def figures(values: list[float]) -> str:
    return (f"min {min(values):.2f} s, median {statistics.median(values):.2f} s, "
            f"max {max(values):.2f} s")


def report(targets: list[Target]) -> None:
    base = statistics.median(targets[0].seconds)
    base_cpu = statistics.median(targets[0].cpu)
    print(f"\nprogram start to the unlock window painted ({len(targets[0].seconds)} runs each, "
          "interleaved), wall time:")
    for target in targets:
        median = statistics.median(target.seconds)
        line = f"  {target.name:<28} {figures(target.seconds)}   x{median / base:.2f} baseline"
        if target.bar is not None:
            verdict = "PASS" if median <= target.bar else "FAIL"
            line += f"   bar {target.bar:g} s (median): {verdict}"
        print(line)
    print("CPU time of the process by then:")
    for target in targets:
        median = statistics.median(target.cpu)
        print(f"  {target.name:<28} {figures(target.cpu)}   x{median / base_cpu:.2f} baseline")
    for target in targets[1:]:
        own = statistics.median(target.seconds) - base
        own_cpu = statistics.median(target.cpu) - base_cpu
        print(f"  {target.name}: {own:.2f} s wall, {own_cpu:.2f} s CPU above the bare Qt start")


def imports_at_start(data: Path, folder: Path) -> None:
    """Modules imported when the window shows, the heaviest by -X importtime, and heavy
    libraries that should not be among them."""
    env = environment(folder, {"KUJDES_EXIT_AFTER_START": "modules"})
    command = [sys.executable, "-X", "importtime", "-m", "desktop.cli",
               "--app-data-dir", str(data)]
    result = subprocess.run(command, env=env, capture_output=True, text=True,
                            timeout=TIMEOUT_S, cwd=env["HOME"])
    line = next((x for x in result.stdout.splitlines() if x.startswith(MODULES_LINE)), "")
    modules = set(line[len(MODULES_LINE):].split())
    if not modules:
        print("imports at start: no module list\n" + result.stderr[-2000:])
        return
    timings = []
    for row in result.stderr.splitlines():
        parts = row.split("|")
        if row.startswith("import time:") and len(parts) == 3 and parts[1].strip().isdigit():
            name = parts[2].rstrip()
            depth = (len(name) - len(name.lstrip())) // 2
            if name.strip() in modules:
                timings.append((int(parts[1]), depth, name.strip()))
    print(f"\nimports before the window shows: {len(modules)} modules; "
          "heaviest top-level (cumulative, under -X importtime):")
    for micros, _depth, name in sorted((t for t in timings if t[1] <= 1), reverse=True)[:12]:
        print(f"  {micros / 1e6:6.3f} s  {name}")
    present = [name for name in NOT_AT_START if name in modules]
    print("not needed by the unlock window, imported anyway: " + (", ".join(present) or "none"))


def build_bundle() -> Path:
    dist = ROOT / "bench" / "out" / "bundle"
    env = {**os.environ, "KUJDES_DIST": str(dist), "KUJDES_BUILD": str(dist.parent / "build"),
           "PYTHON": sys.executable}
    started = time.perf_counter()
    subprocess.run(["bash", str(ROOT / "installer" / "build_linux.sh"), "--no-archive"],
                   cwd=ROOT, env=env, check=True, capture_output=True, timeout=1800)
    print(f"bundle built in {time.perf_counter() - started:.0f} s: {dist / 'kujdes'}")
    return dist / "kujdes"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--bundle", type=Path, help="a built bundle folder (holds kujdes)")
    parser.add_argument("--build-bundle", action="store_true",
                        help="build the bundle into bench/out/bundle first")
    parser.add_argument("--quick", action="store_true", help="2 runs, venv only (CI)")
    args = parser.parse_args()
    runs = 2 if args.quick else args.runs
    bundle = None if args.quick else build_bundle() if args.build_bundle else args.bundle
    bundle = bundle.resolve() if bundle is not None else None
    kujdes = Path(sys.executable).parent / "kujdes"
    print(f"{os.cpu_count()} cores, {load_text()} at the start")
    with tempfile.TemporaryDirectory() as temp:
        folder = Path(temp)
        data = prepare(folder)
        env = environment(folder)
        targets = [Target("baseline (bare Qt window)",
                          [sys.executable, "-c", BASELINE, PAINTED_LINE]),
                   Target("venv: kujdes", [str(kujdes), "--app-data-dir", str(data)],
                          VENV_BAR_S)]
        if bundle is not None:
            targets.append(Target("bundle: kujdes", [str(bundle / "kujdes"), "--app-data-dir",
                                                     str(data)], BUNDLE_BAR_S))
        for target in targets:  # one start each to warm the disk cache, not counted
            start_once(target.command, env)
        for _ in range(runs):
            for target in targets:
                wall, cpu = start_once(target.command, env)
                target.seconds.append(wall)
                target.cpu.append(cpu)
        report(targets)
        if not args.quick:
            imports_at_start(data, folder)
    print(f"\n{load_text()} at the end")
    return 0


if __name__ == "__main__":
    sys.exit(main())
