"""``kujdes login`` and ``kujdes sync`` from the shell."""

from __future__ import annotations

import io
from pathlib import Path

import pytest

from desktop.cli import main
from tests.server.fixtures import PASSWORD, World, new_case


def _run(monkeypatch: pytest.MonkeyPatch, *args: str) -> int:
    monkeypatch.setattr("sys.stdin", io.StringIO(PASSWORD + "\n"))
    return main(["--language", "en", *args])


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
    assert "Could not reach the server" in capsys.readouterr().err
