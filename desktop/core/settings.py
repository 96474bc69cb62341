"""Settings of the application on this laptop (not personal data, not secret).

Stored as JSON in ``settings.json`` in :func:`desktop.core.paths.config_dir` (or
``KUJDES_CONFIG_DIR``)::

    {
      "idle_lock_minutes": 5,          # lock the vault after this many idle minutes (1-120)
      "language": "sq",                # "sq" (Albanian, the default) or "en"
      "server_url": "https://...",     # the municipal sync server; "" when not set up
      "ca_cert": "C:/.../municipality-ca.pem"
                                       # the municipality's own CA certificate (PEM) that
                                       # the server's certificate is verified with; relative
                                       # paths are in the settings folder; "": the system's
    }

Unknown keys are kept untouched; a missing or damaged file gives the defaults (a damaged file
is never overwritten until the settings are saved again).
"""

from __future__ import annotations

import json
import logging
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from desktop.core import paths
from desktop.core.atomic import write_atomic
from desktop.core.i18n import LANGUAGES

log = logging.getLogger(__name__)

FILE_NAME = "settings.json"
DEFAULT_IDLE_MINUTES = 5
MIN_IDLE_MINUTES = 1
MAX_IDLE_MINUTES = 120


def settings_path() -> Path:
    return paths.config_dir() / FILE_NAME


@dataclass
class Settings:
    idle_lock_minutes: int = DEFAULT_IDLE_MINUTES
    language: str = "sq"
    server_url: str = ""
    ca_cert: str = ""
    extra: dict[str, Any] = field(default_factory=dict)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Settings:
        known = {"idle_lock_minutes", "language", "server_url", "ca_cert"}
        settings = cls(extra={k: v for k, v in data.items() if k not in known})
        minutes = data.get("idle_lock_minutes")
        if isinstance(minutes, int) and not isinstance(minutes, bool):
            settings.idle_lock_minutes = clamp_minutes(minutes)
        if data.get("language") in LANGUAGES:
            settings.language = data["language"]
        if isinstance(data.get("server_url"), str):
            settings.server_url = data["server_url"].strip()
        if isinstance(data.get("ca_cert"), str):
            settings.ca_cert = data["ca_cert"].strip()
        return settings

    def to_dict(self) -> dict[str, Any]:
        return {**self.extra, "idle_lock_minutes": self.idle_lock_minutes,
                "language": self.language, "server_url": self.server_url,
                "ca_cert": self.ca_cert}


def server_ca_cert(settings: Settings | None = None) -> str | None:
    """The path of the municipality's CA certificate the sync client verifies the server
    with, or None to use the system's certificate authorities."""
    chosen = (settings or load_settings()).ca_cert
    if not chosen:
        return None
    path = Path(chosen).expanduser()
    return str(path if path.is_absolute() else paths.config_dir() / path)


def clamp_minutes(minutes: int) -> int:
    return max(MIN_IDLE_MINUTES, min(MAX_IDLE_MINUTES, int(minutes)))


def load_settings(path: Path | None = None) -> Settings:
    """The saved settings, or the defaults when there are none or the file is damaged."""
    path = path or settings_path()
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return Settings()
    except (OSError, ValueError):
        log.warning("settings file unreadable; using defaults")
        return Settings()
    return Settings.from_dict(data) if isinstance(data, dict) else Settings()


def save_settings(settings: Settings, path: Path | None = None) -> None:
    path = path or settings_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    text = json.dumps(settings.to_dict(), indent=2, ensure_ascii=False, sort_keys=True)
    write_atomic(path, text.encode("utf-8"))
