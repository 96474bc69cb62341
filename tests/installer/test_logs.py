"""Log files: where they go, how they rotate, and that they never hold personal data."""

from __future__ import annotations

import logging
import os
import subprocess
import sys
from pathlib import Path

import pytest

from desktop.core import logs
from desktop.core.keys import KdfParams
from desktop.core.vault import open_vault

ROOT = Path(__file__).resolve().parents[2]
PASSWORD = "field laptop 2026"


@pytest.fixture
def log_dir(tmp_path: Path):
    """Logging set up into a temporary folder; the root logger is restored afterwards."""
    root = logging.getLogger()
    level, handlers = root.level, list(root.handlers)
    folder = tmp_path / "logs"
    yield folder
    for handler in root.handlers:
        if handler not in handlers:
            root.removeHandler(handler)
            handler.close()
    root.setLevel(level)
    logs._installed = None


def read_logs(folder: Path) -> str:
    return "\n".join(p.read_text(encoding="utf-8") for p in sorted(folder.glob("kujdes.log*")))


def test_arguments_keep_ids_counts_and_types_only(log_dir: Path) -> None:
    path = logs.setup_logging(log_dir, level=logging.DEBUG)
    log = logging.getLogger("kujdes.test")
    log.info("saved %s %s for %s: %d fields", "person", "0192f0c4-8d1e-7a3b-9c2d-1e2f3a4b5c6d",
             "Ërmira Çela", 7)
    log.info("record %s", {"first_name": "Gjystina", "last_name": "Përlala"})
    log.warning("failed: %s", "WrongPassword")
    log.info("found %(who)s", {"who": "Xhevdet Kodra"})
    log.info({"first_name": "Shkëlqim"})
    log.info("pre-formatted text about H51702123A, 069 123 4567 and arta@bashkia.example")
    text = path.read_text(encoding="utf-8")
    assert "saved person 0192f0c4-8d1e-7a3b-9c2d-1e2f3a4b5c6d for <str>: 7 fields" in text
    assert "record {'first_name': '<str>', 'last_name': '<str>'}" in text
    assert "failed: WrongPassword" in text
    assert "found <str>" in text and "<dict>" in text
    assert "<personal-number>" in text and "<phone>" in text and "<e-mail>" in text
    for value in ("Ërmira", "Çela", "Gjystina", "Përlala", "Xhevdet", "Shkëlqim",
                  "H51702123A", "123 4567", "arta@"):
        assert value not in text


def test_tracebacks_keep_frames_and_types_but_not_messages(log_dir: Path) -> None:
    path = logs.setup_logging(log_dir)
    try:
        try:
            raise KeyError("Valbona Gjeloshi")
        except KeyError as inner:
            raise ValueError("personal number J40520111B is taken") from inner
    except ValueError:
        logging.getLogger("kujdes.test").exception("could not save")
    text = path.read_text(encoding="utf-8")
    assert "could not save" in text and "test_logs.py" in text
    assert "builtins.KeyError" in text and "builtins.ValueError" in text
    assert "Valbona" not in text and "J40520111B" not in text


def test_library_loggers_that_could_quote_data_are_quiet(log_dir: Path) -> None:
    logs.setup_logging(log_dir, level=logging.DEBUG)
    assert not logging.getLogger("sqlalchemy.engine.Engine").isEnabledFor(logging.INFO)
    assert not logging.getLogger("uvicorn.access").isEnabledFor(logging.INFO)


def test_log_files_rotate(log_dir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(logs, "MAX_BYTES", 2_000)
    logs.setup_logging(log_dir)
    for n in range(2_000):
        logging.getLogger("kujdes.test").info("line %d of a long run", n)
    files = sorted(p.name for p in log_dir.iterdir())
    assert files[0] == "kujdes.log" and len(files) == logs.BACKUPS + 1
    assert all((log_dir / name).stat().st_size <= 2_100 for name in files)


def test_an_unwritable_log_folder_does_not_stop_the_application(tmp_path: Path,
                                                                 log_dir: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    assert logs.setup_logging(blocker / "logs") is None


def test_log_folder_is_the_platforms_unless_overridden(monkeypatch: pytest.MonkeyPatch,
                                                        tmp_path: Path) -> None:
    monkeypatch.delenv("KUJDES_LOG_DIR", raising=False)
    assert "Kujdes" in str(logs.log_file())
    monkeypatch.setenv("KUJDES_LOG_DIR", str(tmp_path))
    assert logs.log_file() == tmp_path / "kujdes.log"


def kujdes(env: dict[str, str], *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "desktop.cli", "--language", "en", *args],
                          input=PASSWORD + "\n", capture_output=True, text=True, cwd=ROOT,
                          env=env, timeout=600)


def demo_values(data_dir: Path, user: str) -> set[str]:
    """Names, personal numbers and case numbers of everyone the demo data made."""
    values: set[str] = set()
    with open_vault(data_dir, user, PASSWORD) as vault:
        for person in vault.store.query("person"):
            values.add(f"{person.get('first_name')} {person.get('last_name')}")
            values.add(person.get("personal_id"))
        values.update(case.get("case_number") for case in vault.store.query("case"))
    return {v for v in values if v}


def test_cli_commands_with_demo_data_leave_no_personal_data_in_the_logs(tmp_path: Path) -> None:
    assert KdfParams()  # the commands use the real key derivation
    folder, data = tmp_path / "logs", tmp_path / "data"
    env = {**os.environ, "KUJDES_LOG_DIR": str(folder), "KUJDES_LOG_LEVEL": "DEBUG",
           "KUJDES_CONFIG_DIR": str(tmp_path / "config")}
    user = ["--data-dir", str(data), "--user", "mobile.unit", "--password-stdin"]
    for args in (["vault", "create", *user], ["demo-data", *user, "--persons", "150"],
                 ["find", *user, "a", "--limit", "500"], ["vault", "check", *user],
                 ["find", *user, "--limit", "5", "nobody at all"]):
        result = kujdes(env, *args)
        assert result.returncode == 0, result.stderr
    kujdes(env, "find", "--data-dir", str(data), "--user", "nobody", "--password-stdin", "x")
    values = demo_values(data, "mobile.unit")
    assert len(values) > 150
    text = read_logs(folder)
    assert text.count("started (source") == 6
    leaked = sorted(v for v in values if v in text)
    assert not leaked, f"personal data in the log: {len(leaked)} values"
