"""The server at rest: an encrypted embedded database in a private folder."""

from __future__ import annotations

import shutil
import stat
from pathlib import Path

import pytest
import sqlcipher3

from sync.server import admin, cli
from sync.server.db import KEY_ENV, key_file, read_key
from tests.core.test_plaintext import leaks
from tests.server.fixtures import World, prepare_db


def _mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def _decrypt_to(path: Path, plain: Path) -> None:
    """What an older server left: the same database, in plain SQLite."""
    key = read_key(path)
    assert key is not None
    conn = sqlcipher3.connect(str(path), isolation_level=None)
    conn.execute(f"PRAGMA key = \"x'{key.hex()}'\"")
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    version = conn.execute("PRAGMA user_version").fetchone()[0]
    conn.execute("ATTACH DATABASE ? AS plain KEY ''", (str(plain),))
    conn.execute("SELECT sqlcipher_export('plain')")
    conn.execute(f"PRAGMA plain.user_version = {version}")
    conn.execute("DETACH DATABASE plain")
    conn.close()


@pytest.mark.parametrize("db_url", ["sqlite"], indirect=True)  # PostgreSQL: see the README
def test_no_name_of_a_synced_record_is_readable_in_the_servers_files(
        world: World, tmp_path: Path) -> None:
    laptop, client = world.device("sw_qerret", kind="memory")
    names = set()
    for n in range(30):
        pid = laptop.create("person", {"first_name": f"Drita{n:03d}",
                                       "last_name": f"Kodheli{n:03d}", "sex": "F",
                                       "administrative_unit": "Qerret"})
        laptop.create("case", {"case_number": f"T-{n:04d}", "person_id": pid,
                               "case_type": "social_care", "status": "open",
                               "opened_on": "2026-03-01", "municipality": "Pukë",
                               "administrative_unit": "Qerret"})
        names |= {f"Drita{n:03d}".encode(), f"Kodheli{n:03d}".encode()}
    assert laptop.sync(client).pushed == 60
    server_files = tmp_path / "server-files"
    server_files.mkdir()
    for part in tmp_path.glob("server.db*"):  # the database, its WAL and key, while serving
        shutil.copy(part, server_files / part.name)
    assert any(p.name.endswith("-wal") for p in server_files.iterdir())
    assert leaks(server_files, names) == []
    world.server.stop()
    assert leaks(tmp_path, names) == []
    assert _mode(tmp_path) == 0o700
    for part in tmp_path.glob("server.db*"):
        assert _mode(part) == 0o600, part.name


def test_init_makes_a_private_folder_and_key(tmp_path: Path,
                                            monkeypatch: pytest.MonkeyPatch) -> None:
    folder = tmp_path / "data"
    db = folder / "server.db"
    monkeypatch.setattr("os.umask", lambda mask: 0o022)  # the CLI's own umask is not relied on
    assert cli.main(["init", "--municipality", "Pukë", "--db", str(db)]) == 0
    assert _mode(folder) == 0o700 and _mode(db) == 0o600 and _mode(key_file(db)) == 0o600
    assert db.read_bytes()[:16] != b"SQLite format 3\x00"
    assert len(key_file(db).read_text().strip()) == 64


def test_a_plain_database_of_an_older_server_is_refused_then_encrypted_by_init(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    source = tmp_path / "old" / "server.db"
    source.parent.mkdir()
    prepare_db(f"sqlite:///{source}")
    with admin.open_db(f"sqlite:///{source}") as session:
        admin.write_server_record(session, "household", "0190a000-0000-7000-8000-000000000001",
                                  {"administrative_unit": "Qerret", "name": "Familja Hasani"})
        session.commit()
    plain = tmp_path / "server.db"
    _decrypt_to(source, plain)
    assert b"Familja Hasani" in plain.read_bytes()
    url = f"sqlite:///{plain}"
    assert cli.main(["serve", "--db", url]) == 2
    err = capsys.readouterr().err
    assert f"The server database {plain} is not encrypted. Run 'kujdes-server init" in err
    assert cli.main(["init", "--municipality", "Pukë", "--db", url]) == 0
    assert b"Familja Hasani" not in plain.read_bytes()
    assert not Path(f"{plain}-wal").exists() or b"Hasani" not in Path(f"{plain}-wal").read_bytes()
    assert admin.status(url).records == 22  # 21 villages and the household, all kept
    assert cli.main(["init", "--municipality", "Pukë", "--db", url]) == 0  # again: no change


def test_a_missing_or_wrong_key_is_a_sentence(tmp_path: Path,
                                             monkeypatch: pytest.MonkeyPatch,
                                             capsys: pytest.CaptureFixture[str]) -> None:
    db = tmp_path / "server.db"
    url = f"sqlite:///{db}"
    admin.init(url, "Pukë")
    key = key_file(db).read_text().strip()
    key_file(db).unlink()
    assert cli.main(["status", "--db", url]) == 2
    assert f"The key of the server database {db} is missing" in capsys.readouterr().err
    monkeypatch.setenv(KEY_ENV, key)  # the key given by the environment instead
    assert cli.main(["status", "--db", url]) == 0
    monkeypatch.setenv(KEY_ENV, "ab" * 32)
    assert cli.main(["status", "--db", url]) == 2
    assert "cannot be opened with its key" in capsys.readouterr().err


def test_the_demo_servers_plain_database_is_encrypted_when_it_starts(tmp_path: Path) -> None:
    from sync.client import SyncClient
    from sync.server.embedded import start_embedded_server
    from tests.server.fixtures import PASSWORD

    source = tmp_path / "made" / "server.db"
    source.parent.mkdir()
    prepare_db(f"sqlite:///{source}")
    plain = tmp_path / "demo" / "server.db"
    plain.parent.mkdir()
    _decrypt_to(source, plain)
    server = start_embedded_server(plain)
    try:
        client = SyncClient(server.url, "dev-demo-laptop-1")
        client.hello()
        assert client.login("sw_qerret", PASSWORD, "demo")["user"]["username"] == "sw_qerret"
    finally:
        server.stop()
    assert plain.read_bytes()[:16] != b"SQLite format 3\x00"
    assert _mode(key_file(plain)) == 0o600
