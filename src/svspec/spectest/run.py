"""Running test cases: score the case's bids with the engine and compare with what it expects.

THE comparison rule: without a tolerance, the figure svspec shows (the engine's exact value rounded
by `svspec.words.rounded`: 2 places, halves away from zero) must equal the expected figure, so
`87.46` and `87.460` both match an exact 87.4571...; with a tolerance, the exact value may differ
from the expected figure by at most the tolerance (`tolerance: 0.01`).
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from fractions import Fraction
from pathlib import Path
from typing import Any

from svspec import model, names, words
from svspec.bids.model import Bid
from svspec.bids.read import check_document, display_path, load_bid, sources_of, to_bid
from svspec.diagnostics import Diagnostic, Related, Severity, Span, make
from svspec.diagnostics.suggest import did_you_mean
from svspec.scoring import engine
from svspec.scoring.explain import explain_bid
from svspec.scoring.marks import Marks, check_marks, marks_in, read_marks_document
from svspec.scoring.portable import TOTAL_CODE
from svspec.scoring.results import BidScore, Scoring
from svspec.semantics.loader import project_root
from svspec.spectest.cases import BidSource, Case, Expect, Figure, Named, TestFile, read_test_file, sub_document

CRITERIA = ("price", "quality", "social value")


@dataclass(frozen=True, slots=True, kw_only=True)
class Failure:
    """One expectation not met: what, the expected and actual figures, and why they differ."""

    what: str
    expected: str
    actual: str
    explanation: str = ""
    span: Span | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class Outcome:
    """The result of one case: passed, failed (with failures) or could not run (with diagnostics)."""

    file: str
    name: str
    why: str | None = None
    failures: tuple[Failure, ...] = ()
    diagnostics: tuple[Diagnostic, ...] = ()
    note: str | None = None
    """Why the case did not run, when it is not its own diagnostics (its test file has mistakes)."""

    @property
    def status(self) -> str:
        if self.note is not None or any(d.severity is Severity.ERROR for d in self.diagnostics):
            return "error"
        return "fail" if self.failures else "pass"


@dataclass(slots=True)
class Session:
    """What a run shares between cases: compiled tenders by path, and the texts for code frames."""

    tenders: dict[Path, tuple[model.Tender | None, list[Diagnostic]]] = field(default_factory=dict)
    sources: dict[str, str] = field(default_factory=dict)

    def tender(self, path: Path, span: Span) -> tuple[model.Tender | None, list[Diagnostic]]:
        """The compiled tender at `path` (compiled once per run), or the diagnostics that stop it."""
        key = Path(os.path.realpath(path))
        if key not in self.tenders and path.is_dir():
            self.tenders[key] = (None, [make("test/not-a-tender", span, path=display_path(path), kind="folder")])
        if key not in self.tenders:
            from svspec.api import load

            result = load(path)
            self.sources.update(dict(result.sources))
            problems = _located(result.diagnostics, span, path)
            spec = result.model if result.ok else None
            if spec is not None and not isinstance(spec, model.Tender):
                kind = type(spec).__name__.lower()
                problems.append(make("test/not-a-tender", span, path=display_path(path), kind=kind))
                spec = None
            self.tenders[key] = (spec, problems)
        return self.tenders[key]


def run_file(path: Path, session: Session) -> tuple[list[Outcome], list[Diagnostic]]:
    """Run every case of one test file: the outcomes, and problems of the file as a whole."""
    display = display_path(path)
    test_file, problems = read_test_file(path, display)
    if test_file is not None and test_file.document.text is not None:
        session.sources[display] = test_file.document.text
    if test_file is None or any(d.severity is Severity.ERROR for d in problems):
        # Nothing of a file with mistakes runs (half a file could pass while proving nothing), and
        # each of its cases counts as failed, so the summary never reads "0 failed".
        note = "not run: the test file has mistakes (shown above)"
        cases = [c.name for c in test_file.cases] if test_file is not None and test_file.cases else ["(every case)"]
        return [Outcome(file=display, name=name, note=note) for name in cases], problems
    return [run_case(test_file, case, session) for case in test_file.cases], problems


def _inside_project(path: Path, test_file: TestFile, span: Span) -> Diagnostic | None:
    root = project_root(test_file.path)
    real, real_root = Path(os.path.realpath(path)), Path(os.path.realpath(root))
    if real == real_root or real_root in real.parents:
        return None
    return make("test/path-outside-project", span, path=display_path(path), root=display_path(root))


def run_case(test_file: TestFile, case: Case, session: Session) -> Outcome:
    """Run one case: load its tender, bids and marks, score them, and compare with its expectations."""
    def stopped(problems: Iterable[Diagnostic]) -> Outcome:
        return Outcome(file=test_file.display, name=case.name, diagnostics=tuple(problems))

    assert case.tender is not None
    outside = [d for p, s in [(case.tender, case.tender_span), *((b.path, b.span) for b in case.bids if b.path),
                              *([(case.marks.path, case.marks.span)] if case.marks and case.marks.path else [])]
               if (d := _inside_project(p, test_file, s)) is not None]
    if outside:
        return stopped(outside)
    tender, problems = session.tender(case.tender, case.tender_span)
    if tender is None:
        return stopped(problems or [make("test/unreadable", case.tender_span, path=display_path(case.tender),
                                         reason="it could not be compiled")])
    scoring, problems = score_case(test_file, case, tender, session)
    if scoring is None:
        return stopped(problems)
    return Outcome(file=test_file.display, name=case.name, why=case.why,
                   failures=tuple(compare(case.expect, scoring)))


def score_case(test_file: TestFile, case: Case, tender: model.Tender, session: Session
               ) -> tuple[Scoring | None, list[Diagnostic]]:
    """Score a case's bids and marks under `tender`: its own tender, or another version of it
    (`svspec diff --tests`). None with the problems that stop it."""
    problems = _unknown_items(case.expect, tender)
    bids: list[Bid] = []
    for source in case.bids:
        bid, found = _bid(test_file, source, tender, session)
        problems += found
        if bid is not None:
            bids.append(bid)
    if any(d.severity is Severity.ERROR for d in problems):
        return None, problems
    marks = None
    if case.marks is not None:
        marks, found = _marks(test_file, case.marks, tender, [b.bidder for b in bids], session)
        problems += found
    problems += _unknown_bidders(case.expect, [b.bidder for b in bids])
    if any(d.severity is Severity.ERROR for d in problems):
        return None, problems
    scoring, found = engine.score(tender, bids, marks)
    return scoring, problems + found


def _bid(test_file: TestFile, source: BidSource, tender: model.Tender, session: Session
         ) -> tuple[Bid | None, list[Diagnostic]]:
    if source.path is not None:
        session.sources.update(sources_of([source.path]))
        bid, problems = load_bid(source.path, tender)
        return bid, _located(problems, source.span, source.path)
    assert source.pointer is not None
    document = sub_document(test_file.document, source.pointer)
    problems = check_document(document, tender)
    if any(d.severity is Severity.ERROR for d in problems):
        return None, problems
    return to_bid(document.data, tender, test_file.display), problems


def _marks(test_file: TestFile, source: BidSource, tender: model.Tender, bidders: list[str], session: Session
           ) -> tuple[Marks | None, list[Diagnostic]]:
    if source.path is not None:
        display = display_path(source.path)
        root, text, problems = read_marks_document(source.path, display)
        session.sources[display] = text
        if root is None:
            if not problems:
                problems = [make("marks/malformed", source.span, what="the marks file is empty")]
            return None, _located(problems, source.span, source.path)
        # One marks file serves every case of a tender; a case scoring some of its bids ignores
        # the marks of the others (inline marks name only the case's own bidders).
        return check_marks(root, text, display, tender, [*bidders, *_bidders_in(root)])
    assert source.pointer is not None
    root = marks_in(test_file.document, source.pointer, tender.name)
    return check_marks(root, test_file.document.text or "", test_file.display, tender, bidders)


def _bidders_in(root: Any) -> list[str]:
    """The bidders a read marks file gives marks or receipt times for."""
    top = root.value if isinstance(root.value, dict) else {}
    listed = top.get("marks")
    entries = listed.value if listed is not None else None
    found = [str(e.value["bidder"].value) for e in entries or ()
             if isinstance(entries, list) and isinstance(e.value, dict) and "bidder" in e.value]
    received = top.get("received")
    if received is not None and isinstance(received.value, dict):
        found += [str(b) for b in received.value]
    return [names.normalise(b) for b in found]


def _located(problems: Iterable[Diagnostic], span: Span, path: Path) -> list[Diagnostic]:
    """Problems with a file the test file names, placed where it names it when the file itself
    gives no better place (it does not exist, or cannot be opened)."""
    real = Path(os.path.realpath(path))
    return [replace(d, span=span) if d.span is None or (d.code == "file-not-found"
                                                        and Path(os.path.realpath(d.span.file)) == real) else d
            for d in problems]


def _unknown_items(expect: Expect, tender: model.Tender) -> list[Diagnostic]:
    items = [q.code for q in tender.questions] + [s.code for s in tender.selections]
    items += [TOTAL_CODE] if tender.value_target is not None else []
    criteria: list[str] = [c.kind for c in tender.criteria]
    valued = [s.code for s in tender.selections if s.scoring.kind.startswith("value")]
    out = []
    checks: list[tuple[Named, list[str], str]] = [(code, items + criteria, "question, measure or criterion")
                                                  for _, code, _ in expect.points]
    checks += [(code, items, "question or measure") for _, code, _ in expect.scores]
    checks += [(code, valued, "measure scored by value") for _, code, _ in expect.social_value if code is not None]
    for code, known, what in checks:
        if code.text not in known:
            out.append(make("test/unknown-item", code.span, what=what, item=code.text,
                            suggestions=did_you_mean(code.text, known)))
    return out


def _unknown_bidders(expect: Expect, bidders: list[str]) -> list[Diagnostic]:
    named: list[Named] = [b for b, _ in expect.ranks or ()] + [b for b, _ in expect.totals]
    named += [b for b, _, _ in expect.points] + [b for b, _, _ in expect.scores]
    named += [b for b, _ in expect.excluded or ()] + [b for b, _, _ in expect.social_value]
    if expect.winner is not None:
        named.append(expect.winner)
    reported: set[tuple[str, int]] = set()
    out = []
    for bidder in named:
        if bidder.text not in bidders and (bidder.text, bidder.span.line) not in reported:
            reported.add((bidder.text, bidder.span.line))
            out.append(make("test/unknown-bidder", bidder.span, bidder=names.shown(bidder.text),
                            suggestions=did_you_mean(bidder.text, bidders)))
    return out


# ---------------------------------------------------------------------------------- comparing

def matches(actual: Fraction, expected: Figure, tolerance: Any) -> bool:
    """THE comparison rule (module docstring): the shown figure equals it, or the exact value is within tolerance."""
    if tolerance is None:
        return words.rounded(actual) == expected.value
    return abs(actual - Fraction(expected.value)) <= Fraction(tolerance)


def _points(value: Fraction) -> str:
    return words.fixed(value)


def _difference(actual: Fraction, expected: Figure, money: bool) -> str:
    gap = actual - Fraction(expected.value)
    shown = words.money(abs(gap)) if money else words.fixed(abs(gap))
    return f"{shown} {'more' if gap > 0 else 'less'} than expected"


def _within(tolerance: Any, money: bool) -> str:
    if tolerance is None:
        return ""
    return f" (within {words.money(tolerance) if money else words.number(tolerance)})"


def _indent(text: str) -> str:
    return "\n".join(("  " + line) if line else "" for line in text.rstrip("\n").split("\n"))


def compare(expect: Expect, scoring: Scoring) -> list[Failure]:
    """Every expectation of a case that the scoring does not meet, each with its explanation."""
    out: list[Failure] = []
    out += _compare_winner(expect, scoring)
    out += _compare_ranks(expect, scoring)
    for bidder, figure in expect.totals:
        bid = _bid_score(scoring, bidder)
        if not matches(bid.total, figure, expect.points_tolerance):
            out.append(Failure(what=f"total of {bidder.text}", span=figure.span,
                               expected=f"{figure.written}{_within(expect.points_tolerance, False)}",
                               actual=f"{_points(bid.total)} ({_difference(bid.total, figure, False)})",
                               explanation=explain_bid(scoring, bid.bidder)))
    for key, expectations in (("points", expect.points), ("scores", expect.scores)):
        for bidder, code, figure in expectations:
            bid = _bid_score(scoring, bidder)
            actual, explanation = _item_figure(scoring, bid, code.text, key)
            if not matches(actual, figure, expect.points_tolerance):
                what = "points towards the total" if key == "points" else "score out of 100"
                out.append(Failure(what=f"{code.text} {what} of {bidder.text}", span=figure.span,
                                   expected=f"{figure.written}{_within(expect.points_tolerance, False)}",
                                   actual=f"{_points(actual)} ({_difference(actual, figure, False)})",
                                   explanation=explanation))
    out += _compare_excluded(expect, scoring)
    out += _compare_social_value(expect, scoring)
    return out


def _bid_score(scoring: Scoring, bidder: Named) -> BidScore:
    bid = scoring.bid(bidder.text)
    assert bid is not None, "bidders are checked before scoring"
    return bid


def _item_figure(scoring: Scoring, bid: BidScore, code: str, key: str) -> tuple[Fraction, str]:
    if code in CRITERIA:
        criterion = bid.criterion(code)
        points = criterion.points if criterion is not None else Fraction(0)
        return points, explain_bid(scoring, bid.bidder)
    item = next(s for s in bid.items if s.code == code)
    return (item.weighted if key == "points" else item.points), item.sentence


def _ranking(scoring: Scoring) -> str:
    lines = [f"{b.rank}. {b.bidder}: {_points(b.total)} points" + (f" ({b.tie_note})" if b.tie_note else "")
             for b in scoring.ranked]
    lines += [f"excluded: {b.bidder}: {'; '.join(b.excluded)}" for b in scoring.bids if b.rank is None]
    return "\n".join(lines)


def _compare_winner(expect: Expect, scoring: Scoring) -> list[Failure]:
    winner = scoring.winner
    actual = winner.bidder if winner is not None else "none (no single bid ranks first)"
    if expect.winner is not None and (winner is None or winner.bidder != expect.winner.text):
        return [Failure(what="winner", expected=expect.winner.text, actual=actual, explanation=_ranking(scoring),
                        span=expect.winner.span)]
    if expect.no_winner is not None and winner is not None:
        return [Failure(what="winner", expected="none", actual=actual, explanation=_ranking(scoring),
                        span=expect.no_winner)]
    return []


def _compare_ranks(expect: Expect, scoring: Scoring) -> list[Failure]:
    out = []
    for bidder, rank in expect.ranks or ():
        bid = _bid_score(scoring, bidder)
        if bid.rank != rank:
            actual = str(bid.rank) if bid.rank is not None else f"excluded ({'; '.join(bid.excluded)})"
            out.append(Failure(what=f"rank of {bidder.text}", expected=str(rank), actual=actual,
                               explanation=_ranking(scoring), span=bidder.span))
    return out


def _compare_excluded(expect: Expect, scoring: Scoring) -> list[Failure]:
    if expect.excluded is None:
        return []
    out = []
    wanted = {bidder.text: (bidder, reason) for bidder, reason in expect.excluded}
    for bid in scoring.bids:
        reasons = "; ".join(bid.excluded)
        if bid.bidder in wanted:
            bidder, reason = wanted[bid.bidder]
            if not bid.excluded:
                out.append(Failure(what=f"exclusion of {bid.bidder}", span=bidder.span,
                                   expected="excluded" + (f" ({reason.text})" if reason else ""),
                                   actual=f"not excluded: ranked {bid.rank}",
                                   explanation=explain_bid(scoring, bid.bidder)))
            elif reason is not None and reason.text.casefold() not in reasons.casefold():
                out.append(Failure(what=f"reason {bid.bidder} is excluded", span=reason.span,
                                   expected=f"a reason containing '{reason.text}'", actual=reasons,
                                   explanation=explain_bid(scoring, bid.bidder)))
        elif bid.excluded:
            out.append(Failure(what=f"exclusion of {bid.bidder}", expected="not excluded",
                               actual=f"excluded: {reasons}", explanation=explain_bid(scoring, bid.bidder)))
    return out


def _compare_social_value(expect: Expect, scoring: Scoring) -> list[Failure]:
    out = []
    for bidder, code, figure in expect.social_value:
        bid = _bid_score(scoring, bidder)
        items = [s for s in bid.items if s.value is not None and (code is None or s.code == code.text)]
        actual = sum((s.value for s in items if s.value is not None), Fraction(0))
        if code is None and bid.committed is not None:
            # A tender that adds commitments up (total value, delivery minimum) has the bid's figure already.
            actual, items = bid.committed, [s for s in items if s.code != TOTAL_CODE]
        if not matches(actual, figure, expect.money_tolerance):
            what = f"social value of {bidder.text}" + (f" on {code.text}" if code else " (measures scored by value)")
            out.append(Failure(what=what, span=figure.span,
                               expected=f"{figure.written}{_within(expect.money_tolerance, True)}",
                               actual=f"{words.money(actual)} ({_difference(actual, figure, True)})",
                               explanation="\n".join(s.sentence for s in items) or "no measure is scored by value"))
    return out


def related_for(failure: Failure) -> tuple[Related, ...]:
    """Where the failed expectation is written, for a code frame."""
    return (Related(span=failure.span, message="expected here"),) if failure.span else ()


__all__ = ["Failure", "Outcome", "Session", "compare", "matches", "run_case", "run_file"]
