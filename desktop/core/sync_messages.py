"""What to tell a person when sync, or a sign-in through the server, did not work."""

from __future__ import annotations

from desktop.core.errors import KujdesError
from desktop.core.i18n import fmt_number, ntr, tr
from sync.client import (
    AuthError,
    BadServerAddress,
    CaCertMissing,
    InsecureServer,
    NetworkError,
    ProtocolError,
    RateLimited,
    RequestRefused,
    RevokedError,
    ServerError,
    SyncError,
    UntrustedServer,
    WrongCredentials,
)
from sync.engine import SyncCancelled

# The most specific kind first: the first that the error is an instance of says it.
_BY_KIND: tuple[tuple[type[BaseException], str], ...] = (
    (BadServerAddress, "The server address is not valid: it starts with https:// and names "
                         "the server, for example https://kujdes.bashkia.al."),
    (InsecureServer, "The server address starts with http://, so the password and the case "
                       "records would cross the network unencrypted: nothing was sent. Use the "
                       "server's https:// address (plain http:// works only for a server on "
                       "this computer)."),
    (CaCertMissing, "The municipality's certificate file set up on this laptop (ca_cert in "
                      "the settings) cannot be read: nothing was sent. Ask the IT staff to "
                      "install it again."),
    (UntrustedServer, "The municipal server's certificate could not be verified, so nothing "
                        "was sent. If the municipality uses its own certificate authority, its "
                        "certificate must be set up on this laptop (ca_cert in the settings); "
                        "ask the IT staff."),
    (SyncCancelled, "Sync was cancelled; what was already sent or received is kept."),
    (RateLimited, "Too many sign-ins failed on the server. Wait a few minutes and try again."),
    (RevokedError, "The municipal server has disabled this laptop or this user: the vault "
                     "was removed from this laptop. Ask the head of unit."),
    (WrongCredentials, "The municipal server did not accept this user name and password. "
                         "Check both and try again."),
    (AuthError, "The server does not accept this laptop's session. Sign in again while "
                  "connected to the municipal server."),
    (NetworkError, "The municipal server could not be reached. Nothing is lost: try again "
                     "when there is a connection."),
    (ProtocolError, "This version of Kujdes cannot talk to the municipal server. Update "
                      "Kujdes."),
    (ServerError, "The municipal server answered with an error. Nothing is lost: try again "
                    "later."),
    (RequestRefused, "The municipal server refused the request. Nothing is lost; tell the "
                       "head of unit if it happens again."),
)


def error_text(error: BaseException) -> str:
    """A translated sentence for any error of the vault, the server or sync."""
    if isinstance(error, KujdesError):
        return error.translated()
    for kind, msgid in _BY_KIND:
        if isinstance(error, kind):
            return tr(msgid)
    if isinstance(error, SyncError):
        return tr("Sync did not finish. Nothing is lost; the next sync resumes.")
    return tr("Something went wrong.")


KIND_TEXT = {"person": "Person", "household": "Household", "case": "Case", "visit": "Visit",
             "assessment": "Assessment", "plan": "Plan", "plan_action": "Plan action",
             "referral": "Referral", "measure": "Measure", "note": "Note",
             "consent": "Consent", "attachment": "Attachment", "meeting": "Meeting",
             "conflict": "Conflict"}


def kind_text(record_type: str) -> str:
    """A record type as a person reads it (one record)."""
    return tr(KIND_TEXT.get(record_type, record_type))


def refusals_summary(refused_now: int, still_open: int) -> str:
    """How many changes the server refused in this sync, and how many wait for a decision."""
    return ntr("The municipal server refused {n} change in this sync; {open} refused in "
               "all wait for you to correct and send again, hand over, or discard.",
               "The municipal server refused {n} changes in this sync; {open} refused in "
               "all wait for you to correct and send again, hand over, or discard.",
               refused_now, open=fmt_number(still_open))
