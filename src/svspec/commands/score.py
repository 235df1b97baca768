"""`svspec score TENDER BID... [--marks FILE] [--format table|json|csv|md]`"""

from __future__ import annotations

import sys
from pathlib import Path

import click

from svspec.commands.common import EXIT_OK, colour
from svspec.commands.scored import exclusion_options


@click.command()
@click.argument("tender", type=click.Path(path_type=Path))
@click.argument("bids", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("--marks", "marks_path", type=click.Path(path_type=Path),
              help="Evaluators' marks: YAML, or the spreadsheet of `svspec marks-template`.")
@click.option("--format", "output_format", type=click.Choice(["table", "json", "csv", "md"]), default="table",
              show_default=True, help="table for people; json, csv or md for files and tools.")
@click.option("--explain", "explain", multiple=True, metavar="BIDDER",
              help="Explain every point of this bidder's score (repeatable).")
@click.option("--summary", "summaries", multiple=True, metavar="BIDDER",
              help="The assessment summary for this bidder, or 'all' (Procurement Act 2023 s.50).")
@click.option("--sensitivity", is_flag=True, help="Weight changes, tipping points and rank reversals.")
@exclusion_options
def command(tender: Path, bids: tuple[Path, ...], marks_path: Path | None, output_format: str,
            explain: tuple[str, ...], summaries: tuple[str, ...], sensitivity: bool, exclude: tuple[str, ...],
            reasons: tuple[str, ...]) -> None:
    """Score and rank bids (files, or folders of them) to a tender, with points per criterion and the outcome.

    Scores and ranks are exact; figures are rounded only when shown, to 2 decimal places with
    halves away from zero (£0.125 is shown as £0.13).
    The report starts with an audit header: the sha256 of the spec files, bids and marks.
    A bid excluded with --exclude BIDDER --reason "..." is scored but not ranked, and the
    exclusion and its reason are shown in every report.
    """
    from svspec.scoring.engine import collector_paused

    # Off while 100,000 bids are read, scored and written: none of it makes cycles (see collector_paused).
    with collector_paused():
        _score(tender, bids, marks_path, output_format, explain, summaries, sensitivity, exclude, reasons)
    sys.exit(EXIT_OK)


def _score(tender: Path, bids: tuple[Path, ...], marks_path: Path | None, output_format: str,
           explain: tuple[str, ...], summaries: tuple[str, ...], sensitivity: bool, exclude: tuple[str, ...],
           reasons: tuple[str, ...]) -> None:
    """The command's work: read, score, write the report in its format."""
    from svspec.bids.read import display_path
    from svspec.commands.common import bid_files
    from svspec.commands.scored import bidders_named, exclusions_given, score_inputs
    from svspec.diagnostics.render import render_json, render_text
    from svspec.scoring import report
    from svspec.scoring.sensitivity import analyse
    from svspec.semantics.compile import sort_diagnostics

    bids = tuple(bid_files(bids))
    diag_format = "json" if output_format == "json" else "text"
    scored = score_inputs(tender, bids, marks_path, diag_format, exclusions_given(exclude, reasons))
    scoring, sources, diagnostics = scored.scoring, scored.sources, scored.warnings
    known = [b.bidder for b in scoring.bids]
    explain = bidders_named(scoring, explain)
    summaries = tuple(s for s in summaries if s == "all") + bidders_named(scoring, [s for s in summaries if s != "all"])
    wanted = known if "all" in summaries else list(dict.fromkeys(summaries))
    audit = report.make_audit(scoring, scored.spec_sources, [display_path(Path(b)) for b in bids],
                              display_path(marks_path) if marks_path else None)
    analysis = analyse(scoring) if sensitivity else None
    warnings = sort_diagnostics(list(diagnostics))
    if warnings and output_format != "json":
        click.echo(render_text(warnings, sources, color=sys.stderr.isatty()), err=True)
    if output_format == "json":
        import json

        extra = {"diagnostics": json.loads(render_json(warnings))} if warnings else None
        # Written as each bid's part is made: 100,000 bids' items and sentences are gigabytes of JSON.
        pending: list[str] = []

        def write(text: str) -> None:
            pending.append(text)
            if len(pending) >= 4096:
                click.echo("".join(pending), nl=False)
                pending.clear()

        report.write_json(scoring, audit, analysis, write=write, extra=extra)
        click.echo("".join(pending), nl=False)
    elif output_format == "csv":
        click.echo(report.to_csv(scoring), nl=False)
    elif output_format == "md":
        click.echo(report.to_markdown(scoring, audit, analysis, explain, wanted), nl=False)
    else:
        click.echo(report.print_table(scoring, audit, analysis, explain, wanted, color=colour()), nl=False)

