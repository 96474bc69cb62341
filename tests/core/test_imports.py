"""The direction of imports and the absence of import cycles, read from the source.

Layers (docs/architecture.md): ``desktop.ui`` and the command line (``desktop.commands``,
``desktop.cli``) over ``desktop.core`` over ``sync`` over ``resources``; the municipal server
``sync.server`` over ``sync``. Every ``import`` counts, also one inside a function, and so
does ``importlib.import_module("...")`` or ``find_spec("...")`` with a literal name.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PACKAGES = ("desktop", "sync", "resources")

#: The only desktop modules that may import ``sync.server``: they start the embedded server
#: (the demo on one laptop, and the self-test's round trip through a real server).
EMBEDDED_SERVER = frozenset({
    "desktop.core.demo_vault",
    "desktop.core.selftest",
})

#: (importing layer, layers it must never import, why). A layer is a module and everything
#: under it; ``sync`` outside the server is written ``sync`` with ``sync.server`` excluded.
FORBIDDEN: tuple[tuple[str, tuple[str, ...], str], ...] = (
    ("resources", ("desktop", "sync"), "resources hold data, not code that uses the app"),
    ("sync", ("desktop",), "sync is shared with the server and never imports desktop"),
    ("desktop.core", ("desktop.ui", "desktop.commands", "desktop.cli"),
     "desktop.core is below the screens and the command line"),
    ("desktop.commands", ("desktop.ui", "desktop.cli"),
     "the command line runs without the screens"),
    ("desktop.ui", ("desktop.commands", "desktop.cli"),
     "the screens call desktop.core, not the command line"),
)


@dataclass(frozen=True)
class Import:
    importer: str
    target: str
    path: Path
    line: int
    top_level: bool  # runs when the importer is imported (not in a function or TYPE_CHECKING)

    def where(self) -> str:
        return f"{self.path.relative_to(ROOT)}:{self.line}"


def within(module: str, layer: str) -> bool:
    return module == layer or module.startswith(layer + ".")


def module_name(path: Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def project_files() -> dict[str, Path]:
    files = {}
    for package in PACKAGES:
        for path in sorted((ROOT / package).rglob("*.py")):
            files[module_name(path)] = path
    return files


MODULES = project_files()


def resolve(importer: str, path: Path, node: ast.ImportFrom) -> str:
    if not node.level:
        return node.module or ""
    package = importer if path.name == "__init__.py" else importer.rpartition(".")[0]
    for _ in range(node.level - 1):
        package = package.rpartition(".")[0]
    return f"{package}.{node.module}" if node.module else package


def targets(importer: str, path: Path, node: ast.AST) -> Iterator[str]:
    """The modules an import statement (or a literal dynamic import) loads."""
    if isinstance(node, ast.Import):
        yield from (alias.name for alias in node.names)
    elif isinstance(node, ast.ImportFrom):
        base = resolve(importer, path, node)
        for alias in node.names:
            submodule = f"{base}.{alias.name}"
            yield submodule if submodule in MODULES else base
    elif isinstance(node, ast.Call) and _dynamic_import(node):
        yield node.args[0].value  # type: ignore[attr-defined]


def _dynamic_import(node: ast.Call) -> bool:
    func = node.func
    name = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")
    return (name in ("import_module", "find_spec") and bool(node.args)
            and isinstance(node.args[0], ast.Constant) and isinstance(node.args[0].value, str))


def _is_type_checking(node: ast.If) -> bool:
    test = node.test
    return (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or (
        isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING")


def walk(node: ast.AST, top_level: bool) -> Iterator[tuple[ast.AST, bool]]:
    for child in ast.iter_child_nodes(node):
        yield child, top_level
        nested = top_level and not isinstance(
            child, ast.FunctionDef | ast.AsyncFunctionDef | ast.Lambda)
        if isinstance(child, ast.If) and _is_type_checking(child):
            nested = False
        yield from walk(child, nested)


def imports_of(importer: str, path: Path, source: str | None = None) -> list[Import]:
    """The project modules ``importer`` (the file at ``path``) imports."""
    text = path.read_text(encoding="utf-8") if source is None else source
    found = []
    for node, top_level in walk(ast.parse(text, filename=str(path)), True):
        for target in targets(importer, path, node):
            if any(within(target, package) for package in PACKAGES):
                found.append(Import(importer, target, path, getattr(node, "lineno", 0),
                                    top_level))
    return found


ALL_IMPORTS = [imp for name, path in MODULES.items() for imp in imports_of(name, path)]


def broken_rules(imports: list[Import]) -> list[str]:
    problems = []
    for imp in imports:
        for layer, forbidden, why in FORBIDDEN:
            if within(imp.importer, layer) and any(within(imp.target, f) for f in forbidden):
                problems.append(f"{imp.where()}: {imp.importer} imports {imp.target} ({why})")
        if (within(imp.importer, "sync") and not within(imp.importer, "sync.server")
                and within(imp.target, "sync.server")):
            problems.append(f"{imp.where()}: {imp.importer} imports {imp.target} "
                            "(the server is built on sync, not the other way)")
        if (within(imp.importer, "desktop") and within(imp.target, "sync.server")
                and imp.importer not in EMBEDDED_SERVER):
            problems.append(f"{imp.where()}: {imp.importer} imports {imp.target} (only the "
                            f"embedded server's modules {sorted(EMBEDDED_SERVER)} may)")
    return problems


def cycles(imports: list[Import]) -> list[list[str]]:
    """Each strongly connected group of modules (by top-level imports) as one cycle chain."""
    graph: dict[str, set[str]] = {name: set() for name in MODULES}
    for imp in imports:
        if imp.top_level and imp.target in MODULES and imp.target != imp.importer:
            graph[imp.importer].add(imp.target)
    return [_chain(graph, group) for group in _strongly_connected(graph) if len(group) > 1]


def _strongly_connected(graph: dict[str, set[str]]) -> list[set[str]]:
    """Tarjan's algorithm, iterative (the project has hundreds of modules)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    groups: list[set[str]] = []
    for root in sorted(graph):
        if root in index:
            continue
        work = [(root, iter(sorted(graph[root])))]
        index[root] = low[root] = len(index)
        stack.append(root)
        on_stack.add(root)
        while work:
            node, children = work[-1]
            child = next(children, None)
            if child is None:
                work.pop()
                if work:
                    low[work[-1][0]] = min(low[work[-1][0]], low[node])
                if low[node] == index[node]:
                    group = set()
                    while True:
                        member = stack.pop()
                        on_stack.discard(member)
                        group.add(member)
                        if member == node:
                            break
                    groups.append(group)
            elif child not in index:
                index[child] = low[child] = len(index)
                stack.append(child)
                on_stack.add(child)
                work.append((child, iter(sorted(graph[child]))))
            elif child in on_stack:
                low[node] = min(low[node], index[child])
    return groups


def _chain(graph: dict[str, set[str]], group: set[str]) -> list[str]:
    """A shortest way from the group's first module back to itself, inside the group."""
    start = min(group)
    paths = {start: [start]}
    frontier = [start]
    while frontier:
        following = []
        for node in frontier:
            for child in sorted(graph[node] & group):
                if child == start:
                    return [*paths[node], start]
                if child not in paths:
                    paths[child] = [*paths[node], child]
                    following.append(child)
        frontier = following
    return sorted(group)


# -- tests -------------------------------------------------------------------------------------

def test_imports_flow_one_way() -> None:
    problems = broken_rules(ALL_IMPORTS)
    assert not problems, "imports against the layers:\n" + "\n".join(problems)


def test_no_import_cycles() -> None:
    found = cycles(ALL_IMPORTS)
    assert not found, "import cycles:\n" + "\n".join(" -> ".join(c) for c in found)


def test_the_embedded_server_modules_exist_and_use_the_server() -> None:
    """The exception list stays true: a module that moved or stopped starting the embedded
    server is taken off it (and off docs/architecture.md)."""
    users = {imp.importer for imp in ALL_IMPORTS if within(imp.target, "sync.server")}
    for name in EMBEDDED_SERVER:
        assert name in MODULES, f"{name} is listed as starting the embedded server but is gone"
        assert name in users, f"{name} is listed as starting the embedded server but does not"


def test_the_checks_see_function_level_and_relative_imports(tmp_path: Path) -> None:
    """The reader finds what the rules are about, wherever it is written."""
    source = ("from __future__ import annotations\n"
              "from . import vault\n"
              "def later():\n"
              "    from desktop.ui import widgets\n"
              "    importlib.import_module('sync.server.app')\n")
    path = ROOT / "desktop" / "core" / "example_for_the_test.py"
    tree_imports = imports_of("desktop.core.example_for_the_test", path, source)
    found = {(imp.target, imp.line, imp.top_level) for imp in tree_imports}
    assert ("desktop.core.vault", 2, True) in found
    assert ("desktop.ui.widgets", 4, False) in found
    problems = broken_rules(tree_imports)
    assert any("example_for_the_test.py:4" in p and "desktop.ui.widgets" in p for p in problems)
    assert any("example_for_the_test.py:5" in p and "sync.server.app" in p for p in problems)


def test_a_cycle_is_reported_as_a_chain() -> None:
    path = ROOT / "sync" / "a.py"
    fake = [Import("sync.records", "sync.ids", path, 1, True),
            Import("sync.ids", "sync.hlc", path, 2, True),
            Import("sync.hlc", "sync.records", path, 3, True),
            Import("sync.hlc", "sync.merge", path, 4, False)]
    assert cycles(fake) == [["sync.hlc", "sync.records", "sync.ids", "sync.hlc"]]

