"""`svspec marks-template TENDER BID... -o marks.xlsx [--evaluators E1,E2 | --evaluators 3] [--force]`"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import click

from svspec.commands.common import EXIT_OK


def evaluator_names(given: str) -> tuple[str, ...]:
    """`E1,E2,J. Smith` as names, or a count such as `3` as E1, E2 and E3."""
    from svspec import names

    text = given.strip()
    if text.isdigit():
        count = int(text)
        if not 1 <= count <= 50:
            raise click.BadParameter(f"{count} evaluators: give between 1 and 50", param_hint="--evaluators")
        return tuple(f"E{i}" for i in range(1, count + 1))
    out: list[str] = []
    for written in text.split(","):
        problem = names.problem(written)
        name = names.normalise(written)
        if problem is not None or not name:
            raise click.BadParameter(f"'{names.shown(written)}' is not an evaluator's name"
                                     + (f" ({problem})" if problem else ""), param_hint="--evaluators")
        if name.casefold() == "consensus" or any(names.skeleton(name) == names.skeleton(o) for o in out):
            raise click.BadParameter(f"'{names.shown(name)}' is given twice or is the word 'consensus'",
                                     param_hint="--evaluators")
        out.append(name)
    return tuple(out)


@click.command()
@click.argument("tender", type=click.Path(path_type=Path))
@click.argument("bids", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("-o", "--output", type=click.Path(path_type=Path), required=True,
              help="The spreadsheet to write (.xlsx).")
@click.option("--evaluators", default="2", show_default=True, metavar="E1,E2|N",
              help="The evaluators' names, separated by commas, or how many (3 gives E1, E2 and E3).")
@click.option("--force", is_flag=True, help="Replace an existing file (its marks are lost).")
def command(tender: Path, bids: tuple[Path, ...], output: Path, evaluators: str, force: bool) -> None:
    """Write a marks spreadsheet for evaluators to fill in (BIDS: bid files, or folders of them).

    One row per bidder, marked item and evaluator (and a consensus row under consensus
    moderation), the scale's levels as a drop-down, and cells for reasons. `svspec score --marks
    FILE.xlsx` reads it back and checks it as a YAML marks file is checked.
    """
    from svspec import model
    from svspec.api import load
    from svspec.bids.marks_sheet import to_xlsx
    from svspec.bids.read import load_bids, sources_of
    from svspec.commands.scored import fail
    from svspec.delivery.files import write_atomic
    from svspec.scoring.marks import marked_uses

    people = evaluator_names(evaluators)
    if output.suffix.lower() != ".xlsx":
        raise click.UsageError("the marks spreadsheet is written to a .xlsx file: give -o FILE.xlsx")
    if (output.exists() or output.is_symlink()) and not force:
        raise click.UsageError(f"{output} exists and may hold marks: give --force to replace it")
    result = load(tender)
    sources = dict(result.sources)
    if not result.ok or result.model is None:
        fail(result.diagnostics, sources, "text")
    spec = result.model
    if not isinstance(spec, model.Tender):
        raise click.UsageError(f"{tender} is not a tender spec")
    if not marked_uses(spec):
        raise click.UsageError(f"tender '{spec.name}' has no question or measure scored by evaluators")
    from svspec.commands.common import bid_files

    files = bid_files(bids)
    loaded, problems = load_bids(files, spec)
    if any(d.severity.name == "ERROR" for d in problems):
        fail(problems, {**sources, **sources_of(files)}, "text")
    write_atomic(output, to_xlsx(spec, [b.bidder for b in loaded], people, attached_documents(loaded)))
    sys.exit(EXIT_OK)


def attached_documents(bids: list[Any]) -> dict[tuple[str, str], str]:
    """The documents bidders attached as answers, by (bidder, code): evaluators mark what they read."""
    from svspec.bids.attached import attached_name

    found = {}
    for bid in bids:
        for code, value in {**bid.quality, **bid.social_value}.items():
            document = attached_name(value)
            if document is not None:
                found[bid.bidder, code] = document
    return found
