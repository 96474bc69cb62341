"""XLSForm in and out: the eight built-in forms round-trip; a spreadsheet with every supported
type and function means what XLSForm's documentation says it means; every unsupported feature
is refused naming sheet, row and column; nothing is half imported."""

from __future__ import annotations

import dataclasses
import datetime as dt
from pathlib import Path
from typing import Any

import pytest
from openpyxl import Workbook

from desktop.core.forms import FormState
from desktop.core.forms.definition import FormDefinition
from desktop.core.forms.loader import list_forms
from desktop.core.forms.xlsform import XLSFormError, read_xlsform, write_xlsform

TODAY = dt.date(2025, 3, 1)
SQ, EN, SR = "label::Shqip (sq)", "label::English (en)", "label::Srpski (sr)"
SURVEY_HEADER = ["type", "name", SQ, EN, SR, "hint::English (en)", "required", "relevant",
                 "constraint", "constraint_message::English (en)", "calculation", "default",
                 "choice_filter", "appearance", "parameters", "read_only", "kujdes::score"]


def _without_lines(form: FormDefinition) -> dict[str, Any]:
    fields = {f.name: {k.name: getattr(f, k.name) for k in dataclasses.fields(f)
                       if k.name not in ("line", "children")} for f in form.all_fields()}
    return {"fields": fields, "order": [f.name for f in form.all_fields()],
            "choices": form.choices, "title": form.title, "description": form.description,
            "sensitive": form.sensitive, "id": form.id, "version": form.version}


@pytest.mark.parametrize("form", list_forms(), ids=lambda f: f.id)
def test_each_built_in_form_exports_and_imports_back_to_the_same_definition(
        form: FormDefinition, tmp_path: Path) -> None:
    out = tmp_path / f"{form.id}.xlsx"
    write_xlsform(form, out)
    imported = read_xlsform(out)
    assert _without_lines(imported.form) == _without_lines(form)
    assert imported.notes == []


def write_book(path: Path, survey: list[list[Any]], choices: list[list[Any]] | None = None,
               settings: dict[str, Any] | None = None,
               header: list[str] | None = None) -> Path:
    book = Workbook()
    sheet = book.active
    sheet.title = "survey"
    sheet.append(header or SURVEY_HEADER)
    for row in survey:
        sheet.append(row)
    sheet = book.create_sheet("choices")
    sheet.append(["list_name", "name", SQ, EN, SR, "county"])
    for row in choices or []:
        sheet.append(row)
    sheet = book.create_sheet("settings")
    values = {"form_id": "municipal_check", "version": 2, "form_title": "Kontrolli",
              "default_language": "Shqip (sq)", **(settings or {})}
    sheet.append(list(values))
    sheet.append(list(values.values()))
    book.save(str(path))
    return path


def row(kind: str, name: str, label: str = "", extra: dict[str, Any] | None = None,
        **columns: Any) -> list[Any]:
    values = {"type": kind, "name": name, SQ: label, EN: f"{label} (en)" if label else "",
              SR: f"{label} (sr)" if label else "", **columns, **(extra or {})}
    return [values.get(column, "") for column in SURVEY_HEADER]


CHOICES = [["yn", "yes", "Po", "Yes", "Da", ""], ["yn", "no", "Jo", "No", "Ne", ""],
           ["places", "a", "Fshati A", "Village A", "Selo A", "north"],
           ["places", "b", "Fshati B", "Village B", "Selo B", "south"],
           ["regions", "north", "Veri", "North", "Sever", ""],
           ["regions", "south", "Jug", "South", "Jug", ""]]


def every_type_form(tmp_path: Path) -> Path:
    return write_book(tmp_path / "every.xlsx", [
        row("date", "visit_date", "Data", required="yes", default="today()",
            constraint=". <= today()",
            extra={"constraint_message::English (en)": "No future dates"}),
        row("time", "visit_time", "Ora"),
        row("text", "phone", "Telefoni", constraint="regex(., '^0[0-9]{8,9}$')"),
        row("integer", "adults", "Të rritur", required="yes", constraint=". >= 0"),
        row("decimal", "income", "Të ardhura"),
        row("range", "pain", "Dhimbja", parameters="start=0 end=10 step=1"),
        row("select_one yn or_other", "works", "Punon"),
        row("select_multiple yn", "needs", "Nevojat",
            relevant="selected(${works}, 'no')"),
        row("calculate", "needs_count", calculation="count-selected(${needs})"),
        row("begin_group", "where", "Vendi", appearance="field-list"),
        row("select_one regions", "region", "Rajoni"),
        row("select_one places", "village", "Fshati", choice_filter="county=${region}"),
        row("end_group", ""),
        row("note", "reminder", "Kujtesë"),
        row("acknowledge", "consent", "Pëlqimi", required="yes"),
        row("calculate", "household", calculation="coalesce(${adults}, 0) + 1",
            extra={"kujdes::score": "yes"}),
        row("calculate", "summary",
            calculation="concat(string-length(${phone}), '-', int(${income}), '-', "
                        "round(${income}, 1), '-', number('4'), '-', "
                        "if(not(${adults} > 2) and ${adults} != 0, 'small', 'big'))"),
        row("calculate", "next_visit", calculation="date(${visit_date} + 30)"),
        row("text", "notes", "Shënime", read_only="${adults} > 10"),
    ], CHOICES)


def test_a_form_with_every_supported_type_and_function_means_what_xlsform_says(
        tmp_path: Path) -> None:
    imported = read_xlsform(every_type_form(tmp_path))
    form = imported.form
    assert (form.id, form.version) == ("municipal_check", 2)
    assert form.field("visit_time").type == "time"
    assert form.field("pain").type == "integer"
    assert form.field("works_other").type == "text"
    assert [c.name for c in form.choice_list("yn")] == ["yes", "no", "other"]
    assert form.field("adults").label == {"sq": "Të rritur", "en": "Të rritur (en)",
                                          "sr": "Të rritur (sr)"}
    assert form.field("household").score

    s = FormState(form, None, today=TODAY)
    assert s.value("visit_date") == "2025-03-01"                 # default today()
    assert not s.is_relevant("works_other")
    s.set("works", "other")                                       # or_other
    assert s.is_relevant("works_other") and s.is_required("works_other")
    assert not s.is_relevant("needs")
    s.set("works", "no")
    assert s.is_relevant("needs")                                 # selected()
    s.set("needs", ["yes", "no"])
    assert s.computed["needs_count"] == 2                         # count-selected()
    s.set("region", "north")
    assert [c.name for c in s.choices_for("village")] == ["a"]   # choice_filter
    s.set("adults", 2)
    s.set("income", 12.345)
    s.set("phone", "069123456")
    assert s.computed["household"] == 3                           # coalesce + arithmetic
    assert s.computed["summary"] == "9-12-12.3-4-small"
    assert s.computed["next_visit"] == "2025-03-31"               # date arithmetic
    assert not s.is_read_only("notes")
    s.set("adults", 11)
    assert s.is_read_only("notes")
    s.set("pain", 11)                                             # range bounds
    s.set("adults", -1)                                           # constraint
    s.set("phone", "12")                                          # regex
    s.set("visit_time", "25:00")
    errors = s.errors()
    assert {"pain", "adults", "phone", "visit_time", "consent"} <= set(errors)
    s.set("visit_date", "2025-04-01")
    assert s.errors()["visit_date"]["en"] == "No future dates"


@pytest.mark.parametrize(("survey_row", "column", "feature"), [
    (row("geopoint", "where", "Ku"), "type", "geopoint"),
    (row("audio", "voice", "Zëri"), "type", "audio"),
    (row("select_one_from_file villages.csv", "v", "Fshati"), "type", "select_one_from_file"),
    (row("calculate", "c", calculation="pulldata('x', 'y', 'z', 'w')"), "calculation",
     "pulldata"),
    (row("calculate", "c", calculation="jr:choice-name(${a}, '${a}')"), "calculation",
     "jr:choice-name"),
    (row("integer", "a", "A", relevant="position(..) > 1"), "relevant", "position"),
])
def test_each_unsupported_feature_is_refused_with_its_sheet_row_and_column(
        tmp_path: Path, survey_row: list[Any], column: str, feature: str) -> None:
    path = write_book(tmp_path / "bad.xlsx", [row("integer", "a", "A"), survey_row], CHOICES)
    with pytest.raises(XLSFormError) as caught:
        read_xlsform(path)
    text = str(caught.value)
    assert text.startswith("survey:3: ")
    assert column in text and feature in text


def test_unsupported_columns_are_refused(tmp_path: Path) -> None:
    header = SURVEY_HEADER + ["repeat_count", "media::image"]
    path = write_book(tmp_path / "bad.xlsx", [
        row("begin_repeat", "kids", "Fëmijët") + ["3", ""],
        row("integer", "age", "Mosha") + ["", "photo.jpg"],
        row("end_repeat", "") + ["", ""]], CHOICES, header=header)
    with pytest.raises(XLSFormError) as caught:
        read_xlsform(path)
    lines = str(caught.value).splitlines()
    assert any(line.startswith("survey:2: column repeat_count") for line in lines)
    assert any(line.startswith("survey:3: column media::image") for line in lines)


def test_xlsform_and_engine_checks_name_the_row_of_the_field(tmp_path: Path) -> None:
    path = write_book(tmp_path / "bad.xlsx", [
        row("integer", "a", "A"),
        row("integer", "b", "B", relevant="${missing} > 1")], CHOICES)
    with pytest.raises(XLSFormError) as caught:
        read_xlsform(path)
    assert str(caught.value).startswith("survey:3: ")
    assert "missing" in str(caught.value)
    path = write_book(tmp_path / "bad2.xlsx", [
        row("text", "a", "A"), row("text", "pattern", "P"),
        row("text", "b", "B", constraint="regex(., ${pattern})")], CHOICES)
    with pytest.raises(XLSFormError) as caught:
        read_xlsform(path)
    assert str(caught.value).startswith("survey:4: ")
    assert "constraint" in str(caught.value)


def test_an_unmatched_group_and_a_bad_version_are_refused(tmp_path: Path) -> None:
    path = write_book(tmp_path / "bad.xlsx", [row("begin_group", "g", "G"),
                                              row("integer", "a", "A")], CHOICES,
                      settings={"version": "v2"})
    with pytest.raises(XLSFormError) as caught:
        read_xlsform(path)
    text = str(caught.value)
    assert "settings:2: column version" in text
    assert "survey:2: column type: begin group without an end" in text


def test_a_plain_label_column_is_the_default_language(tmp_path: Path) -> None:
    header = ["type", "name", "label"]
    path = write_book(tmp_path / "plain.xlsx", [["text", "name", "Emri"]], header=header)
    form = read_xlsform(path).form
    assert form.field("name").label == {"sq": "Emri", "en": "Emri"}


def test_a_file_that_is_not_a_spreadsheet_is_refused_in_words(tmp_path: Path) -> None:
    path = tmp_path / "form.xlsx"
    path.write_bytes(b"not a spreadsheet")
    with pytest.raises(XLSFormError) as caught:
        read_xlsform(path)
    assert "not a readable XLSForm" in str(caught.value)
