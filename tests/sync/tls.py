"""A throwaway certificate authority and a server certificate for 127.0.0.1, and the server
run as its own process with ``kujdes-server serve --tls-cert --tls-key``."""

from __future__ import annotations

import datetime as dt
import ipaddress
import shutil
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import requests
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID

from sync.server.embedded import free_port

SERVER_CLI = Path(sys.executable).with_name("kujdes-server")


@dataclass(frozen=True)
class Pki:
    ca_cert: Path
    server_cert: Path
    server_key: Path


def _name(common_name: str) -> x509.Name:
    return x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, common_name)])


def make_pki(folder: Path, ca_name: str = "Bashkia Test CA") -> Pki:
    """A CA and a server certificate it signed for 127.0.0.1 and localhost (PEM files)."""
    folder.mkdir(parents=True, exist_ok=True)
    now = dt.datetime.now(dt.UTC)
    ca_key = ec.generate_private_key(ec.SECP256R1())
    ca = (x509.CertificateBuilder().subject_name(_name(ca_name)).issuer_name(_name(ca_name))
          .public_key(ca_key.public_key()).serial_number(x509.random_serial_number())
          .not_valid_before(now - dt.timedelta(minutes=5))
          .not_valid_after(now + dt.timedelta(days=2))
          .add_extension(x509.BasicConstraints(ca=True, path_length=0), critical=True)
          .add_extension(x509.KeyUsage(digital_signature=True, key_cert_sign=True,
                                       crl_sign=True, content_commitment=False,
                                       key_encipherment=False, data_encipherment=False,
                                       key_agreement=False, encipher_only=False,
                                       decipher_only=False), critical=True)
          .add_extension(x509.SubjectKeyIdentifier.from_public_key(ca_key.public_key()),
                         critical=False)
          .sign(ca_key, hashes.SHA256()))
    key = ec.generate_private_key(ec.SECP256R1())
    names = [x509.IPAddress(ipaddress.ip_address("127.0.0.1")), x509.DNSName("localhost")]
    cert = (x509.CertificateBuilder().subject_name(_name("kujdes.test"))
            .issuer_name(ca.subject).public_key(key.public_key())
            .serial_number(x509.random_serial_number())
            .not_valid_before(now - dt.timedelta(minutes=5))
            .not_valid_after(now + dt.timedelta(days=1))
            .add_extension(x509.SubjectAlternativeName(names), critical=False)
            .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
            .add_extension(x509.ExtendedKeyUsage([x509.oid.ExtendedKeyUsageOID.SERVER_AUTH]),
                           critical=False)
            .add_extension(x509.AuthorityKeyIdentifier.from_issuer_public_key(
                ca_key.public_key()), critical=False)
            .sign(ca_key, hashes.SHA256()))
    pki = Pki(folder / "ca.pem", folder / "server.pem", folder / "server-key.pem")
    pki.ca_cert.write_bytes(ca.public_bytes(serialization.Encoding.PEM))
    pki.server_cert.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    pki.server_key.write_bytes(key.private_bytes(serialization.Encoding.PEM,
                                                 serialization.PrivateFormat.PKCS8,
                                                 serialization.NoEncryption()))
    return pki


@contextmanager
def https_server(db_file: Path, pki: Pki) -> Iterator[str]:
    """``kujdes-server serve`` over HTTPS on 127.0.0.1 in its own process; yields its URL."""
    port = free_port()
    url = f"https://127.0.0.1:{port}"
    log = db_file.with_suffix(".log").open("wb")
    process = subprocess.Popen(
        [str(SERVER_CLI), "serve", "--db", f"sqlite:///{db_file}", "--host", "127.0.0.1",
         "--port", str(port), "--log-level", "warning", "--tls-cert", str(pki.server_cert),
         "--tls-key", str(pki.server_key)], stdout=log, stderr=subprocess.STDOUT)
    try:
        _wait_until_up(url, pki, process)
        yield url
    finally:
        process.terminate()
        process.wait(timeout=20)
        log.close()


def _wait_until_up(url: str, pki: Pki, process: subprocess.Popen) -> None:
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError("kujdes-server serve stopped at start")
        try:
            requests.get(url + "/api/hello", verify=str(pki.ca_cert), timeout=2)
            return
        except requests.exceptions.ConnectionError:
            time.sleep(0.2)
    raise RuntimeError("kujdes-server serve did not start over https")


def server_copy(template: Path, folder: Path) -> Path:
    """A copy of the prepared server database, with whatever lies beside it (key files)."""
    shutil.copytree(template.parent, folder)
    return folder / template.name
