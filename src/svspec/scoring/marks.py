"""Evaluator marks: read a marks file (YAML), check it against the tender and bids, moderate.

    tender: waste-2027
    marks:
      - bidder: "Acme Services Ltd"
        item: Q1                       # a question, an evaluator-scored measure, or a credibility use
        evaluators:
          E1: {mark: 75, reason: "Clear plan with named depots"}
          E2: {mark: 50, reason: "Little on bad-weather cover"}
        consensus: {mark: 75, reason: "E2 agreed the winter plan covers bad weather"}

Under `moderation consensus` the consensus mark is scored (a reason is required when it differs
from any individual mark); under `moderation mean` the exact mean of the individual marks is.
Every mark (individual or consensus) must be a level of the item's scale.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal, InvalidOperation
from fractions import Fraction
from typing import Any

import yaml

from svspec import model
from svspec.diagnostics import Diagnostic, Span, make
from svspec.diagnostics.suggest import did_you_mean
from svspec.scoring import core
from svspec.scoring.words import number


@dataclass(frozen=True, slots=True, kw_only=True)
class EvaluatorMark:
    evaluator: str
    mark: Fraction
    reason: str | None


@dataclass(frozen=True, slots=True, kw_only=True)
class MarkEntry:
    """The marks of one bid on one item, and the moderated mark that is scored."""

    bidder: str
    item: str
    use: str                      # "mark" (evaluator-scored) or "credibility"
    evaluators: tuple[EvaluatorMark, ...]
    consensus: Fraction | None
    consensus_reason: str | None
    moderated: Fraction
    span: Span | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class Marks:
    """A checked marks file."""

    tender: str
    entries: tuple[MarkEntry, ...]
    file: str = ""
    sha256: str = ""
    received: Mapping[str, str] = field(default_factory=dict)
    """The buyer's receipt time of each bid (`received:`), used instead of the bid's own `submitted`."""
    index: Mapping[tuple[str, str], MarkEntry] = field(default_factory=dict, repr=False, compare=False)
    by_bidder: Mapping[str, tuple[MarkEntry, ...]] = field(default_factory=dict, repr=False, compare=False)

    def __post_init__(self) -> None:
        grouped: dict[str, list[MarkEntry]] = {}
        for e in self.entries:
            grouped.setdefault(e.bidder, []).append(e)
        object.__setattr__(self, "index", {(e.bidder, e.item): e for e in self.entries})
        object.__setattr__(self, "by_bidder", {b: tuple(es) for b, es in grouped.items()})

    def get(self, bidder: str, item: str) -> MarkEntry | None:
        """The marks of `bidder` on `item`, if any."""
        return self.index.get((bidder, item))

    def of(self, bidder: str) -> tuple[MarkEntry, ...]:
        """Every entry for `bidder`."""
        return self.by_bidder.get(bidder, ())


class _Node:
    """A YAML value with where it was written."""

    __slots__ = ("span", "value")

    def __init__(self, value: Any, span: Span) -> None:
        self.value = value
        self.span = span


def _span(node: yaml.Node, file: str) -> Span:
    start, end = node.start_mark, node.end_mark
    return Span(file=file, line=start.line + 1, column=start.column + 1, end_line=end.line + 1,
                end_column=end.column + 1)


def _convert(node: yaml.Node, file: str) -> _Node:
    """yaml node → nested _Node values. Scalars go through the safe constructor only."""
    if isinstance(node, yaml.MappingNode):
        out: dict[Any, _Node] = {}
        keys: dict[Any, Span] = {}
        for k, v in node.value:
            key = _convert(k, file).value
            try:
                hash(key)
            except TypeError:
                key = str(key)
            out[key] = _convert(v, file)
            keys[key] = _span(k, file)
        return _Node(out, _span(node, file))
    if isinstance(node, yaml.SequenceNode):
        return _Node([_convert(v, file) for v in node.value], _span(node, file))
    if node.tag == "tag:yaml.org,2002:timestamp":
        return _Node(node.value, _span(node, file))  # times as written (month 13 is refused, not a traceback)
    loader = yaml.SafeLoader("")
    try:
        value = loader.construct_object(node, deep=True)
    finally:
        loader.dispose()
    return _Node(value, _span(node, file))


def read_marks_document(path: str | os.PathLike[str], display: str) -> tuple[_Node | None, str, list[Diagnostic]]:
    """Parse the marks file into located nodes; returns (root, text, diagnostics)."""
    try:
        with open(path, encoding="utf-8") as handle:
            text = handle.read()
    except (OSError, UnicodeDecodeError) as error:
        reason = error.strerror if isinstance(error, OSError) and error.strerror else str(error)
        return None, "", [make("marks/unreadable", None, path=display, reason=reason)]
    try:
        node = yaml.compose(text, Loader=yaml.SafeLoader)
        root = _convert(node, display) if node is not None else None
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        span = (Span(file=display, line=mark.line + 1, column=mark.column + 1, end_line=mark.line + 1,
                     end_column=mark.column + 2) if mark is not None else None)
        reason = getattr(error, "problem", None) or str(error)
        return None, text, [make("marks/invalid-yaml", span, reason=reason)]
    return root, text, []


def _mark_value(node: _Node, sink: list[Diagnostic]) -> Fraction | None:
    raw = node.value
    if isinstance(raw, bool) or raw is None or isinstance(raw, list | dict):
        sink.append(make("marks/not-a-number", node.span, mark=raw))
        return None
    text = str(raw).strip().rstrip("%").strip()
    try:
        value = Decimal(text)
    except InvalidOperation:
        sink.append(make("marks/not-a-number", node.span, mark=raw))
        return None
    if not value.is_finite():
        sink.append(make("marks/not-a-number", node.span, mark=raw))
        return None
    return Fraction(value)


def _text(node: _Node | None) -> str | None:
    if node is None or node.value is None:
        return None
    text = str(node.value).strip()
    return text or None


def marked_items(tender: model.Tender) -> dict[str, tuple[str, model.Scale]]:
    """Items that evaluators mark: code → (use, scale). A credibility use is marked on its own scale."""
    out: dict[str, tuple[str, model.Scale]] = {}
    rules = [(q.code, q.scoring) for q in tender.questions] + [(s.code, s.scoring) for s in tender.selections]
    for code, rule in rules:
        if rule.kind == "evaluators" and rule.scale:
            out[code] = ("mark", tender.scale(rule.scale))
        elif rule.credibility_scale:
            out[code] = ("credibility", tender.scale(rule.credibility_scale))
    return out


def load_marks(path: str | os.PathLike[str], tender: model.Tender, bidders: Iterable[str],
               display: str | None = None) -> tuple[Marks | None, list[Diagnostic], str]:
    """Read and check a marks file against the tender and the bidders scored.

    Returns (marks or None when any error was found, diagnostics, the file's text).
    """
    import hashlib

    display = display or str(path)
    root, text, sink = read_marks_document(path, display)
    if root is None:
        if not sink:
            sink.append(make("marks/malformed", Span(file=display, line=1, column=1, end_line=1, end_column=2),
                             what="the marks file is empty; it needs `tender:` and `marks:`"))
        return None, sink, text
    known = frozenset(bidders)
    if not isinstance(root.value, dict):
        sink.append(make("marks/malformed", root.span, what="a marks file is a mapping with `tender:` and `marks:`"))
        return None, sink, text
    top: dict[str, _Node] = root.value
    tender_node = top.get("tender")
    if tender_node is None:
        sink.append(make("marks/malformed", root.span, what="the marks file does not name its `tender:`"))
    elif str(tender_node.value) != tender.name:
        # Checking another tender's entries against this one would only bury the one real problem.
        sink.append(make("marks/wrong-tender", tender_node.span, found=tender_node.value, expected=tender.name))
        return None, sink, text
    for key, node in top.items():
        if key not in ("tender", "marks", "received"):
            sink.append(make("marks/malformed", node.span,
                             what=f"unknown key '{key}' (expected tender, marks and received)"))
    received = _received(top.get("received"), known, sink)
    marks_node = top.get("marks")
    if marks_node is None or not isinstance(marks_node.value, list):
        where = marks_node.span if marks_node is not None else root.span
        sink.append(make("marks/malformed", where, what="`marks:` must be a list of entries"))
        return None, sink, text
    items = marked_items(tender)
    all_items = {q.code for q in tender.questions} | {s.code for s in tender.selections}
    entries: list[MarkEntry] = []
    seen: set[tuple[str, str]] = set()
    for entry_node in marks_node.value:
        entry = _entry(entry_node, tender, items, all_items, known, seen, sink)
        if entry is not None:
            entries.append(entry)
    digest = hashlib.sha256(text.encode("utf-8")).hexdigest()
    if any(d.severity.name == "ERROR" for d in sink):
        return None, sink, text
    return Marks(tender=tender.name, entries=tuple(entries), file=display, sha256=digest, received=received), sink, text


def _received(node: _Node | None, bidders: frozenset[str], sink: list[Diagnostic]) -> dict[str, str]:
    """`received:` bidder → the buyer's receipt time, each a possible RFC 3339 time."""
    if node is None:
        return {}
    if not isinstance(node.value, dict):
        sink.append(make("marks/malformed", node.span, what="`received:` maps each bidder to the time their bid "
                         "was received, like 2027-01-10T12:00:00Z"))
        return {}
    out = {}
    for bidder, when in node.value.items():
        # PyYAML turns an unquoted time into a datetime: its ISO text is the same moment.
        text = when.value.isoformat() if isinstance(when.value, date) else str(when.value)
        if str(bidder) not in bidders:
            sink.append(make("marks/unknown-bidder", when.span, bidder=str(bidder),
                             suggestions=did_you_mean(str(bidder), sorted(bidders))))
            continue
        try:
            core.read_moment(text)
        except core.ScoringError as error:
            sink.append(make("marks/bad-receipt-time", when.span, found=text, bidder=str(bidder), reason=str(error)))
            continue
        out[str(bidder)] = text
    return out


def _entry(node: _Node, tender: model.Tender, items: dict[str, tuple[str, model.Scale]], all_items: set[str],
           bidders: frozenset[str], seen: set[tuple[str, str]], sink: list[Diagnostic]) -> MarkEntry | None:
    if not isinstance(node.value, dict):
        sink.append(make("marks/malformed", node.span, what="each entry of `marks:` is a mapping with bidder and item"))
        return None
    fields: dict[str, _Node] = node.value
    errors_before = len([d for d in sink if d.severity.name == "ERROR"])
    for key, value in fields.items():
        if key not in ("bidder", "item", "evaluators", "consensus"):
            sink.append(make("marks/malformed", value.span,
                             what=f"unknown key '{key}' (expected bidder, item, evaluators and consensus)"))
    bidder_node, item_node = fields.get("bidder"), fields.get("item")
    if bidder_node is None or item_node is None:
        sink.append(make("marks/malformed", node.span, what="each entry names a `bidder:` and an `item:`"))
        return None
    bidder, code = str(bidder_node.value), str(item_node.value)
    if bidder not in bidders:
        sink.append(make("marks/unknown-bidder", bidder_node.span, bidder=bidder,
                         suggestions=did_you_mean(bidder, sorted(bidders))))
    if code not in all_items:
        sink.append(make("marks/unknown-item", item_node.span, item=code,
                         suggestions=did_you_mean(code, sorted(all_items))))
        return None
    if code not in items:
        rule = next((q.scoring for q in tender.questions if q.code == code), None) or next(
            s.scoring for s in tender.selections if s.code == code)
        sink.append(make("marks/item-not-marked", item_node.span, item=code, rule=rule.kind.replace("-", " ")))
        return None
    if (bidder, code) in seen:
        sink.append(make("marks/duplicate-entry", node.span, bidder=bidder, item=code))
    seen.add((bidder, code))
    use, scale = items[code]
    levels = {Fraction(level.value) for level in scale.levels}
    level_text = ", ".join(number(level.value) + ("%" if scale.percent else "") for level in scale.levels)

    def on_scale(value: Fraction, where: Span) -> None:
        if value not in levels:
            shown = number(value) + ("%" if scale.percent else "")
            sink.append(make("marks/mark-not-on-scale", where, mark=shown, scale=scale.name, levels=level_text))

    evaluators: list[EvaluatorMark] = []
    ev_node = fields.get("evaluators")
    if ev_node is not None and not isinstance(ev_node.value, dict):
        sink.append(make("marks/malformed", ev_node.span,
                         what="`evaluators:` maps each evaluator to `{mark: ..., reason: ...}`"))
    elif ev_node is not None:
        for name, mark_node in ev_node.value.items():
            if isinstance(mark_node.value, dict) and "mark" in mark_node.value:
                mark = _mark_value(mark_node.value["mark"], sink)
                reason = _text(mark_node.value.get("reason"))
            else:
                sink.append(make("marks/malformed", mark_node.span,
                                 what=f"evaluator {name} needs `{{mark: ..., reason: \"...\"}}`"))
                continue
            if mark is None:
                continue
            on_scale(mark, mark_node.value["mark"].span)
            if reason is None:
                sink.append(make("marks/missing-reason", mark_node.span, evaluator=name, bidder=bidder, item=code))
            evaluators.append(EvaluatorMark(evaluator=str(name), mark=mark, reason=reason))
    consensus: Fraction | None = None
    consensus_reason: str | None = None
    cons_node = fields.get("consensus")
    if cons_node is not None:
        if isinstance(cons_node.value, dict) and "mark" in cons_node.value:
            consensus = _mark_value(cons_node.value["mark"], sink)
            consensus_reason = _text(cons_node.value.get("reason"))
            if consensus is not None:
                on_scale(consensus, cons_node.value["mark"].span)
        else:
            sink.append(make("marks/malformed", cons_node.span,
                             what="`consensus:` needs `{mark: ..., reason: \"...\"}`"))
    if not evaluators and ev_node is None:
        sink.append(make("marks/no-evaluators", node.span, bidder=bidder, item=code))
    if tender.moderation == "consensus":
        if cons_node is None:
            sink.append(make("marks/missing-consensus", node.span, bidder=bidder, item=code))
        elif consensus is not None and consensus_reason is None:
            departed = next((e for e in evaluators if e.mark != consensus), None)
            if departed is not None:
                sink.append(make("marks/consensus-reason-missing", cons_node.span, consensus=number(consensus),
                                 evaluator=departed.evaluator, mark=number(departed.mark)))
    elif cons_node is not None:
        sink.append(make("marks/consensus-ignored", cons_node.span))
    if len([d for d in sink if d.severity.name == "ERROR"]) > errors_before:
        return None
    moderated = core.moderate(tender.moderation, [e.mark for e in evaluators], consensus)
    return MarkEntry(bidder=bidder, item=code, use=use, evaluators=tuple(evaluators), consensus=consensus,
                     consensus_reason=consensus_reason, moderated=moderated, span=node.span)
