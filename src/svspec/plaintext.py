"""Text from outside (spec titles, bidder names, evaluators' reasons) as plain text in each output.

Every output format has characters that turn text into something else: a leading `=` makes a
spreadsheet cell a formula, `|` and a newline end a Markdown table cell and row, `[bold]` is Rich
markup, a U+2028 line separator ends a YAML comment. Each function here makes a string show as
exactly what was written in one format, so a name can never become a formula, a row, markup or
a key. Reading code refuses most of these characters already; escaping again here means a bid,
marks file or spec that slips past a reader still changes nothing it should not.
"""

from __future__ import annotations

import re
import unicodedata

# Cells whose first character makes Excel, LibreOffice or Google Sheets read a formula
# (OWASP "CSV injection"); a tab or carriage return in front of one hides it.
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r", "\n", "＝", "＋", "－", "＠")
# Every character that some reader takes as the end of a line: YAML, Python's splitlines, browsers.
_LINE_BREAKS = re.compile("\r\n|[\n\r\v\f\x1c\x1d\x1e\x85\u2028\u2029]")
_MARKDOWN_SPECIALS = re.compile(r"([\\`*_\[\]<>|#~!&])")


def _hidden(char: str) -> bool:
    """Control, format, separator, surrogate, private and unassigned characters: not seen as written."""
    return unicodedata.category(char) in ("Cc", "Cf", "Zl", "Zp", "Cs", "Cn") or _noncharacter(char)


def _noncharacter(char: str) -> bool:
    code = ord(char)
    return 0xFDD0 <= code <= 0xFDEF or (code & 0xFFFE) == 0xFFFE


def visible(text: str) -> str:
    """One line in which every invisible or line-breaking character is shown as its code (`\\u2028`).

    A newline, a right-to-left override or a zero-width space in a bidder's name would otherwise
    forge a table row or make two names look alike.
    """
    if text.isascii() and text.isprintable():  # no ASCII printable character is hidden: the quick answer
        return text
    if text.isprintable() and not any(_hidden(c) for c in text):
        return text
    out = []
    for char in text:
        if char == " " or (not _hidden(char) and char.isprintable()):
            out.append(char)
        elif char == "\n":
            out.append("\\n")
        elif char == "\r":
            out.append("\\r")
        elif char == "\t":
            out.append("\\t")
        else:
            out.append(f"\\u{ord(char):04x}" if ord(char) <= 0xFFFF else f"\\U{ord(char):08x}")
    return "".join(out)


def one_line(text: str) -> str:
    """Text with every kind of line break (U+2028, U+0085, \\v, \\f too) and run of spaces made one space."""
    return " ".join(_LINE_BREAKS.sub(" ", text).split())


def spreadsheet_text(text: str) -> str:
    """A cell value that spreadsheets show as text: a leading formula character gets a `'` before it.

    A `'` in front is what Excel itself writes to keep `=1+1` as text; it is the OWASP advice for
    CSV. Applied to every text cell svspec writes, never to numbers.
    """
    if text.startswith(_FORMULA_START) or (text[:1].isspace() and text.lstrip()[:1] in _FORMULA_START):
        return "'" + text
    return text


def csv_text(text: str) -> str:
    """A text cell for CSV: visible characters, and never read as a formula."""
    return spreadsheet_text(visible(text))


def markdown_text(text: str) -> str:
    """Text for one line of Markdown (a table cell, a heading, a list item) that shows as written.

    Backslash-escapes every character that starts Markdown syntax or ends a table cell, and shows
    line breaks and invisible characters as their codes, so a name cannot add a row or a link.
    """
    return _MARKDOWN_SPECIALS.sub(r"\\\1", visible(text))


def code_fence(text: str) -> str:
    """A backtick fence longer than any run of backticks in `text`, so the text cannot close it."""
    longest = max((len(run) for run in re.findall(r"`+", text)), default=0)
    return "`" * max(3, longest + 1)


def yaml_comment(text: str) -> str:
    """Text for a `# ...` comment in YAML: one line (no U+2028, U+0085, \\r...) of visible characters."""
    return visible(one_line(text))


_PLAIN_KEY = re.compile(r"[A-Za-z][A-Za-z0-9_.\-]*")
_YAML_WORDS = frozenset({"true", "false", "null", "yes", "no", "on", "off"})


def yaml_key(code: str) -> str:
    """A code as a YAML key: bare when YAML reads it back as that text, else quoted as JSON does
    ("MAC 2.1", "1a", "1": codes as published, issue 9 item 11)."""
    if _PLAIN_KEY.fullmatch(code) and code.lower() not in _YAML_WORDS:
        return code
    escaped = code.replace("\\", "\\\\").replace('"', '\\"')
    return f'"{escaped}"'


__all__ = ["code_fence", "csv_text", "markdown_text", "one_line", "spreadsheet_text", "visible", "yaml_comment",
           "yaml_key"]
