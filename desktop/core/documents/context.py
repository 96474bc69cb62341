"""What every document is made from, and how values are turned into printed text.

:class:`DocumentContext` is plain data: the profile, the letterhead, the case, the person and
household, who prints, in which language, whether sensitive fields are included, and the
time. :class:`View` is made per rendering: it formats values (dates as dd.MM.yyyy, codes as
labels) and leaves out fields the profile marks sensitive, remembering which it left out.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from typing import Any

from desktop.core.documents.choices import CHOICES
from desktop.core.documents.errors import DocumentError
from desktop.core.documents.letterhead import Letterhead, place_names
from desktop.core.i18n import LANGUAGES, cptr, localized
from sync.profile import Profile
from sync.records import Record

_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


@dataclass(frozen=True)
class DocumentContext:
    """Everything a document needs besides the records it is about."""

    profile: Profile
    letterhead: Letterhead
    case: Record
    person: Record
    household: Record | None = None
    printed_by: str = ""
    language: str = "sq"
    include_sensitive: bool = False
    now: dt.datetime | None = None
    worker_role: str | None = None  # role code of the printing worker, for the signature block
    head_of_unit: str | None = None  # name printed under the approval signature, if known

    def __post_init__(self) -> None:
        if self.language not in LANGUAGES:
            raise DocumentError(f"language must be one of {', '.join(LANGUAGES)}, "
                                f"not {self.language!r}")
        if not self.printed_by.strip():
            raise DocumentError("printed_by (the worker's full name) is required")
        _expect(self.case, "case", "case")
        _expect(self.person, "person", "person")
        if self.household is not None:
            _expect(self.household, "household", "household")
        if self.now is None:
            object.__setattr__(self, "now", dt.datetime.now())

    @property
    def case_number(self) -> str:
        return str(self.case.get("case_number") or "")


def _expect(record: Any, record_type: str, what: str) -> None:
    if not isinstance(record, Record):
        raise DocumentError(f"{what}: expected a Record, got {type(record).__name__}")
    if record.type != record_type:
        raise DocumentError(f"{what}: expected a {record_type} record, got {record.type!r}")


def format_date(value: Any) -> str:
    """An ISO date (or date, datetime) as dd.MM.yyyy; anything else as given."""
    if isinstance(value, dt.datetime):
        value = value.date()
    if isinstance(value, dt.date):
        return value.strftime("%d.%m.%Y")
    if isinstance(value, str) and len(value) >= 10 and _ISO_DATE.match(value[:10]):
        try:
            return dt.date.fromisoformat(value[:10]).strftime("%d.%m.%Y")
        except ValueError:
            return value
    return "" if value is None else str(value)


def format_number(value: float) -> str:
    """Thousands grouped with a no-break space, decimals with a comma: 18 000, 1 250,5."""
    if isinstance(value, float) and not value.is_integer():
        whole, _, frac = f"{value:,.2f}".rstrip("0").partition(".")
        return whole.replace(",", "\u00a0") + "," + frac
    return f"{int(value):,}".replace(",", "\u00a0")


def format_datetime(value: dt.datetime) -> str:
    return value.strftime("%d.%m.%Y %H:%M")


def age_on(birth_date: Any, when: dt.date) -> int | None:
    try:
        born = dt.date.fromisoformat(str(birth_date)[:10])
    except ValueError:
        return None
    return when.year - born.year - ((when.month, when.day) < (born.month, born.day))


class View:
    """Formatting and privacy rules for one rendering of one document."""

    def __init__(self, ctx: DocumentContext) -> None:
        self.ctx = ctx
        self.lang = ctx.language
        self.profile = ctx.profile
        # Labels of sensitive fields left out (never values); the document only says that
        # something was left out, not what.
        self.omitted: list[str] = []

    # -- fixed text and labels ------------------------------------------------------------
    def t(self, message: str, /, **values: object) -> str:
        """Fixed text of a document, in the document's language."""
        return cptr(self.profile.country, "document", message, self.lang, **values)

    def code(self, section: str, code: str | None) -> str:
        return self.profile.label(section, code, self.lang) if code else ""

    def field_label(self, record_type: str, name: str) -> str:
        """The profile's label of a field; a field declared without one borrows the label of a
        same-named field of another record type (visit.village -> person.village)."""
        types = [self.profile.record_type(record_type), *self.profile.record_types.values()]
        for spec in types:
            field = spec.fields.get(name)
            if field is not None and field.label:
                return localized(field.label, self.lang) or name
        return name

    def place(self, name: str) -> str:
        """A place as this document's language names it (Gjilan is Gnjilane in Serbian) where
        the country's list of municipalities has the other name."""
        return place_names(self.profile.country, name).get(self.lang, name) if name else ""

    def yes_no(self, value: bool) -> str:
        return self.t("Yes") if value else self.t("No")

    # -- privacy ---------------------------------------------------------------------------
    def hidden(self, record_type: str, name: str) -> bool:
        """True when the profile marks the field sensitive and sensitive data is not chosen."""
        if self.ctx.include_sensitive:
            return False
        spec = self.profile.record_type(record_type).fields.get(name)
        return bool(spec and spec.sensitive)

    def note_omitted(self, label: str) -> None:
        if label not in self.omitted:
            self.omitted.append(label)

    def sensitive_code(self, section: str, code: str) -> bool:
        """True for a profile code marked sensitive (or under a sensitive parent)."""
        for item in self.profile.items(section):
            subs = item.get("subgroups", []) + item.get("services", [])
            if item.get("code") == code:
                return bool(item.get("sensitive"))
            if any(sub.get("code") == code for sub in subs):
                return bool(item.get("sensitive")) or any(
                    sub.get("code") == code and sub.get("sensitive") for sub in subs)
        return False

    # -- values ----------------------------------------------------------------------------
    def value(self, record: Record | None, name: str) -> str:
        """A field of a record as printed text ("" when empty or left out as sensitive)."""
        if record is None:
            return ""
        raw = record.get(name)
        if raw in (None, "", []):
            return ""
        if self.hidden(record.type, name):
            self.note_omitted(self.field_label(record.type, name))
            return ""
        return self.format_field(record.type, name, raw)

    def format_field(self, record_type: str, name: str, raw: Any) -> str:
        spec = self.profile.record_type(record_type).fields.get(name)
        kind = spec.type if spec else None
        if kind == "date":
            return format_date(raw)
        if kind == "bool" or isinstance(raw, bool):
            return self.yes_no(bool(raw))
        if kind == "select_one":
            return self.choice(record_type, name, str(raw))
        if kind == "select_multiple" and isinstance(raw, list):
            return ", ".join(self.choices(record_type, name, raw))
        if kind in ("integer", "decimal") and isinstance(raw, int | float):
            return format_number(raw)
        return self.plain(raw)

    def choice(self, record_type: str, name: str, code: str) -> str:
        section = self._choice_section(record_type, name)
        if section:
            return self.profile.label(section, code, self.lang)
        choices = CHOICES.get(f"{record_type}.{name}", {})
        return self.t(choices[code]) if code in choices else code

    def choices(self, record_type: str, name: str, codes: list[Any]) -> list[str]:
        """Labels of several codes; codes the profile marks sensitive (a target group such as
        domestic violence) are left out unless sensitive data is chosen."""
        section = self._choice_section(record_type, name)
        shown = []
        for code in map(str, codes):
            hide = bool(section) and not self.ctx.include_sensitive and \
                self.sensitive_code(section, code)
            if hide:
                self.note_omitted(self.field_label(record_type, name))
            else:
                shown.append(self.choice(record_type, name, code))
        return shown

    def _choice_section(self, record_type: str, name: str) -> str | None:
        raw = self.profile.data.get("record_types", {}).get(record_type, {})
        choices = raw.get("fields", {}).get(name, {}).get("choices")
        return choices if isinstance(choices, str) else None

    def service(self, code: Any) -> str:
        """A service taxonomy code as its label; free text as given."""
        return self.code("service_taxonomy", str(code)) if code else ""

    def plain(self, raw: Any) -> str:
        """Any JSON value as readable text."""
        if raw is None:
            return ""
        if isinstance(raw, bool):
            return self.yes_no(raw)
        if isinstance(raw, float):
            return f"{raw:g}" if raw != int(raw) else str(int(raw))
        if isinstance(raw, list):
            return ", ".join(self.plain(v) for v in raw if v not in (None, ""))
        if isinstance(raw, dict):
            return "; ".join(f"{k}: {self.plain(v)}" for k, v in raw.items())
        if isinstance(raw, str) and _ISO_DATE.match(raw):
            return format_date(raw)
        return str(raw)

    def rows(self, record: Record | None, names: list[str]) -> list[tuple[str, str]]:
        """(label, value) for each named field that has a printable value."""
        if record is None:
            return []
        out = []
        for name in names:
            value = self.value(record, name)
            if value:
                out.append((self.field_label(record.type, name), value))
        return out

    # -- people ----------------------------------------------------------------------------
    def full_name(self, person: Record) -> str:
        parts = [person.get("first_name"), person.get("last_name")]
        return " ".join(str(p).strip() for p in parts if p)

    def age(self, person: Record) -> int | None:
        born = person.get("birth_date")
        return age_on(born, self.ctx.now.date()) if born else None

    def is_minor(self, person: Record) -> bool:
        age = self.age(person)
        return age is not None and age < 18
