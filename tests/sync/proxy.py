"""TCP proxies on loopback for sync tests and the benchmark.

:class:`FaultProxy` cuts one chosen connection at a chosen point: before the request reaches the
server, in the middle of the upload, after the server has answered (so it committed) but before
the reply reaches the laptop, or in the middle of the download. The client sends
``Connection: close``, so one connection is one request.

:class:`ThrottleProxy` emulates a slow link: bandwidth each way and a round-trip delay.
"""

from __future__ import annotations

import contextlib
import socket
import threading
import time
from dataclasses import dataclass, field
from queue import Queue

FAULTS = ("before_request", "mid_upload", "after_commit", "mid_download")


def _read_request(conn: socket.socket) -> bytes:
    """One whole HTTP request (headers and Content-Length body)."""
    data = b""
    while b"\r\n\r\n" not in data:
        chunk = conn.recv(65536)
        if not chunk:
            return data
        data += chunk
    head, _, body = data.partition(b"\r\n\r\n")
    length = 0
    for line in head.split(b"\r\n")[1:]:
        name, _, value = line.partition(b":")
        if name.strip().lower() == b"content-length":
            length = int(value.strip())
    while len(body) < length:
        chunk = conn.recv(65536)
        if not chunk:
            break
        body += chunk
    return head + b"\r\n\r\n" + body


def _read_all(conn: socket.socket) -> bytes:
    out = b""
    while True:
        chunk = conn.recv(65536)
        if not chunk:
            return out
        out += chunk


@dataclass
class FaultProxy:
    upstream_port: int
    fault: str | None = None
    at_request: int = -1
    requests: int = 0
    cuts: int = 0
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def __post_init__(self) -> None:
        self.sock = socket.socket()
        self.sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen(64)
        self.port = self.sock.getsockname()[1]
        self.url = f"http://127.0.0.1:{self.port}"
        self._stop = False
        threading.Thread(target=self._serve, daemon=True).start()

    def arm(self, fault: str | None, at_request: int) -> None:
        with self._lock:
            self.fault, self.at_request, self.requests = fault, at_request, 0

    def close(self) -> None:
        self._stop = True
        self.sock.close()

    def _serve(self) -> None:
        while not self._stop:
            try:
                conn, _ = self.sock.accept()
            except OSError:
                return
            with self._lock:
                number = self.requests
                self.requests += 1
                fault = self.fault if number == self.at_request else None
            threading.Thread(target=self._handle, args=(conn, fault), daemon=True).start()

    def _handle(self, conn: socket.socket, fault: str | None) -> None:
        try:
            request = _read_request(conn)
            if fault == "before_request":
                self.cuts += 1
                return
            with socket.create_connection(("127.0.0.1", self.upstream_port)) as up:
                if fault == "mid_upload":
                    up.sendall(request[: len(request) // 2])
                    self.cuts += 1
                    return
                up.sendall(request)
                reply = _read_all(up)
            if fault == "after_commit":
                self.cuts += 1
                return
            if fault == "mid_download":
                conn.sendall(reply[: len(reply) // 2])
                self.cuts += 1
                return
            conn.sendall(reply)
        except OSError:
            pass
        finally:
            conn.close()


@dataclass
class Link:
    up_bps: float  # bits per second, laptop → server
    down_bps: float
    rtt: float  # seconds


EDGE = Link(200_000, 240_000, 0.840)
UMTS = Link(768_000, 1_600_000, 0.300)


class ThrottleProxy:
    """Forward bytes with a one-way delay of RTT/2 and a bandwidth cap in each direction.

    Counts the bytes that cross the link (requests and replies, headers included). With
    ``events`` a list, it also logs ``(time, kind, bytes)`` for every chunk: ``up`` delivered
    to the server, ``server`` read from it, ``down`` delivered to the laptop.
    """

    def __init__(self, upstream_port: int, link: Link) -> None:
        self.upstream_port = upstream_port
        self.link = link
        self.bytes_up = 0
        self.bytes_down = 0
        self.connections = 0
        self.events: list[tuple[float, str, int]] | None = None
        self.sock = socket.socket()
        self.sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen(256)
        self.url = f"http://127.0.0.1:{self.sock.getsockname()[1]}"
        self._stop = False
        threading.Thread(target=self._serve, daemon=True).start()

    def close(self) -> None:
        self._stop = True
        self.sock.close()

    def _serve(self) -> None:
        while not self._stop:
            try:
                conn, _ = self.sock.accept()
            except OSError:
                return
            self.connections += 1
            up = socket.create_connection(("127.0.0.1", self.upstream_port))
            # a new TCP connection costs one round trip before the request can go out
            threading.Thread(target=self._pipe, args=(conn, up, self.link.up_bps, True, True),
                             daemon=True).start()
            threading.Thread(target=self._pipe, args=(up, conn, self.link.down_bps, False,
                                                      False), daemon=True).start()

    def _pipe(self, src: socket.socket, dst: socket.socket, bps: float, upward: bool,
              handshake: bool) -> None:
        """Read chunks as they come; a writer delivers each once the link has carried it and
        half a round trip has passed (latency does not limit throughput)."""
        queue: Queue[tuple[float, bytes] | None] = Queue()
        threading.Thread(target=self._deliver, args=(queue, src, dst, upward),
                         daemon=True).start()
        events = self.events
        free_at = time.monotonic() + (self.link.rtt if handshake else 0.0)
        try:
            while True:
                chunk = src.recv(16384)
                if not chunk:
                    break
                start = max(time.monotonic(), free_at)
                free_at = start + len(chunk) * 8 / bps
                if upward:
                    self.bytes_up += len(chunk)
                else:
                    self.bytes_down += len(chunk)
                    if events is not None:
                        events.append((time.monotonic(), "server", len(chunk)))
                queue.put((free_at + self.link.rtt / 2, chunk))
        except OSError:
            pass
        queue.put(None)

    def _deliver(self, queue: Queue[tuple[float, bytes] | None], src: socket.socket,
                 dst: socket.socket, upward: bool) -> None:
        try:
            while (item := queue.get()) is not None:
                when, chunk = item
                time.sleep(max(0.0, when - time.monotonic()))
                dst.sendall(chunk)
                if self.events is not None:
                    self.events.append((time.monotonic(), "up" if upward else "down",
                                        len(chunk)))
        except OSError:
            pass
        finally:
            if upward:  # the laptop finished sending: pass the end on, keep the reply open
                with contextlib.suppress(OSError):
                    dst.shutdown(socket.SHUT_WR)
            else:
                for sock in (src, dst):
                    with contextlib.suppress(OSError):
                        sock.shutdown(socket.SHUT_RDWR)
                    sock.close()
