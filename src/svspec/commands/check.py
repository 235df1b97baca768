"""`svspec check PATH...`"""

from __future__ import annotations

import sys
from pathlib import Path

import click

from svspec.commands.common import FORMAT_OPTION, print_diagnostics


def spec_files(paths: tuple[Path, ...]) -> list[Path]:
    """Files as given, and every .svspec file under the given folders (sorted)."""
    files: list[Path] = []
    for path in paths:
        if path.is_dir():
            files.extend(sorted(p for p in path.rglob("*.svspec") if ".venv" not in p.parts))
        else:
            files.append(path)
    return files


@click.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=Path))
@FORMAT_OPTION
def command(paths: tuple[Path, ...], output_format: str) -> None:
    """Check specs (files, or folders of .svspec files) and report every problem.

    When a framework is checked together with tenders that use it, measures none of them
    selects are reported as warnings (unused-measure).
    """
    from svspec.api import check

    files = spec_files(paths)
    if not files:
        raise click.UsageError("no .svspec files found in the given folders")
    results = check(files, project_warnings=True)
    sources: dict[str, str] = {}
    for r in results:
        sources.update(r.sources)
    sys.exit(print_diagnostics([d for r in results for d in r.diagnostics], sources, output_format, len(files)))
