"""What every benchmark script shares: the row it measures and how it prints rows.

A script prints a Markdown table for people, or with `--json` a JSON list of rows as its last
line, which `run_all.py` collects into results.md.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass


@dataclass(frozen=True, slots=True)
class Row:
    """One measured figure."""

    benchmark: str
    case: str
    value: float
    unit: str
    target: str = ""
    ok: bool | None = None


def figure(value: float) -> str:
    """A figure for the table: three decimals when small, thousands separators when large."""
    if value >= 1000:
        return f"{value:,.1f}"
    if value >= 10:
        return f"{value:.1f}"
    return f"{value:.3f}"


def table(rows: list[Row]) -> str:
    """The rows as a Markdown table."""
    lines = ["| benchmark | case | result | target | met |", "|---|---|---|---|---|"]
    for r in rows:
        met = "" if r.ok is None else ("yes" if r.ok else "**no**")
        lines.append(f"| {r.benchmark} | {r.case} | {figure(r.value)} {r.unit} | {r.target} | {met} |")
    return "\n".join(lines)


def report(rows: list[Row], argv: list[str]) -> None:
    """Print the rows: JSON with `--json` (for run_all.py), else a table."""
    print(json.dumps([asdict(r) for r in rows]) if "--json" in argv else table(rows))
