"""Drive the stages for a set of files: load → parse → AST → resolve → check → lower.

Each file is compiled once per session and its diagnostics are kept with it, so a framework
used by three tenders is checked (and reported) once.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from svspec import model
from svspec.diagnostics import Diagnostic, Related, Severity, make
from svspec.diagnostics.core import has_errors
from svspec.semantics import symbols as sym
from svspec.semantics.check import check
from svspec.semantics.common import Sink
from svspec.semantics.loader import (
    Program,
    SourceUnit,
    collector_paused,
    display_path,
    kind_of,
    load_program,
)
from svspec.semantics.lower import lower_framework, lower_tender, lower_value_set
from svspec.semantics.resolve import bind_tender, resolve_framework, resolve_tender, resolve_value_set
from svspec.syntax import ast


@dataclass(slots=True)
class Compiled:
    """One file's outcome: its model (None on errors), symbols and its own diagnostics."""

    unit: SourceUnit
    model: model.Model | None = None
    symbols: sym.Table | None = None
    diagnostics: list[Diagnostic] = field(default_factory=list)
    depends_on: list[Path] = field(default_factory=list)


class Session:
    """Compiles the files of one program, each once."""

    def __init__(self, program: Program) -> None:
        self.program = program
        self.done: dict[Path, Compiled] = {}

    def compile(self, path: Path) -> Compiled | None:
        """Compile one file (and what it imports) once; later calls return the same result."""
        # The ASTs are large and acyclic: cycle collections during checking only rescan them.
        with collector_paused():
            return self._compile(path)

    def _compile(self, path: Path) -> Compiled | None:
        if path in self.done:
            return self.done[path]
        unit = self.program.units.get(path)
        if unit is None:
            return None
        compiled = Compiled(unit=unit, diagnostics=list(unit.diagnostics))
        self.done[path] = compiled
        decl = unit.declaration
        if decl is None or has_errors(unit.diagnostics):
            return compiled
        sink: Sink = compiled.diagnostics
        if isinstance(decl, ast.ValueSet):
            value_set = resolve_value_set(decl, sink)
            compiled.symbols = value_set
            sink.extend(check(value_set))
            if not has_errors(sink):
                compiled.model = lower_value_set(value_set, unit.display)
        elif isinstance(decl, ast.Framework):
            self._framework(compiled, decl, sink)
        elif isinstance(decl, ast.Tender):
            self._tender(compiled, decl, sink)
        return compiled

    def _import(self, compiled: Compiled, node: ast.Uses | ast.ValuesImport, want: type, label: str,
                sink: Sink) -> Compiled | None:
        target = compiled.unit.imports.get(id(node))
        if target is None:
            return None
        compiled.depends_on.append(target)
        imported = self.compile(target)
        if imported is None or imported.unit.declaration is None:
            return None
        decl = imported.unit.declaration
        if not isinstance(decl, want):
            sink.append(make("import-wrong-kind", node.path.span, path=node.path.value, found=kind_of(decl),
                             expected=label))
            return None
        if decl.name.text != node.name.text:
            sink.append(make("import-name-mismatch", node.name.span, path=node.path.value,
                             kind=label.split(" ", 1)[1], found=decl.name.text, expected=node.name.text,
                             related=[Related(span=decl.name.span, message="declared here")]))
            return None
        return imported

    def _framework(self, compiled: Compiled, decl: ast.Framework, sink: Sink) -> None:
        sets: dict[str, sym.ValueSet | None] = {}
        set_models: dict[str, model.ValueSet] = {}
        for item in decl.items:
            if not isinstance(item, ast.ValuesImport):
                continue
            imported = self._import(compiled, item, ast.ValueSet, "a value set", sink)
            if imported is None:
                sets[item.name.text] = None
                continue
            sets[item.name.text] = imported.symbols if isinstance(imported.symbols, sym.ValueSet) else None
            if isinstance(imported.model, model.ValueSet):
                set_models[item.name.text] = imported.model
        framework = resolve_framework(decl, sets, sink)
        compiled.symbols = framework
        sink.extend(check(framework))
        if not has_errors(sink) and all(v is not None for v in sets.values()) and len(set_models) == len(sets):
            compiled.model = lower_framework(framework, set_models, compiled.unit.display)

    def _tender(self, compiled: Compiled, decl: ast.Tender, sink: Sink) -> None:
        tender = resolve_tender(decl, sink)
        uses = tender.uses
        framework: Compiled | None = None
        if uses is not None:
            framework = self._import(compiled, uses, ast.Framework, "a framework", sink)
        bound = framework.symbols if framework and isinstance(framework.symbols, sym.Framework) else None
        tender = bind_tender(tender, bound)
        compiled.symbols = tender
        sink.extend(check(tender))
        if has_errors(sink) or framework is None or not isinstance(framework.model, model.Framework):
            return
        compiled.model = lower_tender(tender, framework.model, compiled.unit.display, display_path(framework.unit.path))

    def diagnostics_for(self, path: Path) -> list[Diagnostic]:
        """This file's diagnostics and those of everything it imports, each file once."""
        out: list[Diagnostic] = []
        seen: set[Path] = set()

        def visit(p: Path) -> None:
            if p in seen:
                return
            seen.add(p)
            compiled = self.compile(p)
            if compiled is None:
                return
            for dep in compiled.depends_on:
                visit(dep)
            out.extend(compiled.diagnostics)

        visit(path)
        return out


def unused_measures(session: Session) -> list[Diagnostic]:
    """Warn about framework measures that no tender checked in this session selects."""
    selected: dict[Path, set[str]] = {}
    for compiled in session.done.values():
        if isinstance(compiled.symbols, sym.Tender):
            for dep in compiled.depends_on:
                selected.setdefault(dep, set()).update(compiled.symbols.selections)
                selected[dep].update(compiled.symbols.recorded)
    out: list[Diagnostic] = []
    for path, codes in selected.items():
        framework = session.done.get(path)
        if framework is None or not isinstance(framework.symbols, sym.Framework):
            continue
        for code, measure in framework.symbols.measures.items():
            if code not in codes and measure.record_only is None:
                out.append(make("unused-measure", measure.span, name=code))
    return out


def sort_diagnostics(diagnostics: list[Diagnostic]) -> list[Diagnostic]:
    """Stable order: by file, line and column; whole-file problems first."""
    unique: dict[tuple[object, ...], Diagnostic] = {}
    for d in diagnostics:
        unique.setdefault((d.code, d.span, d.message), d)
    return sorted(unique.values(), key=lambda d: d.sort_key())


__all__ = ["Compiled", "Program", "Session", "Severity", "load_program", "sort_diagnostics", "unused_measures"]
