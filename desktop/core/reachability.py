"""Whether the municipal server answers at all: a TCP connect, nothing sent (Qt-free)."""

from __future__ import annotations

import socket
from urllib.parse import urlsplit

TIMEOUT_S = 3.0


def reachable(url: str, timeout: float = TIMEOUT_S) -> bool:
    """Whether a TCP connection to the server's host and port opens within ``timeout``."""
    parts = urlsplit(url)
    if not parts.hostname:
        return False
    port = parts.port or (443 if parts.scheme == "https" else 80)
    try:
        with socket.create_connection((parts.hostname, port), timeout=timeout):
            return True
    except OSError:
        return False
