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
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from svspec import __version__
from svspec.plaintext import code_fence, csv_text, markdown_text, visible
from svspec.scoring import words
from svspec.scoring.engine import BidScore, ItemScore, Scoring
from svspec.scoring.explain import explain_bid, price_sentence
from svspec.scoring.marks import marked_items
from svspec.scoring.sensitivity import Sensitivity

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
                 specs=specs, bids=bids, marks=marks)


def _outcome(bid: BidScore) -> str:
    if bid.rank is None:
        return "excluded: " + "; ".join(bid.excluded)
    return "winner" if bid.rank == 1 else "ranked"


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
    bids = []
    for bid in scoring.bids:
        bids.append({
            "rank": bid.rank, "bidder": bid.bidder, "file": bid.file, "outcome": _outcome(bid),
            "total": words.points(bid.total), "total_exact": _exact(bid.total),
            "price": words.money(bid.price) if bid.price is not None else None,
            "criteria": [{"kind": c.kind, "points": words.points(c.points), "fraction_exact": _exact(c.fraction),
                          "passed": c.passed} for c in bid.criteria],
            "items": [{"code": s.code, "criterion": s.criterion, "answer": s.answer_text,
                       "points": words.points(s.points), "weighted": words.points(s.weighted),
                       "fraction_exact": _exact(s.fraction), "explanation": s.sentence,
                       "social_value": _valuation_json(s)} for s in bid.items],
            "social_value": words.money(bid.social_value), "social_value_exact": _exact(bid.social_value),
            "excluded": list(bid.excluded), "tie": bid.tie_note,
            "submitted": bid.submitted, "submitted_from": _time_from(bid), "submission_note": bid.submission_note,
        })
    data: dict[str, Any] = {"audit": _audit_json(audit), "tender": scoring.tender.name, "bids": bids}
    if sensitivity is not None:
        data["sensitivity"] = list(sensitivity.sentences)
    return json.dumps(data, indent=2, ensure_ascii=False) + "\n"


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
    items = [s.code for s in scoring.bids[0].items] if scoring.bids else []
    kinds = [c.kind for c in scoring.plan.criteria]
    # Every cell quoted, and text cells never read as formulas: a bidder named `=HYPERLINK(...)`
    # must stay a name when the evaluator opens the file in a spreadsheet.
    writer = csv.writer(buffer, lineterminator="\n", quoting=csv.QUOTE_ALL)
    writer.writerow([csv_text(h) for h in ["rank", "bidder", *kinds, *items, "total", "outcome"]])
    for bid in scoring.bids:
        writer.writerow([bid.rank if bid.rank is not None else "", csv_text(bid.bidder),
                         *(words.points(c.points) for c in bid.criteria),
                         *(words.points(s.weighted) for s in bid.items), words.points(bid.total),
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
    if s.credibility is not None:
        scale = marked_items(scoring.tender)[s.code][1]
        return f"credibility {words.on_scale(s.credibility, scale.percent)}"
    return f"mark {words.number(s.mark or 0)}"


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


def to_markdown(scoring: Scoring, audit: Audit, sensitivity: Sensitivity | None = None,
                explain: Sequence[str] = (), summaries: Sequence[str] = ()) -> str:
    """The report as Markdown: audit, ranking, explanations, summaries and sensitivity.

    Names, titles and reasons are escaped (`markdown_text`), so a bidder called
    `X | 100 | winner` or holding a newline cannot add a cell or forge a row of the ranking.
    """
    md = markdown_text
    kinds = [c.kind for c in scoring.plan.criteria]
    audit_block = [visible(line) for line in audit_lines(audit)]
    fence = code_fence("\n".join(audit_block))
    lines = [f"# Scores: {md(scoring.tender.title)}", "", fence, *audit_block, fence, ""]
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
    for bidder in explain:
        text = _visible_lines(explain_bid(scoring, bidder).rstrip("\n"))
        lines += ["", "## Explanation", "", code_fence(text), text, code_fence(text)]
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
    from rich.console import Console
    from rich.table import Table
    from rich.text import Text

    console = Console(record=True, width=width, force_terminal=color, color_system="standard" if color else None,
                      file=io.StringIO(), highlight=False)
    console.print(Text(f"Scores: {visible(scoring.tender.title)}", style="bold"))
    for line in audit_lines(audit):
        console.print(Text(visible(line), style="dim"), soft_wrap=True)
    table = Table(show_lines=False)
    table.add_column("Rank", justify="right")
    table.add_column("Bidder")
    for c in scoring.plan.criteria:
        table.add_column(f"{c.kind.capitalize()}\n({words.percent(c.weight)})", justify="right")
    table.add_column("Total", justify="right")
    table.add_column("Outcome")
    for bid in scoring.bids:
        style = "bold green" if bid.rank == 1 else ("red" if bid.rank is None else "")
        table.add_row(str(bid.rank) if bid.rank is not None else "–", Text(visible(bid.bidder)),
                      *(words.points(c.points) for c in bid.criteria), words.points(bid.total),
                      Text(visible(_outcome(bid))), style=style)
    console.print(table)
    for bid in scoring.bids:
        if bid.tie_note:
            console.print(visible(f"{bid.bidder}: {bid.tie_note}."), markup=False, soft_wrap=True)
    for line in submission_lines(scoring):
        console.print(visible(line), markup=False, soft_wrap=True)
    for bidder in explain:
        console.print()
        console.print(_visible_lines(explain_bid(scoring, bidder).rstrip("\n")), markup=False, soft_wrap=True)
    for bidder in summaries:
        console.print()
        console.print(_visible_lines(assessment_summary(scoring, bidder).rstrip("\n")), markup=False,
                      soft_wrap=True)
    if sensitivity is not None:
        console.print()
        console.print("[bold]Sensitivity[/bold]")
        for s in sensitivity.sentences:
            console.print(f"- {visible(s)}", markup=False, soft_wrap=True)
    return console.export_text(styles=color)


__all__ = ["Audit", "assessment_summary", "make_audit", "price_sentence", "print_table", "rows", "to_csv",
           "to_json", "to_markdown"]
