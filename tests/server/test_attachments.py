"""Attachment content is reached through records one may see, never by naming its hash."""

from __future__ import annotations

import hashlib
import os
from typing import Any

import pytest
import requests

from sync.client import RequestRefused, SyncClient
from sync.protocol import DEVICE_HEADER, PROTOCOL_HEADER
from tests.server.fixtures import World, new_case


def _attach(replica: Any, case: str, content: bytes, size: int | None = None,
            hold: bool = True) -> str:
    sha = hashlib.sha256(content).hexdigest()
    if hold:
        replica.blobs[sha] = ("application/pdf", content)
    replica.create("attachment", {"case_id": case, "sha256": sha, "mime": "application/pdf",
                                  "size": len(content) if size is None else size,
                                  "added_on": "2026-03-02"})
    return sha


def _rejections(result: Any) -> list[str]:
    return [r["message"] for r in result.rejected]


def test_naming_another_cases_content_hash_gets_nothing(world: World) -> None:
    victim, vc = world.device("sw_qerret", kind="memory")
    _, vcase = new_case(victim, "Qerret")
    secret = b"%PDF synthetic signed plan " + os.urandom(5000)
    sha = _attach(victim, vcase, secret)
    assert victim.sync(vc).uploaded == 1

    thief, tc = world.device("sw_rrape", kind="memory")
    _, tcase = new_case(thief, "Rrapë", n=1)
    _attach(thief, tcase, secret, hold=False)
    result = thief.sync(tc)
    assert _rejections(result) == ["this attachment names content that was not uploaded from "
                                   "your account; attach the file again from the laptop that "
                                   "has it"]
    assert sha not in thief.blobs and not thief.partial.get(sha)
    with pytest.raises(RequestRefused, match="no attachment you may see"):
        tc.blob_download(sha, 0, 1000)
    with pytest.raises(RequestRefused):
        tc.blob_status(sha)


def test_a_record_pushed_before_the_owner_uploads_does_not_open_the_content(
        world: World) -> None:
    """The thief names the hash while the content is not on the server yet: the record is
    accepted (they would have to upload it all), but the owner's upload does not serve them."""
    victim, vc = world.device("sw_qerret", kind="memory")
    _, vcase = new_case(victim, "Qerret")
    secret = os.urandom(3000)
    sha = _attach(victim, vcase, secret)
    victim.mark_uploaded(sha)  # the records arrive, the content not yet
    victim.sync(vc)

    thief, tc = world.device("sw_rrape", kind="memory")
    _, tcase = new_case(thief, "Rrapë", n=1)
    _attach(thief, tcase, secret, hold=False)
    assert thief.sync(tc).rejected == []
    # garbage sent in the owner's place is kept apart and never completes the content
    with pytest.raises(RequestRefused, match="does not match"):
        tc.blob_upload(sha, 0, len(secret), os.urandom(len(secret)))

    victim.unmark_uploaded(sha)
    assert victim.sync(vc).uploaded == 1
    got = thief.sync(tc)
    assert got.downloaded == 0 and sha not in thief.blobs
    assert tc.blob_status(sha)["complete"] is False
    with pytest.raises(RequestRefused, match="no attachment you may see"):
        tc.blob_download(sha, 0, 1000)


def test_colleagues_who_see_the_case_get_it_and_may_attach_it_again(world: World) -> None:
    owner, oc = world.device("sw_qerret", kind="memory")
    _, case = new_case(owner, "Qerret")
    content = os.urandom(4000)
    sha = _attach(owner, case, content)
    owner.sync(oc)
    colleague, cc = world.device("sw_qerret2", kind="memory")
    assert colleague.sync(cc).downloaded == 1
    assert colleague.blobs[sha][1] == content
    # the same document attached to a second case of the colleague's: accepted
    _, own_case = new_case(colleague, "Qerret", n=2)
    _attach(colleague, own_case, content)
    assert colleague.sync(cc).rejected == []
    head, hc = world.device("head", kind="memory")
    head.sync(hc)
    assert head.blobs[sha][1] == content


def test_the_declared_size_must_be_the_contents_size(world: World) -> None:
    laptop, client = world.device("sw_qerret", kind="memory")
    _, case = new_case(laptop, "Qerret")
    content = os.urandom(2000)
    sha = _attach(laptop, case, content, size=999_999)
    laptop.mark_uploaded(sha)
    laptop.sync(client)
    with pytest.raises(RequestRefused, match="declares a size of 999999 bytes, not 2000"):
        client.blob_upload(sha, 0, len(content), content)
    # right size: uploaded; a second record on that content with a wrong size is rejected
    _, case2 = new_case(laptop, "Qerret", n=3)
    _attach(laptop, case2, content)
    laptop.unmark_uploaded(sha)
    assert laptop.sync(client).rejected == []
    assert client.blob_status(sha)["complete"] is True
    _, case3 = new_case(laptop, "Qerret", n=4)
    _attach(laptop, case3, content, size=1)
    assert _rejections(laptop.sync(client)) == [
        "the attachment declares a size of 1 bytes but its content has 2000 bytes"]


def test_blob_endpoints_need_the_device_header(world: World) -> None:
    _, client = world.device("sw_qerret", kind="memory")
    headers = {PROTOCOL_HEADER: "1", "Authorization": f"Bearer {client.token}"}
    resp = requests.get(f"{world.url}/api/blobs/{'a' * 64}", headers=headers, timeout=10)
    assert resp.status_code == 400 and DEVICE_HEADER in resp.json()["message"]
    assert isinstance(SyncClient, type)


def test_the_thiefs_vault_gets_no_byte_of_the_content(world: World) -> None:
    """The scenario as found, with real vaults: nothing of the content reaches the vault."""
    victim, vc = world.device("sw_qerret")
    _, vcase = new_case(victim, "Qerret")
    secret = os.urandom(2000)
    sha = _attach(victim, vcase, secret)
    assert victim.sync(vc).uploaded == 1
    thief, tc = world.device("sw_rrape")
    _, tcase = new_case(thief, "Rrapë", n=1)
    _attach(thief, tcase, secret, hold=False)
    result = thief.sync(tc)
    assert len(result.rejected) == 1 and result.downloaded == 0
    thief.sync(tc)
    with thief.store.reading() as conn:
        held = conn.exec_driver_sql("SELECT length(data) FROM blobs WHERE sha256 = ?",
                                    (sha,)).fetchall()
    assert held in ([], [(0,)], [(None,)])
