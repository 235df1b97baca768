"""Parse one source text into a Lark tree, reporting every independent syntax error.

Recovery works on lines: when the parser fails, the statement holding the error is replaced
by a BROKEN marker line (which the grammar accepts wherever a statement may stand) and the
lines indented under it are blanked, then the text is parsed again. Line numbers never move,
so every position stays true, and one mistake never causes a second report.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from lark import Token, Tree
from lark.exceptions import UnexpectedCharacters, UnexpectedEOF, UnexpectedInput, UnexpectedToken

from svspec.diagnostics import Diagnostic, Span, make
from svspec.diagnostics.suggest import did_you_mean
from svspec.syntax.grammar import NEWLINES, build_parser, keywords, terminal_words

MAX_SYNTAX_ERRORS = 50
BROKEN = "\x07"
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_COMMENT = re.compile(r"#[^\r\n]*")
_BLOCK_OPENERS = {
    "framework", "tender", "theme", "outcome", "measure", "policy", "scale", "pathway",
    "criteria", "quality", "social", "question", "value", "scored",
}


@dataclass(frozen=True, slots=True, kw_only=True)
class Comment:
    """A `#` comment, kept so the formatter can put it back."""

    line: int
    column: int
    text: str


@dataclass(frozen=True, slots=True, kw_only=True)
class ParseResult:
    """The tree (None when nothing could be parsed), the comments and the syntax diagnostics."""

    tree: Tree[Token] | None
    comments: tuple[Comment, ...]
    diagnostics: tuple[Diagnostic, ...]


def _indent_of(line: str) -> int:
    return len(line) - len(line.lstrip(" \t"))


def _is_blank(line: str) -> bool:
    stripped = line.strip()
    return not stripped or stripped.startswith("#")


def _prescan(text: str, file: str) -> tuple[str, list[Diagnostic], bool]:
    """Control characters and tabs in indentation. Returns text to parse, problems, fatal."""
    problems: list[Diagnostic] = []
    fatal = False
    lines = text.split("\n")
    for number, line in enumerate(lines, start=1):
        for match in _CONTROL.finditer(line):
            col = match.start() + 1
            problems.append(
                make(
                    "syntax/invalid-character",
                    Span(file=file, line=number, column=col, end_line=number, end_column=col + 1),
                    char=f"U+{ord(match.group()):04X}",
                )
            )
        indent = line[: _indent_of(line)]
        if "\t" in indent and line.strip():
            col = indent.index("\t") + 1
            problems.append(
                make(
                    "syntax/tab-indent",
                    Span(file=file, line=number, column=col, end_line=number, end_column=col + 1),
                )
            )
            fatal = True
    cleaned = _CONTROL.sub(" ", text)
    return cleaned, problems, fatal


def _describe_expected(expected: set[str]) -> tuple[str, list[str]]:
    words = terminal_words()
    phrases: list[str] = []
    for name in sorted(expected):
        if name == "BROKEN":
            continue
        for phrase in words.get(name, (name.lower(),)):
            if phrase not in phrases:
                phrases.append(phrase)
    keywords_first = sorted(p for p in phrases if p.startswith('"')) + [
        p for p in phrases if not p.startswith('"')
    ]
    shown = keywords_first[:10]
    if len(keywords_first) > 10:
        shown.append("…")
    if not shown:
        return "something else", []
    if len(shown) == 1:
        return shown[0], keywords_first
    return ", ".join(shown[:-1]) + " or " + shown[-1], keywords_first


def _describe_found(token: Token) -> str:
    if token.type == "_NL":
        return "end of line"
    if token.type == "_INDENT":
        return "indentation"
    if token.type == "_DEDENT":
        return "end of block"
    if token.type == "$END":
        return "end of file"
    value = str(token.value)
    if len(value) > 40:
        value = value[:37] + "..."
    phrase = terminal_words().get(token.type, ("",))[0]
    if phrase.startswith('"'):
        return f'the word "{value}"'
    if token.type == "NAME":
        return f"'{value}'"
    return f"{phrase} '{value}'" if phrase else f"'{value}'"


class _Recovery:
    def __init__(self, text: str, file: str) -> None:
        self.file = file
        self.lines = text.split("\n")
        self.replaced: set[int] = set()
        self.diagnostics: list[Diagnostic] = []

    def text(self) -> str:
        return "\n".join(self.lines)

    def span(self, line: int, column: int, end_column: int | None = None) -> Span:
        source = self.lines[line - 1] if 0 < line <= len(self.lines) else ""
        if end_column is None:
            end_column = column + 1
        end_column = max(end_column, column + 1)
        end_column = min(end_column, max(len(source) + 1, column + 1))
        return Span(file=self.file, line=line, column=column, end_line=line, end_column=end_column)

    def previous_statement(self, line: int) -> int:
        number = line - 1
        while number > 0 and (_is_blank(self.lines[number - 1]) or number in self.replaced):
            number -= 1
        return number

    def break_statement(self, line: int) -> None:
        """Replace statement `line` with a marker; blank what is indented under it."""
        if line < 1 or line > len(self.lines):
            return
        source = self.lines[line - 1]
        width = _indent_of(source)
        opens_long_string = source.count('"""') % 2 == 1
        self.lines[line - 1] = source[:width] + BROKEN
        self.replaced.add(line)
        number = line + 1
        while number <= len(self.lines):
            following = self.lines[number - 1]
            if opens_long_string:
                self.lines[number - 1] = ""
                if following.count('"""') % 2 == 1:
                    opens_long_string = False
                number += 1
                continue
            if following.strip() and _indent_of(following) <= width:
                break
            self.lines[number - 1] = ""
            number += 1

    def blank_block(self, line: int) -> None:
        """Blank line `line` and every following line indented at least as deeply."""
        width = _indent_of(self.lines[line - 1])
        number = line
        while number <= len(self.lines):
            following = self.lines[number - 1]
            if number > line and following.strip() and _indent_of(following) < width:
                break
            self.lines[number - 1] = ""
            self.replaced.add(number)
            number += 1


def _opener_word(source: str) -> str:
    words = source.strip().split()
    if not words:
        return "this line"
    first = words[0]
    return f"'{' '.join(words[:2])}'" if len(words) > 1 else f"'{first}'"


def _handle(error: UnexpectedInput, rec: _Recovery) -> bool:
    """Record a diagnostic for `error` and change the text so parsing can go on."""
    if isinstance(error, UnexpectedCharacters):
        line, column = error.line, error.column
        source = rec.lines[line - 1] if 0 < line <= len(rec.lines) else ""
        char = source[column - 1 : column] or "?"
        expected, _ = _describe_expected(set(error.allowed or ()))
        if char == '"':
            rec.diagnostics.append(make("syntax/unterminated-string", rec.span(line, column, len(source) + 1)))
        else:
            rec.diagnostics.append(
                make("syntax/unexpected-character", rec.span(line, column), found=repr(char),
                     expected=expected)
            )
        if line in rec.replaced:
            return False
        rec.break_statement(line)
        return True
    if isinstance(error, UnexpectedEOF):
        expected, _ = _describe_expected(set(error.expected))
        last = rec.previous_statement(len(rec.lines) + 1)
        rec.diagnostics.append(make("syntax/unexpected-end", rec.span(max(last, 1), 1), expected=expected))
        return False
    if not isinstance(error, UnexpectedToken):
        return False
    token = error.token
    expected_set = set(error.expected)
    if error.interactive_parser is not None:
        try:
            expected_set = set(error.interactive_parser.accepts()) or expected_set
        except Exception:  # noqa: BLE001 - accepts() is a refinement; the raw set still works
            pass
    if (token.line or 1) in rec.replaced:
        return False
    expected, _ = _describe_expected(expected_set)
    if token.type == "$END":
        last = rec.previous_statement(len(rec.lines) + 1)
        if "_INDENT" in expected_set and last:
            source = rec.lines[last - 1]
            rec.diagnostics.append(
                make("syntax/expected-indent", rec.span(last, _indent_of(source) + 1, len(source) + 1),
                     opener=_opener_word(source))
            )
            if last in rec.replaced:
                return False
            rec.break_statement(last)
            return True
        rec.diagnostics.append(make("syntax/unexpected-end", rec.span(max(last, 1), 1), expected=expected))
        return False
    line = token.line or 1
    if token.type == "_INDENT":
        rec.diagnostics.append(
            make("syntax/unexpected-indent", rec.span(line, 1, _indent_of(rec.lines[line - 1]) + 1))
        )
        rec.blank_block(line)
        return True
    if "_INDENT" in expected_set and token.type in ("_DEDENT", "_NL") or (
        expected_set == {"_INDENT"}
    ):
        opener = rec.previous_statement(line + 1 if token.type == "_NL" else line)
        if opener in rec.replaced or opener < 1:
            return False
        source = rec.lines[opener - 1]
        rec.diagnostics.append(
            make("syntax/expected-indent", rec.span(opener, _indent_of(source) + 1, len(source) + 1),
                 opener=_opener_word(source))
        )
        rec.break_statement(opener)
        return True
    if token.type == "_DEDENT":
        line = rec.previous_statement(line)
        column = len(rec.lines[line - 1]) + 1 if line else 1
        end = column + 1
    elif token.type == "_NL":
        column = token.column or 1
        end = column + 1
    else:
        column = token.column or 1
        end = token.end_column if token.end_line == token.line and token.end_column else column + 1
    source_line = rec.lines[line - 1] if 0 < line <= len(rec.lines) else ""
    if str(token.value).startswith('"') and source_line[column - 1 :].count('"') % 2 == 1:
        rec.diagnostics.append(make("syntax/unterminated-string", rec.span(line, column, len(source_line) + 1)))
        rec.break_statement(line)
        return True
    suggestions: tuple[str, ...] = ()
    if token.type == "NAME":
        _, options = _describe_expected(expected_set)
        wanted = [o.strip('"') for o in options if o.startswith('"')]
        suggestions = did_you_mean(str(token.value), [w for w in wanted if w in keywords()])
    rec.diagnostics.append(
        make("syntax/unexpected-token", rec.span(line, column, end), found=_describe_found(token),
             expected=expected, suggestions=suggestions)
    )
    if line in rec.replaced or line < 1:
        return False
    rec.break_statement(line)
    return True


def parse(text: str, file: str) -> ParseResult:
    """Parse `text` (the contents of `file`), recovering from errors at the next statement."""
    cleaned, problems, fatal = _prescan(text, file)
    if fatal:
        return ParseResult(tree=None, comments=(), diagnostics=tuple(problems))
    if not cleaned.endswith("\n"):
        cleaned += "\n"
    parser = build_parser()
    rec = _Recovery(cleaned, file)
    tree: Tree[Token] | None = None
    for _ in range(MAX_SYNTAX_ERRORS):
        NEWLINES.clear()
        try:
            tree = parser.parse(rec.text())
            break
        except UnexpectedInput as error:
            if not _handle(error, rec):
                tree = None
                break
    indentation = parser.parser.lexer_conf.postlex  # type: ignore[attr-defined]
    diagnostics = problems + rec.diagnostics
    for token, width, levels in getattr(indentation, "problems", ()):
        line = token.end_line
        diagnostics.append(
            make("syntax/inconsistent-dedent", rec.span(line, 1, width + 1), width=width,
                 levels=", ".join(str(level) for level in levels))
        )
    comments = tuple(_comments(NEWLINES)) if tree is not None else ()
    return ParseResult(tree=tree, comments=comments, diagnostics=tuple(diagnostics))


def _comments(newlines: list[Token]) -> list[Comment]:
    """Comments from the newline tokens the lexer saw (comments never sit inside quoted text)."""
    out: list[Comment] = []
    seen: set[tuple[int, int]] = set()
    for token in newlines:
        for match in _COMMENT.finditer(token.value):
            before = token.value[: match.start()]
            line = (token.line or 1) + before.count("\n")
            if "\n" in before:
                column = match.start() - before.rfind("\n")
            else:
                column = (token.column or 1) + match.start()
            if (line, column) not in seen:
                seen.add((line, column))
                out.append(Comment(line=line, column=column, text=match.group().rstrip()))
    return out
