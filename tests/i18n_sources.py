"""The messages the application shows, found in its source, for the translation tests.

Literal arguments of the translation calls (``tr``, ``ntr``, ``ptr``, ``N_``, a document's
``t``, the reports screen's ``_t``) and of the calls and classes that take a message id
(``TextBinder.text``, ``Column``, ``Field``, the error classes ...) are read with Python's
``ast``, following Babel's keyword conventions. Babel's own Python extractor is not used: on
Python 3.11 it misses calls inside f-strings and joins the two branches of
``tr("a" if x else "b")`` into one message.

Besides literal calls, message ids sit in tables (``STAGE_TEXT = {...}``) and in class
attributes (``title_msgid = "Cases"``); both are read too. Every call of a translation
function whose message is not a literal must be one of the known patterns below, so that
nothing shown escapes the check.
"""

from __future__ import annotations

import ast
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

SOURCE_DIR = Path(__file__).resolve().parents[1] / "desktop"

# function or class name -> (index of the message, index of the plural or None)
CALLS: dict[str, tuple[int, int | None]] = {
    "tr": (0, None), "ntr": (0, 1), "N_": (0, None), "t": (0, None), "_t": (0, None),
    "set_notice": (0, None), "Field": (0, None), "FieldRow": (0, None), "text_of": (0, None),
    "section_title": (0, None),
    "text": (1, None), "Column": (1, None), "Document": (3, None), "count_subtitle": (1, None),
    "_message": (0, None),
}
TRANSLATING = {"tr", "ntr", "ptr", "t", "_t"}
# Tables whose values are message ids (translated where they are shown).
TABLES = {"STAGE_TEXT", "_BY_KIND", "STATUS_FIELDS", "KIND_TEXT", "TAB_TITLES", "ACTION_TEXT",
          "STATUS_TEXT", "RECORD_TYPE_TEXT", "OTHER_FIELD_TEXT", "TAB_ACTIONS", "MARK_TEXT", "_ALL_TEXT", "WEEKDAYS", "NAV", "PROTOCOLS",
          "STATUSES", "VIEWS", "ACTION_STATUS_TEXT", "FREQUENCIES", "_COLUMNS",
          "_PROVIDER_COLUMNS", "_REFERRAL_COLUMNS", "_SOURCES", "MISSING", "TITLES"}
# Tables of the same names that hold data, not messages (path under desktop/).
NOT_MESSAGES = {("core/casework/demo_activity.py", "FREQUENCIES"), ("core/search.py", "_COLUMNS")}
# Tables written with N_(...) (read through the N_ calls); looking them up is a known pattern.
MARKED_TABLES = {"TABLE_TITLES", "DIMENSION_TITLES", "CODE_LABELS", "MONTHS", "PERIOD_KINDS",
                 "EXPORT_BUTTONS", "FIGURE_NAMES", "COLUMNS", "CHOICES", "STATES", "_STAGES"}
MSGID_ATTRS = {"title_msgid", "count_msgid", "empty_msgid", "save_msgid", "cancel_msgid",
               "hint_msgid", "message"}
# Non-literal messages that are checked elsewhere, with the reason.
KNOWN_NONLITERAL: dict[str, str] = {
    "prompt": "desktop.commands.common.ask_password: its callers pass literal prompts",
    "values['what']": "casework errors: the callers' literal 'what' (a noun phrase)",
    "e.record_type or ''": "record type codes; RECORD_TYPE_TEXT holds their words",
    "_protocol(v.fields.get('protocol'))": "returns a PROTOCOLS entry",
    "_referral_status(f.get('status'))": "returns a STATUSES entry",
    "c.header": "Column(key, msgid) headers, read as Column calls",
    "what": "a MISSING / _SOURCES entry",
    "role_title": "documents: titles written with N_ where they are chosen",
    "title": "documents: titles written with N_ where they are chosen",
    "heading": "documents: dv_report.PARTS, written with N_",
    "self.actions_title": "documents: class attributes written with N_",
    "state": "documents.letterhead: a STATES entry",
    "choices[code]": "documents.context: a CHOICES entry",
}
# Where N_, t and _t mean a context.
CONTEXT_DIRS = {"core/documents": "document", "core/reports": "report", "ui/reports": "report"}


@dataclass(frozen=True)
class Message:
    msgid: str
    plural: str | None
    context: str | None
    where: str  # path:line


def _string(node: ast.AST | None) -> str | None:
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return node.value
    return None


def _strings(node: ast.AST | None) -> list[str]:
    """A literal, or both branches of ``"a" if x else "b"``; empty for anything else."""
    if isinstance(node, ast.IfExp):
        both = [_string(node.body), _string(node.orelse)]
        return [s for s in both if s is not None] if all(both) else []
    single = _string(node)
    return [single] if single is not None else []


def _pair(node: ast.AST | None) -> tuple[str, str] | None:
    """``("{n} case", "{n} cases")``: a singular and plural message."""
    if isinstance(node, ast.Tuple) and len(node.elts) == 2:
        singular, plural = map(_string, node.elts)
        if singular is not None and plural is not None:
            return singular, plural
    return None


def _name(node: ast.AST) -> str:
    return node.id if isinstance(node, ast.Name) else \
        node.attr if isinstance(node, ast.Attribute) else ""


def _looks_like_text(value: str) -> bool:
    if re.fullmatch(r"(?:[A-Z][a-z]+){2,}", value):
        return False  # a class name such as NetworkError
    return bool(value) and (value[0].isupper() or " " in value or "{" in value)


def _table_strings(node: ast.AST) -> list[str]:
    if isinstance(node, ast.Dict):
        return [s for v in node.values for s in _table_strings(v) if s]
    return [c.value for c in ast.walk(node) if isinstance(c, ast.Constant)
            and isinstance(c.value, str) and _looks_like_text(c.value)]


class _Reader(ast.NodeVisitor):
    def __init__(self, shown: str, context: str | None, error_classes: set[str],
                 tables: set[str]) -> None:
        self.shown, self.context, self.errors = shown, context, error_classes
        self.tables = tables
        self.wrapper_params: set[str] = set()
        self.found: list[Message] = []
        self.unknown: list[str] = []
        self.table_vars: set[str] = set()

    def visit_FunctionDef(self, node: ast.FunctionDef) -> None:  # noqa: N802
        # The message parameter of a wrapper such as View.t: its callers are read instead.
        outer = self.wrapper_params
        if node.name in CALLS or node.name in TRANSLATING:
            params = [*node.args.posonlyargs, *node.args.args]
            self.wrapper_params = outer | {a.arg for a in params if a.arg != "self"}
        self.generic_visit(node)
        self.wrapper_params = outer

    def _add(self, node: ast.AST, msgid: str, plural: str | None = None,
             context: str | None = None) -> None:
        if not re.search(r"[^\W\d_]", re.sub(r"\{[^}]*\}", "", msgid)):
            return  # nothing to translate: "", "{detail}", "{start} – {end}"
        where = f"{self.shown}:{getattr(node, 'lineno', 0)}"
        self.found.append(Message(msgid, plural, context, where))

    def visit_Call(self, node: ast.Call) -> None:  # noqa: N802
        name = _name(node.func)
        if name == "ptr" and len(node.args) >= 2:
            self._message(node, node.args[1], _string(node.args[0]))
        elif name in CALLS or name in self.errors:
            index, plural = CALLS.get(name, (0, None))
            context = self.context if name in {"N_", "t", "_t"} else None
            if len(node.args) > index:
                if plural is not None and len(node.args) > plural:
                    for singular in _strings(node.args[index]):
                        for many in _strings(node.args[plural]) or [None]:
                            self._add(node, singular, many, context)
                elif name in TRANSLATING:
                    self._message(node, node.args[index], context)
                elif _pair(node.args[index]):
                    self._add(node, *_pair(node.args[index]) or ("", None), context)
                else:
                    for msgid in _strings(node.args[index]):
                        self._add(node, msgid, None, context)
            for keyword in node.keywords:
                # Field(..., hint="..."); CaseworkError(..., what="plan"), translated too
                if keyword.arg in ("hint", "what") and _string(keyword.value):
                    self._add(node, _string(keyword.value) or "")
        self.generic_visit(node)

    def _message(self, node: ast.Call, arg: ast.AST, context: str | None) -> None:
        literal = _strings(arg)
        for msgid in literal:
            self._add(node, msgid, None, context)
        if not literal and not self._known(arg):
            self.unknown.append(f"{self.shown}:{node.lineno}: "
                                f"{ast.unparse(arg)}")
        if isinstance(arg, ast.Call) and _name(arg.func) == "get" and len(arg.args) == 2:
            for msgid in _strings(arg.args[1]):  # the default of TABLE.get(code, "...")
                self._add(node, msgid, None, context)

    def _known(self, arg: ast.AST) -> bool:
        tables = TABLES | MARKED_TABLES
        if isinstance(arg, ast.Name | ast.Attribute):
            return _name(arg).endswith("msgid") or _name(arg) in self.table_vars \
                or isinstance(arg, ast.Name) and arg.id in self.wrapper_params \
                or ast.unparse(arg) in KNOWN_NONLITERAL
        if isinstance(arg, ast.Subscript):
            return _name(arg.value) in tables or ast.unparse(arg) in KNOWN_NONLITERAL
        if isinstance(arg, ast.Call) and _name(arg.func) == "get":
            owner = arg.func.value if isinstance(arg.func, ast.Attribute) else None
            if isinstance(owner, ast.Call) and _name(owner.func) == "dict" and owner.args:
                owner = owner.args[0]
            return owner is not None and _name(owner) in tables
        return ast.unparse(arg) in KNOWN_NONLITERAL

    def _comprehension(self, node: ast.AST) -> None:
        for generator in getattr(node, "generators", []):
            if {_name(n) for n in ast.walk(generator.iter)} & TABLES:
                self.table_vars |= {n.id for n in ast.walk(generator.target)
                                    if isinstance(n, ast.Name)}
        self.generic_visit(node)

    visit_ListComp = visit_GeneratorExp = visit_SetComp = visit_DictComp = _comprehension  # noqa: N815

    def visit_Assign(self, node: ast.Assign) -> None:  # noqa: N802
        self._assigned({_name(t) for t in node.targets}, node.value, node)
        self.generic_visit(node)

    def visit_AnnAssign(self, node: ast.AnnAssign) -> None:  # noqa: N802
        self._assigned({_name(node.target)}, node.value, node)
        self.generic_visit(node)

    def _assigned(self, names: set[str], value: ast.AST | None, node: ast.AST) -> None:
        if value is None:
            return
        if names & MSGID_ATTRS and _pair(value):
            self._add(node, *_pair(value) or ("", None))
        if names & MSGID_ATTRS:
            for msgid in _strings(value):
                if msgid and (names - {"message"} or _looks_like_text(msgid)):
                    self._add(node, msgid)
        if names & self.tables:
            for msgid in _table_strings(value):
                self._add(node, msgid)


def _context_of(path: Path, source_dir: Path) -> str | None:
    relative = path.relative_to(source_dir).as_posix()
    return next((c for d, c in CONTEXT_DIRS.items() if relative.startswith(d + "/")), None)


def _trees(source_dir: Path) -> Iterator[tuple[Path, ast.Module]]:
    for path in sorted(source_dir.rglob("*.py")):
        yield path, ast.parse(path.read_text(encoding="utf-8"))


def error_classes(trees: list[tuple[Path, ast.Module]]) -> set[str]:
    """Names of the classes derived from KujdesError (their first argument is a msgid)."""
    bases: dict[str, set[str]] = {}
    for _, tree in trees:
        for node in ast.walk(tree):
            if isinstance(node, ast.ClassDef):
                bases.setdefault(node.name, set()).update(_name(b) for b in node.bases)
    found = {"KujdesError"}
    while True:
        more = {name for name, parents in bases.items() if parents & found} - found
        if not more:
            return found
        found |= more


def read_sources(source_dir: Path = SOURCE_DIR) -> tuple[list[Message], list[str]]:
    """(every message found, every non-literal message that is not a known pattern)."""
    trees = list(_trees(source_dir))
    errors = error_classes(trees)
    found: list[Message] = []
    unknown: list[str] = []
    for path, tree in trees:
        shown = path.relative_to(source_dir.parent).as_posix()
        relative = path.relative_to(source_dir).as_posix()
        tables = {t for t in TABLES if (relative, t) not in NOT_MESSAGES}
        reader = _Reader(shown, _context_of(path, source_dir), errors, tables)
        reader.visit(tree)
        found += reader.found
        unknown += reader.unknown
    return found, unknown
