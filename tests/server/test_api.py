"""The HTTP API: validation, versions, sign-in, revocation, idempotency, attachments."""

from __future__ import annotations

import gzip
import hashlib
import os

import pytest
import requests

import sync.client as client_module
from sync.client import AuthError, ProtocolError, RateLimited, RevokedError, SyncClient
from sync.protocol import PROTOCOL_HEADER, encode_body
from sync.server import admin
from tests.server.fixtures import PASSWORD, VILLAGES, World, new_case


def _auth_headers(client: SyncClient) -> dict[str, str]:
    return {PROTOCOL_HEADER: "1", "Authorization": f"Bearer {client.token}",
            "Kujdes-Device": client.device_id}


def test_openapi_schema_is_published(world: World) -> None:
    schema = requests.get(world.url + "/openapi.json", timeout=10).json()
    for path in ("/api/login", "/api/push", "/api/pull", "/api/caseload", "/api/hello"):
        assert path in schema["paths"]


@pytest.mark.parametrize("body,encoding", [
    (b"\x1f\x8b not gzip", "gzip"),
    (gzip.compress(b"{not json"), "gzip"),
    (gzip.compress(b"[1, 2]"), "gzip"),
    (encode_body({"changes": [{"change_id": "x"}]}), "gzip"),
    (encode_body({"changes": "all of them"}), "gzip"),
    (encode_body({"changes": [], "extra": 1}), "gzip"),
    (encode_body({"changes": [{"change_id": "1", "record_id": "2", "record_type": "case",
                               "base_rev": -1, "hlc": "x" * 30, "user": "u",
                               "device": "d"}]}), "gzip"),
    (b"{}", "br"),
    (gzip.compress(b"[" * 100_000 + b"]" * 100_000), "gzip"),
    (encode_body({"changes": [{"change_id": "1", "record_id": "2", "record_type": "case",
                               "base_rev": 2**70, "hlc": "x" * 30, "user": "u",
                               "device": "d"}]}), "gzip"),
], ids=["not-gzip", "not-json", "not-an-object", "missing-fields", "wrong-type",
        "unknown-key", "negative-rev", "unknown-encoding", "deep-nesting", "huge-rev"])
def test_bad_requests_get_a_clear_4xx_never_a_500(world: World, body: bytes,
                                                  encoding: str) -> None:
    _, client = world.device("sw_qerret")
    headers = {**_auth_headers(client), "Content-Encoding": encoding,
               "Content-Type": "application/json"}
    resp = requests.post(world.url + "/api/push", data=body, headers=headers, timeout=10)
    assert 400 <= resp.status_code < 500
    assert resp.json()["message"]


def test_oversized_batches_and_pages_are_refused(world: World) -> None:
    _, client = world.device("sw_qerret")
    headers = {**_auth_headers(client), "Content-Encoding": "gzip",
               "Content-Type": "application/json"}
    resp = requests.post(world.url + "/api/pull", data=encode_body({"limit": 10**6}),
                         headers=headers, timeout=10)
    assert resp.status_code == 422 and "limit" in resp.json()["message"]


def test_push_and_pull_check_the_token_of_a_valid_body(world: World) -> None:
    """Sign-in is checked with the work (after the body's schema): a valid body with no
    token, a wrong token or another laptop's device id is refused and nothing is stored; so
    is a body that does not follow the schema (401, not the schema's complaint), which gets
    422 only with a valid sign-in."""
    replica, client = world.device("sw_qerret")
    new_case(replica, "Qerret")
    changes = [e.change.to_json() for e in replica.outbox]
    good = _auth_headers(client)
    refused = [{PROTOCOL_HEADER: "1", "Kujdes-Device": client.device_id},
               {**good, "Authorization": "Bearer not-a-token"},
               {**good, "Kujdes-Device": "another-laptop-1"}]
    for headers in refused:
        for path, body in (("/api/push", {"changes": changes}), ("/api/pull", {"cursor": 0})):
            resp = requests.post(world.url + path, data=encode_body(body), timeout=10,
                                 headers={**headers, "Content-Encoding": "gzip",
                                          "Content-Type": "application/json"})
            assert resp.status_code == 401, (path, headers, resp.text)
            assert resp.json()["error"] == "token_invalid"
        for path, body in (("/api/push", {"changes": "none"}), ("/api/pull", {"cursor": -1})):
            resp = requests.post(world.url + path, data=encode_body(body), timeout=10,
                                 headers={**headers, "Content-Encoding": "gzip",
                                          "Content-Type": "application/json"})
            assert resp.status_code == 401, (path, headers, resp.text)
            assert "cursor" not in resp.text and "changes" not in resp.text
    for path, body in (("/api/push", {"changes": "none"}), ("/api/pull", {"cursor": -1})):
        resp = requests.post(world.url + path, data=encode_body(body), timeout=10,
                             headers={**good, "Content-Encoding": "gzip",
                                      "Content-Type": "application/json"})
        assert resp.status_code == 422, (path, resp.text)
    page = client.pull(0, 500)
    assert replica.outbox[0].change.record_id not in {r["id"] for r in page["records"]}


def test_a_too_old_client_gets_a_clear_message(world: World,
                                               monkeypatch: pytest.MonkeyPatch) -> None:
    resp = requests.post(world.url + "/api/login", json={}, headers={PROTOCOL_HEADER: "0"},
                         timeout=10)
    assert resp.status_code == 426
    assert "too old" in resp.json()["message"] and "Update Kujdes" in resp.json()["message"]
    monkeypatch.setattr(client_module, "PROTOCOL_MIN", 0)
    monkeypatch.setattr(client_module, "PROTOCOL_MAX", 0)
    old = SyncClient(world.url, "dev-old-laptop")
    with pytest.raises(ProtocolError, match="too old"):
        old.hello()
    old.version = 0
    with pytest.raises(ProtocolError, match="too old"):
        old.login("sw_qerret", PASSWORD, "old laptop")


def test_wrong_password_and_rate_limited_sign_in(world: World) -> None:
    client = SyncClient(world.url, "dev-guessing-laptop")
    for _ in range(5):
        with pytest.raises(AuthError, match="Wrong username or password"):
            client.login("sw_rrape", "not-the-password", "x")
    with pytest.raises(RateLimited, match="Too many failed sign-ins"):
        client.login("sw_rrape", PASSWORD, "x")
    with pytest.raises(AuthError):
        client.login("nobody", "whatever-it-is", "x")


def test_a_revoked_laptop_is_wiped_at_next_contact(world: World) -> None:
    replica, client = world.device("sw_qerret")
    new_case(replica, "Qerret")
    replica.sync(client)
    assert replica.records
    admin.revoke_device(world.db_url, client.device_id)
    with pytest.raises(RevokedError, match="revoked"):
        replica.sync(client)
    assert replica.wiped and not replica.records and not replica.outbox
    with pytest.raises(RevokedError):
        SyncClient(world.url, client.device_id).login("sw_qerret", PASSWORD, "x")


def test_a_disabled_user_is_wiped_at_next_contact(world: World) -> None:
    replica, client = world.device("sw_rrape")
    new_case(replica, "Rrapë")
    replica.sync(client)
    admin.disable_user(world.db_url, "sw_rrape")
    with pytest.raises(RevokedError, match="disabled"):
        replica.sync(client)
    assert replica.wiped and not replica.records


def test_a_change_sent_twice_is_applied_once_with_the_same_answer(world: World) -> None:
    replica, client = world.device("sw_qerret")
    _, case = new_case(replica, "Qerret")
    replica.sync(client)
    change = replica.update(case, {"risk_level": "high"})
    first = client.push([change.to_json()])
    second = client.push([change.to_json(), change.to_json()])
    assert second == first * 2
    other, oc = world.device("sw_qerret2")
    other.sync(oc)
    assert other.records[case].rev == first[0]["rev"]


def test_attachments_upload_in_chunks_resume_and_stay_in_scope(world: World,
                                                                monkeypatch) -> None:
    monkeypatch.setattr("sync.engine.BLOB_CHUNK", 64 * 1024)
    replica, client = world.device("sw_qerret")
    _, case = new_case(replica, "Qerret")
    content = os.urandom(300_000)
    sha = hashlib.sha256(content).hexdigest()
    replica.blobs[sha] = ("image/jpeg", content)
    replica.create("attachment", {"case_id": case, "sha256": sha, "mime": "image/jpeg",
                                  "size": len(content), "added_on": "2026-03-02"})
    replica.sync(client)
    # a cut upload: the first chunk arrived, the rest did not
    second = os.urandom(200_000)
    sha2 = hashlib.sha256(second).hexdigest()
    replica.blobs[sha2] = ("application/pdf", second)
    replica.create("attachment", {"case_id": case, "sha256": sha2, "mime": "application/pdf",
                                  "size": len(second), "added_on": "2026-03-02"})
    replica.mark_uploaded(sha2)  # not uploaded by the engine this time
    replica.sync(client)
    client.blob_upload(sha2, 0, len(second), second[:70_000])
    replica.unmark_uploaded(sha2)
    result = replica.sync(client)
    assert result.uploaded == 1
    colleague, cc = world.device("sw_qerret2")
    got = colleague.sync(cc)
    assert got.downloaded == 2
    assert colleague.blobs[sha][1] == content and colleague.blobs[sha2][1] == second
    stranger, sc = world.device("sw_rrape")
    stranger.sync(sc)
    assert sha not in stranger.blobs
    with pytest.raises(client_module.RequestRefused):
        sc.blob_download(sha, 0, 1000)


def test_admin_commands_from_the_shell(tmp_path) -> None:  # type: ignore[no-untyped-def]
    import subprocess
    import sys

    db = tmp_path / "cli.db"
    places = tmp_path / "services.csv"
    places.write_text("name,services,target_groups,capacity,municipality,administrative_unit,"
                      "address,phone,public\nQendra Ditore,day_centre;home_care,elderly,30,"
                      "Pukë,Pukë,Rr. e Shkollës,0690000000,yes\n", encoding="utf-8")

    def run(*args: str, stdin: str = "") -> subprocess.CompletedProcess[str]:
        return subprocess.run([sys.executable, "-m", "sync.server.cli", *args, "--db", str(db)],
                              input=stdin, capture_output=True, text=True, timeout=120)

    assert run("init", "--municipality", "Pukë").returncode == 0
    done = run("add-user", "--username", "besa", "--full-name", "Besa Test", "--role",
               "social_worker", "--units", "Qerret;Rrapë", "--password-stdin",
               stdin="long-enough-pw\n")
    assert done.returncode == 0, done.stderr
    bad = run("add-user", "--username", "x", "--full-name", "X", "--role", "wizard",
              "--password-stdin", stdin="long-enough-pw\n")
    assert bad.returncode == 2 and "unknown role" in bad.stderr
    assert "21 villages" in run("import-places", str(VILLAGES)).stdout
    assert "1 service providers" in run("import-services", str(places)).stdout
    assert run("disable-user", "--username", "besa").returncode == 0
    status = run("status")
    assert status.returncode == 0
    assert "besa" in status.stdout and "DISABLED" in status.stdout
    assert "open conflicts: 0" in status.stdout
    missing = run("revoke-device", "--device", "nope")
    assert missing.returncode == 2 and "no device" in missing.stderr
