"""`svspec template TENDER --format yaml|json|xlsx [-o FILE]`"""

from __future__ import annotations

from pathlib import Path

import click


@click.command()
@click.argument("tender", type=click.Path(path_type=Path))
@click.option("--format", "template_format", type=click.Choice(["yaml", "json", "xlsx"]), default="yaml",
              show_default=True, help="The kind of blank bid to write.")
@click.option("-o", "--output", type=click.Path(path_type=Path),
              help="Write the template here (default: print it; required for xlsx).")
def command(tender: Path, template_format: str, output: Path | None) -> None:
    """Write a blank bid to TENDER to fill in: YAML with guidance comments, JSON, or a spreadsheet."""
    from svspec import model
    from svspec.commands.common import exit_refused, load_or_exit
    from svspec.outputs import OutputRefused, cannot_write, write_file, write_text

    if template_format == "xlsx" and output is None:
        raise click.UsageError("a spreadsheet cannot be printed: give -o FILE.xlsx")
    spec = load_or_exit(str(tender), "text", kinds=(model.Tender,))
    if template_format == "xlsx":
        from svspec.emit.xlsx import workbook_bytes

        assert output is not None
        try:
            write_file(output, workbook_bytes(spec))
        except OutputRefused as refused:
            exit_refused(refused.diagnostic, "text")
        except OSError as error:
            exit_refused(cannot_write(output, error).diagnostic, "text")
        click.echo(f"wrote {output}", err=True)
        return
    from svspec.emit.templates import json_template, yaml_template

    text = yaml_template(spec) if template_format == "yaml" else json_template(spec)
    if output is None:
        click.echo(text, nl=False)
    else:
        try:
            write_text(output, text)
        except OutputRefused as refused:
            exit_refused(refused.diagnostic, "text")
        except OSError as error:
            exit_refused(cannot_write(output, error).diagnostic, "text")
        click.echo(f"wrote {output}", err=True)
