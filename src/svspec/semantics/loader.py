"""Read spec files and the files they import, with every file problem as a diagnostic.

Imports (`uses NAME VERSION from "PATH"`, `values NAME EDITION from "PATH"`, `extends NAME VERSION
from "PATH"`) are relative to the importing file and must stay inside the project folder: the
nearest folder above the entry file holding `svspec.toml`, or else the entry file's own folder.
A bundled framework (`extends NAME VERSION`, no file) is read from svspec's own package folder.
"""

from __future__ import annotations

import contextlib
import gc
import os
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from svspec.diagnostics import Diagnostic, Related, Severity, Span, make
from svspec.diagnostics.suggest import did_you_mean
from svspec.files import FOLDER, FileTooLarge, NotRegularFile, read_capped
from svspec.syntax import ast
from svspec.syntax.builder import build
from svspec.syntax.parser import Comment, parse

MAX_SPEC_BYTES = 20 * 1024 * 1024
PROJECT_MARKER = "svspec.toml"
SPEC_SUFFIX = ".svspec"


@dataclass(slots=True)
class SourceUnit:
    """One file as loaded: text, AST (None if unreadable or unparsable) and its diagnostics."""

    path: Path
    display: str
    text: str
    tree: ast.SourceFile | None
    comments: tuple[Comment, ...]
    diagnostics: list[Diagnostic]
    imports: dict[int, Path] = field(default_factory=dict)  # id(import node) -> resolved path
    quoted: bool = True  # False for a file that is not a spec: its text is shown nowhere

    @property
    def declaration(self) -> ast.Declaration | None:
        if self.tree is None or not self.tree.declarations:
            return None
        return self.tree.declarations[0]


def display_path(path: Path) -> str:
    """The path as a user would type it: relative to the working folder when inside it."""
    try:
        return str(path.relative_to(Path.cwd()))
    except ValueError:
        return str(path)


def project_root(entry: Path) -> Path:
    """The project folder for an entry file."""
    for folder in [entry.parent, *entry.parent.parents]:
        if (folder / PROJECT_MARKER).is_file():
            return folder
    return entry.parent


def whole_file(display: str) -> Span:
    return Span(file=display, line=1, column=1, end_line=1, end_column=1)


def read_source(path: Path, display: str, span: Span | None = None) -> tuple[str | None, list[Diagnostic]]:
    """The text of `path`, or None with a diagnostic. Only a regular file is read, and never
    past `MAX_SPEC_BYTES`: a FIFO would block for ever and `/dev/zero` never ends."""
    where = span
    try:
        data = read_capped(path, MAX_SPEC_BYTES)
    except FileTooLarge as error:
        return None, [make("file-too-large", where, path=display, size=error.size_text, limit=MAX_SPEC_BYTES)]
    except NotRegularFile as error:
        if error.kind == FOLDER:
            return None, [make("file-not-found", where, path=display, reason="it is a folder")]
        return None, [make("file-not-regular", where, path=display, kind=error.kind)]
    except FileNotFoundError:
        return None, [make("file-not-found", where, path=display, reason="no such file")]
    except OSError as error:
        return None, [make("file-not-found", where, path=display, reason=error.strerror or str(error))]
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as error:
        line_start = data.rfind(b"\n", 0, error.start) + 1
        line = data.count(b"\n", 0, line_start) + 1
        column = len(data[line_start : error.start].decode("utf-8", errors="replace")) + 1
        where = Span(file=display, line=line, column=column, end_line=line, end_column=column + 1)
        return None, [make("file-not-utf8", where, path=display, offset=error.start)]
    if text.startswith("\ufeff"):
        text = text[1:]
    return text.replace("\r\n", "\n").replace("\r", "\n"), []


@contextlib.contextmanager
def collector_paused() -> Iterator[None]:
    """The cyclic garbage collector off for a bulk step, and back as it was after.

    Parse trees are large, acyclic and all alive until the AST is built, so the cycle collector
    only rescans them: pausing it made checking 10,000 measures twice as fast. Likewise reading
    and scoring 100,000 bids (`svspec score`, `engine.score`) makes millions of objects that live
    until the report is written, in no cycles; each full collection walked all of them, so the
    time per bid grew with the number of bids (benchmarks/results.md). Reference counting still
    frees everything."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def parse_unit(path: Path, display: str, text: str) -> SourceUnit:
    """Parse and build one file's AST."""
    with collector_paused():
        result = parse(text, display)
        built = build(result.tree, display, text) if result.tree is not None else None
        comments, diagnostics = result.comments, list(result.diagnostics)
        del result  # free the parse tree before the collector runs again, or it scans it once more
    tree = None
    if built is not None:
        tree, problems = built
        diagnostics.extend(problems)
        if not tree.declarations and not diagnostics:
            diagnostics.append(make("empty-spec", whole_file(display), path=display))
        for extra in tree.declarations[1:]:
            first = tree.declarations[0]
            diagnostics.append(
                make("several-declarations", extra.span, first=_describe(first), name=extra.name.text,
                     related=[Related(span=first.span, message="first declaration here")])
            )
    return SourceUnit(path=path, display=display, text=text, tree=tree, comments=comments,
                      diagnostics=diagnostics)


def _describe(decl: ast.Declaration) -> str:
    kind = {ast.Framework: "framework", ast.Tender: "tender", ast.ValueSet: "value set"}[type(decl)]
    return f"{kind} '{decl.name.text}'"


def kind_of(decl: ast.Declaration | None) -> str:
    if decl is None:
        return "nothing"
    return {ast.Framework: "a framework", ast.Tender: "a tender", ast.ValueSet: "a value set"}[type(decl)]


@dataclass(slots=True)
class Program:
    """Every file reached from the entry files, keyed by resolved path."""

    units: dict[Path, SourceUnit] = field(default_factory=dict)
    entries: list[Path] = field(default_factory=list)
    entry_problems: dict[Path, list[Diagnostic]] = field(default_factory=dict)

    def sources(self) -> dict[str, str]:
        """The text of each file that may be quoted in a code frame (not one that is not a spec)."""
        return {u.display: u.text for u in self.units.values() if u.quoted}


def _imports(decl: ast.Declaration | None) -> list[ast.Uses | ast.ValuesImport | ast.Extends]:
    if isinstance(decl, ast.Tender):
        return [i for i in decl.items if isinstance(i, ast.Uses)]
    if isinstance(decl, ast.Framework):
        return [i for i in decl.items if isinstance(i, ast.ValuesImport | ast.Extends)]
    return []


def _cycle(node: ast.Node, stack: list[Path], target: Path, program: Program) -> Diagnostic:
    """`extends-cycle` (with the other `extends` line) or `import-cycle`."""
    chain = " → ".join(display_path(p) for p in [*stack[stack.index(target):], target])
    if not isinstance(node, ast.Extends):
        return make("import-cycle", node.path.span, cycle=chain)  # type: ignore[attr-defined]
    other = program.units.get(target)
    decl = other.declaration if other is not None else None
    items = decl.items if isinstance(decl, ast.Framework) else ()
    back = next((i for i in items if isinstance(i, ast.Extends)), None)
    related = [Related(span=back.span, message="which extends back here")] if back is not None else []
    return make("extends-cycle", node.span, cycle=chain, related=related)


def load_program(paths: list[Path]) -> Program:
    """Load the entry files and everything they import; never raises for user mistakes."""
    program = Program()
    for raw in paths:
        entry = Path(os.path.abspath(raw))
        program.entries.append(entry)
        root = project_root(entry)
        _load(entry, root, program, stack=[], importer=None, span=None)
    return program


def _load(path: Path, root: Path, program: Program, stack: list[Path], importer: SourceUnit | None,
          span: Span | None, shown: str | None = None) -> None:
    if path in program.units:
        return
    display = shown or display_path(path)
    text, problems = read_source(Path(os.path.realpath(path)), display, span or whole_file(display))
    if text is None:
        if importer is not None:
            importer.diagnostics.extend(problems)
        else:
            program.entry_problems[path] = problems
        return
    unit = parse_unit(path, display, text)
    if not named_as_spec(path):
        unit = _unquoted_if_unparsable(unit)
    program.units[path] = unit
    stack = [*stack, path]
    for node in _imports(unit.declaration):
        if node.path is None:
            _load_bundled(node, program, stack, unit)
            continue
        target = Path(os.path.normpath(path.parent / node.path.value))
        problem = _import_problem(node, target, root)
        if problem is not None:
            unit.diagnostics.append(problem)
            continue
        if target in stack:
            unit.diagnostics.append(_cycle(node, stack, target, program))
            continue
        if not target.exists():
            unit.diagnostics.append(
                make("import-not-found", node.path.span, path=node.path.value, resolved=display_path(target))
            )
            continue
        unit.imports[id(node)] = target
        _load(target, root, program, stack, unit, node.path.span)


def _load_bundled(node: ast.Uses | ast.Extends | ast.ValuesImport, program: Program, stack: list[Path],
                  unit: SourceUnit) -> None:
    """`uses NAME VERSION` or `extends NAME VERSION` with no path names a framework shipped with
    svspec: it is package data, not a file of the project, so the project-folder rule does not
    apply to it."""
    from svspec import bundled

    target = bundled.find(node.name.text)
    if target is None:
        unit.diagnostics.append(make("unknown-bundled-framework", node.name.span, name=node.name.text,
                                     bundled=", ".join(bundled.names()),
                                     suggestions=did_you_mean(node.name.text, bundled.names())))
        return
    if target in stack:
        if isinstance(node, ast.Extends):
            unit.diagnostics.append(_cycle(node, stack, target, program))
        return
    unit.imports[id(node)] = target
    # Shown by its place in the package, the same wherever svspec is installed.
    _load(target, bundled.folder(), program, stack, unit, node.name.span, shown=f"svspec/bundled/{target.name}")


def import_path(node: ast.Uses | ast.ValuesImport) -> str:
    """The file an import names, as messages quote it; a bundled framework has no path."""
    return node.path.value if node.path is not None else f"bundled {node.name.text}"


def import_span(node: ast.Uses | ast.ValuesImport) -> Span:
    """Where a message about the imported file points: its path, or the bundled name."""
    return node.path.span if node.path is not None else node.name.span


def is_spec_name(path: Path) -> bool:
    """A spec file is named `*.svspec`: anything else may be a file that must not be quoted."""
    return path.name.lower().endswith(SPEC_SUFFIX)


def named_as_spec(path: Path) -> bool:
    """`path` and the file it leads to are both named `*.svspec` (`x.svspec` may link to a key)."""
    return is_spec_name(path) and is_spec_name(Path(os.path.realpath(path)))


def not_a_spec(display: str, diagnostics: list[Diagnostic]) -> Diagnostic | None:
    """For a file not named as a spec: `file-not-a-spec` at its first syntax error, if it has one.
    The caller reports this instead of the syntax errors and quotes none of the file's text."""
    first = next((d for d in diagnostics if d.code.startswith("syntax/") and d.severity is Severity.ERROR), None)
    if first is None or first.span is None:
        return None
    where = first.span._replace(end_line=first.span.line, end_column=first.span.column)
    return make("file-not-a-spec", where, path=display, line=where.line)


def _import_problem(node: ast.Uses | ast.ValuesImport | ast.Extends, target: Path, root: Path) -> Diagnostic | None:
    """Why an import may not be read, or None. The check is made on the real path, links
    resolved, so that a link inside the project cannot reach a file outside it (a `.env`,
    `/proc/self/environ`); and only `.svspec` files are read, so that a secret is never
    quoted back in a syntax error."""
    assert node.path is not None, "a bundled framework is found by name, not by path"
    if not _inside(target, root):
        return make("import-outside-project", node.path.span, path=node.path.value, root=display_path(root))
    real = Path(os.path.realpath(target))
    if not _inside(real, Path(os.path.realpath(root))):
        return make("import-link-outside-project", node.path.span, path=node.path.value, root=display_path(root))
    if not (is_spec_name(target) and is_spec_name(real)):
        return make("import-not-a-spec", node.path.span, path=node.path.value)
    return None


def _inside(path: Path, root: Path) -> bool:
    return path == root or root in path.parents


def _unquoted_if_unparsable(unit: SourceUnit) -> SourceUnit:
    """A file not named `.svspec` that does not parse is probably not a spec at all (a `.env`,
    a key): report only where it stops being svspec, and keep its text out of every output."""
    problem = not_a_spec(unit.display, unit.diagnostics)
    if problem is None:
        return unit
    return SourceUnit(path=unit.path, display=unit.display, text="", tree=None, comments=(),
                      diagnostics=[problem], quoted=False)
