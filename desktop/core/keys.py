"""The vault key file: a random data key wrapped by a key derived from the user's password.

The data key (256 bits) opens the SQLCipher database directly. It is wrapped with AES-256-GCM
under a key derived from the password with Argon2id; the Argon2id parameters are stored beside
the wrap, so they can be raised later without breaking old vaults. Changing the password
rewraps the data key; the database is not re-encrypted.

The key file also counts failed password attempts (not secret, but never personal data).
"""

from __future__ import annotations

import base64
import contextlib
import json
import os
import secrets
import sys
import threading
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from pathlib import Path

from desktop.core.atomic import write_atomic
from desktop.core.errors import VaultCorrupt

KEY_FILE_FORMAT = 1
# Added to the niceness of the thread deriving the key (Linux: per thread; up to 19).
LANES_NICENESS = 10
_AAD = b"kujdes-vault-data-key-v1:"


@dataclass(frozen=True)
class KdfParams:
    """Argon2id parameters; the defaults take about half a second on a modest laptop.

    Four lanes (RFC 9106's recommendation) let a laptop with two or more cores derive the key
    on all of them: the memory (128 MiB) and the passes (3) an attacker pays for each guess
    are the same as with one lane, the wait at unlock about half as long.
    """

    time_cost: int = 3
    memory_cost: int = 131_072  # KiB = 128 MiB
    parallelism: int = 4

    def derive(self, password: str, salt: bytes) -> bytes:
        from argon2.low_level import Type, hash_secret_raw  # not needed to list the vaults

        return _behind_the_screen(lambda: hash_secret_raw(
            password.encode("utf-8"), salt, self.time_cost, self.memory_cost,
            self.parallelism, 32, Type.ID))


#: For tests only: the same algorithm with cheap parameters.
FAST_KDF = KdfParams(time_cost=1, memory_cost=8_192, parallelism=1)
#: The parameters earlier versions wrapped the key with, and what replaces them at the next
#: unlock: the same memory and passes on more lanes (nothing an attacker pays is lowered).
KDF_UPGRADES = {KdfParams(time_cost=3, memory_cost=131_072, parallelism=1): KdfParams()}


@dataclass
class KeyFile:
    user: str
    salt: str
    nonce: str
    wrapped: str
    kdf: KdfParams
    device_id: str
    created: str
    failures: int = 0
    last_failure: float | None = None
    locked_out: bool = False
    format: int = KEY_FILE_FORMAT
    extra: dict[str, object] = field(default_factory=dict)

    # -- wrapping ---------------------------------------------------------------------------
    @classmethod
    def new(cls, user: str, password: str, data_key: bytes, kdf: KdfParams, device_id: str,
            created: str) -> KeyFile:
        salt, nonce = secrets.token_bytes(16), secrets.token_bytes(12)
        wrapped = _wrap(user, password, data_key, kdf, salt, nonce)
        return cls(user=user, salt=_b64(salt), nonce=_b64(nonce), wrapped=_b64(wrapped),
                   kdf=kdf, device_id=device_id, created=created)

    def unwrap(self, password: str) -> bytes | None:
        """The data key, or None when the password is wrong."""
        from cryptography.exceptions import InvalidTag
        from cryptography.hazmat.primitives.ciphers.aead import AESGCM

        wrap_key = self.kdf.derive(password, _unb64(self.salt))
        try:
            return AESGCM(wrap_key).decrypt(_unb64(self.nonce), _unb64(self.wrapped),
                                            _AAD + self.user.encode("utf-8"))
        except InvalidTag:
            return None

    def rewrap(self, password: str, data_key: bytes, kdf: KdfParams | None = None) -> None:
        """Wrap the data key again under ``password`` (and ``kdf``, when given)."""
        self.kdf = kdf or self.kdf
        salt, nonce = secrets.token_bytes(16), secrets.token_bytes(12)
        self.wrapped = _b64(_wrap(self.user, password, data_key, self.kdf, salt, nonce))
        self.salt, self.nonce = _b64(salt), _b64(nonce)

    # -- storage ----------------------------------------------------------------------------
    def save(self, path: Path) -> None:
        data = asdict(self)
        write_atomic(path, json.dumps(data, indent=2, sort_keys=True).encode("utf-8"))

    @classmethod
    def load(cls, path: Path) -> KeyFile:
        try:
            data = json.loads(path.read_bytes())
            data["kdf"] = KdfParams(**data["kdf"])
            keyfile = cls(**data)
            for value in (keyfile.salt, keyfile.nonce, keyfile.wrapped):
                _unb64(value)
        except (OSError, ValueError, TypeError, KeyError) as exc:
            raise VaultCorrupt(detail="the key file is damaged") from exc
        return keyfile


def _behind_the_screen(derive: Callable[[], bytes]) -> bytes:
    """``derive()`` on a thread of lower priority, whose lanes (threads it starts, which inherit
    it) leave a core to the screen's thread when it has work: the screen builds the workspace
    meanwhile, and would otherwise wait behind four lanes on two cores. Where a thread's
    priority cannot be lowered (not Linux), ``derive()`` runs as it is."""
    if not sys.platform.startswith("linux"):
        return derive()
    outcome: list[bytes | BaseException] = []

    def run() -> None:
        with contextlib.suppress(OSError):
            me = threading.get_native_id()
            nice = os.getpriority(os.PRIO_PROCESS, me)
            os.setpriority(os.PRIO_PROCESS, me, min(19, nice + LANES_NICENESS))
        try:
            outcome.append(derive())
        except BaseException as exc:  # noqa: BLE001 - raised again on the calling thread
            outcome.append(exc)

    lanes = threading.Thread(target=run, name="kujdes-key-lanes", daemon=True)
    lanes.start()
    lanes.join()
    if isinstance(outcome[0], BaseException):
        raise outcome[0]
    return outcome[0]


def new_data_key() -> bytes:
    return os.urandom(32)


def _wrap(user: str, password: str, data_key: bytes, kdf: KdfParams, salt: bytes,
          nonce: bytes) -> bytes:
    from cryptography.hazmat.primitives.ciphers.aead import AESGCM

    return AESGCM(kdf.derive(password, salt)).encrypt(nonce, data_key,
                                                      _AAD + user.encode("utf-8"))


def _b64(raw: bytes) -> str:
    return base64.b64encode(raw).decode("ascii")


def _unb64(text: str) -> bytes:
    return base64.b64decode(text.encode("ascii"), validate=True)
