"""The municipality's letterhead: who issues the document, read from configuration.

A letterhead file is YAML (see ``resources/letterhead.example.yaml``). Text fields are either
one string or a mapping by language (``{sq: ..., en: ...}``). The logo path is relative to the
file. A logo that is named but missing or unreadable is a :class:`LetterheadError`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from io import BytesIO
from pathlib import Path
from typing import Any

from reportlab.lib.utils import ImageReader

from desktop.core.casework.places import find_municipality
from desktop.core.documents.errors import LetterheadError
from desktop.core.i18n import CYRILLIC, LANGUAGES, N_, cptr, localized, to_cyrillic
from sync.yamlfile import DataFileError, load_yaml

Localized = dict[str, str]
PAGE_SIZES = ("A4", "letter")
_TEXT_FIELDS = ("name", "unit", "state_line")
_PLAIN_FIELDS = ("address", "phone", "email", "place", "country", "page_size")
_KNOWN = set(_TEXT_FIELDS) | set(_PLAIN_FIELDS) | {"logo", "bilingual"}
# The state line above the municipality, by country code (the letterhead may set its own).
STATES = {"AL": N_("REPUBLIC OF ALBANIA"), "XK": N_("REPUBLIC OF KOSOVO")}
# A municipality without its own letterhead may print these pairs (Kosovo: Albanian and
# Serbian, both official languages), one language after the other.
DEFAULT_BILINGUAL = {"XK": {"languages": ["sq", "sr"]}} if "sr" in LANGUAGES else {}
LAYOUTS = ("one_after_other", "side_by_side")
SEPARATOR = "+"


@dataclass(frozen=True)
class Bilingual:
    """Two languages printed together, and how."""

    languages: tuple[str, str]
    layout: str = "one_after_other"

    def __post_init__(self) -> None:
        if len(self.languages) != 2 or len(set(self.languages)) != 2 or \
                any(lang not in LANGUAGES for lang in self.languages):
            raise LetterheadError("letterhead bilingual: two different languages of "
                                  f"{', '.join(LANGUAGES)}")
        if self.layout not in LAYOUTS:
            raise LetterheadError(f"letterhead bilingual layout must be one of "
                                  f"{', '.join(LAYOUTS)}, not {self.layout!r}")

    @classmethod
    def parse(cls, value: object) -> Bilingual:
        """From the letterhead file: ``{languages: [sq, sr], layout: side_by_side}``."""
        if not isinstance(value, dict) or not isinstance(value.get("languages"), list):
            raise LetterheadError("letterhead bilingual: expected {languages: [sq, sr], "
                                  "layout: one_after_other or side_by_side}")
        return cls(tuple(str(v) for v in value["languages"]),  # type: ignore[arg-type]
                   str(value.get("layout", "one_after_other")))

    @property
    def code(self) -> str:
        """The document language that asks for this pair: ``sq+sr``."""
        return SEPARATOR.join(self.languages)


def place_names(country: str, municipality: str) -> dict[str, str]:
    """The municipality's name by language where its Serbian name is known (Gjilan: Gnjilane)."""
    found = find_municipality(country, municipality) if country != "AL" else None
    if found is None or not found.name_sr:
        return {}
    return {lang: to_cyrillic(found.name_sr) if lang == CYRILLIC else found.name_sr
            for lang in LANGUAGES if lang.startswith("sr")}


def _localized(value: Any, what: str) -> Localized:
    if value is None:
        return {}
    if isinstance(value, str):
        return {"sq": value}
    if isinstance(value, dict) and all(isinstance(v, str) for v in value.values()):
        return {str(k): v for k, v in value.items()}
    raise LetterheadError(f"letterhead {what}: expected text or {{sq: ..., en: ...}}")


@dataclass(frozen=True)
class Logo:
    """A logo image file's bytes and its size in pixels."""

    data: bytes
    width: int
    height: int


@dataclass(frozen=True)
class Letterhead:
    """Who issues a document: municipality, unit, contacts, logo."""

    name: Localized | str
    unit: Localized | str = field(default_factory=dict)
    address: str = ""
    phone: str = ""
    email: str = ""
    logo: Path | str | None = None
    country: str = "AL"
    state_line: Localized | str = field(default_factory=dict)
    place: str = ""
    page_size: str = "A4"
    # Two languages printed together (Kosovo: Albanian and Serbian), if the municipality
    # prints bilingual documents; see desktop.core.documents.bilingual.
    bilingual: Bilingual | dict[str, Any] | None = None

    def __post_init__(self) -> None:
        for name in _TEXT_FIELDS:
            object.__setattr__(self, name, _localized(getattr(self, name), name))
        if not self.name:
            raise LetterheadError("letterhead: the municipality name is required")
        if self.page_size not in PAGE_SIZES:
            raise LetterheadError(f"letterhead page_size must be one of {', '.join(PAGE_SIZES)}"
                                  f", not {self.page_size!r}")
        if self.logo is not None:
            object.__setattr__(self, "logo", Path(self.logo))
        if self.bilingual is not None and not hasattr(self.bilingual, "languages"):
            object.__setattr__(self, "bilingual", Bilingual.parse(self.bilingual))

    # -- construction ------------------------------------------------------------------------
    @classmethod
    def load(cls, path: str | Path) -> Letterhead:
        """Read a letterhead file; the logo (if named) must exist and be an image."""
        path = Path(path)
        if not path.is_file():
            raise LetterheadError(f"letterhead file not found: {path}")
        try:
            data = load_yaml(path)
        except DataFileError as exc:
            raise LetterheadError(f"letterhead file {exc}") from exc
        if not isinstance(data, dict):
            raise LetterheadError(f"letterhead file {path.name}: expected a mapping")
        unknown = sorted(set(data) - _KNOWN)
        if unknown:
            raise LetterheadError(f"letterhead file {path.name}: unknown key {unknown[0]!r}")
        values = {k: v for k, v in data.items() if v is not None}
        if not values.get("name"):
            raise LetterheadError(f"letterhead file {path.name}: the municipality name is "
                                  "required ('name')")
        for name in _PLAIN_FIELDS:
            if name in values:
                values[name] = str(values[name])
        if "logo" in values:
            values["logo"] = (path.parent / str(values["logo"])).resolve()
        letterhead = cls(**values)
        letterhead.logo_image()
        return letterhead

    @classmethod
    def default(cls, municipality: str, country: str = "AL") -> Letterhead:
        """A plain letterhead for a municipality that has not configured its own."""
        if not municipality.strip():
            raise LetterheadError("no letterhead is configured and the municipality is not "
                                  "known: configure the letterhead")
        names = place_names(country, municipality)
        name = {lang: cptr(country, "document", "Municipality of {name}", lang,
                           name=names.get(lang, municipality)) for lang in LANGUAGES}
        unit = {lang: cptr(country, "document", "Directorate of Social Services", lang)
                for lang in LANGUAGES}
        return cls(name=name, unit=unit, country=country, place=municipality,
                   bilingual=DEFAULT_BILINGUAL.get(country))

    # -- use ---------------------------------------------------------------------------------
    def text(self, name: str, language: str) -> str:
        """A text field in ``language`` (falling back to Albanian, then any language)."""
        values: Localized = getattr(self, name)
        return localized(values, language)

    def state(self, language: str) -> str:
        if self.state_line:
            return self.text("state_line", language)
        state = STATES.get(self.country)
        return cptr(self.country, "document", state, language) if state else ""

    def logo_image(self) -> Logo | None:
        """The logo, read and checked; None when no logo is configured."""
        if self.logo is None:
            return None
        logo = Path(self.logo)
        if not logo.is_file():
            raise LetterheadError(f"letterhead logo not found: {logo}")
        data = logo.read_bytes()
        try:
            width, height = ImageReader(BytesIO(data)).getSize()
        except Exception as exc:  # reportlab/PIL raise many kinds for a bad image
            raise LetterheadError(f"letterhead logo is not a readable image: {logo}") from exc
        if width <= 0 or height <= 0:
            raise LetterheadError(f"letterhead logo is empty: {logo}")
        return Logo(data, width, height)
