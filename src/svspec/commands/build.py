"""`svspec build SPEC --out DIR [--force] [--html [--builder mkdocs|zensical]] [--settings FILE]`"""

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
@click.option("--settings", "settings_file", type=click.Path(path_type=Path, dir_okay=False), metavar="FILE",
              help="A site settings file (YAML) for the guidance site: branding, contact details, "
              "accessibility statement, submission instructions and deadline time.")
@click.option("--html", is_flag=True,
              help="Also build the finished guidance website into DIR/html/, ready to publish.")
@click.option("--builder", type=click.Choice(["mkdocs", "zensical"]), default="mkdocs", show_default=True,
              help="What builds the website for --html: MkDocs with Material for MkDocs, or Zensical.")
@FORMAT_OPTION
def command(spec: Path, out: Path, force: bool, settings_file: Path | None, html: bool, builder: str,
            output_format: str) -> None:
    """Write every output for SPEC (bid schema, templates, scoring model, site) into a folder.

    With --html the finished guidance website is built too, into DIR/html/, ready to publish
    (by MkDocs, or by Zensical with --builder zensical); --settings brands it.

    The build is atomic: outputs are staged in a hidden folder beside DIR and swapped in only when
    everything succeeded, so at every moment DIR holds wholly the previous or wholly the new
    outputs (on Linux and macOS; "Output folders and files" in the docs says what other systems
    get). Only files that svspec wrote before are replaced or removed; reports, html/, .git and
    anything else you keep in DIR survive. DIR may not be a symbolic link, nor hold the spec's own folder.
    A non-empty folder that svspec did not create is refused unless --force is given.
    """
    from svspec.commands.docs import load_settings_or_exit, publish_or_exit
    from svspec.emit.build import build
    from svspec.outputs import OutputRefused, cannot_write, check_output_folder

    try:
        check_output_folder(out, protect=spec_inputs(str(spec)))
    except OutputRefused as refused:
        exit_refused(refused.diagnostic, output_format)
    model = load_or_exit(str(spec), output_format)
    settings = load_settings_or_exit(settings_file, output_format)
    try:
        files = build(model, out, force=force, protect=spec_inputs(str(spec)), site_settings=settings)
    except OutputRefused as refused:
        exit_refused(refused.diagnostic, output_format)
    except OSError as error:
        exit_refused(cannot_write(out, error).diagnostic, output_format)
    for name in files:
        click.echo((out / name).as_posix())
    if html and (out / "site" / "mkdocs.yml").is_file():
        publish_or_exit(out / "site", out / "html", builder, output_format)
