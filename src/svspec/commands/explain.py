"""`svspec explain CODE`: the documented page of a diagnostic code, as terminal text."""

from __future__ import annotations

import re
from pathlib import Path

import click

PACKAGED_DOCS = Path(__file__).resolve().parents[1] / "_docs"
"""Where a built wheel keeps the generated diagnostic pages (pyproject.toml force-includes them)."""

_LINK = re.compile(r"\[([^\]]+)\]\([^)]+\)")
_STRONG = re.compile(r"\*\*([^*]+)\*\*")
_TICKS = re.compile(r"`([^`]+)`")


def documented_page(code: str) -> str:
    """The Markdown page of `code`, exactly as docs/diagnostics/ publishes it.

    An installed wheel carries the pages; a source checkout has them in docs/. Failing both (a
    code added since the pages were generated) the page is generated now, without its example.
    """
    from svspec import docsgen
    from svspec.diagnostics.registry import REGISTRY

    for root in (PACKAGED_DOCS, docsgen.DOCS):
        path = root / docsgen.page_path(code)
        if path.is_file():
            return path.read_text(encoding="utf-8")
    return docsgen.diagnostic_page(code, REGISTRY[code])


def terminal_text(markdown: str, width: int = 88) -> str:
    """A generated page as plain terminal text: headings underlined, code indented, prose wrapped."""
    from svspec.plaintext import visible

    out: list[str] = []
    in_code = False
    for raw in markdown.splitlines():
        line = visible(raw)
        if line.startswith("<!--"):
            continue
        if line == "## See also":
            break
        if line.startswith("```"):
            in_code = not in_code
            continue
        if in_code:
            out.append("    " + line)
        elif line.startswith("#"):
            title = line.lstrip("#").strip()
            out.append(title)
            out.append(("=" if line.startswith("# ") else "-") * len(title))
        elif line:
            prose = _TICKS.sub(r"\1", _STRONG.sub(r"\1", _LINK.sub(r"\1", line)))
            out.append(click.wrap_text(prose, width=width, preserve_paragraphs=False))
        else:
            out.append("")
    return "\n".join(out).strip("\n") + "\n"


@click.command()
@click.argument("code", required=False)
@click.option("--list", "list_all", is_flag=True, help="List every diagnostic code.")
def command(code: str | None, list_all: bool) -> None:
    """Print the documented page of a diagnostic code, e.g. `svspec explain weights-do-not-sum`."""
    from svspec.diagnostics.registry import REGISTRY
    from svspec.diagnostics.suggest import did_you_mean

    if list_all or code is None:
        for name, spec in sorted(REGISTRY.items()):
            click.echo(f"{name:32} {spec.severity.label:8} {spec.title}")
        return
    if code not in REGISTRY:
        close = did_you_mean(code, REGISTRY)
        hint = f" (did you mean {' or '.join(close)}?)" if close else ""
        raise click.UsageError(f"there is no diagnostic code '{code}'{hint}; `svspec explain --list` lists them")
    click.echo(terminal_text(documented_page(code)), nl=False)
