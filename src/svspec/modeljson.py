"""The lowered model as JSON, and back: `tender-model.json` in a built tender folder.

`svspec build` writes the tender's model so that `svspec validate out/TENDER bid.yaml` (and the
in-browser check of the guidance site, which runs this same code in Pyodide) can check bids
without the `.svspec` sources. One generic codec, driven by the model's own type annotations,
turns any frozen dataclass into JSON and back, so a field another change adds to `model.py` is
carried without touching this file. Decimals are written as strings (exact: `"0.25"`, never a
binary float); tuples as arrays; the indexes a `Framework` keeps for lookups are rebuilt, not
stored.

The file is input from outside when it is read back (a folder can be edited, a site's copy
replaced), so reading it trusts nothing: every value is checked against its annotation, every
kind name against its table and every scale a rule names must exist; any problem is a
`tender-model/*` diagnostic with the JSON pointer of the value, never a traceback.
Standard library only (plus svspec's model), so it runs in the browser too.
"""

from __future__ import annotations

import dataclasses
import json
import types
import typing
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

from svspec import model
from svspec.diagnostics import Diagnostic, Span, make

FILE = "tender-model.json"
FORMAT = "svspec-tender-model"
VERSION = 1
"""The version of the file's layout. Raised when a change to the model cannot be read by an older
svspec (a renamed or removed field); a new optional field keeps it."""
SIZE_LIMIT = 64 * 1024 * 1024
MAX_DEPTH = 64

# Lookups `semantics.lower` builds beside a framework's tuples: (index field, tuple field, key).
_INDEXES = {
    "measure_index": ("measures", "code"),
    "outcome_index": ("outcomes", "name"),
    "theme_index": ("themes", "name"),
    "scale_index": ("scales", "name"),
}


class ModelFileError(ValueError):
    """A value of a tender model file that does not fit the model: where (a JSON pointer) and why."""

    def __init__(self, pointer: str, reason: str) -> None:
        super().__init__(f"{pointer or '/'}: {reason}")
        self.pointer = pointer or "/"
        self.reason = reason


# ------------------------------------------------------------------------------------ writing

_PATHS = frozenset({"file", "framework_path", "path"})
"""Fields that hold a path on the machine that compiled the spec (spans' files too)."""


def dumps(tender: model.Tender, *, public: bool = False) -> str:
    """The tender's model as JSON text (sorted keys, one line per value: it diffs well).

    `public` (the copy a guidance site publishes) keeps only the last part of every path, so a
    published site never shows the folders of the machine that built it; bid checks read none."""
    document = {"format": FORMAT, "version": VERSION, "tender": encode(tender, public=public)}
    return json.dumps(document, ensure_ascii=False, indent=1, sort_keys=True) + "\n"


def encode(value: Any, *, public: bool = False) -> Any:
    """Any model value as plain JSON data (Decimals as exact strings)."""
    if value is None or isinstance(value, (bool, int, str)):
        return value
    if isinstance(value, Decimal):
        return str(value)
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {f.name: _field(f.name, getattr(value, f.name), public) for f in dataclasses.fields(value)
                if f.name not in _INDEXES}
    if isinstance(value, tuple) and hasattr(value, "_fields"):
        return {name: _field(name, getattr(value, name), public) for name in value._fields}
    if isinstance(value, (tuple, list)):
        return [encode(item, public=public) for item in value]
    raise TypeError(f"the model holds a {type(value).__name__}, which the tender model file cannot carry")


def _field(name: str, value: Any, public: bool) -> Any:
    if public and name in _PATHS and isinstance(value, str):
        return value.replace("\\", "/").rsplit("/", 1)[-1]
    return encode(value, public=public)


def emit(spec: model.Model, out_dir: Path) -> None:
    """The `svspec build` emitter: `tender-model.json`, for `svspec validate` of the folder."""
    from svspec.emit.build import write_text

    if isinstance(spec, model.Tender):
        write_text(Path(out_dir) / FILE, dumps(spec))


# ------------------------------------------------------------------------------------ reading

def loads(text: str, file: str = FILE) -> tuple[model.Tender | None, list[Diagnostic]]:
    """The tender read back from a tender model file's text, or None and the diagnostic why."""
    where = Span(file=file, line=1, column=1, end_line=1, end_column=1)
    try:
        document = json.loads(text, parse_float=_refuse_float, parse_int=_strict_int,
                              parse_constant=_refuse_constant, object_pairs_hook=_no_duplicates)
    except ModelFileError as error:
        return None, [make("tender-model/malformed", where, path=file, pointer=error.pointer, reason=error.reason)]
    except (ValueError, RecursionError) as error:
        return None, [make("tender-model/unreadable", where, path=file, reason=_reason(error))]
    if not isinstance(document, dict) or document.get("format") != FORMAT:
        return None, [make("tender-model/unreadable", where, path=file,
                           reason=f"it is not a tender model file (no \"format\": \"{FORMAT}\")")]
    version = document.get("version")
    if version != VERSION:
        return None, [make("tender-model/version", where, path=file, found=json.dumps(version)[:40],
                           version=VERSION)]
    try:
        tender = decode(model.Tender, document.get("tender"), "/tender", 0)
        _check_references(tender)
    except ModelFileError as error:
        return None, [make("tender-model/malformed", where, path=file, pointer=error.pointer, reason=error.reason)]
    except RecursionError:
        return None, [make("tender-model/malformed", where, path=file, pointer="/tender",
                           reason="it is nested too deeply")]
    return tender, []


def load(path: Path, display: str | None = None) -> tuple[model.Tender | None, list[Diagnostic]]:
    """The tender of a built folder's `tender-model.json` (or of that file itself)."""
    from svspec.files import FileTooLarge, NotRegularFile, read_capped

    path = Path(path)
    if path.is_dir():
        path = path / FILE
    shown = display or path.as_posix()
    where = Span(file=shown, line=1, column=1, end_line=1, end_column=1)
    if not path.exists():
        return None, [make("tender-model/missing", where, path=shown, folder=path.parent.as_posix())]
    try:
        data = read_capped(path, SIZE_LIMIT)
    except FileTooLarge as error:
        return None, [make("tender-model/unreadable", where, path=shown,
                           reason=f"it is {error.size} bytes, more than {SIZE_LIMIT}")]
    except NotRegularFile as error:
        return None, [make("tender-model/unreadable", where, path=shown, reason=f"it is {error.kind}")]
    except OSError as error:
        return None, [make("tender-model/unreadable", where, path=shown, reason=error.strerror or str(error))]
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as error:
        return None, [make("tender-model/unreadable", where, path=shown,
                           reason=f"byte {error.start} is not UTF-8")]
    return loads(text, shown)


def decode(annotation: Any, data: Any, pointer: str, depth: int) -> Any:
    """The value of type `annotation` that `data` encodes; `ModelFileError` when it does not fit."""
    if depth > MAX_DEPTH:
        raise ModelFileError(pointer, "it is nested too deeply")
    origin = typing.get_origin(annotation)
    if annotation is Any:
        raise ModelFileError(pointer, "the model has a value of no fixed type")  # our bug, never input
    if origin in (typing.Union, types.UnionType):
        options = typing.get_args(annotation)
        if data is None and type(None) in options:
            return None
        problems = []
        for option in options:
            if option is type(None):
                continue
            try:
                return decode(option, data, pointer, depth + 1)
            except ModelFileError as error:
                problems.append(error)
        raise problems[0] if len(problems) == 1 else ModelFileError(pointer, "it fits none of the kinds of value here")
    if origin is typing.Literal:
        allowed = typing.get_args(annotation)
        if data not in allowed or type(data) is not type(allowed[0]):
            raise ModelFileError(pointer, "it must be one of " + ", ".join(json.dumps(a) for a in allowed))
        return data
    if origin is tuple:
        return _decode_tuple(annotation, data, pointer, depth)
    if annotation is Decimal:
        return _decimal(data, pointer)
    if annotation is bool:
        if type(data) is not bool:
            raise ModelFileError(pointer, "it must be true or false")
        return data
    if annotation is int:
        if type(data) is not int:
            raise ModelFileError(pointer, "it must be a whole number")
        return data
    if annotation is str:
        if type(data) is not str:
            raise ModelFileError(pointer, "it must be a string")
        return data
    if isinstance(annotation, type) and (dataclasses.is_dataclass(annotation) or hasattr(annotation, "_fields")):
        return _decode_record(annotation, data, pointer, depth)
    raise ModelFileError(pointer, f"the model has a value of type {annotation!r} the file cannot carry")


def _decode_tuple(annotation: Any, data: Any, pointer: str, depth: int) -> tuple[Any, ...]:
    if type(data) is not list:
        raise ModelFileError(pointer, "it must be a list")
    args = typing.get_args(annotation)
    if len(args) == 2 and args[1] is Ellipsis:
        return tuple(decode(args[0], item, f"{pointer}/{i}", depth + 1) for i, item in enumerate(data))
    if len(data) != len(args):
        raise ModelFileError(pointer, f"it must be a list of {len(args)} values")
    pairs = enumerate(zip(args, data, strict=True))
    return tuple(decode(a, item, f"{pointer}/{i}", depth + 1) for i, (a, item) in pairs)


def _decode_record(cls: type, data: Any, pointer: str, depth: int) -> Any:
    """A dataclass or named tuple from an object: every required field present, no unknown field."""
    if type(data) is not dict:
        raise ModelFileError(pointer, "it must be an object")
    hints = _hints(cls)
    if dataclasses.is_dataclass(cls):
        known = [f for f in dataclasses.fields(cls) if f.name not in _INDEXES]
        fields = {f.name for f in known}
        required = {f.name for f in known
                    if f.default is dataclasses.MISSING and f.default_factory is dataclasses.MISSING}
    else:
        fields = set(cls._fields)  # type: ignore[attr-defined]
        defaults = getattr(cls, "_field_defaults", {})
        required = {name for name in fields if name not in defaults}
    for name in data:
        if name not in fields:
            raise ModelFileError(f"{pointer}/{_escape(name)}", "this svspec knows no such field (was the "
                                 "folder built by a newer svspec?)")
    missing = sorted(required - set(data))
    if missing:
        raise ModelFileError(pointer, f"the field \"{missing[0]}\" is missing")
    values = {name: decode(hints[name], value, f"{pointer}/{_escape(name)}", depth + 1) for name, value in data.items()}
    if cls is model.Framework:
        for index, (items, key) in _INDEXES.items():
            found = values.get(items, ())
            values[index] = types.MappingProxyType({getattr(item, key): item for item in found})
    return cls(**values)


_HINTS: dict[type, dict[str, Any]] = {}


def _hints(cls: type) -> dict[str, Any]:
    found = _HINTS.get(cls)
    if found is None:
        found = _HINTS[cls] = typing.get_type_hints(cls)
    return found


def _decimal(data: Any, pointer: str) -> Decimal:
    if type(data) is not str or len(data) > 100:
        raise ModelFileError(pointer, "it must be a number written as a string, such as \"0.25\"")
    try:
        number = Decimal(data)
    except InvalidOperation:
        raise ModelFileError(pointer, f"{json.dumps(data)} is not a number") from None
    if not number.is_finite() or abs(number.adjusted()) > 40:
        raise ModelFileError(pointer, f"{json.dumps(data)} is not a number svspec can use")
    return number


def _check_references(tender: model.Tender) -> None:
    """What the bid checks look up must be there: every rule's kind in the table of rule kinds,
    every scale a rule names among the tender's or the framework's scales."""
    from svspec.kinds.rules import RULES

    scales = {s.name for s in tender.scales} | set(tender.framework.scale_index)
    rules: list[tuple[str, model.ScoringRule]] = [
        (f"/tender/questions/{i}/scoring", q.scoring) for i, q in enumerate(tender.questions)]
    rules += [(f"/tender/selections/{i}/scoring", s.scoring) for i, s in enumerate(tender.selections)]
    rules += [(f"/tender/framework/measures/{i}/default_scoring", m.default_scoring)
              for i, m in enumerate(tender.framework.measures) if m.default_scoring is not None]
    for pointer, rule in rules:
        if rule.kind not in RULES:
            raise ModelFileError(f"{pointer}/kind", f"there is no scoring rule kind {json.dumps(rule.kind)}")
        for field in ("scale", "credibility_scale"):
            name = getattr(rule, field)
            if name is not None and name not in scales:
                raise ModelFileError(f"{pointer}/{field}", f"there is no scale {json.dumps(name)}")


def _escape(name: str) -> str:
    return name.replace("~", "~0").replace("/", "~1")


def _reason(error: Exception) -> str:
    if isinstance(error, RecursionError):
        return "it is nested too deeply"
    if isinstance(error, json.JSONDecodeError):
        return f"it is not JSON ({error.msg} at line {error.lineno}, column {error.colno})"
    return str(error)


def _refuse_float(text: str) -> Any:
    raise ModelFileError("", f"the number {text[:40]} is written bare; the file writes numbers as strings")


def _strict_int(text: str) -> int:
    if len(text) > 20:
        raise ModelFileError("", f"the whole number {text[:40]}... is too long")
    return int(text)


def _refuse_constant(name: str) -> Any:
    raise ModelFileError("", f"{name} is not a number")


def _no_duplicates(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    out = dict(pairs)
    if len(out) != len(pairs):
        seen: set[str] = set()
        for key, _value in pairs:
            if key in seen:
                raise ModelFileError("", f"the key {json.dumps(key)[:60]} is given twice")
            seen.add(key)
    return out


__all__ = ["FILE", "VERSION", "ModelFileError", "decode", "dumps", "emit", "encode", "load", "loads"]
