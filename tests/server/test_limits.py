"""Limits and strictness: body sizes, types, headers, idle sessions."""

from __future__ import annotations

import gzip
import time
from collections.abc import Iterator

import pytest
import requests

from sync.client import AuthError, SyncClient
from sync.protocol import DEVICE_HEADER, MAX_BODY_BYTES, PROTOCOL_HEADER, encode_body
from sync.server.auth import LoginLimits
from sync.server.embedded import start_embedded_server
from tests.server.fixtures import PASSWORD, TEST_LIMITS, World

TOO_LARGE = "larger than 32 MiB"


def _headers(client: SyncClient, **extra: str) -> dict[str, str]:
    return {PROTOCOL_HEADER: "1", "Authorization": f"Bearer {client.token}",
            DEVICE_HEADER: client.device_id, "Content-Type": "application/json", **extra}


def test_a_plain_body_over_32_mib_is_refused_with_413(world: World) -> None:
    _, client = world.device("sw_qerret", kind="memory")
    field = "x" * (MAX_BODY_BYTES + 10)
    body = ('{"cursor": 0, "limit": 10, "note": "' + field + '"}').encode()
    resp = requests.post(world.url + "/api/pull", data=body, headers=_headers(client),
                         timeout=60)
    assert resp.status_code == 413
    assert TOO_LARGE in resp.json()["message"] and "once decompressed" not in resp.text

    def chunks() -> Iterator[bytes]:  # no Content-Length: counted as it arrives
        yield b'{"cursor": 0, "note": "'
        for _ in range(MAX_BODY_BYTES // (1 << 20) + 2):
            yield b"y" * (1 << 20)
        yield b'"}'

    resp = requests.post(world.url + "/api/push", data=chunks(), headers=_headers(client),
                         timeout=60)
    assert resp.status_code == 413 and TOO_LARGE in resp.json()["message"]


def test_a_gzip_bomb_is_refused_with_its_own_message(world: World) -> None:
    _, client = world.device("sw_qerret", kind="memory")
    bomb = gzip.compress(b'{"changes": [], "x": "' + b"0" * (40 << 20) + b'"}', 9)
    assert len(bomb) < 100_000
    resp = requests.post(world.url + "/api/push", data=bomb,
                         headers=_headers(client, **{"Content-Encoding": "gzip"}), timeout=60)
    assert resp.status_code == 413
    assert "larger than 32 MiB once decompressed" in resp.json()["message"]


CHANGE = {"change_id": "01a0", "record_id": "01a1", "record_type": "case", "base_rev": 0,
          "fields": {}, "hlc": "1764000000000-0000-abcdef12", "user": "sw_qerret",
          "device": "d", "deleted": False, "created": True}


@pytest.mark.parametrize("path,body,where", [
    ("/api/pull", {"cursor": False}, "cursor"),
    ("/api/pull", {"limit": "10"}, "limit"),
    ("/api/pull", {"cursor": 1.0}, "cursor"),
    ("/api/push", {"changes": [{**CHANGE, "created": 0}]}, "created"),
    ("/api/push", {"changes": [{**CHANGE, "base_rev": True}]}, "base_rev"),
    ("/api/push", {"changes": [{**CHANGE, "hlc": "0" * 24}]}, "hlc"),
    ("/api/records", {"ids": "01a1"}, "ids"),
], ids=["cursor-false", "limit-string", "cursor-float", "created-0", "rev-true", "hlc-zero",
        "ids-string"])
def test_mistyped_fields_are_refused_not_converted(world: World, path: str, body: dict,
                                                   where: str) -> None:
    _, client = world.device("sw_qerret", kind="memory")
    resp = requests.post(world.url + path, data=encode_body(body),
                         headers=_headers(client, **{"Content-Encoding": "gzip"}), timeout=10)
    assert resp.status_code == 422
    assert where in resp.json()["message"]


def test_a_token_without_its_device_header_is_refused(world: World) -> None:
    _, client = world.device("sw_qerret", kind="memory")
    headers = _headers(client)
    del headers[DEVICE_HEADER]
    resp = requests.post(world.url + "/api/pull", json={}, headers=headers, timeout=10)
    assert resp.status_code == 400
    assert resp.json()["message"] == ("Send this laptop's device id in the Kujdes-Device header "
                                      "with its token.")
    headers[DEVICE_HEADER] = "another-laptop"
    resp = requests.get(world.url + "/api/me", headers=headers, timeout=10)
    assert resp.status_code == 401 and "another device" in resp.json()["message"]


def test_every_code_the_api_answers_is_in_its_schema(world: World) -> None:
    schema = requests.get(world.url + "/openapi.json", timeout=10).json()
    login = schema["paths"]["/api/login"]["post"]["responses"]
    assert {"200", "400", "401", "403", "413", "422", "426", "429"} <= set(login)
    assert login["422"]["content"]["application/json"]["schema"]["$ref"].endswith(
        "ErrorReply")
    upload = schema["paths"]["/api/blobs/{sha}"]["put"]["responses"]
    assert {"404", "409", "413"} <= set(upload)
    client = SyncClient(world.url, "dev-rate-limited-laptop")
    codes = set()
    for _ in range(6):
        codes.add(requests.post(world.url + "/api/login", json={
            "username": "sw_rrape", "password": "wrong-password", "device_id": "dev-12345678"},
            headers={PROTOCOL_HEADER: "1"}, timeout=10).status_code)
    assert codes == {401, 429}
    assert client.device_id


def test_a_session_unused_for_the_idle_time_must_sign_in_again(world: World) -> None:
    short = start_embedded_server(world.db_url, limits=LoginLimits(
        **{**TEST_LIMITS.__dict__, "token_idle_seconds": 3}))
    try:
        client = SyncClient(short.url, "dev-idle-laptop-1")
        client.hello()
        client.login("sw_qerret", PASSWORD, "idle laptop")
        for _ in range(3):  # in use: the idle time starts again at each request
            time.sleep(1)
            client.caseload()
        time.sleep(3.5)
        with pytest.raises(AuthError, match="ended after 3 seconds without use. Sign in again"):
            client.caseload()
        client.login("sw_qerret", PASSWORD, "idle laptop")
        assert client.caseload()["count"] >= 0
    finally:
        short.stop()
