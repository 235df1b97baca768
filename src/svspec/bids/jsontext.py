"""Deterministic JSON text with exact decimals: sorted keys, two-space indent, Unix newlines.

`json.dumps` cannot write a `Decimal` without going through float; this writer prints it as the
decimal it is (integers without a point), so schemas and templates keep exact figures.
"""

from __future__ import annotations

import json
from decimal import Decimal
from typing import Any

from svspec import words


def number(value: Decimal) -> str:
    """A decimal as a JSON number: 500, 0.25 (never exponent notation), exact as `svspec.words` writes data."""
    return words.exact(value)


def dumps(value: Any, *, sort_keys: bool = True) -> str:
    """JSON text for plain data (dict, list, tuple, str, Decimal, int, bool, None), ending in a newline."""
    out: list[str] = []
    _write(value, 0, out, sort_keys)
    out.append("\n")
    return "".join(out)


def _write(value: Any, depth: int, out: list[str], sort_keys: bool) -> None:
    if isinstance(value, dict):
        if not value:
            out.append("{}")
            return
        pad = "  " * (depth + 1)
        items = sorted(value.items()) if sort_keys else list(value.items())
        out.append("{\n")
        for i, (key, item) in enumerate(items):
            out.append(f"{pad}{json.dumps(str(key), ensure_ascii=False)}: ")
            _write(item, depth + 1, out, sort_keys)
            out.append(",\n" if i < len(items) - 1 else "\n")
        out.append("  " * depth + "}")
    elif isinstance(value, (list, tuple)):
        if not value:
            out.append("[]")
            return
        if all(not isinstance(v, (dict, list, tuple)) for v in value) and len(value) <= 12:
            out.append("[" + ", ".join(_scalar(v) for v in value) + "]")
            return
        pad = "  " * (depth + 1)
        out.append("[\n")
        for i, item in enumerate(value):
            out.append(pad)
            _write(item, depth + 1, out, sort_keys)
            out.append(",\n" if i < len(value) - 1 else "\n")
        out.append("  " * depth + "]")
    else:
        out.append(_scalar(value))


def _scalar(value: Any) -> str:
    if isinstance(value, bool) or value is None:
        return json.dumps(value)
    if isinstance(value, Decimal):
        return number(value)
    if isinstance(value, int):
        return str(value)
    if isinstance(value, str):
        return json.dumps(value, ensure_ascii=False)
    raise TypeError(f"cannot write {type(value).__name__} as JSON")
