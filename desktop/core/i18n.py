"""Translation of user-facing messages, Qt-free.

Message ids are English; ``resources/translations/<language>.yaml`` maps them to other
languages. Albanian is the default language of the product.
"""

from __future__ import annotations

import os
from functools import cache
from pathlib import Path

import yaml

TRANSLATIONS_DIR = Path(__file__).resolve().parents[2] / "resources" / "translations"
LANGUAGES = ("sq", "en")
_language = os.environ.get("KUJDES_LANG", "sq") if os.environ.get("KUJDES_LANG") in LANGUAGES \
    else "sq"


def set_language(language: str) -> None:
    global _language
    if language not in LANGUAGES:
        raise ValueError(f"unsupported language {language!r}")
    _language = language


def current_language() -> str:
    return _language


@cache
def _catalog(language: str) -> dict[str, str]:
    path = TRANSLATIONS_DIR / f"{language}.yaml"
    if not path.exists():
        return {}
    return yaml.safe_load(path.read_text(encoding="utf-8")) or {}


def tr(message: str, language: str | None = None, **values: object) -> str:
    """The message in the current (or given) language, with ``{name}`` values filled in."""
    text = _catalog(language or _language).get(message, message)
    return text.format(**values) if values else text
