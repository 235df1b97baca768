"""`svspec docs SPEC --out DIR [--html [--builder B]] [--settings FILE] [--serve] [--templates DIR] [--previous OLD]`"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path
from typing import TYPE_CHECKING

import click

if TYPE_CHECKING:
    from svspec.emit.site.settings import SiteSettings

from svspec.commands.common import EXIT_OK, EXIT_PROBLEMS, FORMAT_OPTION, exit_refused, print_diagnostics, spec_inputs


@click.command()
@click.argument("spec", type=click.Path(path_type=Path))
@click.option("--out", "out", required=True, metavar="DIR", type=click.Path(path_type=Path, file_okay=False),
              help="Folder for the MkDocs project (mkdocs.yml and docs/). svspec replaces only the files it "
              "wrote there before (listed in DIR/.svspec-manifest.json); your own files are kept.")
@click.option("--force", is_flag=True,
              help="Write into a non-empty folder that svspec did not create, alongside its files (none of "
              "them is deleted or overwritten).")
@click.option("--templates", type=click.Path(path_type=Path, exists=True, file_okay=False),
              help="Folder of Jinja2 templates that replace the built-in ones by name (partials too). They run "
              "in Jinja2's sandbox and are read only from inside this folder (no links leading out).")
@click.option("--previous", "previous_spec", metavar="OLD",
              help="An earlier version of the same spec (a file, or SPEC@REV for a git revision): adds a "
                   "changelog page, the same as `svspec diff OLD SPEC --format md`.")
@click.option("--settings", "settings_file", type=click.Path(path_type=Path, dir_okay=False), metavar="FILE",
              help="A site settings file (YAML): the council's name, logo and colours, contact details, "
              "accessibility statement, submission instructions and deadline time.")
@click.option("--html", is_flag=True,
              help="Also build the finished website into DIR/html/ (open DIR/html/index.html, or publish the folder).")
@click.option("--builder", type=click.Choice(["mkdocs", "zensical"]), default="mkdocs", show_default=True,
              help="What builds the website for --html: MkDocs with Material for MkDocs, or Zensical.")
@click.option("--serve", is_flag=True, help="After writing, preview the site at http://127.0.0.1:PORT/.")
@click.option("--port", default=8000, show_default=True, type=click.IntRange(1, 65535),
              help="Port for --serve (on 127.0.0.1 only).")
@FORMAT_OPTION
def command(spec: Path, out: Path, force: bool, templates: Path | None, previous_spec: str | None,
            settings_file: Path | None, html: bool, builder: str, serve: bool, port: int, output_format: str) -> None:
    """Write the guidance website for a framework or tender as an MkDocs project.

    The pages (home, themes, outcomes and measures, how to respond, how we score with worked
    examples, evaluator guidance, theory of change, glossary, changelog) come from the same
    spec as the bid template and the scoring. With --html the finished website is built too, into
    DIR/html/ (by MkDocs, or Zensical with --builder zensical), ready to publish as it is.

    DIR is written atomically, like `svspec build --out`: it always holds wholly the previous or
    wholly the new site, and files you add to it survive. It may not be a symbolic link, nor hold
    the spec, and a non-empty folder that svspec did not create is refused unless --force is given.
    """
    import tempfile

    from svspec.api import check
    from svspec.commands.diff import spec_at
    from svspec.emit.site import generate
    from svspec.outputs import OutputRefused, cannot_write, check_output_folder

    with tempfile.TemporaryDirectory(prefix="svspec-previous-") as tmp:
        previous = spec_at(previous_spec, Path(tmp)) if previous_spec is not None else None
        paths = [spec] + ([previous] if previous is not None else [])
        protect = [folder for path in paths for folder in spec_inputs(str(path))] + ([templates] if templates else [])
        try:
            check_output_folder(out, protect=protect)
        except OutputRefused as refused:
            exit_refused(refused.diagnostic, output_format)
        results = check(paths)
    sources: dict[str, str] = {}
    for r in results:
        sources.update(r.sources)
    if not all(r.ok and r.model is not None for r in results):
        sys.exit(print_diagnostics([d for r in results for d in r.diagnostics], sources, output_format, len(paths))
                 or EXIT_PROBLEMS)
    model = results[0].model
    old = results[1].model if previous is not None else None
    assert model is not None
    settings = load_settings_or_exit(settings_file, output_format)
    try:
        site = generate(model, out, templates=templates, previous=old, force=force, protect=protect, settings=settings)
    except OutputRefused as refused:
        exit_refused(refused.diagnostic, output_format)
    except OSError as error:
        exit_refused(cannot_write(out, error).diagnostic, output_format)
    diagnostics = [d for r in results for d in r.diagnostics] + list(site.diagnostics)
    status = print_diagnostics(diagnostics, sources, output_format, len(paths))
    if status != EXIT_OK or not site.ok:
        sys.exit(EXIT_PROBLEMS)
    if output_format == "text":
        click.echo(f"wrote {len(site.files)} files to {out}", err=True)
    if html:
        publish_or_exit(out, out / "html", builder, output_format)
    if serve:
        _serve(out, port)


def _serve(out: Path, port: int) -> None:
    """Preview with `mkdocs serve`, on the loopback address only, until interrupted."""
    command = [sys.executable, "-m", "mkdocs", "serve", "-f", str(out / "mkdocs.yml"), "-a", f"127.0.0.1:{port}"]
    try:
        completed = subprocess.run(command, check=False)
    except KeyboardInterrupt:
        return
    if completed.returncode not in (0, 130):
        sys.exit(EXIT_PROBLEMS)


def load_settings_or_exit(path: Path | None, output_format: str) -> SiteSettings:
    """The site settings from `--settings FILE` (the defaults without it); exits with the diagnostics."""
    from svspec.emit.site.settings import DEFAULT, load_settings

    if path is None:
        return DEFAULT
    settings, problems = load_settings(path)
    if settings is None:
        sys.exit(print_diagnostics(problems, {}, output_format, 1) or EXIT_PROBLEMS)
    return settings


def publish_or_exit(project: Path, html: Path, builder: str, output_format: str) -> None:
    """Build the website of the project in `project` into `html`, or exit with why it could not be built."""
    from svspec.emit.site.publish import publish
    from svspec.outputs import OutputRefused, cannot_write

    try:
        problems = publish(project, html, builder=builder)
    except OutputRefused as refused:
        exit_refused(refused.diagnostic, output_format)
    except OSError as error:
        exit_refused(cannot_write(html, error).diagnostic, output_format)
    if problems:
        sys.exit(print_diagnostics(problems, {}, output_format, 1) or EXIT_PROBLEMS)
    if output_format == "text":
        click.echo(f"built the website with {builder}: {html / 'index.html'}", err=True)
