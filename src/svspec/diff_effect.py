"""The effect of a change on example bids: each bidder's total and rank before and after.

`effect` compares two scorings, however they were made: `svspec diff --bids` scores bid files
under both versions (`effect_of_bids`), and `svspec test` cases can feed their own scorings.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from fractions import Fraction
from pathlib import Path

from svspec import model as m
from svspec.diagnostics import Diagnostic, Severity
from svspec.scoring.results import Scoring


@dataclass(frozen=True, slots=True, kw_only=True)
class BidEffect:
    """One bid under both versions. A total is None when the bid could not be scored there."""

    bidder: str
    file: str
    total_before: Fraction | None
    rank_before: int | None
    total_after: Fraction | None
    rank_after: int | None
    note: str = ""


@dataclass(frozen=True, slots=True, kw_only=True)
class Effect:
    bids: tuple[BidEffect, ...]

    @property
    def invalid_after(self) -> tuple[BidEffect, ...]:
        return tuple(b for b in self.bids if b.total_before is not None and b.total_after is None)


def _rows(scoring: Scoring | None) -> dict[str, tuple[str, Fraction, int | None, tuple[str, ...]]]:
    if scoring is None:
        return {}
    return {b.file: (b.bidder, b.total, b.rank, b.excluded) for b in scoring.bids}


def effect(before: Scoring | None, after: Scoring | None, refused_before: Mapping[str, str],
           refused_after: Mapping[str, str], files: Sequence[str], bidders: Mapping[str, str]) -> Effect:
    """Line up each bid file's result under both versions; `refused_*` give why a file was not scored."""
    old, new = _rows(before), _rows(after)
    out = []
    for file in files:
        a, b = old.get(file), new.get(file)
        notes = []
        if file in refused_after and file not in refused_before:
            notes.append(f"invalid under the new version: {refused_after[file]}")
        elif file in refused_before and file not in refused_after:
            notes.append(f"invalid under the old version ({refused_before[file]}), valid under the new one")
        elif file in refused_before:
            notes.append(f"invalid under both versions: {refused_after[file]}")
        if b is not None and b[3] and (a is None or not a[3]):
            notes.append("excluded under the new version: " + "; ".join(b[3]))
        bidder = (a or b or (bidders.get(file, file),))[0]
        out.append(BidEffect(bidder=bidder, file=file, total_before=a[1] if a else None,
                             rank_before=a[2] if a else None,
                             total_after=b[1] if b else None, rank_after=b[2] if b else None, note="; ".join(notes)))
    return Effect(bids=tuple(out))


WRONG_TENDER = "bid/wrong-tender"


def bids_for(tender: m.Tender, paths: Sequence[Path]) -> list[Path]:
    """The bid files written for this tender (by name): comparing folders, each bid goes to its tender."""
    from svspec.bids.read import load_bid

    return [p for p in paths if not any(d.code == WRONG_TENDER for d in load_bid(p, tender)[1])]


def _score(tender: m.Tender, paths: Sequence[Path], marks_path: Path | None, known: Sequence[str] = ()
           ) -> tuple[Scoring | None, dict[str, str], dict[str, str], list[Diagnostic]]:
    """Score the bid files under one version; a refused file is kept with its first error.

    `known` are bidders valid under the other version: their marks are expected in the marks
    file even when their bid is refused here.
    """
    from svspec.bids.marks_sheet import load_marks_file as load_marks
    from svspec.bids.read import display_path, load_bid
    from svspec.scoring import engine

    bids, refused, names, problems = [], {}, {}, []
    for path in paths:
        bid, found = load_bid(path, tender)
        errors = [d for d in found if d.severity is Severity.ERROR]
        if bid is None or errors:
            refused[display_path(path)] = errors[0].message if errors else "the bid could not be read"
            problems += errors
        else:
            bids.append(bid)
            names[bid.file] = bid.bidder
    marks = None
    if marks_path is not None and bids:
        bidders = list(dict.fromkeys([*known, *(b.bidder for b in bids)]))
        marks, found, _text = load_marks(marks_path, tender, bidders, display=display_path(marks_path))
        if any(d.severity is Severity.ERROR for d in found):
            first = next(d for d in found if d.severity is Severity.ERROR)
            for b in bids:
                refused[b.file] = f"the marks do not fit: {first.message}"
            return None, refused, names, problems + found
    if not bids:
        return None, refused, names, problems
    scoring, found = engine.score(tender, bids, marks)
    if scoring is None:
        stop = next((d for d in found if d.severity is Severity.ERROR), None)
        for b in bids:
            refused[b.file] = stop.message if stop is not None else "the bids could not be scored"
    return scoring, refused, names, problems + found


def effect_of_bids(old: m.Tender, new: m.Tender, paths: Sequence[Path], marks: Path | None = None
                   ) -> tuple[Effect, list[Diagnostic]]:
    """Score `paths` (bid files) under both versions of a tender and line the results up."""
    from svspec.bids.read import display_path

    before, refused_before, names, _ = _score(old, paths, marks)
    after, refused_after, names_after, problems = _score(new, paths, marks, list(names.values()))
    files = [display_path(p) for p in paths]
    return effect(before, after, refused_before, refused_after, files, {**names_after, **names}), problems


def effect_of_tests(tender_paths: Sequence[Path], old: m.Tender, new: m.Tender, tests: Sequence[Path]) -> Effect:
    """The `svspec test` cases of a tender (those naming one of `tender_paths`), each scored under both
    versions: every bidder's total and rank before and after, and a note when the case's expectations,
    met under the old version, fail under the new one (`svspec diff --tests`)."""
    import os

    from svspec.spectest.cases import discover, read_test_file
    from svspec.spectest.run import Session, compare, score_case

    wanted = {Path(os.path.realpath(p)) for p in tender_paths}
    session = Session()
    rows: list[BidEffect] = []
    for test_path in (t for path in tests for t in discover(path)):
        test_file, problems = read_test_file(test_path, display_path_of(test_path))
        if test_file is None or any(d.severity is Severity.ERROR for d in problems):
            continue
        for case in test_file.cases:
            if case.tender is None or Path(os.path.realpath(case.tender)) not in wanted:
                continue
            before, found_before = score_case(test_file, case, old, session)
            after, found_after = score_case(test_file, case, new, session)
            rows += _case_rows(test_file.display, case.name, before, after, _first_error(found_before),
                               _first_error(found_after),
                               failing=bool(before and after and not compare(case.expect, before)
                                            and compare(case.expect, after)))
    return Effect(bids=tuple(rows))


def display_path_of(path: Path) -> str:
    from svspec.bids.read import display_path

    return display_path(path)


def _first_error(found: Sequence[Diagnostic]) -> str:
    first = next((d for d in found if d.severity is Severity.ERROR), None)
    return first.message if first is not None else "the bids could not be scored"


def _case_rows(file: str, case: str, before: Scoring | None, after: Scoring | None, why_before: str,
               why_after: str, *, failing: bool) -> list[BidEffect]:
    """One row per bidder of a case, named `case: bidder`, keyed by bidder (inline bids share a file)."""
    old = {b.bidder: b for b in before.bids} if before is not None else {}
    new = {b.bidder: b for b in after.bids} if after is not None else {}
    bidders = list(dict.fromkeys([*old, *new])) or ["(every bid)"]
    rows = []
    for i, bidder in enumerate(bidders):
        a, b = old.get(bidder), new.get(bidder)
        notes = []
        if before is None:
            notes.append(f"not scored under the old version: {why_before}")
        if after is None:
            notes.append(f"not scored under the new version: {why_after}")
        if failing and i == 0:
            notes.append("the case's expectations, met under the old version, fail under the new one")
        rows.append(BidEffect(bidder=f"{case}: {bidder}", file=file,
                              total_before=a.total if a else None, rank_before=a.rank if a else None,
                              total_after=b.total if b else None, rank_after=b.rank if b else None,
                              note="; ".join(notes)))
    return rows
