"""`svspec test PATH... [--format text|json]`: run the executable examples kept beside a spec."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from svspec.commands.common import EXIT_OK, EXIT_PROBLEMS, colour

if TYPE_CHECKING:
    from svspec.diagnostics import Diagnostic
    from svspec.spectest.run import Outcome


@click.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("--format", "output_format", type=click.Choice(["text", "json"]), default="text", show_default=True,
              help="text for people; json for tools (every case with its status and failures).")
def command(paths: tuple[Path, ...], output_format: str) -> None:
    """Run the test cases in PATH: a test file (NAME.svtest.yaml) or every test file under a folder.

    Each case scores its bids (files, or written inline) with its marks and compares the result with
    what it expects: winner, ranks, totals, points, scores, excluded bidders and social value in £.
    Without a tolerance, the figure svspec shows (2 decimal places, halves away from zero) must equal
    the expected one; with `tolerance`, the exact value may differ by at most that much. A failure
    shows the expected and actual figures and how the actual one was reached. Ends with the line
    `N passed, M failed`. Exit status: 0 every case passed, 1 a case failed or a test file has
    mistakes, 2 no test files found.
    """
    from svspec.semantics.compile import sort_diagnostics
    from svspec.spectest.cases import SUFFIXES, discover
    from svspec.spectest.run import Session, run_file

    files: list[Path] = []
    for path in paths:
        if not path.exists():
            raise click.UsageError(f"{path} does not exist")
        found = discover(path)
        if not found:
            raise click.UsageError(f"no test files ({', '.join('*' + s for s in SUFFIXES)}) under {path}")
        files += found
    session = Session()
    outcomes: list[Outcome] = []
    problems: list[Diagnostic] = []
    for file in dict.fromkeys(files):
        ran, found_problems = run_file(file, session)
        outcomes += ran
        problems += found_problems
    problems = sort_diagnostics(problems)
    passed = sum(o.status == "pass" for o in outcomes)
    failed = len(outcomes) - passed
    if output_format == "json":
        click.echo(_json(outcomes, problems, passed, failed), nl=False)
    else:
        click.echo(_text(outcomes, problems, session.sources, passed, failed), nl=False)
    broken = any(d.severity.name == "ERROR" for d in problems)
    sys.exit(EXIT_PROBLEMS if failed or broken else EXIT_OK)


def _text(outcomes: list[Outcome], problems: list[Diagnostic], sources: dict[str, str], passed: int,
          failed: int) -> str:
    from svspec.diagnostics.render import render_text
    from svspec.plaintext import visible
    from svspec.semantics.compile import sort_diagnostics

    lines: list[str] = []
    if problems:
        lines.append(render_text(problems, sources, color=colour()))
    labels = {"pass": "PASS ", "fail": "FAIL ", "error": "ERROR"}
    for o in outcomes:
        lines.append(f"{labels[o.status]} {o.file}: {visible(o.name)}")
        if o.failures and o.why:
            lines.append(f"      why: {visible(' '.join(o.why.split()))}")
        for f in o.failures:
            where = f" ({f.span.file}:{f.span.line})" if f.span else ""
            lines.append(f"      {visible(f.what)}{where}")
            lines.append(f"        expected: {visible(f.expected)}")
            lines.append(f"        actual:   {visible(f.actual)}")
            if f.explanation:
                lines.append("        how svspec reached it:")
                explanation = f.explanation.rstrip("\n").split("\n")
                lines += [f"          {visible(line)}" if line else "" for line in explanation]
        if o.note is not None:
            lines.append(f"      {o.note}")
        elif o.status == "error":
            lines.append("      the case could not run:")
            rendered = render_text(sort_diagnostics(list(o.diagnostics)), sources, color=colour())
            lines += [f"      {text}" if text else "" for text in rendered.rstrip().split("\n")]
    lines.append(f"{passed} passed, {failed} failed")
    return "\n".join(lines) + "\n"


def _json(outcomes: list[Outcome], problems: list[Diagnostic], passed: int, failed: int) -> str:
    from svspec.diagnostics.render import to_json_object

    cases: list[dict[str, Any]] = [{
        "file": o.file,
        "name": o.name,
        "status": o.status,
        "why": o.why,
        "note": o.note,
        "failures": [{"what": f.what, "expected": f.expected, "actual": f.actual, "explanation": f.explanation,
                      "file": f.span.file if f.span else None, "line": f.span.line if f.span else None}
                     for f in o.failures],
        "diagnostics": [to_json_object(d) for d in o.diagnostics],
    } for o in outcomes]
    data = {"passed": passed, "failed": failed, "cases": cases,
            "diagnostics": [to_json_object(d) for d in problems]}
    return json.dumps(data, indent=2, ensure_ascii=False) + "\n"
