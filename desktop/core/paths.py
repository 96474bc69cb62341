"""Where Kujdes keeps its files on a laptop."""

from __future__ import annotations

import os
from pathlib import Path

import platformdirs

APP_NAME = "Kujdes"


def data_dir(override: str | Path | None = None) -> Path:
    """The data directory: ``override``, else ``KUJDES_DATA_DIR``, else the platform's."""
    chosen = override or os.environ.get("KUJDES_DATA_DIR")
    if chosen:
        return Path(chosen).expanduser()
    return Path(platformdirs.user_data_dir(APP_NAME, appauthor=False))


def config_dir() -> Path:
    return Path(os.environ.get("KUJDES_CONFIG_DIR")
                or platformdirs.user_config_dir(APP_NAME, appauthor=False))


def log_dir() -> Path:
    return Path(os.environ.get("KUJDES_LOG_DIR")
                or platformdirs.user_log_dir(APP_NAME, appauthor=False))
