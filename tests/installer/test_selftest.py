"""``kujdes --self-test`` from the source tree: every check passes and nothing is left behind."""

from __future__ import annotations

import io
import os
import subprocess
import sys
from pathlib import Path

import pytest

from desktop.core import selftest

ROOT = Path(__file__).resolve().parents[2]
CHECK_NAMES = [name for name, _check in selftest.CHECKS]


def test_self_test_from_source_passes_and_cleans_up(tmp_path: Path) -> None:
    temp, data, config = tmp_path / "tmp", tmp_path / "data", tmp_path / "config"
    temp.mkdir()
    env = {**os.environ, "TMPDIR": str(temp), "KUJDES_DATA_DIR": str(data),
           "KUJDES_CONFIG_DIR": str(config), "KUJDES_LOG_DIR": str(tmp_path / "logs")}
    result = subprocess.run([sys.executable, "-m", "desktop.cli", "--self-test"],
                            capture_output=True, text=True, cwd=tmp_path, env=env, timeout=600)
    lines = result.stdout.splitlines()
    assert result.returncode == 0, result.stdout + result.stderr
    assert [line.split()[1] for line in lines[:-1]] == CHECK_NAMES
    assert all(line.startswith("ok ") for line in lines[:-1])
    assert lines[-1] == f"self-test passed: {len(CHECK_NAMES)} checks"
    assert list(temp.iterdir()) == [], "the temporary folder is removed"
    assert not data.exists() and not config.exists(), "the user's folders are not touched"


def test_a_failed_check_is_reported_with_its_reason_and_exits_1(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def broken(_run: selftest.SelfTest) -> str:
        raise selftest.CheckFailed("the fonts are missing")

    def crashing(_run: selftest.SelfTest) -> str:
        raise OSError("disk full")

    made: list[Path] = []

    def resources(run: selftest.SelfTest) -> str:
        made.append(run.root)
        return "fine"

    monkeypatch.setattr(selftest, "CHECKS", (("resources", resources), ("documents", broken),
                                             ("sync", crashing)))
    out = io.StringIO()
    assert selftest.run_self_test(out) == 1
    lines = out.getvalue().splitlines()
    assert lines[0].startswith("ok     resources  fine")
    assert lines[1].startswith("FAILED documents  the fonts are missing")
    assert lines[2].startswith("FAILED sync       OSError: disk full")
    assert lines[3] == "self-test FAILED: documents, sync"
    assert made and not made[0].exists(), "the temporary folder is removed after a failure"


def test_the_user_folders_are_restored_after_the_checks(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("KUJDES_DATA_DIR", str(tmp_path / "mine"))
    monkeypatch.delenv("KUJDES_CONFIG_DIR", raising=False)
    seen: dict[str, str | None] = {}

    def look(run: selftest.SelfTest) -> str:
        seen.update(data=os.environ.get("KUJDES_DATA_DIR"),
                    config=os.environ.get("KUJDES_CONFIG_DIR"))
        return "looked"

    monkeypatch.setattr(selftest, "CHECKS", (("look", look),))
    assert selftest.run_self_test(io.StringIO()) == 0
    assert seen["data"] and seen["data"] != str(tmp_path / "mine")
    assert os.environ["KUJDES_DATA_DIR"] == str(tmp_path / "mine")
    assert "KUJDES_CONFIG_DIR" not in os.environ


def test_failure_reasons_are_one_short_line() -> None:
    reason = selftest.failure_reason(ValueError("line one\nline two " + "x" * 500))
    assert "\n" not in reason and reason.startswith("ValueError: line one line two")
    assert len(reason) <= 300
