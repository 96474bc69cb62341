"""``kujdes import persons FILE``, ``kujdes import cases FILE [--mapping FILE]`` and
``kujdes import villages FILE``.

Persons and cases come from CSV or XLSX, all or nothing: a file with any bad row imports
nothing and every bad row is listed with its line and reason. The encoding the file was read
in and the field each column fills are printed first. Villages come from the municipality's
CSV.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from desktop.commands.common import unlock, vault_args
from desktop.core.casework.case_importer import CaseImportReport, import_cases
from desktop.core.casework.columns import load_mapping, save_mapping
from desktop.core.casework.importer import DUPLICATE_POLICIES, ImportReport, import_persons
from desktop.core.casework.places import VillageFileError, import_villages
from desktop.core.errors import KujdesError
from desktop.core.i18n import tr
from sync.profile import Profile
from sync.yamlfile import DataFileError


def register(sub: argparse._SubParsersAction) -> None:
    parser = sub.add_parser("import", help=tr("import persons or villages from a spreadsheet"))
    actions = parser.add_subparsers(dest="import_command", metavar="WHAT", required=True)
    persons = actions.add_parser("persons", help=tr("persons from CSV or XLSX (all or nothing)"))
    vault_args(persons)
    persons.add_argument("file", type=Path, help=tr("the CSV or XLSX file"))
    persons.add_argument("--duplicates", choices=DUPLICATE_POLICIES, default="skip",
                         help=tr("skip rows whose personal ID number is already registered "
                                 "(default), or refuse the file if any row may be a duplicate"))
    persons.add_argument("--dry-run", action="store_true",
                         help=tr("check the file and report, without importing"))
    persons.add_argument("--mapping", type=Path, default=None,
                         help=tr("YAML naming the field of each column the app does not know"))
    persons.set_defaults(handler=import_persons_command)
    cases = actions.add_parser("cases", help=tr("cases with their persons from CSV or XLSX "
                                                "(all or nothing)"))
    vault_args(cases)
    cases.add_argument("file", type=Path, help=tr("the CSV or XLSX file, one row a case"))
    cases.add_argument("--mapping", type=Path, default=None,
                       help=tr("YAML naming the field of each column the app does not know"))
    cases.add_argument("--save-mapping", type=Path, default=None,
                       help=tr("write the mapping used, for the next file of this register"))
    cases.add_argument("--dry-run", action="store_true",
                       help=tr("check the file and report, without importing"))
    cases.set_defaults(handler=import_cases_command)
    villages = actions.add_parser("villages", help=tr("the municipality's villages from CSV"))
    vault_args(villages)
    villages.add_argument("file", type=Path)
    villages.set_defaults(handler=import_villages_command)


def import_persons_command(args: argparse.Namespace) -> int:
    with unlock(args) as vault:
        mapping = _mapping(args.mapping, vault.store.profile, ("person",))
        report = import_persons(vault.store, args.file, duplicates=args.duplicates,
                                dry_run=args.dry_run, mapping=mapping)
    _print_report(report, dry_run=args.dry_run)
    return 0 if report.ok else 1


def _print_report(report: ImportReport, *, dry_run: bool) -> None:
    for problem in report.errors:
        print(problem, file=sys.stderr)
    for problem in report.duplicates:
        print(tr("skipped, {problem}", problem=problem))
    for problem in report.possible_duplicates:
        print(tr("possible duplicate, {problem}", problem=problem))
    if not report.ok:
        print(tr("Nothing was imported: {errors} problems in the file.",
                 errors=len(report.errors)), file=sys.stderr)
    elif dry_run:
        print(tr("The file is correct: {rows} rows would be imported.",
                 rows=report.rows - len(report.duplicates)))
    else:
        print(tr("Imported {imported} persons ({skipped} already registered).",
                 imported=report.imported, skipped=len(report.duplicates)))


def import_cases_command(args: argparse.Namespace) -> int:
    with unlock(args) as vault:
        mapping = _mapping(args.mapping, vault.store.profile, ("person", "case"))
        report = import_cases(vault.store, args.file, mapping=mapping, dry_run=args.dry_run)
    _print_columns(report)
    if args.save_mapping and report.columns is not None:
        save_mapping(args.save_mapping, report.columns)
    for problem in report.errors:
        print(problem, file=sys.stderr)
    for problem in report.duplicates:
        print(tr("skipped, {problem}", problem=problem))
    for problem in report.possible_duplicates:
        print(tr("possible duplicate, {problem}", problem=problem))
    if not report.ok:
        print(tr("Nothing was imported: {errors} problems in the file.",
                 errors=len(report.errors)), file=sys.stderr)
        return 1
    if args.dry_run:
        print(tr("The file is correct: {rows} rows would be imported.",
                 rows=report.rows - len(report.duplicates)))
    else:
        print(tr("Imported {imported} cases; {new} persons registered, {found} already "
                 "registered; {skipped} cases there already.", imported=report.imported,
                 new=report.persons_new, found=len(report.persons_found),
                 skipped=len(report.duplicates)))
    return 0


def _mapping(path: Path | None, profile: Profile, record_types: tuple[str, ...]
             ) -> dict[str, str] | None:
    if path is None:
        return None
    try:
        return load_mapping(path, profile, record_types)
    except DataFileError as exc:
        raise KujdesError("{detail}", detail=str(exc)) from exc


def _print_columns(report: CaseImportReport) -> None:
    if report.encoding:
        print(tr("Read as {encoding}.", encoding=report.encoding))
    if report.columns is None:
        return
    for header, target in report.columns.targets.items():
        print(f"  {report.columns.written.get(header, header)} -> {target.key}")
    for header in report.columns.ignored:
        print(f"  {header} -> -")


def import_villages_command(args: argparse.Namespace) -> int:
    with unlock(args) as vault:
        try:
            result = import_villages(vault.store, args.file)
        except VillageFileError as exc:
            for line, reason in exc.problems:
                print(tr("line {line}: {reason}", line=line, reason=reason), file=sys.stderr)
            print(tr("Nothing was imported: {errors} problems in the file.",
                     errors=len(exc.problems)), file=sys.stderr)
            return 1
        except DataFileError as exc:
            print(exc, file=sys.stderr)
            return 1
    print(tr("Villages: {created} added, {updated} corrected, {unchanged} unchanged.",
             created=result.created, updated=result.updated, unchanged=result.unchanged))
    return 0
