"""Render diagnostics as text (with code frames) or as JSON objects."""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from svspec.diagnostics.core import Diagnostic, Severity, Span

_COLOURS = {Severity.ERROR: "\x1b[1;31m", Severity.WARNING: "\x1b[1;33m", Severity.HINT: "\x1b[1;36m"}
_RESET = "\x1b[0m"


def _frame(span: Span, sources: Mapping[str, str], label: str = "") -> list[str]:
    text = sources.get(span.file)
    if text is None:
        return []
    lines = text.splitlines()
    if not 1 <= span.line <= len(lines):
        return []
    line = lines[span.line - 1].replace("\t", " ")
    number = str(span.line)
    gutter = " " * len(number)
    end = span.end_column if span.end_line == span.line else len(line) + 1
    width = max(1, min(end, len(line) + 1) - span.column)
    marker = " " * (span.column - 1) + "^" * width
    if label:
        marker += " " + label
    return [f"{gutter} |", f"{number} | {line}", f"{gutter} | {marker}"]


def _where(span: Span | None) -> str:
    if span is None:
        return ""
    return f"{span.file}:{span.line}:{span.column}: "


def render_text(
    diagnostics: Iterable[Diagnostic], sources: Mapping[str, str], *, color: bool = False
) -> str:
    """Every diagnostic as `file:line:col: severity[code]: message` with a code frame."""
    out: list[str] = []
    for d in diagnostics:
        head = f"{d.severity.label}[{d.code}]"
        if color:
            head = f"{_COLOURS[d.severity]}{head}{_RESET}"
        out.append(f"{_where(d.span)}{head}: {d.message}")
        if d.span is not None:
            out.extend(_frame(d.span, sources))
        for rel in d.related:
            out.append(f"  {_where(rel.span)}note: {rel.message}")
            out.extend("  " + line for line in _frame(rel.span, sources))
        if d.hint:
            out.append(f"  = hint: {d.hint}")
        out.append("")
    return "\n".join(out)


def summary_line(diagnostics: Sequence[Diagnostic], files: int) -> str:
    """One line counting errors and warnings."""
    errors = sum(d.severity is Severity.ERROR for d in diagnostics)
    warnings = sum(d.severity is Severity.WARNING for d in diagnostics)
    noun = "file" if files == 1 else "files"
    if not errors and not warnings:
        return f"{files} {noun} checked: no problems"
    return (
        f"{files} {noun} checked: {errors} error{'s' if errors != 1 else ''}, "
        f"{warnings} warning{'s' if warnings != 1 else ''}"
    )


def to_json_object(d: Diagnostic) -> dict[str, Any]:
    """The machine-readable form documented in the CLI reference."""
    span = d.span
    return {
        "code": d.code,
        "severity": d.severity.label,
        "message": d.message,
        "file": span.file if span else None,
        "line": span.line if span else None,
        "column": span.column if span else None,
        "end_line": span.end_line if span else None,
        "end_column": span.end_column if span else None,
        "hint": d.hint,
        "related": [
            {"message": r.message, "file": r.span.file, "line": r.span.line, "column": r.span.column}
            for r in d.related
        ],
        "suggestions": list(d.suggestions),
    }


def render_json(diagnostics: Iterable[Diagnostic]) -> str:
    """A JSON array of diagnostic objects, stable key order."""
    return json.dumps([to_json_object(d) for d in diagnostics], indent=2, ensure_ascii=False) + "\n"
