"""What every target shares: the example inputs, scoring and rendering an accepted bid, YAML facts.

The oracles here are computed independently of svspec's readers: the YAML facts come from
PyYAML's event stream and node tree (never from svspec's document reader), so a reader that
drops a duplicate key or misreads `012` is caught by comparing with them.
"""

from __future__ import annotations

import io
import re
import unicodedata
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from fractions import Fraction
from pathlib import Path
from typing import Any

import yaml

import svspec
from svspec import model
from svspec.bids.model import Bid
from svspec.bids.read import load_bid
from svspec.diagnostics import Diagnostic, Severity
from svspec.diagnostics.render import render_json, render_text
from svspec.scoring import engine, report
from svspec.scoring.explain import explain_bid
from svspec.scoring.marks import EvaluatorMark, MarkEntry, Marks, marked_items
from tests.fuzz.harness import Problems

ROOT = Path(__file__).resolve().parents[2]
LAMBETH = ROOT / "specs" / "lambeth"
TENDERS = ("waste-2027", "meals-2027")
SEED_BIDS = ("waste-acme.yaml", "waste-greenway.json", "score-brixton.yaml", "score-citywide.yaml",
             "score-stockwell.yaml", "meals-kitchen.yaml", "score-meals-brixton.yaml")
WASTE_BIDS = ("waste-acme.yaml", "waste-greenway.json", "score-brixton.yaml", "score-citywide.yaml",
              "score-stockwell.yaml")


@dataclass(slots=True)
class Context:
    """Everything loaded once per process: the tenders, the example inputs, a folder to write in."""

    work: Path
    tenders: dict[str, model.Tender]
    bid_texts: dict[str, str]
    marks_texts: dict[str, str]
    xlsx: bytes
    example_bids: dict[str, list[Bid]]
    counter: int = 0
    extra: dict[str, Any] = field(default_factory=dict)

    def path(self, name: str) -> Path:
        """A fresh file name in the work folder (a bid's file name is part of its input)."""
        self.counter += 1
        folder = self.work / f"case-{self.counter % 64}"
        folder.mkdir(exist_ok=True)
        return folder / name


def make_context(work: Path) -> Context:
    """Load the Lambeth tenders and example inputs (once: a tender takes 0.1 s to compile)."""
    tenders = {}
    for name in TENDERS:
        result = svspec.load(LAMBETH / f"{name}.svspec")
        assert isinstance(result.model, model.Tender), result.diagnostics
        tenders[name] = result.model
    bid_texts = {name: (LAMBETH / "bids" / name).read_text(encoding="utf-8") for name in SEED_BIDS}
    marks_texts = {name: (LAMBETH / "marks" / f"{name}.yaml").read_text(encoding="utf-8") for name in TENDERS}
    examples: dict[str, list[Bid]] = {name: [] for name in TENDERS}
    for name in SEED_BIDS:
        bid, problems = load_bid(LAMBETH / "bids" / name, tenders["meals-2027" if "meals" in name else "waste-2027"])
        assert bid is not None, problems
        examples[bid.tender].append(bid)
    work.mkdir(parents=True, exist_ok=True)
    return Context(work=work, tenders=tenders, bid_texts=bid_texts, marks_texts=marks_texts,
                   xlsx=(LAMBETH / "bids" / "waste-acme.xlsx").read_bytes(), example_bids=examples)


def errors(diagnostics: Sequence[Diagnostic]) -> list[Diagnostic]:
    return [d for d in diagnostics if d.severity is Severity.ERROR]


def render_all(diagnostics: Sequence[Diagnostic], sources: dict[str, str] | None = None) -> None:
    """Diagnostics are shown to people: rendering them must never fail either."""
    render_text(list(diagnostics), sources or {}, color=False)
    render_json(list(diagnostics))


def full_marks(tender: model.Tender, bidders: Sequence[str]) -> Marks | None:
    """Marks for every marked item of every bidder (the top of each scale), as if from a marks file."""
    items = marked_items(tender)
    if not items:
        return None
    entries = []
    for bidder in dict.fromkeys(bidders):
        for code, (use, scale) in items.items():
            top = Fraction(scale.levels[-1].value)
            entries.append(MarkEntry(bidder=bidder, item=code, use=use,
                                     evaluators=(EvaluatorMark(evaluator="E1", mark=top, reason="fuzz"),),
                                     consensus=top, consensus_reason=None, moderated=top))
    return Marks(tender=tender.name, entries=tuple(entries), file="")


_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def score_and_render(tender: model.Tender, bids: Sequence[Bid], marks: Marks | None, problems: Problems,
                     what: str, tolerate: frozenset[str] | set[str] = frozenset()) -> None:
    """Score accepted inputs and render every report: none may fail (validate -> score consistency).

    `what` names the input accepted ("the bid", "the marks") in the finding; `tolerate` holds the
    codes scoring may rightly refuse with (marks that leave a bid unmarked are checked only there).
    """
    scoring, found = engine.score(tender, list(bids), marks)
    if scoring is None:
        codes = sorted({d.code for d in errors(found)})
        if not set(codes) <= set(tolerate):
            problems.add("inconsistent", f"{what} was accepted but scoring refused it: {', '.join(codes)}")
        return
    audit = report.Audit(svspec_version="fuzz", tender=tender.name, tender_version=tender.version, specs=(),
                         bids=tuple((b.file, "0" * 64) for b in bids), marks=None)
    names = [b.bidder for b in scoring.bids]
    csv_text = report.to_csv(scoring)
    markdown = report.to_markdown(scoring, audit, None, names[:1], names)
    if len(bids) > 1 or any(c in names[0] for c in "[]\\"):  # Rich is slow: the table when it matters
        report.print_table(scoring, audit, None, names[:1], names[:1])
    report.to_json(scoring, audit)
    for name in names:
        explain_bid(scoring, name)
    _check_csv(csv_text, problems)
    _check_markdown(markdown, len(scoring.bids), problems)


def _check_csv(text: str, problems: Problems) -> None:
    import csv

    try:
        rows = list(csv.reader(io.StringIO(text, newline="")))
    except csv.Error as error:
        problems.add("injection", f"csv report: a bidder name breaks the rows ({error})")
        return
    for row in rows[1:]:
        if len(row) > 1 and row[1].startswith(_FORMULA_START):
            problems.add("injection", f"csv report: bidder cell {row[1][:40]!r} is read as a formula")


def _check_markdown(text: str, bids: int, problems: Problems) -> None:
    lines = text.split("\n")
    ranking = lines.index("## Ranking")  # the audit header is a table too, above the ranking
    start = next(i for i, line in enumerate(lines) if i > ranking and line.startswith("|---"))
    rows = 0
    for line in lines[start + 1:]:
        if not line.startswith("|"):
            break
        rows += 1
    if rows != bids:
        problems.add("injection", f"markdown report: the ranking table has {rows} rows for {bids} bids")


CLI_EVERY = 200
"""One input in this many also goes through the `svspec` command (it compiles the tender each time)."""


def run_cli(args: Sequence[str], problems: Problems) -> int:
    """Run `svspec ARGS` in process: it must exit 0 or 1 (2 for a usage error), never with a traceback."""
    from click.testing import CliRunner

    from svspec.cli import main

    result = CliRunner().invoke(main, list(args))
    error = result.exception
    if error is not None and not isinstance(error, SystemExit):
        problems.add("traceback", f"svspec {args[0]}: {type(error).__name__}: {error}")
    elif result.exit_code not in (0, 1, 2) or "Traceback" in result.output:
        problems.add("traceback", f"svspec {args[0]} exited {result.exit_code}")
    return result.exit_code


# ----------------------------------------------------------------------------------- text facts

_INVISIBLE_CATEGORIES = {"Cc", "Cf", "Co", "Cs", "Cn", "Zl", "Zp"}
_ALLOWED_CONTROLS = {"\n", "\t", "\r"}


def invisible_characters(text: str) -> list[str]:
    """Characters a person cannot see or that reorder text (controls, format characters, surrogates)."""
    return [c for c in text if unicodedata.category(c) in _INVISIBLE_CATEGORIES and c not in _ALLOWED_CONTROLS]


def check_name(name: str, where: str, problems: Problems) -> None:
    """An accepted bidder name must be plain visible text: no control, invisible or bidi characters."""
    hidden = invisible_characters(name) or [c for c in name if c in _ALLOWED_CONTROLS]
    if hidden:
        problems.add("silent", f"{where}: a bidder name holding U+{ord(hidden[0]):04X} was accepted")
    elif name != name.strip() or "  " in name:
        problems.add("silent", f"{where}: a bidder name with surrounding or doubled spaces was accepted as written")


def check_text_answer(text: str, where: str, problems: Problems) -> None:
    """An accepted text answer holds no NUL or other control character (a person cannot see them)."""
    controls = [c for c in text if unicodedata.category(c) == "Cc" and c not in _ALLOWED_CONTROLS]
    if controls:
        problems.add("silent", f"{where}: a text answer holding control character U+{ord(controls[0]):04X} "
                               "was accepted")


_PLAIN_NUMBER = re.compile(r"[-+]?(\d+(\.\d*)?|\.\d+)([eE][-+]?\d+)?")


def number_as_written(text: str) -> Decimal | None:
    """The number a person reads in `text` (`012` is twelve), or None when it is not a plain number."""
    text = text.strip()
    if not _PLAIN_NUMBER.fullmatch(text):
        return None
    try:
        return Decimal(text)
    except InvalidOperation:  # pragma: no cover - the pattern only matches decimals
        return None


# ----------------------------------------------------------------------------------- YAML facts

@dataclass(frozen=True, slots=True, kw_only=True)
class YamlFacts:
    """What the YAML text really says, from PyYAML's events: references, tags, duplicate keys."""

    aliases: bool
    tags: tuple[str, ...]
    duplicates: tuple[str, ...]
    documents: int


def yaml_facts(text: str) -> YamlFacts | None:
    """Facts about YAML text, or None when PyYAML cannot read it (then svspec must not accept it)."""
    aliases = False
    tags: list[str] = []
    duplicates: list[str] = []
    documents = 0
    stack: list[tuple[str, set[str], list[int]]] = []
    try:
        for event in yaml.parse(text, Loader=yaml.SafeLoader):
            if isinstance(event, yaml.DocumentStartEvent):
                documents += 1
            if isinstance(event, yaml.AliasEvent):  # an anchor nobody refers to changes nothing
                aliases = True
            tag = getattr(event, "tag", None)
            if tag and tag not in ("!",):
                tags.append(tag)
            if isinstance(event, (yaml.MappingEndEvent, yaml.SequenceEndEvent)):
                stack.pop()
            is_node = isinstance(event, (yaml.ScalarEvent, yaml.AliasEvent, yaml.MappingStartEvent,
                                         yaml.SequenceStartEvent))
            if is_node and stack and stack[-1][0] == "map":
                count = stack[-1][2]
                if count[0] % 2 == 0:  # a key
                    key = event.value if isinstance(event, yaml.ScalarEvent) else f"<{type(event).__name__}>"
                    if key in stack[-1][1] or key == "<<":
                        duplicates.append(key)
                    stack[-1][1].add(key)
                count[0] += 1
            if isinstance(event, yaml.MappingStartEvent):
                stack.append(("map", set(), [0]))
            elif isinstance(event, yaml.SequenceStartEvent):
                stack.append(("seq", set(), [0]))
    except (yaml.YAMLError, RecursionError):
        return None
    return YamlFacts(aliases=aliases, tags=tuple(tags), duplicates=tuple(duplicates), documents=documents)


def yaml_scalars(text: str) -> dict[tuple[str, ...], yaml.ScalarNode]:
    """Every scalar under a chain of plain mapping keys, by its key path: ('social_value', 'LBL1')."""
    out: dict[tuple[str, ...], yaml.ScalarNode] = {}
    try:
        root = yaml.compose(text, Loader=yaml.SafeLoader)
    except (yaml.YAMLError, RecursionError):
        return out

    def walk(node: yaml.Node, path: tuple[str, ...]) -> Iterator[tuple[tuple[str, ...], yaml.ScalarNode]]:
        if len(path) > 4:
            return
        if isinstance(node, yaml.ScalarNode):
            yield path, node
        elif isinstance(node, yaml.MappingNode):
            for key, value in node.value:
                if isinstance(key, yaml.ScalarNode):
                    yield from walk(value, (*path, key.value))

    if root is not None:
        for path, node in walk(root, ()):
            out.setdefault(path, node)
    return out
