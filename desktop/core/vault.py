"""Per-user encrypted vaults on a laptop.

Layout under the data directory::

    vaults/<user-folder>/key.json    wrapped data key, KDF parameters, failed attempts
    vaults/<user-folder>/vault.db    SQLCipher database (+ -wal, -shm while open)
    device.json                      this laptop's device id (shared by its vaults)

A failed open (wrong password, damaged file, newer format) never writes to ``vault.db``.
"""

from __future__ import annotations

import contextlib
import json
import os
import re
import secrets
import shutil
import threading
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING

from desktop.core.atomic import write_atomic
from desktop.core.errors import (
    KujdesError,
    NoSuchVault,
    TooSoon,
    VaultCorrupt,
    VaultDamaged,
    VaultExists,
    VaultIsLocked,
    VaultLockedOut,
    VaultTooNew,
    WrongPassword,
)
from desktop.core.i18n import fmt_number, set_country, tr
from desktop.core.keys import KDF_UPGRADES, KdfParams, KeyFile, new_data_key
from sync.profile import Profile, load_profile

if TYPE_CHECKING:  # SQLCipher, SQLAlchemy, the store and the migrations are imported on
    import sqlcipher3  # the first open: the unlock window only lists the vaults
    from sqlalchemy import Engine

    from desktop.core.store import Store

MAX_FAILURES = 10
MIN_PASSWORD_LENGTH = 8
Clock = Callable[[], float]


def retry_delay(failures: int) -> int:
    """Seconds to wait after ``failures`` wrong passwords: none for the first two, then doubling."""
    if failures < 3:
        return 0
    return min(2 ** (failures - 2), 300)


@dataclass(frozen=True)
class VaultInfo:
    user: str
    folder: Path
    locked_out: bool
    failures: int


def user_folder_name(user: str) -> str:
    slug = re.sub(r"[^a-z0-9._-]+", "_", user.strip().lower()).strip("._") or "user"
    return slug[:64]


def vaults_dir(data_dir: Path) -> Path:
    return Path(data_dir) / "vaults"


def vault_folder(data_dir: Path, user: str) -> Path:
    return vaults_dir(data_dir) / user_folder_name(user)


def list_vaults(data_dir: Path) -> list[VaultInfo]:
    """The vaults on this laptop, by user name."""
    found = []
    root = vaults_dir(data_dir)
    if not root.is_dir():
        return []
    for folder in sorted(root.iterdir()):
        keyfile_path = folder / "key.json"
        if not keyfile_path.is_file():
            continue
        try:
            keyfile = KeyFile.load(keyfile_path)
        except VaultCorrupt:
            continue
        found.append(VaultInfo(keyfile.user, folder, keyfile.locked_out, keyfile.failures))
    return sorted(found, key=lambda v: v.user.lower())


def device_id(data_dir: Path) -> str:
    """This laptop's device id, made once."""
    path = Path(data_dir) / "device.json"
    if path.exists():
        try:
            return json.loads(path.read_text())["device_id"]
        except (ValueError, KeyError):
            pass
    Path(data_dir).mkdir(parents=True, exist_ok=True)
    new_id = str(uuid.uuid4())
    write_atomic(path, json.dumps({"device_id": new_id}).encode())
    return new_id


class OpenVault:
    """An unlocked vault: its key is in memory until :meth:`lock`."""

    def __init__(self, data_dir: Path, folder: Path, keyfile: KeyFile, data_key: bytes,
                 profile: Profile) -> None:
        self.data_dir = Path(data_dir)
        self.folder = folder
        self.user = keyfile.user
        self.device_id = keyfile.device_id
        self.profile = profile
        set_country(profile.country)
        self._key = bytearray(data_key)
        from desktop.core.store import Store

        self.engine: Engine | None = make_engine(self.db_path, bytes(self._key))
        self._store: Store | None = Store(self.engine, profile, user=self.user,
                                          device=self.device_id)

    @property
    def db_path(self) -> Path:
        return self.folder / "vault.db"

    @property
    def store(self) -> Store:
        if self._store is None:
            raise VaultIsLocked()
        return self._store

    @property
    def is_locked(self) -> bool:
        return self._store is None

    def lock(self) -> None:
        """Close every connection and drop the key from memory."""
        if self.engine is not None:
            self.engine.dispose()
        self.engine = None
        self._store = None
        for i in range(len(self._key)):
            self._key[i] = 0

    close = lock

    def __enter__(self) -> OpenVault:
        return self

    def __exit__(self, *exc: object) -> None:
        self.lock()


# -- engine ----------------------------------------------------------------------------------

#: The page cache of one connection, KiB. 256 MiB kept Today's second reading 2x quicker than
#: 32 MiB on 100,000 cases but held 190 MB after a scroll of the case list and 530 MB with the
#: report's connection (bench/bench_cache.py prints both sides).
CACHE_KIB = 32 * 1024

def connect(path: Path, key: bytes | None) -> sqlcipher3.Connection:
    """A raw SQLCipher connection to a vault file (``key=None``: plain SQLite)."""
    import sqlcipher3

    conn = sqlcipher3.connect(str(path), check_same_thread=False, isolation_level=None)
    # SQLCipher's own log goes to stderr; errors reach the user as Kujdes errors instead.
    conn.execute("PRAGMA cipher_log_level = NONE")
    if key is not None:
        conn.execute(f"PRAGMA key = \"x'{key.hex()}'\"")
    conn.execute("PRAGMA busy_timeout = 10000")
    # A page read from disk must be decrypted; the cache keeps the pages a screen reads again
    # decrypted (in memory only). Each connection has its own: see CACHE_KIB.
    conn.execute(f"PRAGMA cache_size = -{CACHE_KIB}")
    # Sorting and temporary tables stay in memory: nothing decrypted reaches the disk.
    conn.execute("PRAGMA temp_store = MEMORY")
    return conn


def make_engine(path: Path, key: bytes | None) -> Engine:
    """A SQLAlchemy engine over the SQLCipher file (``key=None``: plain SQLite, for baselines)."""
    import sqlcipher3
    from sqlalchemy import create_engine
    from sqlalchemy.pool import QueuePool

    def creator() -> sqlcipher3.Connection:
        conn = connect(path, key)
        conn.execute("PRAGMA journal_mode = WAL")
        conn.execute("PRAGMA synchronous = FULL")
        return conn

    return create_engine("sqlite://", module=sqlcipher3.dbapi2, creator=creator,
                         poolclass=QueuePool, pool_size=3, max_overflow=5,
                         # the connection used last again: its cache holds what was just read,
                         # and the others stay cold instead of each filling a cache of its own
                         pool_use_lifo=True)


def probe(path: Path, key: bytes | None) -> int:
    """Read the vault's format version; damaged files raise.

    Opening a vault after a crash lets SQLite finish its own recovery: closing the probe's
    connection checkpoints the write-ahead log into the file and removes the log. That changes
    no record, but it changes the file's size, so the size is compared with the page count
    only after the connection is closed (comparing it with the size read before the open
    called a healthy vault damaged after every power cut during a sync).
    """
    import sqlcipher3

    if not path.is_file():
        raise VaultCorrupt(detail="the vault file is missing")
    size = path.stat().st_size
    if size == 0 or size % 1024:
        raise VaultCorrupt(detail="unexpected end of file")
    try:
        conn = connect(path, key)
        try:
            conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
            version = conn.execute("PRAGMA user_version").fetchone()[0]
            pages = int(conn.execute("PRAGMA page_count").fetchone()[0])
            page_size = int(conn.execute("PRAGMA page_size").fetchone()[0])
        finally:
            conn.close()
    except sqlcipher3.DatabaseError as exc:
        if "not a database" in str(exc):
            raise VaultCorrupt(detail="not a database or wrong key") from exc
        raise VaultDamaged(what=tr("the table of contents of the vault")) from exc
    except MemoryError as exc:  # SQLCipher's answer to a page that does not decrypt
        raise VaultDamaged(what=tr("the table of contents of the vault")) from exc
    if pages * page_size > path.stat().st_size and not _wal_in_use(path):
        raise VaultCorrupt(detail="unexpected end of file")
    return version


def _wal_in_use(path: Path) -> bool:
    """Whether the vault's write-ahead log still holds pages (another connection has it open)."""
    wal = path.with_name(path.name + "-wal")
    try:
        return wal.stat().st_size > 0
    except FileNotFoundError:
        return False


# -- lifecycle ---------------------------------------------------------------------------------

def create_vault(data_dir: Path, user: str, password: str, *, kdf: KdfParams | None = None,
                 country: str = "AL") -> OpenVault:
    """Make a new vault for ``user`` and return it unlocked."""
    if len(password) < MIN_PASSWORD_LENGTH:
        raise KujdesError("The password must have at least {n} characters.",
                          n=MIN_PASSWORD_LENGTH)
    folder = vault_folder(data_dir, user)
    if (folder / "key.json").exists():
        raise VaultExists(user=user)
    folder.mkdir(parents=True, exist_ok=True)
    _keep_private(folder)
    data_key = new_data_key()
    created = datetime.now(UTC).isoformat(timespec="seconds")
    keyfile = KeyFile.new(user, password, data_key, kdf or KdfParams(), device_id(data_dir),
                          created)
    keyfile.extra["country"] = country
    db_path = folder / "vault.db"
    for leftover in (db_path, db_path.with_name("vault.db-wal"),
                     db_path.with_name("vault.db-shm")):
        leftover.unlink(missing_ok=True)
    from desktop.core import migrations

    engine = make_engine(db_path, data_key)
    try:
        migrations.upgrade(engine, db_path)
    finally:
        engine.dispose()
    keyfile.save(folder / "key.json")
    return OpenVault(data_dir, folder, keyfile, data_key, load_profile(country))


def _keep_private(folder: Path) -> None:
    """Only the laptop account the vault belongs to may enter its folder (the files are
    encrypted, but a copy could be attacked offline). Windows keeps the per-user application
    data folder private already."""
    if os.name == "posix":
        folder.chmod(0o700)


def _load_keyfile(data_dir: Path, user: str) -> tuple[Path, KeyFile]:
    folder = vault_folder(data_dir, user)
    path = folder / "key.json"
    if not path.exists():
        raise NoSuchVault(user=user)
    return folder, KeyFile.load(path)


def unlock_key(data_dir: Path, user: str, password: str, *, clock: Clock = time.time
               ) -> tuple[Path, KeyFile, bytes]:
    """Check the password against the key file (counting failures); the data key if right."""
    folder, keyfile = _load_keyfile(data_dir, user)
    if keyfile.locked_out:
        raise VaultLockedOut()
    wait = retry_delay(keyfile.failures)
    if wait and keyfile.last_failure is not None:
        remaining = keyfile.last_failure + wait - clock()
        if remaining > 0:
            raise TooSoon(seconds=int(remaining) + 1)
    data_key = keyfile.unwrap(password)
    if data_key is None:
        keyfile.failures += 1
        keyfile.last_failure = clock()
        keyfile.locked_out = keyfile.failures >= MAX_FAILURES
        keyfile.save(folder / "key.json")
        if keyfile.locked_out:
            raise VaultLockedOut()
        raise WrongPassword(left=MAX_FAILURES - keyfile.failures)
    upgrade = KDF_UPGRADES.get(keyfile.kdf)
    if upgrade is not None:   # once per vault, on the unlocking thread
        keyfile.rewrap(password, data_key, upgrade)
    if keyfile.failures or upgrade is not None:
        keyfile.failures, keyfile.last_failure = 0, None
        keyfile.save(folder / "key.json")
    return folder, keyfile, data_key


def open_vault(data_dir: Path, user: str, password: str, *, clock: Clock = time.time
               ) -> OpenVault:
    """Unlock ``user``'s vault. Raises a :class:`KujdesError` with a clear message."""
    reading = _read_profile_aside(data_dir, user)
    try:
        folder, keyfile, data_key = unlock_key(data_dir, user, password, clock=clock)
    finally:
        if reading is not None:
            reading.join()
    return open_with_key(data_dir, folder, keyfile, data_key)


def vault_country(data_dir: Path, user: str) -> str | None:
    """The country of ``user``'s vault, from its key file (no key needed), or None."""
    try:
        return _country_of(_load_keyfile(data_dir, user)[1])
    except KujdesError:
        return None


def _country_of(keyfile: KeyFile) -> str:
    return str(keyfile.extra.get("country", "AL"))


def _read_profile_aside(data_dir: Path, user: str) -> threading.Thread | None:
    """Parse the vault's country profile (and the language's number formats, which the first
    screen shows) on another thread while Argon2 derives the key.

    Argon2 runs in C without Python's lock, so the profile (a third of a second of YAML the
    first time) and the formats (a tenth) wait for no other Python. Both are kept once
    read; an error is left for :func:`open_with_key` to raise in order.
    """
    try:
        _folder, keyfile = _load_keyfile(data_dir, user)
    except KujdesError:
        return None
    country = _country_of(keyfile)

    def read() -> None:
        with contextlib.suppress(Exception):
            load_profile(country)
            fmt_number(0)

    thread = threading.Thread(target=read, name="kujdes-profile", daemon=True)
    thread.start()
    return thread


def open_with_key(data_dir: Path, folder: Path, keyfile: KeyFile, data_key: bytes) -> OpenVault:
    from desktop.core import migrations

    db_path = folder / "vault.db"
    _keep_private(folder)  # vaults made before this was done get it here
    version = probe(db_path, data_key)
    if version > migrations.SCHEMA_VERSION:
        raise VaultTooNew(found=version, supported=migrations.SCHEMA_VERSION)
    if version < migrations.SCHEMA_VERSION:
        engine = make_engine(db_path, data_key)
        try:
            migrations.upgrade(engine, db_path)
        finally:
            engine.dispose()
    country = _country_of(keyfile)
    return OpenVault(data_dir, folder, keyfile, data_key, load_profile(country))


def change_password(data_dir: Path, user: str, old_password: str, new_password: str) -> None:
    """Rewrap the data key under a new password; the database is not touched."""
    if len(new_password) < MIN_PASSWORD_LENGTH:
        raise KujdesError("The password must have at least {n} characters.",
                          n=MIN_PASSWORD_LENGTH)
    folder, keyfile, data_key = unlock_key(data_dir, user, old_password)
    keyfile.rewrap(new_password, data_key)
    keyfile.save(folder / "key.json")


def reauthorise(data_dir: Path, user: str) -> None:
    """Lift the lockout after the server has confirmed who the user is."""
    folder, keyfile = _load_keyfile(data_dir, user)
    keyfile.failures, keyfile.last_failure, keyfile.locked_out = 0, None, False
    keyfile.save(folder / "key.json")


def wipe_vault(data_dir: Path, user: str) -> None:
    """Destroy a vault: overwrite the key file (the data key is gone), then remove the folder."""
    folder = vault_folder(data_dir, user)
    keyfile = folder / "key.json"
    if keyfile.exists():
        write_atomic(keyfile, secrets.token_bytes(keyfile.stat().st_size or 64))
    shutil.rmtree(folder, ignore_errors=True)
