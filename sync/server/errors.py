"""Errors the API answers with: a 4xx status and ``{"error": code, "message": text}``."""

from __future__ import annotations

from starlette.exceptions import HTTPException


class ApiError(HTTPException):
    """An HTTP error with the protocol's code; an HTTPException, so that FastAPI passes it on
    unchanged even when it is raised while the request body is read."""

    def __init__(self, status: int, code: str, message: str,
                 headers: dict[str, str] | None = None) -> None:
        super().__init__(status_code=status, detail=message, headers=headers or {})
        self.status = status
        self.code = code
        self.message = message

    def body(self) -> dict[str, str]:
        return {"error": self.code, "message": self.message}
