"""desktop/core and sync never import Qt: they must work headless and on the server."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

SCRIPT = """
import importlib, pkgutil, sys
sys.modules["PySide6"] = None  # any import of PySide6 now fails
import desktop.core, sync
names = []
for package in (desktop.core, sync):
    for info in pkgutil.walk_packages(package.__path__, package.__name__ + "."):
        if ".migrations." in info.name and "server" in info.name:
            continue  # Alembic scripts import alembic's runtime context
        importlib.import_module(info.name)
        names.append(info.name)
print(len(names))
"""


def test_core_and_sync_import_without_pyside6():
    result = subprocess.run([sys.executable, "-c", SCRIPT], cwd=ROOT, capture_output=True,
                            text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    assert int(result.stdout.strip()) >= 10
