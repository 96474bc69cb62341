"""The laptop's HTTP side of sync (requests): one method per API call, clear exceptions.

Request bodies are gzip-compressed compact JSON; replies are decompressed by requests.
Errors are exceptions whose message can be shown to a person as it is.
"""

from __future__ import annotations

import ipaddress
import json
import threading
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import requests

from sync.protocol import (
    DEVICE_HEADER,
    E_AUTH,
    E_PROTOCOL,
    E_RATE,
    E_TOKEN,
    PROTOCOL_HEADER,
    PROTOCOL_MAX,
    PROTOCOL_MIN,
    WIPE_ERRORS,
    encode_body,
    negotiate,
)


class SyncError(Exception):
    """Sync could not finish; nothing already committed is lost and the next sync resumes."""


class NetworkError(SyncError):
    """The server could not be reached, or the connection broke."""


class ServerError(SyncError):
    """The server answered with an error of its own or something that is not its protocol."""


class AuthError(SyncError):
    """Wrong username or password, or a session the server no longer accepts."""


class WrongCredentials(AuthError):
    """The server did not accept the user name and password."""


class RateLimited(AuthError):
    """Too many failed sign-ins: wait before trying again."""


class RevokedError(SyncError):
    """The laptop was revoked or the user disabled: the vault must be wiped."""


class ProtocolError(SyncError):
    """This laptop and the server speak no common protocol version."""


class RequestRefused(SyncError):
    """The server refused a request as invalid (4xx)."""


class InsecureServer(SyncError):
    """A plain ``http://`` address of a server that is not on this computer: refused before any
    connection, since the password, the token and every record would cross the network
    readable."""


class BadServerAddress(InsecureServer):
    """Not a web address at all (no https:// and a host)."""


class UntrustedServer(SyncError):
    """The server's TLS certificate could not be verified (nothing was sent)."""


class CaCertMissing(UntrustedServer):
    """The municipality's CA certificate file set up on this laptop cannot be read."""


def check_server_url(url: str) -> None:
    """Refuse an address that is not https://, unless it is plain http:// on loopback."""
    parts = urlsplit(url.strip())
    if parts.scheme == "https" and parts.hostname:
        return
    if parts.scheme == "http" and parts.hostname and _is_loopback(parts.hostname):
        return
    if parts.scheme != "http" or not parts.hostname:
        raise BadServerAddress(f"{url!r} is not a server address.")
    raise InsecureServer(f"Refused to use {url!r}: the municipal server must be reached over "
                         "https:// (plain http:// only on this computer).")


def _is_loopback(host: str) -> bool:
    if host.lower() == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


@dataclass
class WireStats:
    requests: int = 0
    sent: int = 0
    received: int = 0


class SyncClient:
    def __init__(self, base_url: str, device_id: str, token: str | None = None,
                 timeout: tuple[float, float] = (15.0, 120.0),
                 session: requests.Session | None = None,
                 ca_cert: str | Path | None = None) -> None:
        check_server_url(base_url)
        self.base_url = base_url.rstrip("/")
        self.device_id = device_id
        self.token = token
        self.timeout = timeout
        self.version = PROTOCOL_MAX
        self.http = session or requests.Session()
        # The municipality's own certificate authority, given at install time. It is passed
        # with each request: requests lets REQUESTS_CA_BUNDLE override a session's setting.
        self.verify: str | bool = True
        if ca_cert:
            if not Path(ca_cert).is_file():
                raise CaCertMissing(f"The CA certificate file {ca_cert} cannot be read.")
            self.verify = str(ca_cert)
        self.stats = WireStats()
        # one request at a time: the engine asks for the next page on a thread of its own
        self._lock = threading.Lock()

    # -- calls -------------------------------------------------------------------------------
    def hello(self) -> dict[str, Any]:
        """Ask the server which protocol versions it speaks and agree on one."""
        info = self._call("GET", "/api/hello", auth=False)
        try:
            smin, smax = int(info["protocol_min"]), int(info["protocol_max"])
        except (KeyError, TypeError, ValueError):
            raise ServerError("The address does not answer like a Kujdes server.") from None
        version = negotiate(PROTOCOL_MIN, PROTOCOL_MAX, smin, smax)
        if version is None:
            if smin > PROTOCOL_MAX:
                raise ProtocolError(f"This version of Kujdes (sync protocol {PROTOCOL_MAX}) is "
                                    f"too old for the server (needs {smin} or newer). Update "
                                    "Kujdes; nothing was sent.")
            raise ProtocolError(f"The server is older than this Kujdes (it speaks protocol up "
                                f"to {smax}, this laptop needs {PROTOCOL_MIN}). Ask the "
                                "administrator to update the server.")
        self.version = version
        return info

    def login(self, username: str, password: str, device_name: str) -> dict[str, Any]:
        reply = self._call("POST", "/api/login", {"username": username, "password": password,
                                                  "device_id": self.device_id,
                                                  "device_name": device_name}, auth=False)
        if not isinstance(reply.get("token"), str) or not isinstance(reply.get("user"), dict):
            raise ServerError("The server's sign-in answer is not understood.")
        self.token = reply["token"]
        return reply

    def push(self, changes: list[dict[str, Any]]) -> list[dict[str, Any]]:
        reply = self._call("POST", "/api/push", {"changes": changes})
        results = reply.get("results")
        if not isinstance(results, list) or not all(isinstance(r, dict) and "change_id" in r
                                                    for r in results):
            raise ServerError("The server's answer to the upload is not understood.")
        return results

    def pull(self, cursor: int, limit: int) -> dict[str, Any]:
        reply = self._call("POST", "/api/pull", {"cursor": cursor, "limit": limit})
        if not isinstance(reply.get("records"), list) or not isinstance(reply.get("cursor"), int):
            raise ServerError("The server's answer to the download is not understood.")
        return reply

    def caseload(self) -> dict[str, Any]:
        return self._call("GET", "/api/caseload")

    def caseload_ids(self) -> dict[str, Any]:
        reply = self._call("GET", "/api/caseload/ids")
        if not isinstance(reply.get("pairs"), list):
            raise ServerError("The server's caseload answer is not understood.")
        return reply

    def records(self, ids: list[str]) -> list[dict[str, Any]]:
        reply = self._call("POST", "/api/records", {"ids": ids})
        if not isinstance(reply.get("records"), list):
            raise ServerError("The server's answer is not understood.")
        return reply["records"]

    def push_audit(self, chain: str, entries: list[dict[str, Any]]) -> dict[str, Any]:
        """Send audit entries of one chain, oldest first (protocol 2)."""
        reply = self._call("POST", "/api/audit", {"chain": chain, "entries": entries})
        if not isinstance(reply.get("head"), int):
            raise ServerError("The server's answer to the audit log is not understood.")
        return reply

    def handover_colleagues(self, case_type: str, unit: str | None) -> list[dict[str, Any]]:
        """The colleagues whose role and units may hold such a case (name and role)."""
        reply = self._call("POST", "/api/handover/colleagues",
                           {"case_type": case_type, "administrative_unit": unit})
        if not isinstance(reply.get("colleagues"), list):
            raise ServerError("The server's answer is not understood.")
        return reply["colleagues"]

    def hand_over(self, to: str, changes: list[dict[str, Any]]) -> dict[str, Any]:
        """Hand refused records (one case and its records) to a colleague at the server."""
        reply = self._call("POST", "/api/handover", {"to": to, "changes": changes})
        if not isinstance(reply.get("results"), list):
            raise ServerError("The server's answer to the hand-over is not understood.")
        return reply

    def profile(self) -> dict[str, Any]:
        return self._call("GET", "/api/profile")

    def logout(self) -> None:
        self._call("POST", "/api/logout", {})

    def blob_status(self, sha: str) -> dict[str, Any]:
        return self._call("GET", f"/api/blobs/{sha}")

    def blob_upload(self, sha: str, offset: int, total: int, data: bytes) -> dict[str, Any]:
        return self._call("PUT", f"/api/blobs/{sha}", raw=data,
                          params={"offset": offset, "total": total})

    def blob_download(self, sha: str, offset: int, length: int) -> tuple[bytes, int]:
        resp = self._send("GET", f"/api/blobs/{sha}/content", None, True,
                          params={"offset": offset, "length": length})
        try:
            size = int(resp.headers["Kujdes-Size"])
        except (KeyError, ValueError):
            raise ServerError("The server's attachment answer is not understood.") from None
        return resp.content, size

    # -- transport ---------------------------------------------------------------------------
    def _headers(self, auth: bool) -> dict[str, str]:
        headers = {PROTOCOL_HEADER: str(self.version), DEVICE_HEADER: self.device_id,
                   "Accept-Encoding": "gzip"}
        if auth:
            if not self.token:
                raise AuthError("Sign in while connected to the server first.")
            headers["Authorization"] = f"Bearer {self.token}"
        return headers

    def _call(self, method: str, path: str, body: Any = None, auth: bool = True,
              raw: bytes | None = None, params: dict[str, Any] | None = None) -> dict[str, Any]:
        resp = self._send(method, path, body if raw is None else raw, auth, params=params,
                          is_raw=raw is not None)
        if resp.status_code == 204:  # done, nothing to say (sign-out)
            return {}
        try:
            value = resp.json()
        except (ValueError, json.JSONDecodeError):
            raise ServerError("The server sent an answer that is not understood.") from None
        if not isinstance(value, dict):
            raise ServerError("The server sent an answer that is not understood.")
        return value

    def _send(self, method: str, path: str, body: Any, auth: bool,
              params: dict[str, Any] | None = None, is_raw: bool = False) -> requests.Response:
        headers = self._headers(auth)
        data: bytes | None = None
        if is_raw:
            data = body
            headers["Content-Type"] = "application/octet-stream"
        elif body is not None:
            data = encode_body(body)
            headers["Content-Type"] = "application/json"
            headers["Content-Encoding"] = "gzip"
        with self._lock:
            resp = self._exchange(method, path, data, headers, params)
            self.stats.requests += 1
            self.stats.sent += len(data or b"") + len(path) + 200
            self.stats.received += len(resp.content) + 200
        if resp.status_code >= 400:
            _raise_for(resp)
        return resp

    def _exchange(self, method: str, path: str, data: bytes | None, headers: dict[str, str],
                  params: dict[str, Any] | None) -> requests.Response:
        try:
            resp = self.http.request(method, self.base_url + path, data=data, headers=headers,
                                     params=params, timeout=self.timeout,
                                     verify=self.verify)
            resp.content  # noqa: B018 - read the whole reply here, so a cut shows up here
        except requests.exceptions.SSLError as exc:
            raise UntrustedServer("The server's certificate could not be verified; nothing "
                                  "was sent.") from exc
        except requests.exceptions.RequestException as exc:
            raise NetworkError(f"Could not reach the server ({type(exc).__name__}). Check the "
                               "connection; nothing is lost, sync again later.") from exc
        return resp


def _raise_for(resp: requests.Response) -> None:
    try:
        body = resp.json()
        code, message = body.get("error"), body.get("message")
    except (ValueError, AttributeError):
        code, message = None, None
    if not isinstance(message, str):
        message = f"The server answered {resp.status_code}."
    if code in WIPE_ERRORS:
        raise RevokedError(message)
    if code == E_PROTOCOL:
        raise ProtocolError(message)
    if code == E_RATE:
        raise RateLimited(message)
    if code == E_AUTH:
        raise WrongCredentials(message)
    if code == E_TOKEN:
        raise AuthError(message)
    if resp.status_code >= 500 or code is None:
        raise ServerError(f"The server failed ({resp.status_code}); try again later.")
    raise RequestRefused(message)
