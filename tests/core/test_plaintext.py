"""Nothing generated may be readable on disk: not in the vault, its WAL, or any other file."""

from __future__ import annotations

from pathlib import Path

import ahocorasick

from desktop.core.demo import add_demo_data


def needles(vault) -> set[bytes]:
    """Full names, ID numbers and village names of everyone in the vault (long enough that a
    chance match in random bytes is practically impossible)."""
    found: set[bytes] = set()
    for person in vault.store.query("person"):
        f = person.fields
        found.add(f"{f['first_name']} {f['last_name']}".encode())
        found.add(f["personal_id"].encode())
        if len(f["village"].encode()) >= 6:
            found.add(f["village"].encode())
    return found


def files_under(folder: Path) -> list[Path]:
    return [p for p in folder.rglob("*") if p.is_file()]


def leaks(folder: Path, secrets: set[bytes]) -> list[tuple[str, bytes]]:
    """Every secret found in any file, in one pass per file (Aho-Corasick)."""
    automaton = ahocorasick.Automaton()
    for secret in secrets:
        text = secret.decode("latin-1")  # one character per byte
        automaton.add_word(text, secret)
    automaton.make_automaton()
    found = []
    for path in files_under(folder):
        content = path.read_bytes().decode("latin-1")
        found += [(path.name, secret) for _, secret in automaton.iter(content)]
    return found


def test_no_generated_person_data_is_readable_on_disk(data_dir, vault):
    summary = add_demo_data(vault.store, 2000, seed=11)
    assert summary.persons == 2000
    secrets = needles(vault)
    assert len(secrets) > 2000
    # While open (WAL and shared-memory files present) ...
    assert any(p.name.endswith("-wal") for p in files_under(data_dir))
    assert leaks(data_dir, secrets) == []
    # ... and after locking.
    vault.lock()
    assert leaks(data_dir, secrets) == []


def test_the_check_itself_finds_plaintext(tmp_path):
    """The scan above would notice a leak: a plain SQLite file with the same data fails it."""
    from desktop.core.store import Store
    from desktop.core.vault import make_engine
    from sync.profile import load_profile

    engine = make_engine(tmp_path / "plain.db", key=None)
    from desktop.core import migrations

    migrations.upgrade(engine, tmp_path / "plain.db")
    store = Store(engine, load_profile("AL"), user="u", device="d")
    store.create("person", {"first_name": "Mirela", "last_name": "Gjonaj",
                            "personal_id": "N15123456K", "village": "Dushnezë"})
    engine.dispose()
    assert leaks(tmp_path, {b"Mirela Gjonaj", b"N15123456K"}) != []
