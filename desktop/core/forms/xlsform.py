"""XLSForm spreadsheets in and out: a form written the way ODK, Kobo and CommCare taught its
authors becomes a form definition of the engine, and each definition can be written out as
an XLSForm that reads back to the same definition.

The spreadsheet is read by pyxform (the reference XLSForm reader): its workbook reader gives
the rows of the ``survey``, ``choices`` and ``settings`` sheets with their row numbers, and
its converter checks the XLSForm itself (unmatched groups, unknown types, ...). The rows are
then turned into the engine's definition, which the forms loader checks as it checks the
built-in forms. What the engine cannot do (geo types, audio and video, pulldata, external
choice files, repeat counts ...) is refused, naming sheet, row, column and the feature;
nothing is half imported. Qt-free.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pyxform.errors import PyXFormError
from pyxform.xls2json import parse_file_to_json
from pyxform.xls2json_backends import get_xlsform

from desktop.core.forms.definition import FormDefinition
from desktop.core.forms.expressions import FUNCTIONS
from desktop.core.forms.loader import LANGUAGES, REQUIRED_LANGUAGES, build_definition
from sync.yamlfile import DataFileError, LineDict, LineList

SURVEY, CHOICES, SETTINGS = "survey", "choices", "settings"
# Rows of the three sheets share one line-number space inside the loader.
_SHEET_BASE = {SURVEY: 0, CHOICES: 1_000_000, SETTINGS: 2_000_000}
LANGUAGE_NAMES = {"sq": "Shqip", "en": "English", "sr": "Srpski"}

_SIMPLE_TYPES = {"text", "integer", "decimal", "date", "time", "note", "calculate",
                 "acknowledge", "image", "range"}
_METADATA_TYPES = {"start", "end", "today", "deviceid", "username", "phonenumber",
                   "simserial", "subscriberid", "audit", "email"}
_UNSUPPORTED_TYPES = {
    "geopoint": "a geographic point", "geotrace": "a geographic line",
    "geoshape": "a geographic area", "audio": "audio recording", "video": "video capture",
    "file": "a file upload", "barcode": "barcode scanning", "background-audio":
    "background audio recording", "rank": "ranking", "trigger": "a trigger",
    "hidden": "a hidden field", "xml-external": "external XML data", "csv-external":
    "external CSV data", "select_one_from_file": "choices from a file",
    "select_multiple_from_file": "choices from a file", "select_one_external":
    "external choices", "start-geopoint": "a geographic point", "osm": "OpenStreetMap",
}
_SUPPORTED_COLUMNS = {"type", "name", "label", "hint", "required", "relevant", "constraint",
                      "constraint_message", "calculation", "default", "choice_filter",
                      "appearance", "read_only", "parameters", "kujdes::score",
                      "kujdes::sensitive", "kujdes::choices", "required_message",
                      "guidance_hint", "tags"}
_UNSUPPORTED_COLUMNS = {
    "repeat_count": "a fixed repeat count", "media::image": "images in labels",
    "image": "images in labels", "media::audio": "audio in labels", "audio": "audio in labels",
    "media::video": "video in labels", "video": "video in labels", "big-image":
    "images in labels", "trigger": "triggers", "body::accuracyThreshold": "geo accuracy",
    "instance::": "instance attributes", "bind::": "raw XForm binds",
}
_UNSUPPORTED_FUNCTIONS = {"pulldata": "data from a CSV file", "jr:choice-name": "choice labels",
                          "indexed-repeat": "indexed repeats", "position": "repeat positions",
                          "once": "once()", "uuid": "uuid()", "random": "random()",
                          "digest": "digest()", "area": "geo areas", "distance": "geo distances",
                          "instance": "secondary instances", "version": "version()"}
_OTHER_LABEL = {"sq": "Tjetër", "en": "Other", "sr": "Drugo"}
_OTHER_SPECIFY = {"sq": "Specifikoni tjetrën", "en": "Specify other", "sr": "Navedite drugo"}
_LANGUAGE_COLUMN = re.compile(r"^(?P<base>[a-z_:]+?)::(?P<lang>.+)$")
# "Shqip (sq)"; "sq@XK" is Albanian as Kosovo words it (a country's own label).
_LANGUAGE_CODE = re.compile(r"\(([A-Za-z]{2,3}(?:-[A-Za-z]+)?(?:@[A-Za-z]{2})?)\)\s*$")
_FUNCTION_CALL = re.compile(r"([A-Za-z][A-Za-z0-9:_-]*)\s*\(")
_YES = {"yes", "true", "true()", "1"}
_NO = {"no", "false", "false()", "0", ""}


@dataclass(frozen=True)
class Problem:
    """Something in the spreadsheet the engine cannot take, where it is."""

    sheet: str
    row: int
    message: str

    def __str__(self) -> str:
        return f"{self.sheet}:{self.row}: {self.message}" if self.row else \
            f"{self.sheet}: {self.message}"


class XLSFormError(ValueError):
    """The spreadsheet is not a form the engine can take; ``problems`` says each reason."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = problems
        super().__init__("\n".join(str(p) for p in problems))


@dataclass
class Imported:
    """A form read from a spreadsheet: the definition, its data (the engine's YAML schema,
    to store and send), notes worth telling its author, and where it may be used."""

    form: FormDefinition
    spec: dict[str, Any]
    notes: list[Problem]
    case_types: tuple[str, ...] = ()
    roles: tuple[str, ...] = ()


# -- reading ---------------------------------------------------------------------------------

def read_xlsform(path: str | Path) -> Imported:
    """Read an XLSForm file; raises :class:`XLSFormError` naming every problem found."""
    path = Path(path)
    try:
        sheets = get_xlsform(str(path))
    except (PyXFormError, OSError, ValueError, KeyError) as error:
        raise XLSFormError([Problem(path.name, 0, f"not a readable XLSForm ({error})")]) \
            from error
    reader = _Reader(path, sheets)
    spec = reader.read()
    if reader.problems:
        raise XLSFormError(reader.problems)
    _check_with_pyxform(path)
    try:
        form = build_definition(path, spec)
    except DataFileError as error:
        raise XLSFormError([_problem_from_loader(error)]) from error
    return Imported(form, plain(spec), reader.notes, reader.case_types, reader.roles)


def _check_with_pyxform(path: Path) -> None:
    try:
        parse_file_to_json(str(path))
    except PyXFormError as error:
        text = str(error)
        match = re.search(r"\[row\s*:\s*(\d+)\]\s*", text)
        text = text.replace(match.group(0), "") if match else text
        sheet = CHOICES if "choices" in text.lower() and "sheet" in text.lower() else SURVEY
        raise XLSFormError([Problem(sheet, int(match.group(1)) if match else 0, text)]) \
            from error


def _problem_from_loader(error: DataFileError) -> Problem:
    line = error.line or 0
    for sheet in (SETTINGS, CHOICES, SURVEY):
        if line >= _SHEET_BASE[sheet]:
            return Problem(sheet, line - _SHEET_BASE[sheet], error.message)
    return Problem(SURVEY, line, error.message)


def plain(value: Any) -> Any:
    """The spec without line numbers (dicts and lists), to store as data."""
    if isinstance(value, dict):
        return {k: plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [plain(v) for v in value]
    return value


class _Reader:
    """Turns the rows of the three sheets into the engine's definition spec."""

    def __init__(self, path: Path, sheets: Any) -> None:
        self.path = path
        self.sheets = sheets
        self.problems: list[Problem] = []
        self.notes: list[Problem] = []
        self.default_language = "sq"
        self.case_types: tuple[str, ...] = ()
        self.roles: tuple[str, ...] = ()
        self.choice_lists: dict[str, LineList] = {}

    def fail(self, sheet: str, row: int, message: str) -> None:
        self.problems.append(Problem(sheet, row, message))

    def read(self) -> LineDict:
        spec = self.settings()
        self.choices()
        fields = self.survey()
        spec["choices"] = _line_dict(_SHEET_BASE[CHOICES] + 1, self.choice_lists)
        spec["fields"] = fields
        return spec

    # -- settings ------------------------------------------------------------------------
    def settings(self) -> LineDict:
        rows = list(self.sheets.settings or [])
        row = rows[0] if rows else {}
        line = _SHEET_BASE[SETTINGS] + 2
        self.default_language = self.language_of("default_language",
                                                 str(row.get("default_language", "sq")),
                                                 SETTINGS, 2) or "sq"
        form_id = str(row.get("form_id", "")).strip()
        if not form_id:
            self.fail(SETTINGS, 2, "column form_id: the form needs an id (lower-case letters, "
                      "digits and _)")
        version_text = str(row.get("version", "")).strip()
        version: Any = int(version_text) if version_text.isdigit() else version_text
        if not isinstance(version, int) or version < 1:
            self.fail(SETTINGS, 2, f"column version: {version_text!r} is not a whole "
                      "number of 1 or more")
        title = self.texts(row, "form_title", SETTINGS, 2) or {
            lang: form_id for lang in REQUIRED_LANGUAGES}
        spec: dict[str, Any] = {"id": form_id, "version": version, "title": title}
        description = self.texts(row, "kujdes_description", SETTINGS, 2)
        if description:
            spec["description"] = description
        if _is_yes(str(row.get("kujdes_sensitive", ""))):
            spec["sensitive"] = True
        self.case_types = _codes(row.get("kujdes_case_types"))
        self.roles = _codes(row.get("kujdes_roles"))
        return _line_dict(line, spec)

    # -- choices -------------------------------------------------------------------------
    def choices(self) -> None:
        for index, row in enumerate(self.sheets.choices or []):
            number = index + 2
            if not row:
                continue
            list_name = str(row.get("list_name", row.get("list name", ""))).strip()
            name = str(row.get("name", "")).strip()
            if not list_name or not name:
                self.fail(CHOICES, number, "each choice needs a list_name and a name")
                continue
            item: dict[str, Any] = {"name": name, "label": self.texts(row, "label", CHOICES,
                                                                      number)}
            for key, value in row.items():
                base = key.split("::")[0]
                if base not in ("list_name", "list name", "name", "label", "media", "image",
                                "audio", "video"):
                    item[key] = value
                elif base in ("media", "image", "audio", "video"):
                    self.fail(CHOICES, number, f"column {key}: media in choices is not "
                              "supported")
            bucket = self.choice_lists.setdefault(list_name, _line_list(
                _SHEET_BASE[CHOICES] + number))
            bucket.append(_line_dict(_SHEET_BASE[CHOICES] + number, item))

    # -- survey --------------------------------------------------------------------------
    def survey(self) -> LineList:
        top = _line_list(_SHEET_BASE[SURVEY] + 1)
        stack: list[tuple[str, int, LineList]] = [("", 1, top)]
        rows = list(self.sheets.survey or [])
        for index, row in enumerate(rows):
            number = index + 2
            if not row:
                continue
            kind = " ".join(str(row.get("type", "")).split())
            base = kind.split(" ")[0].replace("-", "_") if kind else ""
            if base in ("begin_group", "begin_repeat") or kind in ("begin group",
                                                                    "begin repeat"):
                container = "repeat" if "repeat" in kind else "group"
                spec = self.field(row, number, container)
                children = _line_list(_SHEET_BASE[SURVEY] + number)
                spec["fields"] = children
                stack[-1][2].append(spec)
                stack.append((container, number, children))
                continue
            if base in ("end_group", "end_repeat") or kind in ("end group", "end repeat"):
                if len(stack) == 1:
                    self.fail(SURVEY, number, f"column type: {kind} without a matching begin")
                else:
                    stack.pop()
                continue
            self.add_field(stack[-1][2], row, number, kind)
        for container, number, _children in stack[1:]:
            self.fail(SURVEY, number, f"column type: begin {container} without an end")
        return top

    def add_field(self, target: LineList, row: dict[str, Any], number: int, kind: str) -> None:
        words = kind.split(" ")
        base = words[0]
        if not base:
            self.fail(SURVEY, number, "column type: the row has no type")
            return
        if base in _METADATA_TYPES:
            self.notes.append(Problem(SURVEY, number, f"type {base}: metadata is not "
                                      "collected by this application; the row is left out"))
            return
        if base in _UNSUPPORTED_TYPES:
            self.fail(SURVEY, number, f"column type: {base} ({_UNSUPPORTED_TYPES[base]}) is "
                      "not supported")
            return
        if base in ("select_one", "select_multiple"):
            if len(words) < 2:
                self.fail(SURVEY, number, f"column type: {base} needs a choice list name")
                return
            spec = self.field(row, number, base)
            spec["choices"] = words[1]
            target.append(spec)
            if len(words) > 2 and words[2] == "or_other":
                target.append(self.or_other(spec, words[1], number))
            elif len(words) > 2:
                self.fail(SURVEY, number, f"column type: {kind!r} is not understood")
            return
        if base not in _SIMPLE_TYPES:
            self.fail(SURVEY, number, f"column type: {base!r} is not a supported type")
            return
        spec = self.field(row, number, base)
        if base == "range":
            self.as_range(spec, row, number)
        target.append(spec)

    def field(self, row: dict[str, Any], number: int, kind: str) -> LineDict:
        for key in row:
            self.check_column(key, number)
        name = str(row.get("name", "")).strip()
        spec: dict[str, Any] = {"name": name, "type": kind}
        label = self.texts(row, "label", SURVEY, number)
        if label:
            spec["label"] = label
        elif kind not in ("calculate",):
            self.fail(SURVEY, number, f"column label: field {name!r} needs a label")
        for key in ("hint", "constraint_message"):
            text = self.texts(row, key, SURVEY, number) or (
                self.texts(row, "jr:constraintMsg", SURVEY, number)
                if key == "constraint_message" else {})
            if text:
                spec[key] = text
        for key in ("relevant", "constraint", "calculation", "choice_filter", "appearance"):
            value = str(row.get(key, "")).strip()
            if value:
                self.check_functions(value, key, number)
                spec[key] = value
        for key in ("required", "read_only"):
            value = str(row.get(key, "")).strip()
            if value:
                spec[key] = True if value.lower() in _YES else False if value.lower() in _NO \
                    else value
        default = row.get("default")
        if default not in (None, ""):
            spec["default"] = _typed_default(kind, default)
        if _is_yes(str(row.get("kujdes::sensitive", ""))):
            spec["sensitive"] = True
        if kind == "calculate" and _is_yes(str(row.get("kujdes::score", ""))):
            spec["score"] = True
        if kind == "calculate" and str(row.get("kujdes::choices", "")).strip():
            spec["choices"] = str(row["kujdes::choices"]).strip()
        if row.get("required_message"):
            self.notes.append(Problem(SURVEY, number, "column required_message: the "
                                      "application shows its own message for a missing "
                                      "answer"))
        return _line_dict(_SHEET_BASE[SURVEY] + number, spec)

    def or_other(self, spec: LineDict, list_name: str, number: int) -> LineDict:
        bucket = self.choice_lists.setdefault(list_name, _line_list(_SHEET_BASE[CHOICES]))
        if not any(str(c.get("name")) == "other" for c in bucket):
            bucket.append(_line_dict(_SHEET_BASE[SURVEY] + number,
                                     {"name": "other", "label": dict(_OTHER_LABEL)}))
        name = spec["name"]
        return _line_dict(_SHEET_BASE[SURVEY] + number, {
            "name": f"{name}_other", "type": "text", "label": dict(_OTHER_SPECIFY),
            "relevant": f"selected(${{{name}}}, 'other')", "required": True})

    def as_range(self, spec: LineDict, row: dict[str, Any], number: int) -> None:
        parameters = dict(part.split("=", 1) for part in str(row.get("parameters", ""))
                          .split() if "=" in part)
        try:
            start = float(parameters.get("start", 1))
            end = float(parameters.get("end", 10))
            step = float(parameters.get("step", 1))
        except ValueError:
            self.fail(SURVEY, number, "column parameters: start, end and step must be "
                      "numbers")
            return
        whole = all(v == int(v) for v in (start, end, step))
        spec["type"] = "integer" if whole else "decimal"
        low, high = (_num(start), _num(end)) if start <= end else (_num(end), _num(start))
        bounds = f". >= {low} and . <= {high}"
        spec["constraint"] = f"({spec['constraint']}) and {bounds}" \
            if spec.get("constraint") else bounds
        if "constraint_message" not in spec:
            spec["constraint_message"] = {
                "sq": f"Një vlerë nga {low} deri në {high}.",
                "en": f"A value from {low} to {high}.",
                "sr": f"Vrednost od {low} do {high}."}
        spec["appearance"] = spec.get("appearance") or "range"

    # -- columns, functions, languages -------------------------------------------------------
    def check_column(self, key: str, number: int) -> None:
        base = key.split("::")[0] if not key.startswith("kujdes::") else key
        for prefix, feature in _UNSUPPORTED_COLUMNS.items():
            if key == prefix or (prefix.endswith("::") and key.startswith(prefix)) or \
                    base == prefix:
                self.fail(SURVEY, number, f"column {key}: {feature} is not supported")
                return
        if base not in _SUPPORTED_COLUMNS and base != "jr:constraintMsg":
            self.fail(SURVEY, number, f"column {key}: not a column this application reads")

    def check_functions(self, expression: str, column: str, number: int) -> None:
        for match in _FUNCTION_CALL.finditer(expression):
            name = match.group(1)
            if name in _UNSUPPORTED_FUNCTIONS:
                self.fail(SURVEY, number, f"column {column}: {name}() "
                          f"({_UNSUPPORTED_FUNCTIONS[name]}) is not supported")
            elif name not in FUNCTIONS and name not in ("and", "or", "div", "mod"):
                self.fail(SURVEY, number, f"column {column}: the function {name}() is not "
                          "supported")

    def texts(self, row: dict[str, Any], base: str, sheet: str, number: int) -> dict[str, str]:
        """``base`` in each language: ``base::Shqip (sq)``, ``base::sq`` or plain ``base``
        (the default language). A language without text shows the default language's."""
        found: dict[str, str] = {}
        for key, value in row.items():
            text = str(value).strip() if value is not None else ""
            if not text:
                continue
            if (key == base or key.startswith(f"{base}::")) and "${" in text:
                self.fail(sheet, number, f"column {key}: answers shown inside a text "
                          "(${...}) are not supported")
                continue
            if key == base:
                found.setdefault(self.default_language, text)
                continue
            match = _LANGUAGE_COLUMN.match(key)
            if match and match.group("base") == base:
                language = self.language_of(key, match.group("lang"), sheet, number)
                if language:
                    found[language] = text
        if not found:
            return {}
        fallback = found.get(self.default_language) or next(iter(found.values()))
        for language in REQUIRED_LANGUAGES:  # Serbian, when not given, shows the Albanian
            found.setdefault(language, fallback)
        return found

    def language_of(self, column: str, text: str, sheet: str, number: int) -> str:
        text = text.strip()
        code = _LANGUAGE_CODE.search(text)
        value, at, country = (code.group(1) if code else text).partition("@")
        value = value.lower()
        if value in LANGUAGE_NAMES or value in LANGUAGES:
            return f"{value}@{country.upper()}" if at else value
        by_name = {name.lower(): code for code, name in LANGUAGE_NAMES.items()}
        if text.lower() in by_name:
            return by_name[text.lower()]
        self.fail(sheet, number, f"column {column}: name the language with its code, e.g. "
                  "'Shqip (sq)', 'English (en)' or 'Srpski (sr)'")
        return ""


def _line_dict(line: int, values: dict[str, Any]) -> LineDict:
    result = LineDict(values)
    result.line = line
    result.key_lines = {str(k): line for k in values}
    return result


def _line_list(line: int) -> LineList:
    result = LineList()
    result.line = line
    return result


def _is_yes(text: str) -> bool:
    return text.strip().lower() in _YES


def _codes(value: Any) -> tuple[str, ...]:
    return tuple(part for part in re.split(r"[\s,]+", str(value or "")) if part)


def _num(value: float) -> str:
    return str(int(value)) if value == int(value) else str(value)


def _typed_default(kind: str, value: Any) -> Any:
    text = str(value).strip()
    if kind == "integer" and re.fullmatch(r"-?\d+", text):
        return int(text)
    if kind == "decimal" and re.fullmatch(r"-?\d+(\.\d+)?", text):
        return float(text)
    if kind == "acknowledge":
        return _is_yes(text)
    return text


# -- writing ---------------------------------------------------------------------------------

def write_xlsform(form: FormDefinition, out: str | Path) -> None:
    """Write ``form`` as an XLSForm (survey, choices, settings) that reads back to it."""
    from openpyxl import Workbook

    languages = _languages_of(form)
    workbook = Workbook()
    survey = workbook.active
    survey.title = SURVEY
    text_columns = [f"{base}::{LANGUAGE_NAMES.get(lang, lang)} ({lang})"
                    for base in ("label", "hint", "constraint_message") for lang in languages]
    header = ["type", "name", *text_columns, "required", "relevant", "constraint",
              "calculation", "default", "choice_filter", "appearance", "read_only",
              "kujdes::sensitive", "kujdes::score", "kujdes::choices"]
    survey.append(header)
    for row in _survey_rows(form.fields, languages):
        survey.append([row.get(column, "") for column in header])
    choices = workbook.create_sheet(CHOICES)
    extra = sorted({key for items in form.choices.values() for c in items for key in c.extra})
    choice_header = ["list_name", "name", *[f"label::{LANGUAGE_NAMES.get(lang, lang)} ({lang})"
                                            for lang in languages], *extra]
    choices.append(choice_header)
    for list_name, items in form.choices.items():
        for choice in items:
            choices.append([list_name, choice.name,
                            *[choice.label.get(lang, "") for lang in languages],
                            *[_cell(choice.extra.get(key, "")) for key in extra]])
    settings = workbook.create_sheet(SETTINGS)
    title_columns = [f"form_title::{LANGUAGE_NAMES.get(lang, lang)} ({lang})"
                     for lang in languages]
    description_columns = [f"kujdes_description::{LANGUAGE_NAMES.get(lang, lang)} ({lang})"
                           for lang in languages] if form.description else []
    settings.append(["form_id", "version", "default_language", *title_columns,
                     *description_columns, "kujdes_sensitive"])
    settings.append([form.id, form.version, f"{LANGUAGE_NAMES['sq']} (sq)",
                     *[form.title.get(lang, "") for lang in languages],
                     *[form.description.get(lang, "") for lang in languages
                       if description_columns],
                     "yes" if form.sensitive else ""])
    workbook.save(str(out))


def _languages_of(form: FormDefinition) -> list[str]:
    found: set[str] = set(form.title)
    for f in form.all_fields():
        found.update(f.label, f.hint, f.constraint_message)
    for items in form.choices.values():
        for choice in items:
            found.update(choice.label)
    ordered = [lang for lang in LANGUAGE_NAMES if lang in found]
    return ordered + sorted(found - set(ordered))


def _survey_rows(fields: tuple[Any, ...], languages: list[str]) -> list[dict[str, Any]]:
    rows: list[dict[str, Any]] = []
    for f in fields:
        row = _field_row(f, languages)
        if f.is_container:
            row["type"] = f"begin_{f.type}"
            rows.append(row)
            rows.extend(_survey_rows(f.children, languages))
            rows.append({"type": f"end_{f.type}"})
        else:
            rows.append(row)
    return rows


def _field_row(f: Any, languages: list[str]) -> dict[str, Any]:
    kind = f"{f.type} {f.choices}" if f.type in ("select_one", "select_multiple") else f.type
    row: dict[str, Any] = {"type": kind, "name": f.name}
    for base, texts in (("label", f.label), ("hint", f.hint),
                        ("constraint_message", f.constraint_message)):
        for lang in languages:
            if texts.get(lang):
                row[f"{base}::{LANGUAGE_NAMES.get(lang, lang)} ({lang})"] = texts[lang]
    for key in ("relevant", "constraint", "calculation", "choice_filter"):
        value = getattr(f, key)
        if value is not None:
            row[key] = value.source
    for key in ("required", "read_only"):
        value = getattr(f, key)
        row[key] = "yes" if value is True else "" if value is False else value.source
    if f.default is not None:
        row["default"] = getattr(f.default, "source", None) or _cell(f.default)
    if f.appearance:
        row["appearance"] = f.appearance
    if f.sensitive:
        row["kujdes::sensitive"] = "yes"
    if f.score:
        row["kujdes::score"] = "yes"
    if f.type == "calculate" and f.choices:
        row["kujdes::choices"] = f.choices
    return row


def _cell(value: Any) -> Any:
    if isinstance(value, bool):
        return "yes" if value else "no"
    return value
