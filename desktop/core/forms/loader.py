"""Loading and checking form definitions from ``resources/forms/<form_id>/v<version>.yaml``.

Everything that can be checked without answers is checked here, so a mistake in a definition
fails when the form is loaded (naming file, line, form, field and character), never while a
worker fills it in.
"""

from __future__ import annotations

import re
import threading
from pathlib import Path
from typing import Any

from desktop.core.forms.definition import (
    CONTAINER_TYPES,
    FIELD_TYPES,
    SELECT_TYPES,
    Choice,
    FieldDef,
    FormDefinition,
    LangText,
)
from desktop.core.forms.evaluate import compile_regex
from desktop.core.forms.expressions import (
    Call,
    Column,
    Current,
    Expression,
    ExpressionError,
    Literal,
    Ref,
    parse_expression,
    walk,
)
from desktop.core.forms.values import check_value
from desktop.core.i18n import TEXT_LANGUAGES
from sync.yamlfile import DataFileError, LineDict, LineList, load_yaml

# Every form speaks Albanian and English; Serbian is shown where a form has it (every built-in
# form does), else the Albanian text.
REQUIRED_LANGUAGES = ("sq", "en")
LANGUAGES = TEXT_LANGUAGES  # the languages a form's texts may be written in
FORMS_DIR = Path(__file__).resolve().parents[3] / "resources" / "forms"

_ID = re.compile(r"[a-z][a-z0-9_]*\Z")
_FIELD_NAME = re.compile(r"[A-Za-z][A-Za-z0-9_]*\Z")
_CHOICE_NAME = re.compile(r"[A-Za-z0-9_.\-]+\Z")
_VERSION_FILE = re.compile(r"v(\d+)\.yaml\Z")
_DYNAMIC_DEFAULT = re.compile(r"\$\{|[A-Za-z][A-Za-z-]*\(")

_parsed: dict[tuple[str, int], FormDefinition] = {}  # (path, mtime) -> its definition
_parse_lock = threading.RLock()
_PARSED_AT_MOST = 128

FORM_KEYS = {"id", "version", "title", "description", "sensitive", "choices", "fields"}
_BASE_KEYS = {"name", "type", "label", "hint", "relevant", "appearance", "sensitive"}
_INPUT_KEYS = _BASE_KEYS | {"required", "constraint", "constraint_message", "default",
                            "read_only"}
ALLOWED_KEYS: dict[str, set[str]] = {
    **{t: _INPUT_KEYS for t in ("text", "integer", "decimal", "date", "time", "acknowledge",
                                "image")},
    "select_one": _INPUT_KEYS | {"choices", "choice_filter"},
    "select_multiple": _INPUT_KEYS | {"choices", "choice_filter"},
    "note": set(_BASE_KEYS),
    # On a calculate field, "choices" names the labels of the codes it computes (display only).
    # "score": shown and reported as a score of the form.
    "calculate": _BASE_KEYS | {"calculation", "choices", "score"},
    "group": _BASE_KEYS | {"fields"},
    "repeat": _BASE_KEYS | {"fields", "required"},
}
LABEL_OPTIONAL = {"calculate"}


class FormNotFound(LookupError):
    pass


# -- public entry points -----------------------------------------------------------------------

def load_form_file(path: str | Path) -> FormDefinition:
    """Load and check one definition file."""
    path = Path(path).resolve()
    return _load_cached(str(path), path.stat().st_mtime_ns)


def _load_cached(path: str, mtime_ns: int) -> FormDefinition:
    """One parse per file version, whichever thread asks first: the warm-up's thread parses
    the built-in forms after start, and the database thread asking for one meanwhile waits
    for that parse instead of parsing it again beside it."""
    key = (path, mtime_ns)
    with _parse_lock:
        form = _parsed.get(key)
        if form is None:
            form = _FormBuilder(Path(path), load_yaml(path)).build()
            if len(_parsed) >= _PARSED_AT_MOST:
                del _parsed[next(iter(_parsed))]
            _parsed[key] = form
    return form


def build_definition(source: str | Path, spec: LineDict) -> FormDefinition:
    """Check and build a definition from ``spec`` (the YAML schema, with line numbers) that
    came from ``source`` (an XLSForm, a record from the server)."""
    return _FormBuilder(Path(source), spec).build()


def available_versions(form_id: str, directory: str | Path | None = None) -> list[int]:
    """The versions of a form on disk, oldest first."""
    folder = _form_folder(form_id, directory)
    versions = []
    for entry in folder.glob("v*.yaml") if folder.is_dir() else ():
        match = _VERSION_FILE.match(entry.name)
        if match:
            versions.append(int(match.group(1)))
    return sorted(versions)


def load_form(form_id: str, version: int | None = None, *,
              directory: str | Path | None = None) -> FormDefinition:
    """A form by id; the latest version when ``version`` is None."""
    versions = available_versions(form_id, directory)
    if not versions:
        raise FormNotFound(f"no form {form_id!r}")
    if version is None:
        version = versions[-1]
    if version not in versions:
        raise FormNotFound(f"form {form_id!r} has no version {version}")
    return load_form_file(_form_folder(form_id, directory) / f"v{version}.yaml")


def list_forms(directory: str | Path | None = None) -> list[FormDefinition]:
    """The latest version of every form, sorted by id."""
    root = Path(directory) if directory is not None else FORMS_DIR
    forms = []
    for folder in sorted(p for p in root.iterdir() if p.is_dir()) if root.is_dir() else ():
        if _ID.match(folder.name) and available_versions(folder.name, root):
            forms.append(load_form(folder.name, directory=root))
    return forms


def _form_folder(form_id: str, directory: str | Path | None) -> Path:
    if not isinstance(form_id, str) or not _ID.match(form_id):
        raise FormNotFound(f"not a form id: {form_id!r}")
    return (Path(directory) if directory is not None else FORMS_DIR) / form_id


# -- building ----------------------------------------------------------------------------------

class _FormBuilder:
    def __init__(self, path: Path, data: Any) -> None:
        self.path = path
        self.data = data
        self.form_id = "?"
        self.choices: dict[str, tuple[Choice, ...]] = {}
        self.specs: dict[str, LineDict] = {}
        self.fields: dict[str, FieldDef] = {}

    def error(self, line: int | None, message: str) -> DataFileError:
        return DataFileError(self.path, line, f"form {self.form_id!r}: {message}")

    def build(self) -> FormDefinition:
        data = self.data
        if not isinstance(data, LineDict):
            raise DataFileError(self.path, 1, "a form definition must be a mapping")
        self.check_header(data)
        self.choices = self.build_choices(data.get("choices", LineDict()))
        fields = data.get("fields")
        if not isinstance(fields, LineList) or not fields:
            raise self.error(data.line_of("fields"), "'fields' must be a non-empty list")
        tree = self.build_fields(fields, parent=None, repeats=())
        form = FormDefinition(
            id=data["id"], version=data["version"], title=dict(data["title"]), fields=tree,
            choices=self.choices, description=dict(data.get("description") or {}),
            sensitive=bool(data.get("sensitive", False)), path=self.path,
        )
        _Checker(self, form).check()
        return form

    def check_header(self, data: LineDict) -> None:
        form_id = data.get("id")
        if not isinstance(form_id, str) or not _ID.match(form_id):
            raise DataFileError(self.path, data.line_of("id"),
                                "form 'id' must be lower-case letters, digits and '_'")
        self.form_id = form_id
        for key in data:
            if key not in FORM_KEYS:
                raise self.error(data.line_of(key), f"unknown key {key!r} "
                                 f"(one of {', '.join(sorted(FORM_KEYS))})")
        version = data.get("version")
        if not isinstance(version, int) or isinstance(version, bool) or version < 1:
            raise self.error(data.line_of("version"), "'version' must be a whole number >= 1")
        match = _VERSION_FILE.match(self.path.name)
        if match and int(match.group(1)) != version:
            raise self.error(data.line_of("version"),
                             f"version {version} is in file {self.path.name}")
        if match and self.path.parent.name != form_id:
            raise self.error(data.line_of("id"),
                             f"form is in folder {self.path.parent.name!r}, not {form_id!r}")
        self.lang_text(data, "title", "form 'title'", required=True)
        if "description" in data:
            self.lang_text(data, "description", "form 'description'", required=True)
        if not isinstance(data.get("sensitive", False), bool):
            raise self.error(data.line_of("sensitive"), "'sensitive' must be true or false")

    def lang_text(self, spec: LineDict, key: str, what: str, *, required: bool) -> LangText:
        value = spec.get(key)
        if value is None and not required:
            return {}
        line = spec.line_of(key)
        if not isinstance(value, dict):
            raise self.error(line, f"{what} must be a mapping of languages, e.g. "
                             "{sq: ..., en: ...}")
        for language, text in value.items():
            if isinstance(text, bool):
                raise self.error(line, f"{what}: '{language}' is read as {text}: YAML takes "
                                 "Yes/No/On/Off for true/false, so quote the text ('Yes')")
            if not isinstance(text, str):
                raise self.error(line, f"{what}: '{language}' must be text")
        for language in REQUIRED_LANGUAGES:
            if not value.get(language, "").strip():
                raise self.error(line, f"{what} needs text in '{language}'")
        return dict(value)

    # -- choices ---------------------------------------------------------------------------

    def build_choices(self, lists: Any) -> dict[str, tuple[Choice, ...]]:
        if not isinstance(lists, LineDict):
            raise self.error(self.data.line_of("choices"),
                             "'choices' must map list names to lists")
        out = {}
        for list_name, items in lists.items():
            line = lists.line_of(list_name)
            if not isinstance(list_name, str) or not _FIELD_NAME.match(list_name):
                raise self.error(line, f"choice list name {list_name!r} is not a valid name")
            if not isinstance(items, LineList) or not items:
                raise self.error(line, f"choice list {list_name!r} must be a non-empty list")
            out[list_name] = self.build_choice_list(list_name, items)
        return out

    def build_choice_list(self, list_name: str, items: LineList) -> tuple[Choice, ...]:
        seen: set[str] = set()
        choices = []
        for item in items:
            line = getattr(item, "line", items.line)
            if not isinstance(item, LineDict) or "name" not in item:
                raise self.error(line, f"each choice of {list_name!r} needs a 'name' and "
                                 "a 'label'")
            name = item["name"]
            if isinstance(name, bool):
                raise self.error(line, f"choice name {name!r} in {list_name!r}: YAML reads "
                                 "yes/no/on/off as true/false; quote the name, e.g. 'yes'")
            if isinstance(name, int):
                name = str(name)
            if not isinstance(name, str) or not _CHOICE_NAME.match(name):
                raise self.error(line, f"choice {item['name']!r} in {list_name!r}: names are "
                                 "letters, digits, '_', '-' or '.', without spaces")
            if name in seen:
                raise self.error(line, f"choice {name!r} appears twice in {list_name!r}")
            seen.add(name)
            label = self.lang_text(item, "label", f"choice {name!r} in {list_name!r}",
                                   required=True)
            extra = {k: v for k, v in item.items() if k not in ("name", "label")}
            for key, value in extra.items():
                if not isinstance(key, str) or not _FIELD_NAME.match(key) or isinstance(
                        value, dict | list):
                    raise self.error(item.line_of(str(key)), f"choice {name!r} in "
                                     f"{list_name!r}: column {key!r} must be a simple value")
            choices.append(Choice(name, label, extra))
        return tuple(choices)

    # -- fields ----------------------------------------------------------------------------

    def build_fields(self, specs: LineList, parent: str | None,
                     repeats: tuple[str, ...]) -> tuple[FieldDef, ...]:
        return tuple(self.build_field(spec, parent, repeats) for spec in specs)

    def build_field(self, spec: Any, parent: str | None,
                    repeats: tuple[str, ...]) -> FieldDef:
        if not isinstance(spec, LineDict):
            raise self.error(getattr(spec, "line", None), "each field must be a mapping")
        name = self.field_name(spec)
        ftype = spec.get("type")
        if ftype not in FIELD_TYPES:
            raise self.error(spec.line_of("type"), f"field {name!r}: type {ftype!r} is not "
                             f"one of {', '.join(sorted(FIELD_TYPES))}")
        for key in spec:
            if key not in ALLOWED_KEYS[ftype]:
                raise self.error(spec.line_of(key), f"field {name!r}: {key!r} is not an "
                                 f"attribute of a {ftype} field")
        self.specs[name] = spec
        children: tuple[FieldDef, ...] = ()
        if ftype in CONTAINER_TYPES:
            inner = repeats + (name,) if ftype == "repeat" else repeats
            kids = spec.get("fields")
            if not isinstance(kids, LineList) or not kids:
                raise self.error(spec.line_of("fields"), f"field {name!r}: a {ftype} needs a "
                                 "non-empty 'fields' list")
            children = self.build_fields(kids, name, inner)
        field_def = FieldDef(
            name=name, type=ftype, children=children, parent=parent, repeats=repeats,
            line=spec.line, **self.attributes(name, ftype, spec),
        )
        self.fields[name] = field_def
        return field_def

    def field_name(self, spec: LineDict) -> str:
        name = spec.get("name")
        if not isinstance(name, str) or not _FIELD_NAME.match(name):
            raise self.error(spec.line_of("name"), f"field name {name!r} must start with a "
                             "letter and hold only letters, digits and '_'")
        if name in self.specs:
            first = self.specs[name].line
            raise self.error(spec.line_of("name"),
                             f"field name {name!r} is used twice (first at line {first})")
        return name

    def attributes(self, name: str, ftype: str, spec: LineDict) -> dict[str, Any]:
        label_required = ftype not in LABEL_OPTIONAL
        attrs: dict[str, Any] = {
            "label": self.lang_text(spec, "label", f"field {name!r}: 'label'",
                                    required=label_required),
            "hint": self.lang_text(spec, "hint", f"field {name!r}: 'hint'", required=False),
            "constraint_message": self.lang_text(
                spec, "constraint_message", f"field {name!r}: 'constraint_message'",
                required=False),
            "appearance": self.optional_text(name, spec, "appearance"),
            "sensitive": self.flag(name, spec, "sensitive"),
            "score": self.flag(name, spec, "score"),
        }
        for key in ("relevant", "constraint", "calculation", "choice_filter"):
            if key in spec:
                attrs[key] = self.expression(name, spec, key)
        for key in ("required", "read_only"):
            if key in spec:
                attrs[key] = self.flag_or_expression(name, spec, key)
        if "default" in spec:
            attrs["default"] = self.default(name, spec)
        if ftype in SELECT_TYPES or (ftype == "calculate" and "choices" in spec):
            attrs["choices"] = self.choice_list_name(name, spec)
        if ftype == "calculate" and "calculation" not in spec:
            raise self.error(spec.line, f"field {name!r}: a calculate field needs a "
                             "'calculation'")
        if "constraint_message" in spec and "constraint" not in spec:
            raise self.error(spec.line_of("constraint_message"),
                             f"field {name!r}: 'constraint_message' without a 'constraint'")
        return attrs

    def optional_text(self, name: str, spec: LineDict, key: str) -> str | None:
        value = spec.get(key)
        if value is not None and not isinstance(value, str):
            raise self.error(spec.line_of(key), f"field {name!r}: {key!r} must be text")
        return value

    def flag(self, name: str, spec: LineDict, key: str) -> bool:
        value = spec.get(key, False)
        if not isinstance(value, bool):
            raise self.error(spec.line_of(key), f"field {name!r}: {key!r} must be true or "
                             "false")
        return value

    def flag_or_expression(self, name: str, spec: LineDict, key: str) -> bool | Expression:
        value = spec[key]
        if isinstance(value, bool):
            return value
        if isinstance(value, str) and value.strip().lower() in ("yes", "true()"):
            return True
        if isinstance(value, str) and value.strip().lower() in ("no", "false()"):
            return False
        if not isinstance(value, str):
            raise self.error(spec.line_of(key), f"field {name!r}: {key!r} must be true, "
                             "false or an expression")
        return self.expression(name, spec, key)

    def expression(self, name: str, spec: LineDict, key: str) -> Expression:
        source = spec[key]
        if not isinstance(source, str):
            raise self.error(spec.line_of(key), f"field {name!r}, {key}: an expression "
                             f"must be text, not {source!r}")
        try:
            return parse_expression(source, allow_columns=key == "choice_filter")
        except ExpressionError as exc:
            raise self.expression_error(name, spec, key, source, exc.message,
                                        exc.position) from exc

    def expression_error(self, name: str, spec: LineDict, key: str, source: str,
                         message: str, position: int) -> DataFileError:
        return self.error(spec.line_of(key), f"field {name!r}, {key}: {message} at character "
                          f"{position} of {source!r}")

    def default(self, name: str, spec: LineDict) -> Any:
        value = spec["default"]
        if isinstance(value, str) and _DYNAMIC_DEFAULT.search(value):
            return self.expression(name, spec, "default")
        return value

    def choice_list_name(self, name: str, spec: LineDict) -> str:
        list_name = spec.get("choices")
        if not isinstance(list_name, str):
            raise self.error(spec.line, f"field {name!r}: a select needs 'choices' naming a "
                             "choice list")
        if list_name not in self.choices:
            raise self.error(spec.line_of("choices"),
                             f"field {name!r}: no choice list {list_name!r}")
        return list_name


class _Checker:
    """Checks that need the whole form: references, defaults and cycles."""

    def __init__(self, builder: _FormBuilder, form: FormDefinition) -> None:
        self.builder = builder
        self.form = form

    def check(self) -> None:
        for f in self.form.all_fields():
            for key, expression in f.expressions():
                self.check_expression(f, key, expression)
            self.check_default(f)
        self.check_cycles()

    def fail(self, f: FieldDef, key: str, expression: Expression, position: int,
             message: str) -> DataFileError:
        spec = self.builder.specs[f.name]
        return self.builder.expression_error(f.name, spec, key, expression.source, message,
                                             position)

    def check_expression(self, f: FieldDef, key: str, expression: Expression) -> None:
        counted = {id(n.args[0]) for n in walk(expression.tree)
                   if isinstance(n, Call) and n.name == "count" and isinstance(n.args[0], Ref)}
        for node in walk(expression.tree):
            if isinstance(node, Ref):
                self.check_ref(f, key, expression, node, id(node) in counted)
            elif isinstance(node, Current) and key != "constraint":
                raise self.fail(f, key, expression, node.pos + 1,
                                "'.' (the current value) is only allowed in a constraint")
            elif isinstance(node, Column):
                self.check_column(f, key, expression, node)
            elif isinstance(node, Call) and node.name == "regex":
                self.check_regex(f, key, expression, node)

    def check_ref(self, f: FieldDef, key: str, expression: Expression, node: Ref,
                  counted: bool) -> None:
        if not self.form.has_field(node.name):
            raise self.fail(f, key, expression, node.pos + 1,
                            f"unknown field ${{{node.name}}}")
        target = self.form.field(node.name)
        if target.type == "repeat" and not counted:
            raise self.fail(f, key, expression, node.pos + 1,
                            f"${{{node.name}}} is a repeat: use count(${{{node.name}}})")
        if target.type in ("group", "note"):
            raise self.fail(f, key, expression, node.pos + 1,
                            f"${{{node.name}}} is a {target.type} and has no value")

    def check_column(self, f: FieldDef, key: str, expression: Expression,
                     node: Column) -> None:
        choices = self.form.choices.get(f.choices or "", ())
        known = {"name"} | {k for c in choices for k in c.extra}
        if node.name not in known:
            raise self.fail(f, key, expression, node.pos + 1,
                            f"choice list {f.choices!r} has no column {node.name!r}")

    def check_regex(self, f: FieldDef, key: str, expression: Expression, node: Call) -> None:
        pattern = node.args[1]
        if not isinstance(pattern, Literal) or not isinstance(pattern.value, str):
            # A pattern taken from an answer could be made to backtrack for ever.
            raise self.fail(f, key, expression, pattern.pos + 1,
                            "regex() needs the pattern as a quoted text")
        if compile_regex(pattern.value) is None:
            raise self.fail(f, key, expression, pattern.pos + 1,
                            f"invalid regular expression {pattern.value!r}")

    def check_default(self, f: FieldDef) -> None:
        if f.default is None or isinstance(f.default, Expression):
            return
        if not f.is_input:
            raise self.builder.error(self.builder.specs[f.name].line_of("default"),
                                     f"field {f.name!r}: a {f.type} field takes no default")
        problem = check_value(f, f.default, self.form.choices.get(f.choices or "", ()))
        if problem:
            raise self.builder.error(self.builder.specs[f.name].line_of("default"),
                                     f"field {f.name!r}: default {f.default!r}: "
                                     f"{problem['en']}")

    def dependencies(self, f: FieldDef) -> set[str]:
        """What the value of ``f`` needs: its relevance (and its parent's) and calculation."""
        needs = set(f.relevant.refs) if f.relevant else set()
        if f.calculation:
            needs |= f.calculation.refs
        if f.parent:
            needs.add(f.parent)
        return needs

    def check_cycles(self) -> None:
        graph = {f.name: self.dependencies(f) for f in self.form.all_fields()}
        state: dict[str, int] = {}
        for name in graph:
            cycle = _find_cycle(name, graph, state, [])
            if cycle:
                spec = self.builder.specs[cycle[0]]
                raise self.builder.error(spec.line, "circular reference: "
                                         + " -> ".join(cycle))


def _find_cycle(name: str, graph: dict[str, set[str]], state: dict[str, int],
                trail: list[str]) -> list[str] | None:
    """Depth-first search; state 1 = on the current path, 2 = done."""
    if state.get(name) == 2:
        return None
    if state.get(name) == 1:
        return trail[trail.index(name):] + [name]
    state[name] = 1
    trail.append(name)
    for dependency in sorted(graph.get(name, ())):
        cycle = _find_cycle(dependency, graph, state, trail)
        if cycle:
            return cycle
    trail.pop()
    state[name] = 2
    return None
