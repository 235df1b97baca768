"""Score reports: audit header, ranking, explanations, assessment summaries, sensitivity.

Formats: a Rich terminal table, JSON, CSV and Markdown. Every figure is rounded per the one
rule (`svspec.words`: 2 decimal places, ROUND_HALF_UP) from exact values; nothing time-dependent is printed, so
the same inputs give byte-identical reports.
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from fractions import Fraction
from pathlib import Path
from typing import Any

from svspec import __version__, model
from svspec.plaintext import csv_text, markdown_text, visible
from svspec.scoring import words
from svspec.scoring.engine import BidScore, ItemScore, Scoring
from svspec.scoring.explain import bid_method_lines, explain_bid, price_sentence
from svspec.scoring.marks import marked_items, marked_uses
from svspec.scoring.results import unkept_items
from svspec.scoring.sensitivity import Sensitivity
from svspec.words import MODE, PLACES

ROUNDING = words.RULE


@dataclass(frozen=True, slots=True, kw_only=True)
class Audit:
    """What was scored, identified by content: enough to reproduce the result years later."""

    svspec_version: str
    tender: str
    tender_version: str | None
    specs: tuple[tuple[str, str], ...]        # (file, sha256)
    bids: tuple[tuple[str, str], ...]
    marks: tuple[str, str] | None
    rounding: str = ROUNDING


def sha256_file(path: str | Path) -> str:
    return hashlib.sha256(Path(path).read_bytes()).hexdigest()


def make_audit(scoring: Scoring, sources: Mapping[str, str], bid_files: Sequence[str],
               marks_file: str | None) -> Audit:
    """The audit header: sha256 of every spec file compiled, each bid file and the marks file."""
    specs = tuple(sorted((name, sha256_file(name) if Path(name).is_file() else
                          hashlib.sha256(text.encode("utf-8")).hexdigest()) for name, text in sources.items()))
    bids = tuple(sorted((f, sha256_file(f)) for f in bid_files))
    marks = (marks_file, sha256_file(marks_file)) if marks_file else None
    return Audit(svspec_version=__version__, tender=scoring.tender.name, tender_version=scoring.tender.version,
                 specs=specs, bids=bids, marks=marks, rounding=rounding_rule(scoring.tender))


def rounding_rule(tender: model.Tender) -> str:
    """The rounding the scores followed, in words: svspec's rule, with the tender's stated rounding
    per question before weighting and of totals before ranking in their places (issue 12 item 3)."""
    if tender.item_places is None and tender.rank_places is None:
        return ROUNDING
    parts = ["exact fractions"]
    if tender.item_places is not None:
        to = "whole points" if tender.item_places == 0 else f"{tender.item_places} decimal places"
        parts.append(f"points per question rounded to {to} before weighting, as the tender states")
    parts.append("ranked on exact values" if tender.rank_places is None else
                 f"ranked on totals rounded to {tender.rank_places} decimal places, as the tender states")
    parts.append(f"figures rounded to {PLACES} decimal places, {MODE}")
    return "; ".join(parts)


def _outcome(bid: BidScore) -> str:
    nothing = "".join(f"; {c.kind} scores nothing: {c.zeroed}" for c in bid.criteria if c.zeroed)
    if bid.rank is None:
        return "excluded: " + "; ".join(bid.excluded) + nothing
    outcome = "winner" if bid.rank == 1 else "ranked"
    return (f"{outcome}; {bid.delivery_note}" if bid.delivery_note else outcome) + nothing


def rows(scoring: Scoring) -> list[dict[str, Any]]:
    """The ranking as plain rows, figures rounded."""
    out = []
    for bid in scoring.bids:
        row: dict[str, Any] = {"rank": bid.rank, "bidder": bid.bidder}
        for c in bid.criteria:
            row[c.kind] = words.points(c.points)
        row["total"] = words.points(bid.total)
        row["outcome"] = _outcome(bid)
        out.append(row)
    return out


@dataclass(frozen=True, slots=True, kw_only=True)
class TagPoints:
    """The points a bid's social value measures carrying one tag earn, for grouping a report by the
    framework's tags (Lambeth's shared purpose, the SDGs: issue 9 item 13)."""

    family: str
    tag: str
    title: str
    points: dict[str, Fraction]  # by bidder, out of the tender's 100 points


def tag_points(scoring: Scoring) -> list[TagPoints]:
    """Per tag of the framework, each bid's weighted points from the measures carrying it. A measure
    with two tags counts toward both, so the rows of a family need not add up to the total."""
    tender = scoring.tender
    tags_of = {s.code: s.measure.tags for s in tender.selections}
    out = []
    for family in tender.framework.tag_families:
        for tag in family.tags:
            points = {bid.bidder: sum((i.weighted for i in bid.items if tag.name in tags_of.get(i.code, ())),
                                      Fraction(0)) for bid in scoring.bids}
            out.append(TagPoints(family=family.title, tag=tag.name, title=tag.title, points=points))
    return out


def _audit_json(audit: Audit) -> dict[str, Any]:
    return {
        "svspec_version": audit.svspec_version, "tender": audit.tender, "tender_version": audit.tender_version,
        "specs": [{"file": f, "sha256": h} for f, h in audit.specs],
        "bids": [{"file": f, "sha256": h} for f, h in audit.bids],
        "marks": {"file": audit.marks[0], "sha256": audit.marks[1]} if audit.marks else None,
        "rounding": audit.rounding,
    }


def _exact(value: Any) -> str:
    return f"{value.numerator}/{value.denominator}" if value.denominator != 1 else str(value.numerator)


def to_json(scoring: Scoring, audit: Audit, sensitivity: Sensitivity | None = None) -> str:
    """The whole result as JSON: rounded figures for people, exact fractions for machines."""
    out: list[str] = []
    write_json(scoring, audit, sensitivity, write=out.append)
    return "".join(out)


def write_json(scoring: Scoring, audit: Audit, sensitivity: Sensitivity | None = None, *,
               write: Callable[[str], Any], extra: Mapping[str, Any] | None = None) -> None:
    """`to_json`'s text, written in pieces as each bid's part is made: 100,000 bids' every item and
    sentence is gigabytes of JSON, which need not all be in memory at once. `extra` are more
    top-level members, after the others (the command's diagnostics)."""
    valued: dict[int, tuple[Any, _Written | None]] = {}

    def valuation(s: ItemScore) -> _Written | None:
        """`_valuation_json`, once per distinct valuation, and its text once per indent (`_Written`): the
        engine shares one per distinct answer (kept beside it in `valued`, so that its id is never
        reused while the report is written)."""
        found = valued.get(id(s.valuation))
        if found is None or found[0] is not s.valuation:
            made = _valuation_json(s)
            found = valued[id(s.valuation)] = (s.valuation, _Written(made) if made is not None else None)
        return found[1]

    def part(bid: BidScore) -> dict[str, Any]:
        """One bid's member of "bids"."""
        made: dict[str, Any] = {
            "rank": bid.rank, "bidder": bid.bidder, "file": bid.file, "outcome": _outcome(bid),
            "total": words.points(bid.total), "total_exact": _exact(bid.total),
            "price": words.money(bid.price) if bid.price is not None else None,
            **({"price_components": {code: words.money(amount) for code, amount in bid.price_parts}}
               if bid.price_parts else {}),
            "criteria": [{"kind": c.kind, "points": words.points(c.points), "fraction_exact": _exact(c.fraction),
                          "passed": c.passed, **({"scores_nothing": c.zeroed} if c.zeroed else {})}
                         for c in bid.criteria],
            "items": [{"code": s.code, "criterion": s.criterion, "answer": s.answer_text,
                       "points": words.points(s.points), "weighted": words.points(s.weighted),
                       "fraction_exact": _exact(s.fraction), "explanation": s.sentence,
                       "social_value": valuation(s)} for s in unkept_items(bid)],
            "social_value": words.money(bid.social_value), "social_value_exact": _exact(bid.social_value),
            "excluded": list(bid.excluded), "tie": bid.tie_note,
            "submitted": bid.submitted, "submitted_from": _time_from(bid), "submission_note": bid.submission_note,
            **_bid_methods_json(scoring, bid),
        }
        if bid.committed is not None:
            made.update(committed_value=words.money(bid.committed), committed_value_exact=_exact(bid.committed),
                        delivery_note=bid.delivery_note)
        return made

    data: dict[str, Any] = {"audit": _audit_json(audit), "tender": scoring.tender.name,
                            "bids": _Stream(len(scoring.bids), lambda: map(part, scoring.bids))}
    data.update(_methods_json(scoring))
    if scoring.marks is not None:
        data["moderation_audit"] = moderation_audit(scoring)
    by_tag = tag_points(scoring)
    if by_tag:
        data["by_tag"] = [{"family": t.family, "tag": t.tag, "title": t.title,
                           "points": {b: words.points(p) for b, p in t.points.items()},
                           "points_exact": {b: _exact(p) for b, p in t.points.items()}} for t in by_tag]
    if sensitivity is not None:
        data["sensitivity"] = sensitivity_json(sensitivity)
    data.update(extra or {})
    _write_members(data, write)
    write("\n")


@dataclass(frozen=True, slots=True)
class _Written:
    """A value repeated across the report (a valuation many bids share), its JSON text made once for
    each indent it is written at (`_put`)."""

    value: Any
    texts: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class _Stream:
    """A JSON array whose elements are made one at a time while it is written (`_write_members`)."""

    size: int
    elements: Callable[[], Iterator[Any]]


def _write_members(data: dict[str, Any], write: Callable[[str], Any]) -> None:
    """`indented_json(data)` for a top-level object, written member by member and a `_Stream`'s
    elements one by one: each unit is written by `_put`, or by `json.dumps` when it holds an unusual
    value, indented where it stands (json.dumps indents by prefix, so the text is the same)."""
    if not data:
        write("{}")
        return
    write("{\n  ")
    for n, (key, value) in enumerate(data.items()):
        if n:
            write(",\n  ")
        write(json.dumps(key, ensure_ascii=False) + ": ")
        if type(value) is not _Stream:
            write(_unit(value, "\n  "))
        elif not value.size:
            write("[]")
        else:
            write("[\n    ")
            for i, element in enumerate(value.elements()):
                if i:
                    write(",\n    ")
                write(_unit(element, "\n    "))
            write("\n  ]")
    write("\n}")


def _unwritten(value: Any) -> Any:
    """For `json.dumps`: a `_Written` is its value."""
    if isinstance(value, _Written):
        return value.value
    raise TypeError(f"Object of type {type(value).__name__} is not JSON serializable")


def _unit(value: Any, newline: str) -> str:
    """One value as indented JSON at the level whose line break and indent is `newline`."""
    out: list[str] = []
    try:
        _put(value, out, newline)
    except _Unusual:
        return json.dumps(value, indent=2, ensure_ascii=False, default=_unwritten).replace("\n", newline)
    return "".join(out)


class _Unusual(Exception):
    """A value `indented_json` leaves to `json.dumps` (a float, a key that is not a string, a subclass)."""


def indented_json(data: Any) -> str:
    """`json.dumps(data, indent=2, ensure_ascii=False)`, the same text, written about twice as fast:
    the standard library writes indented JSON through nested generators in Python (its C encoder
    only writes unindented JSON before Python 3.13), and a report of every bid's every item is
    millions of values. Anything but dicts, lists, tuples, strings, integers, booleans and None is
    left to `json.dumps` itself."""
    out: list[str] = []
    try:
        _put(data, out, "\n")
    except _Unusual:
        return json.dumps(data, indent=2, ensure_ascii=False)
    return "".join(out)


def _put(value: Any, out: list[str], newline: str) -> None:
    """Append `value` as indented JSON; `newline` is a line break and the indent of its level."""
    kind = type(value)
    if kind is str:
        out.append(_string(value))
    elif value is None:
        out.append("null")
    elif value is True:
        out.append("true")
    elif value is False:
        out.append("false")
    elif kind is int:
        out.append(int.__repr__(value))
    elif kind is dict:
        if not value:
            out.append("{}")
            return
        inner = newline + "  "
        between = "," + inner
        out.append("{" + inner)
        first = True
        for key, item in value.items():
            if type(key) is not str:
                raise _Unusual
            if not first:
                out.append(between)
            first = False
            out.append(_string(key) + ": ")
            _put(item, out, inner)
        out.append(newline + "}")
    elif kind is list or kind is tuple:
        if not value:
            out.append("[]")
            return
        inner = newline + "  "
        between = "," + inner
        out.append("[" + inner)
        first = True
        for item in value:
            if not first:
                out.append(between)
            first = False
            _put(item, out, inner)
        out.append(newline + "]")
    elif kind is _Written:
        text = value.texts.get(newline)
        if text is None:
            made: list[str] = []
            _put(value.value, made, newline)
            text = value.texts[newline] = "".join(made)
        out.append(text)
    else:
        raise _Unusual


_string = json.encoder.encode_basestring  # what json.dumps uses for strings with ensure_ascii=False


def _weight(value: Any) -> dict[str, str] | None:
    """An exact weight as a fraction and as a decimal (enough places to see it; the fraction is exact)."""
    if value is None:
        return None
    return {"exact": _exact(value), "decimal": words.points(value, 6), "percent": words.percent(value)}


def sensitivity_json(sensitivity: Sensitivity) -> dict[str, Any]:
    """The sensitivity analysis as data (issue 12 item 6): every tipping weight exactly, every rank
    change under each perturbation with the totals, every pair's crossing weight, the mark sensitivity."""
    marks = sensitivity.marks
    return {
        "winner": sensitivity.winner,
        "notes": list(sensitivity.notes),
        "tipping_points": [
            {"criterion": t.criterion, "weight": _weight(t.weight), "lower": _weight(t.lower),
             "lower_winner": t.lower_winner, "upper": _weight(t.upper), "upper_winner": t.upper_winner,
             "sentence": t.sentence} for t in sensitivity.tipping_points],
        "weight_changes": [
            {"criterion": c.criterion, "factor": _exact(c.factor),
             "weights": [{"criterion": k, **(_weight(w) or {})} for k, w in c.weights],
             "totals": [{"bidder": b, "total": words.points(p), "total_exact": _exact(p)} for b, p in c.totals],
             "winner": c.winner,
             "rank_changes": [{"bidder": b, "from": a, "to": to} for b, a, to in c.rank_changes],
             "sentence": c.sentence} for c in sensitivity.changes],
        "crossings": [{"criterion": x.criterion, "weight": _weight(x.weight), "above": x.above, "below": x.below}
                      for x in sensitivity.crossings],
        "rank_reversals": [{"removed": r.removed, "first": r.first, "second": r.second, "sentence": r.sentence}
                           for r in sensitivity.reversals],
        "marks": None if marks is None else {
            "margin": words.points(marks.margin), "margin_exact": _exact(marks.margin),
            "step_points": words.points(marks.step) if marks.step is not None else None,
            "step_item": marks.step_item, "warning": marks.warning, "sentence": marks.sentence,
            "change": None if marks.change is None else {
                "bidder": marks.change.bidder, "item": marks.change.item, "evaluator": marks.change.evaluator,
                "from": _exact(marks.change.mark), "to": _exact(marks.change.to), "winner": marks.change.winner}},
        "sentences": list(sensitivity.sentences),
    }


def _bid_methods_json(scoring: Scoring, bid: BidScore) -> dict[str, Any]:
    """A bid's abnormally low flags and rounding note, only when the tender or the figures call for them."""
    out: dict[str, Any] = {}
    if scoring.tender.abnormally_low is not None:
        out["abnormally_low"] = [
            {"against": against, "compared_with": words.money(reference), "compared_with_exact": _exact(reference),
             "below": words.percent(share), "below_exact": _exact(share), "sentence": sentence}
            for (against, reference, share), sentence in zip(bid.low_flags, bid.abnormally_low, strict=True)]
    if bid.shown_note:
        out["rounding_note"] = bid.shown_note
    if scoring.tender.award == "price per quality point":
        per = bid.price_per_point
        out["price_per_quality_point"] = words.money(per) if per is not None else None
        out["price_per_quality_point_exact"] = _exact(per) if per is not None else None
    if bid.total > 100 or bid.total < 0:
        out["outside_0_to_100"] = True
    return out


def _methods_json(scoring: Scoring) -> dict[str, Any]:
    """The evaluation's stages and what they set aside, and the abnormally low rule (issue 12 items 2, 5, 8)."""
    out: dict[str, Any] = {}
    if scoring.stages:
        out["stages"] = [{"stage": name, "set_aside": list(names)} for name, names in scoring.stages]
        out["stages"].append({"stage": "ranking on the total", "ranked": [b.bidder for b in scoring.ranked]})
    low = scoring.tender.abnormally_low
    if low is not None:
        out["abnormally_low_rule"] = {"tests": [{"against": a, "at_least": words.percent(share)}
                                                for a, share in low.tests], "action": low.action}
    if scoring.tender.rank_places is not None:
        out["rank_places"] = scoring.tender.rank_places
    if scoring.tender.item_places is not None:
        out["item_places"] = scoring.tender.item_places
    out["award"] = scoring.tender.award
    out["all_excluded"] = not scoring.ranked and bool(scoring.bids)
    return out


def _signed(value: Any) -> str:
    return ("+" if value > 0 else "") + words.number(value)


def moderation_audit(scoring: Scoring) -> list[dict[str, Any]]:
    """Every marked item of every bid (issue 12 item 7): each evaluator's own mark, any mark they adjusted
    after moderation (kept beside the original, never over it), the moderated mark that is scored, each
    evaluator's delta (moderated − own original mark) and the reasons, by bidder then item."""
    assert scoring.marks is not None
    method = scoring.tender.moderation
    scales = marked_items(scoring.tender)
    out = []
    for entry in sorted(scoring.marks.entries, key=lambda e: (e.bidder, e.item)):
        originals = [e.mark for e in entry.evaluators]
        before = sum(originals, Fraction(0)) / len(originals) if originals else None
        percent = entry.item in scales and scales[entry.item][1].percent

        def shown(value: Fraction, percent: bool = percent) -> str:
            return words.on_scale(value, percent)

        out.append({
            "bidder": entry.bidder, "item": entry.item, "use": entry.use, "moderation": method,
            "evaluators": [
                {"evaluator": e.evaluator, "mark": shown(e.mark), "reason": e.reason,
                 "adjusted": shown(e.adjusted) if e.adjusted is not None else None,
                 "adjusted_reason": e.adjusted_reason,
                 "delta": _signed(entry.moderated - e.mark) + ("%" if percent else ""),
                 "delta_exact": _exact(entry.moderated - e.mark)}
                for e in entry.evaluators],
            "mean_of_original_marks": shown(before) if before is not None else None,
            "mean_of_original_marks_exact": _exact(before) if before is not None else None,
            "consensus": shown(entry.consensus) if entry.consensus is not None else None,
            "consensus_reason": entry.consensus_reason,
            "moderated": shown(entry.moderated), "moderated_exact": _exact(entry.moderated),
        })
    return out


def _evaluator_marks(row: Mapping[str, Any]) -> list[str]:
    """Each evaluator's own mark in a moderation audit row, any adjustment and the delta."""
    marks = []
    for e in row["evaluators"]:
        text = f"{e['evaluator']} {e['mark']}"
        if e["adjusted"] is not None:
            why = f" ({e['adjusted_reason']})" if e["adjusted_reason"] else ""
            text += f", adjusted to {e['adjusted']}{why}"
        marks.append(f"{text} (delta {e['delta']})")
    return marks


def moderation_lines(scoring: Scoring) -> list[str]:
    """The moderation audit in words: one line per bid and item whose moderated mark differs from an
    evaluator's own mark, or that an evaluator adjusted (agreeing marks need no line)."""
    if scoring.marks is None:
        return []
    lines = []
    for row in moderation_audit(scoring):
        moved = [e for e in row["evaluators"] if e["delta"] not in ("0", "0%") or e["adjusted"] is not None]
        if not moved:
            continue
        marks = _evaluator_marks(row)
        how = ("the consensus" + (f"; reason: {row['consensus_reason']}" if row["consensus_reason"] else "")
               if row["moderation"] == "consensus" else "the mean of the evaluators' marks, adjusted where they were")
        lines.append(f"{row['bidder']} on {row['item']}: " + "; ".join(marks) + f"; mean of the original marks "
                     f"{row['mean_of_original_marks']}; moderated mark {row['moderated']} ({how}).")
    return ["Moderation audit (each evaluator's own mark is kept; delta = moderated mark − own mark):", *lines] \
        if lines else []


def method_lines(scoring: Scoring) -> list[str]:
    """The report's lines about the evaluation methods: each stage with the bids it set aside, bids
    flagged as abnormally low, shown totals that disagree with the ranking, totals outside 0 to 100,
    and a plain statement when every bid is excluded."""
    lines = []
    if scoring.tender.award == "price per quality point":
        each = [f"{b.bidder} {words.money(b.price_per_point)}" for b in scoring.ranked if b.price_per_point is not None]
        lines.append("Award by price per quality point: each price ÷ its total points, the lowest wins"
                     + (f": {', '.join(each)} per point." if each else "."))
    if scoring.stages:
        remaining = len(scoring.bids)
        for number, (name, out) in enumerate(scoring.stages, start=1):
            remaining -= len(out)
            aside = f"; set aside: {', '.join(out)}" if out else "; none set aside"
            lines.append(f"Stage {number}, {name}: {remaining} of {len(scoring.bids)} bids go on{aside}.")
        lines.append(f"Stage {len(scoring.stages) + 1}, ranking on the total: {len(scoring.ranked)} bids ranked.")
    for bid in scoring.bids:
        lines += bid_method_lines(scoring, bid)
    if scoring.bids and not scoring.ranked:
        lines.append("Every bid is excluded: none is ranked, so no tender can be awarded on these bids.")
    return lines


def _valuation_json(s: ItemScore) -> dict[str, Any] | None:
    """An answer's social value year by year: rounded £ for people, exact fractions for machines."""
    v = s.valuation
    if v is None:
        return None
    out: dict[str, Any] = {
        "quantity_exact": _exact(v.quantity),
        "years": [{"year": y.year, "share_exact": _exact(y.share), "value": words.money(y.impact),
                   "value_exact": _exact(y.impact), "divisor_exact": _exact(y.divisor),
                   "present_value": words.money(y.present), "present_value_exact": _exact(y.present)}
                  for y in v.years],
        "present_value": words.money(v.total), "present_value_exact": _exact(v.total),
    }
    figures = (("investment", v.investment, words.money), ("net_present_value", v.net, words.money),
               ("sroi_ratio", v.ratio, words.number), ("net_sroi_ratio", v.net_ratio, words.number))
    for key, figure, shown in figures:
        out[key] = shown(figure) if figure is not None else None
        out[key + "_exact"] = _exact(figure) if figure is not None else None
    return out


def _time_from(bid: BidScore) -> str | None:
    """Whose time `submitted` is: the buyer's receipt (marks file) wins over the bid's own claim."""
    if bid.submitted is None:
        return None
    return "receipt" if bid.received else "bid"


def submission_lines(scoring: Scoring) -> list[str]:
    """Which submission times were used, and the bids whose time matters (late, or a date alone).

    A bid's `submitted` is its own claim; the buyer's receipt time (`received:` in the marks file)
    wins over it, and the report says which was used.
    """
    notes = [f"{bid.submission_note}." for bid in scoring.bids if bid.submission_note]
    if "earliest submission" not in scoring.tender.tie_break and not notes:
        return []
    given = sum(1 for bid in scoring.bids if bid.received)
    if given == len(scoring.bids):
        source = "the buyer's receipt times from the marks file"
    elif given:
        source = (f"the buyer's receipt times from the marks file for {given} of {len(scoring.bids)} bids, "
                  "the bids' own claims for the others")
    else:
        source = "the bids' own claims (no receipt times in a marks file)"
    return [f"Submission times: {source}; a receipt time wins over a bid's claim.", *notes]


def to_csv(scoring: Scoring) -> str:
    """One row per bid: rank, bidder, points per criterion and per item (weighted), total, outcome."""
    buffer = io.StringIO()
    items = [code for code, _ in scoring.bids[0].weighted()] if scoring.bids else []
    kinds = [c.kind for c in scoring.plan.criteria]
    # Every cell quoted, and text cells never read as formulas: a bidder named `=HYPERLINK(...)`
    # must stay a name when the evaluator opens the file in a spreadsheet.
    writer = csv.writer(buffer, lineterminator="\n", quoting=csv.QUOTE_ALL)
    writer.writerow([csv_text(h) for h in ["rank", "bidder", *kinds, *items, "total", "outcome"]])
    for bid in scoring.bids:
        writer.writerow([bid.rank if bid.rank is not None else "", csv_text(bid.bidder),
                         *(words.points(c.points) for c in bid.criteria),
                         *bid.shown_weighted(), words.points(bid.total),
                         csv_text(_outcome(bid))])
    return buffer.getvalue()


def audit_lines(audit: Audit) -> list[str]:
    lines = [f"svspec {audit.svspec_version}; tender {audit.tender}"
             + (f" version {audit.tender_version}" if audit.tender_version else "")]
    lines += [f"spec  {h}  {f}" for f, h in audit.specs]
    lines += [f"bid   {h}  {f}" for f, h in audit.bids]
    if audit.marks:
        lines.append(f"marks {audit.marks[1]}  {audit.marks[0]}")
    lines.append(f"rounding: {audit.rounding}")
    return lines


def _mark(scoring: Scoring, s: ItemScore) -> str:
    """The item's mark and its credibility mark, each as given (a measure may have both)."""
    shown = [f"mark {words.number(s.mark)}"] if s.mark is not None else []
    if s.credibility is not None:
        scale = marked_uses(scoring.tender)[(s.code, "credibility")]
        shown.append(f"credibility {words.on_scale(s.credibility, scale.percent)}")
    return ", ".join(shown) or "mark 0"


def assessment_summary(scoring: Scoring, bidder: str) -> str:
    """A bidder's scores and evaluators' reasons next to the winning tender's (Procurement Act 2023 s.50)."""
    bid = scoring.bid(bidder)
    if bid is None:
        raise KeyError(bidder)
    top = scoring.ranked[0] if scoring.ranked else None
    md = markdown_text
    lines = [f"## Assessment summary: {md(bid.bidder)}", ""]
    lines.append(f"Tender: {md(scoring.tender.title)} ({md(scoring.tender.name)}).")
    if bid.rank is None:
        lines.append(f"Your tender was excluded: {md('; '.join(bid.excluded))}. It scored {words.points(bid.total)} "
                     "of 100 points.")
    else:
        lines.append(f"Your tender scored {words.points(bid.total)} of 100 points and ranked {bid.rank} of "
                     f"{len(scoring.ranked)}.")
    same = top is not None and top.bidder == bid.bidder
    if top is not None and not same:
        lines.append(f"The most advantageous tender, from {md(top.bidder)}, scored {words.points(top.total)}.")
    lines.append("")
    other = "" if same or top is None else " | Winning tender"
    lines.append(f"| Criterion or question | Weight | Your points{other} |")
    lines.append("|---|---:|---:|" + ("" if not other else "---:|"))
    for c in bid.criteria:
        theirs = "" if not other or top is None else f" | {words.points(top.criterion(c.kind).points)}"  # type: ignore[union-attr]
        lines.append(f"| **{c.kind}** | {words.percent(c.weight)} | {words.points(c.points)}{theirs} |")
        for s in bid.items:
            if s.criterion != c.kind:
                continue
            t = next((x for x in top.items if x.code == s.code), None) if top is not None else None
            theirs = "" if not other or t is None else f" | {words.points(t.weighted)}"
            lines.append(f"| {md(s.code)} {md(s.title)} | {words.percent(s.item_weight * c.weight)} | "
                         f"{words.points(s.weighted)}{theirs} |")
    lines.append("")
    reasons = []
    for s in bid.items:
        t = next((x for x in top.items if x.code == s.code), None) if top is not None and not same else None
        mine: list[str] = [f"{md(e.evaluator)}: {md(e.reason)}" for e in s.evaluators if e.reason]
        if s.consensus_reason:
            mine.append(f"moderated: {md(s.consensus_reason)}")
        if not mine:
            continue
        reasons.append(f"- **{md(s.code)} {md(s.title)}**: your {_mark(scoring, s)}. " + " ".join(mine))
        if t is not None:
            their_reasons = [f"{md(e.evaluator)}: {md(e.reason)}" for e in t.evaluators if e.reason]
            if t.consensus_reason:
                their_reasons.append(f"moderated: {md(t.consensus_reason)}")
            reasons.append(f"  Winning tender: {_mark(scoring, t)}. " + " ".join(their_reasons))
    if reasons:
        lines += ["Evaluators' reasons:", "", *reasons, ""]
    return "\n".join(lines) + "\n"


def _common_folder(paths: Sequence[str]) -> Path:
    """The deepest folder holding every one of `paths` (as absolute paths)."""
    import os

    return Path(os.path.commonpath([str(Path(p).absolute().parent) for p in paths]))


def shown_paths(audit: Audit) -> tuple[dict[str, str], str | None]:
    """Each audited file as a published report shows it: never an absolute local path (issue 13
    item 11). Paths typed relative to the working folder stay as typed; when any is absolute, every
    path is shown relative to the deepest folder holding them all, and the note says so."""
    files = [f for f, _ in audit.specs] + [f for f, _ in audit.bids] + ([audit.marks[0]] if audit.marks else [])
    if not any(Path(f).is_absolute() or f.startswith("..") for f in files):
        return {f: f for f in files}, None
    base = _common_folder(files)
    shown = {f: Path(f).absolute().relative_to(base).as_posix() for f in files}
    return shown, "Paths are relative to the folder that holds all the inputs."


def audit_markdown(audit: Audit) -> list[str]:
    """The audit header as a Markdown table: one row per fact and per file, with its sha256."""
    md = markdown_text
    shown, note = shown_paths(audit)
    tender = audit.tender + (f" version {audit.tender_version}" if audit.tender_version else "")
    lines = ["## Audit", "", "| Record | File or value | sha256 |", "|---|---|---|",
             f"| svspec | {md(audit.svspec_version)} | |", f"| tender | {md(tender)} | |"]
    lines += [f"| {kind} | {md(shown[f])} | {h} |" for kind, group in (("spec", audit.specs), ("bid", audit.bids))
              for f, h in group]
    if audit.marks:
        lines.append(f"| marks | {md(shown[audit.marks[0]])} | {audit.marks[1]} |")
    lines.append(f"| rounding | {md(audit.rounding)} | |")
    return [*lines, *(["", note] if note else [])]


def moderation_markdown(scoring: Scoring) -> list[str]:
    """The moderation audit as a table: a row per bid and item whose moderated mark differs from an
    evaluator's own mark or that an evaluator adjusted, with each evaluator's mark and delta."""
    md = markdown_text
    rows_ = []
    for row in moderation_audit(scoring) if scoring.marks is not None else []:
        if all(e["delta"] in ("0", "0%") and e["adjusted"] is None for e in row["evaluators"]):
            continue
        marks = _evaluator_marks(row)
        how = (row["consensus_reason"] or "consensus") if row["moderation"] == "consensus" else \
            "the mean of the evaluators' marks, adjusted where they were"
        rows_.append("| " + " | ".join(md(x) for x in [row["bidder"], row["item"], "; ".join(marks),
                                                       row["mean_of_original_marks"] or "", row["moderated"], how])
                     + " |")
    if not rows_:
        return []
    return ["", "## Moderation audit", "",
            "Each evaluator's own mark is kept; delta = moderated mark − own mark.", "",
            "| Bidder | Item | Evaluators' marks | Mean of the original marks | Moderated mark | Reason |",
            "|---|---|---|---:|---:|---|", *rows_]


def explanation_markdown(scoring: Scoring, bidder: str) -> list[str]:
    """A bid's explanation as nested Markdown lists, not a code block: each criterion a list item,
    each question or measure under it, each evaluator's mark under that (issue 13 item 11)."""
    md = markdown_text
    text = explain_bid(scoring, bidder).rstrip("\n").split("\n")
    bid = scoring.bid(bidder)
    lines = ["", f"## Explanation: {md(bid.bidder if bid is not None else bidder)}", "", md(text[0]), ""]
    for line in text[1:]:
        if not line.strip():
            continue
        if line.startswith("      "):
            lines.append(f"    - {md(line.strip())}")
        elif line.startswith("  - "):
            lines.append(f"  - {md(line[4:])}")
        else:
            lines.append(f"- {md(line)}")
    return lines


def to_markdown(scoring: Scoring, audit: Audit, sensitivity: Sensitivity | None = None,
                explain: Sequence[str] = (), summaries: Sequence[str] = ()) -> str:
    """The report as Markdown to publish: audit table, ranking, explanations, summaries, sensitivity.

    Real tables and lists, no code blocks, no absolute local paths. Names, titles and reasons are
    escaped (`markdown_text`), so a bidder called `X | 100 | winner` or holding a newline cannot add
    a cell or forge a row of the ranking.
    """
    md = markdown_text
    kinds = [c.kind for c in scoring.plan.criteria]
    lines = [f"# Scores: {md(scoring.tender.title)}", "", *audit_markdown(audit), "", "## Ranking", ""]
    lines.append("| Rank | Bidder | " + " | ".join(k.capitalize() for k in kinds) + " | Total | Outcome |")
    lines.append("|---:|---|" + "---:|" * len(kinds) + "---:|---|")
    for bid in scoring.bids:
        cells = [str(bid.rank) if bid.rank is not None else "–", md(bid.bidder),
                 *(words.points(c.points) for c in bid.criteria), words.points(bid.total), md(_outcome(bid))]
        lines.append("| " + " | ".join(cells) + " |")
    lines.append("")
    for bid in scoring.bids:
        if bid.tie_note:
            lines.append(f"- {md(bid.bidder)}: {md(bid.tie_note)}.")
    lines += [f"- {md(line)}" for line in submission_lines(scoring)]
    lines += [f"- {md(line)}" for line in method_lines(scoring)]
    lines += moderation_markdown(scoring)
    by_tag = tag_points(scoring)
    if by_tag:
        lines += ["", "## Points by tag", "", "| Tag | " + " | ".join(md(b.bidder) for b in scoring.bids) + " |",
                  "|---|" + "---:|" * len(scoring.bids)]
        lines += ["| " + " | ".join([md(f"{t.family}: {t.title}"),
                                     *(words.points(t.points[b.bidder]) for b in scoring.bids)]) + " |"
                  for t in by_tag]
    for bidder in explain:
        lines += explanation_markdown(scoring, bidder)
    for bidder in summaries:
        lines += ["", assessment_summary(scoring, bidder).rstrip("\n")]
    if sensitivity is not None:
        lines += ["", "## Sensitivity", "", *(f"- {md(s)}" for s in sensitivity.sentences)]
    return "\n".join(lines).rstrip("\n") + "\n"


def _visible_lines(text: str) -> str:
    """Multi-line text from the engine, each line with its invisible characters shown as codes."""
    return "\n".join(visible(line) for line in text.split("\n"))


def print_table(scoring: Scoring, audit: Audit, sensitivity: Sensitivity | None = None,
                explain: Sequence[str] = (), summaries: Sequence[str] = (), *, color: bool = False,
                width: int = 110) -> str:
    """The report for a terminal (Rich), returned as text so that it can also be tested.

    Text from bids, marks and specs goes in as `Text` or with `markup=False`, never as markup:
    a bidder called `[/bold]` is a name, not a Rich tag (and not a MarkupError).
    """
    from rich.table import Table
    from rich.text import Text

    from svspec.scoring.terminal import Writer

    out = Writer(width, color=color)
    out.text(f"Scores: {visible(scoring.tender.title)}", style="bold", soft_wrap=False)
    for line in audit_lines(audit):
        out.text(visible(line), style="dim")
    headers = [("Rank", "right"), ("Bidder", "left"),
               *((f"{c.kind.capitalize()}\n({words.percent(c.weight)})", "right") for c in scoring.plan.criteria),
               ("Total", "right"), ("Outcome", "left")]
    literal = [False, True, *(False for _ in scoring.plan.criteria), False, True]
    rows = [[str(bid.rank) if bid.rank is not None else "–", visible(bid.bidder),
             *(words.points(c.points) for c in bid.criteria), words.points(bid.total), visible(_outcome(bid))]
            for bid in scoring.bids]
    styles = [("bold green" if bid.rank == 1 else ("red" if bid.rank is None else "")) for bid in scoring.bids]
    out.table(headers, rows, literal, styles)
    for bid in scoring.bids:
        if bid.tie_note:
            out.line(visible(f"{bid.bidder}: {bid.tie_note}."))
    for line in submission_lines(scoring) + method_lines(scoring) + moderation_lines(scoring):
        out.line(visible(line))
    by_tag = tag_points(scoring)
    if by_tag:
        tags = Table(title="Points by tag", show_lines=False)
        tags.add_column("Tag")
        for bid in scoring.bids:
            tags.add_column(Text(visible(bid.bidder)), justify="right")
        for t in by_tag:
            tags.add_row(Text(visible(f"{t.family}: {t.title}")),
                         *(words.points(t.points[b.bidder]) for b in scoring.bids))
        out.rich(tags)
    for bidder in explain:
        out.rich()
        out.rich(_visible_lines(explain_bid(scoring, bidder).rstrip("\n")), markup=False, soft_wrap=True)
    for bidder in summaries:
        out.rich()
        out.rich(_visible_lines(assessment_summary(scoring, bidder).rstrip("\n")), markup=False, soft_wrap=True)
    if sensitivity is not None:
        out.rich()
        out.rich("[bold]Sensitivity[/bold]")
        for s in sensitivity.sentences:
            out.line(f"- {visible(s)}")
    return out.getvalue()


__all__ = ["Audit", "assessment_summary", "make_audit", "price_sentence", "print_table", "rows", "to_csv",
           "to_json", "to_markdown"]
