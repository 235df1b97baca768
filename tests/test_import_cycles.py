"""svspec's modules import each other without cycles, so each can be read, tested and loaded alone.

A cycle hides behind an import inside a function or under `TYPE_CHECKING`; it still ties two
modules together (neither can change without the other) and breaks as soon as someone moves the
import to the top. So every import in a file counts, wherever it stands.
"""

from __future__ import annotations

import ast
import functools
import subprocess
import sys
from collections.abc import Iterable, Iterator
from pathlib import Path

import svspec

SOURCE = Path(svspec.__file__).resolve().parent.parent


def _modules() -> dict[str, Path]:
    """Every module of svspec by dotted name (a package by its own name)."""
    out: dict[str, Path] = {}
    for path in sorted((SOURCE / "svspec").rglob("*.py")):
        parts = list(path.relative_to(SOURCE).with_suffix("").parts)
        if parts[-1] == "__init__":
            parts.pop()
        out[".".join(parts)] = path
    return out


def _target(name: str, modules: dict[str, Path]) -> str | None:
    """The svspec module an imported name lives in (`svspec.diagnostics.make` → the package)."""
    while name and name not in modules:
        name = name.rpartition(".")[0]
    return name or None


def _import_names(tree: ast.Module, package: str, top_level: bool) -> Iterator[str]:
    """The dotted names a file imports: all of them, or only those run when it is imported
    (not inside a function, nor under `if TYPE_CHECKING:`)."""
    if top_level:
        nodes: list[ast.stmt] = []
        pending = list(tree.body)
        while pending:
            stmt = pending.pop()
            if isinstance(stmt, ast.If):
                if not (isinstance(stmt.test, ast.Name) and stmt.test.id == "TYPE_CHECKING"):
                    pending += [*stmt.body, *stmt.orelse]
            elif isinstance(stmt, ast.Try):
                pending += [*stmt.body, *stmt.orelse, *stmt.finalbody, *(s for h in stmt.handlers for s in h.body)]
            else:
                nodes.append(stmt)
        found: Iterable[ast.AST] = nodes
    else:
        found = ast.walk(tree)
    for node in found:
        if isinstance(node, ast.Import):
            yield from (alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                parts = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join([*parts, base] if base else parts)
            yield from (f"{base}.{alias.name}" for alias in node.names)


def _parsed(path: Path) -> ast.Module:
    return _parse(path.read_text(encoding="utf-8"))


@functools.cache
def _parse(text: str) -> ast.Module:
    """Parsed once per text: several tests walk the same modules."""
    return ast.parse(text)


def _edges(module: str, path: Path, modules: dict[str, Path], *, top_level: bool = False,
           ancestors: bool = False) -> set[str]:
    """The svspec modules `module` imports (anywhere in its file, or only when it is imported).

    Imports of its own enclosing packages are counted only with `ancestors`: Python initialises a
    package before any module inside it, so `from svspec import SvspecError` meets a half-built
    package only when that package imports the module while it is initialised, which
    `test_no_package_imports_a_module_that_imports_the_package_back` rules out.
    """
    package = module if path.name == "__init__.py" else module.rpartition(".")[0]
    found: set[str] = set()
    for name in _import_names(_parsed(path), package, top_level):
        target = _target(name, modules)
        if target is None or target == module:
            continue
        if module.startswith(target + ".") != ancestors:
            continue
        found.add(target)
    return found


def _imports(module: str, path: Path, modules: dict[str, Path]) -> set[str]:
    """Every svspec module `module` imports, wherever in its file, other than its own packages."""
    return _edges(module, path, modules)


def _cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """The strongly connected groups of more than one module (Tarjan's algorithm, iteratively)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    groups: list[list[str]] = []
    for root in graph:
        if root in index:
            continue
        work = [(root, iter(sorted(graph[root])))]
        index[root] = low[root] = len(index)
        stack.append(root)
        on_stack.add(root)
        while work:
            node, edges = work[-1]
            for nxt in edges:
                if nxt not in index:
                    index[nxt] = low[nxt] = len(index)
                    stack.append(nxt)
                    on_stack.add(nxt)
                    work.append((nxt, iter(sorted(graph.get(nxt, ())))))
                    break
                if nxt in on_stack:
                    low[node] = min(low[node], index[nxt])
            else:
                work.pop()
                if work:
                    low[work[-1][0]] = min(low[work[-1][0]], low[node])
                if low[node] == index[node]:
                    group: list[str] = []
                    while True:
                        member = stack.pop()
                        on_stack.discard(member)
                        group.append(member)
                        if member == node:
                            break
                    if len(group) > 1:
                        groups.append(sorted(group))
    return groups


def _graph() -> dict[str, set[str]]:
    modules = _modules()
    return {name: _imports(name, path, modules) for name, path in modules.items()}


def test_the_cycle_finder_finds_a_cycle_through_a_function_level_import(tmp_path: Path) -> None:
    modules = {"pkg.a": tmp_path / "a.py", "pkg.b": tmp_path / "b.py", "pkg.c": tmp_path / "c.py"}
    modules["pkg.a"].write_text("from pkg.b import thing\n")
    modules["pkg.b"].write_text("def late():\n    from pkg import a\n")
    modules["pkg.c"].write_text("import pkg.a\n")
    graph = {name: _imports(name, path, modules) for name, path in modules.items()}
    assert _cycles(graph) == [["pkg.a", "pkg.b"]]


def test_the_diagnostics_core_does_not_import_the_registry_that_builds_on_it() -> None:
    graph = _graph()
    assert graph["svspec.diagnostics.core"] == set()
    assert "svspec.diagnostics.core" in graph["svspec.diagnostics.registry"]


def test_the_scoring_engine_and_its_explanations_do_not_import_each_other_back() -> None:
    graph = _graph()
    assert "svspec.scoring.explain" in graph["svspec.scoring.engine"]
    assert "svspec.scoring.engine" not in graph["svspec.scoring.explain"]
    assert "svspec.scoring.explain" not in graph["svspec.scoring.results"]


def test_no_svspec_modules_import_each_other_in_a_cycle() -> None:
    assert _cycles(_graph()) == []


def _loaded_with(package: str, modules: dict[str, Path]) -> set[str]:
    """The svspec modules that run while `package` is imported (its top-level imports, transitively)."""
    seen: set[str] = set()
    pending = [package]
    while pending:
        current = pending.pop()
        for target in _edges(current, modules[current], modules, top_level=True):
            if target not in seen:
                seen.add(target)
                pending.append(target)
    return seen


def test_no_package_imports_a_module_that_imports_the_package_back() -> None:
    modules = _modules()
    for module, path in modules.items():
        for package in _edges(module, path, modules, ancestors=True):
            assert module not in _loaded_with(package, modules), \
                f"{package} imports {module} while it is initialised, and {module} imports {package}"


def test_an_import_of_its_own_package_counts_when_the_package_loads_the_module(tmp_path: Path) -> None:
    init, child = tmp_path / "__init__.py", tmp_path / "child.py"
    init.write_text("from pkg.child import thing\n")
    child.write_text("from pkg import other\n")
    modules = {"pkg": init, "pkg.child": child}
    assert _edges("pkg.child", child, modules, ancestors=True) == {"pkg"}
    assert "pkg.child" in _loaded_with("pkg", modules)
    init.write_text("def lazy():\n    from pkg.child import thing\n")
    assert "pkg.child" not in _loaded_with("pkg", modules)


def test_the_modules_whose_cycles_were_broken_each_import_alone_in_a_fresh_interpreter() -> None:
    for module in ("svspec.diagnostics.core", "svspec.diagnostics.registry", "svspec.diagnostics.messages",
                   "svspec.scoring.results", "svspec.scoring.explain", "svspec.scoring.engine",
                   "svspec.semantics.symbols", "svspec.semantics.rules", "svspec.semantics.resolve",
                   "svspec.semantics.check"):
        done = subprocess.run([sys.executable, "-c", f"import {module}"], capture_output=True, text=True,
                              timeout=60)
        assert done.returncode == 0, f"{module}: {done.stderr}"
