"""`svspec build SPEC --out DIR`"""

from __future__ import annotations

from pathlib import Path

import click

from svspec.commands.common import FORMAT_OPTION, load_or_exit


@click.command()
@click.argument("spec", type=click.Path(path_type=Path))
@click.option("--out", "out", required=True, type=click.Path(path_type=Path, file_okay=False),
              help="The folder to write; replaced as a whole only when every output succeeds.")
@FORMAT_OPTION
def command(spec: Path, out: Path, output_format: str) -> None:
    """Write every output for SPEC (bid schema, templates, scoring model, site) into a folder.

    The build is atomic: outputs are written to a temporary folder, which replaces DIR only when
    everything succeeded, so a failed build leaves the previous outputs intact.
    """
    from svspec.emit.build import build

    model = load_or_exit(str(spec), output_format)
    files = build(model, out)
    for name in files:
        click.echo((out / name).as_posix())
