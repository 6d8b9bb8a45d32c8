"""The architecture's boundaries, checked: app/ and drivers/ import no Qt, and
drivers/ imports nothing of app/ or ui/."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def _imports(package: str) -> set[str]:
    found: set[str] = set()
    for path in (ROOT / package).rglob("*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.Import):
                found.update(a.name.split(".")[0] for a in node.names)
            elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
                found.add(node.module.split(".")[0])
    return found


def test_app_imports_no_qt_ui_or_drivers() -> None:
    bad = _imports("app") & {"PySide6", "PyQt5", "PyQt6", "shiboken6", "ui", "drivers"}
    assert bad == set()


def test_drivers_import_nothing_of_ours_and_no_qt() -> None:
    bad = _imports("drivers") & {"PySide6", "PyQt5", "PyQt6", "shiboken6", "ui", "app"}
    assert bad == set()


def test_loading_every_app_module_loads_no_qt() -> None:
    code = (
        "import importlib, pkgutil, sys, app\n"
        "for m in pkgutil.walk_packages(app.__path__, 'app.'):\n"
        "    if '.migrations' in m.name or m.name.endswith('__main__'): continue\n"
        "    importlib.import_module(m.name)\n"
        "import drivers\n"
        "for m in pkgutil.walk_packages(drivers.__path__, 'drivers.'):\n"
        "    if m.name.endswith('__main__'): continue\n"
        "    importlib.import_module(m.name)\n"
        "print(sorted(k for k in sys.modules if k.startswith(('PySide6', 'shiboken'))))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True, cwd=ROOT)
    assert out.stdout.strip() == "[]"


# Import circles that are being taken apart (issue 14); a new one fails.
KNOWN_CIRCLES: set[frozenset[str]] = set()


def _circles() -> list[frozenset[str]]:
    """Strongly connected groups of modules (Tarjan) in the import graph that
    grimp (import-linter's engine) builds, TYPE_CHECKING imports included."""
    import grimp

    graph = grimp.build_graph("app", "ui", "drivers")
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[frozenset[str]] = []

    def visit(v: str) -> None:
        index[v] = low[v] = len(index)
        stack.append(v)
        on_stack.add(v)
        for w in graph.find_modules_directly_imported_by(v):
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on_stack:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            group = set()
            while True:
                w = stack.pop()
                on_stack.discard(w)
                group.add(w)
                if w == v:
                    break
            if len(group) > 1:
                found.append(frozenset(group))

    sys.setrecursionlimit(max(sys.getrecursionlimit(), 10_000))
    for module in sorted(graph.modules):
        if module not in index:
            visit(module)
    return found


def test_no_new_import_circles() -> None:
    new = [sorted(c) for c in _circles() if c not in KNOWN_CIRCLES]
    assert new == []
