"""Filling in a form: answers, skip logic, calculations, validation and the submission.

Fields are addressed by name. A field inside a repeat is addressed with the instance index,
``members[0].age`` (nested repeats: ``visits[1].present[0].role``); the same keys are used in
:meth:`FormState.errors` and :meth:`FormState.visible_fields`.

An answer to a field that is not relevant is kept while the form is open (the worker may change
their mind and get it back) but reads as empty in expressions and is dropped from the
submission, as in ODK.
"""

from __future__ import annotations

import copy
import datetime as dt
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from desktop.core.forms.definition import Choice, FieldDef, FormDefinition
from desktop.core.forms.evaluate import NodeSet, Value, evaluate, is_empty, to_bool
from desktop.core.forms.expressions import Expression
from desktop.core.forms.values import (
    INVALID,
    NO_ANSWER,
    REQUIRED,
    UNKNOWN_FIELD,
    Message,
    check_value,
    coerce,
    expression_value,
    is_blank,
    stored_value,
)

InstancePath = tuple[tuple[str, int], ...]
_SEGMENT = re.compile(r"([A-Za-z][A-Za-z0-9_]*)(?:\[(\d+)\])?\Z")


def parse_key(form: FormDefinition, key: str) -> tuple[FieldDef, InstancePath]:
    """``members[0].age`` -> (the field ``age``, (("members", 0),))."""
    segments = [_SEGMENT.match(s) for s in key.split(".")] if isinstance(key, str) else [None]
    if not segments or any(m is None for m in segments):
        raise KeyError(f"not a field key: {key!r}")
    path = []
    for match in segments[:-1]:
        if match.group(2) is None:
            raise KeyError(f"{key!r}: give the instance, e.g. {match.group(1)}[0]")
        path.append((match.group(1), int(match.group(2))))
    last = segments[-1]
    if last.group(2) is not None:
        raise KeyError(f"{key!r}: a key ends with a field name")
    f = form.field(last.group(1))
    if tuple(name for name, _ in path) != f.repeats:
        inside = ".".join(f"{r}[i]" for r in f.repeats)
        raise KeyError(f"{key!r}: address {f.name!r} as "
                       f"{inside + '.' if inside else ''}{f.name}")
    return f, tuple(path)


def make_key(f: FieldDef, path: InstancePath) -> str:
    return "".join(f"{name}[{index}]." for name, index in path) + f.name


class _Scope:
    """What one expression sees: the instance it is evaluated in, '.', choice columns."""

    def __init__(self, session: _Session, path: InstancePath, current: Value,
                 columns: dict[str, Any] | None) -> None:
        self.session = session
        self.path = path
        self._current = current
        self._columns = columns or {}
        self.today = session.today

    def ref(self, name: str) -> Value:
        return self.session.resolve(name, self.path)

    def current(self) -> Value:
        return self._current

    def column(self, name: str) -> Value:
        value = self._columns.get(name)
        return "" if value is None else value


class _Session:
    """One evaluation of a form over unchanging answers; results are memoised."""

    def __init__(self, form: FormDefinition, answers: dict[str, Any], today: dt.date) -> None:
        self.form = form
        self.answers = answers
        self.today = today
        self._relevant: dict[tuple[str, InstancePath], bool] = {}
        self._calculated: dict[tuple[str, InstancePath], Value] = {}

    # -- answers ---------------------------------------------------------------------------

    def container(self, path: InstancePath) -> dict[str, Any] | None:
        node: Any = self.answers
        for name, index in path:
            items = node.get(name)
            if not isinstance(items, list) or index >= len(items):
                return None
            node = items[index]
            if not isinstance(node, dict):
                return None
        return node

    def raw(self, f: FieldDef, path: InstancePath) -> Any:
        container = self.container(path)
        return container.get(f.name) if container is not None else None

    def instance_count(self, repeat: FieldDef, path: InstancePath) -> int:
        items = self.raw(repeat, path)
        return len(items) if isinstance(items, list) else 0

    # -- evaluation ------------------------------------------------------------------------

    def evaluate(self, expression: Expression, path: InstancePath, *, current: Value = "",
                 columns: dict[str, Any] | None = None) -> Value:
        return evaluate(expression.tree, _Scope(self, path, current, columns))

    def condition(self, value: bool | Expression, path: InstancePath) -> bool:
        if isinstance(value, Expression):
            return to_bool(self.evaluate(value, path))
        return bool(value)

    def relevant(self, f: FieldDef, path: InstancePath) -> bool:
        key = (f.name, path)
        if key not in self._relevant:
            result = True
            if f.parent:
                parent = self.form.field(f.parent)
                result = self.relevant(parent, path[:len(parent.repeats)])
            if result and f.relevant is not None:
                result = to_bool(self.evaluate(f.relevant, path))
            self._relevant[key] = result
        return self._relevant[key]

    def value(self, f: FieldDef, path: InstancePath) -> Value:
        """The value expressions see: empty when not relevant."""
        if not self.relevant(f, path):
            return ""
        if f.type == "calculate":
            key = (f.name, path)
            if key not in self._calculated:
                # A NaN or infinite result is stored empty, so later expressions see it empty.
                result = self.evaluate(f.calculation, path)
                self._calculated[key] = "" if is_empty(result) else result
            return self._calculated[key]
        return expression_value(f, self.raw(f, path))

    def resolve(self, name: str, path: InstancePath) -> Value:
        """``${name}`` seen from ``path``: the same instance, or all instances (a NodeSet)."""
        f = self.form.field(name)
        paths, single = self.target_paths(f.repeats, path)
        if f.type == "repeat":
            count = sum(self.instance_count(f, p) for p in paths if self.relevant(f, p))
            return NodeSet(("",) * count)
        if single:
            return self.value(f, paths[0])
        return NodeSet(self.value(f, p) for p in paths)

    def target_paths(self, chain: tuple[str, ...],
                     context: InstancePath) -> tuple[list[InstancePath], bool]:
        paths: list[InstancePath] = [()]
        single = True
        for depth, repeat_name in enumerate(chain):
            if single and depth < len(context) and context[depth][0] == repeat_name:
                paths = [context[:depth + 1]]
                continue
            single = False
            repeat = self.form.field(repeat_name)
            paths = [p + ((repeat_name, i),) for p in paths
                     for i in range(self.instance_count(repeat, p))]
        return paths, single

    def choices_for(self, f: FieldDef, path: InstancePath) -> list[Choice]:
        choices = self.form.choices.get(f.choices or "", ())
        if f.choice_filter is None:
            return list(choices)
        return [c for c in choices if to_bool(self.evaluate(
            f.choice_filter, path, columns={**c.extra, "name": c.name}))]

    # -- validation ------------------------------------------------------------------------

    def field_error(self, f: FieldDef, path: InstancePath) -> Message | None:
        raw = self.raw(f, path)
        if is_blank(raw):
            return REQUIRED if self.condition(f.required, path) else None
        allowed = self.choices_for(f, path) if f.choices else []
        problem = check_value(f, raw, allowed)
        if problem:
            return problem
        if f.constraint is not None:
            current = self.value(f, path)
            if not to_bool(self.evaluate(f.constraint, path, current=current)):
                return dict(f.constraint_message) or INVALID
        return None

    def collect_errors(self, fields: Iterable[FieldDef], path: InstancePath,
                       out: dict[str, Message]) -> None:
        for f in fields:
            if not self.relevant(f, path):
                continue
            if f.type == "group":
                self.collect_errors(f.children, path, out)
            elif f.type == "repeat":
                self.repeat_errors(f, path, out)
            elif f.is_input:
                message = self.field_error(f, path)
                if message:
                    out[make_key(f, path)] = message

    def repeat_errors(self, f: FieldDef, path: InstancePath, out: dict[str, Message]) -> None:
        raw = self.raw(f, path)
        if is_blank(raw):
            if self.condition(f.required, path):
                out[make_key(f, path)] = REQUIRED
            return
        problem = check_value(f, raw, ())
        if problem:
            out[make_key(f, path)] = problem
            return
        for index in range(len(raw)):
            self.collect_errors(f.children, path + ((f.name, index),), out)

    def unknown_keys(self, container: dict[str, Any], path: InstancePath,
                     out: dict[str, Message]) -> None:
        chain = tuple(name for name, _ in path)
        prefix = "".join(f"{name}[{index}]." for name, index in path)
        for key, value in container.items():
            f = self.form.field(key) if isinstance(key, str) and self.form.has_field(key) \
                else None
            if f is None or f.repeats != chain:
                out[prefix + str(key)] = UNKNOWN_FIELD
            elif not f.holds_answer:
                out[prefix + key] = NO_ANSWER
            elif f.type == "repeat" and isinstance(value, list):
                for index, instance in enumerate(value):
                    if isinstance(instance, dict):
                        self.unknown_keys(instance, path + ((key, index),), out)

    # -- results ---------------------------------------------------------------------------

    def cleaned(self, fields: Iterable[FieldDef], path: InstancePath) -> dict[str, Any]:
        """Relevant, non-blank answers only."""
        out: dict[str, Any] = {}
        for f in fields:
            if not self.relevant(f, path):
                continue
            if f.type == "group":
                out.update(self.cleaned(f.children, path))
            elif f.type == "repeat":
                count = self.instance_count(f, path)
                if count:
                    out[f.name] = [self.cleaned(f.children, path + ((f.name, i),))
                                   for i in range(count)]
            elif f.is_input:
                raw = self.raw(f, path)
                if not is_blank(raw):
                    out[f.name] = copy.deepcopy(raw)
        return out

    def computed(self, fields: Iterable[FieldDef], path: InstancePath) -> dict[str, Any]:
        out: dict[str, Any] = {}
        for f in fields:
            if f.type == "calculate":
                out[f.name] = stored_value(self.value(f, path))
            elif f.type == "group":
                out.update(self.computed(f.children, path))
            elif f.type == "repeat" and _has_calculation(f):
                count = self.instance_count(f, path) if self.relevant(f, path) else 0
                out[f.name] = [self.computed(f.children, path + ((f.name, i),))
                               for i in range(count)]
        return out

    def visible(self, fields: Iterable[FieldDef], path: InstancePath, out: list[str]) -> None:
        for f in fields:
            if f.type == "calculate" or not self.relevant(f, path):
                continue
            out.append(make_key(f, path))
            if f.type == "group":
                self.visible(f.children, path, out)
            elif f.type == "repeat":
                for index in range(self.instance_count(f, path)):
                    self.visible(f.children, path + ((f.name, index),), out)


def _has_calculation(f: FieldDef) -> bool:
    return any(c.type == "calculate" or _has_calculation(c) for c in f.children)


@dataclass(frozen=True)
class Submission:
    """A checked submission. ``answers`` hold only relevant, non-blank answers."""

    form_id: str
    version: int
    answers: dict[str, Any]
    computed: dict[str, Any]
    errors: dict[str, Message] = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        return not self.errors

    def to_fields(self) -> dict[str, Any]:
        """The content of an ``assessment`` record; refuses a submission with errors."""
        if self.errors:
            raise ValueError(f"form {self.form_id!r} v{self.version} has errors in: "
                             + ", ".join(sorted(self.errors)))
        return {
            "form_id": self.form_id,
            "form_version": self.version,
            "answers": copy.deepcopy(self.answers),
            "computed": copy.deepcopy(self.computed),
        }


class FormState:
    """A form being filled in. Not thread-safe: one state belongs to one thread.

    ``answers=None`` starts a new form and applies the defaults; given answers (a draft or a
    stored submission) are taken as they are. ``today`` fixes the date for ``today()``
    (re-validating an old submission, tests); by default it is the computer's date.
    """

    def __init__(self, definition: FormDefinition, answers: dict[str, Any] | None = None, *,
                 today: dt.date | None = None) -> None:
        self.definition = definition
        self._today = today
        self._answers: dict[str, Any] = {}
        self._session_cache: _Session | None = None
        if answers is None:
            self._apply_defaults(definition.fields, ())
        else:
            self._answers = copy.deepcopy(dict(answers))

    @property
    def today(self) -> dt.date:
        return self._today or dt.date.today()

    def _session(self) -> _Session:
        today = self.today
        if self._session_cache is None or self._session_cache.today != today:
            self._session_cache = _Session(self.definition, self._answers, today)
        return self._session_cache

    def _changed(self) -> None:
        self._session_cache = None

    def _locate(self, key: str) -> tuple[FieldDef, InstancePath]:
        f, path = parse_key(self.definition, key)
        if self._session().container(path) is None:
            raise KeyError(f"{key!r}: no such repeat instance")
        return f, path

    # -- answers ---------------------------------------------------------------------------

    @property
    def answers(self) -> dict[str, Any]:
        """A copy of every answer given, including those of fields not relevant now."""
        return copy.deepcopy(self._answers)

    def get(self, key: str) -> Any:
        f, path = self._locate(key)
        return copy.deepcopy(self._session().raw(f, path))

    def set(self, key: str, value: Any) -> None:
        """Answer a field; text from a widget is read as the field's type where it can be.

        A repeat takes the whole list: ``set("members", [{"age": 4}, ...])``.
        """
        f, path = self._locate(key)
        if not f.holds_answer:
            raise ValueError(f"{key!r}: a {f.type} field takes no answer")
        if f.type == "repeat":
            value = [self._coerce_instance(f, i) for i in value] \
                if isinstance(value, list) else value
        else:
            value = coerce(f, value)
        container = self._session().container(path)
        assert container is not None
        if is_blank(value):
            container.pop(f.name, None)
        else:
            container[f.name] = copy.deepcopy(value)
        self._changed()

    def _coerce_instance(self, repeat: FieldDef, instance: Any) -> Any:
        if not isinstance(instance, dict):
            return instance
        chain = repeat.repeats + (repeat.name,)
        out = {}
        for key, value in instance.items():
            child = self.definition.field(key) if self.definition.has_field(key) else None
            if child is not None and child.repeats == chain:
                if child.type == "repeat" and isinstance(value, list):
                    value = [self._coerce_instance(child, i) for i in value]
                elif child.type != "repeat":
                    value = coerce(child, value)
            if not is_blank(value):
                out[key] = value
        return out

    def add_repeat(self, key: str) -> int:
        """Add an instance to a repeat (defaults applied); returns its index."""
        f, path = self._locate(key)
        if f.type != "repeat":
            raise ValueError(f"{key!r} is not a repeat")
        container = self._session().container(path)
        assert container is not None
        items = container.setdefault(f.name, [])
        if not isinstance(items, list):
            raise ValueError(f"{key!r} holds {type(items).__name__}, not a list")
        items.append({})
        index = len(items) - 1
        self._changed()
        self._apply_defaults(f.children, path + ((f.name, index),))
        return index

    def remove_repeat(self, key: str, index: int) -> None:
        f, path = self._locate(key)
        items = self._session().raw(f, path)
        if f.type != "repeat" or not isinstance(items, list):
            raise ValueError(f"{key!r} is not a repeat with instances")
        del items[index]
        self._changed()

    def _apply_defaults(self, fields: Iterable[FieldDef], path: InstancePath) -> None:
        for f in fields:
            if f.type == "group":
                self._apply_defaults(f.children, path)
            if not f.is_input or f.default is None:
                continue
            session = self._session()
            if isinstance(f.default, Expression):
                value = coerce(f, stored_value(session.evaluate(f.default, path)))
            else:
                value = copy.deepcopy(f.default)
            container = session.container(path)
            if container is not None and f.name not in container and not is_blank(value):
                container[f.name] = value
                self._changed()

    # -- questions the form renderer asks --------------------------------------------------

    @property
    def computed(self) -> dict[str, Any]:
        """Calculated values (scores) for the current answers; empty ones are None."""
        return self._session().computed(self.definition.fields, ())

    def value(self, key: str) -> Any:
        """A field's current value as stored (answer, or result of a calculation)."""
        f, path = self._locate(key)
        session = self._session()
        if f.type == "calculate":
            return stored_value(session.value(f, path))
        return copy.deepcopy(session.raw(f, path))

    def is_relevant(self, key: str) -> bool:
        f, path = self._locate(key)
        return self._session().relevant(f, path)

    def is_required(self, key: str) -> bool:
        f, path = self._locate(key)
        return self._session().condition(f.required, path)

    def is_read_only(self, key: str) -> bool:
        f, path = self._locate(key)
        return f.type == "calculate" or self._session().condition(f.read_only, path)

    def choices_for(self, key: str) -> list[Choice]:
        f, path = self._locate(key)
        return self._session().choices_for(f, path)

    def errors(self) -> dict[str, Message]:
        """Field key -> message {sq, en}, for relevant fields only."""
        session = self._session()
        out: dict[str, Message] = {}
        session.unknown_keys(self._answers, (), out)
        session.collect_errors(self.definition.fields, (), out)
        return out

    def visible_fields(self) -> list[str]:
        """Keys of the relevant fields in form order (groups, notes, inputs, repeat items)."""
        out: list[str] = []
        self._session().visible(self.definition.fields, (), out)
        return out

    def submission(self) -> Submission:
        session = self._session()
        return Submission(
            form_id=self.definition.id,
            version=self.definition.version,
            answers=session.cleaned(self.definition.fields, ()),
            computed=session.computed(self.definition.fields, ()),
            errors=self.errors(),
        )


def validate_submission(definition: FormDefinition, answers: dict[str, Any], *,
                        today: dt.date | None = None) -> Submission:
    """Check ``answers`` against ``definition``; irrelevant answers are dropped.

    Pass the date the form was filled in as ``today`` when re-checking an old submission, so
    rules such as "not in the past" are judged as on that day.
    """
    return FormState(definition, answers or {}, today=today).submission()
