"""``kujdes forms check | export``: XLSForm spreadsheets checked offline and forms written out.

``check FILE.xlsx`` prints each problem on a line, ``SHEET:ROW: message`` (exit 1), or
``ok (N fields)`` (exit 0); notes about rows left out go to standard error. With ``--json``
it prints the result as one JSON object (``ok``, and ``spec``, ``case_types``, ``roles``,
``fields``, or ``problems``): the municipal server reads spreadsheets this way, so that it
publishes only forms this engine accepts. ``export ID --out FILE.xlsx`` writes a built-in
form (or, with a vault, one received from the server) as an XLSForm.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

from desktop.commands.common import unlock
from desktop.core.errors import KujdesError
from desktop.core.forms import FormDefinition, FormNotFound
from desktop.core.forms.catalog import form_definition
from desktop.core.forms.xlsform import XLSFormError, read_xlsform, write_xlsform
from desktop.core.i18n import tr
from sync.yamlfile import DataFileError


def register(sub: argparse._SubParsersAction) -> None:
    forms = sub.add_parser("forms", help=tr("XLSForm forms: check, preview, export"))
    commands = forms.add_subparsers(dest="forms_command", metavar="ACTION", required=True)
    check = commands.add_parser("check", help=tr("check an XLSForm offline"))
    check.add_argument("file", type=Path)
    check.add_argument("--json", action="store_true", help=tr("print the result as JSON"))
    check.set_defaults(handler=check_command)
    preview = commands.add_parser("preview", help=tr("open an XLSForm in the form renderer "
                                          "without saving anything"))
    preview.add_argument("file", type=Path)
    preview.set_defaults(handler=None, opens_window="form_preview")
    export = commands.add_parser("export", help=tr("write a form out as an XLSForm"))
    export.add_argument("form_id")
    export.add_argument("--version", type=int, default=None)
    export.add_argument("--out", type=Path, required=True)
    export.add_argument("--data-dir", type=Path, default=None,
                        help=tr("with --user: also the forms received from the server"))
    export.add_argument("--user", default=None)
    export.add_argument("--password-stdin", action="store_true")
    export.set_defaults(handler=export_command)


def field_count(form: FormDefinition) -> int:
    """Questions, notes and calculations (groups and repeats are not counted)."""
    return sum(1 for f in form.all_fields() if not f.is_container)


def check_command(args: argparse.Namespace) -> int:
    try:
        imported = read_xlsform(args.file)
    except XLSFormError as error:
        problems = [str(p) for p in error.problems]
        if args.json:
            _print_json({"ok": False, "problems": problems})
        else:
            print("\n".join(problems))
        return 1
    count = field_count(imported.form)
    if args.json:
        _print_json({"ok": True, "spec": imported.spec, "case_types": list(imported.case_types),
                     "roles": list(imported.roles), "fields": count,
                     "notes": [str(n) for n in imported.notes]})
        return 0
    for note in imported.notes:
        print(str(note), file=sys.stderr)
    print(f"ok ({count} fields)")
    return 0


def _print_json(value: Any) -> None:
    sys.stdout.write(json.dumps(value, ensure_ascii=False) + "\n")


def export_command(args: argparse.Namespace) -> int:
    try:
        if args.user:
            with unlock(args) as vault:
                form = form_definition(vault.store, args.form_id, args.version)
        else:
            form = form_definition(None, args.form_id, args.version)
    except (FormNotFound, DataFileError) as error:
        raise KujdesError("No form {form} here ({detail}).", form=args.form_id,
                          detail=str(error)) from error
    try:
        write_xlsform(form, args.out)
    except OSError as error:
        raise KujdesError("Cannot write {path}: {detail}", path=str(args.out),
                          detail=error.strerror or str(error)) from error
    print(tr("Form {form} version {version} written to {path}.", form=form.id,
             version=form.version, path=str(args.out)))
    return 0
