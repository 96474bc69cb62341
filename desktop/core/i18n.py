"""Translation of everything a person reads, Qt-free: screens, documents, reports, the CLI.

Message ids are English. Each language has a gettext catalog,
``resources/locale/<language>/LC_MESSAGES/kujdes.po``, compiled to the ``kujdes.mo`` beside
it, which is what is read here (with Babel). Plural forms follow the catalog's
``Plural-Forms`` header (CLDR rules); numbers follow the language's CLDR locale; dates are
always dd.MM.yyyy. Albanian is the default language of the product.

After editing a ``.po`` file, recompile the catalogs (a test fails while a ``.mo`` is stale)::

    python -m desktop.core.catalogs compile

and ``python -m desktop.core.catalogs merge-yaml FILE.yaml`` folds a YAML file of
``English: Albanian`` pairs into the Albanian catalog and recompiles.

Adding a language is adding its catalog and one line to ``LANGUAGE_CHOICES``.

A country says some things its own way (Kosovo: "Komuna", not "Bashkia"). Its wording is an
entry of the same catalog whose context is the country code (``XK``), or the context and the
country (``document@XK``, ``report@XK``); it replaces the general entry while a vault of that
country is open (:func:`set_country`) or where a document names its country.

Serbian is offered in Latin (``sr``) and Cyrillic (``sr-Cyrl``) script. Only the Latin
catalog is written by hand; the Cyrillic one (``resources/locale/sr_Cyrl``) is made from it by
transliteration (:func:`sync.cyrillic.to_cyrillic`) whenever the catalogs are compiled. Forms
and profiles carry labels in :data:`TEXT_LANGUAGES`; their Cyrillic text is transliterated
where it is shown (:func:`localized`).
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Mapping
from functools import cache
from pathlib import Path

from babel import Locale
from babel.numbers import format_decimal
from babel.support import NullTranslations, Translations

from sync.cyrillic import CYRILLIC, LATIN, localized, to_cyrillic

__all__ = ["CYRILLIC", "LATIN", "localized", "to_cyrillic"]

LOCALE_DIR = Path(__file__).resolve().parents[2] / "resources" / "locale"
DOMAIN = "kujdes"
# (code, name of the language in that language), in the order a person is offered them.
LANGUAGE_CHOICES: tuple[tuple[str, str], ...] = (
    ("sq", "Shqip"), ("en", "English"), (LATIN, "Srpski"), (CYRILLIC, "Српски"))
LANGUAGES: tuple[str, ...] = tuple(code for code, _ in LANGUAGE_CHOICES)
# The languages a form or profile label is written in; Cyrillic is made from Latin Serbian.
TEXT_LANGUAGES: tuple[str, ...] = ("sq", "en", LATIN)
LANGUAGE_NAMES: dict[str, str] = dict(LANGUAGE_CHOICES)
DEFAULT_LANGUAGE = "sq"

_language = os.environ.get("KUJDES_LANG") if os.environ.get("KUJDES_LANG") in LANGUAGES \
    else DEFAULT_LANGUAGE


_country: str | None = None


def set_country(country: str | None) -> None:
    """Use the wording of ``country`` (the open vault's) wherever it has its own."""
    global _country
    _country = country


def current_country() -> str | None:
    return _country


def set_language(language: str) -> None:
    global _language
    if language not in LANGUAGES:
        raise ValueError(f"unsupported language {language!r}")
    _language = language


def current_language() -> str:
    return _language


def catalog_dir_name(language: str) -> str:
    """The folder of a language's catalog: ``sr-Cyrl`` -> ``sr_Cyrl`` (gettext's spelling)."""
    return language.replace("-", "_")


@cache
def catalog(language: str) -> NullTranslations:
    """The compiled catalog of ``language`` (message ids themselves when there is none)."""
    mo = LOCALE_DIR / catalog_dir_name(language) / "LC_MESSAGES" / f"{DOMAIN}.mo"
    if not mo.exists():
        return NullTranslations()
    with mo.open("rb") as handle:
        return Translations(handle, DOMAIN)


@cache
def locale(language: str) -> Locale:
    return Locale.parse(catalog_dir_name(language))


def _fill(text: str, values: dict[str, object]) -> str:
    return text.format(**values) if values else text


def _country_text(language: str, context: str | None, message: str,
                  country: str | None) -> str | None:
    """The country's own wording of ``message``, if its catalog has one."""
    if not country:
        return None
    key = f"{context}@{country}" if context else country
    return catalog(language).pgettext(key, message) if _has_entry(language, key, message) \
        else None


def _has_entry(language: str, context: str, message: str) -> bool:
    entries = getattr(catalog(language), "_catalog", {})
    key = f"{context}\x04{message}"
    return key in entries or (key, 0) in entries


def tr(message: str, /, language: str | None = None, **values: object) -> str:
    """The message in the current (or given) language, with ``{name}`` values filled in."""
    language = language or _language
    text = _country_text(language, None, message, _country)
    return _fill(text if text is not None else catalog(language).gettext(message), values)


def ntr(singular: str, plural: str, n: int, /, language: str | None = None,
        **values: object) -> str:
    """The singular or plural message for ``n`` by the language's plural rule.

    ``{n}`` in the message is ``n`` formatted for the language (``2 015``, ``2,015``).
    """
    language = language or _language
    cat = catalog(language)
    own = bool(_country) and _has_entry(language, str(_country), singular)
    text = cat.npgettext(_country, singular, plural, n) if own else \
        cat.ngettext(singular, plural, n)
    return text.format(**{"n": fmt_number(n, language), **values})


def ptr(context: str, message: str, /, language: str | None = None, **values: object) -> str:
    """Like :func:`tr`, for a message whose translation depends on where it is shown.

    Documents use the context ``document`` and reports ``report``: the same English word
    may be said differently on a printed letter than on a screen.
    """
    return cptr(_country, context, message, language, **values)


def cptr(country: str | None, context: str, message: str, /, language: str | None = None,
         **values: object) -> str:
    """Like :func:`ptr`, in the wording of ``country`` (a document names its own)."""
    language = language or _language
    text = _country_text(language, context, message, country)
    if text is None:
        text = catalog(language).pgettext(context, message)
    return _fill(text, values)


def in_language(texts: Mapping[str, str], language: str) -> str:
    """A text given per language (a form's label) in ``language``: the open vault's country's
    own wording first (``sq@XK``: "Të ardhurat (euro)"), then the language, then Albanian."""
    if _country and texts:
        suffix = f"@{_country}"
        own = {k[:-len(suffix)]: v for k, v in texts.items() if k.endswith(suffix)}
        found = localized(own, language, None) if own else ""
        if found:
            return found
    return localized(texts, language)


def N_(message: str) -> str:
    """Marks a message id where it is defined (in a table); it is translated where shown."""
    return message


def fmt_number(value: int | float, language: str | None = None,
               decimals: int | None = None) -> str:
    """A number as the language writes it (CLDR): ``2 015`` in Albanian, ``2,015`` in English;
    with exactly ``decimals`` digits after the separator when given (``12,5``, ``12.5``)."""
    pattern = None if decimals is None else "#,##0" + ("." + "0" * decimals if decimals else "")
    return format_decimal(value, format=pattern, locale=locale(language or _language))


def fmt_date(value: str | dt.date | None) -> str:
    """``2025-03-07`` -> ``07.03.2025`` in every language; the text itself if not a date."""
    if value is None or value == "":
        return ""
    if isinstance(value, dt.datetime):
        value = value.date()
    if isinstance(value, dt.date):
        return value.strftime("%d.%m.%Y")
    try:
        return dt.date.fromisoformat(str(value)[:10]).strftime("%d.%m.%Y")
    except ValueError:
        return str(value)
