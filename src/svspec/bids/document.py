"""Reading a bid file into plain data with the place of every value, safely.

A bid is untrusted input. YAML is composed (never constructed) so that no tag can build a
Python object; aliases and merge keys are refused so that an alias bomb cannot expand; JSON is
read by a small parser that keeps positions and refuses duplicate keys. Numbers become exact
`Decimal`s, never floats. Spreadsheets are read by `svspec.bids.spreadsheet`.

The result is a `Document`: `data` made of dict, list, str, Decimal, bool and None, and
`places`, which maps a JSON pointer (a tuple of keys and indexes) to where its value is written.
"""

from __future__ import annotations

import bisect
import json
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

import yaml

from svspec.diagnostics import Diagnostic, Span, make
from svspec.files import FOLDER, FileTooLarge, NotRegularFile, read_capped

Pointer = tuple[str | int, ...]

MAX_TEXT_BYTES = 1_000_000
"""Largest YAML or JSON bid read (1 MB): a long bid is about 50 KB."""

MAX_DEPTH = 32
"""Deepest nesting accepted; a bid needs three levels."""


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


@dataclass(frozen=True, slots=True, kw_only=True)
class Document:
    """A bid file read into plain data, with the place of each value and each mapping key."""

    file: str
    data: Any
    places: Mapping[Pointer, Place | yaml.Node] = field(default_factory=dict)
    key_places: Mapping[Pointer, Place | yaml.Node] = field(default_factory=dict)
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


def _as_place(where: Place | yaml.Node) -> Place:
    # YAML places are kept as the composed nodes and turned into places only when a problem
    # is reported: most bids are valid, and most values of an invalid one are fine.
    return where if isinstance(where, Place) else _place(where)


def json_pointer(pointer: Pointer) -> str:
    """RFC 6901 text of a pointer: ('social_value', 'LBL1') -> '/social_value/LBL1'."""
    return "".join("/" + str(p).replace("~", "~0").replace("/", "~1") for p in pointer) or "/"


def read_text(path: Path, display: str) -> tuple[str | None, list[Diagnostic]]:
    """The text of a YAML or JSON bid, refusing files that are too large or not UTF-8."""
    start = Span(file=display, line=1, column=1, end_line=1, end_column=1)
    try:
        raw = read_capped(path, MAX_TEXT_BYTES)
    except FileTooLarge as error:
        return None, [make("bid/file-too-large", start, path=display, size=error.size_text, limit=MAX_TEXT_BYTES)]
    except NotRegularFile as error:
        if error.kind == FOLDER:
            return None, [make("file-not-found", None, path=display, reason="it is a folder")]
        return None, [make("file-not-regular", None, path=display, kind=error.kind)]
    except OSError as error:
        return None, [make("file-not-found", None, path=display, reason=error.strerror or str(error))]
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        return None, [make("bid/not-utf8", start, path=display, offset=error.start)]
    return text, []


# ---------------------------------------------------------------------------------------- YAML

_TAG = "tag:yaml.org,2002:"
_SCALAR_TAGS = {_TAG + t for t in ("str", "int", "float", "bool", "null", "timestamp")}


class _Stop(Exception):
    """Reading cannot go on (a reference or an unsafe tag was found); carries the diagnostic."""

    def __init__(self, diagnostic: Diagnostic) -> None:
        super().__init__(diagnostic.message)
        self.diagnostic = diagnostic


def parse_yaml(text: str, file: str) -> tuple[Document | None, list[Diagnostic]]:
    """Read YAML bid text. Only plain mappings, lists and scalars are accepted."""
    loader_class = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    try:
        loader = loader_class(text)
        try:
            root = loader.get_single_node()
        finally:
            loader.dispose()
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        line, column = (mark.line + 1, mark.column + 1) if mark else (1, 1)
        span = Span(file=file, line=line, column=column, end_line=line, end_column=column + 1)
        reason = " ".join(str(error.problem or error.context or "not valid YAML").split())
        return None, [make("bid/yaml-syntax", span, reason=reason)]
    except yaml.YAMLError as error:
        span = Span(file=file, line=1, column=1, end_line=1, end_column=1)
        return None, [make("bid/yaml-syntax", span, reason=" ".join(str(error).split()))]
    except RecursionError:
        span = Span(file=file, line=1, column=1, end_line=1, end_column=1)
        return None, [make("bid/too-deep", span, limit=MAX_DEPTH)]
    if root is None:
        return Document(file=file, data=None, text=text, format="yaml"), []
    places: dict[Pointer, Place | yaml.Node] = {}
    key_places: dict[Pointer, Place | yaml.Node] = {}
    problems: list[Diagnostic] = []
    try:
        data = _yaml_value(root, (), places, key_places, set(), problems, file)
    except _Stop as stop:
        return None, [stop.diagnostic]
    doc = Document(file=file, data=data, places=places, key_places=key_places, text=text, format="yaml")
    return (None if problems else doc), problems


def _place(node: yaml.Node) -> Place:
    start, end = node.start_mark, node.end_mark
    return Place(line=start.line + 1, column=start.column + 1, end_line=end.line + 1, end_column=end.column + 1)


def _node_span(node: yaml.Node, file: str) -> Span:
    p = _place(node)
    return Span(file=file, line=p.line, column=p.column, end_line=p.end_line, end_column=p.end_column)


def _yaml_value(node: yaml.Node, path: Pointer, places: dict[Pointer, Place | yaml.Node],
                key_places: dict[Pointer, Place | yaml.Node],
                seen: set[int], problems: list[Diagnostic], file: str) -> Any:
    if id(node) in seen or node.tag == _TAG + "merge":
        raise _Stop(make("bid/yaml-reference", _node_span(node, file)))
    seen.add(id(node))
    if len(path) > MAX_DEPTH:
        raise _Stop(make("bid/too-deep", _node_span(node, file), limit=MAX_DEPTH))
    places[path] = node
    if isinstance(node, yaml.MappingNode):
        if node.tag != _TAG + "map":
            raise _Stop(make("bid/yaml-unsafe-tag", _node_span(node, file), tag=node.tag))
        out: dict[str, Any] = {}
        for key_node, value_node in node.value:
            if key_node.tag == _TAG + "merge":
                raise _Stop(make("bid/yaml-reference", _node_span(key_node, file)))
            if not isinstance(key_node, yaml.ScalarNode):
                raise _Stop(make("bid/bad-key", _node_span(key_node, file)))
            if key_node.tag not in _SCALAR_TAGS:
                raise _Stop(make("bid/yaml-unsafe-tag", _node_span(key_node, file), tag=key_node.tag))
            key = key_node.value
            if key in out:
                problems.append(make("bid/duplicate-key", _node_span(key_node, file), key=key,
                                     line=_as_place(key_places[(*path, key)]).line))
                continue
            key_places[(*path, key)] = key_node
            out[key] = _yaml_value(value_node, (*path, key), places, key_places, seen, problems, file)
        return out
    if isinstance(node, yaml.SequenceNode):
        if node.tag != _TAG + "seq":
            raise _Stop(make("bid/yaml-unsafe-tag", _node_span(node, file), tag=node.tag))
        return [_yaml_value(item, (*path, i), places, key_places, seen, problems, file)
                for i, item in enumerate(node.value)]
    if node.tag not in _SCALAR_TAGS or not isinstance(node, yaml.ScalarNode):
        raise _Stop(make("bid/yaml-unsafe-tag", _node_span(node, file), tag=node.tag))
    return _yaml_scalar(node, file, problems)


def _yaml_scalar(node: yaml.ScalarNode, file: str, problems: list[Diagnostic]) -> Any:
    tag, text = node.tag, node.value
    if tag == _TAG + "str" or tag == _TAG + "timestamp":
        return text
    if tag == _TAG + "null":
        return None
    if tag == _TAG + "bool":
        return text.lower() in ("yes", "true", "on", "y")
    if tag == _TAG + "int":
        return Decimal(yaml.constructor.SafeConstructor().construct_yaml_int(node))
    number = _decimal(text.replace("_", ""))
    if number is None:
        problems.append(make("bid/not-a-number", _node_span(node, file), text=text))
    return number


def _decimal(text: str) -> Decimal | None:
    try:
        value = Decimal(text)
    except InvalidOperation:
        return None
    return value if value.is_finite() else None


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

    def __init__(self, text: str) -> None:
        self.text = text
        self.starts = [0] + [m.end() for m in re.finditer("\n", text)]
        self.places: dict[Pointer, Place] = {}
        self.key_places: dict[Pointer, Place] = {}
        self.duplicates: list[tuple[str, int, int]] = []

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
            raise _JsonError("unexpected text after the end of the bid", end)
        return value

    def value(self, offset: int, path: Pointer) -> tuple[Any, int]:
        if len(path) > MAX_DEPTH:
            raise _JsonError(f"nested more than {MAX_DEPTH} levels deep", offset)
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
                self.duplicates.append((key, offset, self.key_places[(*path, key)].line))
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


def parse_json(text: str, file: str) -> tuple[Document | None, list[Diagnostic]]:
    """Read JSON bid text exactly: numbers become Decimals and duplicate keys are errors."""
    reader = _JsonReader(text)
    try:
        data = reader.document()
    except _JsonError as error:
        line, column = reader.position(min(error.offset, len(text)))
        span = Span(file=file, line=line, column=column, end_line=line, end_column=column + 1)
        return None, [make("bid/json-syntax", span, reason=error.reason)]
    problems = []
    for key, offset, first_line in reader.duplicates:
        place = reader.place(offset, offset + 1)
        span = Span(file=file, line=place.line, column=place.column, end_line=place.end_line,
                    end_column=place.end_column)
        problems.append(make("bid/duplicate-key", span, key=key, line=first_line))
    if problems:
        return None, problems
    reader.places.pop(("\0duplicate",), None)
    return Document(file=file, data=data, places=reader.places, key_places=reader.key_places, text=text,
                    format="json"), []
