"""Parse one source text into a Lark tree, reporting every independent syntax error.

Recovery works on lines: when the parser fails, the statement holding the error is replaced
by a BROKEN marker line (which the grammar accepts wherever a statement may stand) and the
lines indented under it are blanked, then the text is parsed again. Line numbers never move,
so every position stays true, and one mistake never causes a second report.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from lark import Token, Tree
from lark.exceptions import UnexpectedCharacters, UnexpectedEOF, UnexpectedInput, UnexpectedToken

from svspec.diagnostics import Diagnostic, Span, make
from svspec.diagnostics.suggest import did_you_mean
from svspec.syntax.grammar import NEWLINES, build_parser, keywords, terminal_words
from svspec.syntax.indent import Indentation
from svspec.syntax.slips import slip_at

MAX_SYNTAX_ERRORS = 50
BROKEN = "\x07"
# Characters no spec may hold: C0 and C1 controls (but tab, newline and carriage return), the
# line and paragraph separators (YAML, JavaScript and Python's splitlines end a line there),
# surrogates and Unicode non-characters (U+FFFE makes YAML and XML files unreadable).
_NONCHARACTERS = "".join(f"{chr(plane * 0x10000 + 0xFFFE)}{chr(plane * 0x10000 + 0xFFFF)}" for plane in range(17))
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u2028\u2029\ud800-\udfff\ufdd0-\ufdef"
                      + _NONCHARACTERS + "]")
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


def _kind_of(char: str) -> str:
    """What a character refused by the prescan is, in words."""
    code = ord(char)
    if code < 0xA0:
        return "control character"
    if code in (0x2028, 0x2029):
        return "line separator" if code == 0x2028 else "paragraph separator"
    if 0xD800 <= code <= 0xDFFF:
        return "surrogate"
    return "non-character"


def _prescan(text: str, file: str) -> tuple[str, list[Diagnostic], bool]:
    """Control characters and tabs in indentation. Returns text to parse, problems, fatal."""
    problems: list[Diagnostic] = []
    tabbed: list[tuple[int, int]] = []
    lines = text.split("\n")
    clean = "\t" not in text and _CONTROL.search(text) is None  # the usual case: one scan, no loop
    for number, line in enumerate(() if clean else lines, start=1):
        for match in _CONTROL.finditer(line):
            col = match.start() + 1
            problems.append(
                make(
                    "syntax/invalid-character",
                    Span(file=file, line=number, column=col, end_line=number, end_column=col + 1),
                    char=f"U+{ord(match.group()):04X}", kind=_kind_of(match.group()),
                )
            )
        indent = line[: _indent_of(line)]
        if "\t" in indent and line.strip():
            tabbed.append((number, indent.index("\t") + 1))
    if tabbed:
        # Tabs make the block structure unknown, so nothing else can be trusted: one report suffices.
        number, col = tabbed[0]
        others = len(tabbed) - 1
        hint = "replace the tab with spaces"
        if others:
            hint += f" ({others} more line{'s' if others != 1 else ''} below start"
            hint += f"{'s' if others == 1 else ''} with a tab)"
        problems.append(make("syntax/tab-indent",
                             Span(file=file, line=number, column=col, end_line=number, end_column=col + 1),
                             hint=hint))
    else:
        first = next((n for n, line in enumerate(lines, start=1) if not _is_blank(line)), 0)
        # The lexer skips the indentation of the very first line, so it would go unnoticed.
        if first == 1 and _indent_of(lines[0]):
            problems.append(make("syntax/unexpected-indent",
                                 Span(file=file, line=1, column=1, end_line=1, end_column=_indent_of(lines[0]) + 1),
                                 hint="start the first line in the first column"))
    cleaned = text if clean else _CONTROL.sub(" ", text)
    return cleaned, problems, bool(tabbed)


_MEASURE = "a measure"
_HOMES = {
    "weight": "a theme, an outcome or a quality question",
    "measure": "an outcome",
    "outcome": "a theme (or, as a step, a pathway)",
    "theme": "a framework",
    "answer": "a measure or a quality question",
    "scored": "a measure or a quality question",
    "evidence": "a measure or a quality question",
    "unit": "a measure (or, with a description, a framework)",
    "question": "the `quality questions` block of a tender (or, quoted, a measure)",
    "sub-criterion": "a measure, or a measure a tender selects", "tagged": "a theme, an outcome or a measure",
    "tags": "a framework", "narrative": "a tender",
    "owner": "a framework", "effective": "a framework",
    "until": "a framework", "replaced": "a framework", "currency": "a framework", "priority": "a framework",
    "values": "a framework", "pathway": "a framework", "licence": "a framework or a value set",
    "source": "a framework or a value set", "version": "a framework or a tender",
    "policy": "a framework or a tender", "scale": "a framework or a tender",
    "uses": "a tender", "contract": "a tender", "closes": "a tender", "criteria": "a tender",
    "moderation": "a tender", "tie": "a tender", "compare": "a tender",
    "kpis": "a tender", "returns": "a tender", "rating": "a tender",
    "proxy": "a value set", "edition": "a value set",
    "value": _MEASURE, "adjust": _MEASURE, "lasts": _MEASURE, "discount": _MEASURE, "attest": _MEASURE,
    "report": _MEASURE, "contributes": _MEASURE, "additional": _MEASURE, "record": _MEASURE,
    "apportioned": _MEASURE, "local": _MEASURE,
    "activity": "a pathway", "output": "a pathway", "impact": "a pathway",
}
"""Where a statement keyword belongs, for a hint when it turns up in another block."""
_STRUCTURE = {"_NL", "_INDENT", "_DEDENT", "$END", "BROKEN"}
_MAX_SHOWN = 30


def _describe_expected(expected: set[str], *, line_start: bool = False) -> tuple[str, list[str]]:
    """What could come instead, in words. At the start of a line, "the end of the line" or "the
    end of the block" would only confuse, so only what can start a line is listed."""
    words = terminal_words()
    if line_start and expected - _STRUCTURE:
        expected = expected - _STRUCTURE
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
    shown = keywords_first[:_MAX_SHOWN]
    if len(keywords_first) > _MAX_SHOWN:
        shown.append("…")
    if not shown:
        return "something else", []
    if len(shown) == 1:
        return shown[0], keywords_first
    return ", ".join(shown[:-1]) + " or " + shown[-1], keywords_first


def _spaces(count: int) -> str:
    return "1 space" if count == 1 else f"{count} spaces"


def _first_word(value: str) -> str:
    parts = value.split()
    return parts[0] if parts else value


def _stray_character(token: Token) -> str | None:
    """The character a stray-text token starts with, when it cannot begin any word or number."""
    if token.type != "PROSE_LINE":
        return None
    char = str(token.value)[:1]
    if not char or char.isalnum() or char in '"£_':
        return None
    return char


def _show_character(char: str) -> str:
    if char.isprintable() and not char.isspace():
        return f"'{char}'"
    return f"U+{ord(char):04X} ({unicodedata.name(char, 'unnamed character').lower()})"


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
    if token.type == "PROSE_LINE":
        value = _first_word(value)
    if len(value) > 40:
        value = value[:37] + "..."
    if token.type in ("STRING", "LONG_STRING"):
        return f"quoted text {value}" if len(value) <= 40 else "quoted text"
    phrase = terminal_words().get(token.type, ("",))[0]
    if phrase.startswith('"'):
        return f'"{value}"'
    return f"'{value}'"


class _Recovery:
    def __init__(self, text: str, file: str) -> None:
        self.file = file
        self.lines = text.split("\n")
        self.replaced: set[int] = set()
        self.misaligned: set[int] = set()
        self.chain: tuple[int, str] | None = None
        self.chain_line = 0
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

    def previous_line(self, line: int) -> int:
        """The nearest line above `line` with a statement or a marker on it (0 if none)."""
        number = line - 1
        while number > 0 and _is_blank(self.lines[number - 1]):
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

    def swallow_orphans(self, line: int, starts: set[str]) -> None:
        """After a statement at `line` failed on its first word, blank the lines just below it, at
        its indentation, that cannot start a statement here either (first word not in `starts`):
        they are the rest of a block whose opening line is missing, one mistake, not many.

        When the line after them sits between the enclosing block and these lines, the marker
        moves to that indentation, so the enclosing block continues without a dedent error."""
        width = _indent_of(self.lines[line - 1])
        number = line + 1
        while number <= len(self.lines):
            following = self.lines[number - 1]
            if _is_blank(following):
                number += 1
                continue
            indent = _indent_of(following)
            word = _first_word(following).rstrip(":,")
            # Only known keywords that cannot start a statement here are orphans; an unknown word
            # is a typo of its own and is reported on its own.
            if indent > width or (indent == width and word not in starts and word in keywords()):
                self.lines[number - 1] = ""
                self.replaced.add(number)
                number += 1
                continue
            break
        parent = _indent_of(self.lines[self.previous_line(line) - 1]) if self.previous_line(line) else 0
        if number <= len(self.lines):
            indent = _indent_of(self.lines[number - 1])
            if parent < indent < width:
                self.lines[line - 1] = " " * indent + BROKEN

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
    """How to name a block opener: its words before any quoted title, e.g. 'measure LBL1'."""
    words: list[str] = []
    for word in source.strip().split():
        if word.startswith('"') or len(words) == 3:
            break
        words.append(word)
    return f"'{' '.join(words)}'" if words else "this line"


def _is_word_char(ch: str) -> bool:
    return ch.isascii() and (ch.isalnum() or ch in "_-")


def _glued_keyword(source: str, column: int) -> tuple[str, int, int] | None:
    """When the text at `column` continues a keyword without a space, that keyword and the
    columns (start, end) of the whole word; keywords are matched without looking at what follows."""
    start = column - 1
    while start > 0 and _is_word_char(source[start - 1]):
        start -= 1
    if start == column - 1:
        return None
    keyword = source[start : column - 1]
    if keyword not in keywords():
        return None
    stop = column - 1
    while stop < len(source) and _is_word_char(source[stop]):
        stop += 1
    return keyword, start + 1, stop + 1


def _unclosed_block(rec: _Recovery, line: int, column: int) -> int | None:
    """The column of a \"\"\" on `line`, at or before `column`, that nothing later in the file closes."""
    source = rec.lines[line - 1] if 0 < line <= len(rec.lines) else ""
    opening = source.rfind('"""', 0, column + 2)
    if opening < 0:
        return None
    rest = source[opening + 3 :] + "\n" + "\n".join(rec.lines[line:])
    return None if '"""' in rest else opening + 1


def _handle(error: UnexpectedInput, rec: _Recovery) -> bool:
    """Record a diagnostic for `error` and change the text so parsing can go on."""
    if isinstance(error, UnexpectedCharacters):
        line, column = error.line, error.column
        source = rec.lines[line - 1] if 0 < line <= len(rec.lines) else ""
        char = source[column - 1 : column] or "?"
        if line in rec.misaligned:
            pass
        elif char == '"':
            rec.diagnostics.append(make("syntax/unterminated-string", rec.span(line, column, len(source) + 1)))
        else:
            expected, _ = _describe_expected(set(error.allowed or ()))
            rec.diagnostics.append(
                make("syntax/unexpected-character", rec.span(line, column), found=_show_character(char),
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
        accepted: set[str] = error.interactive_parser.accepts()  # type: ignore[no-untyped-call]
        expected_set = set(accepted) or expected_set
    if (token.line or 1) in rec.replaced:
        return False
    if token.type == "$END":
        expected, _ = _describe_expected(expected_set)
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
    if line in rec.misaligned and token.type not in ("_DEDENT", "_INDENT"):
        # The misalignment is already reported; what follows from it is not a second mistake.
        rec.break_statement(line)
        return True
    if token.type == "_INDENT":
        rec.diagnostics.append(
            make("syntax/unexpected-indent", rec.span(line, 1, _indent_of(rec.lines[line - 1]) + 1))
        )
        rec.blank_block(line)
        return True
    if ("_INDENT" in expected_set and token.type in ("_DEDENT", "_NL")) or (
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
    source_line = rec.lines[line - 1] if 0 < line <= len(rec.lines) else ""
    if token.type == "_DEDENT":
        line = rec.previous_statement(line)
        source_line = rec.lines[line - 1] if 0 < line <= len(rec.lines) else ""
        column = len(source_line.rstrip()) + 1 if line else 1
        end = column + 1
    elif token.type == "_NL":
        # Point just after the last word, not at a comment or the spaces before it.
        column = len(source_line[: (token.column or 1) - 1].rstrip()) + 1
        end = column + 1
    else:
        column = token.column or 1
        end = token.end_column if token.end_line == token.line and token.end_column else column + 1
        if token.type == "PROSE_LINE":
            end = column + len(_first_word(str(token.value)))
    line_start = column == _indent_of(source_line) + 1
    expected, options = _describe_expected(expected_set, line_start=line_start)
    glued = _glued_keyword(source_line, column)
    if glued is not None and token.type in ("NAME", "PROSE_LINE", "NUMBER"):
        # `too` was read as the keyword `to` followed by `o`: report the word as written.
        keyword, start, stop = glued
        rec.diagnostics.append(
            make("syntax/unexpected-token", rec.span(line, start, stop), found=f"'{source_line[start - 1 : stop - 1]}'",
                 expected=f'"{keyword}"', suggestions=did_you_mean(source_line[start - 1 : stop - 1], [keyword]))
        )
        rec.break_statement(line)
        return True
    if str(token.value).startswith('"'):
        opening = _unclosed_block(rec, line, column)
        if opening is not None:
            rec.diagnostics.append(make("syntax/unexpected-end", rec.span(line, opening, opening + 3),
                                        expected='the closing """ of the text block that starts here',
                                        hint='close the text block with """ on a line of its own'))
            rec.break_statement(line)
            return True
        if source_line[column - 1 :].count('"') % 2 == 1:
            rec.diagnostics.append(
                make("syntax/unterminated-string", rec.span(line, column, len(source_line) + 1)))
            rec.break_statement(line)
            return True
    suggestions: tuple[str, ...] = ()
    if token.type in ("NAME", "PROSE_LINE"):
        wanted = [o.strip('"') for o in options if o.startswith('"')]
        suggestions = did_you_mean(_first_word(str(token.value)), [w for w in wanted if w in keywords()])
    chain = (_indent_of(source_line), expected)
    follows = line_start and not suggestions and rec.chain == chain and rec.previous_line(line) == rec.chain_line
    rec.chain, rec.chain_line = (chain, line) if line_start else (None, 0)
    stray = _stray_character(token)
    if follows:
        # A run of lines that all fail the same way at their first word (say, a scale's levels
        # after its `scale` line was deleted) is one mistake: the first line's report covers it.
        pass
    elif stray is not None:
        rec.diagnostics.append(
            make("syntax/unexpected-character", rec.span(line, column), found=_show_character(stray),
                 expected=expected)
        )
    else:
        word = str(token.value)
        home = _HOMES.get(word) if line_start and not suggestions and _describe_found(token) == f'"{word}"' else None
        hint = f"'{word}' belongs in {home}: check the indentation of this line" if home else None
        rec.diagnostics.append(
            make("syntax/unexpected-token", rec.span(line, column, end), found=_describe_found(token),
                 expected=expected, suggestions=suggestions, hint=hint)
        )
    if line in rec.replaced or line < 1:
        return False
    rec.break_statement(line)
    starts = {o.strip('"').split()[0] for o in options if o.startswith('"')}
    if line_start and "NAME" not in expected_set and stray is None and _first_word(source_line) in keywords():
        rec.swallow_orphans(line, starts)
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
    indentation = parser.parser.lexer_conf.postlex
    assert isinstance(indentation, Indentation)
    indentation.lines = rec.lines
    for _ in range(MAX_SYNTAX_ERRORS):
        NEWLINES.clear()
        try:
            tree = parser.parse(rec.text())
            break
        except UnexpectedInput as error:
            rec.misaligned = indentation.problem_lines()
            if not _handle(error, rec):
                tree = None
                break
    else:
        tree = None
        line = max(rec.replaced, default=1)
        source = cleaned.split("\n")[line - 1]
        start = _indent_of(source) + 1
        span = Span(file=file, line=line, column=start, end_line=line, end_column=max(len(source.rstrip()) + 1,
                                                                                       start + 1))
        rec.diagnostics.append(make("syntax/too-many-errors", span, line=line))
    diagnostics = problems + [_explained(d, cleaned) for d in rec.diagnostics]
    indentation.lines = []
    for token, width, inner, outer in indentation.problems:
        line = token.end_line
        diagnostics.append(
            make("syntax/inconsistent-dedent", rec.span(line, 1, width + 1), width=_spaces(width), inner=inner,
                 outer=outer, inner_spaces=_spaces(inner))
        )
    reported_lines = {d.span.line for d in diagnostics if d.span is not None}
    for first, second in indentation.run_together:
        line = first.line or 1
        if line in reported_lines:
            continue
        reported_lines.add(line)
        span = Span(file=file, line=line, column=first.column or 1, end_line=line,
                    end_column=second.end_column or (first.column or 1) + 1)
        diagnostics.append(make("syntax/words-run-together", span, first=str(first.value),
                                second=str(second.value)))
    comments = tuple(_comments(NEWLINES)) if tree is not None else ()
    NEWLINES.clear()  # one token per line: do not keep them alive while the AST is built
    return ParseResult(tree=tree, comments=comments, diagnostics=tuple(diagnostics))


_EXPLAINABLE = frozenset({"syntax/unexpected-token", "syntax/unexpected-character"})


def _explained(diagnostic: Diagnostic, text: str) -> Diagnostic:
    """The parser's generic message, or the slip copied from Word that caused it (syntax/slips.py)."""
    span = diagnostic.span
    if diagnostic.code not in _EXPLAINABLE or span is None:
        return diagnostic
    found = slip_at(text.split("\n")[span.line - 1], span.end_column or span.column)
    if found is None:
        return diagnostic
    return make(found.code, Span(file=span.file, line=span.line, column=found.column, end_line=span.line,
                                 end_column=found.end_column), **found.fields)


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
