"""Texts given to widgets by the translator's ``.text(widget, "msgid")`` (buttons, tabs,
labels) have their Albanian translation: none stays English in the Albanian interface."""

from __future__ import annotations

import ast
from pathlib import Path

from desktop.core.i18n import catalog

UI = Path(__file__).resolve().parents[2] / "desktop" / "ui"


def _widget_msgids() -> dict[str, str]:
    found: dict[str, str] = {}
    for path in UI.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)
                    and node.func.attr == "text" and len(node.args) >= 2
                    and isinstance(node.args[1], ast.Constant)
                    and isinstance(node.args[1].value, str)):
                found[node.args[1].value] = f"{path.name}:{node.lineno}"
    return found


def test_every_widget_text_has_an_albanian_translation() -> None:
    from desktop.ui.case_view import TAB_ACTIONS, TAB_TITLES
    msgids = _widget_msgids()
    assert "Register a person" in msgids
    for name, texts in (("TAB_ACTIONS", TAB_ACTIONS), ("TAB_TITLES", TAB_TITLES)):
        msgids.update({msgid: f"case_view.py:{name}" for msgid in texts.values()})
    albanian = catalog("sq")
    missing = [f"{where}: {msgid!r}" for msgid, where in msgids.items()
               if albanian.gettext(msgid) == msgid]
    assert not missing
