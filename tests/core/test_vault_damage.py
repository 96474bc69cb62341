"""A vault after a power cut or a failing disk: no false alarm after a crash, one sentence for
damaged pages, and ``kujdes vault rescue`` saving what can still be read."""

from __future__ import annotations

import hashlib
import io
import os
import random
import signal
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

from desktop.cli import main
from desktop.core.keys import FAST_KDF
from desktop.core.vault import create_vault, open_vault
from tests.conftest import PASSWORD

PAGE = 4096


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _kujdes(monkeypatch: pytest.MonkeyPatch, *args: str, language: str = "en") -> int:
    monkeypatch.setattr("sys.stdin", io.StringIO(PASSWORD + "\n"))
    return main(["--language", language, *args])


def _common(data_dir: Path) -> list[str]:
    return ["--data-dir", str(data_dir), "--user", "arta", "--password-stdin"]


_WRITER = r'''
import sys
from pathlib import Path
from desktop.core.vault import open_vault
vault = open_vault(Path(sys.argv[1]), "arta", sys.argv[2])
for n in range(40):
    vault.store.create("person", {"first_name": f"Emri{n}", "last_name": "Kola"})
print("written", flush=True)
sys.stdin.read()
'''


def test_first_check_after_a_power_cut_passes(data_dir: Path, vault,
                                              monkeypatch: pytest.MonkeyPatch,
                                              capsys: pytest.CaptureFixture[str]) -> None:
    """A process killed while its last writes are only in the write-ahead log (the vault
    file itself still smaller than the vault): the first check must not call it damaged."""
    vault.lock()
    writer = subprocess.Popen([sys.executable, "-c", _WRITER, str(data_dir), PASSWORD],
                              stdin=subprocess.PIPE, stdout=subprocess.PIPE)
    assert writer.stdout.readline().strip() == b"written"
    writer.send_signal(signal.SIGKILL)
    writer.wait(timeout=10)
    assert (vault.folder / "vault.db-wal").stat().st_size > 0
    assert _kujdes(monkeypatch, "vault", "check", *_common(data_dir)) == 0
    assert "Vault is intact: 40 records" in capsys.readouterr().out


@dataclass
class Damaged:
    folder: Path
    records: dict[str, str]    # id → fields, as they were before the damage
    changes: set[str]          # change ids of the unsent changes
    digest: str                # of the damaged file


def _damage(path: Path, first_page: int, pages: int, seed: int) -> list[int]:
    """Flip one byte in each of ``pages`` pages at or after ``first_page`` (1-based)."""
    data = bytearray(path.read_bytes())
    rng = random.Random(seed)
    chosen = rng.sample(range(first_page, len(data) // PAGE + 1), pages)
    for page in chosen:
        data[(page - 1) * PAGE + rng.randrange(16, PAGE - 16)] ^= 0x5A
    path.write_bytes(bytes(data))
    return chosen


@pytest.fixture(params=[11, 23, 37])
def damaged(request: pytest.FixtureRequest, data_dir: Path) -> Damaged:
    """A vault of 600 people typed offline (none sent), a draft and an attachment, with a
    flipped byte in four pages written after the vault was made (its table of contents
    intact)."""
    vault = create_vault(data_dir, "arta", PASSWORD, kdf=FAST_KDF)
    empty_pages = vault.db_path.stat().st_size // PAGE
    store = vault.store
    for batch in range(6):
        store.create_many([("person", {"first_name": f"Emri{batch}-{n}", "last_name": "Kola",
                                       "father_name": "Gjergj " * 20})
                           for n in range(100)])
    store.save_draft("visit:new", "visit", {"observations": "Shtëpia është e ftohtë."})
    store.put_blob(b"%PDF-1.4 synthetic scan " * 2000, "application/pdf")
    with store.reading() as conn:
        records = dict(conn.exec_driver_sql("SELECT id, fields FROM records").fetchall())
        changes = {r[0] for r in conn.exec_driver_sql(
            "SELECT change_id FROM outbox WHERE acked = 0")}
    vault.lock()
    _damage(vault.db_path, empty_pages + 1, 4, request.param)
    return Damaged(vault.folder, records, changes, digest(vault.db_path))


def test_check_of_damaged_pages_says_one_sentence_and_changes_nothing(
        damaged: Damaged, data_dir: Path, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    for language, words in (("en", "Part of this vault is damaged"),
                            ("sq", "Një pjesë e kësaj kasaforte është e dëmtuar")):
        assert _kujdes(monkeypatch, "vault", "check", *_common(data_dir),
                       language=language) == 1
        out, err = capsys.readouterr()
        said = (out + err).strip()
        assert said.count("\n") == 0 and words in said and "kujdes vault rescue" in said
        assert "Traceback" not in said and "Error" not in said
        assert digest(damaged.folder / "vault.db") == damaged.digest


def _saved_line(out: str, what: str) -> tuple[int, int]:
    """(saved, lost) from a line of the rescue report."""
    line = next(x.strip() for x in out.splitlines() if x.strip().startswith(what + ":"))
    numbers = [int(w.strip(",;")) for w in line.split() if w.strip(",;").isdigit()]
    return numbers[0], (numbers[1] if len(numbers) > 1 else 0)


def test_rescue_saves_what_can_be_read_and_keeps_the_damaged_file(
        damaged: Damaged, data_dir: Path, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    code = _kujdes(monkeypatch, "vault", "rescue", *_common(data_dir))
    out, err = capsys.readouterr()
    assert code in (0, 2) and "Traceback" not in out + err, out + err
    kept = list(damaged.folder.glob("vault.db.damaged-*"))
    assert [p.name for p in kept if not p.name.endswith(("-wal", "-shm"))] and (
        digest(next(p for p in kept if not p.name.endswith(("-wal", "-shm"))))
        == damaged.digest)
    assert str(kept[0]) in out
    with open_vault(data_dir, "arta", PASSWORD) as vault, vault.store.reading() as conn:
        records = dict(conn.exec_driver_sql("SELECT id, fields FROM records").fetchall())
        unsent = dict(conn.exec_driver_sql(
            "SELECT change_id, record_id FROM outbox WHERE acked = 0").fetchall())
        drafts = vault.store.list_drafts()
        found = vault.store.search("Emri3")
    # What was saved is what was there, unchanged; what was lost is said, not hidden.
    assert records.items() <= damaged.records.items()
    saved, lost = _saved_line(out, "records")
    assert saved == len(records) and saved + lost == len(damaged.records)
    assert len(records) >= 0.8 * len(damaged.records)
    kept = unsent.keys() & damaged.changes
    assert len(kept) >= 0.8 * len(damaged.changes)
    assert f"{len(unsent)} changes not yet sent to the server are in the new vault" in out
    remade = len(unsent) - len(kept)
    assert (f"Of these, {remade} were made again" in out) == (remade > 0)
    # Every rescued record's typed work will be sent, from its own change or a remade one.
    assert set(records) <= set(unsent.values())
    assert (code == 0) == ("could not be read" not in out)
    assert _saved_line(out, "drafts")[0] == len(drafts)
    assert found, "the search index is rebuilt from the rescued people"
    # The rescued vault is whole: its own check passes.
    capsys.readouterr()
    assert _kujdes(monkeypatch, "vault", "check", *_common(data_dir)) == 0, capsys.readouterr()


def test_a_rescue_cut_short_is_finished_by_the_next_run(
        damaged: Damaged, data_dir: Path, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    """Power lost after the damaged file went aside and before the new vault took its name:
    the next rescue puts the new vault in place instead of failing on a missing vault."""
    import desktop.core.rescue as rescue

    real_replace = os.replace

    def cut_before_the_new_vault_is_named(source: Path, target: Path) -> None:
        if Path(source).name == rescue.READY_NAME and Path(target).name == "vault.db":
            raise KeyboardInterrupt("power cut")
        real_replace(source, target)

    monkeypatch.setattr(rescue.os, "replace", cut_before_the_new_vault_is_named)
    assert _kujdes(monkeypatch, "vault", "rescue", *_common(data_dir)) == 130
    assert not (damaged.folder / "vault.db").exists()
    monkeypatch.setattr(rescue.os, "replace", real_replace)
    capsys.readouterr()
    assert _kujdes(monkeypatch, "vault", "rescue", *_common(data_dir)) == 0
    assert "has been finished" in capsys.readouterr().out
    kept = [p for p in damaged.folder.glob("vault.db.damaged-*") if "-" not in p.name[-4:]]
    assert [digest(p) for p in kept] == [damaged.digest]
    assert _kujdes(monkeypatch, "vault", "check", *_common(data_dir)) == 0
    with open_vault(data_dir, "arta", PASSWORD) as vault:
        assert vault.store.count("person") >= 0.8 * len(damaged.records)
