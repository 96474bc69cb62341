"""Report settings that do not belong to the country profile: the annual visit calendar,
the small-cell threshold of published tables, and where the satisfaction score is stored.

Read from YAML (see ``settings.yaml`` beside this module for the defaults)::

    municipality: Himarë          # shown on the report (optional)
    small_cell_threshold: 5       # published counts from 1 to threshold-1 are hidden
    visit_targets:                # home visits per administrative unit per year
      every_year: {Himarë: 100}
      2026: {Himarë: 120, Lukovë: 40}
    satisfaction:
      form_id: satisfaction
      score_keys: [mean_score, score]   # first number found in the submission's computed scores
      scale: [1, 5]
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from desktop.core.reports.periods import Period, days_in_year

DEFAULTS_FILE = Path(__file__).with_name("settings.yaml")


class ReportSettingsError(ValueError):
    """A report settings file that cannot be used."""


@dataclass(frozen=True)
class ReportSettings:
    municipality: str | None = None
    small_cell_threshold: int = 5
    visit_targets: dict[str, dict[str, int]] = field(default_factory=dict)
    satisfaction_form: str = "satisfaction"
    score_keys: tuple[str, ...] = ("mean_score", "score", "satisfaction_score", "mean",
                                   "total_score")
    scale: tuple[int, int] = (1, 5)

    @classmethod
    def load(cls, path: str | Path | None = None) -> ReportSettings:
        """The settings in ``path`` (the shipped defaults when ``None``)."""
        path = Path(path) if path else DEFAULTS_FILE
        try:
            data = _parse(path.read_text(encoding="utf-8")) or {}
        except (OSError, yaml.YAMLError) as exc:
            raise ReportSettingsError(f"cannot read report settings {path.name}: {exc}") from exc
        if not isinstance(data, dict):
            raise ReportSettingsError(f"report settings {path.name}: expected a mapping")
        return cls.from_dict(data)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> ReportSettings:
        sat = data.get("satisfaction") or {}
        scale = tuple(sat.get("scale") or (1, 5))
        threshold = int(data.get("small_cell_threshold", 5))
        if threshold < 2 or len(scale) != 2 or scale[0] >= scale[1]:
            raise ReportSettingsError("report settings: check small_cell_threshold and scale")
        return cls(
            municipality=data.get("municipality") or None,
            small_cell_threshold=threshold,
            visit_targets=_targets(data.get("visit_targets") or {}),
            satisfaction_form=str(sat.get("form_id") or "satisfaction"),
            score_keys=tuple(sat.get("score_keys") or cls.score_keys),
            scale=(int(scale[0]), int(scale[1])),
        )

    def annual_visit_target(self, unit: str, year: int) -> int | None:
        by_year = self.visit_targets.get(str(year), {})
        if unit in by_year:
            return by_year[unit]
        return self.visit_targets.get("every_year", {}).get(unit)

    def target_units(self, period: Period) -> set[str]:
        keys = ["every_year", *(str(y) for y, _ in period.years())]
        return {unit for key in keys for unit in self.visit_targets.get(key, {})}

    def visit_target(self, unit: str, period: Period) -> float | None:
        """The calendar's visits for ``unit`` over ``period``, in proportion to its days."""
        total, found = 0.0, False
        for year, days in period.years():
            annual = self.annual_visit_target(unit, year)
            if annual is not None:
                found = True
                total += annual * days / days_in_year(year)
        return round(total, 1) if found else None


def _targets(raw: dict[Any, Any]) -> dict[str, dict[str, int]]:
    out: dict[str, dict[str, int]] = {}
    for key, units in raw.items():
        if not isinstance(units, dict):
            raise ReportSettingsError(f"visit_targets {key}: expected unit: number")
        out[str(key)] = {str(unit): int(n) for unit, n in units.items()}
    return out


def _parse(text: str) -> Any:
    """PyYAML's C parser where the wheel has it (read with every report: a pure-Python read
    holds the interpreter's lock ~8 ms); a mistake is named as the pure parser names it."""
    try:
        return yaml.load(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))  # noqa: S506
    except yaml.YAMLError:
        return yaml.safe_load(text)
