"""The served OpenAPI schema holds: generated requests against a real server process give no
server error, and every answer (code, content type, body) is what the schema says."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
import requests
import schemathesis
from hypothesis import HealthCheck, given, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from sync.protocol import DEVICE_HEADER, PROTOCOL_HEADER, PROTOCOL_MAX
from sync.server.embedded import free_port
from tests.server.fixtures import PASSWORD, prepare_db

ROOT = Path(__file__).resolve().parents[2]
DEVICE = "dev-schemathesis-0001"
# Examples per operation; a sign-in costs a real Argon2id hash on the server, so fewer.
EXAMPLES = {"/api/login": 5}
CHECKS = [not_a_server_error, status_code_conformance, content_type_conformance,
          response_headers_conformance, response_schema_conformance]


def _answers(base: str) -> bool:
    try:
        return requests.get(base + "/api/hello", timeout=1).ok
    except requests.ConnectionError:
        return False


@pytest.fixture(scope="module")
def served(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """``kujdes-server serve`` in its own process on 127.0.0.1, over a prepared database."""
    folder = tmp_path_factory.mktemp("schemathesis")
    url = prepare_db(f"sqlite:///{folder / 'server.db'}")
    port = free_port()
    proc = subprocess.Popen([sys.executable, "-m", "sync.server.cli", "serve", "--db", url,
                             "--port", str(port), "--log-level", "warning"], cwd=ROOT,
                            env={**os.environ, "PYTHONPATH": str(ROOT)},
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 30
    while not _answers(base):
        if proc.poll() is not None or time.monotonic() > deadline:
            proc.kill()
            raise RuntimeError(f"the server did not start: {proc.stderr.read()!r}")  # type: ignore[union-attr]
        time.sleep(0.1)
    yield base
    proc.terminate()
    proc.wait(timeout=10)
    assert proc.returncode in (0, -15)


@pytest.fixture(scope="module")
def signed_in(served: str) -> dict[str, str]:
    reply = requests.post(served + "/api/login", json={
        "username": "head", "password": PASSWORD, "device_id": DEVICE,
        "device_name": "schema checks"}, headers={PROTOCOL_HEADER: str(PROTOCOL_MAX)},
        timeout=30)
    reply.raise_for_status()
    return {"Authorization": f"Bearer {reply.json()['token']}", DEVICE_HEADER: DEVICE,
            PROTOCOL_HEADER: str(PROTOCOL_MAX)}


def _checker(operation: object, headers: dict[str, str], examples: int) -> object:
    @given(case=operation.as_strategy())  # type: ignore[attr-defined]
    @settings(max_examples=examples, deadline=None, derandomize=True, database=None,
              suppress_health_check=list(HealthCheck))
    def check(case: schemathesis.Case) -> None:
        case.call_and_validate(headers=headers, checks=CHECKS)

    return check


def test_the_api_keeps_to_its_published_schema(served: str,
                                               signed_in: dict[str, str]) -> None:
    schema = schemathesis.openapi.from_url(served + "/openapi.json")
    operations = [result.ok() for result in schema.get_all_operations()]
    assert len(operations) >= 12
    failures = []
    for operation in operations:
        headers = signed_in if operation.path != "/api/logout" else {
            **signed_in, "Authorization": "Bearer not-this-session"}  # keep the session
        try:
            _checker(operation, headers, EXAMPLES.get(operation.path, 15))()  # type: ignore[operator]
        except Exception as exc:  # noqa: BLE001 - every operation's failures are reported
            failures.append(f"{operation.method.upper()} {operation.path}: {exc}")
    assert failures == []
