"""`svspec check PATH...`"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import TYPE_CHECKING

import click

from svspec.commands.common import FORMAT_OPTION, print_diagnostics
from svspec.diagnostics import Severity

if TYPE_CHECKING:
    from svspec.api import Result
    from svspec.programme import FrameworkView


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
@click.option("--programme", is_flag=True,
              help="Also report, per framework, which tenders use which edition, which measures no tender "
              "selects and where tenders' weights depart from the framework's (JSON: an object with "
              "`diagnostics` and `programme`).")
def command(paths: tuple[Path, ...], output_format: str, programme: bool) -> None:
    """Check specs (files, or folders of .svspec files) and report every problem.

    When a framework is checked together with tenders that use it, measures none of them
    selects are reported as warnings (unused-measure), and a tender using an older edition of a
    framework than one checked with it is warned about (superseded-edition).
    """
    from svspec.api import check, check_programme

    files = spec_files(paths)
    if not files:
        raise click.UsageError("no .svspec files found in the given folders")
    if not programme:
        results = check(files, project_warnings=True)
        sources: dict[str, str] = {}
        for r in results:
            sources.update(r.sources)
        sys.exit(print_diagnostics([d for r in results for d in r.diagnostics], sources, output_format, len(files)))
    sys.exit(_with_programme(check_programme(files), output_format, len(files)))


def _with_programme(checked: tuple[list[Result], tuple[FrameworkView, ...]], output_format: str, files: int) -> int:
    """Diagnostics then the programme view; in JSON one object holding both."""
    from svspec import programme
    from svspec.diagnostics.render import summary_line, to_json_object
    from svspec.semantics.compile import sort_diagnostics

    results, views = checked
    if output_format != "json":
        sources: dict[str, str] = {}
        for r in results:
            sources.update(r.sources)
        code = print_diagnostics([d for r in results for d in r.diagnostics], sources, output_format, files)
        click.echo(programme.render_text(views), nl=False)
        return code
    ordered = sort_diagnostics([d for r in results for d in r.diagnostics])
    click.echo(json.dumps({"diagnostics": [to_json_object(d) for d in ordered], "programme": programme.to_json(views)},
                          indent=2, ensure_ascii=False))
    click.echo(summary_line(ordered, files), err=True)
    return 1 if any(d.severity is Severity.ERROR for d in ordered) else 0
