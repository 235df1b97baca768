"""`svspec diff OLD NEW [--rev OLD..NEW] [--bids FILE...] [--marks FILE] [--format text|json|md] [--fail-on ...]`"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path
from typing import TYPE_CHECKING

import click

from svspec.commands.common import EXIT_OK, EXIT_PROBLEMS, print_diagnostics

if TYPE_CHECKING:
    from svspec.diff_report import Report


@click.command()
@click.argument("old", type=str)
@click.argument("new", type=str, required=False)
@click.option("--rev", "revs", metavar="OLD..NEW",
              help="Compare the spec OLD at two git revisions (an empty NEW means the working copy).")
@click.option("--bids", "bids", multiple=True, type=click.Path(path_type=Path),
              help="Example bids to score under both versions of a tender (repeatable).")
@click.option("--marks", "marks", type=click.Path(path_type=Path), help="Evaluators' marks for --bids (YAML).")
@click.option("--tests", "tests", multiple=True, type=click.Path(path_type=Path, exists=True),
              help="`svspec test` files or folders: score each case of the tender under both versions "
              "(repeatable).")
@click.option("--format", "output_format", type=click.Choice(["text", "json", "md"]), default="text",
              show_default=True, help="text for people, json for tools, md for a Markdown changelog.")
@click.option("--fail-on", "fail_on", type=click.Choice(["breaking", "scoring"]),
              help="Exit 1 when there is a change of this class (scoring includes breaking), for CI.")
def command(old: str, new: str | None, revs: str | None, bids: tuple[Path, ...], marks: Path | None,
            tests: tuple[Path, ...], output_format: str, fail_on: str | None) -> None:
    """Show what changed between two versions of a spec, classed as breaking, scoring or wording.

    OLD and NEW are two spec files, two folders (files paired by their path inside them), or one
    file at a git revision (`spec.svspec@HEAD~1 spec.svspec`, or `spec.svspec --rev HEAD~1..`).
    Breaking: a bid valid under the old version is invalid under the new one. Scoring: weights,
    rules, values, adjustments or policy changed; with --bids, each bidder's total and rank under
    both versions; with --tests, the same for each `svspec test` case of the tender, noting a case
    whose expectations the new version no longer meets. Wording: titles, guidance and prose only.
    Exit 0; 1 when a spec has errors, or with --fail-on when a change of that class (or worse) is
    found; 2 for usage errors.
    """
    from svspec.diff_report import to_json, to_markdown, to_text

    if marks is not None and not bids:
        raise click.UsageError("--marks needs --bids")
    with tempfile.TemporaryDirectory(prefix="svspec-diff-") as tmp:
        old_path, new_path, old_name, new_name = _sides(old, new, revs, Path(tmp))
        named = [Path(_split_rev(old)[0]), *([Path(_split_rev(new)[0])] if new else [])]
        report = _report(old_path, new_path, old_name, new_name, bids, marks, output_format, tests, named)
    text = {"json": to_json, "md": to_markdown}.get(output_format, to_text)(report)
    click.echo(text, nl=False)
    if fail_on is not None and report.fails_on("breaking" if fail_on == "breaking" else "scoring"):
        sys.exit(EXIT_PROBLEMS)
    sys.exit(EXIT_OK)


def spec_at(argument: str, tmp: Path) -> Path:
    """A spec path as typed, or `spec.svspec@REV` written under `tmp` with its imports (`svspec docs --previous`)."""
    from svspec.gitrev import GitError, materialise

    path, rev = _split_rev(argument)
    if rev is None:
        return Path(path)
    try:
        return materialise(Path(path), rev, tmp)
    except GitError as error:
        raise click.UsageError(str(error)) from error


def _split_rev(argument: str) -> tuple[str, str | None]:
    """`spec.svspec@HEAD~1` → (spec.svspec, HEAD~1); a path that exists as written is a path."""
    if Path(argument).exists() or "@" not in argument:
        return argument, None
    path, _, rev = argument.rpartition("@")
    return path, rev


def _sides(old: str, new: str | None, revs: str | None, tmp: Path) -> tuple[Path, Path, str, str]:
    """The two specs as paths on disk (revisions written under `tmp`) and how to name them."""
    from svspec.gitrev import GitError, materialise

    if revs is not None:
        if new is not None:
            raise click.UsageError("with --rev, give one spec: svspec diff SPEC --rev OLD..NEW")
        if ".." not in revs:
            raise click.UsageError("--rev takes OLD..NEW (NEW may be empty for the working copy)")
        a, _, b = revs.partition("..")
        sides = [(old, a), (old, b or None)]
    else:
        if new is None:
            raise click.UsageError("give two specs (OLD NEW), or one with --rev OLD..NEW")
        sides = [_split_rev(old), _split_rev(new)]
    out: list[tuple[Path, str]] = []
    for i, (path, rev) in enumerate(sides):
        if rev is None:
            if not Path(path).exists():
                raise click.UsageError(f"{path} does not exist")
            out.append((Path(path), path))
            continue
        try:
            out.append((materialise(Path(path), rev, tmp / f"side{i}"), f"{path}@{rev}"))
        except GitError as error:
            raise click.UsageError(str(error)) from error
    (a_path, a_name), (b_path, b_name) = out
    if a_path.is_dir() != b_path.is_dir():
        raise click.UsageError("compare two files or two folders, not a file with a folder")
    return a_path, b_path, a_name, b_name


def _spec_files(folder: Path) -> dict[str, Path]:
    return {p.relative_to(folder).as_posix(): p for p in sorted(folder.rglob("*.svspec"))
            if ".venv" not in p.parts and p.is_file()}


def _report(old: Path, new: Path, old_name: str, new_name: str, bids: tuple[Path, ...], marks: Path | None,
            output_format: str, tests: tuple[Path, ...] = (), named: list[Path] | None = None) -> Report:
    """Compile both sides, pair the specs and compare each pair (exits 1 when a spec has errors)."""
    from svspec import model as m
    from svspec.api import check
    from svspec.diff import NotComparable, compare
    from svspec.diff_effect import Effect, bids_for, effect_of_bids, effect_of_tests
    from svspec.diff_report import Pair, Report

    if old.is_dir():
        a, b = _spec_files(old), _spec_files(new)
        names = [n for n in a if n in b]
        paths = [(a[n], b[n], f"{old_name.rstrip('/')}/{n}", f"{new_name.rstrip('/')}/{n}") for n in names]
        only_old, only_new = tuple(n for n in a if n not in b), tuple(n for n in b if n not in a)
    else:
        paths, only_old, only_new = [(old, new, old_name, new_name)], (), ()
    results = check([p for pair in paths for p in pair[:2]])
    if not all(r.ok and r.model is not None for r in results):
        sources: dict[str, str] = {}
        for r in results:
            sources.update(r.sources)
        diag_format = "json" if output_format == "json" else "text"
        sys.exit(print_diagnostics([d for r in results for d in r.diagnostics], sources, diag_format, len(results))
                 or EXIT_PROBLEMS)
    pairs = []
    for i, (a_path, b_path, a_name, b_name) in enumerate(paths):
        before, after = results[2 * i].model, results[2 * i + 1].model
        assert before is not None and after is not None
        try:
            comparison = compare(before, after)
        except NotComparable as error:
            raise click.UsageError(f"{a_name} and {b_name}: {error}") from error
        effect = None
        if bids and isinstance(before, m.Tender) and isinstance(after, m.Tender):
            # Comparing folders, each bid is scored with the tender it names.
            mine = bids_for(before, list(bids)) if old.is_dir() else list(bids)
            if mine:
                effect, _problems = effect_of_bids(before, after, mine, marks if mine else None)
        elif bids and not old.is_dir():
            raise click.UsageError("--bids needs two versions of a tender")
        if tests and isinstance(before, m.Tender) and isinstance(after, m.Tender):
            cases = effect_of_tests([a_path, b_path, *(named or [] if not old.is_dir() else [])], before, after, tests)
            effect = cases if effect is None else Effect(bids=effect.bids + cases.bids)
        elif tests and not old.is_dir():
            raise click.UsageError("--tests needs two versions of a tender")
        pairs.append(Pair(old_file=a_name, new_file=b_name, comparison=comparison, effect=effect))
    return Report(pairs=tuple(pairs), only_old=only_old, only_new=only_new)
