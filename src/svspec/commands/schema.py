"""`svspec schema TENDER [-o FILE]`"""

from __future__ import annotations

from pathlib import Path

import click

from svspec.commands.common import FORMAT_OPTION, load_or_exit


@click.command()
@click.argument("tender", type=click.Path(path_type=Path))
@click.option("-o", "--output", type=click.Path(path_type=Path), help="Write the schema here (default: print it).")
@FORMAT_OPTION
def command(tender: Path, output: Path | None, output_format: str) -> None:
    """Write the JSON Schema (draft 2020-12) for bids to TENDER.

    Units, word limits, evidence and scoring travel as svspec:* annotations of a vocabulary
    declared by the dialect meta-schema that `svspec build` writes beside the schema.
    """
    from svspec import model
    from svspec.commands.common import exit_refused
    from svspec.emit.schema import schema_text
    from svspec.outputs import OutputRefused, cannot_write, write_text

    spec = load_or_exit(str(tender), output_format, kinds=(model.Tender,))
    text = schema_text(spec)
    if output is None:
        click.echo(text, nl=False)
    else:
        try:
            write_text(output, text)
        except OutputRefused as refused:
            exit_refused(refused.diagnostic, output_format)
        except OSError as error:
            exit_refused(cannot_write(output, error).diagnostic, output_format)
        click.echo(f"wrote {output}", err=True)
