"""Every message the form renderer and the case dialogs show has an Albanian translation."""

from __future__ import annotations

import ast
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[2]
SOURCES = [*sorted((ROOT / "desktop" / "ui" / "forms").glob("*.py")),
           *sorted((ROOT / "desktop" / "ui" / "dialogs").glob("*.py"))]
CATALOG = ROOT / "resources" / "translations" / "sq.yaml"
# Calls whose first argument is a message id; classes whose first argument is one.
FIRST_ARG = {"tr", "Field", "section_title"}
MSGID_ATTRS = {"title_msgid", "save_msgid", "message"}
TABLES = {"ACTION_STATUS_TEXT", "FREQUENCIES", "_COLUMNS", "_PROVIDER_COLUMNS",
          "_REFERRAL_COLUMNS"}


def _strings(node: ast.AST) -> list[str]:
    return [n.value for n in ast.walk(node)
            if isinstance(n, ast.Constant) and isinstance(n.value, str)]


def _call_name(node: ast.Call) -> str:
    func = node.func
    return func.id if isinstance(func, ast.Name) else \
        func.attr if isinstance(func, ast.Attribute) else ""


def _msgids(tree: ast.AST) -> set[str]:
    found: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Call) and _call_name(node) in FIRST_ARG and node.args:
            first = node.args[0]
            if isinstance(first, ast.Constant) and isinstance(first.value, str):
                found.add(first.value)
            for keyword in node.keywords:
                if keyword.arg == "hint" and isinstance(keyword.value, ast.Constant):
                    found.add(keyword.value.value)
        elif isinstance(node, ast.Assign):
            names = {t.id for t in node.targets if isinstance(t, ast.Name)}
            if names & (MSGID_ATTRS | TABLES):
                found |= {s for s in _strings(node.value) if s and s[0].isupper()}
    return {m for m in found if m}


def test_every_message_has_albanian_text() -> None:
    catalog = yaml.safe_load(CATALOG.read_text(encoding="utf-8")) or {}
    missing = {}
    for path in SOURCES:
        for msgid in sorted(_msgids(ast.parse(path.read_text(encoding="utf-8")))):
            if msgid not in catalog:
                missing.setdefault(path.name, []).append(msgid)
    assert not missing, missing


def test_albanian_texts_keep_their_placeholders() -> None:
    catalog = yaml.safe_load(CATALOG.read_text(encoding="utf-8")) or {}
    for path in SOURCES:
        for msgid in _msgids(ast.parse(path.read_text(encoding="utf-8"))):
            text = catalog.get(msgid)
            if text is None:
                continue
            wanted = sorted(p for p in _placeholders(msgid))
            assert sorted(_placeholders(text)) == wanted, (msgid, text)


def _placeholders(text: str) -> list[str]:
    import string
    return [name for _, name, _, _ in string.Formatter().parse(text) if name]
