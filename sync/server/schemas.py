"""Request and reply bodies, validated by pydantic and published in the OpenAPI schema."""

from __future__ import annotations

from typing import Annotated, Any

from pydantic import BaseModel, ConfigDict, Field

from sync.audit import AUDIT_BATCH
from sync.protocol import PULL_PAGE_DEFAULT, PULL_PAGE_MAX, PUSH_BATCH_MAX

MAX_REV = 2**62
# A hybrid logical clock stamp: 13-digit milliseconds after 2001, counter, node.
HLC_PATTERN = r"^[1-9][0-9]{12}-[0-9]{4,6}-[A-Za-z0-9_-]{1,60}$"
ID = Field(min_length=1, max_length=36, pattern=r"^[0-9a-fA-F-]{1,36}$")


class Strict(BaseModel):
    """A request body: unknown keys refused, and no conversions (``false`` is not 0, ``0`` is
    not ``false``, ``"5"`` is not 5)."""

    model_config = ConfigDict(extra="forbid", strict=True)


class Hello(BaseModel):
    service: str = "kujdes"
    protocol_min: int
    protocol_max: int
    municipality: str
    country: str


class LoginRequest(Strict):
    username: str = Field(min_length=1, max_length=80)
    password: str = Field(min_length=1, max_length=1024)
    device_id: str = Field(min_length=8, max_length=64, pattern=r"^[A-Za-z0-9-]+$")
    device_name: str = Field(default="", max_length=200)


class UserInfo(BaseModel):
    username: str
    full_name: str
    role: str
    units: list[str]


class LoginReply(BaseModel):
    token: str
    user: UserInfo
    municipality: str
    country: str
    protocol: int


class ChangeIn(Strict):
    change_id: str = ID
    record_id: str = ID
    record_type: str = Field(min_length=1, max_length=40)
    base_rev: int = Field(ge=0, le=MAX_REV)
    fields: dict[str, Any] = Field(default_factory=dict)
    hlc: str = Field(min_length=20, max_length=80, pattern=HLC_PATTERN)
    user: str = Field(min_length=1, max_length=80)
    device: str = Field(min_length=1, max_length=64)
    deleted: bool = False
    created: bool = False


class PushRequest(Strict):
    changes: list[ChangeIn] = Field(max_length=PUSH_BATCH_MAX)


class ChangeResult(BaseModel):
    change_id: str
    status: str  # applied | conflict | rejected
    rev: int | None = None
    conflicts: list[str] | None = None
    message: str | None = None


class PushReply(BaseModel):
    results: list[ChangeResult]


class PullRequest(Strict):
    cursor: int = Field(default=0, ge=0, le=MAX_REV)
    limit: int = Field(default=PULL_PAGE_DEFAULT, ge=1, le=PULL_PAGE_MAX)


class RecordOut(BaseModel):
    id: str
    type: str
    rev: int
    deleted: bool
    fields: dict[str, Any]


class PullReply(BaseModel):
    records: list[RecordOut]
    cursor: int
    more: bool


class RecordsRequest(Strict):
    ids: list[str] = Field(max_length=PULL_PAGE_MAX)


class RecordsReply(BaseModel):
    records: list[RecordOut]


class CaseloadIdsReply(BaseModel):
    # [record id, revision] pairs (a list, not a tuple: OpenAPI 3.1 has no tuple ``items``)
    pairs: list[Annotated[list[str | int], Field(min_length=2, max_length=2)]]
    cursor: int


class CaseloadReply(BaseModel):
    count: int
    hash: str
    cursor: int


class ProfileReply(BaseModel):
    country: str
    sha256: str
    text: str


class BlobStatus(BaseModel):
    sha256: str
    complete: bool
    received: int
    size: int | None = None


class ErrorReply(BaseModel):
    error: str
    message: str


HASH = Field(min_length=64, max_length=64, pattern=r"^[0-9a-f]{64}$")


class AuditEntryIn(Strict):
    seq: int = Field(ge=1, le=MAX_REV)
    at: str = Field(min_length=10, max_length=40, pattern=r"^[0-9]{4}-[0-9]{2}-[0-9]{2}T")
    user: str = Field(min_length=1, max_length=80)
    device: str = Field(min_length=1, max_length=64)
    action: str = Field(min_length=1, max_length=40)
    record_type: str | None = Field(default=None, max_length=40)
    record_id: str | None = Field(default=None, max_length=36)
    detail: str = Field(max_length=100_000)
    prev_hash: str = HASH
    hash: str = HASH


class AuditRequest(Strict):
    chain: str = HASH
    entries: list[AuditEntryIn] = Field(min_length=1, max_length=AUDIT_BATCH)


class AuditReply(BaseModel):
    accepted: int
    head: int
