"""Upkeep of the translation catalogs in ``resources/locale`` (for developers, not users).

    python -m desktop.core.catalogs compile
        make the Serbian Cyrillic catalog from the Latin one, then compile every ``kujdes.po``
        to the ``kujdes.mo`` beside it
    python -m desktop.core.catalogs merge-yaml FILE.yaml [--language sq] [--context CTX]
        add or update the entries of a YAML file of ``English: translation`` pairs in a
        catalog, then compile
    python -m desktop.core.catalogs new-language CODE
        start the catalog of another language: every message of the Albanian catalog,
        untranslated, with the language's CLDR plural rule
    python -m desktop.core.catalogs update CODE
        add to the catalog of CODE the messages of the Albanian catalog it lacks, untranslated,
        and list them

The merge exists for translations written as YAML on branches made before the catalogs.
"""

from __future__ import annotations

import argparse
import io
from pathlib import Path

import yaml
from babel.messages.catalog import Catalog
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po, write_po

from desktop.core.i18n import CYRILLIC, DOMAIN, LATIN, LOCALE_DIR, catalog_dir_name, to_cyrillic


def po_path(language: str, locale_dir: Path = LOCALE_DIR) -> Path:
    return locale_dir / catalog_dir_name(language) / "LC_MESSAGES" / f"{DOMAIN}.po"


def read_catalog(path: Path) -> Catalog:
    with path.open("rb") as handle:
        return read_po(handle, abort_invalid=True)


def write_catalog(catalog: Catalog, path: Path) -> None:
    buffer = io.BytesIO()
    write_po(buffer, catalog, width=100, omit_header=False, sort_output=False)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(buffer.getvalue())


def compiled(path: Path) -> bytes:
    """The ``.mo`` bytes the ``.po`` at ``path`` compiles to (fuzzy entries left out)."""
    buffer = io.BytesIO()
    write_mo(buffer, read_catalog(path), use_fuzzy=False)
    return buffer.getvalue()


def po_files(locale_dir: Path = LOCALE_DIR) -> list[Path]:
    return sorted(locale_dir.glob(f"*/LC_MESSAGES/{DOMAIN}.po"))


def cyrillic_catalog(latin: Catalog) -> Catalog:
    """The Serbian Cyrillic catalog: every entry of the Latin one, transliterated."""
    catalog = Catalog(locale=catalog_dir_name(CYRILLIC), domain=DOMAIN, project="Kujdes",
                      fuzzy=False, header_comment=(
                          "# Kujdes messages, Serbian Cyrillic. Made from ../../sr by\n"
                          "# python -m desktop.core.catalogs compile: do not edit."))
    catalog.creation_date = latin.creation_date
    catalog.revision_date = latin.revision_date
    for message in latin:
        if not message.id:
            continue
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        cyrillic = tuple(to_cyrillic(text) for text in strings)
        catalog.add(message.id, cyrillic if message.pluralizable else cyrillic[0],
                    context=message.context, flags=message.flags)
    return catalog


def write_cyrillic(locale_dir: Path = LOCALE_DIR) -> bool:
    """Bring the Cyrillic ``.po`` in line with the Latin one; whether it changed."""
    latin = po_path(LATIN, locale_dir)
    if not latin.exists():
        return False
    buffer = io.BytesIO()
    write_po(buffer, cyrillic_catalog(read_catalog(latin)), width=100, sort_output=False)
    path = po_path(CYRILLIC, locale_dir)
    if path.exists() and path.read_bytes() == buffer.getvalue():
        return False
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(buffer.getvalue())
    return True


def compile_all(locale_dir: Path = LOCALE_DIR) -> list[Path]:
    """Write every ``.mo`` that differs from its ``.po``; the paths written."""
    write_cyrillic(locale_dir)
    written = []
    for po in po_files(locale_dir):
        mo = po.with_suffix(".mo")
        data = compiled(po)
        if not mo.exists() or mo.read_bytes() != data:
            mo.write_bytes(data)
            written.append(mo)
    return written


Msgid = str | tuple[str, str]  # a message, or its singular and plural
Msgstr = str | tuple[str, ...]  # its translation, or one per plural form


def merge_pairs(path: Path, pairs: dict[Msgid, Msgstr], context: str | None = None) -> int:
    """Add or update ``msgid -> msgstr`` pairs in the catalog at ``path``; how many changed."""
    catalog = read_catalog(path)
    changed = 0
    for msgid, msgstr in pairs.items():
        message = catalog.get(msgid, context=context)
        if message is not None and message.string == msgstr and not message.fuzzy:
            continue
        if message is None:
            catalog.add(msgid, msgstr, context=context)
        else:
            message.string = msgstr
            message.flags.discard("fuzzy")
        changed += 1
    if changed:
        write_catalog(catalog, path)
    return changed


def new_language(code: str, locale_dir: Path = LOCALE_DIR) -> Path:
    """Write an untranslated catalog for ``code`` with every message of the Albanian one."""
    path = po_path(code, locale_dir)
    if path.exists():
        raise SystemExit(f"{path} exists already")
    template = read_catalog(po_path("sq", locale_dir))
    catalog = Catalog(locale=code, domain=DOMAIN, project="Kujdes", fuzzy=False,
                      header_comment=f"# Kujdes messages, {code}. Message ids are English.\n"
                                     "# Edit, then: python -m desktop.core.catalogs compile")
    for message in template:
        if message.id:
            empty = ("",) * catalog.num_plurals if message.pluralizable else ""
            catalog.add(message.id, empty, context=message.context,
                        auto_comments=message.auto_comments, flags=message.flags - {"fuzzy"})
    write_catalog(catalog, path)
    return path


def update_language(code: str, locale_dir: Path = LOCALE_DIR) -> list[str]:
    """Add the messages of the Albanian catalog that ``code``'s lacks, untranslated."""
    path = po_path(code, locale_dir)
    catalog = read_catalog(path)
    added = []
    for message in read_catalog(po_path("sq", locale_dir)):
        if message.id and catalog.get(message.id, context=message.context) is None:
            empty = ("",) * catalog.num_plurals if message.pluralizable else ""
            catalog.add(message.id, empty, context=message.context,
                        auto_comments=message.auto_comments, flags=message.flags - {"fuzzy"})
            added.append(message.id if isinstance(message.id, str) else message.id[0])
    if added:
        write_catalog(catalog, path)
    return added


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m desktop.core.catalogs")
    commands = parser.add_subparsers(dest="command", required=True)
    commands.add_parser("compile")
    merge = commands.add_parser("merge-yaml")
    merge.add_argument("yaml_file", type=Path)
    merge.add_argument("--language", default="sq")
    merge.add_argument("--context", default=None)
    commands.add_parser("new-language").add_argument("code")
    commands.add_parser("update").add_argument("code")
    args = parser.parse_args(argv)
    if args.command == "new-language":
        print(f"written {new_language(args.code)}; add the language to LANGUAGE_CHOICES")
    if args.command == "update":
        for msgid in update_language(args.code):
            print(f"untranslated: {msgid!r}")
    if args.command == "merge-yaml":
        pairs = yaml.safe_load(args.yaml_file.read_text(encoding="utf-8")) or {}
        changed = merge_pairs(po_path(args.language), {str(k): str(v) for k, v in pairs.items()},
                              args.context)
        print(f"{changed} entries added or changed in {po_path(args.language)}")
    for mo in compile_all():
        print(f"compiled {mo}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
