"""The small public API: `load` a spec, `check` several, `format_source`."""

from __future__ import annotations

import os
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from svspec import model as m
from svspec.diagnostics import Diagnostic, Severity
from svspec.semantics.compile import Session, sort_diagnostics, unused_measures
from svspec.semantics.loader import load_program

if TYPE_CHECKING:
    from svspec.programme import FrameworkView


@dataclass(frozen=True, slots=True, kw_only=True)
class Result:
    """What `load` gives: the model (None when there are errors) and every diagnostic."""

    model: m.Model | None
    diagnostics: tuple[Diagnostic, ...]
    sources: Mapping[str, str]

    @property
    def ok(self) -> bool:
        return not any(d.severity is Severity.ERROR for d in self.diagnostics)

    @property
    def errors(self) -> tuple[Diagnostic, ...]:
        return tuple(d for d in self.diagnostics if d.severity is Severity.ERROR)


def load(path: str | os.PathLike[str]) -> Result:
    """Compile one spec (and what it imports) to its model, with diagnostics."""
    return check([path])[0]


def check(paths: Sequence[str | os.PathLike[str]], *, project_warnings: bool = False) -> list[Result]:
    """Compile several specs in one session. With `project_warnings`, also warn about framework
    measures that none of the given tenders selects (`unused-measure`) and about tenders using a
    superseded framework edition (`superseded-edition`)."""
    return _check(paths, project_warnings)[0]


def check_programme(paths: Sequence[str | os.PathLike[str]]) -> tuple[list[Result], tuple[FrameworkView, ...]]:
    """`check` with project warnings, and the programme view of the frameworks and tenders checked
    (which tenders use which edition, unused measures, weights that depart from the framework's)."""
    from svspec.programme import programme

    results, session = _check(paths, True)
    return results, programme(session)


def _check(paths: Sequence[str | os.PathLike[str]], project_warnings: bool) -> tuple[list[Result], Session]:
    entries = [Path(os.path.abspath(p)) for p in paths]
    program = load_program(entries)
    session = Session(program)
    results: list[Result] = []
    extra = []
    for entry in entries:
        session.compile(entry)
    if project_warnings:
        from svspec.programme import superseded_editions

        extra = unused_measures(session) + superseded_editions(session)
    sources = program.sources()
    for entry in entries:
        found = program.entry_problems.get(entry, []) + session.diagnostics_for(entry)
        compiled = session.done.get(entry)
        if project_warnings:
            found += [d for d in extra if compiled and d.span and d.span.file == compiled.unit.display]
        diagnostics = sort_diagnostics(found)
        model = compiled.model if compiled is not None and not any(
            d.severity is Severity.ERROR for d in diagnostics) else None
        results.append(Result(model=model, diagnostics=tuple(diagnostics), sources=sources))
    return results, session


def format_source(text: str, file: str = "<text>") -> str:
    """The canonical form of a spec. Raises `SvspecError` if it does not parse."""
    from svspec.syntax.formatter import format_text

    formatted: str = format_text(text, file)
    return formatted
