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
        # Loops are written out (no helper calls): this runs once per rule reduction.
        for child in children:
            if isinstance(child, Token):
                line, column = child.line, child.column
                break
            if isinstance(child, Tree):
                found: Any = child._meta
                if found is not None and not found.empty:
                    line, column = found.container_line, found.container_column
                    break
        else:
            line = None
        if line is not None:
            if not hasattr(meta, "line"):
                meta.line = line
                meta.column = column
                meta.empty = False
            meta.container_line = line
            meta.container_column = column
        for i in range(len(children) - 1, -1, -1):
            child = children[i]
            if isinstance(child, Token):
                end_line, end_column = child.end_line, child.end_column
                break
            if isinstance(child, Tree):
                found = child._meta
                if found is not None and not found.empty:
                    end_line, end_column = found.container_end_line, found.container_end_column
                    break
        else:
            end_line = None
        if end_line is not None:
            if not hasattr(meta, "end_line"):
                meta.end_line = end_line
                meta.end_column = end_column
                meta.empty = False
            meta.container_end_line = end_line
            meta.container_end_column = end_column
        return res
