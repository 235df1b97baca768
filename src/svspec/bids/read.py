"""Reading and validating bids: `load_bid` and `load_bids` give `Bid` values and diagnostics.

A bid file is read by its extension (.yaml/.yml, .json, .xlsx) into plain data with the place of
every value (`svspec.bids.document`, `svspec.bids.spreadsheet`), checked against the tender's
rules (`svspec.bids.rules`) with every problem collected, and, when there are no errors, turned
into a `Bid`. Nothing in a bid is executed or fetched.
"""

from __future__ import annotations

import json
import os
import re
from bisect import bisect_left
from collections.abc import Callable, Iterable
from decimal import Decimal
from functools import cache, lru_cache
from pathlib import Path
from types import MappingProxyType
from typing import Any

from svspec import model, names
from svspec.bids import attachments
from svspec.bids.document import MAX_DEPTH, Document, Place, json_pointer, parse_json, parse_yaml, read_text
from svspec.bids.model import Bid
from svspec.bids.rules import BidRules, Issue
from svspec.bids.sheet_hints import sheet_hint
from svspec.diagnostics import Diagnostic, Severity, Span, make
from svspec.diagnostics.suggest import did_you_mean
from svspec.scoring.core import clean_text, printable, whole_life_cost

FORMATS = {".yaml": "yaml", ".yml": "yaml", ".json": "json", ".xlsx": "xlsx"}


def display_path(path: Path) -> str:
    """A bid's path as shown in diagnostics: relative to the working folder when inside it."""
    try:
        relative = os.path.relpath(path)
    except ValueError:  # another drive on Windows
        return path.as_posix()
    if relative.startswith(".."):
        return path.as_posix()
    # relpath's answer is already normalised: only where the separator is not "/" is it rewritten
    return relative if os.sep == "/" and os.altsep is None else Path(relative).as_posix()


def read_document(path: Path, tender: model.Tender) -> tuple[Document | None, list[Diagnostic]]:
    """Read a bid file into a `Document` (plain data with places); diagnostics if it cannot be read."""
    display = display_path(path)
    kind = FORMATS.get(path.suffix.lower())
    if kind is None:
        return None, [make("bid/unsupported-format", Span(file=display, line=1, column=1, end_line=1,
                                                               end_column=1), path=display)]
    if kind == "xlsx":
        from svspec.bids.spreadsheet import read_xlsx

        return read_xlsx(path, display, BidRules.for_tender(tender))
    text, problems = read_text(path, display)
    if text is None:
        return None, problems
    return parse_yaml(text, display) if kind == "yaml" else parse_json(text, display)


_COUNTED = frozenset({"bid/too-many-words", "bid/too-many-characters"})
"""Codes about a whole long answer: the message gives the count, and one caret marks where the answer
starts (underlining all of it would print hundreds of carets)."""


def issue_diagnostics(document: Document, issues: Iterable[Issue]) -> list[Diagnostic]:
    """Diagnostics for the issues found in a document, each placed in the file and with its
    JSON pointer (and spreadsheet cell) in the message."""
    out = []
    file, sheet = document.file, document.format == "xlsx"
    for issue in issues:
        place = document.place(issue.pointer, key=issue.key)  # what `document.span` finds, found once
        if sheet or (place is not None and place.cell):
            out.append(_cell_diagnostic(document, issue, place))
        elif place is None:
            out.append(_diagnostic(issue, Span(file, 1, 1, 1, 1)))
        elif issue.code in _COUNTED:
            out.append(_diagnostic(issue, Span(file, place.line, place.column, place.line, place.column + 1)))
        else:
            out.append(_diagnostic(issue, Span(file, place.line, place.column, place.end_line, place.end_column)))
    return out


def _cell_diagnostic(document: Document, issue: Issue, place: Place | None) -> Diagnostic:
    """The diagnostic of an issue in a spreadsheet: its hint and message name the cell."""
    params, suggestions = _message_params(issue)
    if place is None:
        span = Span(file=document.file, line=1, column=1, end_line=1, end_column=1)
    elif issue.code in _COUNTED:
        span = Span(file=document.file, line=place.line, column=place.column, end_line=place.line,
                    end_column=place.column + 1)
    else:
        span = Span(file=document.file, line=place.line, column=place.column, end_line=place.end_line,
                    end_column=place.end_column)
    hint = (sheet_hint(issue.code, place.cell if place else None, params, suggestions)
            if document.format == "xlsx" else None)
    where = _shown(json_pointer(issue.pointer))
    if place is not None and place.cell and issue.pointer in document.places:
        where = f"{place.cell}, {where}"
    return make(issue.code, span, suggestions=suggestions, hint=hint, message_end=f" (at {where})", **params)


def _message_params(issue: Issue) -> tuple[dict[str, Any], tuple[str, ...]]:
    """An issue's message parameters as printed (text made printable) and the codes it may have meant."""
    params: dict[str, Any] = {k: _shown(v) if type(v) is str else v for k, v in issue.params.items()}
    suggestions: tuple[str, ...] = ()
    if "known" in params:
        suggestions = _suggest(str(params["ref"]), params.pop("known"))
    if "suggest" in params:
        suggestions = _suggest(str(params["found"]), params.pop("suggest"))
    return params, suggestions


_WORDED: dict[tuple[Any, ...], Diagnostic] = {}
"""An issue's wording (severity, message with its pointer, hint, suggestions) by its code, pointer and
parameters: the same problem recurs across a batch of bids (a missing answer, a missing document)."""


_WORDED_ISSUES: dict[int, tuple[Issue, Diagnostic]] = {}
"""The wording of an issue object already worded, by its id: the checks share the issues of recurring
mistakes (`BidRules._recurring`), so most issues of a batch are found here without making their key.
The entry holds the issue, so its id cannot be reused by another object while the entry is kept."""


def _diagnostic(issue: Issue, span: Span) -> Diagnostic:
    """The diagnostic of an issue outside a spreadsheet, at `span`: its wording made once for each
    distinct issue (by `make`, as for a spreadsheet), then only the span is new."""
    seen = _WORDED_ISSUES.get(id(issue))
    if seen is not None and seen[0] is issue:
        return _new_diagnostic(seen[1], span)
    worded = _worded(issue)
    if len(_WORDED_ISSUES) > 10_000:
        _WORDED_ISSUES.clear()
    _WORDED_ISSUES[id(issue)] = (issue, worded)
    return _new_diagnostic(worded, span)


def _worded(issue: Issue) -> Diagnostic:
    """An issue's wording (a diagnostic without its span), made once for each distinct issue."""
    key = _wording_key(issue)
    worded = _WORDED.get(key) if key is not None else None
    if worded is None:
        params, suggestions = _message_params(issue)
        worded = make(issue.code, None, suggestions=suggestions,
                      message_end=f" (at {_shown(json_pointer(issue.pointer))})", **params)
        if key is not None:
            if len(_WORDED) > 10_000:
                _WORDED.clear()
            _WORDED[key] = worded
    return worded


def _wording_key(issue: Issue) -> tuple[Any, ...] | None:
    """What an issue's wording depends on, or None when a parameter or a step of its pointer is not
    plain text, a whole number (or a tuple of text): equal keys then mean equal wording (1 == 1.0 ==
    True, but their text differs; a YAML key may be any of them)."""
    pointer, params = issue.pointer, issue.params
    for step in pointer:
        if type(step) is not str and type(step) is not int:
            return None
    for value in params.values():
        kind = type(value)
        if kind is not str and kind is not int and (kind is not tuple or not _TEXT.issuperset(map(type, value))):
            return None
    return (issue.code, pointer, *params.items())


_TEXT = frozenset({str})


_SET_FIELDS = tuple(getattr(Diagnostic, name).__set__ for name in (
    "code", "severity", "message", "span", "related", "hint", "suggestions"))
"""The slots of a `Diagnostic`, set directly: three times faster than its frozen `__init__` (about 10
diagnostics an invalid bid), and the same value."""


def _new_diagnostic(worded: Diagnostic, span: Span) -> Diagnostic:
    """A copy of `worded` at `span` (`dataclasses.replace`, quickly)."""
    new = object.__new__(Diagnostic)
    code, severity, message, at, related, hint, suggestions = _SET_FIELDS
    code(new, worded.code)
    severity(new, worded.severity)
    message(new, worded.message)
    at(new, span)
    related(new, worded.related)
    hint(new, worded.hint)
    suggestions(new, worded.suggestions)
    return new


def _shown(text: str) -> str:
    """`printable(text)`, quickly for printable ASCII (which holds no refused character)."""
    return text if text.isascii() and text.isprintable() else printable(text)


_SUGGESTIONS: dict[tuple[str, tuple[str, ...]], tuple[str, ...]] = {}


def _suggest(name: str, known: tuple[str, ...]) -> tuple[str, ...]:
    """`did_you_mean`, remembered: the same misspelt code recurs across a batch of bids."""
    key = (name, known)
    found = _SUGGESTIONS.get(key)
    if found is None:
        if len(_SUGGESTIONS) > 10_000:
            _SUGGESTIONS.clear()
        found = _SUGGESTIONS[key] = did_you_mean(name, known)
    return found


def check_document(document: Document, tender: model.Tender) -> list[Diagnostic]:
    """Every problem in a read bid document, as diagnostics."""
    return issue_diagnostics(document, BidRules.for_tender(tender).check(document.data))


def to_bid(data: dict[str, Any], tender: model.Tender, file: str) -> Bid:
    """The `Bid` for valid bid data, answers in the tender's order."""
    rules = BidRules.for_tender(tender)
    sections = {}
    for section, section_rules in rules.by_section.items():
        given = data.get(section) or {}
        sections[section] = MappingProxyType({code: _kept(given[code]) for code in section_rules if code in given})
    evidence = data.get("evidence") or {}
    price = data.get("price")
    parts: dict[str, Decimal] = {}
    if tender.price_components and isinstance(price, dict):
        parts = {c.code: price[c.code] for c in tender.price_components}
        price = whole_life_cost([(c.code, c.times) for c in tender.price_components], parts)
    return Bid(
        bidder=names.normalise(data["bidder"]),
        tender=data["tender"],
        price=price if isinstance(price, Decimal) else None,
        price_parts=MappingProxyType(parts),
        submitted=data.get("submitted"),
        quality=sections["quality"],
        social_value=sections["social_value"],
        evidence=MappingProxyType({code: _documents(evidence[code]) for code in rules.by_code if code in evidence}),
        file=file,
    )


def _kept(value: Any) -> Any:
    """An answer as it is scored and reported: text composed (NFC), as a person reads it."""
    return clean_text(value) if type(value) is str else value


def check_text(text: str, file: str, kind: str, tender: model.Tender) -> tuple[Any, list[Diagnostic]]:
    """Read and check the text of a YAML or JSON bid: its data (None when unreadable) and diagnostics.

    A JSON bid is first read by the standard library's C parser (exact decimals, duplicate keys
    and NaN refused); only when that fails or the bid has problems is it read again by the
    position-keeping reader, to say where each problem is. Valid bids, the common case, so cost
    one fast parse and one pass of the checks.
    """
    if kind == "json":
        data = _fast_json(text)
        if data is not _UNREADABLE:
            issues = BidRules.for_tender(tender).check(data, _plain_text(text))
            if not issues:
                return data, []
            # A value nested deeper than the limit needs more opening brackets than the limit.
            if text.count("{") + text.count("[") <= MAX_DEPTH or not _deeper_than(data, MAX_DEPTH):
                # Readable JSON with problems: find the places of the pointers named, and nothing else.
                return data, _text_diagnostics(text, file, data, issues)
    document, problems = parse_yaml(text, file) if kind == "yaml" else parse_json(text, file)
    if document is None:
        return None, problems
    return document.data, problems + check_document(document, tender)


_UNREADABLE = object()


def _plain_text(text: str) -> bool:
    """Whether every text read from this JSON is printable ASCII: the text is ASCII without an escape
    (a backslash) or a delete character, and the C reader refuses any other control character written
    raw in a string, so each string read is the characters written between its quotes, space to tilde."""
    return text.isascii() and "\\" not in text and "\x7f" not in text


class _Refused(ValueError):
    pass


def _no_duplicates(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    out = dict(pairs)
    if len(out) != len(pairs):
        raise _Refused("duplicate key")
    return out


def _no_constants(name: str) -> Any:
    raise _Refused(name)


def _deeper_than(value: Any, limit: int) -> bool:
    """Whether a value holds one nested deeper than the position-keeping reader reads (it refuses those):
    some value more than `limit` levels below the top. Level by level, looking only into lists and
    groups, without recursion."""
    level = [value] if type(value) is dict or type(value) is list else []
    depth = 0
    while level:
        if depth >= limit:
            return any(level)  # a non-empty one holds a value one level further down
        inner = []
        for container in level:
            for child in container.values() if type(container) is dict else container:
                if type(child) is dict or type(child) is list:
                    inner.append(child)
        level, depth = inner, depth + 1
    return False


# Numbers are kept as their text: int() of a 5,000-digit number raises, and only the end is wanted.
_SCAN = json.JSONDecoder(parse_int=str, parse_float=str, parse_constant=str).scan_once  # type: ignore[attr-defined]


def _skip(text: str, offset: int) -> int:
    """Where the JSON value at `offset` ends, read past in C (the text was already read whole)."""
    return _SCAN(text, offset)[1]  # type: ignore[no-any-return]


Offsets = dict[tuple[Any, ...], tuple[int, int]]
"""Where values (or keys) are written in a text, by pointer: (start, end) offsets, end exclusive."""


def _placed(text: str, file: str, data: Any, issues: list[Issue]) -> Document:
    """A Document for JSON text already read, with the places of the issues' pointers and their
    ancestors only, found by walking down to them (the places `parse_json` would record)."""
    values, keys = _offsets(text, data, issues)
    newlines = [m.start() for m in _NEWLINE.finditer(text)]
    places = {pointer: _at(newlines, *where) for pointer, where in values.items()}
    key_places = {pointer: _at(newlines, *where) for pointer, where in keys.items()}
    return Document(file=file, data=data, places=places, key_places=key_places, text=text, format="json")


def _text_diagnostics(text: str, file: str, data: Any, issues: list[Issue]) -> list[Diagnostic]:
    """`issue_diagnostics(_placed(text, file, data, issues), issues)`, without the document: each issue's
    place found from the offsets of its pointer (or nearest written ancestor), lines counted only for
    the places the diagnostics show."""
    values, keys = _offsets(text, data, issues)
    lines = _Lines(text, len(issues))
    single = lines.single
    spans: dict[tuple[int, int], Span] = {}
    out = []
    worded_issues, counted = _WORDED_ISSUES, _COUNTED
    new, (set_code, set_severity, set_message, set_span, set_related, set_hint, set_suggestions) = (
        object.__new__, _SET_FIELDS)
    for issue in issues:
        # `_found`, its usual answers looked up here: a value written where its pointer says, else (a
        # missing answer or document) the key of the group it is missing from
        pointer = issue.pointer
        where = None if issue.key else values.get(pointer) or (keys.get(pointer[:-1]) if pointer else None)
        if where is None:
            where = _found(pointer, issue.key, values, keys)
        if where is None:
            span = Span(file, 1, 1, 1, 1)
        elif issue.code in counted:
            line, column = lines.at(where[0])
            span = Span(file, line, column, line, column + 1)
        else:
            found = spans.get(where)
            if found is None:  # on one line, a column is an offset (`_Lines.at`)
                found = spans[where] = _span((file, 1, where[0] + 1, 1, where[1] + 1) if single
                                             else (file, *lines.at(where[0]), *lines.at(where[1])))
            span = found
        seen = worded_issues.get(id(issue))
        if seen is None or seen[0] is not issue:
            out.append(_diagnostic(issue, span))
            continue
        # `_diagnostic` for an issue worded before: `_new_diagnostic`, written out (called for about 10
        # problems a bid, the call itself is a third of its time)
        worded = seen[1]
        diagnostic = new(Diagnostic)
        set_code(diagnostic, worded.code)
        set_severity(diagnostic, worded.severity)
        set_message(diagnostic, worded.message)
        set_span(diagnostic, span)
        set_related(diagnostic, worded.related)
        set_hint(diagnostic, worded.hint)
        set_suggestions(diagnostic, worded.suggestions)
        out.append(diagnostic)
    return out


def _span(fields: tuple[str, int, int, int, int]) -> Span:
    """`Span(*fields)`, made in C (`Span` is a named tuple; its `__new__` is a Python function)."""
    return tuple.__new__(Span, fields)


def _found(pointer: tuple[Any, ...], key: bool, values: Offsets, keys: Offsets) -> tuple[int, int] | None:
    """Where `Document.place` finds a pointer: its key when `key`, its value, else the key (or value)
    of its nearest written ancestor."""
    if key and pointer in keys:
        return keys[pointer]
    if pointer in values:
        return values[pointer]
    while pointer:
        pointer = pointer[:-1]
        if pointer in keys:
            return keys[pointer]
        if pointer in values:
            return values[pointer]
    return None


class _Lines:
    """Line and column of an offset in a text, as the position-keeping reader counts them: for a few
    places by counting line breaks before each (in C), for many from one list of the breaks (counting
    again for each of thousands of places would make placing quadratic in the size of the bid)."""

    __slots__ = ("newlines", "single", "text")

    def __init__(self, text: str, places: int) -> None:
        self.text = text
        self.single = "\n" not in text
        """One line (JSON written compactly, as machines often write it): a column is an offset."""
        self.newlines = [m.start() for m in _NEWLINE.finditer(text)] if places > 16 else None

    def at(self, offset: int) -> tuple[int, int]:
        """The 1-based line and column of `offset`."""
        if self.single:
            return 1, offset + 1
        if self.newlines is None:
            return self.text.count("\n", 0, offset) + 1, offset - self.text.rfind("\n", 0, offset)
        line = bisect_left(self.newlines, offset)
        return line + 1, offset - (self.newlines[line - 1] if line else -1)


def _offsets(text: str, data: Any, issues: list[Issue]) -> tuple[Offsets, Offsets]:
    """The offsets of the issues' pointers and their ancestors (values, and keys of members), found
    by walking down to them through a tree of the steps wanted."""
    tree: dict[Any, Any] = {}
    for issue in issues:
        node = tree
        for step in issue.pointer:
            child = node.get(step)
            if child is None:
                child = node[step] = {}
            node = child
    values: Offsets = {}
    keys: Offsets = {}
    _walk(text, _space(text, 0), (), data, tree, values, keys)
    return values, keys


_SPACES = " \t\n\r"
_WHITESPACE = re.compile(r"[ \t\n\r]*")
_NEWLINE = re.compile("\n")
_COLON = re.compile(r"[ \t\n\r]*:[ \t\n\r]*")
_AFTER = re.compile(r"[ \t\n\r]*(?:,[ \t\n\r]*)?")
"""What follows a member or an item: space, and its comma when another comes."""

# The text was read whole by the C parser, so only where values end matters here: a string, an atom
# (number, true, false, null), a list of those, or a group of those (the answers of a section, the
# evidence lists, a composite answer's parts). Atomic groups: a failed match never backtracks.
# A string is first passed up to its first quote (a search for one character, several times faster
# than for either of two): that quote ends it unless a backslash comes before it, and then the string
# is passed escape by escape.
_STRING = r'(?>"[^"]*+(?<!\\)"|"[^"\\]*+(?:\\.[^"\\]*+)*+")'
_SCALAR = rf'(?>{_STRING}|[^ \t\n\r,:\[\]{{}}"]++)'
_PLAIN = rf"(?>{_SCALAR}|\[[ \t\n\r]*+(?:{_SCALAR}[ \t\n\r]*+(?:,[ \t\n\r]*+)?)*+\])"
_VALUE = rf"(?>{_PLAIN}|\{{[ \t\n\r]*+(?:{_STRING}[ \t\n\r]*+:[ \t\n\r]*+{_PLAIN}[ \t\n\r]*+(?:,[ \t\n\r]*+)?)*+\}})"
_MEMBER = rf"(?>{_STRING}[ \t\n\r]*+:[ \t\n\r]*+{_VALUE}[ \t\n\r]*+(?:,[ \t\n\r]*+)?)"
_ITEM = rf"(?>{_VALUE}[ \t\n\r]*+(?:,[ \t\n\r]*+)?)"


_EXACT_RUNS = 64
"""Up to this many members are passed in one run of their own number (at most 128 patterns made)."""


@cache
def _run_of(count: int, member: bool) -> re.Pattern[str]:
    """A pattern passing `count` members of an object (or items of a list) in one match; `count` is
    a power of two or at most `_EXACT_RUNS`, so there are few patterns."""
    return re.compile(f"(?:{_MEMBER if member else _ITEM}){{{count}}}")


def _space(text: str, offset: int) -> int:
    return _WHITESPACE.match(text, offset).end()  # type: ignore[union-attr]


def _at(newlines: list[int], start: int, end: int) -> Place:
    """The place of text[start:end], as the position-keeping reader counts lines and columns, from
    where the text's line breaks are (found once: counting them again for each place costs more)."""
    line, end_line = bisect_left(newlines, start), bisect_left(newlines, end)
    return Place(line=line + 1, column=start - (newlines[line - 1] if line else -1), end_line=end_line + 1,
                 end_column=end - (newlines[end_line - 1] if end_line else -1))


def _pass(text: str, offset: int, count: int, member: bool) -> int:
    """Where the next `count` members (or items) from `offset` end: in runs of a power of two members
    matched at once while their values are plain (no nested object), else one by the C scanner; a
    few members are tried first in one run of their number (most groups of answers are plain)."""
    if count <= _EXACT_RUNS:
        if not count:
            return offset
        run = _run_of(count, member).match(text, offset)
        if run is not None:
            return run.end()
    size = 0
    while count:
        size = min(size, 1 << (count.bit_length() - 1)) or 1 << (count.bit_length() - 1)
        run = _run_of(size, member).match(text, offset)
        if run is not None:
            offset, count = run.end(), count - size
        elif size > 1:
            size //= 2
        else:
            if member:
                _key, after = json.decoder.scanstring(text, offset + 1, True)  # type: ignore[attr-defined]
                offset = _COLON.match(text, after).end()  # type: ignore[union-attr]
            offset, count, size = _AFTER.match(text, _skip(text, offset)).end(), count - 1, 0  # type: ignore[union-attr]
    return offset


_BRACKETS = re.compile(r"[\[\]{}]")
_KEY_END = re.compile(r"[ \t\n\r]*:")
_UNSAFE_KEY = re.compile(r'["\\\x00-\x1f]|^$|^[ \t\n\r,:\]}]')
"""Keys `_sought` does not look for: with a quote, a backslash or a control character (written
escaped, or the pattern could start inside another string), empty, or starting as what may follow
a closing quote (so a quote found before it can only open a string)."""


@lru_cache(maxsize=4096)
def _plain_key(key: str) -> bool:
    """Whether `_sought` may look for a key (the same few keys come in every bid of a tender)."""
    return _UNSAFE_KEY.search(key) is None


def _sought(text: str, start: int, key: str) -> int:
    """Where the member `key` of the object being walked starts, at or after `start` (outside any string,
    at this object's level, before the member), searched for as `"key"` then a colon instead of passing
    every member before it; -1 when that is not certain, for `_pass` to do.

    Certain when the key is written plainly: a quote not after a backslash is outside any string, so it
    opens `"key"`, which the colon makes the key of a member, of this object or of a group nested in a
    member between. It is this object's (the only one named `key`: duplicate keys were refused) when no
    bracket comes between, or when `_level` finds the brackets between balanced outside strings.
    Otherwise (a backslash between, a key written with escapes, or not found) the full pass decides."""
    if not _plain_key(key):
        return -1
    at = text.find(f'"{key}"', start)
    if at < 0 or text[at - 1] == "\\":
        return -1
    find = text.find
    if ((find("{", start, at) >= 0 or find("[", start, at) >= 0 or find("}", start, at) >= 0
         or find("]", start, at) >= 0) and not _level(text[start:at])):
        return -1
    after = at + len(key) + 2
    return at if text[after] == ":" or _KEY_END.match(text, after) else -1


def _level(between: str) -> bool:
    """Whether text written between two places of one object (the first outside any string, the second
    before the object's end) comes back to the object's level: as many brackets of each kind opened as
    closed outside strings. Only text without backslashes is judged (each quote then opens or closes a
    string); else False. Without one, the member sought is written plainly, so the first `"key"` found
    comes no later than it: the text between stays inside the object and cannot close more than it
    opened, so equal counts mean it ends at the object's level."""
    if "\\" in between:
        return False
    parts = between.split('"')
    if not len(parts) & 1:
        return False
    outside = "".join(parts[::2])
    return outside.count("{") == outside.count("}") and outside.count("[") == outside.count("]")


def _walk(text: str, offset: int, path: tuple[Any, ...], value: Any, wanted: dict[Any, Any],
          values: Offsets, keys: Offsets) -> int:
    """Walk the value at `offset` (a wanted pointer, read as `value`), recording offsets; returns where
    it ends. `wanted` maps each wanted child to the children wanted below it. The parsed value says
    where those are written (a dict keeps the text's order, and duplicate keys were refused), so the
    members before and between them are passed over. A wanted child that is not a group or a list is
    read past here (the C scanner), not walked."""
    char = text[offset]
    if char != "{" and char != "[":
        end = _skip(text, offset)
        values[path] = (offset, end)
        return end
    member = char == "{"
    if member:
        if len(wanted) < 8:
            order = list(value)
            found = [(order.index(k), k) for k in wanted if k in value]
            found.sort()
        else:  # many problems in one group: its order once, not a search for each
            found = [(i, k) for i, k in enumerate(value) if k in wanted]
    else:
        found = sorted((k, k) for k in wanted if type(k) is int and 0 <= k < len(value))
    # `end` is where the walk is: after the last value read, outside any string, at this level;
    # `exact` says whether it is also where the next member starts (space and comma passed).
    end, passed, exact = _space(text, offset + 1), 0, True
    for index, key in found:
        inner = (*path, key)
        child = value[key]
        start = -1
        if index > passed and member:
            start = _sought(text, end, key)
        if start >= 0:  # found as `"key"`, written plainly
            after = start + len(key) + 2
        else:
            if not exact:
                end = _AFTER.match(text, end).end()  # type: ignore[union-attr]
            start = _pass(text, end, index - passed, member)
            if member:
                _key, after = json.decoder.scanstring(text, start + 1, True)  # type: ignore[attr-defined]
        if member:
            keys[inner] = (start, after)
            # the colon and the space after it, as `_COLON` passes them: `:` or `: ` quickly
            if text[after] == ":" and text[after + 1] not in _SPACES:
                start = after + 1
            elif text.startswith(": ", after) and text[after + 2] not in _SPACES:
                start = after + 2
            else:
                start = _COLON.match(text, after).end()  # type: ignore[union-attr]
        if type(child) is dict or type(child) is list:
            end = _walk(text, start, inner, child, wanted[key], values, keys)
        else:
            end = _skip(text, start)
            values[inner] = (start, end)
        passed, exact = index + 1, False
    if path or passed == len(value):
        if not exact:
            end = _AFTER.match(text, end).end()  # type: ignore[union-attr]
        end = _pass(text, end, len(value) - passed, member) + 1
    else:  # the whole text is this value (it was read whole), so it ends where the text does
        end = len(text.rstrip(" \t\n\r"))
    values[path] = (offset, end)
    return end


_DECODER = json.JSONDecoder(parse_float=Decimal, parse_int=Decimal, parse_constant=_no_constants,
                            object_pairs_hook=_no_duplicates)
"""Made once: `json.loads` with these arguments would make a decoder (and its scanner) for every bid."""


_READ = _DECODER.scan_once  # type: ignore[attr-defined]


def _fast_json(text: str) -> Any:
    """`_DECODER.decode(text)`, or `_UNREADABLE` where it raises: its two steps (`raw_decode` and the
    C scanner) taken here, as `decode` takes them (space, a value, space to the end of the text)."""
    try:
        value, end = _READ(text, _space(text, 0))
    except (StopIteration, ValueError, RecursionError):
        return _UNREADABLE
    return value if _space(text, end) == len(text) else _UNREADABLE


def load_bid(path: Path, tender: model.Tender) -> tuple[Bid | None, list[Diagnostic]]:
    """Read and fully validate one bid (YAML, JSON or a filled spreadsheet).

    Returns the `Bid` when there are no errors (else None) and every diagnostic found.
    """
    path = Path(path)
    kind = FORMATS.get(path.suffix.lower())
    if kind in ("yaml", "json"):
        display = display_path(path)
        text, problems = read_text(path, display)
        if text is None:
            return None, problems
        data, problems = check_text(text, display, kind, tender)
        if data is None:
            return None, problems
        problems += attachment_problems(data, tender, path.parent, problems,
                                        lambda: (parse_yaml if kind == "yaml" else parse_json)(text, display)[0])
        if any(d.severity is Severity.ERROR for d in problems):
            return None, problems
        return to_bid(data, tender, display), problems
    document, problems = read_document(path, tender)
    if document is None:
        return None, problems
    problems += check_document(document, tender)
    problems += attachment_problems(document.data, tender, path.parent, problems, lambda: document)
    if any(d.severity is Severity.ERROR for d in problems):
        return None, problems
    return to_bid(document.data, tender, document.file), problems


def attachment_problems(data: Any, tender: model.Tender, folder: Path | None, found: list[Diagnostic],
                        placed: Callable[[], Document | None]) -> list[Diagnostic]:
    """The problems of the answers given as attached documents beside the bid (`bids.attachments`),
    placed in the bid by `placed` (which reads the file again for places only when there are some)."""
    issues = attachments.check(data, BidRules.for_tender(tender), folder, lambda: {d.code for d in found})
    if not issues:
        return []
    document = placed()
    return issue_diagnostics(document, issues) if document is not None else []


def load_bids(paths: Iterable[Path], tender: model.Tender) -> tuple[list[Bid], list[Diagnostic]]:
    """Read and validate several bids: the valid ones, and the diagnostics of all of them."""
    bids: list[Bid] = []
    diagnostics: list[Diagnostic] = []
    for path in paths:
        bid, problems = load_bid(Path(path), tender)
        diagnostics.extend(problems)
        if bid is not None:
            bids.append(bid)
    return bids, diagnostics


def sources_of(paths: Iterable[Path]) -> dict[str, str]:
    """Bid texts by display path, for code frames (spreadsheets have none)."""
    out = {}
    for path in paths:
        path = Path(path)
        if FORMATS.get(path.suffix.lower()) in ("yaml", "json"):
            display = display_path(path)
            text, _problems = read_text(path, display)
            if text is not None:
                out[display] = text
    return out


def validate_data(data: Any, tender: model.Tender) -> list[Diagnostic]:
    """Validate bid data already in memory (plain dicts with Decimal numbers), e.g. from an API."""
    document = Document(file="<bid>", data=data)
    problems = check_document(document, tender)
    return problems + attachment_problems(data, tender, None, problems, lambda: document)


__all__ = ["load_bid", "load_bids", "validate_data"]


def _documents(listed: Any) -> tuple[str, ...]:
    """The documents listed for one code: a name given alone is a list of one."""
    return (listed,) if isinstance(listed, str) else tuple(listed)
