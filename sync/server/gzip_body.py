"""Request bodies sent gzip-compressed (``Content-Encoding: gzip``), decoded for the routes."""

from __future__ import annotations

import zlib
from collections.abc import Callable
from typing import Any

from fastapi import Request, Response
from fastapi.routing import APIRoute

from sync.protocol import (
    E_INVALID,
    E_TOO_LARGE,
    MAX_BODY_BYTES,
    TOO_LARGE_UNZIPPED,
    BodyTooLarge,
    decode_body,
)
from sync.server.errors import ApiError


class GzipRequest(Request):
    """A request whose body may be gzip-compressed (``Content-Encoding: gzip``).

    The body is decompressed and its JSON decoded once, here: :meth:`body` gives the JSON as
    sent and :meth:`json` the value already decoded (a push's body is read only once)."""

    async def body(self) -> bytes:
        if not hasattr(self, "_body"):
            raw = await super().body()
            encoding = self.headers.get("content-encoding")
            if encoding and encoding.lower() == "gzip":
                try:
                    raw = _gunzip(raw)
                    self._json = decode_body(raw, None)
                except BodyTooLarge as exc:
                    raise ApiError(413, E_TOO_LARGE, str(exc)) from None
                except ValueError as exc:
                    raise ApiError(400, E_INVALID, str(exc)) from None
            self._body = raw
        return self._body

    async def json(self) -> Any:
        await self.body()
        return await super().json()


def _gunzip(data: bytes, limit: int = MAX_BODY_BYTES) -> bytes:
    """The decompressed body: at most ``limit`` bytes, read no further than that."""
    inflater = zlib.decompressobj(16 + zlib.MAX_WBITS)
    try:
        out = inflater.decompress(data, limit + 1)
    except zlib.error as exc:
        raise ValueError("the body is not valid gzip") from exc
    if len(out) > limit:
        raise BodyTooLarge(TOO_LARGE_UNZIPPED)
    if not inflater.eof:
        raise ValueError("the body is not valid gzip")
    return out


class GzipRoute(APIRoute):
    def get_route_handler(self) -> Callable:  # type: ignore[type-arg]
        handler = super().get_route_handler()

        async def route(request: Request) -> Response:
            return await handler(GzipRequest(request.scope, request.receive))

        return route
