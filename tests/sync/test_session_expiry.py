"""A session the server ended after its idle time: sign in again, and nothing pending is lost."""

from __future__ import annotations

import io
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import select

from desktop.cli import main
from desktop.core.sync_local import login, refresh_session, sync_now
from sync.client import AuthError
from sync.server import admin
from sync.server.models import Token
from tests.server.fixtures import PASSWORD, World, case_fields, person_fields


def _month_passes(db_url: str) -> None:
    """Every session was last used 31 days ago (the server's default idle time is 30)."""
    then = datetime.now(UTC).replace(tzinfo=None) - timedelta(days=31)
    with admin.open_db(db_url) as session:
        for token in session.scalars(select(Token)):
            token.created_at = token.last_used = then
        session.commit()


def _cli(monkeypatch: pytest.MonkeyPatch, *args: str) -> int:
    monkeypatch.setattr("sys.stdin", io.StringIO(PASSWORD + "\n"))
    return main(["--language", "en", *args])


def _write_offline(data_dir: Path, url: str, n: int) -> str:
    with login(url, data_dir, "sw_qerret", PASSWORD) as vault:  # opens offline
        person = vault.store.create("person", person_fields("Qerret", n))
        vault.store.create("case", case_fields(person.id, "Qerret", n=n))
        assert vault.store.pending_count() == 2
        return person.id


def test_kujdes_login_renews_an_expired_session_and_sync_sends_what_waited(
        world: World, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    common = ["--data-dir", str(tmp_path), "--user", "sw_qerret", "--password-stdin"]
    assert _cli(monkeypatch, "login", "--server", world.url, *common) == 0
    _write_offline(tmp_path, world.url, 1)
    _month_passes(world.db_url)
    capsys.readouterr()
    assert _cli(monkeypatch, "sync", *common) == 1
    assert "Sign in again" in capsys.readouterr().err
    assert _cli(monkeypatch, "login", "--server", world.url, *common) == 0
    assert _cli(monkeypatch, "sync", *common) == 0
    assert "2 changes sent" in capsys.readouterr().out
    head, hc = world.device("head", kind="memory")
    head.sync(hc)
    assert [r.fields["case_number"] for r in head.live("case").values()] == ["T-0001"]


def test_the_sync_screens_sign_in_again_keeps_the_outbox(world: World, tmp_path: Path) -> None:
    with login(world.url, tmp_path, "sw_qerret", PASSWORD) as vault:
        pass
    _write_offline(tmp_path, world.url, 2)
    _month_passes(world.db_url)
    with login(world.url, tmp_path, "sw_qerret", PASSWORD) as vault:
        with pytest.raises(AuthError, match="ended after 30 days without use"):
            sync_now(vault)
        assert vault.store.pending_count() == 2
        refresh_session(vault, PASSWORD)
        result = sync_now(vault)
        assert result.pushed == 2 and vault.store.pending_count() == 0
