"""``kujdes sync`` says which changes the server refused, in the chosen language."""

from __future__ import annotations

import io
from pathlib import Path

import pytest

from desktop.cli import main
from desktop.core.i18n import set_language, tr
from desktop.core.keys import FAST_KDF
from desktop.core.sync_local import login
from tests.server.fixtures import PASSWORD, World, person_fields


@pytest.mark.parametrize("db_url", ["sqlite"], indirect=True)
@pytest.mark.parametrize(("language", "sending"), [
    ("en", "Sending changes: 0"), ("sq", "Po dërgohen ndryshimet: 0")])
def test_sync_command_lists_refused_changes(world: World, tmp_path: Path, language: str,
                                            sending: str,
                                            monkeypatch: pytest.MonkeyPatch,
                                            capsys: pytest.CaptureFixture[str]) -> None:
    vault = login(world.url, tmp_path, "sw_qerret", PASSWORD, kdf=FAST_KDF,
                  device_name="test laptop")
    vault.store.create("person", person_fields("Rrapë"))  # a unit outside the user's scope
    vault.lock()
    monkeypatch.setattr("sys.stdin", io.StringIO(PASSWORD + "\n"))
    try:
        code = main(["--language", language, "sync", "--data-dir", str(tmp_path),
                     "--user", "sw_qerret", "--password-stdin"])
    finally:
        set_language("sq")
    out, err = capsys.readouterr()
    assert code == 3  # something was refused
    wanted = tr("Refused: {record}, {kind}: {reason} {advice}", language).split("{record}")[0]
    assert sending in err  # the progress line, in the same language
    refused = [line for line in out.splitlines() if line.startswith(wanted)]
    assert len(refused) == 1 and len(refused[0]) > len(wanted), out
