"""Request bodies sent gzip-compressed (``Content-Encoding: gzip``), decoded for the routes."""

from __future__ import annotations

import json
from collections.abc import Callable

from fastapi import Request, Response
from fastapi.routing import APIRoute

from sync.protocol import E_INVALID, E_TOO_LARGE, BodyTooLarge, decode_body
from sync.server.errors import ApiError


class GzipRequest(Request):
    """A request whose body may be gzip-compressed (``Content-Encoding: gzip``)."""

    async def body(self) -> bytes:
        if not hasattr(self, "_body"):
            raw = await super().body()
            encoding = self.headers.get("content-encoding")
            if encoding and encoding.lower() == "gzip":

                try:
                    value = decode_body(raw, encoding)
                except BodyTooLarge as exc:
                    raise ApiError(413, E_TOO_LARGE, str(exc)) from None
                except ValueError as exc:
                    raise ApiError(400, E_INVALID, str(exc)) from None
                raw = json.dumps(value).encode()
            self._body = raw
        return self._body


class GzipRoute(APIRoute):
    def get_route_handler(self) -> Callable:  # type: ignore[type-arg]
        handler = super().get_route_handler()

        async def route(request: Request) -> Response:
            return await handler(GzipRequest(request.scope, request.receive))

        return route
