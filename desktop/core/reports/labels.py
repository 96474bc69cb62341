"""Fixed text of the reports in Albanian (``sq``, the default) and English (``en``)."""

from __future__ import annotations

from functools import cache
from pathlib import Path

import yaml

LABELS_FILE = Path(__file__).with_name("labels.yaml")
LANGUAGES = ("sq", "en")


@cache
def _labels() -> dict[str, dict[str, str]]:
    return yaml.safe_load(LABELS_FILE.read_text(encoding="utf-8")) or {}


def has_label(key: str) -> bool:
    return key in _labels()


def label(key: str, language: str = "sq", **values: object) -> str:
    """The text for ``key`` in ``language`` (Albanian if missing), ``{name}`` filled in."""
    entry = _labels().get(key)
    if entry is None:
        return key
    text = entry.get(language) or entry.get("sq") or key
    return text.format(**values) if values else text
