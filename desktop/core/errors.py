"""Errors a user can meet, each with a clear message in the user's language."""

from __future__ import annotations

from desktop.core.i18n import tr


class KujdesError(Exception):
    """Base class: ``str(error)`` is a translated, user-facing sentence."""

    message = "Something went wrong."

    def __init__(self, message: str | None = None, /, **values: object) -> None:
        self.msgid = message or self.message
        self.values = values
        super().__init__(tr(self.msgid, **values))

    def translated(self, language: str | None = None) -> str:
        return tr(self.msgid, language, **self.values)


class NoSuchVault(KujdesError):
    message = "There is no vault for user {user} on this laptop."


class VaultExists(KujdesError):
    message = "A vault for user {user} already exists on this laptop."


class WrongPassword(KujdesError):
    message = "Wrong password. {left} attempts left before the vault is locked."


class TooSoon(KujdesError):
    message = "Too many wrong passwords. Wait {seconds} seconds before trying again."


class VaultLockedOut(KujdesError):
    message = ("This vault is locked after too many wrong passwords. "
               "Connect to the municipal server and log in to unlock it.")


class VaultCorrupt(KujdesError):
    message = "The vault file is damaged or is not a Kujdes vault ({detail}). It was not changed."


class VaultDamaged(VaultCorrupt):
    """Some pages of a vault whose key is right cannot be read; ``what`` names the parts."""

    message = ("Part of this vault is damaged ({what} cannot be read); nothing was changed. "
               "Run \"kujdes vault rescue\" to copy everything that can still be read into a "
               "new vault, then sync.")


class VaultTooNew(KujdesError):
    message = ("This vault was written by a newer version of Kujdes (format {found}; this "
               "version reads up to {supported}). Update Kujdes; the vault was not changed.")


class VaultIsLocked(KujdesError):
    message = "The vault is locked. Unlock it with your password."


class InvalidRecord(KujdesError):
    message = "The {type} record is not valid: {problems}"


class NotFound(KujdesError):
    message = "No {what} {key}."

    def __init__(self, message: str | None = None, /, **values: object) -> None:
        if isinstance(values.get("what"), str):  # a short English noun, translated too
            values["what"] = tr(values["what"])
        super().__init__(message, **values)


class DiskFull(KujdesError):
    message = "The disk is full: nothing was saved. Free some space and try again."


def user_message(error: BaseException) -> str:
    """What to tell the worker about ``error``; details of unexpected errors stay off the
    screen (their kind goes to the log by whoever caught them)."""
    if isinstance(error, KujdesError):
        return str(error.translated())
    return tr("Something went wrong while saving: {kind}. Nothing typed was lost; try again.",
              kind=type(error).__name__)
