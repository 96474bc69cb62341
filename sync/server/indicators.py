"""Indicator definitions the municipality writes: YAML files published to every laptop as
catalog records of type ``indicator_definition``.

``kujdes-server indicators publish FILE.yaml`` stores the file's text under its name (the
same name again replaces it); ``indicators withdraw NAME`` takes it off the laptops. Every user
of the municipality pulls the records (:mod:`sync.server.scope`); no laptop may push one
(:mod:`sync.server.push`). The server checks the YAML and its outline (a list
``indicators``, each with a key); the laptops check the rest against their profile when they
read it, and the Reports screen names a mistake with its file and line.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
import uuid
from pathlib import Path
from typing import Any

from sqlalchemy import select

from sync.protocol import INDICATOR_TYPE
from sync.server.admin import AdminError, _settings, open_db, write_server_record
from sync.server.models import RecordRow
from sync.yamlfile import DataFileError, load_yaml

NAMESPACE = uuid.UUID("5f0c8f5e-3c1b-4d43-9a35-6b1f0e2a7c11")
NAME = re.compile(r"^[a-z0-9][a-z0-9_-]{0,63}$")
MAX_BYTES = 256 * 1024


def indicator_record_id(name: str) -> str:
    """The id of the record of definition file ``name`` (the same on every server)."""
    return str(uuid.uuid5(NAMESPACE, f"indicators/{name}"))


def publish_indicators(url: str, path: str | Path) -> str:
    """Publish the definitions in ``path``; returns the name laptops know them by."""
    path = Path(path)
    name = path.stem.lower()
    if not NAME.match(name):
        raise AdminError(f"{path.name}: name the file with letters, digits, - or _ "
                         "(it is how laptops know the definitions)")
    try:
        if path.stat().st_size > MAX_BYTES:
            raise AdminError(f"{path.name}: larger than {MAX_BYTES // 1024} KB")
        data = load_yaml(path)
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise AdminError(f"{path.name}: cannot read it ({exc})") from exc
    except DataFileError as exc:
        raise AdminError(str(exc)) from exc
    _check_outline(path, data)
    with open_db(url) as session:
        _settings(session)
        write_server_record(session, INDICATOR_TYPE, indicator_record_id(name), {
            "name": name, "text": text, "plan": dict(data.get("plan") or {})
            if isinstance(data.get("plan"), dict) else {},
            "content_sha256": hashlib.sha256(text.encode("utf-8")).hexdigest(),
            "published_on": dt.date.today().isoformat()})
        session.commit()
    return name


def withdraw_indicators(url: str, name: str) -> None:
    with open_db(url) as session:
        _settings(session)
        row = session.get(RecordRow, indicator_record_id(name))
        if row is None or row.deleted:
            raise AdminError(f"no indicator definitions {name!r} "
                             "(see 'kujdes-server indicators list')")
        write_server_record(session, INDICATOR_TYPE, row.id, dict(row.fields), deleted=True)
        session.commit()


def list_indicators(url: str) -> list[dict[str, Any]]:
    with open_db(url) as session:
        _settings(session)
        rows = session.scalars(select(RecordRow).where(RecordRow.type == INDICATOR_TYPE,
                                                       RecordRow.deleted.is_(False)))
        return sorted(({"name": r.fields.get("name"), "published_on": r.fields.get(
            "published_on"), "plan": r.fields.get("plan") or {}} for r in rows),
            key=lambda r: str(r["name"]))


def _check_outline(path: Path, data: Any) -> None:
    if not isinstance(data, dict) or not isinstance(data.get("indicators"), list):
        raise AdminError(f"{path.name}: expected a mapping with a list 'indicators'")
    for item in data["indicators"]:
        if not isinstance(item, dict) or not item.get("key"):
            line = getattr(item, "line", None)
            raise AdminError(f"{path.name}:{line}: each indicator needs a 'key'")


# -- kujdes-server indicators publish | list | withdraw ---------------------------------------

def add_commands(sub: Any) -> None:
    """The ``indicators`` subcommands of ``kujdes-server``."""
    parser = sub.add_parser("indicators", help="publish indicator definitions to the laptops",
                            description="Publish indicator definitions (YAML) to the laptops.")
    commands = parser.add_subparsers(dest="indicators_command", required=True)
    for name, text in (("publish", "publish a definition file (the same name replaces it)"),
                       ("list", "the published definition files"),
                       ("withdraw", "take a definition file off the laptops")):
        p = commands.add_parser(name, help=text, description=text)
        p.add_argument("--db", default=None, help="database URL (default: the server's "
                       "SQLite file)")
        if name == "publish":
            p.add_argument("file", help="the definitions (.yaml)")
        elif name == "withdraw":
            p.add_argument("name")


def run_command(args: Any, url: str) -> int:
    if args.indicators_command == "publish":
        print(f"Indicator definitions {publish_indicators(url, args.file)} published.")
    elif args.indicators_command == "list":
        rows = list_indicators(url)
        if not rows:
            print("No indicator definitions published yet.")
        for r in rows:
            print(f"{r['name']:<28} {r['published_on']}  {r['plan'].get('sq', '')}")
    elif args.indicators_command == "withdraw":
        withdraw_indicators(url, args.name)
        print(f"Indicator definitions {args.name} withdrawn.")
    return 0
