"""Small XLSForm spreadsheets written for the tests (synthetic questions only), and the two
command lines run as an administrator runs them."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path
from typing import Any

from openpyxl import Workbook

ROOT = Path(__file__).resolve().parents[2]
SQ, EN = "label::Shqip (sq)", "label::English (en)"
FORM_ID = "municipal_check"


def form_book(path: Path, version: int, *, form_id: str = FORM_ID, extra_question: bool = False,
              case_types: str = "", roles: str = "", broken: bool = False) -> Path:
    """A municipal form: a date, a yes/no question and a score; version 2 (``extra_question``)
    adds a required question, so answers made with version 1 do not pass version 2."""
    book = Workbook()
    survey = book.active
    survey.title = "survey"
    survey.append(["type", "name", SQ, EN, "required", "relevant", "calculation",
                   "kujdes::score"])
    survey.append(["date", "visit_date", "Data e vizitës", "Visit date", "yes", "", "", ""])
    survey.append(["time", "visit_time", "Ora e vizitës", "Visit time", "", "", "", ""])
    survey.append(["select_one yn", "lives_alone", "Jeton vetëm?", "Lives alone?", "yes", "",
                   "", ""])
    if extra_question:
        survey.append(["integer", "rooms", "Numri i dhomave", "Number of rooms", "yes", "", "",
                       ""])
    survey.append(["calculate", "risk_points", "", "", "", "",
                   "if(selected(${lives_alone}, 'yes'), 2, 0)", "yes"])
    if broken:
        survey.append(["geopoint", "where", "Vendndodhja", "Location", "", "", "", ""])
    choices = book.create_sheet("choices")
    choices.append(["list_name", "name", SQ, EN])
    choices.append(["yn", "yes", "Po", "Yes"])
    choices.append(["yn", "no", "Jo", "No"])
    settings = book.create_sheet("settings")
    values: dict[str, Any] = {"form_id": form_id, "version": version,
                              "form_title::Shqip (sq)": f"Kontrolli bashkiak v{version}",
                              "form_title::English (en)": f"Municipal check v{version}",
                              "default_language": "Shqip (sq)"}
    if case_types:
        values["kujdes_case_types"] = case_types
    if roles:
        values["kujdes_roles"] = roles
    settings.append(list(values))
    settings.append(list(values.values()))
    book.save(str(path))
    return path


ANSWERS_V1 = {"visit_date": "2026-03-02", "visit_time": "09:30", "lives_alone": "yes"}


def kujdes(*args: str, stdin: str = "") -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "desktop.cli", "--language", "en", *args],
                          input=stdin, capture_output=True, text=True, cwd=ROOT, timeout=300)


def kujdes_server(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "sync.server.cli", *args], capture_output=True,
                          text=True, cwd=ROOT, timeout=300)


def receive_form(store: Any, book: Path, *, retired: bool = False) -> str:
    """Put the form of ``book`` into a vault as a sync from the server would (the record the
    server publishes, at a server revision); returns the record id."""
    import datetime as dt

    from desktop.commands.forms import field_count
    from desktop.core.forms.xlsform import read_xlsform
    from sync.protocol import FORM_TYPE
    from sync.records import Record
    from sync.server.forms import FormSource, form_record_fields, form_record_id

    imported = read_xlsform(book)
    source = FormSource(imported.spec, imported.case_types, imported.roles,
                        field_count(imported.form), book.name)
    record_id = form_record_id(source.form_id, source.version)
    fields = form_record_fields(imported.spec, imported.case_types, imported.roles,
                                retired=retired, published_on=dt.date(2026, 3, 1),
                                content_sha256=source.sha256())
    store.put_synced(Record(record_id, FORM_TYPE, fields, 1000 + source.version))
    return record_id
