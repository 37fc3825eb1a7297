"""The package's shape: every module sits in a stage folder (or is one of the few shared at the
top), and no two modules import each other at run time, directly or round a longer loop.

Imports under `if TYPE_CHECKING:` are left out: they are type hints, never executed."""

from __future__ import annotations

import ast
from pathlib import Path

from conftest import REPO

PACKAGE = REPO / "linter" / "edgelint"
STAGES = {
    "cli",
    "load",
    "render",
    "rules",
    "platform",
    "config",
    "run",
    "fix",
    "report",
    "snapshot",
    "server",
}
TOP = {"__init__", "__main__", "deferred", "diagnostics", "javascript", "signals"}


def _modules() -> dict[str, Path]:
    found = {}
    for path in PACKAGE.rglob("*.py"):
        parts = path.relative_to(PACKAGE).with_suffix("").parts
        name = ".".join(("edgelint", *parts)).removesuffix(".__init__")
        found[name] = path
    return found


def _imports(path: Path, modules: dict[str, Path]) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    hints = {
        id(node)
        for block in ast.walk(tree)
        if isinstance(block, ast.If) and "TYPE_CHECKING" in ast.unparse(block.test)
        for node in ast.walk(block)
    }
    found: set[str] = set()
    for node in ast.walk(tree):
        if id(node) in hints:
            continue
        if isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("edgelint"):
            submodules = [f"{node.module}.{a.name}" for a in node.names]
            named = [m for m in submodules if m in modules]
            found |= set(named) if len(named) == len(submodules) else {node.module, *named}
        elif isinstance(node, ast.Import):
            found |= {a.name for a in node.names if a.name in modules}
    return found


def test_every_module_is_in_a_stage() -> None:
    for path in PACKAGE.rglob("*.py"):
        parts = path.relative_to(PACKAGE).with_suffix("").parts
        assert parts[0] in STAGES or (len(parts) == 1 and parts[0] in TOP), path


def test_no_import_cycles() -> None:
    modules = _modules()
    graph = {name: _imports(path, modules) - {name} for name, path in modules.items()}
    # A package's __init__ is imported with each of its modules: that is no cycle.
    for name in graph:
        graph[name] = {m for m in graph[name] if not name.startswith(m + ".")}
    cycles = []
    state: dict[str, int] = {}  # 1: on the current path, 2: done

    def visit(name: str, path: list[str]) -> None:
        state[name] = 1
        for target in sorted(graph[name]):
            if state.get(target) == 1:
                cycles.append([*path[path.index(target) :], target])
            elif target not in state:
                visit(target, [*path, target])
        state[name] = 2

    for name in sorted(graph):
        if name not in state:
            visit(name, [name])
    assert cycles == []


def test_the_readme_shows_every_folder() -> None:
    """README.md's "How it is built" tree is the layout: every folder of the package, and each
    package inside a stage (render/filters/, rules/templates/), has its line there."""
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    section = readme.split("## How it is built", 1)[1].split("```text", 1)[1].split("```", 1)[0]
    shown = {line.split()[0] for line in section.splitlines() if line.strip()}
    top = {p.name + "/" for p in PACKAGE.iterdir() if p.is_dir() and p.name != "__pycache__"}
    nested = {
        p.name + "/"
        for stage in STAGES
        for p in (PACKAGE / stage).iterdir()
        if (p / "__init__.py").is_file()
    }
    assert top <= shown, top - shown
    assert all(f"{name} " in section for name in nested), nested


def test_every_dataclass_has_a_docstring() -> None:
    """dataclasses writes a docstring for a class without one, with inspect.signature: that
    import and that call are the cost edgelint/__init__.py defers. A class without one pays
    them on every run."""
    bare = []
    for name, path in _modules().items():
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not isinstance(node, ast.ClassDef):
                continue
            decorators = [ast.unparse(d) for d in node.decorator_list]
            dataclass = any(d.startswith(("dataclass", "dataclasses.")) for d in decorators)
            if dataclass and ast.get_docstring(node) is None:
                bare.append(f"{name}.{node.name}")
    assert bare == []
