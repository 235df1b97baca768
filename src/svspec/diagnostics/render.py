"""Render diagnostics as text (with code frames) or as JSON objects."""

from __future__ import annotations

import functools
import json
import unicodedata
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from svspec.diagnostics.core import Diagnostic, Severity, Span

_COLOURS = {Severity.ERROR: "\x1b[1;31m", Severity.WARNING: "\x1b[1;33m", Severity.HINT: "\x1b[1;36m"}
_RESET = "\x1b[0m"


@functools.lru_cache(maxsize=8)
def _lines(text: str) -> list[str]:
    # Split each source once, not once per diagnostic: a big file with many warnings was quadratic.
    # Only "\n" ends a line, as in the parser: splitlines() would also split at U+2028 and others.
    return text.split("\n")


FRAME_WIDTH = 160
"""At most this many characters of a source line are shown in a code frame, around the caret: a
bid written on one line of 40,000 characters with 2,000 mistakes in it was rendered in 47 s."""
_CONTEXT = 40


def _frame(span: Span, sources: Mapping[str, str], label: str = "") -> list[str]:
    text = sources.get(span.file)
    if text is None:
        return []
    lines = _lines(text)
    if not 1 <= span.line <= len(lines):
        return []
    raw = lines[span.line - 1]
    start = min(max(span.column, 1), len(raw) + 1)
    end = span.end_column if span.end_line == span.line else len(raw) + 1
    end = max(start + 1, min(end, len(raw) + 1))
    first, last = 0, len(raw)
    if len(raw) > FRAME_WIDTH:  # a window of the line around the caret, cut ends marked with …
        first = max(0, start - 1 - _CONTEXT)
        last = min(len(raw), max(end - 1, start) + _CONTEXT, first + FRAME_WIDTH)
    shown = [_visible(ch) for ch in raw[first:last]]
    line = "".join(ch for ch, _ in shown)
    lead = "…" if first > 0 else ""
    line = lead + line + ("…" if last < len(raw) else "")
    number = str(span.line)
    gutter = " " * len(number)
    before = len(lead) + sum(w for _, w in shown[: start - 1 - first])
    under = max(1, sum(w for _, w in shown[start - 1 - first : end - 1 - first]))
    marker = " " * before + "^" * under
    if label:
        marker += " " + label
    return [f"{gutter} |", f"{number} | {line}", f"{gutter} | {marker}"]


def _visible(ch: str) -> tuple[str, int]:
    """How a source character is shown in a code frame, and how many columns it takes.

    Control and invisible characters are shown as symbols so that the caret points at
    something, and wide characters count twice so that the caret stays under them."""
    if ch == "\t":
        return " ", 1
    code = ord(ch)
    if code < 0x20:
        return chr(0x2400 + code), 1
    if code == 0x7F:
        return "\u2421", 1
    if not ch.isprintable() or (ch.isspace() and ch != " ") or unicodedata.combining(ch):
        return "\ufffd", 1
    return ch, 2 if unicodedata.east_asian_width(ch) in ("W", "F") else 1


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
            {"message": r.message, "file": r.span.file, "line": r.span.line, "column": r.span.column,
             "end_line": r.span.end_line, "end_column": r.span.end_column}
            for r in d.related
        ],
        "suggestions": list(d.suggestions),
    }


def render_json(diagnostics: Iterable[Diagnostic]) -> str:
    """A JSON array of diagnostic objects, stable key order."""
    return json.dumps([to_json_object(d) for d in diagnostics], indent=2, ensure_ascii=False) + "\n"
