"""The message ids the desktop screens show, found in their source (for the translation test)."""

from __future__ import annotations

import ast
import re
from pathlib import Path

UI_DIR = Path(__file__).resolve().parents[2] / "desktop" / "ui"
# Files of the form renderer, the dialogs and the reports screen have their own checks.
SKIP_DIRS = {"forms", "dialogs", "reports"}
TABLES = {"STAGE_TEXT", "_BY_CLASS", "STATUS_FIELDS", "KIND_TEXT", "TAB_TITLES", "ACTION_TEXT", "STATUS_TEXT", "RECORD_TYPE_TEXT",
          "_ALL_TEXT", "WEEKDAYS", "NAV", "PROTOCOLS", "STATUSES", "VIEWS"}
MSGID_ATTRS = {"title_msgid", "count_msgid", "empty_msgid"}
FIRST_ARG_CALLS = {"tr", "set_notice"}


def _looks_like_text(value: str) -> bool:
    if re.fullmatch(r"(?:[A-Z][a-z]+){2,}", value):
        return False  # a class name such as NetworkError
    return bool(value) and (value[0].isupper() or " " in value or "{" in value)


def _constant(node: ast.AST | None) -> str | None:
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return node.value
    return None


def _call_name(node: ast.Call) -> str:
    func = node.func
    return func.id if isinstance(func, ast.Name) else \
        func.attr if isinstance(func, ast.Attribute) else ""


def _from_call(node: ast.Call) -> list[str]:
    name = _call_name(node)
    args = node.args
    found: list[str | None] = []
    if name in FIRST_ARG_CALLS and args:
        found.append(_constant(args[0]))
    elif name == "text" and len(args) >= 2 or name == "Column" and len(args) >= 2:
        found.append(_constant(args[1]))
    elif name == "Document" and len(args) >= 4:
        found.append(_constant(args[3]))
    return [f for f in found if f]


def _from_assign(node: ast.Assign | ast.AnnAssign) -> list[str]:
    targets = node.targets if isinstance(node, ast.Assign) else [node.target]
    names = {t.id for t in targets if isinstance(t, ast.Name)}
    if names & MSGID_ATTRS:
        value = _constant(node.value)
        return [value] if value else []
    if names & TABLES and node.value is not None:
        return [c.value for c in ast.walk(node.value)
                if isinstance(c, ast.Constant) and isinstance(c.value, str)
                and _looks_like_text(c.value)]
    return []


def msgids_in(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Call):
            found.update(_from_call(node))
        elif isinstance(node, ast.Assign | ast.AnnAssign):
            found.update(_from_assign(node))
    return found


def ui_files() -> list[Path]:
    return sorted(p for p in UI_DIR.rglob("*.py")
                  if not SKIP_DIRS & set(p.relative_to(UI_DIR).parts[:-1]))


def ui_msgids() -> dict[str, set[str]]:
    """msgid -> the files that use it."""
    found: dict[str, set[str]] = {}
    for path in ui_files():
        for msgid in msgids_in(path):
            found.setdefault(msgid, set()).add(path.name)
    return found
