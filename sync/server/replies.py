"""Replies written as JSON directly."""

from __future__ import annotations

import json
from collections.abc import Iterator, Mapping
from typing import Any

from fastapi import Response
from pydantic import BaseModel


class StoredJSON(Mapping[str, Any]):
    """A record's fields as the database holds them (JSON text): written into a reply as they
    are, decoded only when read here (the server judges scope on its columns, not on these)."""

    __slots__ = ("_value", "text")

    def __init__(self, text: str) -> None:
        self.text = text
        self._value: dict[str, Any] | None = None

    @property
    def value(self) -> dict[str, Any]:
        if self._value is None:
            self._value = json.loads(self.text)
        return self._value

    def __getitem__(self, key: str) -> Any:
        return self.value[key]

    def __iter__(self) -> Iterator[str]:
        return iter(self.value)

    def __len__(self) -> int:
        return len(self.value)

    def __repr__(self) -> str:
        return f"StoredJSON({self.text!r})"

    def sendable(self) -> bool:
        """Whether the text can go into a reply unchanged: a JSON object with no number JSON
        cannot hold (PostgreSQL's json type refuses them; a SQLite file could hold one)."""
        return self.text[:1] == "{" and "NaN" not in self.text and "Infinity" not in self.text


# A record already written as JSON (the shape of ``RecordOut``), a plain string: a page's
# records are otherwise dicts, so a string among them is put in the reply as it is.
RecordJSON = str


_quote = json.encoder.encode_basestring  # type: ignore[attr-defined]  # the C encoder's


def record_json_text(rid: str, rtype: str, rev: int, deleted: bool, fields: str) -> Any:
    """A record read from the database as JSON text, its stored fields written in unchanged;
    or, when those cannot go into a reply as they are (see :meth:`StoredJSON.sendable`), the
    record as a dict for the reply model to write."""
    if fields[:1] == "{" and "NaN" not in fields and "Infinity" not in fields:
        return (f'{{"id":{_quote(rid)},"type":{_quote(rtype)},"rev":{int(rev)},'
                f'"deleted":{"true" if deleted else "false"},"fields":{fields}}}')
    return {"id": rid, "type": rtype, "rev": rev, "deleted": deleted,
            "fields": StoredJSON(fields)}


def _dumps(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, allow_nan=False, separators=(",", ":"),
                      default=_plain_value)


def _plain_value(value: Any) -> Any:
    if isinstance(value, StoredJSON):
        return value.value
    raise TypeError(f"{type(value).__name__} is not JSON")


_RECORD_KEYS = ("id", "type", "rev", "deleted", "fields")


def _record_text(record: Any) -> str:
    """A record as JSON: the usual shape written field by field (a page holds thousands)."""
    if type(record) is str:
        return record
    fields = record.get("fields") if isinstance(record, dict) else None
    if isinstance(fields, StoredJSON) and tuple(record) == _RECORD_KEYS and \
            isinstance(record["id"], str) and isinstance(record["type"], str) and \
            type(record["rev"]) is int and isinstance(record["deleted"], bool) and \
            fields.sendable():
        return (f'{{"id":{_quote(record["id"])},"type":{_quote(record["type"])},'
                f'"rev":{record["rev"]},"deleted":{"true" if record["deleted"] else "false"},'
                f'"fields":{fields.text}}}')
    return _dumps(record)


def _text(content: dict[str, Any]) -> str:
    records = content.get("records")
    if not isinstance(records, list):
        return _dumps(content)
    rest = _dumps({k: v for k, v in content.items() if k != "records"})
    body = ",".join(_record_text(r) for r in records)
    return f'{{"records":[{body}]{"," if len(rest) > 2 else ""}{rest[1:]}'


def _plain(content: dict[str, Any]) -> dict[str, Any]:
    records = content.get("records")
    if not isinstance(records, list):
        return content
    return {**content, "records": [_plain_record(r) for r in records]}


def _plain_record(record: Any) -> Any:
    if isinstance(record, str):
        return json.loads(record)
    if isinstance(record.get("fields"), StoredJSON):
        return {**record, "fields": record["fields"].value}
    return record


def json_reply(content: dict[str, Any], model: type[BaseModel]) -> Response:
    """A reply the server built itself from stored records: written as JSON directly, the
    bytes FastAPI would write for its response model, without validating every record again
    (pull pages hold thousands of fields). Stored fields go in as the database holds them."""
    try:
        text = _text(content)
    except ValueError:  # a number JSON cannot hold (NaN): the model writes it as null
        text = model.model_validate(_plain(content)).model_dump_json()
    return Response(text.encode(), media_type="application/json")
