"""`svspec fmt [--check] PATH...`: rewrite specs in the canonical layout."""

from __future__ import annotations

import contextlib
import os
import sys
import tempfile
from pathlib import Path

import click

from svspec.commands.common import EXIT_OK, EXIT_PROBLEMS, FORMAT_OPTION, print_diagnostics
from svspec.diagnostics import Diagnostic


def write_atomically(path: Path, text: str) -> None:
    """Replace the file at `path` with `text` so that an interrupted run leaves the old or the new
    file, never half of one: write a temporary file beside it, flush it to disk, then rename."""
    target = Path(os.path.realpath(path))
    mode = target.stat().st_mode & 0o7777
    handle, temporary = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=".tmp")
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(text.encode("utf-8"))
            stream.flush()
            os.fsync(stream.fileno())
        os.chmod(temporary, mode)
        os.replace(temporary, target)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temporary)
        raise
    with contextlib.suppress(OSError, AttributeError):
        folder = os.open(target.parent, os.O_RDONLY)
        try:
            os.fsync(folder)
        finally:
            os.close(folder)


@click.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path(exists=True, path_type=Path))
@click.option("--check", is_flag=True, help="Write nothing; list the files that would change and exit 1 if any.")
@FORMAT_OPTION
def command(paths: tuple[Path, ...], check: bool, output_format: str) -> None:
    """Rewrite specs (files, or folders of .svspec files) in the canonical layout.

    Files with syntax errors are reported and left untouched. Each file is replaced in one step,
    so an interrupted run never leaves a half-written spec.
    """
    from svspec.commands.check import spec_files
    from svspec.semantics.loader import display_path, named_as_spec, not_a_spec, read_source
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
            write_atomically(path, formatted)
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
