"""Reading test files (`NAME.svtest.yaml`): executable examples of what a tender's rules mean.

    tender: ../waste-2027.svspec          # relative to this file
    cases:
      - name: Local jobs earn points on a straight line
        bids: [../bids/waste-acme.yaml]   # bid files, or bids written inline like a bid file
        marks: ../marks/waste-2027.yaml   # optional: a marks file, or marks written inline
        expect:
          winner: Acme Services Ltd
          points: {Acme Services Ltd: {LBL1: 2.8}}

A test file is written by a policy lead, but it is still read as a file from outside: through the
one hardened reader (`svspec.reader`, kind `TESTS`), every mistake a located diagnostic. What can
be checked without the tender (shape, keys, figures) is checked here; bidders and item codes are
checked when the case runs (`svspec.spectest.run`), against the tender and the case's bids.
"""

from __future__ import annotations

import os
import re
import unicodedata
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any

from svspec import names
from svspec.diagnostics import Diagnostic, Span, make
from svspec.diagnostics.suggest import did_you_mean
from svspec.reader import TESTS, Document, Pointer, read_file, shorten

SUFFIXES = (".svtest.yaml", ".svtest.yml", ".svtest.json")
"""What a test file's name ends with; `svspec test FOLDER` runs every such file under FOLDER."""

FILE_KEYS = ("tender", "cases")
CASE_KEYS = ("name", "why", "tender", "bids", "marks", "expect")
EXPECT_KEYS = ("winner", "ranks", "totals", "points", "scores", "excluded", "social_value", "tolerance")
TOLERANCE_KEYS = ("points", "social_value")

_FIGURE = re.compile(r"(-?)(£?)((?:0|[1-9][0-9]{0,2}(?:,[0-9]{3})+|[1-9][0-9]*)(?:\.[0-9]+)?|0\.[0-9]+)")


@dataclass(frozen=True, slots=True, kw_only=True)
class Figure:
    """An expected figure as written (`87.46`, `£19,300.20`) and where."""

    value: Decimal
    written: str
    span: Span


@dataclass(frozen=True, slots=True, kw_only=True)
class Named:
    """A bidder's name, an item code or a reason as written in an expectation, and where."""

    text: str
    span: Span


@dataclass(frozen=True, slots=True, kw_only=True)
class Expect:
    """What a case expects; None (or empty) for what it does not check."""

    winner: Named | None = None
    no_winner: Span | None = None
    """Where `winner: none` is written: no bid may rank first alone."""
    ranks: tuple[tuple[Named, int], ...] | None = None
    totals: tuple[tuple[Named, Figure], ...] = ()
    points: tuple[tuple[Named, Named, Figure], ...] = ()
    scores: tuple[tuple[Named, Named, Figure], ...] = ()
    excluded: tuple[tuple[Named, Named | None], ...] | None = None
    social_value: tuple[tuple[Named, Named | None, Figure], ...] = ()
    points_tolerance: Decimal | None = None
    money_tolerance: Decimal | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class BidSource:
    """A bid of a case: a file (`path`), or written inline at `pointer` of the test file."""

    span: Span
    path: Path | None = None
    pointer: Pointer | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class Case:
    name: str
    span: Span
    why: str | None
    tender: Path | None
    tender_span: Span
    bids: tuple[BidSource, ...]
    marks: BidSource | None
    expect: Expect


@dataclass(frozen=True, slots=True, kw_only=True)
class TestFile:
    """A read test file: its cases, and the document they were read from (for inline bids and marks)."""

    path: Path
    display: str
    document: Document
    cases: tuple[Case, ...]


def discover(path: Path) -> list[Path]:
    """The test files at `path`: the file itself, or every `*.svtest.yaml` under the folder, in order.

    Hidden folders and symbolic links to folders are not entered (a link could lead anywhere, or
    round in a circle).
    """
    if not path.is_dir():
        return [path]
    found = []
    for folder, subfolders, files in os.walk(path, followlinks=False):
        subfolders[:] = sorted(d for d in subfolders if not d.startswith(".") and d not in ("node_modules", "out"))
        found += [Path(folder) / f for f in sorted(files) if f.lower().endswith(SUFFIXES)]
    return found


def read_test_file(path: Path, display: str) -> tuple[TestFile | None, list[Diagnostic]]:
    """Read and check the shape of one test file: its cases (None when it cannot be read) and problems."""
    document, problems = read_file(path, display, TESTS)
    if document is None:
        return None, problems
    reader = _Reader(document, path.parent)
    cases = reader.file()
    return TestFile(path=path, display=display, document=document, cases=tuple(cases)), reader.problems


class _Reader:
    """Checks the plain data of a test file, collecting every problem with its place."""

    def __init__(self, document: Document, folder: Path) -> None:
        self.document = document
        self.folder = folder
        self.problems: list[Diagnostic] = []

    def span(self, pointer: Pointer, *, key: bool = False) -> Span:
        return self.document.span(pointer, key=key)

    def malformed(self, pointer: Pointer, what: str) -> None:
        self.problems.append(make("test/malformed", self.span(pointer), what=what))

    def keys(self, data: dict[str, Any], pointer: Pointer, allowed: tuple[str, ...], where: str) -> None:
        for key in data:
            if key not in allowed:
                self.problems.append(make("test/unknown-key", self.span((*pointer, key), key=True), key=key,
                                          where=where, expected=", ".join(allowed),
                                          suggestions=did_you_mean(key, allowed)))

    def file(self) -> list[Case]:
        data = self.document.data
        if not isinstance(data, dict):
            self.malformed((), "a test file is a mapping with `tender:` and `cases:`")
            return []
        self.keys(data, (), FILE_KEYS, "the test file")
        tender = self.path(data.get("tender"), ("tender",), "`tender:` is the path of the tender spec")
        cases = data.get("cases")
        if not isinstance(cases, list):
            self.malformed(("cases",) if "cases" in data else (), "`cases:` must be a list of test cases")
            return []
        if not cases:
            self.problems.append(make("test/no-cases", self.span(("cases",))))
        out = []
        for i, case in enumerate(cases):
            read = self.case(case, ("cases", i), tender, tender_given="tender" in data)
            if read is not None:
                out.append(read)
        return out

    def path(self, value: Any, pointer: Pointer, what: str) -> Path | None:
        if value is None:
            return None
        if not isinstance(value, str) or not value.strip():
            self.malformed(pointer, what)
            return None
        if not _plain_path(value):
            self.malformed(pointer, "a path is plain text, without control or invisible characters")
            return None
        return self.folder / value

    def case(self, data: Any, pointer: Pointer, tender: Path | None, *, tender_given: bool) -> Case | None:
        if not isinstance(data, dict):
            self.malformed(pointer, "a test case is a mapping with `name:`, `bids:` and `expect:`")
            return None
        self.keys(data, pointer, CASE_KEYS, "a test case")
        name = data.get("name")
        if not isinstance(name, str) or not name.strip():
            self.malformed((*pointer, "name") if "name" in data else pointer, "a test case needs a `name:` in words")
            name = f"case {pointer[-1] + 1}" if isinstance(pointer[-1], int) else "case"
        own = self.path(data.get("tender"), (*pointer, "tender"), "`tender:` is the path of the tender spec")
        # A `tender:` that is there but unreadable is reported once, where it is written.
        if own is None and tender is None and not tender_given and "tender" not in data:
            self.malformed(pointer, "no tender: give `tender:` at the top of the test file or in the case")
        why = data.get("why")
        bids = self.bids(data.get("bids"), (*pointer, "bids"))
        marks = self.source(data.get("marks"), (*pointer, "marks"), "marks") if "marks" in data else None
        expect = self.expect(data.get("expect"), (*pointer, "expect"))
        return Case(name=" ".join(name.split()), span=self.span((*pointer, "name") if "name" in data else pointer),
                    why=why if isinstance(why, str) else None, tender=own or tender,
                    tender_span=self.span((*pointer, "tender") if own else ("tender",)),
                    bids=bids, marks=marks, expect=expect)

    def bids(self, value: Any, pointer: Pointer) -> tuple[BidSource, ...]:
        if not isinstance(value, list) or not value:
            self.malformed(pointer, "`bids:` must be a list of bid files or bids written inline")
            return ()
        out = []
        for i, bid in enumerate(value):
            source = self.source(bid, (*pointer, i), "bid")
            if source is not None:
                out.append(source)
        return tuple(out)

    def source(self, value: Any, pointer: Pointer, noun: str) -> BidSource | None:
        span = self.span(pointer)
        if isinstance(value, str) and value.strip():
            path = self.path(value, pointer, f"a {noun} is the path of a {noun} file")
            return BidSource(span=span, path=path) if path is not None else None
        if isinstance(value, dict) or (noun == "marks" and isinstance(value, list)):
            return BidSource(span=span, pointer=pointer)
        self.malformed(pointer, f"a {noun} is the path of a {noun} file, or written inline like one")
        return None

    def figure(self, value: Any, pointer: Pointer, money: bool = False) -> Figure | None:
        span = self.span(pointer)
        written = value if isinstance(value, str) else None
        if isinstance(value, Decimal):
            return Figure(value=value, written=format(value, "f"), span=span)
        match = _FIGURE.fullmatch(written.strip()) if written is not None else None
        if written is not None and match is not None and (money or not match[2]):
            return Figure(value=Decimal(match[1] + match[3].replace(",", "")), written=written.strip(), span=span)
        if written is not None:
            shown = f"'{shorten(written)}'"
        else:
            shown = "yes" if value is True else "no" if value is False else "nothing" if value is None \
                else "a list or mapping"
        expected = ("write a number such as 19300.2 or money such as £19,300.20" if money
                    else "write a number in plain digits, such as 87.46")
        self.problems.append(make("test/not-a-figure", span, value=shown, expected=expected))
        return None

    def named(self, value: Any, pointer: Pointer, *, key: bool = True) -> Named:
        return Named(text=names.normalise(str(value)), span=self.span(pointer, key=key))

    def by_bidder(self, value: Any, pointer: Pointer, what: str) -> list[tuple[str, Any]]:
        if not isinstance(value, dict):
            self.malformed(pointer, f"`{pointer[-1]}:` maps each bidder to {what}")
            return []
        return list(value.items())

    def expect(self, value: Any, pointer: Pointer) -> Expect:
        if not isinstance(value, dict) or not value:
            self.malformed(pointer, "`expect:` says what the case expects: winner, ranks, totals, points, scores, "
                           "excluded, social_value")
            return Expect()
        self.keys(value, pointer, EXPECT_KEYS, "`expect:`")
        fields: dict[str, Any] = {}
        if "winner" in value:
            winner = value["winner"]
            if winner is None or (isinstance(winner, str) and winner.strip().lower() == "none"):
                fields["no_winner"] = self.span((*pointer, "winner"))
            elif isinstance(winner, str):
                fields["winner"] = self.named(winner, (*pointer, "winner"), key=False)
            else:
                self.malformed((*pointer, "winner"), "`winner:` is a bidder's name, or none")
        if "ranks" in value:
            fields["ranks"] = self.ranks(value["ranks"], (*pointer, "ranks"))
        for key in ("totals",):
            if key in value:
                fields[key] = tuple((self.named(b, (*pointer, key, b)), f) for b, v in
                                    self.by_bidder(value[key], (*pointer, key), "their total points")
                                    if (f := self.figure(v, (*pointer, key, b))) is not None)
        for key in ("points", "scores"):
            if key in value:
                fields[key] = tuple(self.per_item(value[key], (*pointer, key), money=False))
        if "excluded" in value:
            fields["excluded"] = self.excluded(value["excluded"], (*pointer, "excluded"))
        if "social_value" in value:
            fields["social_value"] = self.social_value(value["social_value"], (*pointer, "social_value"))
        if "tolerance" in value:
            fields.update(self.tolerance(value["tolerance"], (*pointer, "tolerance")))
        return Expect(**fields)

    def ranks(self, value: Any, pointer: Pointer) -> tuple[tuple[Named, int], ...] | None:
        if isinstance(value, list):
            out = []
            for i, bidder in enumerate(value):
                if not isinstance(bidder, str):
                    self.malformed((*pointer, i), "each entry of `ranks:` is a bidder's name, best first")
                    continue
                out.append((self.named(bidder, (*pointer, i), key=False), i + 1))
            return tuple(out)
        out = []
        for bidder, rank in self.by_bidder(value, pointer, "their rank (1 is best), or list the bidders best first"):
            if not (isinstance(rank, Decimal) and rank == rank.to_integral_value() and rank >= 1):
                self.malformed((*pointer, bidder), "a rank is a whole number from 1 (the best)")
                continue
            out.append((self.named(bidder, (*pointer, bidder)), int(rank)))
        return tuple(out)

    def per_item(self, value: Any, pointer: Pointer, *, money: bool) -> list[tuple[Named, Named, Figure]]:
        out = []
        for bidder, items in self.by_bidder(value, pointer, "a mapping of item codes to figures"):
            where = (*pointer, bidder)
            if not isinstance(items, dict):
                self.malformed(where, "give the figures of each item code: {LBL1: 2.8, Q1: 13.5}")
                continue
            for code, v in items.items():
                figure = self.figure(v, (*where, code), money=money)
                if figure is not None:
                    code_named = Named(text=str(code), span=self.span((*where, code), key=True))
                    out.append((self.named(bidder, where), code_named, figure))
        return out

    def excluded(self, value: Any, pointer: Pointer) -> tuple[tuple[Named, Named | None], ...] | None:
        if value is None or (isinstance(value, str) and value.strip().lower() == "none"):
            return ()
        if isinstance(value, list):
            return tuple((self.named(b, (*pointer, i), key=False), None) for i, b in enumerate(value))
        out = []
        for bidder, reason in self.by_bidder(value, pointer, "words the reason for their exclusion contains"):
            text = Named(text=str(reason), span=self.span((*pointer, bidder))) if reason is not None else None
            out.append((self.named(bidder, (*pointer, bidder)), text))
        return tuple(out)

    def social_value(self, value: Any, pointer: Pointer) -> tuple[tuple[Named, Named | None, Figure], ...]:
        out: list[tuple[Named, Named | None, Figure]] = []
        for bidder, v in self.by_bidder(value, pointer, "their social value in £, or £ per measure"):
            where = (*pointer, bidder)
            if isinstance(v, dict):
                for code, f in v.items():
                    figure = self.figure(f, (*where, code), money=True)
                    if figure is not None:
                        out.append((self.named(bidder, where), Named(text=str(code),
                                                                     span=self.span((*where, code), key=True)), figure))
            elif (figure := self.figure(v, where, money=True)) is not None:
                out.append((self.named(bidder, where), None, figure))
        return tuple(out)

    def tolerance(self, value: Any, pointer: Pointer) -> dict[str, Decimal]:
        if isinstance(value, dict):
            self.keys(value, pointer, TOLERANCE_KEYS, "`tolerance:`")
            out = {}
            for key, field in (("points", "points_tolerance"), ("social_value", "money_tolerance")):
                if key in value and (f := self.figure(value[key], (*pointer, key), money=key != "points")):
                    out[field] = abs(f.value)
            return out
        figure = self.figure(value, pointer)
        return {"points_tolerance": abs(figure.value), "money_tolerance": abs(figure.value)} if figure else {}


def _plain_path(text: str) -> bool:
    """A path a person typed: no NUL (which the operating system cannot take), control or format characters."""
    return not any(unicodedata.category(char) in ("Cc", "Cf") for char in text)


def sub_document(document: Document, pointer: Pointer) -> Document:
    """The part of `document` at `pointer` as a document of its own (an inline bid), keeping its places."""
    data: Any = document.data
    for key in pointer:
        data = data[key]
    n = len(pointer)
    places = {p[n:]: v for p, v in document.places.items() if p[:n] == pointer}
    key_places = {p[n:]: v for p, v in document.key_places.items() if p[:n] == pointer and len(p) > n}
    return Document(file=document.file, data=data, places=places, key_places=key_places, text=document.text,
                    format=document.format)
