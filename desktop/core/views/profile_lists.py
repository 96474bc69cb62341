"""Profile lists as (code, label) pairs in the current language, for drop-downs and tables:
what the country profile declares, never a list written into a screen (Qt-free)."""

from __future__ import annotations

from desktop.core.forms.display import localized
from desktop.core.i18n import current_language
from sync.profile import Profile


def profile_label(profile: Profile, section: str, code: str | None) -> str:
    return profile.label(section, code, current_language()) if code else ""


def field_choices(profile: Profile, record_type: str, field: str) -> tuple[str, ...]:
    """The codes the profile allows for a select field of a record type (sex, area ...)."""
    spec = profile.record_type(record_type).fields.get(field)
    return tuple(spec.choices or ()) if spec is not None else ()


def profile_entries(profile: Profile, section: str) -> list[tuple[str, str]]:
    return [(item["code"], localized(item.get("label"))) for item in profile.items(section)]


def service_entries(profile: Profile) -> list[tuple[str, str]]:
    """Every service of the taxonomy as "Group – Service"."""
    out = []
    for group in profile.items("service_taxonomy"):
        for service in group.get("services", []):
            out.append((service["code"], f"{localized(service.get('label'))}  ·  "
                        f"{localized(group.get('label'))}"))
    return out
