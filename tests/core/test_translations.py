"""Everything the interface shows has a translation in the Albanian and Serbian catalogs.

The messages come from the source (tests/i18n_sources.py); the catalogs are
resources/locale/<language>/LC_MESSAGES/kujdes.po, read with Babel (the Serbian Cyrillic one
is made from the Latin one).
"""

from __future__ import annotations

import string
from pathlib import Path

import pytest
from babel.messages.catalog import Catalog

from desktop.core.catalogs import po_path, read_catalog
from tests.i18n_sources import read_sources


@pytest.fixture(scope="module")
def albanian() -> Catalog:
    return read_catalog(po_path("sq"))


def _untranslated(catalog: Catalog, source_dir: Path | None = None) -> list[str]:
    found, _ = read_sources(source_dir) if source_dir else read_sources()
    missing = set()
    for message in found:
        entry = catalog.get(message.msgid, context=message.context)
        if entry is not None and bool(message.plural) != entry.pluralizable:
            entry = None  # a plural message needs a plural entry, and the other way round
        strings = entry.string if entry is not None else ""
        strings = strings if isinstance(strings, tuple) else (strings,)
        if entry is None or entry.fuzzy or not all(strings):
            context = f"[{message.context}] " if message.context else ""
            missing.add(f"{message.where}: {context}{message.msgid!r}")
    return sorted(missing)


def _placeholders(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}


TRANSLATED = ("sq", "sr", "sr-Cyrl")


@pytest.mark.parametrize("language", TRANSLATED)
def test_every_message_shown_has_a_translation(language: str) -> None:
    missing = _untranslated(read_catalog(po_path(language)))
    assert not missing, f"no translation in {language}:\n" + "\n".join(missing)


@pytest.mark.parametrize("language", TRANSLATED)
def test_the_catalog_has_no_fuzzy_entry(language: str) -> None:
    fuzzy = [m.id for m in read_catalog(po_path(language)) if m.id and m.fuzzy]
    assert not fuzzy, f"fuzzy entries (check and clear the flag): {fuzzy}"


@pytest.mark.parametrize("language", TRANSLATED)
def test_translations_keep_their_placeholders(language: str) -> None:
    wrong = []
    for message in read_catalog(po_path(language)):
        if not message.id:
            continue
        ids = message.id if isinstance(message.id, tuple) else (message.id,)
        texts = message.string if isinstance(message.string, tuple) else (message.string,)
        wanted = set().union(*map(_placeholders, ids))
        wrong += [(ids[0], text) for text in texts if text and not
                  _placeholders(text) <= wanted | {"n"}]
        wrong += [(ids[0], text) for text in texts if text and
                  _placeholders(text) < _placeholders(ids[0]) - {"n"}]
    assert not wrong, wrong


def test_every_non_literal_message_is_a_known_pattern() -> None:
    _, unknown = read_sources()
    assert not unknown, ("messages that cannot be checked (use a literal, a table listed in "
                         "tests/i18n_sources.py, or list the pattern there):\n"
                         + "\n".join(unknown))


def test_the_check_finds_an_untranslated_message_and_an_unknown_one(
        tmp_path: Path, albanian: Catalog) -> None:
    source = tmp_path / "desktop"
    (source / "ui").mkdir(parents=True)
    (source / "ui" / "screen.py").write_text(
        'from desktop.core.i18n import ntr, tr\n'
        'OK = tr("Something went wrong.")\n'
        'NEW = tr("A sentence nobody has translated yet")\n'
        'BOTH = tr("Save" if x else "Not translated either")\n'
        'MANY = ntr("{n} apple", "{n} apples", 3)\n'
        'INNER = f"{tr(\'Inside an f-string\')}"\n'
        'LOOSE = tr(some_variable)\n', encoding="utf-8")
    missing = _untranslated(albanian, source)
    _, unknown = read_sources(source)
    assert [m.split(": ", 1)[1] for m in missing] == [
        "'A sentence nobody has translated yet'", "'Not translated either'", "'{n} apple'",
        "'Inside an f-string'"]
    assert unknown == ["desktop/ui/screen.py:7: some_variable"]
