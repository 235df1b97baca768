"""Evaluator marks: read a marks file (YAML), check it against the tender and bids, moderate.

    tender: waste-2027
    marks:
      - bidder: "Acme Services Ltd"
        item: Q1                       # a question, an evaluator-scored measure, or a credibility use
        evaluators:
          E1: {mark: 75, reason: "Clear plan with named depots"}
          E2: {mark: 50, reason: "Little on bad-weather cover"}
        consensus: {mark: 75, reason: "E2 agreed the winter plan covers bad weather"}

A measure both scored by evaluators and discounted for credibility takes its second mark in the same
entry, under `credibility:` (with its own `evaluators:` and `consensus:`).

Under `moderation consensus` the consensus mark is scored (a reason is required when it differs
from any individual mark); under `moderation mean` the exact mean of the individual marks is.
Every mark (individual or consensus) must be a level of the item's scale.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from fractions import Fraction
from pathlib import Path
from typing import Any

from svspec import model, names
from svspec.diagnostics import Diagnostic, Related, Span, make
from svspec.diagnostics.suggest import did_you_mean
from svspec.kinds.rules import rule_kind
from svspec.reader import MARKS, Document, Pointer, parse_json, parse_yaml, read_text, shorten
from svspec.scoring import core
from svspec.scoring.words import number
from svspec.scoring.words import on_scale as level_words


@dataclass(frozen=True, slots=True, kw_only=True)
class EvaluatorMark:
    evaluator: str
    mark: Fraction
    reason: str | None
    # methods: the moderation audit (issue 12 item 7): a mark the evaluator adjusted after moderation,
    # kept beside the original (never overwriting it); a mean moderation averages the adjusted marks.
    adjusted: Fraction | None = None
    adjusted_reason: str | None = None

    @property
    def final(self) -> Fraction:
        """The mark that counts in a mean: the adjusted mark when there is one, else the original."""
        return self.adjusted if self.adjusted is not None else self.mark


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
    excluded: Mapping[str, str] = field(default_factory=dict)
    """Bids the buyer excluded (`excluded:` bidder → reason), recorded with the evaluation."""
    index: Mapping[tuple[str, str], MarkEntry] = field(default_factory=dict, repr=False, compare=False)
    by_bidder: Mapping[str, tuple[MarkEntry, ...]] = field(default_factory=dict, repr=False, compare=False)

    def __post_init__(self) -> None:
        grouped: dict[str, list[MarkEntry]] = {}
        for e in self.entries:
            grouped.setdefault(e.bidder, []).append(e)
        index: dict[tuple[str, str], MarkEntry] = {}
        for e in self.entries:
            index[(e.bidder, f"{e.item} {e.use}")] = e
            # Looked up by item alone, an item's own mark comes before its credibility mark.
            if e.use == "mark" or (e.bidder, e.item) not in index:
                index[(e.bidder, e.item)] = e
        object.__setattr__(self, "index", index)
        object.__setattr__(self, "by_bidder", {b: tuple(es) for b, es in grouped.items()})

    def get(self, bidder: str, item: str, use: str | None = None) -> MarkEntry | None:
        """The marks of `bidder` on `item` for `use` ("mark" or "credibility"; None: the item's own
        mark, else its credibility mark), if any."""
        return self.index.get((bidder, item if use is None else f"{item} {use}"))

    def of(self, bidder: str) -> tuple[MarkEntry, ...]:
        """Every entry for `bidder`."""
        return self.by_bidder.get(bidder, ())


class _Node:
    """A value of the marks file with where it was written (and where its key was)."""

    __slots__ = ("key_span", "span", "value")

    def __init__(self, value: Any, span: Span, key_span: Span | None = None) -> None:
        self.value = value
        self.span = span
        self.key_span = key_span


def _nodes(document: Document, value: Any, pointer: Pointer) -> _Node:
    """The read document as nested located values, for the checks below."""
    span = document.span(pointer)
    key_span = document.span(pointer, key=True) if pointer else None
    if isinstance(value, dict):
        return _Node({k: _nodes(document, v, (*pointer, k)) for k, v in value.items()}, span, key_span)
    if isinstance(value, list):
        return _Node([_nodes(document, v, (*pointer, i)) for i, v in enumerate(value)], span, key_span)
    return _Node(value, span, key_span)


def read_marks_document(path: str | os.PathLike[str], display: str) -> tuple[_Node | None, str, list[Diagnostic]]:
    """Read the marks file with the one reader for untrusted files; returns (root, text, diagnostics).

    The reader refuses what a careless YAML reader would silently accept (aliases, tags, a key
    given twice, YAML 1.1 numbers such as 0x64), so the checks here see only plain values.
    """
    text, problems = read_text(path, display, MARKS)
    if text is None:
        return None, "", problems
    parse = parse_json if Path(path).suffix.lower() == ".json" else parse_yaml
    document, problems = parse(text, display, MARKS)
    if document is None or document.data is None:
        return None, text, problems
    return _nodes(document, document.data, ()), text, []


_MARK = re.compile(r"([-+]?(?:0|[1-9][0-9]*)(?:\.[0-9]+)?)(%?)")


_MAX_MARK_DIGITS = 30
"""No level of a scale has more digits; a longer mark is refused before any arithmetic on it."""


def _mark_value(node: _Node, scale: model.Scale, sink: list[Diagnostic]) -> Fraction | None:
    """A mark as written: plain decimal digits (75, 62.5), and on a percentage scale 75% too."""
    raw = node.value
    if isinstance(raw, Decimal):
        raw = format(raw, "f")
    if isinstance(raw, str):
        shown = raw.strip()
    elif raw is True or raw is False or raw is None:
        shown = {True: "yes", False: "no", None: "nothing"}[raw]
    else:
        shown = "a list" if isinstance(raw, list) else "a mapping of keys and values"
    match = _MARK.fullmatch(shown) if isinstance(raw, str) else None
    if match and sum(c.isdigit() for c in match[1]) > _MAX_MARK_DIGITS:
        sink.append(make("marks/not-a-number", node.span, mark=shorten(shown),
                         hint=f"a mark is a level of scale '{scale.name}', such as 75"))
        return None
    if match and (not match[2] or scale.percent):
        return Fraction(Decimal(match[1]))
    if match:
        hint = f"scale '{scale.name}' is not in percent: write {match[1]} without %"
    elif raw is None:
        levels = ", ".join(level_words(level.value, scale.percent) for level in scale.levels)
        hint = f"the mark is blank: give a level of scale '{scale.name}' ({levels})"
    else:
        hint = "write the mark in plain digits, such as 75 or 62.5" + (" (or 75%)" if scale.percent else "")
    sink.append(make("marks/not-a-number", node.span, mark=shown, hint=hint))
    return None


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
        if rule_kind(rule).marked and rule.scale:
            out[code] = ("mark", tender.scale(rule.scale))
        elif rule.credibility_scale:
            out[code] = ("credibility", tender.scale(rule.credibility_scale))
    return out


def marked_uses(tender: model.Tender) -> dict[tuple[str, str], model.Scale]:
    """Every mark evaluators give: (code, use) → scale. A measure scored by evaluators and discounted
    for credibility has two, ("LBL6", "mark") and ("LBL6", "credibility") (issue 9 item 14)."""
    out: dict[tuple[str, str], model.Scale] = {}
    rules = [(q.code, q.scoring) for q in tender.questions] + [(s.code, s.scoring) for s in tender.selections]
    for code, rule in rules:
        if rule_kind(rule).marked and rule.scale:
            out[(code, "mark")] = tender.scale(rule.scale)
        if rule.credibility_scale:
            out[(code, "credibility")] = tender.scale(rule.credibility_scale)
    return out


def load_marks(path: str | os.PathLike[str], tender: model.Tender, bidders: Iterable[str],
               display: str | None = None) -> tuple[Marks | None, list[Diagnostic], str]:
    """Read and check a marks file against the tender and the bidders scored.

    Returns (marks or None when any error was found, diagnostics, the file's text).
    """
    display = display or str(path)
    root, text, sink = read_marks_document(path, display)
    if root is None:
        if not sink:
            sink.append(make("marks/malformed", Span(file=display, line=1, column=1, end_line=1, end_column=2),
                             what="the marks file is empty; it needs `tender:` and `marks:`"))
        return None, sink, text
    marks, found = check_marks(root, text, display, tender, bidders)
    return marks, sink + found, text


def marks_in(document: Document, pointer: Pointer, tender: str) -> _Node:
    """The marks written at `pointer` inside another read file (a test case's inline `marks:`), located
    there: a mapping written like a marks file, or just its list of entries (for `tender`)."""
    value: Any = document.data
    for key in pointer:
        value = value[key]
    node = _nodes(document, value, pointer)
    if isinstance(node.value, list):
        return _Node({"tender": _Node(tender, node.span), "marks": node}, node.span)
    return node


def check_marks(root: _Node, text: str, display: str, tender: model.Tender, bidders: Iterable[str]
                ) -> tuple[Marks | None, list[Diagnostic]]:
    """Check read marks (a marks file, or marks written inline in a test file) against the tender and bidders."""
    import hashlib

    sink: list[Diagnostic] = []
    known = frozenset(bidders)
    if not isinstance(root.value, dict):
        sink.append(make("marks/malformed", root.span, what="a marks file is a mapping with `tender:` and `marks:`"))
        return None, sink
    top: dict[str, _Node] = root.value
    tender_node = top.get("tender")
    if tender_node is None:
        sink.append(make("marks/malformed", root.span, what="the marks file does not name its `tender:`"))
    elif str(tender_node.value) != tender.name:
        # Checking another tender's entries against this one would only bury the one real problem.
        sink.append(make("marks/wrong-tender", tender_node.span, found=tender_node.value, expected=tender.name))
        return None, sink
    for key, node in top.items():
        if key not in ("tender", "marks", "received", "excluded"):
            sink.append(make("marks/malformed", node.span,
                             what=f"unknown key '{key}' (expected tender, marks, received and excluded)"))
    received = _received(top.get("received"), known, sink)
    excluded = _excluded(top.get("excluded"), known, sink)
    marks_node = top.get("marks")
    if marks_node is None or not isinstance(marks_node.value, list):
        where = marks_node.span if marks_node is not None else root.span
        sink.append(make("marks/malformed", where, what="`marks:` must be a list of entries"))
        return None, sink
    items = marked_items(tender)
    all_items = {q.code for q in tender.questions} | {s.code for s in tender.selections}
    entries: list[MarkEntry] = []
    seen: set[tuple[str, str]] = set()
    for entry_node in marks_node.value:
        entries.extend(_entry(entry_node, tender, items, all_items, known, seen, sink))
    digest = hashlib.sha256(text.encode("utf-8")).hexdigest()
    if any(d.severity.name == "ERROR" for d in sink):
        return None, sink
    return Marks(tender=tender.name, entries=tuple(entries), file=display, sha256=digest, received=received,
                 excluded=excluded), sink


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


def _excluded(node: _Node | None, bidders: frozenset[str], sink: list[Diagnostic]) -> dict[str, str]:
    """`excluded:` bidder → the reason the buyer excluded the bid: a bid is never set aside unexplained."""
    if node is None:
        return {}
    if not isinstance(node.value, dict):
        sink.append(make("marks/malformed", node.span, what="`excluded:` maps each excluded bidder to the reason, "
                         "like \"Acme Services Ltd\": \"no valid insurance certificate\""))
        return {}
    out = {}
    for written, reason in node.value.items():
        where = reason.key_span or reason.span
        problem = names.problem(str(written))
        if problem is not None:
            sink.append(make("marks/bad-name", where, name=names.shown(str(written)), reason=problem))
            continue
        bidder = names.normalise(str(written))
        if bidder not in bidders:
            sink.append(make("marks/unknown-bidder", where, bidder=names.shown(bidder),
                             suggestions=did_you_mean(bidder, sorted(bidders))))
            continue
        text = _text(reason) if isinstance(reason.value, str) else None
        if text is None:
            sink.append(make("marks/malformed", reason.span,
                             what=f"the exclusion of {names.shown(bidder)} needs its reason, as text"))
            continue
        out[bidder] = " ".join(text.split())
    return out


def _entry(node: _Node, tender: model.Tender, items: dict[str, tuple[str, model.Scale]], all_items: set[str],
           bidders: frozenset[str], seen: set[tuple[str, str]], sink: list[Diagnostic]) -> list[MarkEntry]:
    """The marks of one entry: its item's mark and, under `credibility:`, a second mark (issue 9 item 14)."""
    if not isinstance(node.value, dict):
        sink.append(make("marks/malformed", node.span, what="each entry of `marks:` is a mapping with bidder and item"))
        return []
    fields: dict[str, _Node] = node.value
    errors_before = len([d for d in sink if d.severity.name == "ERROR"])
    for key, value in fields.items():
        if key not in ("bidder", "item", "evaluators", "consensus", "credibility"):
            sink.append(make("marks/malformed", value.span,
                             what=f"unknown key '{key}' (expected bidder, item, evaluators, consensus and "
                                  "credibility)"))
    bidder_node, item_node = fields.get("bidder"), fields.get("item")
    if bidder_node is None or item_node is None:
        sink.append(make("marks/malformed", node.span, what="each entry names a `bidder:` and an `item:`"))
        return []
    bidder = _name(bidder_node, "`bidder:` is the bidder's name, written as text", sink)
    if bidder is None:
        return []
    if not isinstance(item_node.value, str):
        sink.append(make("marks/malformed", item_node.span,
                         what="`item:` is the code of a question or measure, such as Q1"))
        return []
    code = item_node.value.strip()
    if bidder not in bidders:
        looks = names.skeleton(bidder)
        lookalikes = [b for b in sorted(bidders) if names.skeleton(b) == looks]
        sink.append(make("marks/unknown-bidder", bidder_node.span, bidder=names.shown(bidder),
                         suggestions=lookalikes or did_you_mean(bidder, sorted(bidders))))
    if code not in all_items:
        sink.append(make("marks/unknown-item", item_node.span, item=code,
                         suggestions=did_you_mean(code, sorted(all_items))))
        return []
    if code not in items:
        rule = _rule_of(tender, code)
        sink.append(make("marks/item-not-marked", item_node.span, item=code, rule=rule.kind.replace("-", " ")))
        return []
    if (bidder, code) in seen:
        sink.append(make("marks/duplicate-entry", node.span, bidder=bidder, item=code))
    seen.add((bidder, code))
    use, scale = items[code]
    second = fields.get("credibility")
    credibility_scale = _rule_of(tender, code).credibility_scale
    found: list[MarkEntry | None] = [_marks_of(node, fields, bidder, code, use, scale, tender, sink)]
    if second is not None:
        if use != "mark" or credibility_scale is None:
            sink.append(make("marks/malformed", second.key_span or second.span,
                             what=f"`credibility:` gives a second mark, and {code} has one mark only: give it "
                                  "with `evaluators:` and `consensus:`"))
        elif not isinstance(second.value, dict):
            sink.append(make("marks/malformed", second.span,
                             what="`credibility:` holds `evaluators:` and `consensus:`, as the entry does"))
        else:
            for key, value in second.value.items():
                if key not in ("evaluators", "consensus"):
                    sink.append(make("marks/malformed", value.key_span or value.span,
                                     what=f"unknown key '{key}' under credibility (expected evaluators and consensus)"))
            found.append(_marks_of(second, second.value, bidder, code, "credibility",
                                   tender.scale(credibility_scale), tender, sink))
    if len([d for d in sink if d.severity.name == "ERROR"]) > errors_before:
        return []
    return [e for e in found if e is not None]


def _rule_of(tender: model.Tender, code: str) -> model.ScoringRule:
    """The scoring rule of a question or selected measure of `tender`."""
    rule = next((q.scoring for q in tender.questions if q.code == code), None)
    return rule if rule is not None else next(s.scoring for s in tender.selections if s.code == code)


def _marks_of(node: _Node, fields: dict[str, _Node], bidder: str, code: str, use: str, scale: model.Scale,
              tender: model.Tender, sink: list[Diagnostic]) -> MarkEntry | None:
    """One mark of an entry: every evaluator's mark on `scale`, the consensus, and the moderated mark."""
    errors_before = len([d for d in sink if d.severity.name == "ERROR"])
    levels = {Fraction(level.value) for level in scale.levels}
    level_text = ", ".join(level_words(level.value, scale.percent) for level in scale.levels)

    def on_scale(value: Fraction, written: _Node) -> None:
        if value not in levels:
            # As written, not rounded for display: 0.001 must not be shown as the level 0.
            text = format(written.value, "f") if isinstance(written.value, Decimal) else str(written.value).strip()
            shown = text.rstrip("%") + ("%" if scale.percent else "")
            sink.append(make("marks/mark-not-on-scale", written.span, mark=shown, scale=scale.name,
                             levels=level_text))

    evaluators: list[EvaluatorMark] = []
    ev_node = fields.get("evaluators")
    if ev_node is not None and not isinstance(ev_node.value, dict):
        sink.append(make("marks/malformed", ev_node.span,
                         what="`evaluators:` maps each evaluator to `{mark: ..., reason: ...}`"))
    elif ev_node is not None:
        named: dict[str, Span] = {}
        for written, mark_node in ev_node.value.items():
            name = _evaluator(written, mark_node, named, sink)
            if name is None:
                continue
            if isinstance(mark_node.value, dict) and "mark" in mark_node.value:
                mark = _mark_value(mark_node.value["mark"], scale, sink)
                reason = _text(mark_node.value.get("reason"))
            else:
                sink.append(make("marks/malformed", mark_node.span,
                                 what=f"evaluator {name} needs `{{mark: ..., reason: \"...\"}}`"))
                continue
            if mark is None:
                continue
            on_scale(mark, mark_node.value["mark"])
            if reason is None:
                sink.append(make("marks/missing-reason", mark_node.span, evaluator=name, bidder=bidder, item=code))
            adjusted, adjusted_reason = None, None
            if "adjusted" in mark_node.value:
                adjusted = _mark_value(mark_node.value["adjusted"], scale, sink)
                adjusted_reason = _text(mark_node.value.get("adjusted_reason"))
                if adjusted is None:
                    continue
                on_scale(adjusted, mark_node.value["adjusted"])
                if adjusted_reason is None and adjusted != mark:
                    sink.append(make("marks/adjusted-without-reason", mark_node.value["adjusted"].span,
                                     evaluator=name, bidder=bidder, item=code))
            evaluators.append(EvaluatorMark(evaluator=str(name), mark=mark, reason=reason, adjusted=adjusted,
                                            adjusted_reason=adjusted_reason))
    consensus: Fraction | None = None
    consensus_reason: str | None = None
    cons_node = fields.get("consensus")
    if cons_node is not None:
        if isinstance(cons_node.value, dict) and "mark" in cons_node.value:
            consensus = _mark_value(cons_node.value["mark"], scale, sink)
            consensus_reason = _text(cons_node.value.get("reason"))
            if consensus is not None:
                on_scale(consensus, cons_node.value["mark"])
        else:
            sink.append(make("marks/malformed", cons_node.span,
                             what="`consensus:` needs `{mark: ..., reason: \"...\"}`"))
    if ev_node is None or ev_node.value == {}:
        # Never scored from the consensus alone: the individual marks are the audit trail.
        sink.append(make("marks/no-evaluators", node.span if ev_node is None else ev_node.span, bidder=bidder,
                         item=code))
    if tender.moderation == "consensus":
        if cons_node is None:
            sink.append(make("marks/missing-consensus", node.span, bidder=bidder, item=code))
        elif consensus is not None and consensus_reason is None and consensus in levels:
            # A mark already refused as not on the scale is not reported again as one the consensus
            # departs from without a reason: one mistake, one message.
            departed = next((e for e in evaluators if e.mark != consensus and e.mark in levels), None)
            if departed is not None:
                sink.append(make("marks/consensus-reason-missing", cons_node.span, consensus=number(consensus),
                                 evaluator=departed.evaluator, mark=number(departed.mark)))
    elif cons_node is not None:
        sink.append(make("marks/consensus-ignored", cons_node.span))
    if len([d for d in sink if d.severity.name == "ERROR"]) > errors_before:
        return None
    moderated = core.moderate(tender.moderation, [e.final for e in evaluators], consensus)
    return MarkEntry(bidder=bidder, item=code, use=use, evaluators=tuple(evaluators), consensus=consensus,
                     consensus_reason=consensus_reason, moderated=moderated, span=node.span)


def _name(node: _Node, what: str, sink: list[Diagnostic]) -> str | None:
    """A bidder's name as written in the marks file, normalised as bids' names are; None if refused."""
    if not isinstance(node.value, str):
        sink.append(make("marks/malformed", node.span, what=what))
        return None
    problem = names.problem(node.value)
    if problem is not None:
        sink.append(make("marks/bad-name", node.span, name=names.shown(node.value), reason=problem))
        return None
    return names.normalise(node.value)


def _evaluator(written: str, node: _Node, named: dict[str, Span], sink: list[Diagnostic]) -> str | None:
    """An evaluator's name, normalised; refused when it hides characters or looks like another's
    (`E1` and `e1`, or a Cyrillic `Е1`), since each evaluator's mark must be told apart."""
    where = node.key_span or node.span
    problem = names.problem(written)
    if problem is not None:
        sink.append(make("marks/bad-name", where, name=names.shown(written), reason=problem))
        return None
    name = names.normalise(written)
    if not name:
        sink.append(make("marks/malformed", where, what="each evaluator is named, such as E1 or J. Smith"))
        return None
    looks = names.skeleton(name)
    if looks in named:
        first = named[looks]
        sink.append(make("marks/duplicate-key", where, key=names.shown(name), line=first.line,
                         related=[Related(span=first, message="first given here")]))
        return None
    named[looks] = where
    return name
