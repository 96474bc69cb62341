"""Vaults: passwords, lockout, password change, refusing damaged or newer files."""

from __future__ import annotations

import hashlib
import json
import os
import stat
from pathlib import Path

import pytest

from desktop.core import migrations
from desktop.core.errors import (
    NoSuchVault,
    TooSoon,
    VaultCorrupt,
    VaultExists,
    VaultLockedOut,
    VaultTooNew,
    WrongPassword,
)
from desktop.core.keys import FAST_KDF, KDF_UPGRADES, KdfParams
from desktop.core.vault import (
    MAX_FAILURES,
    change_password,
    create_vault,
    list_vaults,
    make_engine,
    open_vault,
    reauthorise,
    retry_delay,
    wipe_vault,
)
from tests.conftest import PASSWORD


class FakeClock:
    """Lets a test step over the retry delay instead of sleeping through it."""

    def __init__(self) -> None:
        self.now = 1_000_000.0

    def __call__(self) -> float:
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += seconds


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def add_person(vault, first: str = "Drita") -> str:
    return vault.store.create("person", {"first_name": first, "last_name": "Kola"}).id


def test_create_lock_and_reopen_keeps_records(data_dir, vault):
    person_id = add_person(vault)
    vault.lock()
    assert vault.is_locked
    reopened = open_vault(data_dir, "arta", PASSWORD)
    assert reopened.store.require(person_id).fields["first_name"] == "Drita"
    reopened.lock()


@pytest.mark.skipif(os.name != "posix", reason="folder modes are POSIX; Windows keeps "
                    "the per-user application data folder private")
def test_only_the_laptop_account_can_enter_a_vault_folder(data_dir, vault):
    folder = vault.folder
    assert stat.S_IMODE(folder.stat().st_mode) == 0o700
    vault.lock()
    folder.chmod(0o755)  # a vault made by an older version
    open_vault(data_dir, "arta", PASSWORD).lock()
    assert stat.S_IMODE(folder.stat().st_mode) == 0o700


def test_second_vault_for_same_user_is_refused(data_dir, vault):
    with pytest.raises(VaultExists):
        create_vault(data_dir, "arta", PASSWORD, kdf=FAST_KDF)


def test_each_user_has_own_vault_and_list_shows_them(data_dir, vault):
    create_vault(data_dir, "Besnik Leka", "another password", kdf=FAST_KDF).lock()
    assert [v.user for v in list_vaults(data_dir)] == ["arta", "Besnik Leka"]
    with pytest.raises(WrongPassword):
        open_vault(data_dir, "Besnik Leka", PASSWORD)


def test_unknown_user_is_a_clear_error(data_dir):
    with pytest.raises(NoSuchVault, match="no vault for user nobody"):
        open_vault(data_dir, "nobody", PASSWORD)


def test_wrong_password_says_how_many_attempts_are_left(data_dir, vault):
    vault.lock()
    with pytest.raises(WrongPassword, match="9 attempts left"):
        open_vault(data_dir, "arta", "not the password")
    assert list_vaults(data_dir)[0].failures == 1


def test_delay_grows_and_ten_failures_lock_the_vault(data_dir, vault):
    vault.lock()
    clock = FakeClock()
    db_before = digest(vault.db_path)
    for attempt in range(1, MAX_FAILURES + 1):
        clock.advance(retry_delay(attempt - 1))
        expected = VaultLockedOut if attempt == MAX_FAILURES else WrongPassword
        with pytest.raises(expected):
            open_vault(data_dir, "arta", f"guess {attempt}", clock=clock)
        if 3 <= attempt < MAX_FAILURES:
            with pytest.raises(TooSoon):
                open_vault(data_dir, "arta", PASSWORD, clock=clock)
    assert [retry_delay(n) for n in (1, 2, 3, 4, 5)] == [0, 0, 2, 4, 8]
    # Locked out: even the right password is refused until the server re-authorises.
    with pytest.raises(VaultLockedOut):
        open_vault(data_dir, "arta", PASSWORD, clock=clock)
    assert digest(vault.db_path) == db_before
    reauthorise(data_dir, "arta")
    open_vault(data_dir, "arta", PASSWORD, clock=clock).lock()


def test_right_password_resets_the_failure_count(data_dir, vault):
    vault.lock()
    with pytest.raises(WrongPassword):
        open_vault(data_dir, "arta", "wrong one")
    open_vault(data_dir, "arta", PASSWORD).lock()
    assert list_vaults(data_dir)[0].failures == 0


def test_password_change_keeps_data_and_does_not_rewrite_the_database(data_dir, vault):
    person_id = add_person(vault)
    vault.lock()
    db_before = digest(vault.db_path)
    change_password(data_dir, "arta", PASSWORD, "a brand new secret")
    assert digest(vault.db_path) == db_before
    with pytest.raises(WrongPassword):
        open_vault(data_dir, "arta", PASSWORD)
    reopened = open_vault(data_dir, "arta", "a brand new secret")
    assert reopened.store.require(person_id).fields["first_name"] == "Drita"
    reopened.lock()


def kdf_of(data_dir: Path, user: str = "arta") -> KdfParams:
    return KdfParams(**json.loads((data_dir / "vaults" / user / "key.json").read_text())["kdf"])


def test_the_key_wrapped_with_earlier_parameters_is_rewrapped_at_the_next_unlock(data_dir):
    earlier = KdfParams(time_cost=3, memory_cost=131_072, parallelism=1)
    person_id = add_person(create_vault(data_dir, "arta", PASSWORD, kdf=earlier))
    open_vault(data_dir, "arta", PASSWORD).lock()
    now = kdf_of(data_dir)
    assert now == KdfParams() == KDF_UPGRADES[earlier]
    # nothing an attacker pays for a guess is lowered: the same memory and passes
    assert (now.memory_cost, now.time_cost) == (earlier.memory_cost, earlier.time_cost)
    assert now.parallelism > earlier.parallelism
    with pytest.raises(WrongPassword):
        open_vault(data_dir, "arta", "wrong one")
    reopened = open_vault(data_dir, "arta", PASSWORD)
    assert reopened.store.require(person_id).fields["first_name"] == "Drita"
    reopened.lock()


def test_a_wrong_password_does_not_rewrap_and_other_parameters_are_kept(data_dir, vault,
                                                                         monkeypatch):
    vault.lock()
    cheaper_lanes = KdfParams(time_cost=1, memory_cost=8_192, parallelism=2)
    monkeypatch.setitem(KDF_UPGRADES, FAST_KDF, cheaper_lanes)
    with pytest.raises(WrongPassword):
        open_vault(data_dir, "arta", "wrong one")
    assert kdf_of(data_dir) == FAST_KDF
    open_vault(data_dir, "arta", PASSWORD).lock()
    assert kdf_of(data_dir) == cheaper_lanes
    assert list_vaults(data_dir)[0].failures == 0
    open_vault(data_dir, "arta", PASSWORD).lock()   # parameters not in the table stay
    assert kdf_of(data_dir) == cheaper_lanes


def test_short_password_is_refused(data_dir):
    with pytest.raises(Exception, match="at least 8 characters"):
        create_vault(data_dir, "ilir", "short", kdf=FAST_KDF)


def test_vault_from_a_newer_version_is_refused_untouched(data_dir, vault):
    add_person(vault)
    key = bytes(vault._key)
    vault.lock()
    engine = make_engine(vault.db_path, key)
    with engine.connect() as conn:
        conn.exec_driver_sql(f"PRAGMA user_version = {migrations.SCHEMA_VERSION + 1}")
        conn.commit()
    engine.dispose()
    before = digest(vault.db_path)
    with pytest.raises(VaultTooNew, match="newer version"):
        open_vault(data_dir, "arta", PASSWORD)
    assert digest(vault.db_path) == before


@pytest.mark.parametrize("damage", ["truncate", "garbage", "empty"])
def test_damaged_vault_file_is_a_clear_error_and_left_byte_identical(data_dir, vault, damage):
    for n in range(200):
        add_person(vault, f"Person{n}")
    vault.lock()
    data = vault.db_path.read_bytes()
    if damage == "truncate":
        vault.db_path.write_bytes(data[: len(data) // 2])
    elif damage == "garbage":
        garbage = (b"\x00garbage" * (len(data) // 8 + 1))[: len(data) - 4096]
        vault.db_path.write_bytes(data[:4096] + garbage)
    else:
        vault.db_path.write_bytes(b"")
    before = digest(vault.db_path)
    with pytest.raises(VaultCorrupt, match="damaged"):
        reopened = open_vault(data_dir, "arta", PASSWORD)
        reopened.store.query("person")
        reopened.lock()
    assert digest(vault.db_path) == before


def test_damaged_key_file_is_a_clear_error(data_dir, vault):
    vault.lock()
    (vault.folder / "key.json").write_text("{not json")
    with pytest.raises(VaultCorrupt, match="key file"):
        open_vault(data_dir, "arta", PASSWORD)


def test_migration_backs_up_the_file_first(data_dir, vault, monkeypatch):
    add_person(vault)
    vault.lock()
    extra_step = ["CREATE TABLE later_feature (id INTEGER PRIMARY KEY)"]
    shipped = len(migrations.STEPS)
    monkeypatch.setattr(migrations, "STEPS", [*migrations.STEPS, extra_step])
    monkeypatch.setattr(migrations, "SCHEMA_VERSION", len(migrations.STEPS))
    reopened = open_vault(data_dir, "arta", PASSWORD)
    with reopened.store.reading() as conn:
        assert conn.exec_driver_sql("PRAGMA user_version").scalar_one() == shipped + 1
        conn.exec_driver_sql("SELECT count(*) FROM later_feature").scalar_one()
    assert reopened.store.count("person") == 1
    reopened.lock()
    assert (vault.folder / f"vault.db.v{shipped}.bak").exists()


def test_wipe_removes_the_vault(data_dir, vault):
    vault.lock()
    wipe_vault(data_dir, "arta")
    assert list_vaults(data_dir) == []
    with pytest.raises(NoSuchVault):
        open_vault(data_dir, "arta", PASSWORD)


def test_every_connection_keeps_a_bounded_page_cache(vault):
    """Each connection keeps its own cache of decrypted pages: a bounded one, so that a vault
    of 100,000 cases open with several connections stays within a laptop's memory."""
    from desktop.core.vault import CACHE_KIB

    assert CACHE_KIB <= 64 * 1024
    with vault.store.reading() as conn:
        assert conn.exec_driver_sql("PRAGMA cache_size").scalar_one() == -CACHE_KIB
        with vault.store.reading() as other:  # a second one (nested reads) alike
            assert other.exec_driver_sql("PRAGMA cache_size").scalar_one() == -CACHE_KIB
