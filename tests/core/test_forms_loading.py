"""Loading form definitions: the built-in forms, versions, and precise errors for mistakes."""

from __future__ import annotations

from pathlib import Path

import pytest

from desktop.core.forms import (
    DataFileError,
    FormNotFound,
    FormState,
    available_versions,
    list_forms,
    load_form,
    load_form_file,
)
from sync.profile import load_profile

BUILT_IN = ["child_protection_risk", "consent", "disability_needs", "dv_risk",
            "elderly_functional", "home_visit", "intake", "satisfaction"]


def test_list_forms_gives_every_built_in_form() -> None:
    assert [f.id for f in list_forms()] == BUILT_IN


@pytest.mark.parametrize("form_id", BUILT_IN)
def test_built_in_form_loads_and_is_bilingual(form_id: str) -> None:
    form = load_form(form_id)
    newest = 2 if form_id == "consent" else 1   # consent v2: a consent may be refused
    assert form.id == form_id and form.version == newest
    assert form.title["sq"] and form.title["en"]
    for f in form.all_fields():
        if f.type != "calculate":
            assert f.label["sq"] and f.label["en"], f.name
    for choices in form.choices.values():
        for choice in choices:
            assert choice.label["sq"] and choice.label["en"]
    state = FormState(form)
    assert state.visible_fields()
    assert state.errors()  # a new form has unanswered required fields


def test_built_in_choice_names_follow_the_profile() -> None:
    profile = load_profile("AL")
    intake = load_form("intake")
    assert [c.name for c in intake.choices["referral_sources"]] == \
        profile.codes("referral_sources")
    consent = load_form("consent")
    assert [c.name for c in consent.choices["consent_kinds"]] == profile.codes("consent_kinds")
    services = set(profile.codes("service_taxonomy"))
    for form_id, list_name in [("elderly_functional", "services"), ("satisfaction", "services"),
                               ("disability_needs", "services")]:
        names = {c.name for c in load_form(form_id).choices[list_name]}
        shared = names & services
        assert len(shared) >= 5, (form_id, names - services)
    visit = load_form("home_visit")
    assert [c.name for c in visit.choices["protocols"]] == ["routine", "rapid_response",
                                                            "emergency"]


def test_sensitive_forms_are_marked() -> None:
    assert load_form("dv_risk").sensitive
    assert load_form("child_protection_risk").sensitive
    assert not load_form("satisfaction").sensitive


def test_unknown_forms_and_versions() -> None:
    with pytest.raises(FormNotFound):
        load_form("no_such_form")
    with pytest.raises(FormNotFound):
        load_form("intake", 99)
    with pytest.raises(FormNotFound):
        load_form("../profiles")
    assert available_versions("intake") == [1]


# -- malformed definitions ----------------------------------------------------------------------

HEADER = """\
id: t
version: 1
title: {sq: Provë, en: Test}
choices:
  yn:
    - {name: 'yes', label: {sq: Po, en: 'Yes'}}
    - {name: 'no', label: {sq: Jo, en: 'No'}}
  villages:
    - {name: bicaj, label: {sq: Bicaj, en: Bicaj}, unit: puke}
fields:
  - {name: a, type: integer, label: {sq: A, en: A}}
  - name: kids
    type: repeat
    label: {sq: Fëmijët, en: Children}
    fields:
      - {name: age, type: integer, label: {sq: Mosha, en: Age}}
"""
FIRST_FREE_LINE = HEADER.count("\n") + 1


def write_form(tmp_path: Path, extra: str, header: str = HEADER) -> Path:
    folder = tmp_path / "t"
    folder.mkdir(exist_ok=True)
    path = folder / "v1.yaml"
    path.write_text(header + extra, encoding="utf-8")
    return path


def field_with(attribute: str, value: str, ftype: str = "integer", name: str = "x") -> str:
    """A field whose ``attribute`` is on the fourth line of the snippet."""
    return (f"  - name: {name}\n    type: {ftype}\n    label: {{sq: X, en: X}}\n"
            f"    {attribute}: {value}\n")


EXPRESSION_CASES = [
    ("relevant", "\"${a} = \"", "character 8", "expected a value"),
    ("calculation", "${nope} + 1", "character 1", "unknown field ${nope}"),
    ("relevant", "foo(${a})", "character 1", "unknown function 'foo'"),
    ("relevant", "a > 3", "character 1", "bare name 'a'"),
    ("relevant", ". > 3", "character 1", "only allowed in a constraint"),
    ("constraint", "if(. > 1, 2", "character 12", "never closed"),
    ("constraint", "if(. > 1, 2)", "character 1", "if() takes 3"),
    ("relevant", "${a} = 'x", "character 8", "unterminated string"),
    ("calculation", "${a} / 2", "character 6", "'/' is not supported"),
    ("calculation", "sum(${kids})", "character 5", "is a repeat"),
    ("relevant", "${a} = 1 and __import__('os')", "character 14", "unknown function"),
    ("relevant", "${a}.__class__", "character 5", "unexpected"),
    ("constraint", "regex(., '[a-')", "character 10", "invalid regular expression"),
    ("constraint", "regex(., ${a})", "character 10", "pattern as a quoted text"),
]


@pytest.mark.parametrize(("attribute", "source", "where", "words"), EXPRESSION_CASES)
def test_malformed_expression_names_form_field_position_and_line(
        tmp_path: Path, attribute: str, source: str, where: str, words: str) -> None:
    ftype = "calculate" if attribute == "calculation" else "integer"
    path = write_form(tmp_path, field_with(attribute, source, ftype))
    with pytest.raises(DataFileError) as caught:
        load_form_file(path)
    error = caught.value
    assert error.line == FIRST_FREE_LINE + 3
    assert "form 't'" in error.message
    assert f"field 'x', {attribute}" in error.message
    assert where in error.message
    assert words in error.message
    assert str(error).startswith(f"v1.yaml:{FIRST_FREE_LINE + 3}:")


STRUCTURE_CASES = [
    ("  - {name: x, type: number, label: {sq: X, en: X}}\n", 0, "type 'number' is not one of"),
    ("  - {name: x, type: integer, relevent: 1, label: {sq: X, en: X}}\n", 0,
     "'relevent' is not an attribute of a integer field"),
    ("  - {name: a, type: text, label: {sq: A, en: A}}\n", 0, "field name 'a' is used twice"),
    ("  - {name: x, type: select_one, choices: colours, label: {sq: X, en: X}}\n", 0,
     "no choice list 'colours'"),
    ("  - {name: x, type: select_one, choices: yn}\n", 0, "'label' must be a mapping"),
    ("  - {name: x, type: text, label: {sq: X}}\n", 0, "needs text in 'en'"),
    ("  - {name: x, type: text, label: {sq: Po, en: Yes}}\n", 0, "quote the text"),
    ("  - {name: 2x, type: text, label: {sq: X, en: X}}\n", 0, "must start with a letter"),
    ("  - {name: x, type: calculate}\n", 0, "needs a 'calculation'"),
    ("  - {name: x, type: group, label: {sq: X, en: X}, fields: []}\n", 0,
     "needs a non-empty 'fields' list"),
    ("  - {name: x, type: select_one, choices: yn, default: maybe, label: {sq: X, en: X}}\n",
     0, "default 'maybe'"),
    ("  - {name: x, type: date, default: 2025-02-30, label: {sq: X, en: X}}\n", 0,
     "Enter a valid date"),
    ("  - {name: x, type: text, constraint_message: {sq: X, en: X}, label: {sq: X, en: X}}\n",
     0, "without a 'constraint'"),
]


@pytest.mark.parametrize(("snippet", "offset", "words"), STRUCTURE_CASES)
def test_malformed_structure_names_the_line(tmp_path: Path, snippet: str, offset: int,
                                            words: str) -> None:
    path = write_form(tmp_path, snippet)
    with pytest.raises(DataFileError) as caught:
        load_form_file(path)
    assert caught.value.line == FIRST_FREE_LINE + offset
    assert "form 't'" in caught.value.message
    assert words in caught.value.message


def test_choice_filter_with_an_unknown_column(tmp_path: Path) -> None:
    snippet = ("  - name: village\n    type: select_one\n    label: {sq: F, en: V}\n"
               "    choices: villages\n    choice_filter: district = ${a}\n")
    with pytest.raises(DataFileError) as caught:
        load_form_file(write_form(tmp_path, snippet))
    assert caught.value.line == FIRST_FREE_LINE + 4
    assert "no column 'district'" in caught.value.message
    assert "character 1" in caught.value.message


def test_circular_calculations_are_named(tmp_path: Path) -> None:
    snippet = ("  - {name: p, type: calculate, calculation: '${q} + 1'}\n"
               "  - {name: q, type: calculate, calculation: '${p} + 1'}\n")
    with pytest.raises(DataFileError) as caught:
        load_form_file(write_form(tmp_path, snippet))
    assert "circular reference: p -> q -> p" in caught.value.message
    assert caught.value.line == FIRST_FREE_LINE


def test_relevance_that_depends_on_itself_is_circular(tmp_path: Path) -> None:
    snippet = ("  - name: g\n    type: group\n    label: {sq: G, en: G}\n"
               "    relevant: ${inner} = 1\n    fields:\n"
               "      - {name: inner, type: integer, label: {sq: I, en: I}}\n")
    with pytest.raises(DataFileError, match="circular reference: g -> inner -> g"):
        load_form_file(write_form(tmp_path, snippet))


def test_unquoted_yes_as_a_choice_name(tmp_path: Path) -> None:
    header = HEADER.replace("{name: 'yes',", "{name: yes,")
    with pytest.raises(DataFileError) as caught:
        load_form_file(write_form(tmp_path, "", header))
    assert caught.value.line == 6
    assert "quote the name" in caught.value.message


@pytest.mark.parametrize(("old", "new", "line", "words"), [
    ("version: 1", "version: 2", 2, "version 2 is in file v1.yaml"),
    ("version: 1", "version: one", 2, "'version' must be a whole number"),
    ("id: t", "id: T", 1, "form 'id' must be lower-case"),
    ("title: {sq: Provë, en: Test}", "title: Provë", 3, "form 'title' must be a mapping"),
    ("fields:", "feilds:", 10, "unknown key 'feilds'"),
    ("    - {name: 'no', label: {sq: Jo, en: 'No'}}",
     "    - {name: 'yes', label: {sq: Jo, en: 'No'}}", 7, "appears twice"),
])
def test_malformed_header_and_choices(tmp_path: Path, old: str, new: str, line: int,
                                      words: str) -> None:
    assert old in HEADER
    with pytest.raises(DataFileError) as caught:
        load_form_file(write_form(tmp_path, "", HEADER.replace(old, new)))
    assert caught.value.line == line
    assert words in caught.value.message


def test_form_in_the_wrong_folder(tmp_path: Path) -> None:
    folder = tmp_path / "other"
    folder.mkdir()
    (folder / "v1.yaml").write_text(HEADER, encoding="utf-8")
    with pytest.raises(DataFileError, match="form is in folder 'other'"):
        load_form_file(folder / "v1.yaml")


def test_yaml_syntax_error_has_a_line(tmp_path: Path) -> None:
    with pytest.raises(DataFileError) as caught:
        load_form_file(write_form(tmp_path, "  - {name: x, type: text\n"))
    assert caught.value.line is not None
