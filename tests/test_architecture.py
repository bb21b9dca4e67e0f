"""The shape of the code base, checked: who may import whom, no cycles, no huge modules.

Every .py file of the project packages is parsed with `ast`; every import counts, the ones
inside functions included, because a lazy import is still a dependency (and a hidden cycle).
"""

from __future__ import annotations

import ast
from collections.abc import Iterator
from functools import cache
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PACKAGES = ("core", "incar", "catalog", "mock_retail_api", "voice", "car_ui", "bench")
MAX_LINES = 450
# Data, not logic: long by nature.
LONG_FILES_ALLOWED = ("catalog/seed_data.py", "catalog/migrations/")


def _module_name(path: Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts = parts[:-1]
    return ".".join(parts)


@cache
def _modules() -> dict[str, Path]:
    found: dict[str, Path] = {}
    for package in PACKAGES:
        for path in sorted((ROOT / package).rglob("*.py")):
            found[_module_name(path)] = path
    return found


def _project_module(name: str) -> str | None:
    """The project module an imported name lives in (a.b.C → a.b), or None if not ours."""
    modules = _modules()
    while name:
        if name in modules:
            return name
        name = name.rpartition(".")[0]
    return None


def _imported_names(module: str, path: Path) -> Iterator[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    package = module if path.name == "__init__.py" else module.rpartition(".")[0]
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                yield alias.name
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join([*anchor, base] if base else anchor)
            for alias in node.names:
                yield f"{base}.{alias.name}"


def _entered_packages(importer: str, target: str) -> set[str]:
    """The packages whose `__init__` runs when `importer` imports `target`: every package on
    the way to it that the importer is not already inside. (An `__init__` that re-exports its
    package's entry point makes this matter: importing any submodule from outside runs it.)"""
    parts = target.split(".")
    inside = importer.split(".")
    return {
        ".".join(parts[:n])
        for n in range(1, len(parts))
        if parts[:n] != inside[:n] and ".".join(parts[:n]) in _modules()
    }


@cache
def _graph() -> dict[str, frozenset[str]]:
    graph: dict[str, frozenset[str]] = {}
    for module, path in _modules().items():
        targets = {_project_module(name) for name in _imported_names(module, path)}
        found = {t for t in targets if t is not None}
        for target in list(found):
            found |= _entered_packages(module, target)
        graph[module] = frozenset(found - {module})
    return graph


def _package(module: str) -> str:
    return module.split(".")[0]


def _edges(source: str, target: str) -> list[str]:
    return sorted(
        f"{module} -> {imported}"
        for module, imports in _graph().items()
        if _package(module) == source
        for imported in imports
        if _package(imported) == target
    )


def _cycles() -> list[list[str]]:
    """Strongly connected components of more than one module (Tarjan)."""
    graph = _graph()
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    components: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for nxt in graph[node]:
            if nxt not in index:
                visit(nxt)
                low[node] = min(low[node], low[nxt])
            elif nxt in on_stack:
                low[node] = min(low[node], index[nxt])
        if low[node] == index[node]:
            component = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                component.append(member)
                if member == node:
                    break
            if len(component) > 1:
                components.append(sorted(component))

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return components


def test_the_walk_sees_the_project() -> None:
    """Guard against a vacuous pass: the graph has the modules and edges we know exist."""
    graph = _graph()
    assert "car_ui.session.ordering" in graph and "core.commands" in graph
    assert "core.commands" in graph["car_ui.session.ordering"]
    assert "voice.nlu" in graph["car_ui.shell"]  # a function-level import is seen


def test_no_import_cycle() -> None:
    assert _cycles() == []


def test_voice_never_imports_car_ui() -> None:
    assert _edges("voice", "car_ui") == []


def test_core_imports_no_project_package() -> None:
    others = [p for p in PACKAGES if p != "core"]
    assert [edge for p in others for edge in _edges("core", p)] == []


def test_the_store_shares_nothing_with_the_head_unit() -> None:
    for store in ("catalog", "mock_retail_api"):
        for head_unit in ("car_ui", "voice", "bench"):
            assert _edges(store, head_unit) == []


def test_no_product_module_is_too_long() -> None:
    long = {}
    for path in _modules().values():
        relative = path.relative_to(ROOT).as_posix()
        if relative.startswith(LONG_FILES_ALLOWED):
            continue
        lines = len(path.read_text(encoding="utf-8").splitlines())
        if lines > MAX_LINES:
            long[relative] = lines
    assert long == {}
