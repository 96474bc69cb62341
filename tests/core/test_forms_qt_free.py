"""The forms engine works without Qt: load every built-in form and fill one in."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

SCRIPT = """
import sys
sys.modules["PySide6"] = None  # any import of PySide6 now fails
from desktop.core.forms import FormState, list_forms, load_form
forms = list_forms()
state = FormState(load_form("satisfaction"))
state.set("q_overall", "5")
assert state.computed["mean_score"] == 5
assert not any(name.startswith("PySide6.") for name in sys.modules)
print(len(forms))
"""


def test_forms_import_and_run_without_pyside6() -> None:
    result = subprocess.run([sys.executable, "-c", SCRIPT], cwd=ROOT, capture_output=True,
                            text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    assert int(result.stdout.strip()) == 8
