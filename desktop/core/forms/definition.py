"""The shape of a loaded form definition: fields, choices and the form itself."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from desktop.core.forms.expressions import Expression
from desktop.core.i18n import in_language

INPUT_TYPES = frozenset({"text", "integer", "decimal", "date", "time", "select_one",
                         "select_multiple", "acknowledge", "image"})
FIELD_TYPES = INPUT_TYPES | {"note", "group", "repeat", "calculate"}
SELECT_TYPES = frozenset({"select_one", "select_multiple"})
CONTAINER_TYPES = frozenset({"group", "repeat"})

LangText = dict[str, str]


@dataclass(frozen=True)
class Choice:
    name: str
    label: LangText
    extra: dict[str, Any] = field(default_factory=dict)

    def text(self, language: str = "sq") -> str:
        return in_language(self.label, language) or self.name


@dataclass(frozen=True)
class FieldDef:
    """One field. Expressions are parsed :class:`Expression` objects (``.source`` is the text).

    ``required`` and ``read_only`` are a bool or an expression. ``default`` is a literal value
    or, for a dynamic default such as ``today()``, an expression. ``choices`` names a list of
    the form. ``repeats`` are the names of the enclosing repeats, outermost first; ``parent`` is
    the enclosing group or repeat.
    """

    name: str
    type: str
    label: LangText = field(default_factory=dict)
    hint: LangText = field(default_factory=dict)
    required: bool | Expression = False
    relevant: Expression | None = None
    constraint: Expression | None = None
    constraint_message: LangText = field(default_factory=dict)
    calculation: Expression | None = None
    default: Any = None
    read_only: bool | Expression = False
    choices: str | None = None
    choice_filter: Expression | None = None
    appearance: str | None = None
    sensitive: bool = False
    score: bool = False
    children: tuple[FieldDef, ...] = ()
    parent: str | None = None
    repeats: tuple[str, ...] = ()
    line: int = 0

    @property
    def is_input(self) -> bool:
        """Takes an answer typed or chosen by a person."""
        return self.type in INPUT_TYPES

    @property
    def is_container(self) -> bool:
        return self.type in CONTAINER_TYPES

    @property
    def holds_answer(self) -> bool:
        """Has a place in the answers (inputs and repeats)."""
        return self.type in INPUT_TYPES or self.type == "repeat"

    def text(self, language: str = "sq") -> str:
        return in_language(self.label, language) or self.name

    def expressions(self) -> Iterator[tuple[str, Expression]]:
        """(attribute, expression) for every expression this field carries."""
        for attribute in ("required", "relevant", "constraint", "calculation", "default",
                          "read_only", "choice_filter"):
            value = getattr(self, attribute)
            if isinstance(value, Expression):
                yield attribute, value


@dataclass(frozen=True)
class FormDefinition:
    id: str
    version: int
    title: LangText
    fields: tuple[FieldDef, ...]
    choices: dict[str, tuple[Choice, ...]]
    description: LangText = field(default_factory=dict)
    sensitive: bool = False
    path: Path | None = None
    _by_name: dict[str, FieldDef] = field(default_factory=dict, repr=False, compare=False)

    def __post_init__(self) -> None:
        self._by_name.update({f.name: f for f in self.all_fields()})

    def all_fields(self) -> list[FieldDef]:
        """Every field, depth first in form order (a group comes before its children)."""
        out: list[FieldDef] = []

        def visit(fields: tuple[FieldDef, ...]) -> None:
            for f in fields:
                out.append(f)
                visit(f.children)

        visit(self.fields)
        return out

    def field(self, name: str) -> FieldDef:
        try:
            return self._by_name[name]
        except KeyError:
            raise KeyError(f"form {self.id!r} has no field {name!r}") from None

    def has_field(self, name: str) -> bool:
        return name in self._by_name

    def choice_list(self, name: str) -> tuple[Choice, ...]:
        return self.choices[name]

    def choice(self, list_name: str, name: str) -> Choice | None:
        return next((c for c in self.choices.get(list_name, ()) if c.name == name), None)

    def text(self, language: str = "sq") -> str:
        return in_language(self.title, language) or self.id
