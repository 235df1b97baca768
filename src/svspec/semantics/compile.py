"""Drive the stages for a set of files: load → parse → AST → resolve → check → lower.

Each file is compiled once per session and its diagnostics are kept with it, so a framework
used by three tenders is checked (and reported) once.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from pathlib import Path

from svspec import model
from svspec.diagnostics import Diagnostic, Related, Severity, make
from svspec.diagnostics.core import has_errors
from svspec.semantics import symbols as sym
from svspec.semantics.check import check
from svspec.semantics.common import Sink
from svspec.semantics.extend import CHANGE_STATEMENTS, Merged, merge, satisfies, wanted_words
from svspec.semantics.loader import (
    Program,
    SourceUnit,
    collector_paused,
    display_path,
    import_path,
    import_span,
    kind_of,
    load_program,
)
from svspec.semantics.lower import lower_framework, lower_tender, lower_value_set
from svspec.semantics.resolve import bind_tender, resolve_framework, resolve_tender, resolve_value_set
from svspec.syntax import ast
from svspec.syntax.formatter import statement_words


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
        self.layers: dict[Path, tuple[ast.Framework, Merged | None] | None] = {}
        self.layer_problems: dict[Path, Sink] = {}
        self.owners: dict[int, SourceUnit] = {}  # id(inherited `values` line) -> the file that wrote it

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
                sink: Sink, owner: SourceUnit | None = None) -> Compiled | None:
        target = (owner or compiled.unit).imports.get(id(node))
        if target is None:
            return None
        compiled.depends_on.append(target)
        imported = self.compile(target)
        if imported is None or imported.unit.declaration is None:
            return None
        decl = imported.unit.declaration
        if not isinstance(decl, want):
            sink.append(make("import-wrong-kind", import_span(node), path=import_path(node), found=kind_of(decl),
                             expected=label))
            return None
        if decl.name.text != node.name.text:
            sink.append(make("import-name-mismatch", node.name.span, path=import_path(node),
                             kind=label.split(" ", 1)[1], found=decl.name.text, expected=node.name.text,
                             related=[Related(span=decl.name.span, message="declared here")]))
            return None
        return imported

    def layered(self, path: Path, sink: Sink) -> tuple[ast.Framework, Merged | None] | None:
        """A framework's declarations with every layer below it applied (None when a layer cannot be
        read or has errors, already reported into `sink`). Each file is merged once per session and
        only merged, not checked: the checks run once, on the framework at the top."""
        if path in self.layers:
            sink.extend(self.layer_problems.get(path, ()))
            return self.layers[path]
        own: Sink = []
        self.layers[path] = None  # a cycle the loader missed ends here instead of recursing for ever
        self.layers[path] = result = self._layered(path, own)
        self.layer_problems[path] = own
        sink.extend(own)
        return result

    def _layered(self, path: Path, sink: Sink) -> tuple[ast.Framework, Merged | None] | None:
        unit = self.program.units.get(path)
        if unit is None or not isinstance(unit.declaration, ast.Framework):
            return None
        if has_errors(unit.diagnostics):
            return None
        decl = unit.declaration
        extends = [i for i in decl.items if isinstance(i, ast.Extends)]
        if not extends:
            for statement in (i for i in decl.items if isinstance(i, CHANGE_STATEMENTS)):
                sink.append(make("extends-nothing-to-change", statement.span,
                                 statement=statement_words(statement)))
            return None if has_errors(sink) else (decl, None)
        for extra in extends[1:]:
            sink.append(make("duplicate-setting", extra.span, setting="extends", owner="framework",
                             related=[Related(span=extends[0].span, message="first given here")]))
        node = extends[0]
        target = unit.imports.get(id(node))
        if target is None:
            return None
        base_unit = self.program.units.get(target)
        base_decl = base_unit.declaration if base_unit is not None else None
        if base_unit is None:
            return None
        if not isinstance(base_decl, ast.Framework) or base_decl.name.text != node.name.text:
            where = node.path.value if node.path is not None else f"bundled {node.name.text}"
            found = kind_of(base_decl) if not isinstance(base_decl, ast.Framework) else \
                f"framework '{base_decl.name.text}'"
            sink.append(make("extends-not-a-framework", node.name.span, path=where, found=found,
                             name=node.name.text))
            return None
        sink.extend(base_unit.diagnostics)
        base = self.layered(target, sink)
        if base is None:
            return None
        base_node, base_merged = base
        version = next((i for i in base_node.items if isinstance(i, ast.Setting) and i.key == "version"), None)
        found = version.value if version is not None else "(none)"
        if not satisfies(found, node.constraint, node.version.value):
            sink.append(make("version-mismatch", node.version.span, kind="framework", name=node.name.text,
                             wanted=wanted_words(node.constraint, node.version.value),
                             path=display_path(target), found=found,
                             related=[Related(span=version.span, message="version declared here")] if version else []))
            return None
        merged = merge(base_node, base_merged.lineage if base_merged else None, base_unit.display, decl,
                       unit.display, sink)
        self.owners.update({i: base_unit for i in base_unit.imports})
        return merged.node, merged

    def _framework(self, compiled: Compiled, decl: ast.Framework, sink: Sink) -> None:
        layered = self.layered(compiled.unit.path, sink)
        if layered is None:
            return
        decl, merged = layered
        sets: dict[str, sym.ValueSet | None] = {}
        set_models: dict[str, model.ValueSet] = {}
        for item in decl.items:
            if not isinstance(item, ast.ValuesImport):
                continue
            imported = self._import(compiled, item, ast.ValueSet, "a value set", sink, self.owners.get(id(item)))
            if imported is None:
                sets[item.name.text] = None
                continue
            sets[item.name.text] = imported.symbols if isinstance(imported.symbols, sym.ValueSet) else None
            if isinstance(imported.model, model.ValueSet):
                set_models[item.name.text] = imported.model
        framework = resolve_framework(decl, sets, sink)
        if merged is not None:
            framework = replace(framework, lineage=merged.lineage)
        compiled.symbols = framework
        found = check(framework)
        if merged is not None:
            found = [d for d in found if not (d.code == "weights-do-not-sum" and d.span in merged.reported_weights)]
        sink.extend(found)
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


UNUSED_ONE_BY_ONE = 3
"""Up to this many unused measures of a framework are warned about one by one; more make one summary."""


def unused_measures(session: Session) -> list[Diagnostic]:
    """Warn about framework measures that no tender checked in this session selects.

    A framework of 60 measures checked with one tender selecting 8 would print 52 warnings and
    bury everything else, so more than a few become one warning that lists them.
    """
    selected: dict[Path, set[str]] = {}
    for compiled in session.done.values():
        if isinstance(compiled.symbols, sym.Tender):
            for dep in compiled.depends_on:
                selected.setdefault(dep, set()).update(compiled.symbols.selections)
                chosen = set(compiled.symbols.selections) | set(compiled.symbols.recorded)
                selected[dep].update(compiled.symbols.recorded)
                for base, codes in _through_layers(session, dep, chosen):
                    selected.setdefault(base, set()).update(codes)
    out: list[Diagnostic] = []
    for path, codes in selected.items():
        framework = session.done.get(path)
        if framework is None or not isinstance(framework.symbols, sym.Framework):
            continue
        unused = [(code, measure) for code, measure in framework.symbols.measures.items()
                  if code not in codes and measure.record_only is None]
        if len(unused) > UNUSED_ONE_BY_ONE:
            names = ", ".join(code for code, _ in unused)
            out.append(make("unused-measures", framework.symbols.span, count=len(unused),
                            framework=framework.symbols.name, names=names,
                            related=[Related(span=m.span, message=f"measure '{c}'") for c, m in unused]))
        else:
            out.extend(make("unused-measure", measure.span, name=code) for code, measure in unused)
    return out


def _through_layers(session: Session, path: Path, codes: set[str]) -> list[tuple[Path, set[str]]]:
    """A tender selecting from a framework built on others selects from each layer below it too,
    by the codes each layer used before a `rename`."""
    out: list[tuple[Path, set[str]]] = []
    seen = {path}
    while True:
        unit = session.program.units.get(path)
        decl = unit.declaration if unit is not None else None
        node = next((i for i in decl.items if isinstance(i, ast.Extends)), None) if isinstance(
            decl, ast.Framework) else None
        base = unit.imports.get(id(node)) if unit is not None and node is not None else None
        if base is None or base in seen:
            return out
        renames = {i.new.text: i.old.text for i in decl.items if isinstance(i, ast.Rename)}  # type: ignore[union-attr]
        codes = {renames.get(code, code) for code in codes}
        out.append((base, codes))
        seen.add(base)
        path = base


def sort_diagnostics(diagnostics: list[Diagnostic]) -> list[Diagnostic]:
    """Stable order: by file, line and column; whole-file problems first."""
    unique: dict[tuple[object, ...], Diagnostic] = {}
    for d in diagnostics:
        unique.setdefault((d.code, d.span, d.message), d)
    return sorted(unique.values(), key=lambda d: d.sort_key())


__all__ = ["Compiled", "Program", "Session", "Severity", "load_program", "sort_diagnostics", "unused_measures"]
