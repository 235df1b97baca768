"""`svspec fmt [--check] PATH...`: rewrite specs in the canonical layout."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import click

from svspec.commands.common import EXIT_OK, EXIT_PROBLEMS, FORMAT_OPTION, print_diagnostics
from svspec.diagnostics import Diagnostic


@click.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path(exists=True, path_type=Path))
@click.option("--check", is_flag=True, help="Write nothing; list the files that would change and exit 1 if any.")
@FORMAT_OPTION
def command(paths: tuple[Path, ...], check: bool, output_format: str) -> None:
    """Rewrite specs (files, or folders of .svspec files) in the canonical layout.

    Files with syntax errors are reported and left untouched. Each file is replaced in one step,
    so an interrupted run never leaves a half-written spec. A spec that is a symbolic link is
    written through only when the link points inside its project folder.
    """
    from svspec.commands.check import spec_files
    from svspec.outputs import OutputRefused, write_text
    from svspec.semantics.loader import display_path, named_as_spec, not_a_spec, project_root, read_source
    from svspec.syntax.formatter import FormatRefused, FormatterBug, format_text

    files = spec_files(paths)
    if not files:
        raise click.UsageError("no .svspec files found in the given folders")
    problems: list[Diagnostic] = []
    sources: dict[str, str] = {}
    changed = refused = 0
    failed = False
    to_stderr = output_format == "json"  # stdout then carries only the JSON diagnostics
    for path in files:
        display = display_path(Path(os.path.abspath(path)))
        text, unreadable = read_source(path, display)
        if text is None:
            problems.extend(unreadable)
            refused += 1
            continue
        try:
            formatted = format_text(text, display)
        except FormatRefused as error:
            hidden = None if named_as_spec(path) else not_a_spec(display, list(error.diagnostics))
            if hidden is not None:  # a .env or a key given by mistake: none of its text is shown
                problems.append(hidden)
            else:
                sources[display] = text
                problems.extend(error.diagnostics)
            refused += 1
            continue
        except FormatterBug as bug:
            click.echo(f"error: {bug}", err=True)
            failed = True
            continue
        if formatted.encode("utf-8") == path.read_bytes():
            continue
        if check:
            click.echo(f"would reformat {display}", err=to_stderr)
            changed += 1
            continue
        try:
            write_text(path, formatted, confine=project_root(Path(os.path.abspath(path))))
        except OutputRefused as refusal:
            problems.append(refusal.diagnostic)
            refused += 1
            continue
        except OSError as error:
            click.echo(f"error: could not write {display}: {error.strerror or error}", err=True)
            failed = True
            continue
        click.echo(f"reformatted {display}", err=to_stderr)
        changed += 1
    status = EXIT_OK
    if problems or output_format == "json":
        status = print_diagnostics(problems, sources, output_format, len(files))
    verb = "would be reformatted" if check else "reformatted"
    summary = f"{_files(changed)} {verb}, {_files(len(files) - changed - refused)} already formatted"
    if refused:
        summary += f", {_files(refused)} not formatted because of errors"
    click.echo(summary, err=True)
    if failed or problems or (check and changed):
        status = EXIT_PROBLEMS
    sys.exit(status)


def _files(count: int) -> str:
    return f"{count} file" if count == 1 else f"{count} files"
