"""Forms the municipality writes: XLSForm spreadsheets published to every laptop as versioned
catalog records of type ``form_definition``.

``kujdes-server forms import FILE.xlsx`` stores the form as the version its settings sheet
names; the same id and version again with the same content changes nothing, with other
content it is refused (an old submission must always find the version it was made with).
``forms retire ID`` stops laptops offering a form for new assessments; its submissions still
render. Every user of the municipality pulls the records (:mod:`sync.server.scope`); no laptop
may push one (:mod:`sync.server.push`).

Reading the spreadsheet: the forms engine is part of the laptop program and the server never
imports it. The server runs the laptop program's own offline check, ``kujdes forms check
--json FILE`` (:mod:`desktop.commands.forms`), in a process of its own, so that a form the
server publishes is one the laptops' engine accepts, refused with the same messages.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import subprocess
import sys
import uuid
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import JSON, Boolean, DateTime, Integer, String, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Mapped, Session, mapped_column

from sync.profile import load_profile
from sync.protocol import FORM_TYPE
from sync.server.admin import AdminError, _settings, open_db, write_server_record
from sync.server.models import Base, RecordRow, utcnow

BUILT_IN_FORMS = Path(__file__).resolve().parents[2] / "resources" / "forms"
CHECK_TIMEOUT = 180  # seconds for the laptop program to read one spreadsheet


class FormVersion(Base):
    """One published version of a form; the definition itself is its catalog record."""

    __tablename__ = "form_versions"
    form_id: Mapped[str] = mapped_column(String(64), primary_key=True)
    version: Mapped[int] = mapped_column(Integer, primary_key=True)
    record_id: Mapped[str] = mapped_column(String(36), unique=True)
    content_sha256: Mapped[str] = mapped_column(String(64))
    title: Mapped[dict[str, str]] = mapped_column(JSON)
    case_types: Mapped[list[str]] = mapped_column(JSON, default=list)
    roles: Mapped[list[str]] = mapped_column(JSON, default=list)
    field_count: Mapped[int] = mapped_column(Integer, default=0)
    retired: Mapped[bool] = mapped_column(Boolean, default=False)
    source_name: Mapped[str] = mapped_column(String(255), default="")
    imported_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)


@dataclass(frozen=True)
class FormSource:
    """A spreadsheet read by the forms engine: the definition in the engine's schema and
    where the form applies (no case types or roles: everywhere)."""

    spec: dict[str, Any]
    case_types: tuple[str, ...]
    roles: tuple[str, ...]
    field_count: int
    source_name: str

    @property
    def form_id(self) -> str:
        return str(self.spec["id"])

    @property
    def version(self) -> int:
        return int(self.spec["version"])

    def sha256(self) -> str:
        content = {"spec": self.spec, "case_types": sorted(self.case_types),
                   "roles": sorted(self.roles)}
        text = json.dumps(content, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
        return hashlib.sha256(text.encode("utf-8")).hexdigest()


@dataclass(frozen=True)
class ImportResult:
    form_id: str
    version: int
    new: bool


def read_spreadsheet(path: str | Path) -> FormSource:
    """Check an XLSForm with the laptop program's forms engine; AdminError lists each
    problem as ``SHEET:ROW: message``."""
    path = Path(path)
    if not path.is_file():
        raise AdminError(f"{path}: no such file")
    command = [sys.executable, "-m", "desktop.cli", "--language", "en", "forms", "check",
               "--json", str(path)]
    try:
        done = subprocess.run(command, capture_output=True, text=True, timeout=CHECK_TIMEOUT,
                              check=False)
    except (OSError, subprocess.TimeoutExpired) as exc:
        raise AdminError(f"{path.name}: the form could not be checked ({exc})") from exc
    try:
        reply = json.loads(done.stdout)
    except json.JSONDecodeError as exc:
        detail = (done.stderr.strip().splitlines() or ["no answer"])[-1]
        raise AdminError(f"{path.name}: the form could not be checked ({detail})") from exc
    if not reply.get("ok"):
        raise AdminError(f"{path.name} is not a form this application can take:\n"
                         + "\n".join(reply.get("problems") or ["(no reason given)"]))
    return FormSource(reply["spec"], tuple(reply.get("case_types") or ()),
                      tuple(reply.get("roles") or ()), int(reply.get("fields") or 0),
                      path.name)


def form_record_id(form_id: str, version: int) -> str:
    """The same id for the same form version on every server and laptop."""
    return str(uuid.uuid5(uuid.NAMESPACE_URL, f"kujdes:form:{form_id}:{version}"))


def import_form(url: str, source: FormSource) -> ImportResult:
    """Publish ``source`` as its version; the same content again is a no-op."""
    with open_db(url) as session:
        _check_applies(session, source)
        _check_not_built_in(source)
        existing = session.get(FormVersion, (source.form_id, source.version))
        if existing is not None:
            if existing.content_sha256 == source.sha256():
                return ImportResult(source.form_id, source.version, new=False)
            raise AdminError(
                f"form {source.form_id!r} already has a version {source.version} with other "
                "content; give the changed form a higher version in the settings sheet "
                "(laptops keep every version, so old assessments stay as they were made)")
        row = FormVersion(form_id=source.form_id, version=source.version,
                          record_id=form_record_id(source.form_id, source.version),
                          content_sha256=source.sha256(), title=dict(source.spec["title"]),
                          case_types=list(source.case_types), roles=list(source.roles),
                          field_count=source.field_count, retired=False,
                          source_name=source.source_name[:255], imported_at=utcnow())
        session.add(row)
        _publish(session, row, source.spec)
        try:
            session.commit()
        except IntegrityError as exc:  # the same version imported at the same moment
            raise AdminError(f"form {source.form_id!r} version {source.version} was just "
                             "imported by someone else; list the forms and try again") from exc
        return ImportResult(source.form_id, source.version, new=True)


def _check_applies(session: Session, source: FormSource) -> None:
    profile = load_profile(_settings(session).get("country", "AL"))
    for what, section, codes in (("case type", "case_types", source.case_types),
                                 ("role", "roles", source.roles)):
        known = profile.codes(section)
        unknown = [code for code in codes if code not in known]
        if unknown:
            raise AdminError(f"settings: kujdes_{section}: unknown {what} "
                             f"{', '.join(unknown)} (one of: {', '.join(known)})")


def _check_not_built_in(source: FormSource) -> None:
    if (BUILT_IN_FORMS / source.form_id / f"v{source.version}.yaml").is_file():
        raise AdminError(f"form {source.form_id!r} version {source.version} is built into "
                         "the application; give the changed form a higher version or an id "
                         "of its own in the settings sheet")


def _publish(session: Session, row: FormVersion, spec: dict[str, Any] | None = None) -> None:
    """Write the catalog record every laptop pulls (a new revision on each change)."""
    if spec is None:
        current = session.get(RecordRow, row.record_id)
        spec = dict(current.fields["spec"]) if current is not None else {}
    write_server_record(session, FORM_TYPE, row.record_id, form_record_fields(
        spec, row.case_types, row.roles, retired=row.retired,
        published_on=row.imported_at.date(), content_sha256=row.content_sha256))


def form_record_fields(spec: dict[str, Any], case_types: Any, roles: Any, *, retired: bool,
                       published_on: dt.date, content_sha256: str) -> dict[str, Any]:
    """The fields of a ``form_definition`` record, as laptops receive them."""
    return {"form_id": spec["id"], "version": spec["version"], "title": dict(spec["title"]),
            "spec": spec, "case_types": list(case_types), "roles": list(roles),
            "retired": bool(retired), "published_on": published_on.isoformat(),
            "content_sha256": content_sha256}


def list_forms(url: str) -> list[dict[str, Any]]:
    """Every published version, by form id and version."""
    with open_db(url) as session:
        _settings(session)
        rows = session.scalars(select(FormVersion).order_by(FormVersion.form_id,
                                                            FormVersion.version))
        return [{"form_id": r.form_id, "version": r.version, "title": dict(r.title),
                 "case_types": list(r.case_types), "roles": list(r.roles),
                 "fields": r.field_count, "retired": r.retired, "source": r.source_name,
                 "imported_at": r.imported_at} for r in rows]


def retire_form(url: str, form_id: str) -> int:
    """Stop offering every version of ``form_id``; returns how many versions were retired."""
    with open_db(url) as session:
        _settings(session)
        rows = list(session.scalars(select(FormVersion).where(FormVersion.form_id == form_id)))
        if not rows:
            raise AdminError(f"no form {form_id!r} (see 'kujdes-server forms list')")
        active = [r for r in rows if not r.retired]
        for row in active:
            row.retired = True
            _publish(session, row)
        session.commit()
        return len(active)


# -- kujdes-server forms import | list | retire ------------------------------------------------

def add_commands(sub: Any) -> None:
    """The ``forms`` subcommands of ``kujdes-server``."""
    forms = sub.add_parser("forms", help="publish XLSForm forms to the laptops",
                           description="Publish XLSForm forms to the laptops.")
    commands = forms.add_subparsers(dest="forms_command", required=True)
    for name, text in (("import", "check an XLSForm and publish it as the version its "
                                  "settings sheet names"),
                       ("list", "the published forms and their versions"),
                       ("retire", "stop offering a form for new assessments (its "
                                  "assessments still show)")):
        p = commands.add_parser(name, help=text, description=text)
        p.add_argument("--db", default=None, help="database URL (default: the server's "
                       "SQLite file)")
        if name == "import":
            p.add_argument("file", help="the XLSForm (.xlsx)")
        elif name == "retire":
            p.add_argument("form_id")


def run_command(args: Any, url: str) -> int:
    if args.forms_command == "import":
        result = import_form(url, read_spreadsheet(args.file))
        state = "published" if result.new else "already published with this content; " \
            "nothing changed"
        print(f"Form {result.form_id} version {result.version} {state}.")
    elif args.forms_command == "list":
        rows = list_forms(url)
        if not rows:
            print("No forms published yet.")
        for r in rows:
            where = "; ".join(part for part in (", ".join(r["case_types"]),
                                                 ", ".join(r["roles"])) if part)
            print(f"{r['form_id']:<28} v{r['version']:<4} "
                  f"{'retired' if r['retired'] else 'active':<8} "
                  f"{r['imported_at']:%d.%m.%Y}  {r['fields']:>3} fields  "
                  f"{r['title'].get('sq') or r['form_id']}"
                  + (f"  [{where}]" if where else ""))
    elif args.forms_command == "retire":
        count = retire_form(url, args.form_id)
        print(f"Form {args.form_id}: {count} version(s) retired." if count else
              f"Form {args.form_id} was already retired.")
    return 0
