"""The request size limit, enforced before a body is read into memory."""

from __future__ import annotations

import json
from typing import Any

from sync.protocol import E_TOO_LARGE, MAX_BODY_BYTES, TOO_LARGE
from sync.server.errors import ApiError


class BodyLimit:
    """ASGI middleware: a body over ``limit`` bytes as sent gets 413 with a clear message.

    A declared ``Content-Length`` over the limit is answered at once; a body sent without one
    is counted as it arrives, and reading stops at the limit. (Decompressed bodies are limited
    where they are decompressed, see :func:`sync.protocol.decode_body`.)
    """

    def __init__(self, app: Any, limit: int = MAX_BODY_BYTES) -> None:
        self.app = app
        self.limit = limit

    async def __call__(self, scope: dict[str, Any], receive: Any, send: Any) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        declared = dict(scope.get("headers") or ()).get(b"content-length")
        if declared is not None and declared.isdigit() and int(declared) > self.limit:
            await _refuse(send)
            return
        seen = 0

        async def counted() -> dict[str, Any]:
            nonlocal seen
            message = await receive()
            if message.get("type") == "http.request":
                seen += len(message.get("body", b""))
                if seen > self.limit:
                    raise ApiError(413, E_TOO_LARGE, TOO_LARGE)
            return message

        await self.app(scope, counted, send)


async def _refuse(send: Any) -> None:
    body = json.dumps({"error": E_TOO_LARGE, "message": TOO_LARGE}).encode()
    await send({"type": "http.response.start", "status": 413,
                "headers": [(b"content-type", b"application/json"),
                            (b"content-length", str(len(body)).encode()),
                            (b"connection", b"close")]})
    await send({"type": "http.response.body", "body": body})
