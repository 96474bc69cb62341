"""Fixtures shared by the whole suite: real vaults in temporary folders."""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest

# GUI tests run without a screen; set before any Qt import.
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("KUJDES_LANG", "en")
# Log files of in-process commands go to a throwaway folder, not the machine's log folder.
os.environ.setdefault("KUJDES_LOG_DIR", tempfile.mkdtemp(prefix="kujdes-test-logs-"))

from desktop.core.i18n import (  # noqa: E402
    current_country,
    current_language,
    set_country,
    set_language,
)
from desktop.core.keys import FAST_KDF  # noqa: E402
from desktop.core.vault import OpenVault, create_vault  # noqa: E402

PASSWORD = "correct horse battery"


@pytest.fixture(autouse=True)
def _language_and_country_put_back() -> Iterator[None]:
    """A command run in the process (``--language``) or a Kosovo vault opened changes the
    language or the country's wording for what follows: put both back after each test."""
    language, country = current_language(), current_country()
    yield
    set_language(language)
    set_country(country)


@pytest.fixture
def data_dir(tmp_path: Path) -> Path:
    folder = tmp_path / "data"
    folder.mkdir()
    return folder


@pytest.fixture
def vault(data_dir: Path) -> Iterator[OpenVault]:
    """An unlocked vault for user "arta" (cheap KDF parameters; same algorithm)."""
    opened = create_vault(data_dir, "arta", PASSWORD, kdf=FAST_KDF)
    yield opened
    opened.lock()
