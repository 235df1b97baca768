"""svspec: social value frameworks and tenders as plain-text specs that compile to bid templates,
scoring and guidance."""

from __future__ import annotations

__version__ = "0.1.0"

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from svspec.api import Result, check, format_source, load


class SvspecError(Exception):
    """Raised for misuse of the Python API and for svspec's own bugs, never for user mistakes."""


def __getattr__(name: str) -> object:
    if name in ("load", "check", "format_source", "Result"):
        from svspec import api

        return getattr(api, name)
    raise AttributeError(name)


__all__ = ["Result", "SvspecError", "__version__", "check", "format_source", "load"]
