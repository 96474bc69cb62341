"""TLS between the laptop and the server: a real ``kujdes-server serve --tls-cert --tls-key``
process on 127.0.0.1 with a throwaway certificate authority, and the ``kujdes`` commands."""

from __future__ import annotations

import io
import json
import socket
from collections.abc import Iterator
from pathlib import Path

import pytest

from desktop.cli import main
from desktop.core.vault import open_vault
from sync.client import BadServerAddress, InsecureServer, SyncClient, check_server_url
from tests.server.fixtures import PASSWORD
from tests.sync.tls import Pki, https_server, make_pki, server_copy


@pytest.fixture
def pki(tmp_path: Path) -> Pki:
    return make_pki(tmp_path / "pki")


@pytest.fixture
def server_url(sqlite_template: Path, tmp_path: Path, pki: Pki) -> Iterator[str]:
    with https_server(server_copy(sqlite_template, tmp_path / "server"), pki) as url:
        yield url


@pytest.fixture
def config(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "config"
    folder.mkdir()
    monkeypatch.setenv("KUJDES_CONFIG_DIR", str(folder))
    return folder


def _kujdes(monkeypatch: pytest.MonkeyPatch, *args: str, language: str = "en") -> int:
    monkeypatch.setattr("sys.stdin", io.StringIO(PASSWORD + "\n"))
    return main(["--language", language, *args])


def _laptop(tmp_path: Path) -> list[str]:
    return ["--data-dir", str(tmp_path / "laptop"), "--user", "sw_qerret", "--password-stdin"]


def test_laptop_syncs_over_https_with_the_municipality_ca(
        server_url: str, pki: Pki, config: Path, tmp_path: Path,
        monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    (config / "settings.json").write_text(json.dumps({"ca_cert": str(pki.ca_cert)}))
    assert _kujdes(monkeypatch, "login", "--server", server_url, *_laptop(tmp_path)) == 0
    assert "Signed in as sw_qerret" in capsys.readouterr().out
    vault = open_vault(tmp_path / "laptop", "sw_qerret", PASSWORD)
    with vault:
        person = vault.store.create("person", {"first_name": "Drita", "last_name": "Kola",
                                               "sex": "F", "administrative_unit": "Qerret"})
    assert _kujdes(monkeypatch, "sync", *_laptop(tmp_path)) == 0
    assert "1 changes sent" in capsys.readouterr().out
    # The record reached the server: another laptop of the same unit receives it.
    other = SyncClient(server_url, "dev-tls-other", ca_cert=pki.ca_cert)
    other.hello()
    other.login("sw_qerret2", PASSWORD, "other laptop")
    received = other.pull(0, 500)["records"]
    assert person.id in {r["id"] for r in received}


def test_a_server_certificate_from_an_unknown_authority_is_refused(
        server_url: str, config: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    for language, words in (("en", "certificate could not be verified"),
                            ("sq", "ertifikata e serverit të bashkisë nuk u verifikua")):
        code = _kujdes(monkeypatch, "login", "--server", server_url, *_laptop(tmp_path),
                       language=language)
        err = capsys.readouterr().err
        assert code == 1
        assert words in err and "Traceback" not in err
    assert not (tmp_path / "laptop" / "vaults").exists() or not any(
        (tmp_path / "laptop" / "vaults").iterdir())


def test_another_authority_is_not_trusted_either(
        server_url: str, config: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    stranger = make_pki(tmp_path / "other-pki", ca_name="Some Other CA")
    (config / "settings.json").write_text(json.dumps({"ca_cert": str(stranger.ca_cert)}))
    assert _kujdes(monkeypatch, "login", "--server", server_url, *_laptop(tmp_path)) == 1
    assert "certificate could not be verified" in capsys.readouterr().err


def test_a_missing_ca_file_is_said(config: Path, tmp_path: Path,
                                   monkeypatch: pytest.MonkeyPatch,
                                   capsys: pytest.CaptureFixture[str]) -> None:
    (config / "settings.json").write_text(json.dumps({"ca_cert": "bashkia-ca.pem"}))
    code = _kujdes(monkeypatch, "login", "--server", "https://127.0.0.1:9", *_laptop(tmp_path))
    err = capsys.readouterr().err
    assert code == 1 and "certificate file set up on this laptop" in err
    assert "Traceback" not in err


def _own_address() -> str:
    """This machine's address on its network (not loopback); no packet is sent."""
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as probe:
        probe.connect(("192.0.2.123", 9))
        address = probe.getsockname()[0]
    assert not address.startswith("127."), "this machine has no network address to test with"
    return address


@pytest.fixture
def listener() -> Iterator[socket.socket]:
    """A real server socket on this machine's network address, counting who connects."""
    with socket.socket() as sock:
        sock.bind((_own_address(), 0))
        sock.listen()
        sock.settimeout(0.3)
        yield sock


def _nobody_connected(sock: socket.socket) -> bool:
    try:
        sock.accept()[0].close()
    except TimeoutError:
        return True
    return False


def test_plain_http_to_a_network_address_is_refused_before_connecting(
        listener: socket.socket, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    host, port = listener.getsockname()
    url = f"http://{host}:{port}"
    for language, words in (("en", "cross the network unencrypted"),
                            ("sq", "do të kalonin në rrjet të pakriptuara")):
        code = _kujdes(monkeypatch, "login", "--server", url, *_laptop(tmp_path),
                       language=language)
        err = capsys.readouterr().err
        assert code == 1 and words in err and "Traceback" not in err
    assert _nobody_connected(listener)
    assert not (tmp_path / "laptop" / "vaults").exists()


def test_sync_of_a_vault_whose_server_is_plain_http_on_the_network_is_refused(
        listener: socket.socket, vault, data_dir: Path, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    host, port = listener.getsockname()
    vault.store.meta_set("server_url", f"http://{host}:{port}")
    vault.store.meta_set("server_token", "a-token")
    vault.lock()
    monkeypatch.setattr("sys.stdin", io.StringIO("correct horse battery\n"))
    code = main(["--language", "en", "sync", "--data-dir", str(data_dir), "--user", "arta",
                 "--password-stdin"])
    assert code == 1
    assert "cross the network unencrypted" in capsys.readouterr().err
    assert _nobody_connected(listener)


def test_serve_refuses_a_certificate_without_its_key(tmp_path: Path, pki: Pki,
                                                     capsys: pytest.CaptureFixture[str]) -> None:
    from sync.server.cli import main as server_main

    code = server_main(["serve", "--db", f"sqlite:///{tmp_path / 'none.db'}",
                        "--tls-cert", str(pki.server_cert)])
    assert code == 2
    assert "--tls-cert and --tls-key go together" in capsys.readouterr().err


@pytest.mark.parametrize("url", ["https://kujdes.bashkia.al", "https://10.0.0.5:8443/",
                                 "http://127.0.0.1:8765", "http://localhost:8765",
                                 "http://[::1]:8765"])
def test_https_anywhere_and_plain_http_on_this_computer_are_accepted(url: str) -> None:
    check_server_url(url)


@pytest.mark.parametrize("url, refusal", [
    ("http://10.0.0.5:8765", InsecureServer), ("http://kujdes.bashkia.al", InsecureServer),
    ("http://127.0.0.1.example.org", InsecureServer), ("HTTP://192.168.1.4", InsecureServer),
    ("kujdes.bashkia.al", BadServerAddress), ("ftp://kujdes.bashkia.al", BadServerAddress),
    ("https://", BadServerAddress)])
def test_other_addresses_are_refused_before_any_connection(url: str, refusal: type) -> None:
    with pytest.raises(refusal):
        SyncClient(url, "dev-any")
