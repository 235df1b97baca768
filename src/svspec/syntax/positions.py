"""A leaner version of Lark's position propagation, for speed.

Lark's `PropagatePositions` wraps every rule's tree builder and copies nine position fields
through `getattr` calls with defaults; that is about a quarter of svspec's parse time. svspec
needs only line and column at both ends, so this class computes the same values (including
Lark's "container" positions for inlined `?rules`, which later rules read) with plain attribute
access. `build_parser` installs it while it constructs the parser; the span tests and the golden
diagnostics check that positions are unchanged.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from lark import Token, Tree


def _position(child: Any) -> Any:
    """The token itself, or a subtree's meta when it has a position; else None."""
    if isinstance(child, Token):
        return child
    if isinstance(child, Tree):
        meta = child._meta
        if meta is not None and not meta.empty:
            return meta
    return None


def _first(children: list[Any]) -> Any:
    for child in children:
        found = _position(child)
        if found is not None:
            return found
    return None


def _last(children: list[Any]) -> Any:
    for i in range(len(children) - 1, -1, -1):
        found = _position(children[i])
        if found is not None:
            return found
    return None


class LeanPositions:
    """Drop-in for `lark.parse_tree_builder.PropagatePositions` (no node filter)."""

    __slots__ = ("node_builder",)

    def __init__(self, node_builder: Callable[[list[Any]], Any], node_filter: object = None) -> None:
        if node_filter is not None:  # pragma: no cover - svspec never passes a filter
            raise AssertionError("LeanPositions does not support node filters")
        self.node_builder = node_builder

    def __call__(self, children: list[Any]) -> Any:
        res = self.node_builder(children)
        if not isinstance(res, Tree):
            return res
        meta: Any = res.meta  # Lark's Meta takes its position fields dynamically
        first = _first(children)
        line: Any
        column: Any
        end_line: Any
        end_column: Any
        if first is not None:
            if isinstance(first, Token):
                line, column = first.line, first.column
            else:
                line, column = first.container_line, first.container_column
            if not hasattr(meta, "line"):
                meta.line = line
                meta.column = column
                meta.empty = False
            meta.container_line = line
            meta.container_column = column
        last = _last(children)
        if last is not None:
            if isinstance(last, Token):
                end_line, end_column = last.end_line, last.end_column
            else:
                end_line, end_column = last.container_end_line, last.container_end_column
            if not hasattr(meta, "end_line"):
                meta.end_line = end_line
                meta.end_column = end_column
                meta.empty = False
            meta.container_end_line = end_line
            meta.container_end_column = end_column
        return res
