"""A server inside the desktop process, for the demo and for tests: uvicorn on 127.0.0.1."""

from __future__ import annotations

import socket
import threading
import time
from dataclasses import dataclass
from pathlib import Path

import uvicorn

from sync.server.app import create_app
from sync.server.auth import LoginLimits
from sync.server.db import prepare_sqlite, sqlite_path


@dataclass
class EmbeddedServer:
    url: str
    server: uvicorn.Server
    thread: threading.Thread

    def stop(self) -> None:
        self.server.should_exit = True
        self.thread.join(timeout=10)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def start_embedded_server(db_path: str | Path, port: int = 0,
                          limits: LoginLimits | None = None) -> EmbeddedServer:
    """Serve an initialised database (``kujdes-server init``) on 127.0.0.1 in a thread.

    ``db_path`` is a SQLite file path or a database URL. Returns when the server accepts
    connections.
    """
    url = str(db_path)
    path = sqlite_path(url)
    if path is not None and path.exists():
        prepare_sqlite(url, create=True)  # a demo database of an older version is encrypted
    port = port or free_port()
    config = uvicorn.Config(create_app(url, limits), host="127.0.0.1", port=port,
                            log_level="warning", lifespan="off")
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, name="kujdes-embedded-server", daemon=True)
    thread.start()
    deadline = time.monotonic() + 15
    while not server.started:
        if not thread.is_alive() or time.monotonic() > deadline:
            raise RuntimeError("the embedded server did not start")
        time.sleep(0.02)
    return EmbeddedServer(f"http://127.0.0.1:{port}", server, thread)
