"""The package's layers, read from the source with `ast`: imports only point down, never in a cycle.

core < assessment < revisions, export < render < mkdocs < cli. `revisions` and `export` do not
import each other; only `qinglian.mkdocs` imports mkdocs or material; core imports no output
library. Imports inside functions count (they hide cycles as well as any other); imports under
`if TYPE_CHECKING:` count for the layers but not for cycles (they never run). No module imports
a private name (`_x`) of another, and nothing imports the folder name `generator`.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from .conftest import ROOT

PACKAGE = "qinglian"
SOURCE = ROOT / "generator"
LAYERS = {"core": 0, "assessment": 1, "revisions": 2, "export": 2, "render": 3, "mkdocs": 4, "cli": 5, "__main__": 6}
CORE_FORBIDDEN = ("jinja2", "typst", "xlsxwriter", "segno", "click", "mkdocs", "material")
MKDOCS_ONLY = ("mkdocs", "material")


@dataclass(frozen=True)
class Import:
    module: str  # the importing module, e.g. qinglian.core.load
    target: str  # the module imported, e.g. qinglian.core.kinds (or a package, or a third-party name)
    names: tuple[str, ...]  # the names taken from it by `from ... import`
    line: int
    typing_only: bool  # under `if TYPE_CHECKING:`

    def __str__(self) -> str:
        return f"{self.module}:{self.line} imports {self.target}" + (f" ({', '.join(self.names)})" if self.names else "")


def module_name(path: Path, root: Path = SOURCE, package: str = PACKAGE) -> str:
    parts = list(path.relative_to(root).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join([package, *parts])


def modules(root: Path = SOURCE, package: str = PACKAGE) -> dict[str, Path]:
    return {module_name(path, root, package): path for path in sorted(root.rglob("*.py"))}


def _typing_blocks(tree: ast.AST) -> set[int]:
    """Ids of the import nodes inside `if TYPE_CHECKING:` blocks."""
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test):
            found.update(id(inner) for stmt in node.body for inner in ast.walk(stmt))
    return found


def imports(name: str, path: Path, known: dict[str, Path]) -> Iterator[Import]:
    """Every import in the module, at any depth; `from pkg import module` names the module."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    typing_only = _typing_blocks(tree)
    is_package = path.name == "__init__.py"
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                yield Import(name, alias.name, (), node.lineno, id(node) in typing_only)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = name.split(".") if is_package else name.split(".")[:-1]
                anchor = anchor[: len(anchor) - node.level + 1]
                base = ".".join(anchor + ([base] if base else []))
            for alias in node.names:
                target = f"{base}.{alias.name}"
                if target in known:  # `from qinglian.core import urls` imports the module urls
                    yield Import(name, target, (), node.lineno, id(node) in typing_only)
                else:
                    yield Import(name, base, (alias.name,), node.lineno, id(node) in typing_only)


def layer(module: str) -> str:
    parts = module.split(".")
    return parts[1] if len(parts) > 1 else ""


def layer_problems(found: list[Import]) -> list[str]:
    problems = []
    for item in found:
        here, top = layer(item.module), item.target.split(".")[0]
        if top == PACKAGE:
            there = layer(item.target)
            if there != here and (there not in LAYERS or here not in LAYERS or LAYERS[there] >= LAYERS[here]):
                problems.append(f"{item}: {here or PACKAGE} may not import {there or PACKAGE}")
        elif here == "core" and top in CORE_FORBIDDEN:
            problems.append(f"{item}: core imports no output library, no MkDocs, no click")
        elif here != "mkdocs" and top in MKDOCS_ONLY:
            problems.append(f"{item}: only {PACKAGE}.mkdocs imports mkdocs or material")
    return problems


def private_problems(found: list[Import]) -> list[str]:
    return [
        f"{item}: a private name of another module; make it public or move it"
        for item in found
        if item.target.startswith(PACKAGE) and item.target != item.module and any(n.startswith("_") for n in item.names)
    ]


def cycles(found: list[Import], known: dict[str, Path]) -> list[list[str]]:
    """The import cycles among the package's modules (strongly connected components of 2 or more)."""
    graph: dict[str, set[str]] = {module: set() for module in known}
    for item in found:
        if item.target in known and item.target != item.module and not item.typing_only:
            graph[item.module].add(item.target)
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    result: list[list[str]] = []

    def visit(node: str) -> None:  # Tarjan's algorithm; the graph is small
        index[node] = low[node] = len(index)
        stack.append(node)
        for successor in sorted(graph[node]):
            if successor not in index:
                visit(successor)
                low[node] = min(low[node], low[successor])
            elif successor in stack:
                low[node] = min(low[node], index[successor])
        if low[node] == index[node]:
            component = []
            while True:
                member = stack.pop()
                component.append(member)
                if member == node:
                    break
            if len(component) > 1:
                result.append(sorted(component))

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return result


def all_imports(root: Path = SOURCE, package: str = PACKAGE) -> tuple[list[Import], dict[str, Path]]:
    known = modules(root, package)
    return [item for name, path in known.items() for item in imports(name, path, known)], known


def test_imports_point_down_the_layers() -> None:
    found, _ = all_imports()
    problems = layer_problems(found)
    assert not problems, "\n".join(problems)


def test_no_import_cycles() -> None:
    found, known = all_imports()
    found_cycles = cycles(found, known)
    assert not found_cycles, "\n".join(" <-> ".join(cycle) for cycle in found_cycles)


def test_no_private_name_is_imported_across_modules() -> None:
    found, _ = all_imports()
    problems = private_problems(found)
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("folder", ["generator", "tests", "benchmarks"])
def test_nothing_imports_the_folder_name(folder: str) -> None:
    wrong = []
    for path in sorted((ROOT / folder).rglob("*.py")):
        if ROOT / "benchmarks" / "out" in path.parents:  # benchmark output: the previous release's venv
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            names = [a.name for a in node.names] if isinstance(node, ast.Import) else []
            names += [node.module or ""] if isinstance(node, ast.ImportFrom) and not node.level else []
            wrong += [f"{path.relative_to(ROOT)}:{node.lineno}" for n in names if n.split(".")[0] == "generator"]
    assert not wrong, "import qinglian, not the folder name generator: " + ", ".join(wrong)


# --- the checks catch what they are for ---------------------------------------------------------

def _package(tmp_path: Path, files: dict[str, str]) -> tuple[list[Import], dict[str, Path]]:
    for relative, text in files.items():
        path = tmp_path / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return all_imports(tmp_path, PACKAGE)


def test_an_upward_import_an_output_library_in_core_and_mkdocs_elsewhere_are_caught(tmp_path: Path) -> None:
    found, _ = _package(tmp_path, {
        "core/a.py": "import jinja2\n\ndef f():\n    from qinglian.render import settings\n",
        "render/settings.py": "",
        "export/x.py": "from qinglian.revisions import diff\n",
        "revisions/diff.py": "",
        "render/b.py": "from mkdocs.config import base\nfrom qinglian.export import x\n",
    })
    assert layer_problems(found) == [
        "qinglian.core.a:1 imports jinja2: core imports no output library, no MkDocs, no click",
        "qinglian.core.a:4 imports qinglian.render.settings: core may not import render",
        "qinglian.export.x:1 imports qinglian.revisions.diff: export may not import revisions",
        "qinglian.render.b:1 imports mkdocs.config (base): only qinglian.mkdocs imports mkdocs or material",
    ]


def test_a_cycle_through_a_function_local_import_and_a_private_import_are_caught(tmp_path: Path) -> None:
    found, known = _package(tmp_path, {
        "render/a.py": "from qinglian.render.b import _helper\n",
        "render/b.py": "def g():\n    import qinglian.render.a\n",
        "render/c.py": "from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n    from qinglian.render import d\n",
        "render/d.py": "from qinglian.render import c\n",  # no cycle: c needs d for type hints only
    })
    assert cycles(found, known) == [["qinglian.render.a", "qinglian.render.b"]]
    assert private_problems(found) == [
        "qinglian.render.a:1 imports qinglian.render.b (_helper): a private name of another module; make it public or move it"
    ]
