"""`svspec score TENDER BID... [--marks FILE] [--format table|json|csv|md]`"""

from __future__ import annotations

import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, NoReturn

import click

from svspec.commands.common import EXIT_OK, EXIT_PROBLEMS, colour

if TYPE_CHECKING:
    from svspec.diagnostics import Diagnostic


@click.command()
@click.argument("tender", type=click.Path(path_type=Path))
@click.argument("bids", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("--marks", "marks_path", type=click.Path(path_type=Path), help="Evaluators' marks (YAML).")
@click.option("--format", "output_format", type=click.Choice(["table", "json", "csv", "md"]), default="table",
              show_default=True, help="table for people; json, csv or md for files and tools.")
@click.option("--explain", "explain", multiple=True, metavar="BIDDER",
              help="Explain every point of this bidder's score (repeatable).")
@click.option("--summary", "summaries", multiple=True, metavar="BIDDER",
              help="The assessment summary for this bidder, or 'all' (Procurement Act 2023 s.50).")
@click.option("--sensitivity", is_flag=True, help="Weight changes, tipping points and rank reversals.")
def command(tender: Path, bids: tuple[Path, ...], marks_path: Path | None, output_format: str,
            explain: tuple[str, ...], summaries: tuple[str, ...], sensitivity: bool) -> None:
    """Score and rank bids to a tender, with points per criterion and the outcome.

    Scores and ranks are exact; figures are rounded only when shown, to 2 decimal places with
    halves away from zero (£0.125 is shown as £0.13).
    The report starts with an audit header: the sha256 of the spec files, bids and marks.
    """
    from svspec import model, names
    from svspec.api import load
    from svspec.bids.read import display_path, load_bids, sources_of
    from svspec.diagnostics.render import render_json, render_text
    from svspec.scoring import engine, report
    from svspec.scoring.marks import load_marks
    from svspec.scoring.sensitivity import analyse
    from svspec.semantics.compile import sort_diagnostics

    diag_format = "json" if output_format == "json" else "text"
    result = load(tender)
    sources = dict(result.sources)
    if not result.ok or result.model is None:
        _fail(result.diagnostics, sources, diag_format)
    spec = result.model
    if not isinstance(spec, model.Tender):
        raise click.UsageError(f"{tender} is not a tender spec")
    loaded, diagnostics = load_bids(list(bids), spec)
    sources.update(sources_of(list(bids)))
    marks = None
    if marks_path is not None:
        marks, found, text = load_marks(marks_path, spec, [b.bidder for b in loaded], display=display_path(marks_path))
        diagnostics += found
        sources[display_path(marks_path)] = text
    if any(d.severity.name == "ERROR" for d in diagnostics):
        _fail(diagnostics, sources, diag_format)
    scoring, found = engine.score(spec, loaded, marks)
    diagnostics += found
    if scoring is None:
        _fail(diagnostics, sources, diag_format)
    assert scoring is not None
    known = [b.bidder for b in scoring.bids]
    # Names typed on the command line are compared as bids' names are (a macOS terminal may send
    # accents decomposed, NFD).
    explain = tuple(names.normalise(name) for name in explain)
    summaries = tuple(s if s == "all" else names.normalise(s) for s in summaries)
    for name in explain + tuple(s for s in summaries if s != "all"):
        if name not in known:
            from svspec.diagnostics.suggest import did_you_mean

            close = did_you_mean(name, known)
            hint = f" (did you mean {' or '.join(close)}?)" if close else ""
            raise click.UsageError(f"there is no bid from '{name}'{hint}")
    wanted = known if "all" in summaries else list(dict.fromkeys(summaries))
    audit = report.make_audit(scoring, result.sources, [display_path(Path(b)) for b in bids],
                              display_path(marks_path) if marks_path else None)
    analysis = analyse(scoring) if sensitivity else None
    warnings = sort_diagnostics(list(diagnostics))
    if warnings and output_format != "json":
        click.echo(render_text(warnings, sources, color=sys.stderr.isatty()), err=True)
    if output_format == "json":
        text = report.to_json(scoring, audit, analysis)
        if warnings:
            import json

            data = json.loads(text)
            data["diagnostics"] = json.loads(render_json(warnings))
            text = json.dumps(data, indent=2, ensure_ascii=False) + "\n"
        click.echo(text, nl=False)
    elif output_format == "csv":
        click.echo(report.to_csv(scoring), nl=False)
    elif output_format == "md":
        click.echo(report.to_markdown(scoring, audit, analysis, explain, wanted), nl=False)
    else:
        click.echo(report.print_table(scoring, audit, analysis, explain, wanted, color=colour()), nl=False)
    sys.exit(EXIT_OK)


def _fail(diagnostics: Sequence[Diagnostic], sources: dict[str, str], output_format: str) -> NoReturn:
    from svspec.commands.common import print_diagnostics

    sys.exit(print_diagnostics(diagnostics, sources, output_format, 1) or EXIT_PROBLEMS)
