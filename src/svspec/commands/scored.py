"""Loading a tender, its bids and marks and scoring them, for the commands that start from scores."""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, NoReturn

import click

from svspec.commands.common import EXIT_PROBLEMS

if TYPE_CHECKING:
    from svspec.diagnostics import Diagnostic
    from svspec.scoring.results import Scoring


@dataclass(frozen=True, slots=True, kw_only=True)
class Scored:
    """A scored tender with what the reports need: the spec sources, every source shown in messages,
    and the warnings found on the way."""

    scoring: Scoring
    spec_sources: dict[str, str]
    sources: Mapping[str, str]
    warnings: list[Diagnostic]


class Sources(Mapping[str, str]):
    """Texts by display path for code frames: the spec files' and marks' as given, each bid file's read
    again only when a diagnostic shows a frame of it (`sources_of`). 100,000 bid files are 400 MB of
    text that a clean scoring never shows."""

    def __init__(self, known: Mapping[str, str], bids: Sequence[Path]) -> None:
        self._known, self._bids = dict(known), bids
        self._paths: dict[str, Path] | None = None
        self._read: dict[str, str | None] = {}

    def _bid_paths(self) -> dict[str, Path]:
        from svspec.bids.read import display_path

        if self._paths is None:
            self._paths = {display_path(Path(p)): Path(p) for p in self._bids}
        return self._paths

    def __getitem__(self, key: str) -> str:
        if key in self._known:
            return self._known[key]
        if key not in self._read:
            from svspec.bids.read import sources_of

            path = self._bid_paths().get(key)
            self._read[key] = sources_of([path]).get(key) if path is not None else None
        text = self._read[key]
        if text is None:
            raise KeyError(key)
        return text

    def __iter__(self) -> Iterator[str]:
        yield from self._known
        yield from (key for key in self._bid_paths() if key not in self._known and key in self)

    def __len__(self) -> int:
        return sum(1 for _ in self)


def exclusion_options(function: Callable[..., None]) -> Callable[..., None]:
    """`--exclude BIDDER --reason "..."` (repeatable, in pairs): bids the buyer excludes, each with
    its recorded reason; scoring goes on without them in the ranking."""
    function = click.option("--reason", "reasons", multiple=True, metavar="TEXT",
                            help="Why the bid named by the --exclude before it is excluded (recorded in every "
                                 "report).")(function)
    return click.option("--exclude", "exclude", multiple=True, metavar="BIDDER",
                        help="Exclude this bidder's bid, with the --reason after it (repeatable).")(function)


def exclusions_given(exclude: Sequence[str], reasons: Sequence[str]) -> dict[str, str]:
    """The --exclude and --reason pairs as bidder → reason: every exclusion needs its reason."""
    from svspec import names

    if len(exclude) != len(reasons) or any(not r.strip() for r in reasons):
        raise click.UsageError("each --exclude BIDDER needs its --reason \"...\": the reason is recorded in every "
                               "report")
    out: dict[str, str] = {}
    for bidder, reason in zip(exclude, reasons, strict=True):
        problem = names.problem(bidder) or names.problem(reason.replace("\n", " "))
        if problem is not None:
            raise click.UsageError(f"'{names.shown(bidder)}' / '{names.shown(reason)}': {problem}")
        name = names.normalise(bidder)
        text = " ".join(reason.split())
        out[name] = f"{out[name]}; {text}" if name in out else text
    return out


def score_inputs(tender: Path, bids: Sequence[Path], marks_path: Path | None, diag_format: str,
                 excluded: Mapping[str, str] | None = None) -> Scored:
    """Compile `tender`, read the bids and marks and score them; on any error print it and exit 1.

    `excluded` (bidder → reason, from `exclusions_given`) are the bids the buyer excludes."""
    from svspec import model
    from svspec.api import load
    from svspec.bids.marks_sheet import load_marks_file as load_marks
    from svspec.bids.read import display_path, load_bids
    from svspec.scoring import engine

    result = load(tender)
    sources = dict(result.sources)
    if not result.ok or result.model is None:
        fail(result.diagnostics, sources, diag_format)
    spec = result.model
    if not isinstance(spec, model.Tender):
        raise click.UsageError(f"{tender} is not a tender spec")
    with engine.collector_paused():
        loaded, diagnostics = load_bids(list(bids), spec)
    marks = None
    if marks_path is not None:
        marks, found, text = load_marks(marks_path, spec, [b.bidder for b in loaded], display=display_path(marks_path))
        diagnostics += found
        sources[display_path(marks_path)] = text
    if any(d.severity.name == "ERROR" for d in diagnostics):
        fail(diagnostics, Sources(sources, bids), diag_format)
    for name in excluded or {}:
        known = [b.bidder for b in loaded]
        if name not in known:
            from svspec.diagnostics.suggest import did_you_mean

            close = did_you_mean(name, known)
            hint = f" (did you mean {' or '.join(close)}?)" if close else ""
            raise click.UsageError(f"--exclude: there is no bid from '{name}'{hint}")
    scoring, found = engine.score(spec, loaded, marks, excluded)
    diagnostics += found
    if scoring is None:
        fail(diagnostics, Sources(sources, bids), diag_format)
    return Scored(scoring=scoring, spec_sources=dict(result.sources), sources=Sources(sources, bids),
                  warnings=list(diagnostics))


def bidders_named(scoring: Scoring, typed: Sequence[str]) -> tuple[str, ...]:
    """Bidders typed on the command line, as bids name them; a usage error with a suggestion otherwise.

    Names are compared as bids' names are: a macOS terminal may send accents decomposed (NFD).
    """
    from svspec import names
    from svspec.diagnostics.suggest import did_you_mean

    known = [b.bidder for b in scoring.bids]
    out = tuple(names.normalise(name) for name in typed)
    for name in out:
        if name not in known:
            close = did_you_mean(name, known)
            hint = f" (did you mean {' or '.join(close)}?)" if close else ""
            raise click.UsageError(f"there is no bid from '{name}'{hint}")
    return out


def fail(diagnostics: Sequence[Diagnostic], sources: Mapping[str, str], output_format: str) -> NoReturn:
    from svspec.commands.common import print_diagnostics

    sys.exit(print_diagnostics(diagnostics, sources, output_format, 1) or EXIT_PROBLEMS)
