"""`svspec docs SPEC --out DIR [--serve] [--templates DIR] [--previous OLD]`"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import click

from svspec.commands.common import EXIT_OK, EXIT_PROBLEMS, FORMAT_OPTION, print_diagnostics


@click.command()
@click.argument("spec", type=click.Path(path_type=Path))
@click.option("--out", "out", required=True, type=click.Path(path_type=Path, file_okay=False),
              help="Folder for the MkDocs project (mkdocs.yml and docs/); replaced if svspec made it.")
@click.option("--templates", type=click.Path(path_type=Path, exists=True, file_okay=False),
              help="Folder of Jinja2 templates that replace the built-in ones by name (partials too).")
@click.option("--previous", "previous_spec", metavar="OLD",
              help="An earlier version of the same spec (a file, or SPEC@REV for a git revision): adds a "
                   "changelog page, the same as `svspec diff OLD SPEC --format md`.")
@click.option("--serve", is_flag=True, help="After writing, preview the site at http://127.0.0.1:PORT/.")
@click.option("--port", default=8000, show_default=True, type=click.IntRange(1, 65535),
              help="Port for --serve (on 127.0.0.1 only).")
@FORMAT_OPTION
def command(spec: Path, out: Path, templates: Path | None, previous_spec: str | None, serve: bool, port: int,
            output_format: str) -> None:
    """Write the guidance website for a framework or tender as an MkDocs project.

    The pages (home, themes, outcomes and measures, how to respond, how we score with worked
    examples, evaluator guidance, theory of change, glossary, changelog) come from the same
    spec as the bid template and the scoring. Build it with `mkdocs build` (or Zensical).
    """
    import tempfile

    from svspec.api import check
    from svspec.commands.diff import spec_at
    from svspec.emit.site import SiteFolderInUse, generate

    with tempfile.TemporaryDirectory(prefix="svspec-previous-") as tmp:
        previous = spec_at(previous_spec, Path(tmp)) if previous_spec is not None else None
        paths = [spec] + ([previous] if previous is not None else [])
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
    try:
        site = generate(model, out, templates=templates, previous=old)
    except SiteFolderInUse as error:
        raise click.UsageError(f"{error}; choose an empty or new folder for --out") from error
    diagnostics = [d for r in results for d in r.diagnostics] + list(site.diagnostics)
    status = print_diagnostics(diagnostics, sources, output_format, len(paths))
    if status != EXIT_OK or not site.ok:
        sys.exit(EXIT_PROBLEMS)
    if output_format == "text":
        click.echo(f"wrote {len(site.files)} files to {out}", err=True)
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
