"""Administration: the work behind the ``kujdes-server`` subcommands (testable functions)."""

from __future__ import annotations

import csv
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from sync.hlc import format_stamp
from sync.ids import uuid7
from sync.profile import load_profile
from sync.protocol import CONFLICT_TYPE
from sync.server.auth import hash_password
from sync.server.db import make_engine, prepare_sqlite, session_factory, upgrade
from sync.server.models import Device, RecordRow, Setting, Token, User, utcnow
from sync.server.revs import allocate_revs
from sync.server.scope import scope_columns

SERVER_DEVICE = "server"


class AdminError(ValueError):
    """A problem an administrator must fix; the message says what."""


@contextmanager
def open_db(url: str) -> Iterator[Session]:
    """A session on a database of its own; the connections are closed afterwards."""
    engine = make_engine(url)
    try:
        with session_factory(engine)() as session:
            yield session
    finally:
        engine.dispose()


def init(url: str, municipality: str, country: str = "AL") -> None:
    """Create or upgrade the schema and set the municipality this server keeps."""
    if country not in ("AL", "XK"):
        raise AdminError("country must be AL or XK")
    load_profile(country)  # refuse a country without a profile before touching the database
    prepare_sqlite(url, create=True)  # the key file, and a plain database of old encrypted
    upgrade(url)
    with open_db(url) as session:
        current = session.get(Setting, "municipality")
        if current is not None and current.value != municipality:
            raise AdminError(f"this database already keeps {current.value!r}")
        session.merge(Setting(key="municipality", value=municipality))
        session.merge(Setting(key="country", value=country))
        session.commit()


def _settings(session: Session) -> dict[str, str]:
    values = {s.key: s.value for s in session.scalars(select(Setting))}
    if "municipality" not in values:
        raise AdminError("run 'kujdes-server init --municipality NAME' first")
    return values


def add_user(url: str, username: str, full_name: str, role: str, units: list[str],
             password: str) -> None:
    with open_db(url) as session:
        profile = load_profile(_settings(session).get("country", "AL"))
        roles = profile.codes("roles")
        if role not in roles:
            raise AdminError(f"unknown role {role!r}; one of: {', '.join(roles)}")
        if len(password) < 8:
            raise AdminError("the password must have at least 8 characters")
        if not username or len(username) > 80 or username != username.strip():
            raise AdminError("the username must be 1-80 characters without outer spaces")
        if session.scalar(select(User).where(User.username == username)) is not None:
            raise AdminError(f"user {username!r} exists already")
        session.add(User(username=username, full_name=full_name, role=role,
                         units=[u for u in units if u], password_hash=hash_password(password)))
        session.commit()


def disable_user(url: str, username: str) -> None:
    with open_db(url) as session:
        user = session.scalar(select(User).where(User.username == username))
        if user is None:
            raise AdminError(f"no user {username!r}")
        user.disabled = True
        for token in session.scalars(select(Token).where(Token.user_id == user.id)):
            token.revoked = True
        session.commit()


def revoke_device(url: str, device_id: str) -> None:
    with open_db(url) as session:
        device = session.get(Device, device_id)
        if device is None:
            raise AdminError(f"no device {device_id!r} (see 'kujdes-server status')")
        device.revoked = True
        for token in session.scalars(select(Token).where(Token.device_id == device_id)):
            token.revoked = True
        session.commit()


def write_server_record(session: Session, record_type: str, record_id: str,
                        fields: dict[str, Any], deleted: bool = False) -> RecordRow:
    """Write a record made by the server itself (catalogs), with its own revision."""
    rev = allocate_revs(session, 1)
    hlc = format_stamp(time.time_ns() // 1_000_000, 0, SERVER_DEVICE)
    row = session.get(RecordRow, record_id)
    if row is None:
        row = RecordRow(id=record_id, type=record_type, creator_device=SERVER_DEVICE)
        session.add(row)
    row.fields, row.deleted, row.rev, row.updated_at = fields, deleted, rev, utcnow()
    row.stamps = {k: [rev, hlc, SERVER_DEVICE, "admin", ""] for k in fields}
    for name, value in scope_columns(record_type, fields).items():
        setattr(row, name, value)
    return row


def _read_csv(path: Path, required: tuple[str, ...]) -> list[tuple[int, dict[str, str]]]:
    try:
        with path.open(encoding="utf-8-sig", newline="") as fh:
            reader = csv.DictReader(fh)
            missing = [c for c in required if c not in (reader.fieldnames or [])]
            if missing:
                raise AdminError(f"{path.name}: missing column(s) {', '.join(missing)}")
            return [(n + 2, {k: (v or "").strip() for k, v in row.items() if k})
                    for n, row in enumerate(reader)]
    except (OSError, UnicodeDecodeError, csv.Error) as exc:
        raise AdminError(f"{path.name}: cannot read it ({exc})") from exc


def import_places(url: str, path: str | Path) -> int:
    """Villages of this municipality from CSV (municipality,administrative_unit,village,
    area_type); rows of other municipalities are skipped. Returns how many were written."""
    path = Path(path)
    rows = _read_csv(path, ("municipality", "administrative_unit", "village"))
    with open_db(url) as session:
        municipality = _settings(session)["municipality"]
        existing = {(r.fields.get("administrative_unit"), r.fields.get("name")): r
                    for r in session.scalars(select(RecordRow).where(RecordRow.type == "village"))}
        written = 0
        for line, row in rows:
            if row["municipality"] != municipality:
                continue
            if not row["village"] or not row["administrative_unit"]:
                raise AdminError(f"{path.name}:{line}: village and administrative_unit needed")
            area = row.get("area_type") or None
            if area not in (None, "urban", "rural"):
                raise AdminError(f"{path.name}:{line}: area_type must be urban or rural")
            fields = {"name": row["village"], "administrative_unit": row["administrative_unit"],
                      "municipality": municipality}
            if area:
                fields["area_type"] = area
            old = existing.get((row["administrative_unit"], row["village"]))
            if old is not None and old.fields == fields:
                continue
            write_server_record(session, "village", old.id if old else uuid7(), fields)
            written += 1
        session.commit()
        return written


SERVICE_COLUMNS = ("name", "services", "target_groups", "capacity", "administrative_unit",
                   "address", "phone", "public")


def import_services(url: str, path: str | Path) -> int:
    """Service providers from CSV: name,services,target_groups,capacity,municipality,
    administrative_unit,address,phone,public (codes separated by ';')."""
    path = Path(path)
    rows = _read_csv(path, ("name", "services"))
    with open_db(url) as session:
        settings = _settings(session)
        profile = load_profile(settings.get("country", "AL"))
        existing = {r.fields.get("name"): r for r in session.scalars(
            select(RecordRow).where(RecordRow.type == "service_provider"))}
        written = 0
        for line, row in rows:
            if row.get("municipality") and row["municipality"] != settings["municipality"]:
                continue
            fields = _provider_fields(row, settings["municipality"], f"{path.name}:{line}")
            problems = profile.validate_fields("service_provider", fields, complete=True)
            if problems:
                raise AdminError(f"{path.name}:{line}: {'; '.join(problems)}")
            old = existing.get(fields["name"])
            if old is not None and old.fields == fields:
                continue
            write_server_record(session, "service_provider", old.id if old else uuid7(), fields)
            written += 1
        session.commit()
        return written


def _provider_fields(row: dict[str, str], municipality: str, where: str) -> dict[str, Any]:
    if not row["name"]:
        raise AdminError(f"{where}: name needed")
    fields: dict[str, Any] = {"name": row["name"], "municipality": municipality,
                              "services": _codes(row.get("services")),
                              "target_groups": _codes(row.get("target_groups"))}
    for key in ("administrative_unit", "address", "phone"):
        if row.get(key):
            fields[key] = row[key]
    if row.get("capacity"):
        if not row["capacity"].isdigit():
            raise AdminError(f"{where}: capacity must be a whole number")
        fields["capacity"] = int(row["capacity"])
    if row.get("public"):
        fields["public"] = row["public"].lower() in ("1", "yes", "true", "po", "publik")
    return fields


def _codes(text: str | None) -> list[str]:
    return [c.strip() for c in (text or "").split(";") if c.strip()]


@dataclass
class Status:
    municipality: str
    users: list[dict[str, Any]]
    devices: list[dict[str, Any]]
    open_conflicts: int
    records: int


def status(url: str) -> Status:
    with open_db(url) as session:
        municipality = _settings(session)["municipality"]
        users = [{"username": u.username, "full_name": u.full_name, "role": u.role,
                  "units": list(u.units or []), "disabled": u.disabled}
                 for u in session.scalars(select(User).order_by(User.username))]
        devices = [{"id": d.id, "name": d.name, "revoked": d.revoked, "last_user": d.last_user,
                    "last_seen": d.last_seen, "last_sync": d.last_sync}
                   for d in session.scalars(select(Device).order_by(Device.first_seen))]
        conflicts = session.scalar(select(func.count()).select_from(RecordRow).where(
            RecordRow.type == CONFLICT_TYPE, RecordRow.status == "open")) or 0
        records = session.scalar(select(func.count()).select_from(RecordRow)) or 0
        return Status(municipality, users, devices, conflicts, records)


def audit_for_case(url: str, case_number: str) -> list[Any]:
    """The audit lines of one case (see :func:`sync.server.audit.for_case`)."""
    from sync.server import audit

    with open_db(url) as session:
        _settings(session)
        lines = audit.for_case(session, case_number)
    if lines is None:
        raise AdminError(f"no case numbered {case_number!r}")
    return lines
