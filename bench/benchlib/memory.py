"""Resident memory of this process (Linux: /proc/self/status), in megabytes."""

from __future__ import annotations

from pathlib import Path

STATUS = Path("/proc/self/status")


def _field(name: str) -> float | None:
    try:
        text = STATUS.read_text()
    except OSError:
        return None
    for line in text.splitlines():
        if line.startswith(name + ":"):
            return int(line.split()[1]) / 1024  # kB
    return None


def resident_mb() -> float | None:
    """Resident set size now (None where /proc is not there)."""
    return _field("VmRSS")


def peak_resident_mb() -> float | None:
    """The highest resident set size since the process started."""
    return _field("VmHWM")


class MemoryLog:
    """Resident memory at named moments, printed with the growth between two of them."""

    def __init__(self) -> None:
        self.points: list[tuple[str, float]] = []

    def note(self, moment: str) -> None:
        value = resident_mb()
        if value is not None:
            self.points.append((moment, value))

    def value(self, moment: str) -> float | None:
        return next((v for m, v in self.points if m == moment), None)

    def report(self, bar_mb: float, base: str, last: str, growth_bar: float) -> None:
        if not self.points:
            print("\nMemory: not measured (no /proc/self/status here)")
            return
        print(f"\nResident memory (bar {bar_mb:.0f} MB resident; growth over the repeated walk "
              f"<= {growth_bar:.0f} %):")
        for moment, value in self.points:
            print(f"  {moment:44} {value:8.1f} MB  {'PASS' if value <= bar_mb else 'FAIL'}")
        peak = peak_resident_mb()
        if peak is not None:
            print(f"  {'peak':44} {peak:8.1f} MB")
        first, final = self.value(base), self.value(last)
        if first and final:
            growth = (final - first) / first * 100
            print(f"  growth from '{base}' to '{last}': {growth:+.1f} % "
                  f"{'PASS' if growth <= growth_bar else 'FAIL'}")
