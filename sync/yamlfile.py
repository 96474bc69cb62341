"""YAML loading that remembers line numbers, so data errors can name file and line."""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import Any


class DataFileError(ValueError):
    """A problem in a data file (profile, form definition, catalog), naming file and line."""

    def __init__(self, path: str | Path, line: int | None, message: str) -> None:
        self.path = str(path)
        self.line = line
        self.message = message
        where = f"{Path(path).name}:{line}" if line else Path(path).name
        super().__init__(f"{where}: {message}")


class LineDict(dict):
    """A mapping from a YAML file; ``line`` is where it starts, ``key_lines`` where each key is."""

    line: int = 0
    key_lines: dict[str, int]

    def line_of(self, key: str) -> int:
        return self.key_lines.get(key, self.line)


class LineList(list):
    line: int = 0


def _construct_mapping(loader: Any, node: Any) -> LineDict:
    import yaml

    loader.flatten_mapping(node)
    result = LineDict()
    result.line = node.start_mark.line + 1
    result.key_lines = {}
    for key_node, value_node in node.value:
        key = loader.construct_object(key_node, deep=True)
        if key in result:
            raise yaml.constructor.ConstructorError(
                None, None, f"duplicate key {key!r}", key_node.start_mark
            )
        result[key] = loader.construct_object(value_node, deep=True)
        result.key_lines[str(key)] = key_node.start_mark.line + 1
    return result


def _construct_sequence(loader: Any, node: Any) -> LineList:
    result = LineList(loader.construct_object(child, deep=True) for child in node.value)
    result.line = node.start_mark.line + 1
    return result


@cache
def _line_loader(fast: bool = True) -> type:
    """The SafeLoader that keeps line numbers (PyYAML is imported on the first file read).

    ``fast``: PyYAML's C parser (libyaml) where the wheel has it, ~8x faster than the pure
    Python one: the built-in forms are read while the UI thread runs, and a pure-Python read
    holds the interpreter's lock for ~40 ms a form. Only scanning and parsing are in C; the
    documents built (and their line numbers) are the same."""
    import yaml

    base = yaml.CSafeLoader if fast and yaml.__with_libyaml__ else yaml.SafeLoader

    class LineLoader(base):  # type: ignore[misc,valid-type]
        pass

    LineLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG,
                               _construct_mapping)
    LineLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_SEQUENCE_TAG,
                               _construct_sequence)
    # Dates stay strings (ISO), as they are in records.
    LineLoader.yaml_implicit_resolvers = {
        k: [r for r in v if r[0] != "tag:yaml.org,2002:timestamp"]
        for k, v in yaml.SafeLoader.yaml_implicit_resolvers.items()
    }
    return LineLoader


def load_yaml(path: str | Path) -> Any:
    """Load a YAML file; syntax errors become DataFileError with the line."""
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError as exc:
        raise DataFileError(path, None, f"not UTF-8 text ({exc.reason})") from exc
    return load_yaml_text(text, path)


def load_yaml_text(text: str, path: str | Path, *, fast: bool = True) -> Any:
    """Load YAML text that came from ``path`` (named in errors)."""
    import yaml

    try:
        return yaml.load(text, Loader=_line_loader(fast))  # noqa: S506 - SafeLoader subclass
    except yaml.YAMLError as exc:
        if fast:  # the pure parser names the problem as the error messages always did
            return load_yaml_text(text, path, fast=False)
        if isinstance(exc, yaml.MarkedYAMLError):
            line = exc.problem_mark.line + 1 if exc.problem_mark else None
            raise DataFileError(path, line, exc.problem or str(exc)) from exc
        raise DataFileError(path, None, str(exc)) from exc
