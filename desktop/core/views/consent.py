"""What the case shows of the person's consent: its status, by whom, the date, who recorded it
and its earlier states; and which consents a withdrawal can be recorded for (Qt-free)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from desktop.core.casework.consent import GIVEN, status_of
from desktop.core.i18n import fmt_date, tr
from desktop.core.store import Store
from desktop.core.views.case import case_heading
from desktop.core.views.profile_lists import profile_label
from sync.profile import Profile
from sync.records import Record


def consent_rows(profile: Profile, consents: list[Record]) -> list[tuple[str, str]]:
    """(name, value) lines for the newest consent of the person, then its earlier states."""
    if not consents:
        return [(tr("Consent"), tr("No consent or legal basis on record"))]
    record = consents[0]
    f = record.fields
    status = status_of(record)
    rows = [(tr("Consent"), " · ".join(p for p in (
        profile_label(profile, "consent_statuses", status),
        profile_label(profile, "consent_kinds", f.get("kind"))) if p))]
    if f.get("decided_by"):
        rows.append((tr("By"), profile_label(profile, "consent_parties", f["decided_by"])))
    rows.append((tr("Date"), fmt_date(f.get("status_on") or f.get("given_on"))))
    if f.get("recorded_by"):
        rows.append((tr("Recorded by"), str(f["recorded_by"])))
    if f.get("withdrawal_reason") and status != GIVEN:
        rows.append((tr("Reason for the withdrawal"), str(f["withdrawal_reason"])))
    if status == GIVEN and f.get("valid_until"):
        rows.append((tr("Valid until"), fmt_date(f["valid_until"])))
    if f.get("legal_basis"):
        rows.append((tr("Legal basis"), profile_label(profile, "legal_bases", f["legal_basis"])))
    earlier = [history_line(profile, h) for h in (f.get("history") or [])[:-1]]
    if earlier:
        rows.append((tr("Earlier"), "\n".join(earlier)))
    return rows


def history_line(profile: Profile, entry: dict[str, Any]) -> str:
    """"Given on 02.03.2026 by the beneficiary (recorded by arta)"."""
    status = profile_label(profile, "consent_statuses", entry.get("status"))
    by = profile_label(profile, "consent_parties", entry.get("by"))
    text = tr("{status} on {date}", status=status, date=fmt_date(entry.get("on")))
    if by:
        text += " · " + by
    if entry.get("recorded_by"):
        text += " · " + tr("recorded by {user}", user=entry["recorded_by"])
    return text


@dataclass(frozen=True)
class WithdrawalContext:
    """The withdrawal dialog's case and the consents that can be withdrawn."""

    number: str
    name: str
    consents: list[tuple[str, str]]     # (consent id, what it is)


def withdrawal_context(store: Store, case_id: str) -> WithdrawalContext:
    heading = case_heading(store, case_id)
    case = store.require(case_id)
    person_id = str(case.fields.get("person_id") or "")
    given = [r for r in store.query("consent", person_id=person_id, order_by="main_date",
                                    descending=True, limit=100) if status_of(r) == GIVEN]
    profile = store.profile
    return WithdrawalContext(heading.number, heading.name, [
        (r.id, tr("{kind}, given on {date}",
                  kind=profile_label(profile, "consent_kinds", r.fields.get("kind")),
                  date=fmt_date(r.fields.get("given_on")))) for r in given])
