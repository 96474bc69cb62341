"""Database connections: PostgreSQL in production, SQLite as the embedded default.

The embedded SQLite database is a SQLCipher file encrypted under a random 256-bit key. The
key is read from the ``KUJDES_SERVER_DB_KEY`` environment variable (64 hex digits) or from the
key file beside the database (``<database>.key``, mode 0600), which ``kujdes-server init``
creates. The database's folder is 0700 and its files 0600.
"""

from __future__ import annotations

import json
import os
import secrets
import time
from pathlib import Path
from typing import Any

import sqlcipher3
from sqlalchemy import Engine, create_engine, event, inspect
from sqlalchemy.engine import make_url
from sqlalchemy.exc import DisconnectionError
from sqlalchemy.orm import Session, sessionmaker
from sqlalchemy.pool import QueuePool

MIGRATIONS_DIR = Path(__file__).resolve().parent / "migrations"
KEY_ENV = "KUJDES_SERVER_DB_KEY"
KEY_SUFFIX = ".key"
_PLAIN_HEADER = b"SQLite format 3\x00"
IDLE_PING_S = 10.0  # a pooled connection idle this long is tested before use


class DatabaseKeyError(RuntimeError):
    """The embedded database cannot be opened: its key is missing or wrong, or it is plain."""


def default_db_url() -> str:
    import platformdirs

    data = Path(platformdirs.user_data_dir("kujdes-server", appauthor=False))
    data.mkdir(parents=True, exist_ok=True)
    data.chmod(0o700)
    return f"sqlite:///{data / 'kujdes-server.db'}"


def normalise_url(url: str) -> str:
    """Accept ``postgresql://`` and a bare path; use psycopg 3 for PostgreSQL."""
    if url.startswith("postgresql://") or url.startswith("postgres://"):
        return "postgresql+psycopg://" + url.split("://", 1)[1]
    if "://" not in url:
        return f"sqlite:///{Path(url).resolve()}"
    return url


def sqlite_path(url: str) -> Path | None:
    """The file of a SQLite URL (None for PostgreSQL)."""
    parsed = make_url(normalise_url(url))
    if parsed.get_backend_name() != "sqlite" or not parsed.database:
        return None
    return Path(parsed.database).resolve()


def key_file(path: Path) -> Path:
    return path.with_name(path.name + KEY_SUFFIX)


def read_key(path: Path) -> bytes | None:
    """The database key from the environment or the key file; None when there is none."""
    text = os.environ.get(KEY_ENV)
    source = KEY_ENV
    if not text and key_file(path).is_file():
        text = key_file(path).read_text(encoding="ascii").strip()
        source = str(key_file(path))
    if not text:
        return None
    try:
        key = bytes.fromhex(text.strip())
    except ValueError:
        key = b""
    if len(key) != 32:
        raise DatabaseKeyError(f"The database key in {source} is not 64 hex digits.")
    return key


def create_key(path: Path) -> bytes:
    """A new random key, written to the 0600 key file beside the database."""
    key = secrets.token_bytes(32)
    target = key_file(path)
    fd = os.open(target, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "w", encoding="ascii") as fh:
        fh.write(key.hex() + "\n")
    return key


def is_plaintext(path: Path) -> bool:
    if not path.is_file() or path.stat().st_size < len(_PLAIN_HEADER):
        return False
    with path.open("rb") as fh:
        return fh.read(len(_PLAIN_HEADER)) == _PLAIN_HEADER


def protect(path: Path) -> None:
    """The database's folder 0700 and its files (database, WAL, key) 0600."""
    path.parent.chmod(0o700)
    for suffix in ("", "-wal", "-shm", "-journal", KEY_SUFFIX):
        part = path.with_name(path.name + suffix)
        if part.exists():
            part.chmod(0o600)


def _open(path: Path, key: bytes) -> sqlcipher3.Connection:
    conn = sqlcipher3.connect(str(path), check_same_thread=False, isolation_level=None,
                              timeout=30)
    conn.execute("PRAGMA cipher_log_level = NONE")
    conn.execute(f"PRAGMA key = \"x'{key.hex()}'\"")
    return conn


def encrypt_plaintext(path: Path) -> None:
    """Encrypt a plain SQLite server database in place under a new key file (``init``).

    The encrypted copy is written beside it and renamed over it; the plain file's WAL is
    checkpointed first so nothing is left behind.
    """
    key = read_key(path) or create_key(path)  # a key left by an interrupted run is reused
    temp = path.with_name(path.name + ".encrypting")
    temp.unlink(missing_ok=True)
    plain = sqlcipher3.connect(str(path), isolation_level=None)
    try:
        plain.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        version = plain.execute("PRAGMA user_version").fetchone()[0]
        plain.execute(f"ATTACH DATABASE ? AS encrypted KEY \"x'{key.hex()}'\"", (str(temp),))
        plain.execute("SELECT sqlcipher_export('encrypted')")
        plain.execute(f"PRAGMA encrypted.user_version = {int(version)}")
        plain.execute("DETACH DATABASE encrypted")
        plain.execute("PRAGMA journal_mode = DELETE")
    finally:
        plain.close()
    temp.chmod(0o600)
    os.replace(temp, path)
    for suffix in ("-wal", "-shm"):
        path.with_name(path.name + suffix).unlink(missing_ok=True)


def prepare_sqlite(url: str, *, create: bool) -> None:
    """Make sure the embedded database is encrypted and private.

    ``create`` (``kujdes-server init``): make the folder and the key if needed, and encrypt a
    plain database left by an older version. Otherwise a missing key or a plain file is
    refused with a sentence saying what to do.
    """
    path = sqlite_path(url)
    if path is None:
        return
    if create:
        path.parent.mkdir(parents=True, exist_ok=True)
        if is_plaintext(path):
            encrypt_plaintext(path)
        elif read_key(path) is None:
            if path.exists() and path.stat().st_size:
                raise DatabaseKeyError(f"The key of the server database {path} is missing: put "
                                       f"its key file at {key_file(path)} or set {KEY_ENV}.")
            create_key(path)
        protect(path)
        return
    if is_plaintext(path):
        raise DatabaseKeyError(f"The server database {path} is not encrypted. Run "
                               "'kujdes-server init --municipality NAME' once to encrypt it "
                               "(its records are kept).")
    if read_key(path) is None:
        raise DatabaseKeyError(f"The key of the server database {path} is missing: put its key "
                               f"file at {key_file(path)} or set {KEY_ENV}, or run "
                               "'kujdes-server init --municipality NAME' for a new database.")


def _json_text(value: object) -> str:
    """Records' fields as stored: compact UTF-8 JSON (a pull sends the stored text as it is)."""
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


def _ping_when_idle(engine: Engine) -> None:
    """Test a pooled connection before use when it has been idle for ``IDLE_PING_S``: a
    connection the database dropped meanwhile (a restart) is replaced, not handed out. A busy
    server reuses connections idle for milliseconds, which ``pool_pre_ping`` would test on
    every checkout at a round trip each."""

    @event.listens_for(engine, "checkin")
    def _checkin(_dbapi: Any, record: Any) -> None:
        record.info["idle_since"] = time.monotonic()

    @event.listens_for(engine, "checkout")
    def _checkout(dbapi: Any, record: Any, _proxy: Any) -> None:
        since = record.info.get("idle_since")
        if since is None or time.monotonic() - since < IDLE_PING_S:
            return
        try:
            cursor = dbapi.cursor()
            cursor.execute("SELECT 1")
            cursor.close()
            dbapi.rollback()
        except Exception as exc:
            raise DisconnectionError() from exc  # the pool opens a new connection


def make_engine(url: str, *, immediate: bool = True, autocommit: bool = False) -> Engine:
    """An engine; on SQLite, ``immediate`` makes every transaction take the write lock first
    (for writers: no lock upgrade that could fail), otherwise reads run beside a writer. On
    PostgreSQL, ``autocommit`` runs every statement on its own (its connections are set so
    once, not on every checkout as an execution option would)."""
    url = normalise_url(url)
    path = sqlite_path(url)
    if path is None:
        extra = {"isolation_level": "AUTOCOMMIT"} if autocommit else {}
        engine = create_engine(url, pool_size=10, max_overflow=20, json_serializer=_json_text,
                               **extra)
        _ping_when_idle(engine)
        return engine
    prepare_sqlite(url, create=False)
    key = read_key(path)
    assert key is not None

    def creator() -> sqlcipher3.Connection:
        conn = _open(path, key)
        try:
            conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
        except sqlcipher3.DatabaseError as exc:
            conn.close()
            raise DatabaseKeyError(f"The server database {path} cannot be opened with its key "
                                   "(wrong key, or not a Kujdes server database).") from exc
        conn.execute("PRAGMA journal_mode=WAL")
        conn.execute("PRAGMA busy_timeout=30000")
        conn.execute("PRAGMA synchronous=NORMAL")
        conn.execute("PRAGMA temp_store=MEMORY")
        return conn

    # A pool of file connections shared by threads (the default for a "sqlite://" URL would be
    # one in-memory connection per thread).
    engine = create_engine("sqlite://", module=sqlcipher3.dbapi2, creator=creator,
                           poolclass=QueuePool, pool_size=5, max_overflow=20,
                           json_serializer=_json_text)

    @event.listens_for(engine, "begin")
    def _begin(conn) -> None:  # type: ignore[no-untyped-def]
        conn.exec_driver_sql("BEGIN IMMEDIATE" if immediate else "BEGIN")

    return engine


def session_factory(engine: Engine) -> sessionmaker[Session]:
    return sessionmaker(engine, expire_on_commit=False)


def is_postgres(engine: Engine) -> bool:
    return engine.dialect.name == "postgresql"


def alembic_config(url: str):  # type: ignore[no-untyped-def]
    from alembic.config import Config

    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS_DIR))
    cfg.set_main_option("sqlalchemy.url", normalise_url(url).replace("%", "%%"))
    return cfg


def upgrade(url: str) -> None:
    """Bring the database schema to the newest migration."""
    from alembic import command

    engine = make_engine(url)
    try:
        with engine.begin() as conn:
            cfg = alembic_config(url)
            cfg.attributes["connection"] = conn
            command.upgrade(cfg, "head")
    finally:
        engine.dispose()
    path = sqlite_path(url)
    if path is not None:
        protect(path)


def schema_is_current(engine: Engine) -> bool:
    from alembic.runtime.migration import MigrationContext
    from alembic.script import ScriptDirectory

    if not inspect(engine).has_table("alembic_version"):
        return False
    with engine.connect() as conn:
        current = MigrationContext.configure(conn).get_current_revision()
    head = ScriptDirectory.from_config(alembic_config(str(engine.url))).get_current_head()
    return current == head
