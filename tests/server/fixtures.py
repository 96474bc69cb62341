"""Fixtures for server and sync tests: a real server on 127.0.0.1 over SQLite or PostgreSQL.

Imported by tests/server/conftest.py and tests/sync/conftest.py. Test data is synthetic.
"""

from __future__ import annotations

import json
import shutil
import sys
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from argon2 import PasswordHasher

from sync.client import SyncClient
from sync.ids import uuid7
from sync.server import admin
from sync.server.auth import LoginLimits, use_hasher
from sync.server.db import key_file
from sync.server.embedded import EmbeddedServer, start_embedded_server
from sync.server.replies import json_reply
from sync.server.schemas import PullReply
from tests.pg import PgCluster, start_cluster, stop_cluster
from tests.sync.memreplica import MemReplica

ROOT = Path(__file__).resolve().parents[2]
VILLAGES = ROOT / "resources" / "places" / "villages_demo.csv"
MUNICIPALITY = "Pukë"
PASSWORD = "synthetic-pass-1"
# Argon2id with cheap parameters, so the suite does not spend minutes hashing.
use_hasher(PasswordHasher(time_cost=1, memory_cost=8192, parallelism=1))
TEST_LIMITS = LoginLimits(max_failures_per_user=5, max_failures_per_address=1000,
                          window_seconds=600)

# username → (role, units)
USERS: dict[str, tuple[str, list[str]]] = {
    "sw_qerret": ("social_worker", ["Qerret"]),
    "sw_qerret2": ("social_worker", ["Qerret"]),
    "sw_rrape": ("social_worker", ["Rrapë"]),
    "dv_coord": ("dv_coordinator", []),
    "head": ("head_of_unit", []),
    "inspector": ("inspector", []),
}


@pytest.fixture(scope="session")
def pg_cluster() -> Iterator[PgCluster]:
    cluster = start_cluster()
    yield cluster
    stop_cluster(cluster)


def prepare_db(url: str) -> str:
    admin.init(url, MUNICIPALITY, "AL")
    admin.import_places(url, VILLAGES)
    for username, (role, units) in USERS.items():
        admin.add_user(url, username, f"Test {username}", role, units, PASSWORD)
    return url


@pytest.fixture(scope="session")
def sqlite_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("template") / "server.db"
    prepare_db(f"sqlite:///{path}")
    return path


@pytest.fixture(scope="session")
def pg_template(pg_cluster: PgCluster) -> str:
    url = prepare_db(pg_cluster.create_database("template"))
    return url.split("/")[3].split("?")[0]


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def db_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """A fresh server database with the municipality, its villages and the test users."""
    if request.param == "sqlite":
        path = tmp_path / "server.db"
        template = request.getfixturevalue("sqlite_template")
        shutil.copyfile(template, path)
        shutil.copyfile(key_file(template), key_file(path))
        return f"sqlite:///{path}"
    template = request.getfixturevalue("pg_template")
    return request.getfixturevalue("pg_cluster").create_database(template=template)


@dataclass
class World:
    db_url: str
    server: EmbeddedServer
    folder: Path
    devices: list[tuple[Any, SyncClient]] = field(default_factory=list)

    @property
    def url(self) -> str:
        return self.server.url

    def __repr__(self) -> str:
        return f"World({self.url})"

    def device(self, username: str, url: str | None = None,
               kind: str = "vault") -> tuple[Any, SyncClient]:
        """A fresh laptop signed in as ``username`` (optionally through a proxy URL): a real
        encrypted vault, or (``kind="memory"``) the small in-memory laptop."""
        if kind == "vault":
            from tests.sync.vaultlaptop import VaultLaptop

            laptop: Any = VaultLaptop.make(self.folder, username, PASSWORD)
            device_id = laptop.device
        else:
            device_id = f"dev-{uuid7()}"
            laptop = MemReplica(username, device_id)
        client = SyncClient(url or self.url, device_id)
        client.hello()
        client.login(username, PASSWORD, "test laptop")
        self.devices.append((laptop, client))
        return laptop, client

    def close(self) -> None:
        for laptop, _client in self.devices:
            vault = getattr(laptop, "vault", None)
            if vault is not None:
                vault.lock()


@pytest.fixture
def world(db_url: str, tmp_path: Path) -> Iterator[World]:
    # The server runs in a thread of the test process: switch threads often, or every request
    # waits for the interpreter lock (a separate process would not need this).
    interval = sys.getswitchinterval()
    sys.setswitchinterval(0.0002)
    server = start_embedded_server(db_url, limits=TEST_LIMITS)
    world = World(db_url, server, tmp_path / "laptops")
    yield world
    world.close()
    server.stop()
    sys.setswitchinterval(interval)


# -- synthetic records ----------------------------------------------------------------------

def person_fields(unit: str, n: int = 0, **extra: Any) -> dict[str, Any]:
    return {"first_name": f"Emri{n}", "last_name": f"Mbiemri{n}", "sex": "F",
            "administrative_unit": unit, **extra}


def case_fields(person_id: str, unit: str, case_type: str = "social_care", n: int = 0,
                **extra: Any) -> dict[str, Any]:
    return {"case_number": f"T-{n:04d}", "person_id": person_id, "case_type": case_type,
            "status": "open", "opened_on": "2026-03-01", "municipality": MUNICIPALITY,
            "administrative_unit": unit, **extra}


def new_case(replica: Any, unit: str, case_type: str = "social_care",
             n: int = 0) -> tuple[str, str]:
    """A person and their case, made offline on ``replica``; returns (person id, case id)."""
    pid = replica.create("person", person_fields(unit, n))
    cid = replica.create("case", case_fields(pid, unit, case_type, n))
    return pid, cid


def visit_fields(case_id: str, text: str = "Vizitë rutinë") -> dict[str, Any]:
    return {"case_id": case_id, "visit_date": "2026-03-02", "protocol": "routine",
            "observations": text}


def sent_records(page: dict[str, Any]) -> list[dict[str, Any]]:
    """The records of a pull page as the reply sends them (decoded JSON)."""
    return list(json.loads(json_reply(page, PullReply).body)["records"])
