"""``kujdes print``: a case document as a PDF file, for scripts and support."""

from __future__ import annotations

import argparse
from pathlib import Path

from desktop.commands.common import unlock, vault_args
from desktop.core import paths
from desktop.core.atomic import write_atomic
from desktop.core.documents import KINDS
from desktop.core.documents.bilingual import PAIR
from desktop.core.documents.errors import DocumentError
from desktop.core.documents.from_store import NoDocumentSource, document_for_case
from desktop.core.documents.letterhead import Letterhead
from desktop.core.errors import KujdesError
from desktop.core.i18n import LANGUAGES, tr


def register(sub: argparse._SubParsersAction) -> None:
    parser = sub.add_parser("print", help=tr("save a case document as a PDF file"))
    vault_args(parser)
    parser.add_argument("--case", required=True, metavar="CASE_NUMBER")
    parser.add_argument("--document", required=True, choices=KINDS)
    parser.add_argument("--language", dest="doc_language", choices=LANGUAGES, default=None,
                        help=tr("language of the document (default: the beneficiary's "
                                "preferred language, else the program's)"))
    parser.add_argument("--bilingual", action="store_true",
                        help=tr("in the two languages the municipality prints together "
                                "(Kosovo: Albanian and Serbian)"))
    parser.add_argument("--include-sensitive", action="store_true",
                        help=tr("include fields marked sensitive (written to the audit log)"))
    parser.add_argument("--out", required=True, type=Path, metavar="FILE.pdf")
    parser.set_defaults(handler=print_command)


def configured_letterhead() -> Letterhead | None:
    """The municipality's letterhead, if the IT person placed one in the config folder."""
    path = paths.config_dir() / "letterhead.yaml"
    return Letterhead.load(path) if path.exists() else None


_SOURCES = {"referral": "referral", "visit-report": "home visit", "assessment": "assessment",
            "dv-60-day": "protection order", "placement-report": "placement"}


def print_command(args: argparse.Namespace) -> int:
    with unlock(args) as vault:
        store = vault.store
        case = store.query("case", title=args.case, limit=1)
        if not case:
            raise KujdesError("There is no case {case} on this laptop.", case=args.case)
        try:
            pdf = document_for_case(
                store, args.case, args.document, PAIR if args.bilingual else args.doc_language,
                args.include_sensitive, printed_by=vault.user,
                letterhead=configured_letterhead())
        except NoDocumentSource as error:
            what = tr(_SOURCES.get(args.document, "plan of this type"))
            raise KujdesError("Case {case} has no {what} to print.", case=args.case,
                              what=what) from error
        except DocumentError as error:
            raise KujdesError("The document could not be made: {reason}",
                              reason=str(error)) from error
        write_atomic(args.out, pdf)
        store.audit("save_pdf", case[0],
                    {"document": args.document, "include_sensitive": args.include_sensitive,
                     "language": "bilingual" if args.bilingual else args.doc_language or ""})
    print(tr("Saved {file}.", file=str(args.out)))
    return 0
