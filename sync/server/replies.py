"""Replies written as JSON directly."""

from __future__ import annotations

import json
from typing import Any

from fastapi import Response
from pydantic import BaseModel


def json_reply(content: dict[str, Any], model: type[BaseModel]) -> Response:
    """A reply the server built itself from stored records: written as JSON directly, the
    bytes FastAPI would write for its response model, without validating every record again
    (pull pages hold thousands of fields)."""
    try:
        text = json.dumps(content, ensure_ascii=False, allow_nan=False, separators=(",", ":"))
    except ValueError:  # a number JSON cannot hold (NaN): the model writes it as null
        text = model.model_validate(content).model_dump_json()
    return Response(text.encode(), media_type="application/json")
