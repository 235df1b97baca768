"""Helpers shared by the commands: diagnostics output and exit codes."""

from __future__ import annotations

import os
import sys
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, NoReturn

import click

from svspec.diagnostics import Diagnostic, Severity

if TYPE_CHECKING:
    from svspec.delivery.store import Database

EXIT_OK, EXIT_PROBLEMS, EXIT_USAGE = 0, 1, 2

FORMAT_OPTION = click.option(
    "--format", "output_format", type=click.Choice(["text", "json"]), default="text", show_default=True,
    help="text for people; json for tools (code, severity, message, file, line, column, end_line, "
    "end_column, hint).",
)


def bid_files(paths: Sequence[Path]) -> list[Path]:
    """Files as given, and every bid file (.yaml, .yml, .json, .xlsx) in the given folders, sorted:
    every command that reads bids takes a folder, so a tender's many bids need no long command line."""
    from svspec.bids.read import FORMATS

    files: list[Path] = []
    for path in paths:
        if path.is_dir():
            files.extend(sorted(p for p in path.iterdir() if p.is_file() and p.suffix.lower() in FORMATS))
        else:
            files.append(path)
    if not files:
        raise click.UsageError("no bid files (.yaml, .yml, .json, .xlsx) found in the given folders")
    return files


def colour() -> bool:
    return sys.stdout.isatty()


def print_diagnostics(diagnostics: Sequence[Diagnostic], sources: Mapping[str, str], output_format: str,
                      files: int) -> int:
    """Print diagnostics (sorted, deduplicated); return 1 if any is an error, else 0."""
    from svspec.diagnostics.render import render_json, render_text, summary_line
    from svspec.semantics.compile import sort_diagnostics

    ordered = sort_diagnostics(list(diagnostics))
    if output_format == "json":
        click.echo(render_json(ordered), nl=False)
    else:
        text = render_text(ordered, sources, color=colour())
        if text:
            click.echo(text)
        click.echo(summary_line(ordered, files), err=True)
    return EXIT_PROBLEMS if any(d.severity is Severity.ERROR for d in ordered) else EXIT_OK


def load_or_exit(path: str, output_format: str = "text", kinds: tuple[type, ...] = ()):  # type: ignore[no-untyped-def]
    """Compile a spec; on errors print them and exit 1. Returns the model."""
    from svspec.api import load

    result = load(path)
    if not result.ok or result.model is None:
        sys.exit(print_diagnostics(result.diagnostics, dict(result.sources), output_format, 1) or EXIT_PROBLEMS)
    if kinds and not isinstance(result.model, kinds):
        names = " or ".join(k.__name__.lower() for k in kinds)
        raise click.UsageError(f"{path} is not a {names} spec")
    return result.model


def exit_refused(diagnostic: Diagnostic, output_format: str) -> NoReturn:
    """Stop with a refused output (a usage problem, exit 2), said as a diagnostic with its hint."""
    from svspec.diagnostics.render import render_json, render_text

    if output_format == "json":
        click.echo(render_json([diagnostic]), nl=False)
    else:
        click.echo(render_text([diagnostic], {}, color=False).rstrip("\n"), err=True)
    sys.exit(EXIT_USAGE)


def spec_inputs(spec: str) -> list[Path]:
    """The folders an output folder must never hold: the spec's own folder and its project folder."""
    from svspec.semantics.loader import project_root

    entry = Path(os.path.abspath(spec))
    return [entry.parent, project_root(entry)] if entry.exists() else [entry.parent]


def open_database(path: object, output_format: str = "text") -> Database:
    """The monitoring database at `path`; a file that cannot be opened is reported (exit 1)."""
    from pathlib import Path

    from svspec.delivery.store import Database, DatabaseError
    from svspec.diagnostics import make

    try:
        return Database(Path(str(path)))
    except DatabaseError as error:
        problem = make("monitor/bad-database", None, path=str(path), reason=str(error))
        sys.exit(print_diagnostics([problem], {}, output_format, 1) or EXIT_PROBLEMS)
