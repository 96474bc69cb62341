"""The dimensions tables are counted by: their heading, their codes in order, their labels.

A dimension with a fixed list of codes (from the profile or below) always shows every code, so
tables keep their shape from one period to the next; codes found in the data but not in the
list follow; a missing value ("not recorded") comes last and only when it occurs.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass

from desktop.core.i18n import ptr
from desktop.core.reports.bases import FIXED
from desktop.core.reports.facts import AGE_BANDS
from desktop.core.reports.texts import CODE_LABELS, DIMENSION_TITLES
from sync.profile import Profile


@dataclass(frozen=True)
class Dimension:
    name: str
    section: str | None = None       # profile list that names the codes
    fixed: tuple[str, ...] = ()      # codes (when not from the profile)
    prefix: str = ""                 # prefix of fixed codes in CODE_LABELS
    all_codes: bool = True           # show every listed code, even at zero

    def codes(self, profile: Profile) -> list[str]:
        if self.section == "service_taxonomy:top":
            return [c["code"] for c in profile.items("service_taxonomy")]
        if self.section == "target_groups:top":
            return [g["code"] for g in profile.items("target_groups")]
        if self.section == "measure_types:reported":
            return [m["code"] for m in profile.items("measure_types")
                    if m.get("report_every_days")]
        if self.section:
            return profile.codes(self.section) or list(self.fixed)
        return list(self.fixed)

    def label(self, profile: Profile, code: str | None, language: str) -> str:
        if code is None:
            return ptr("report", "Not recorded", language)
        if self.name == "place":
            unit, _, village = code.partition(" / ")
            return f"{village} ({unit})" if unit else village
        if self.name == "form":
            return form_title(code, language)
        key = f"{self.prefix}{code}"
        if self.section and profile.item(self.section.split(":")[0], code):
            return profile.label(self.section.split(":")[0], code, language)
        if self.prefix and key in CODE_LABELS:
            return ptr("report", CODE_LABELS[key], language)
        return code.replace("-", "–") if self.name == "age_band" else code

    def heading(self, language: str) -> str:
        return ptr("report", DIMENSION_TITLES[self.name], language)

    def order(self, profile: Profile, found: Iterable[str | None],
              always: Iterable[str] = ()) -> list[str | None]:
        listed = self.codes(profile)
        found = set(found)
        wanted = set(always) | (set(listed) if self.all_codes else set())
        known = [c for c in listed if c in wanted or c in found]
        rest = sorted((c for c in (found | set(always)) if c is not None and c not in listed),
                      key=sort_key)
        return [*known, *rest, *([None] if None in found else [])]


def sort_key(text: str) -> str:
    """Alphabetical order that puts ë with e and ç with c."""
    folded = unicodedata.normalize("NFKD", text.casefold())
    return "".join(ch for ch in folded if not unicodedata.combining(ch))


def _dims(*dims: Dimension) -> dict[str, Dimension]:
    return {d.name: d for d in dims}


DIMENSIONS: dict[str, Dimension] = _dims(
    Dimension("source", section="referral_sources"),
    Dimension("sex", fixed=("F", "M"), prefix="sex_"),
    Dimension("age_band", fixed=AGE_BANDS),
    Dimension("unit", all_codes=False),
    Dimension("place", all_codes=False),
    Dimension("area", fixed=("urban", "rural"), prefix="area_"),
    Dimension("case_type", section="case_types"),
    Dimension("case_status", section="case_statuses"),
    Dimension("opened_in", fixed=("1", "0"), prefix="opened_"),
    Dimension("closure_reason", section="closure_reasons", all_codes=False),
    Dimension("target_group", section="target_groups:top"),
    Dimension("plan_type", section="plan_types"),
    Dimension("origin", fixed=("new", "revised"), prefix="origin_"),
    Dimension("review", fixed=("on_time", "late", "overdue", "not_due"), prefix="review_"),
    Dimension("service", section="service_taxonomy", all_codes=False),
    Dimension("category", section="service_taxonomy:top"),
    Dimension("referral_status", section="referral_statuses",
              fixed=("sent", "accepted", "delivered", "refused", "not_possible"),
              prefix="delivery_"),
    Dimension("delivery", fixed=("delivered", "pending", "refused", "not_possible"),
              prefix="delivery_"),
    Dimension("not_possible_reason", section="not_possible_reasons",
              fixed=("no_capacity", "distance", "not_available", "other")),
    Dimension("protocol", section="visit_protocols",
              fixed=("routine", "rapid_response", "emergency")),
    Dimension("measure_type", section="measure_types"),
    Dimension("reported_measure", section="measure_types:reported"),
    Dimension("measure_status", fixed=("active", "ended", "revoked"),
              prefix="measure_status_"),
    Dimension("report_outcome", fixed=("on_time", "late", "missing"), prefix="report_"),
    Dimension("score", fixed=("1", "2", "3", "4", "5"), prefix="score_"),
    Dimension("pathway", fixed=FIXED["pathway"], prefix="pathway_"),
    Dimension("form", all_codes=False),
    Dimension("provider", all_codes=False),
    Dimension("provider_level", section="provider_levels"),
    Dimension("provider_place", fixed=FIXED["provider_place"], prefix="provider_place_"),
    Dimension("meeting_group", section="multidisciplinary_groups"),
    Dimension("institution", section="institutions", all_codes=False),
    Dimension("act_type", section="administrative_act_types"),
    Dimension("decision", fixed=FIXED["decision"], prefix="decision_"),
)


def form_title(form_id: str, language: str) -> str:
    """The title of an assessment form (its id when the form is not known here)."""
    from desktop.core.forms.catalog import form_definition

    try:
        return form_definition(None, form_id).text(language)
    except Exception:  # a form received from the server, or retired: its id says which
        return form_id
