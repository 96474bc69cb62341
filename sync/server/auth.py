"""Passwords (Argon2id), device-bound revocable tokens, and rate-limited login."""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets
from dataclasses import dataclass

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import bindparam, delete, func, select
from sqlalchemy.orm import Session

from sync.protocol import DEVICE_HEADER, E_AUTH, E_DISABLED, E_INVALID, E_RATE, E_REVOKED, E_TOKEN
from sync.server.errors import ApiError
from sync.server.models import Device, LoginAttempt, Token, User, utcnow

_hasher = PasswordHasher()  # Argon2id with the library's current recommended parameters
_DUMMY_HASH = _hasher.hash("not a password of anyone")


TOUCH_SECONDS = 300  # a token's last use is written at most this often


@dataclass(frozen=True)
class LoginLimits:
    max_failures_per_user: int = 5
    max_failures_per_address: int = 30
    window_seconds: int = 900
    token_idle_seconds: int = 30 * 86400  # a token unused this long must sign in again


def use_hasher(hasher: PasswordHasher) -> None:
    """Replace the Argon2id parameters (tests use cheap ones; the algorithm stays Argon2id)."""
    global _hasher, _DUMMY_HASH
    _hasher = hasher
    _DUMMY_HASH = hasher.hash("not a password of anyone")


def hash_password(password: str) -> str:
    return _hasher.hash(password)


def verify_password(password_hash: str, password: str) -> bool:
    try:
        return _hasher.verify(password_hash, password)
    except (VerificationError, InvalidHashError):
        return False


def token_digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def check_rate(session: Session, username: str, address: str, limits: LoginLimits) -> None:
    since = utcnow() - dt.timedelta(seconds=limits.window_seconds)
    base = select(func.count()).select_from(LoginAttempt).where(
        LoginAttempt.at >= since, LoginAttempt.ok.is_(False))
    by_user = session.scalar(base.where(LoginAttempt.username == username)) or 0
    by_addr = session.scalar(base.where(LoginAttempt.address == address)) or 0
    if by_user >= limits.max_failures_per_user or by_addr >= limits.max_failures_per_address:
        raise ApiError(429, E_RATE, "Too many failed sign-ins. Wait a few minutes and try "
                       "again.", {"Retry-After": str(limits.window_seconds // 3)})


def login(session: Session, username: str, password: str, device_id: str, device_name: str,
          address: str, limits: LoginLimits) -> tuple[User, str]:
    """Check the password and the device; return the user and a new token for that device."""
    check_rate(session, username, address, limits)
    session.execute(delete(LoginAttempt).where(  # keep a day of attempts, no more
        LoginAttempt.at < utcnow() - dt.timedelta(days=1)))
    user = session.scalar(select(User).where(User.username == username))
    ok = verify_password(user.password_hash if user else _DUMMY_HASH, password) and user
    session.add(LoginAttempt(username=username[:80], address=address[:64], ok=bool(ok)))
    if not ok:
        session.commit()
        raise ApiError(401, E_AUTH, "Wrong username or password.")
    assert user is not None
    device = _device(session, device_id, device_name)
    check_allowed(user, device)
    token = secrets.token_urlsafe(32)
    session.add(Token(token_hash=token_digest(token), user_id=user.id, device_id=device.id,
                      last_used=utcnow()))
    device.last_seen, device.last_user = utcnow(), user.username
    session.commit()
    return user, token


def _device(session: Session, device_id: str, name: str) -> Device:
    device = session.get(Device, device_id)
    if device is None:
        device = Device(id=device_id, name=name[:200])
        session.add(device)
        session.flush()
    return device


def check_allowed(user: User | SignedUser, device: Device | SignedDevice) -> None:
    if device.revoked:
        raise ApiError(403, E_REVOKED, "This laptop has been revoked by the administrator. "
                       "Its data has been removed.")
    if user.disabled:
        raise ApiError(403, E_DISABLED, "This account has been disabled by the administrator. "
                       "Its data on this laptop has been removed.")


@dataclass(frozen=True)
class SignedUser:
    """The user behind a request's token, as :func:`authenticate` reads it."""

    id: int
    username: str
    full_name: str
    role: str
    units: list[str]
    disabled: bool


@dataclass(frozen=True)
class SignedDevice:
    id: str
    revoked: bool
    last_seen: dt.datetime | None
    last_sync: dt.datetime | None


@dataclass(frozen=True)
class SignedToken:
    token_hash: str
    device_id: str
    revoked: bool
    created_at: dt.datetime
    last_used: dt.datetime | None


# One query on every request: token, user and device, as plain columns (loading them as
# ORM objects cost more than the rest of a pull's sign-in).
_SIGNED_IN = (select(Token.token_hash, Token.device_id, Token.revoked, Token.created_at,
                     Token.last_used, User.id, User.username, User.full_name, User.role,
                     User.units, User.disabled, Device.id, Device.revoked, Device.last_seen,
                     Device.last_sync)
              .join(User, User.id == Token.user_id).join(Device, Device.id == Token.device_id)
              .where(Token.token_hash == bindparam("token_hash")))


def authenticate(session: Session, authorization: str | None, device_id: str | None,
                 idle_seconds: int = LoginLimits.token_idle_seconds,
                 ) -> tuple[SignedUser, SignedDevice, SignedToken]:
    """The user, device and token behind a ``Bearer`` token sent with its device's header.

    Revoked or disabled ones are refused (saying so, so the laptop wipes the vault), and so is
    a token unused for ``idle_seconds``.
    """
    if not authorization or not authorization.startswith("Bearer "):
        raise ApiError(401, E_TOKEN, "Sign in first (no token was sent).")
    if not device_id:
        raise ApiError(400, E_INVALID, f"Send this laptop's device id in the {DEVICE_HEADER} "
                       "header with its token.")
    found = session.connection().execute(
        _SIGNED_IN, {"token_hash": token_digest(authorization[7:].strip())}).first()
    if found is None:  # no such token, or its user or device is gone
        raise ApiError(401, E_TOKEN, "The session is no longer valid. Sign in again.")
    token = SignedToken(*found[:5])
    user = SignedUser(found[5], found[6], found[7], found[8], list(found[9] or ()),
                      bool(found[10]))
    device = SignedDevice(*found[11:])
    check_allowed(user, device)
    if token.revoked:
        raise ApiError(401, E_TOKEN, "The session is no longer valid. Sign in again.")
    if device_id != token.device_id:
        raise ApiError(401, E_TOKEN, "This token belongs to another device. Sign in again.")
    idle = utcnow() - (token.last_used or token.created_at)
    if idle > dt.timedelta(seconds=idle_seconds):
        raise ApiError(401, E_TOKEN, f"The session ended after {_span(idle_seconds)} without "
                       "use. Sign in again; nothing on this laptop is lost.")
    return user, device, token


def _span(seconds: int) -> str:
    if seconds >= 86400:
        days = round(seconds / 86400)
        return f"{days} day{'s' if days != 1 else ''}"
    return f"{seconds} second{'s' if seconds != 1 else ''}"


def needs_touch(token: SignedToken, idle_seconds: int) -> bool:
    last = token.last_used or token.created_at
    return utcnow() - last > dt.timedelta(seconds=min(TOUCH_SECONDS, idle_seconds // 10))


def touch(session: Session, token_hash: str) -> None:
    """Note that a token was used now (its idle time starts again)."""
    token = session.get(Token, token_hash)
    if token is not None:
        token.last_used = utcnow()
        session.commit()


def logout(session: Session, authorization: str | None) -> None:
    if authorization and authorization.startswith("Bearer "):
        token = session.get(Token, token_digest(authorization[7:].strip()))
        if token is not None:
            token.revoked = True
            session.commit()
