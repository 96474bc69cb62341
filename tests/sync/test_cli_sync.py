"""``kujdes login`` and ``kujdes sync`` from the shell."""

from __future__ import annotations

import io
from pathlib import Path

import pytest

from desktop.cli import main
from tests.server.fixtures import PASSWORD, World, new_case


def _run(monkeypatch: pytest.MonkeyPatch, *args: str, language: str = "en") -> int:
    monkeypatch.setattr("sys.stdin", io.StringIO(PASSWORD + "\n"))
    return main(["--language", language, *args])


def test_login_then_sync(world: World, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                         capsys: pytest.CaptureFixture[str]) -> None:
    office, oc = world.device("head")
    new_case(office, "Qerret")
    office.sync(oc)
    common = ["--data-dir", str(tmp_path), "--user", "sw_qerret", "--password-stdin"]
    assert _run(monkeypatch, "login", "--server", world.url, *common) == 0
    assert "1 cases in the vault" in capsys.readouterr().out
    new_case(office, "Qerret", n=2)
    office.sync(oc)
    assert _run(monkeypatch, "sync", *common) == 0
    assert "records received" in capsys.readouterr().out
    world.server.stop()
    assert _run(monkeypatch, "sync", *common) == 1
    assert "The municipal server could not be reached. Nothing is lost" in (
        capsys.readouterr().err)
    assert _run(monkeypatch, "sync", *common, language="sq") == 1
    assert "Serveri i bashkisë nuk u arrit" in capsys.readouterr().err


def test_login_with_a_wrong_password_says_so(world: World, tmp_path: Path,
                                             monkeypatch: pytest.MonkeyPatch,
                                             capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setattr("sys.stdin", io.StringIO("not-the-password\n"))
    code = main(["--language", "en", "login", "--server", world.url, "--data-dir",
                 str(tmp_path), "--user", "sw_qerret", "--password-stdin"])
    assert code == 1
    assert "did not accept this user name and password" in capsys.readouterr().err
    assert not (tmp_path / "vaults").exists() or not any((tmp_path / "vaults").iterdir())
