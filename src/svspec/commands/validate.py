"""`svspec validate TENDER BID...`"""

from __future__ import annotations

import sys
from pathlib import Path

import click

from svspec import model
from svspec.commands.common import EXIT_PROBLEMS, FORMAT_OPTION, bid_files, load_or_exit, print_diagnostics


def built_tender_or_exit(folder: Path, output_format: str) -> model.Tender:
    """The tender of a folder `svspec build` wrote, from its tender-model.json; its problems exit 1."""
    from svspec import modeljson
    from svspec.bids.read import display_path

    tender, problems = modeljson.load(folder, display_path(folder / modeljson.FILE))
    if tender is None:
        sys.exit(print_diagnostics(problems, {}, output_format, 1) or EXIT_PROBLEMS)
    return tender


@click.command()
@click.argument("tender", type=click.Path(path_type=Path))
@click.argument("bids", nargs=-1, required=True, type=click.Path(path_type=Path))
@FORMAT_OPTION
def command(tender: Path, bids: tuple[Path, ...], output_format: str) -> None:
    """Check returned bids (YAML, JSON or the filled spreadsheet; files or folders) against TENDER.

    TENDER is the tender's .svspec file, or the folder `svspec build` wrote for it (read through
    its tender-model.json: no .svspec sources needed). Every problem in every bid is reported,
    with its place (line:column, or sheet and cell) and its JSON pointer. Exit 1 when any bid is
    invalid.
    """
    from svspec.bids.read import load_bids, sources_of

    files = bid_files(bids)
    if tender.is_dir():
        spec = built_tender_or_exit(tender, output_format)
    else:
        spec = load_or_exit(str(tender), output_format, kinds=(model.Tender,))
    _, diagnostics = load_bids(files, spec)
    sys.exit(print_diagnostics(diagnostics, sources_of(files), output_format, len(files)))
