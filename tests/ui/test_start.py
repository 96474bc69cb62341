"""Program start: the unlock window is shown before what only an unlocked vault needs is
imported, and a start's arguments mean what they meant (the time it takes is measured by
bench/bench_start.py, not here)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from desktop.cli import build_parser, parse_arguments
from desktop.core.keys import FAST_KDF
from desktop.core.vault import create_vault
from desktop.ui.app import EXIT_AFTER_START, MODULES_LINE, PAINTED_LINE

ROOT = Path(__file__).resolve().parents[2]
# Libraries and screens the unlock window does not use.
NOT_AT_START = ("sqlalchemy", "sqlcipher3", "reportlab", "requests", "fastapi", "uvicorn",
                "pypdf", "openpyxl", "pyxform", "yaml", "argon2", "PySide6.QtCharts",
                "PySide6.QtPdf", "PySide6.QtPrintSupport", "desktop.core.store",
                "desktop.core.forms", "desktop.core.documents", "desktop.ui.workspace",
                "desktop.ui.today", "desktop.ui.case_list", "sync.client", "sync.server")


def start_program(data: Path, tmp_path: Path) -> tuple[str, set[str]]:
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", EXIT_AFTER_START: "modules",
           "KUJDES_CONFIG_DIR": str(tmp_path / "config"),
           "KUJDES_LOG_DIR": str(tmp_path / "logs")}
    result = subprocess.run([sys.executable, "-m", "desktop.cli", "--app-data-dir", str(data)],
                            env=env, cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stdout + result.stderr
    line = next(x for x in result.stdout.splitlines() if x.startswith(MODULES_LINE))
    return result.stdout, set(line[len(MODULES_LINE):].split())


def test_the_unlock_window_is_painted_before_the_vault_and_screens_are_imported(
        tmp_path: Path) -> None:
    data = tmp_path / "data"
    create_vault(data, "ana", "fjalekalim-1", kdf=FAST_KDF).lock()
    output, modules = start_program(data, tmp_path)
    assert PAINTED_LINE in output
    assert {"desktop.ui.unlock", "desktop.ui.main_window"} <= modules
    assert [name for name in NOT_AT_START if name in modules] == []


@pytest.mark.parametrize("argv", [
    [], ["--demo"], ["--demo", "--country", "XK", "--app-data-dir", "x"],
    ["--language", "en", "--app-data-dir=x"], ["--language=sr-Cyrl"],
])
def test_a_start_of_the_window_is_read_as_the_full_parser_reads_it(argv: list[str]) -> None:
    assert vars(parse_arguments(argv)) == vars(build_parser().parse_args(argv))


def test_subcommands_and_mistakes_still_go_to_the_full_parser(
        capsys: pytest.CaptureFixture[str]) -> None:
    args = parse_arguments(["vault", "create", "--user", "ana", "--data-dir", "x"])
    assert args.command == "vault" and callable(args.handler)
    for wrong in (["--country", "ZZ"], ["--no-such-option"], ["--app-data-dir"]):
        with pytest.raises(SystemExit) as stopped:
            parse_arguments(wrong)
        assert stopped.value.code == 2
    assert "usage: kujdes" in capsys.readouterr().err
    with pytest.raises(SystemExit) as stopped:
        parse_arguments(["--help"])
    assert stopped.value.code == 0
    assert "COMMAND" in capsys.readouterr().out
