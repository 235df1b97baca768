"""`svspec explain CODE`"""

from __future__ import annotations

import click


@click.command()
@click.argument("code", required=False)
@click.option("--list", "list_all", is_flag=True, help="List every diagnostic code.")
def command(code: str | None, list_all: bool) -> None:
    """Explain a diagnostic code in full, e.g. `svspec explain weights-do-not-sum`."""
    from svspec.diagnostics.registry import REGISTRY
    from svspec.diagnostics.suggest import did_you_mean

    if list_all or code is None:
        for name, spec in sorted(REGISTRY.items()):
            click.echo(f"{name:32} {spec.severity.label:8} {spec.title}")
        return
    entry = REGISTRY.get(code)
    if entry is None:
        close = did_you_mean(code, REGISTRY)
        hint = f" (did you mean {' or '.join(close)}?)" if close else ""
        raise click.UsageError(f"there is no diagnostic code '{code}'{hint}; `svspec explain --list` lists them")
    click.echo(f"{code} ({entry.severity.label}): {entry.title}\n")
    click.echo(click.wrap_text(entry.explanation, width=88))
    click.echo(f"\nMessage: {entry.message}")
    if entry.hint:
        click.echo(f"Hint: {entry.hint}")
