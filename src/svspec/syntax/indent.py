"""Turn newline tokens into _INDENT/_DEDENT tokens, reporting bad indentation as diagnostics."""

from __future__ import annotations

from collections.abc import Iterator

from lark import Token


class Indentation:
    """A Lark post-lexer for indentation blocks (like Lark's Indenter, but it never raises).

    Dedents to a width that matches no open block are recorded in `problems` and treated as a
    dedent to the nearest enclosing block, so that parsing goes on without a cascade.
    """

    always_accept = ("_NL",)

    def __init__(self) -> None:
        self.problems: list[tuple[Token, int, tuple[int, ...]]] = []

    def process(self, stream: Iterator[Token]) -> Iterator[Token]:
        self.problems = []
        levels = [0]
        last: Token | None = None
        for token in stream:
            if token.type != "_NL":
                last = token
                yield token
                continue
            yield token
            last = token
            indent_text = token.value.rsplit("\n", 1)[-1]
            width = len(indent_text.expandtabs(8))
            at = dict(
                start_pos=token.end_pos,
                line=token.end_line,
                column=token.end_column,
                end_line=token.end_line,
                end_column=token.end_column,
                end_pos=token.end_pos,
            )
            if width > levels[-1]:
                levels.append(width)
                yield Token("_INDENT", indent_text, **at)  # type: ignore[arg-type]
                continue
            while width < levels[-1]:
                levels.pop()
                yield Token("_DEDENT", indent_text, **at)  # type: ignore[arg-type]
            if width != levels[-1]:
                self.problems.append((token, width, tuple(levels)))
        while len(levels) > 1:
            levels.pop()
            end = last
            yield Token(
                "_DEDENT",
                "",
                start_pos=end.end_pos if end else 0,
                line=end.end_line if end else 1,
                column=end.end_column if end else 1,
                end_line=end.end_line if end else 1,
                end_column=end.end_column if end else 1,
                end_pos=end.end_pos if end else 0,
            )
