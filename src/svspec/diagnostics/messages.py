"""Making diagnostics from the one table of codes: `make` fills a code's templates.

It lives above the tables (`core` ← `codes_*` ← `registry` ← here) so that no module of the
diagnostics package imports another that imports it back.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from svspec.diagnostics.core import Diagnostic, Related, Span
from svspec.diagnostics.registry import REGISTRY


def make(
    code: str,
    span: Span | None,
    *,
    related: Iterable[Related] = (),
    suggestions: Iterable[str] = (),
    hint: str | None = None,
    message_end: str = "",
    **params: Any,
) -> Diagnostic:
    """Build a diagnostic from the registry entry `code`, filling its templates with `params`.

    `message_end` is written after the message (a bid's problem says where it is: " (at /price)")."""
    spec = REGISTRY[code]
    suggestions = tuple(suggestions)
    if hint is None and spec.hint is not None:
        hint = spec.hint.format(**params)
    if suggestions and hint is None:
        hint = "did you mean " + " or ".join(f"'{s}'" for s in suggestions) + "?"
    return Diagnostic(
        code=code,
        severity=spec.severity,
        message=spec.message.format(**params) + message_end,
        span=span,
        related=tuple(related),
        hint=hint,
        suggestions=suggestions,
    )
