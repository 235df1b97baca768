"""The one reader for files svspec did not write: bids, marks and, next, delivery returns.

Every such file is hostile until read, so each is read the same way, whatever it holds:

- only a regular file (never a folder, a named pipe or a device), opened without blocking and read
  with a cap: never more than its kind's size limit plus one byte;
- UTF-8 text (a byte order mark is allowed), the first byte that cannot be decoded located;
- YAML is parsed into events and built here, never constructed by PyYAML: no tag, no anchor, no
  alias and no merge key is accepted (an alias bomb is refused at its first alias), no key may be
  given twice (both places are reported), and no YAML 1.1 surprise passes: a number is a plain
  decimal a person reads (12, 2.5, -3); 012, 0x1F, 0b101, 1:30, 1_000, 1.5e+3, .inf and on/off
  are refused, saying what YAML would have read and what to write;
- JSON is read by a strict reader (RFC 8259) that keeps positions and refuses duplicate keys.

The result is a `Document`: `data` made of dict, list, str, Decimal, bool and None, and `places`,
which maps a JSON pointer (a tuple of keys and indexes) to where its value is written. Each kind
of file (`InputKind`) has its own family of diagnostic codes (`bid/duplicate-key`,
`marks/duplicate-key`), so a message always names the file the person is looking at. A new kind
of file (the delivery returns next) is one `InputKind` here and one `family(...)` line in
`diagnostics/codes_input.py`; what the file must hold is then checked on the plain data, as
`svspec.scoring.marks` does.
"""

from __future__ import annotations

import bisect
import json
import os
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any, Protocol

import yaml

from svspec.diagnostics import Diagnostic, Related, Span, make
from svspec.files import FileTooLarge, NotRegularFile, read_capped

Pointer = tuple[str | int, ...]


@dataclass(frozen=True, slots=True, kw_only=True)
class InputKind:
    """A kind of file read from outside: its limits and the family of codes its problems get.

    A problem is named once here (`duplicate-key`); its code is `PREFIX/PROBLEM` unless `codes`
    maps it to an older code kept for stability (bids report a missing file as `file-not-found`).
    """

    prefix: str
    noun: str
    max_bytes: int = 1_000_000
    max_depth: int = 32
    codes: Mapping[str, str] = field(default_factory=dict)

    def code(self, problem: str) -> str:
        """The diagnostic code of `problem` for this kind of file."""
        return self.codes.get(problem, f"{self.prefix}/{problem}")


BID = InputKind(prefix="bid", noun="bid", codes={"file-not-found": "file-not-found", "infinite": "bid/not-a-number"})
"""Bids: 1 MB (a long bid is about 50 KB), three levels deep."""

MARKS = InputKind(prefix="marks", noun="marks file", max_bytes=2_000_000,
                  codes={"file-not-found": "marks/unreadable", "yaml-syntax": "marks/invalid-yaml",
                         "infinite": "marks/ambiguous-value"})
"""Marks: 2 MB (fifty bids of twenty marked items are about 300 KB)."""

TESTS = InputKind(prefix="test", noun="test file", max_bytes=2_000_000,
                  codes={"file-not-found": "test/unreadable", "yaml-syntax": "test/invalid-yaml",
                         "infinite": "test/ambiguous-value"})
"""Test files of `svspec test` (`svspec.spectest`): 2 MB (twenty cases with inline bids are about 40 KB)."""

RETURN = InputKind(prefix="return", noun="return", codes={"infinite": "return/ambiguous-value"})
"""Delivery returns (issue 11): 1 MB, like a bid (a return of twenty figures is about 2 KB)."""

CONTRACT = InputKind(prefix="contract", noun="contract file", max_bytes=20_000_000)
"""Contracts written by `svspec award --out` (JSON): 20 MB (a contract of 20 measures over 28 quarters is
about 200 KB)."""

MAX_TEXT_BYTES = BID.max_bytes
MAX_DEPTH = BID.max_depth


# ----------------------------------------------------------------------------------- documents

@dataclass(frozen=True, slots=True, kw_only=True)
class Place:
    """Where a value is written: 1-based line and column (end exclusive), or a spreadsheet cell.

    For a spreadsheet, `line` is the row and `column` the column number, and `cell` names the
    cell as a spreadsheet user would (`'Social value'!I7`).
    """

    line: int
    column: int
    end_line: int
    end_column: int
    cell: str | None = None


class Marked(Protocol):
    """Anything with YAML start and end marks: a parser event, or the extent of a collection."""

    @property
    def start_mark(self) -> Any: ...

    @property
    def end_mark(self) -> Any: ...


@dataclass(frozen=True, slots=True, kw_only=True)
class Document:
    """A file read into plain data, with the place of each value and each mapping key."""

    file: str
    data: Any
    places: Mapping[Pointer, Place | Marked] = field(default_factory=dict)
    key_places: Mapping[Pointer, Place | Marked] = field(default_factory=dict)
    text: str | None = None
    format: str = "yaml"

    def place(self, pointer: Pointer, *, key: bool = False) -> Place | None:
        """The place of `pointer` (its key when `key`); for a value that is not written, the key
        of its nearest written ancestor (a missing answer points at its section)."""
        if key and pointer in self.key_places:
            return _as_place(self.key_places[pointer])
        if pointer in self.places:
            return _as_place(self.places[pointer])
        while pointer:
            pointer = pointer[:-1]
            if pointer in self.key_places:
                return _as_place(self.key_places[pointer])
            if pointer in self.places:
                return _as_place(self.places[pointer])
        return None

    def span(self, pointer: Pointer, *, key: bool = False) -> Span:
        """A diagnostic span for `pointer`; the file's start when nothing better is known."""
        place = self.place(pointer, key=key)
        if place is None:
            return Span(file=self.file, line=1, column=1, end_line=1, end_column=1)
        return Span(file=self.file, line=place.line, column=place.column, end_line=place.end_line,
                    end_column=place.end_column)


def _as_place(where: Place | Marked) -> Place:
    # YAML places are kept as parser marks and turned into places only when a problem is
    # reported: most files are valid, and most values of an invalid one are fine.
    if isinstance(where, Place):
        return where
    start, end = where.start_mark, where.end_mark
    return Place(line=start.line + 1, column=start.column + 1, end_line=end.line + 1, end_column=end.column + 1)


def json_pointer(pointer: Pointer) -> str:
    """RFC 6901 text of a pointer: ('social_value', 'LBL1') -> '/social_value/LBL1'."""
    return "".join("/" + str(p).replace("~", "~0").replace("/", "~1") for p in pointer) or "/"


def _start(file: str) -> Span:
    return Span(file=file, line=1, column=1, end_line=1, end_column=1)


# ----------------------------------------------------------------------------------- files

def read_file(path: str | os.PathLike[str], display: str, kind: InputKind) -> tuple[Document | None, list[Diagnostic]]:
    """Read a YAML or JSON file (by its extension: .json is JSON, anything else YAML)."""
    text, problems = read_text(path, display, kind)
    if text is None:
        return None, problems
    if Path(path).suffix.lower() == ".json":
        return parse_json(text, display, kind)
    return parse_yaml(text, display, kind)


def read_text(path: str | os.PathLike[str], display: str, kind: InputKind = BID) -> tuple[str | None, list[Diagnostic]]:
    """The text of a file: a regular file of at most `kind.max_bytes` bytes of UTF-8."""
    raw, problems = read_bytes(path, display, kind)
    if raw is None:
        return None, problems
    return decode(raw, display, kind)


def read_bytes(path: str | os.PathLike[str], display: str,
               kind: InputKind = BID) -> tuple[bytes | None, list[Diagnostic]]:
    """The bytes of a regular file of at most `kind.max_bytes` bytes (for a file whose hash is kept).

    The file is opened without blocking (a named pipe with no writer cannot hang svspec), checked
    to be a regular file on the open descriptor (so it cannot be swapped between check and read),
    and read with a cap: a device such as /dev/zero, or a file growing while it is read, is never
    read past the limit.
    """
    try:
        return read_capped(Path(path), kind.max_bytes), []
    except NotRegularFile as error:
        return None, [make(kind.code("not-a-file"), _start(display), path=display, what=error.kind)]
    except FileTooLarge as error:
        return None, [make(kind.code("file-too-large"), _start(display), path=display,
                           size=error.size if error.size is not None else f"more than {error.limit}",
                           limit=error.limit)]
    except OSError as error:
        return None, [make(kind.code("file-not-found"), None, path=display, reason=error.strerror or str(error))]


def decode(raw: bytes, display: str, kind: InputKind = BID) -> tuple[str | None, list[Diagnostic]]:
    """The UTF-8 text of a file's bytes (a byte order mark is allowed), the first bad byte located."""
    try:
        return raw.decode("utf-8-sig"), []
    except UnicodeDecodeError as error:
        return None, [make(kind.code("not-utf8"), _start(display), path=display, offset=error.start)]


# ---------------------------------------------------------------------------------------- YAML

class _Stop(Exception):
    """Reading cannot go on (an alias, a tag or a too-deep value was found); carries the diagnostic."""

    def __init__(self, diagnostic: Diagnostic) -> None:
        super().__init__(diagnostic.message)
        self.diagnostic = diagnostic


@dataclass(frozen=True, slots=True)
class _Extent:
    """Where a mapping or list is written: from its first event's start to its end event's end."""

    start_mark: Any
    end_mark: Any


_NULLS = frozenset({"", "~", "null", "Null", "NULL"})
_BOOLS = {"true": True, "True": True, "TRUE": True, "false": False, "False": False, "FALSE": False,
          "yes": True, "Yes": True, "YES": True, "no": False, "No": False, "NO": False}
_ON_OFF = frozenset({"on", "On", "ON", "off", "Off", "OFF"})
_PLAIN_NUMBER = re.compile(r"[-+]?(?:0|[1-9][0-9]*)(?:\.[0-9]+)?")
# The forms YAML 1.1 (PyYAML's resolver) reads as numbers; any not plain is refused.
_YAML11_INT = re.compile(r"""[-+]?0b[0-1_]+|[-+]?0[0-7_]+|[-+]?(?:0|[1-9][0-9_]*)|[-+]?0x[0-9a-fA-F_]+
                             |[-+]?[1-9][0-9_]*(?::[0-5]?[0-9])+""", re.X)
_YAML11_FLOAT = re.compile(r"""[-+]?(?:[0-9][0-9_]*)\.[0-9_]*(?:[eE][-+][0-9]+)?|\.[0-9_]+(?:[eE][-+][0-9]+)?
                               |[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+\.[0-9_]*|[-+]?\.(?:inf|Inf|INF)
                               |\.(?:nan|NaN|NAN)""", re.X)


def parse_yaml(text: str, file: str, kind: InputKind = BID) -> tuple[Document | None, list[Diagnostic]]:
    """Read YAML text: only plain mappings, lists and scalars, each with its place."""
    # Bids are read by PyYAML's pure-Python parser, the one the guidance site's in-browser check
    # runs (Pyodide has no libyaml): libyaml words its errors differently and accepts some tabs
    # PyYAML refuses, and a bid must get the same verdict and message in both (issue 13 item 7).
    loader_class = yaml.SafeLoader if kind is BID else getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    builder = _YamlBuilder(kind, file)
    try:
        loader = loader_class(text)
        try:
            data, empty = builder.stream(loader)
        finally:
            loader.dispose()
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        line, column = (mark.line + 1, mark.column + 1) if mark else (1, 1)
        span = Span(file=file, line=line, column=column, end_line=line, end_column=column + 1)
        reason = " ".join(str(error.problem or error.context or "not valid YAML").split())
        return None, [make(kind.code("yaml-syntax"), span, reason=reason)]
    except yaml.YAMLError as error:
        return None, [make(kind.code("yaml-syntax"), _start(file), reason=" ".join(str(error).split()))]
    except _Stop as stop:
        return None, [stop.diagnostic]
    if builder.problems:
        return None, builder.problems
    if empty:
        return Document(file=file, data=None, text=text, format="yaml"), []
    return Document(file=file, data=data, places=builder.places, key_places=builder.key_places, text=text,
                    format="yaml"), []


class _YamlBuilder:
    """Builds plain data from YAML parser events, refusing whatever a careless reader would trust."""

    def __init__(self, kind: InputKind, file: str) -> None:
        self.kind = kind
        self.file = file
        self.places: dict[Pointer, Place | Marked] = {}
        self.key_places: dict[Pointer, Place | Marked] = {}
        self.problems: list[Diagnostic] = []

    def span(self, where: Place | Marked) -> Span:
        p = _as_place(where)
        return Span(file=self.file, line=p.line, column=p.column, end_line=p.end_line, end_column=p.end_column)

    def stream(self, loader: Any) -> tuple[Any, bool]:
        """The data of the one document in the stream, and whether the stream was empty."""
        loader.get_event()  # the stream's start
        if loader.check_event(yaml.StreamEndEvent):
            return None, True
        loader.get_event()  # the document's start
        data = self.value(loader, loader.get_event(), (), self.places)
        loader.get_event()  # the document's end
        if not loader.check_event(yaml.StreamEndEvent):
            event = loader.get_event()
            raise _Stop(make(self.kind.code("yaml-syntax"), self.span(event),
                             reason=f"a {self.kind.noun} holds one YAML document; a second one starts here"))
        return data, False

    def refuse_references_and_tags(self, event: Any) -> None:
        if isinstance(event, yaml.AliasEvent) or getattr(event, "anchor", None) is not None:
            raise _Stop(make(self.kind.code("yaml-reference"), self.span(event)))
        if getattr(event, "tag", None) is not None:
            raise _Stop(make(self.kind.code("yaml-unsafe-tag"), self.span(event), tag=event.tag))

    def value(self, loader: Any, event: Any, path: Pointer, places: dict[Pointer, Place | Marked]) -> Any:
        self.refuse_references_and_tags(event)
        if len(path) > self.kind.max_depth:
            raise _Stop(make(self.kind.code("too-deep"), self.span(event), limit=self.kind.max_depth))
        out: dict[str, Any] | list[Any]
        if isinstance(event, yaml.MappingStartEvent):
            out = self.mapping(loader, path, places)
        elif isinstance(event, yaml.SequenceStartEvent):
            items: list[Any] = []
            while not loader.check_event(yaml.SequenceEndEvent):
                items.append(self.value(loader, loader.get_event(), (*path, len(items)), places))
            out = items
        else:
            places[path] = event
            return self.scalar(event)
        places[path] = _Extent(event.start_mark, loader.get_event().end_mark)
        return out

    def mapping(self, loader: Any, path: Pointer, places: dict[Pointer, Place | Marked]) -> dict[str, Any]:
        out: dict[str, Any] = {}
        while not loader.check_event(yaml.MappingEndEvent):
            key_event = loader.get_event()
            self.refuse_references_and_tags(key_event)
            if not isinstance(key_event, yaml.ScalarEvent):
                raise _Stop(make(self.kind.code("bad-key"), self.span(key_event)))
            key = key_event.value
            if key == "<<" and key_event.implicit[0]:
                raise _Stop(make(self.kind.code("yaml-reference"), self.span(key_event)))
            value_event = loader.get_event()
            if key in out:
                first = self.span(self.key_places[(*path, key)])
                self.problems.append(make(self.kind.code("duplicate-key"), self.span(key_event), key=key,
                                          line=first.line, related=[Related(span=first, message="first given here")]))
                self.value(loader, value_event, ("\0duplicate", *path, key), {})
                continue
            self.key_places[(*path, key)] = key_event
            out[key] = self.value(loader, value_event, (*path, key), places)
        return out

    def scalar(self, event: Any) -> Any:
        text: str = event.value
        if not event.implicit[0]:
            return text  # quoted or a block of text: always text
        if text in _NULLS:
            return None
        if text in _BOOLS:
            return _BOOLS[text]
        if _PLAIN_NUMBER.fullmatch(text):
            return Decimal(text)
        unclear = unclear_reading(text)
        if unclear is not None:
            problem, reading, advice = unclear
            self.problems.append(make(self.kind.code(problem), self.span(event), text=shorten(text),
                                      reading=reading, hint=advice))
            return None
        return text


def unclear_reading(text: str) -> tuple[str, str, str] | None:
    """For a plain YAML word that YAML 1.1 reads as something other than what a person reads:
    the problem, what YAML would read and what to write instead. None when it reads as text."""
    if text in _ON_OFF:
        return ("ambiguous-value", "yes" if text.lower() == "on" else "no",
                f"write yes or no, or \"{text}\" in quotes if it is text")
    if text.lstrip("+-") in (".inf", ".Inf", ".INF") or text in (".nan", ".NaN", ".NAN"):
        return ("infinite", "not a number" if "nan" in text.lower() else "infinity",
                "write a finite number, such as 0 or 12.5")
    if not (_YAML11_INT.fullmatch(text) or _YAML11_FLOAT.fullmatch(text)):
        return None
    sign = "-" if text.startswith("-") else ""
    body = text.lstrip("+-").replace("_", "")
    form, value = _yaml11_number(body)
    quoted = f"or \"{shorten(text)}\" in quotes if it is {'a time or ' if form == 'base-60 ' else ''}text"
    # Past 30 digits the figure is no help to a reader (and a huge one is slow to write out).
    figure = sign + _plain(value) if value is not None and (not value or abs(value.adjusted()) <= 30) else None
    if figure is None:
        article = "an" if form.startswith("octal") else "a"
        reading = "a number in exponent form" if not form and "e" in body.lower() else f"{article} {form}number"
        return ("ambiguous-value", reading, f"write the number in plain decimal digits, {quoted}")
    if form == "octal ":
        meant = sign + (body.lstrip("0") or "0")
        return ("ambiguous-value", f"the octal number {figure}", f"write {meant} without the leading zero, {quoted}")
    if form:
        return ("ambiguous-value", f"the {form}number {figure}", f"write {figure} if you mean that number, {quoted}")
    return ("ambiguous-value", f"the number {figure}", f"write {figure}, {quoted}")


def _yaml11_number(body: str) -> tuple[str, Decimal | None]:
    """The kind of a YAML 1.1 number (`'hexadecimal '`, or `''` for a decimal) and its value
    (None when it is too long to be worth working out)."""
    if ":" in body:
        form = "base-60 "
    elif body.startswith(("0b", "0x")):
        form = "binary " if body.startswith("0b") else "hexadecimal "
    elif re.fullmatch(r"0[0-7]+", body):
        form = "octal "
    else:
        form = ""
    if len(body) > 40:
        return form, None
    try:
        if form == "base-60 ":
            return form, _sexagesimal(body)
        if form in ("binary ", "hexadecimal "):
            return form, Decimal(int(body[2:] or "0", 2 if form == "binary " else 16))
        if form == "octal ":
            return form, Decimal(int(body, 8))
        return form, Decimal(body)
    except (InvalidOperation, ValueError):
        return form, None


def shorten(text: str, limit: int = 40) -> str:
    """`text` as quoted in a message: at most `limit` characters, then an ellipsis."""
    return text if len(text) <= limit else text[:limit] + "…"


def _sexagesimal(body: str) -> Decimal:
    value = Decimal(0)
    for part in body.split(":"):
        value = value * 60 + Decimal(part or "0")
    return value


def _plain(value: Decimal) -> str:
    """A decimal as a person writes it: 1500, 0.5 (never exponent notation)."""
    if value == value.to_integral_value():
        return str(int(value))
    return format(value, "f").rstrip("0").rstrip(".")


# ---------------------------------------------------------------------------------------- JSON

_WHITESPACE = re.compile(r"[ \t\n\r]*")
_NUMBER = re.compile(r"-?(?:0|[1-9][0-9]*)(?:\.[0-9]+)?(?:[eE][-+]?[0-9]+)?")
_LITERALS = {"true": True, "false": False, "null": None}


class _JsonError(Exception):
    def __init__(self, reason: str, offset: int) -> None:
        super().__init__(reason)
        self.reason = reason
        self.offset = offset


class _JsonReader:
    """A strict JSON reader (RFC 8259) that records where every value and key is written."""

    def __init__(self, text: str, kind: InputKind) -> None:
        self.text = text
        self.kind = kind
        self.starts = [0] + [m.end() for m in re.finditer("\n", text)]
        self.places: dict[Pointer, Place] = {}
        self.key_places: dict[Pointer, Place] = {}
        self.duplicates: list[tuple[str, Place, Place]] = []

    def position(self, offset: int) -> tuple[int, int]:
        line = bisect.bisect_right(self.starts, offset)
        return line, offset - self.starts[line - 1] + 1

    def place(self, start: int, end: int) -> Place:
        line, column = self.position(start)
        end_line, end_column = self.position(end)
        return Place(line=line, column=column, end_line=end_line, end_column=end_column)

    def skip(self, offset: int) -> int:
        return _WHITESPACE.match(self.text, offset).end()  # type: ignore[union-attr]

    def document(self) -> Any:
        start = self.skip(0)
        value, end = self.value(start, ())
        end = self.skip(end)
        if end != len(self.text):
            raise _JsonError(f"unexpected text after the end of the {self.kind.noun}", end)
        return value

    def value(self, offset: int, path: Pointer) -> tuple[Any, int]:
        if len(path) > self.kind.max_depth:
            raise _JsonError(f"nested more than {self.kind.max_depth} levels deep", offset)
        text = self.text
        char = text[offset:offset + 1]
        value: Any
        if char == "{":
            value, end = self.object(offset + 1, path)
        elif char == "[":
            value, end = self.array(offset + 1, path)
        elif char == '"':
            value, end = self.string(offset + 1)
        else:
            match = _NUMBER.match(text, offset)
            if match:
                value, end = Decimal(match.group()), match.end()
            else:
                for literal, literal_value in _LITERALS.items():
                    if text.startswith(literal, offset):
                        value, end = literal_value, offset + len(literal)
                        break
                else:
                    found = repr(char) if char else "the end of the file"
                    raise _JsonError(f"expected a value, found {found}", offset)
        self.places[path] = self.place(offset, end)
        return value, end

    def string(self, offset: int) -> tuple[str, int]:
        try:
            return json.decoder.scanstring(self.text, offset, True)  # type: ignore[attr-defined,no-any-return]
        except json.JSONDecodeError as error:
            raise _JsonError(error.msg.lower(), error.pos) from None

    def object(self, offset: int, path: Pointer) -> tuple[dict[str, Any], int]:
        out: dict[str, Any] = {}
        offset = self.skip(offset)
        if self.text.startswith("}", offset):
            return out, offset + 1
        while True:
            if not self.text.startswith('"', offset):
                raise _JsonError("expected a quoted key", offset)
            key, end = self.string(offset + 1)
            key_place = self.place(offset, end)
            offset = self.skip(end)
            if not self.text.startswith(":", offset):
                raise _JsonError("expected ':' after the key", offset)
            offset = self.skip(offset + 1)
            if key in out:
                self.duplicates.append((key, key_place, self.key_places[(*path, key)]))
                _, offset = self.value(offset, ("\0duplicate",))
            else:
                self.key_places[(*path, key)] = key_place
                out[key], offset = self.value(offset, (*path, key))
            offset = self.skip(offset)
            if self.text.startswith("}", offset):
                return out, offset + 1
            if not self.text.startswith(",", offset):
                raise _JsonError("expected ',' or '}'", offset)
            offset = self.skip(offset + 1)

    def array(self, offset: int, path: Pointer) -> tuple[list[Any], int]:
        out: list[Any] = []
        offset = self.skip(offset)
        if self.text.startswith("]", offset):
            return out, offset + 1
        while True:
            value, offset = self.value(offset, (*path, len(out)))
            out.append(value)
            offset = self.skip(offset)
            if self.text.startswith("]", offset):
                return out, offset + 1
            if not self.text.startswith(",", offset):
                raise _JsonError("expected ',' or ']'", offset)
            offset = self.skip(offset + 1)


def _place_span(file: str, place: Place) -> Span:
    return Span(file=file, line=place.line, column=place.column, end_line=place.end_line, end_column=place.end_column)


def parse_json(text: str, file: str, kind: InputKind = BID) -> tuple[Document | None, list[Diagnostic]]:
    """Read JSON text exactly: numbers become Decimals and duplicate keys are errors."""
    reader = _JsonReader(text, kind)
    try:
        data = reader.document()
    except _JsonError as error:
        line, column = reader.position(min(error.offset, len(text)))
        span = Span(file=file, line=line, column=column, end_line=line, end_column=column + 1)
        return None, [make(kind.code("json-syntax"), span, reason=error.reason)]
    problems = [make(kind.code("duplicate-key"), _place_span(file, again), key=key, line=first.line,
                     related=[Related(span=_place_span(file, first), message="first given here")])
                for key, again, first in reader.duplicates]
    if problems:
        return None, problems
    reader.places.pop(("\0duplicate",), None)
    return Document(file=file, data=data, places=reader.places, key_places=reader.key_places, text=text,
                    format="json"), []


__all__ = ["BID", "MARKS", "TESTS", "Document", "InputKind", "Place", "Pointer", "json_pointer", "parse_json",
           "parse_yaml", "read_file", "read_text", "unclear_reading"]
