"""Turn newline tokens into _INDENT/_DEDENT tokens, reporting bad indentation as diagnostics."""

from __future__ import annotations

from collections.abc import Iterator

from lark import Token


class Indentation:
    """A Lark post-lexer for indentation blocks (like Lark's Indenter, but it never raises).

    A line whose indentation falls between two open blocks is recorded in `problems` as
    (newline token before the line, its width, the inner block's width, the outer block's width)
    and read as part of the nearer block (the inner one on a tie), so that parsing goes on.
    When it is the first line of a block that is out of line with all the lines after it, that
    first line is the one reported, and the block takes the width of the others: one typing
    mistake gives one report, not one per line below it.
    """

    always_accept = ("_NL",)

    def __init__(self) -> None:
        self.problems: list[tuple[Token, int, int, int]] = []
        self.run_together: list[tuple[Token, Token]] = []
        """Pairs of word tokens with no space between them (`atleast`, `weight60%`)."""
        self.lines: list[str] = []
        """The lines being parsed, set by the parser: used to look at the line after a misaligned one."""

    def problem_lines(self) -> set[int]:
        """Lines reported as misaligned during the current (or last) parse."""
        return {token.end_line for token, *_ in self.problems if token.end_line}

    def _width_after(self, line: int) -> int | None:
        for text in self.lines[line:]:
            stripped = text.strip()
            if stripped and not stripped.startswith("#"):
                return len(text[: len(text) - len(text.lstrip(" \t"))].expandtabs(8))
        return None

    def _first_line_is_odd(self, token: Token, width: int, inner: int, outer: int) -> bool:
        """Whether a block's first line (at `inner`) rather than its second (at `width`) is out of line.

        Two spaces per level decide when they can; otherwise the line after the second does."""
        usual = outer + 2
        if (inner == usual) != (width == usual):
            return width == usual
        return self._width_after(token.end_line or 0) != inner

    def process(self, stream: Iterator[Token]) -> Iterator[Token]:
        self.problems = []
        self.run_together = []
        levels = [0]
        seen = [1]  # lines read so far in each open block
        openers: list[Token | None] = [None]  # the newline before each block's first line
        last: Token | None = None
        for token in stream:
            if token.type != "_NL":
                # The lexer happily splits `atleast` into "at" + "least": svspec is strict and
                # wants words apart, so such pairs are reported (see parser.parse).
                if (last is not None and last.end_pos == token.start_pos and last.type != "_NL"
                        and str(last.value)[-1:].isalnum() and str(token.value)[:1].isalnum()):
                    self.run_together.append((last, token))
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
                seen.append(1)
                openers.append(token)
                yield Token("_INDENT", indent_text, **at)
                continue
            while width < levels[-1]:
                inner, outer = levels[-1], levels[-2]
                if width <= outer:
                    levels.pop()
                    seen.pop()
                    openers.pop()
                    yield Token("_DEDENT", indent_text, **at)
                    continue
                first = openers[-1]
                if seen[-1] == 1 and first is not None and self._first_line_is_odd(token, width, inner, outer):
                    self.problems.append((first, inner, width, outer))
                    levels[-1] = width
                elif inner - width > width - outer:
                    self.problems.append((token, width, inner, outer))
                    levels.pop()
                    seen.pop()
                    openers.pop()
                    yield Token("_DEDENT", indent_text, **at)
                else:
                    self.problems.append((token, width, inner, outer))
                break
            seen[-1] += 1
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
