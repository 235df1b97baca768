"""Diagnostic values. A diagnostic is data; rendering lives in `render`.

This module imports nothing of svspec: the tables of codes (`registry`, `codes_*`) build on it,
and `make` (in `messages`, above the tables) fills a code's templates.
"""

from __future__ import annotations

import enum
from collections.abc import Iterable
from dataclasses import dataclass
from typing import NamedTuple


class Severity(enum.IntEnum):
    """How serious a diagnostic is. Only errors make a spec unusable."""

    HINT = 0
    WARNING = 1
    ERROR = 2

    @property
    def label(self) -> str:
        return self.name.lower()


class Span(NamedTuple):
    """A range in a source file: 1-based lines and columns, end exclusive.

    Immutable like the dataclasses around it, but a named tuple: the parser makes one for nearly
    every word of a spec (about 20 per measure), and a tuple is built in C, three times faster
    than a frozen dataclass. Build it with keywords; change it with `span._replace(...)`.
    """

    file: str
    line: int
    column: int
    end_line: int
    end_column: int

    def sort_key(self) -> tuple[str, int, int]:
        return (self.file, self.line, self.column)


@dataclass(frozen=True, slots=True, kw_only=True)
class Related:
    """Another place that explains a diagnostic ("weight declared here")."""

    span: Span
    message: str


@dataclass(frozen=True, slots=True, kw_only=True)
class Diagnostic:
    """One problem found in a spec, a bid or a marks file."""

    code: str
    severity: Severity
    message: str
    span: Span | None
    related: tuple[Related, ...] = ()
    hint: str | None = None
    suggestions: tuple[str, ...] = ()

    def sort_key(self) -> tuple[str, int, int, str]:
        if self.span is None:
            return ("", 0, 0, self.code)
        return (self.span.file, self.span.line, self.span.column, self.code)


@dataclass(frozen=True, slots=True, kw_only=True)
class Spec:
    """What one diagnostic code means."""

    severity: Severity
    title: str
    message: str
    explanation: str
    hint: str | None = None


def has_errors(diagnostics: Iterable[Diagnostic]) -> bool:
    """True when any diagnostic is an error."""
    return any(d.severity is Severity.ERROR for d in diagnostics)
