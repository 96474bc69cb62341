"""A laptop that loses power in the middle of a sync: ``kujdes sync`` killed with SIGKILL at
many points, each time followed by ``kujdes vault check`` (which must pass the first time) and
at the end a sync that finishes: nothing lost, nothing applied twice."""

from __future__ import annotations

import io
import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path
from typing import BinaryIO

import pytest
from sqlalchemy import select

from desktop.cli import main
from desktop.core.keys import FAST_KDF
from desktop.core.sync_local import login
from desktop.core.vault import open_vault
from sync.client import SyncClient
from sync.server.db import make_engine
from sync.server.models import ChangeRow
from tests.server.fixtures import PASSWORD, World, person_fields

KUJDES_CLI = Path(sys.executable).with_name("kujdes")
USER = "sw_qerret"
ROUNDS = 5
NEW_PEOPLE, CHANGED_PEOPLE = 60, 10


def _kujdes(monkeypatch: pytest.MonkeyPatch, *args: str) -> int:
    monkeypatch.setattr("sys.stdin", io.StringIO(PASSWORD + "\n"))
    return main(["--language", "en", *args])


def _work_offline(data_dir: Path, round_no: int, rng: random.Random) -> None:
    """What a worker types between two syncs: new people, and changes to earlier ones."""
    with open_vault(data_dir, USER, PASSWORD) as vault:
        store = vault.store
        store.create_many([("person", person_fields("Qerret", round_no * 1000 + n))
                           for n in range(NEW_PEOPLE)])
        earlier = [r.id for r in store.query("person", limit=10_000)]
        for record_id in rng.sample(earlier, min(CHANGED_PEOPLE, len(earlier))):
            store.update(record_id, {"phone": f"06{rng.randrange(10**8):08d}"})


def _started_sync(data_dir: Path, env: dict[str, str], err: BinaryIO, log: Path
                  ) -> subprocess.Popen[bytes]:
    """``kujdes sync`` in its own process, returned once it has started to sync."""
    process = subprocess.Popen(
        [str(KUJDES_CLI), "--language", "en", "sync", "--data-dir", str(data_dir),
         "--user", USER, "--password-stdin"], stdin=subprocess.PIPE,
        stdout=subprocess.DEVNULL, stderr=err, env=env)
    assert process.stdin is not None
    process.stdin.write((PASSWORD + "\n").encode())
    process.stdin.close()
    deadline = time.monotonic() + 30
    # The first thing ``kujdes sync`` writes to standard error is its progress line.
    while not log.stat().st_size and process.poll() is None:
        assert time.monotonic() < deadline, "kujdes sync did not start"
        time.sleep(0.01)
    return process


def _sync_seconds(data_dir: Path, env: dict[str, str], log: Path) -> float:
    """How long a whole ``kujdes sync`` takes from its progress line (it is not killed)."""
    with log.open("wb") as err:
        process = _started_sync(data_dir, env, err, log)
        started = time.monotonic()
        assert process.wait(timeout=60) == 0, log.read_text()
    return time.monotonic() - started


def _killed_sync(data_dir: Path, env: dict[str, str], rng: random.Random, window: float,
                 log: Path) -> bool:
    """Start ``kujdes sync`` and kill it (SIGKILL) at a random moment within ``window``
    seconds of its start; True when it was killed before it finished."""
    with log.open("wb") as err:
        process = _started_sync(data_dir, env, err, log)
        time.sleep(rng.uniform(0.0, window))
        finished = process.poll() is not None
        process.send_signal(signal.SIGKILL)
        process.wait(timeout=10)
    return not finished


def _server_view(world: World) -> dict[str, int]:
    """The user's caseload on the server: record id → revision."""
    client = SyncClient(world.url, "dev-checking-laptop")
    client.hello()
    client.login(USER, PASSWORD, "checking laptop")
    return {pair[0]: pair[1] for pair in client.caseload_ids()["pairs"]}


def _server_changes(world: World, device: str) -> list[str]:
    """The change ids the server applied from ``device``, as often as it holds them."""
    engine = make_engine(world.db_url)
    try:
        with engine.connect() as conn:
            return sorted(r[0] for r in conn.execute(
                select(ChangeRow.change_id).where(ChangeRow.device == device)))
    finally:
        engine.dispose()


def test_sync_killed_at_many_points_loses_nothing_and_duplicates_nothing(
        world: World, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    data_dir = tmp_path / "laptop"
    login(world.url, data_dir, USER, PASSWORD, kdf=FAST_KDF).lock()
    env = {**os.environ, "KUJDES_CONFIG_DIR": str(tmp_path / "config")}
    rng = random.Random(20260313)
    common = ["--data-dir", str(data_dir), "--user", USER, "--password-stdin"]
    # The kills fall within the time a sync of one round's work takes on this machine.
    _work_offline(data_dir, ROUNDS, rng)
    window = _sync_seconds(data_dir, env, tmp_path / "timed-sync.log")
    killed_mid_sync = 0
    for round_no in range(ROUNDS):
        _work_offline(data_dir, round_no, rng)
        killed_mid_sync += _killed_sync(data_dir, env, rng, window,
                                        tmp_path / f"sync{round_no}.log")
        capsys.readouterr()
        assert _kujdes(monkeypatch, "vault", "check", *common) == 0, (
            f"round {round_no}: {capsys.readouterr()}")
        assert "Vault is intact" in capsys.readouterr().out
    assert killed_mid_sync >= ROUNDS // 2, "the kills did not land in the middle of syncs"

    assert _kujdes(monkeypatch, "sync", *common) == 0
    assert _kujdes(monkeypatch, "vault", "check", *common) == 0
    assert "0 changes waiting to sync" in capsys.readouterr().out
    with open_vault(data_dir, USER, PASSWORD) as vault, vault.store.reading() as conn:
        device = vault.device_id
        laptop = dict(conn.exec_driver_sql("SELECT id, rev FROM records").fetchall())
        typed = sorted(r[0] for r in conn.exec_driver_sql("SELECT change_id FROM outbox"))
        made_here = {r[0] for r in conn.exec_driver_sql(
            "SELECT DISTINCT record_id FROM outbox")}
        unsent = conn.exec_driver_sql("SELECT count(*) FROM outbox WHERE acked = 0").scalar()
    assert unsent == 0
    rounds_typed = ROUNDS + 1   # with the work of the timed sync
    assert len(typed) == rounds_typed * (NEW_PEOPLE + CHANGED_PEOPLE)
    assert len(made_here) == rounds_typed * NEW_PEOPLE
    # Every change typed on the laptop was applied by the server exactly once ...
    assert _server_changes(world, device) == typed
    # ... and the server and the laptop hold the same records at the same revisions.
    server = _server_view(world)
    assert made_here <= set(server)
    assert server == laptop


def test_a_rescued_vault_sends_its_unsent_work(world: World, tmp_path: Path,
                                               monkeypatch: pytest.MonkeyPatch,
                                               capsys: pytest.CaptureFixture[str]) -> None:
    """A disk that damages pages of a vault full of work not yet sent: check says so, rescue
    saves what can be read, and the next sync sends it."""
    data_dir = tmp_path / "laptop"
    common = ["--data-dir", str(data_dir), "--user", USER, "--password-stdin"]
    with login(world.url, data_dir, USER, PASSWORD, kdf=FAST_KDF) as vault:
        signed_in_pages = vault.db_path.stat().st_size // 4096
        for batch in range(4):
            vault.store.create_many([("person", person_fields("Qerret", batch * 100 + n))
                                     for n in range(100)])
        device, db_path = vault.device_id, vault.db_path
    data = bytearray(db_path.read_bytes())
    rng = random.Random(5)
    for page in rng.sample(range(signed_in_pages + 1, len(data) // 4096), 3):
        data[page * 4096 + rng.randrange(16, 4080)] ^= 0x5A
    db_path.write_bytes(bytes(data))

    assert _kujdes(monkeypatch, "vault", "check", *common) == 1
    assert "Part of this vault is damaged" in capsys.readouterr().out
    assert _kujdes(monkeypatch, "vault", "rescue", *common) in (0, 2)
    assert "changes not yet sent to the server are in the new vault" in capsys.readouterr().out
    with open_vault(data_dir, USER, PASSWORD) as vault, vault.store.reading() as conn:
        rescued = sorted(r[0] for r in conn.exec_driver_sql("SELECT change_id FROM outbox"))
    assert len(rescued) >= 300

    assert _kujdes(monkeypatch, "sync", *common) == 0, capsys.readouterr()
    assert _server_changes(world, device) == rescued
    assert _kujdes(monkeypatch, "vault", "check", *common) == 0, capsys.readouterr()
    with open_vault(data_dir, USER, PASSWORD) as vault, vault.store.reading() as conn:
        laptop = dict(conn.exec_driver_sql("SELECT id, rev FROM records").fetchall())
    assert laptop == _server_view(world)
