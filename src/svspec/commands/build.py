"""`svspec build SPEC --out DIR [--force]`"""

from __future__ import annotations

from pathlib import Path

import click

from svspec.commands.common import FORMAT_OPTION, exit_refused, load_or_exit, spec_inputs


@click.command()
@click.argument("spec", type=click.Path(path_type=Path))
@click.option("--out", "out", required=True, metavar="DIR", type=click.Path(path_type=Path, file_okay=False),
              help="The folder to write. svspec replaces only the files it wrote there before (listed in "
              "DIR/.svspec-manifest.json); your own files in DIR are kept.")
@click.option("--force", is_flag=True,
              help="Write into a non-empty folder that svspec did not create, alongside its files (none of "
              "them is deleted or overwritten).")
@FORMAT_OPTION
def command(spec: Path, out: Path, force: bool, output_format: str) -> None:
    """Write every output for SPEC (bid schema, templates, scoring model, site) into a folder.

    The build is atomic: outputs are staged in a hidden folder beside DIR and swapped in only when
    everything succeeded, so at every moment DIR holds wholly the previous or wholly the new
    outputs (on Linux and macOS; "Output folders and files" in the docs says what other systems
    get). Only files that svspec wrote before are replaced or removed; reports, html/, .git and
    anything else you keep in DIR survive. DIR may not be a symbolic link, nor hold the spec's own folder.
    A non-empty folder that svspec did not create is refused unless --force is given.
    """
    from svspec.emit.build import build
    from svspec.outputs import OutputRefused, cannot_write, check_output_folder

    try:
        check_output_folder(out, protect=spec_inputs(str(spec)))
    except OutputRefused as refused:
        exit_refused(refused.diagnostic, output_format)
    model = load_or_exit(str(spec), output_format)
    try:
        files = build(model, out, force=force, protect=spec_inputs(str(spec)))
    except OutputRefused as refused:
        exit_refused(refused.diagnostic, output_format)
    except OSError as error:
        exit_refused(cannot_write(out, error).diagnostic, output_format)
    for name in files:
        click.echo((out / name).as_posix())
