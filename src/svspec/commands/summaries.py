"""`svspec summaries TENDER BID... --marks FILE --date D --standstill-ends D --out DIR`"""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path

import click

from svspec.commands.common import EXIT_OK
from svspec.commands.scored import exclusion_options

STANDSTILL_WORKING_DAYS = 8
"""Procurement Act 2023 s.51(3): the mandatory standstill period is eight working days."""


def _date(_ctx: click.Context, _param: click.Parameter, value: str | None) -> dt.date | None:
    if value is None:
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise click.BadParameter(f"'{value}' is not a date written YYYY-MM-DD (e.g. 2027-02-01)") from None


@click.command()
@click.argument("tender", type=click.Path(path_type=Path))
@click.argument("bids", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("--marks", "marks_path", type=click.Path(path_type=Path), help="Evaluators' marks (YAML).")
@click.option("--out", "out", required=True, type=click.Path(path_type=Path),
              help="Folder for the summaries: one .md and one .docx per bidder.")
@click.option("--date", "date", required=True, callback=_date, metavar="YYYY-MM-DD",
              help="The date the summaries carry (the day they are sent).")
@click.option("--standstill-ends", "standstill_ends", required=True, callback=_date, metavar="YYYY-MM-DD",
              help="The last day of the standstill period (Procurement Act 2023 s.51: at least 8 working days, "
              "beginning with the day the contract award notice is published).")
@click.option("--bidder", "bidders", multiple=True, metavar="BIDDER", help="Only this bidder's summary (repeatable).")
@click.option("--name-evaluators", is_flag=True, help="Name the evaluators; by default they are shown by role.")
@click.option("--redact", "redact", multiple=True, metavar="PHRASE",
              help="A confidential phrase of the winning tender, replaced by [redacted] (repeatable).")
@click.option("--redact-file", "redact_file", type=click.Path(path_type=Path),
              help="A text file of confidential phrases of the winning tender, one per line.")
@click.option("--buyer", "buyer", metavar="NAME", help="The buyer's name, shown on each summary.")
@click.option("--format", "formats", multiple=True, type=click.Choice(["md", "docx"]),
              help="Which documents to write (default: both).")
@click.option("--force", is_flag=True, help="Write into a folder svspec did not create.")
@exclusion_options
def command(tender: Path, bids: tuple[Path, ...], marks_path: Path | None, out: Path, date: dt.date,
            standstill_ends: dt.date, bidders: tuple[str, ...], name_evaluators: bool, redact: tuple[str, ...],
            redact_file: Path | None, buyer: str | None, formats: tuple[str, ...], force: bool,
            exclude: tuple[str, ...], reasons: tuple[str, ...]) -> None:
    """Write the assessment summary to send to each bidder (Procurement Act 2023 s.50).

    BIDS are bid files, or folders of them.

    Each summary holds that bidder's scores and the evaluators' reasons beside the most
    advantageous tender's, and no other bidder's; no audit header and no file paths; the date and
    the end of the standstill period. Evaluators are shown by role unless --name-evaluators.
    """
    from svspec.commands.scored import bidders_named, exclusions_given, score_inputs
    from svspec.diagnostics.render import render_text
    from svspec.outputs import OutputFolder, write_file, write_text
    from svspec.scoring import letters

    if letters.working_days_at_least(date, standstill_ends) < STANDSTILL_WORKING_DAYS:
        raise click.BadParameter(
            f"{standstill_ends.isoformat()} leaves fewer than {STANDSTILL_WORKING_DAYS} working days from "
            f"{date.isoformat()}: the standstill period is at least {STANDSTILL_WORKING_DAYS} working days "
            "(Procurement Act 2023 s.51)", param_hint="--standstill-ends")
    phrases = list(redact)
    if redact_file is not None:
        phrases += _phrases(redact_file)
    from svspec.commands.common import bid_files

    scored = score_inputs(tender, bid_files(bids), marks_path, "text", exclusions_given(exclude, reasons))
    if scored.warnings:
        click.echo(render_text(scored.warnings, scored.sources, color=sys.stderr.isatty()), err=True)
    scoring = scored.scoring
    wanted = bidders_named(scoring, bidders) if bidders else tuple(b.bidder for b in scoring.bids)
    settings = letters.Settings(date=date, standstill_ends=standstill_ends, name_evaluators=name_evaluators,
                                redact=tuple(phrases), buyer=buyer)
    kinds = formats or ("md", "docx")
    used: set[str] = set()
    taken: set[str] = set()
    written: list[str] = []
    with OutputFolder(out, command="summaries", force=force) as folder:
        for bidder in wanted:
            doc, found = letters.letter(scoring, bidder, settings)
            used |= found
            stem = letters.file_stem(bidder, taken)
            if "md" in kinds:
                write_text(folder.staging / f"{stem}.md", letters.to_markdown(doc), durable=False)
                written.append(f"{stem}.md")
            if "docx" in kinds:
                write_file(folder.staging / f"{stem}.docx", letters.to_docx(doc, settings), durable=False)
                written.append(f"{stem}.docx")
        folder.commit()
    for phrase in sorted(set(p.strip() for p in phrases if p.strip()) - used):
        click.echo(f"warning: the phrase to redact '{phrase}' is not in the winning tender's reasons", err=True)
    click.echo(f"{len(wanted)} assessment summaries written to {out}: " + ", ".join(written))
    sys.exit(EXIT_OK)


def _phrases(path: Path) -> list[str]:
    """The phrases of a redaction file: one per line, blank lines and `#` comments skipped."""
    from svspec.files import read_capped

    try:
        data = read_capped(path, 1_000_000)
    except OSError as error:
        raise click.BadParameter(f"cannot read {path}: {error.strerror or error}", param_hint="--redact-file") from None
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        raise click.BadParameter(f"{path} is not UTF-8 text", param_hint="--redact-file") from None
    return [line.strip() for line in text.splitlines() if line.strip() and not line.lstrip().startswith("#")]
