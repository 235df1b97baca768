"""`svspec new NAME [--dir DIR]`: scaffold a framework, a tender and an example bid."""

from __future__ import annotations

from pathlib import Path

import click


def _bundled_names() -> list[str]:
    from svspec import bundled

    return list(bundled.names())


@click.command()
@click.argument("name")
@click.option("--from", "source", type=click.Choice(_bundled_names()), default=None,
              help="Start from a framework bundled with svspec: ppn-06-20 (the Social Value Model, PPN 06/20) "
                   "or ppn-002 (PPN 002). Its copy keeps the Open Government Licence attribution.")
@click.option("--dir", "parent", type=click.Path(file_okay=False, path_type=Path), default=Path("."),
              show_default=True, help="Folder in which to create the NAME folder.")
def command(name: str, parent: Path, source: str | None) -> None:
    """Create the folder NAME with a small framework, a value set, a tender that uses them, an
    example bid, evaluators' marks and a test of the tender (tests/example.svtest.yaml), all
    commented for a first-time user. NAME becomes the framework's name: letters, digits, '-', '_'
    and '.', starting with a letter. With --from, the framework is your own copy of a bundled
    one (and there is no value set)."""
    from svspec.scaffold import is_valid_name, scaffold

    if not is_valid_name(name):
        raise click.BadParameter(
            "use letters, digits, '-', '_' and '.', starting with a letter (for example lambeth-2026)",
            param_hint="NAME")
    folder = parent / name
    if folder.exists():
        raise click.UsageError(f"{folder} already exists; choose another name or remove it first")
    try:
        written = scaffold(name, folder, source)
    except OSError as error:
        raise click.UsageError(f"could not create {folder}: {error.strerror or error}") from None
    for path in written:
        click.echo(f"created {path}")
    click.echo(f"\nNext steps:\n"
               f"  svspec check {folder}      check the specs (after every change)\n"
               f"  svspec fmt {folder}        tidy their layout\n"
               f"  svspec validate {folder / 'tender.svspec'} {folder / 'bids' / 'example-bid.yaml'}\n"
               f"  svspec score {folder / 'tender.svspec'} {folder / 'bids' / 'example-bid.yaml'} "
               f"--marks {folder / 'marks' / 'example-marks.yaml'}\n"
               f"  svspec test {folder}       run the tests of the tender")
