"""A throwaway PostgreSQL cluster for the test session.

The cluster lives in a temporary folder owned by the ``postgres`` user (when the tests run as
root), listens only on a unix socket in that folder, on a free port number, and is stopped and
removed at the end. If PostgreSQL cannot run, the fixture fails: the PostgreSQL tests must go
red, never silently skip.
"""

from __future__ import annotations

import glob
import os
import shutil
import socket
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path

import psycopg


@dataclass
class PgCluster:
    folder: Path
    port: int
    counter: int = 0

    def url(self, dbname: str) -> str:
        return f"postgresql+psycopg://postgres@/{dbname}?host={self.folder}&port={self.port}"

    def create_database(self, prefix: str = "kujdes", template: str | None = None) -> str:
        """A new database (a copy of ``template`` if given); returns its URL."""
        self.counter += 1
        name = f"{prefix}_{os.getpid()}_{self.counter}"
        copy = f' TEMPLATE "{template}"' if template else ""
        with psycopg.connect(host=str(self.folder), port=self.port, user="postgres",
                             dbname="postgres", autocommit=True) as conn:
            conn.execute(f'CREATE DATABASE "{name}"{copy}')
        return self.url(name)


def _bin(name: str) -> str:
    found = shutil.which(name)
    if found:
        return found
    candidates = sorted(glob.glob(f"/usr/lib/postgresql/*/bin/{name}"))
    if not candidates:
        raise RuntimeError(f"PostgreSQL's {name} is not installed; PostgreSQL tests cannot run")
    return candidates[-1]


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _run(args: list[str], as_postgres: bool) -> None:
    if as_postgres:
        args = ["runuser", "-u", "postgres", "--", *args]
    done = subprocess.run(args, capture_output=True, text=True, timeout=120)
    if done.returncode != 0:
        raise RuntimeError(f"{' '.join(args)} failed:\n{done.stdout}\n{done.stderr}")


def start_cluster() -> PgCluster:
    as_root = os.geteuid() == 0
    folder = Path(tempfile.mkdtemp(prefix="kujdes-pg-"))
    if as_root:
        shutil.chown(folder, "postgres", "postgres")
    data = folder / "data"
    _run([_bin("initdb"), "-D", str(data), "-U", "postgres", "--auth=trust", "-E", "UTF8",
          "--no-sync"], as_root)
    port = _free_port()
    options = (f"-p {port} -k {folder} -c listen_addresses='' -c fsync=off "
               "-c synchronous_commit=off -c full_page_writes=off -c max_connections=200")
    _run([_bin("pg_ctl"), "-D", str(data), "-o", options, "-l", str(folder / "log"), "-w",
          "-t", "60", "start"], as_root)
    return PgCluster(folder, port)


def stop_cluster(cluster: PgCluster) -> None:
    as_root = os.geteuid() == 0
    try:
        _run([_bin("pg_ctl"), "-D", str(cluster.folder / "data"), "-m", "immediate", "-w",
              "stop"], as_root)
    finally:
        shutil.rmtree(cluster.folder, ignore_errors=True)
