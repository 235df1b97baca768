"""`svspec diff` reports: text for people, JSON for tools, and the Markdown changelog.

The guidance site's changelog page is `markdown_body` of the same comparison, so the page and
`svspec diff --format md` say the same thing. Spec text in reasons is escaped here, per format.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from fractions import Fraction
from typing import Any

from svspec.diff import KINDS, Comparison, Kind
from svspec.diff_effect import BidEffect, Effect
from svspec.plaintext import markdown_text, visible
from svspec.scoring import words as score_words

TITLES: dict[Kind, str] = {"breaking": "Breaking changes", "scoring": "Scoring changes", "wording": "Wording changes"}
MEANINGS: dict[Kind, str] = {
    "breaking": "A bid valid under the old version may be invalid under the new one.",
    "scoring": "The same bids may score or rank differently.",
    "wording": "Titles, guidance and prose only: no bid's validity or score changes.",
}


@dataclass(frozen=True, slots=True, kw_only=True)
class Pair:
    """One spec compared: its files (display paths), the comparison and the effect on bids."""

    old_file: str
    new_file: str
    comparison: Comparison
    effect: Effect | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class Report:
    """Everything `svspec diff` found: compared pairs, and spec files only one side has (folders)."""

    pairs: tuple[Pair, ...]
    only_old: tuple[str, ...] = ()
    only_new: tuple[str, ...] = ()

    def fails_on(self, kind: Kind) -> bool:
        if kind == "breaking" and self.only_old:
            return True
        return any(p.comparison.fails_on(kind) for p in self.pairs) or (
            kind == "breaking" and any(p.effect is not None and p.effect.invalid_after for p in self.pairs))


def counts(comparison: Comparison) -> str:
    """"1 breaking, 4 scoring, 2 wording" (or "no changes")."""
    if not comparison.changes:
        return "no changes"
    return ", ".join(f"{len(comparison.of(k))} {k}" for k in KINDS)


def _points(x: Fraction | None) -> str:
    return "not scored" if x is None else score_words.points(x)


def _rank(r: int | None, total: Fraction | None) -> str:
    if total is None:
        return ""
    return f"rank {r}" if r is not None else "excluded"


# ------------------------------------------------------------------------------------- text

def to_text(report: Report) -> str:
    lines: list[str] = []
    for pair in report.pairs:
        c = pair.comparison
        lines.append(f"{visible(pair.old_file)} → {visible(pair.new_file)}: {visible(c.old)} → {visible(c.new)}")
        lines.append(f"  {counts(c)}")
        for kind in KINDS:
            found = c.of(kind)
            if found:
                lines.append(f"  {kind}:")
                lines += [f"    {visible(ch.subject)}: {visible(ch.reason)}" for ch in found]
        if pair.effect is not None:
            lines.append("  effect on the example bids:")
            lines += [f"    {_effect_line(b)}" for b in pair.effect.bids]
        lines.append("")
    lines += [f"only in the old version: {visible(f)}" for f in report.only_old]
    lines += [f"only in the new version: {visible(f)}" for f in report.only_new]
    return "\n".join(lines).rstrip("\n") + "\n"


def _effect_line(b: BidEffect) -> str:
    before = f"{_points(b.total_before)} {_rank(b.rank_before, b.total_before)}".strip()
    after = f"{_points(b.total_after)} {_rank(b.rank_after, b.total_after)}".strip()
    note = f" ({visible(b.note)})" if b.note else ""
    return f"{visible(b.bidder)}: {before} → {after}{note}"


# ------------------------------------------------------------------------------------- JSON

def _exact(x: Fraction | None) -> str | None:
    return None if x is None else f"{x.numerator}/{x.denominator}" if x.denominator != 1 else str(x.numerator)


def _effect_json(e: Effect) -> list[dict[str, Any]]:
    return [{"bidder": b.bidder, "file": b.file,
             "before": {"total": None if b.total_before is None else score_words.points(b.total_before),
                        "total_exact": _exact(b.total_before), "rank": b.rank_before},
             "after": {"total": None if b.total_after is None else score_words.points(b.total_after),
                       "total_exact": _exact(b.total_after), "rank": b.rank_after},
             "note": b.note} for b in e.bids]


def to_json(report: Report) -> str:
    data = {
        "comparisons": [{
            "old_file": p.old_file, "new_file": p.new_file, "old": p.comparison.old, "new": p.comparison.new,
            "counts": {k: len(p.comparison.of(k)) for k in KINDS},
            "changes": [{"class": c.kind, "action": c.action, "subject": c.subject, "reason": c.reason}
                        for c in p.comparison.changes],
            **({"effect": _effect_json(p.effect)} if p.effect is not None else {}),
        } for p in report.pairs],
        "only_old": list(report.only_old), "only_new": list(report.only_new),
    }
    return json.dumps(data, indent=2, ensure_ascii=False) + "\n"


# --------------------------------------------------------------------------------- Markdown

def markdown_body(comparison: Comparison, effect: Effect | None = None, level: int = 2) -> str:
    """The changelog of one comparison, from its summary line down (the page adds the title)."""
    h = "#" * level
    out = [f"Changes from {markdown_text(comparison.old)} to {markdown_text(comparison.new)}: "
           f"{counts(comparison)}.", ""]
    for kind in KINDS:
        out += [f"{h} {TITLES[kind]}", "", MEANINGS[kind], ""]
        found = comparison.of(kind)
        if not found:
            out += [f"No {kind} changes.", ""]
        for c in found:
            out.append(f"- **{markdown_text(c.subject)}**: {markdown_text(c.reason)}")
        if found:
            out.append("")
    if effect is not None:
        out += [f"{h} Effect on the example bids", "", "| Bidder | Before | After | Note |", "|---|---|---|---|"]
        for b in effect.bids:
            before = f"{_points(b.total_before)} {_rank(b.rank_before, b.total_before)}".strip()
            after = f"{_points(b.total_after)} {_rank(b.rank_after, b.total_after)}".strip()
            out.append(f"| {markdown_text(b.bidder)} | {before} | {after} | {markdown_text(b.note)} |")
        out.append("")
    return "\n".join(out)


def to_markdown(report: Report) -> str:
    """A changelog page: one section per compared spec when several were compared."""
    single = len(report.pairs) == 1 and not report.only_old and not report.only_new
    out = ["# Changelog", ""]
    for pair in report.pairs:
        if not single:
            out += [f"## {markdown_text(pair.new_file)}", ""]
        out.append(markdown_body(pair.comparison, pair.effect, level=2 if single else 3))
    if report.only_old or report.only_new:
        out += ["## Files added or removed", ""]
        out += [f"- removed: {markdown_text(f)}" for f in report.only_old]
        out += [f"- added: {markdown_text(f)}" for f in report.only_new]
        out.append("")
    return "\n".join(out).rstrip("\n") + "\n"


