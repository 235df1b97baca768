"""Run every benchmarks/bench_*.py and write one table to benchmarks/results.md.

Each benchmark is run in its own process with `--json`. A benchmark that prints a JSON list of
rows as its last line of output (objects with `benchmark`, `case`, `value`, `unit` and optionally
`target` and `ok`, as bench_check.py does) is tabulated; any other output is kept as it is,
under the benchmark's name. A failing benchmark is reported, and the others still run.

    python benchmarks/run_all.py              # run all, print and write benchmarks/results.md
    python benchmarks/run_all.py check score  # only bench_check.py and bench_score.py
"""

from __future__ import annotations

import datetime
import json
import os
import platform
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
RESULTS = HERE / "results.md"
TIMEOUT_S = 1_800


def benchmarks(only: list[str]) -> list[Path]:
    """The bench_*.py scripts of this folder, optionally only those named."""
    found = sorted(HERE.glob("bench_*.py"))
    if only:
        found = [p for p in found if p.stem.removeprefix("bench_") in only or p.stem in only]
    return found


def run_one(script: Path) -> tuple[list[dict[str, Any]] | None, str, float]:
    """Rows (None if the output is not rows), the raw output and the seconds it took."""
    start = time.perf_counter()
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(filter(None, [str(HERE.parent / "src"),
                                                                        os.environ.get("PYTHONPATH")]))}
    try:
        done = subprocess.run([sys.executable, str(script), "--json"], capture_output=True, text=True,
                              timeout=TIMEOUT_S, cwd=HERE.parent, env=env, check=False)
    except subprocess.TimeoutExpired:
        return None, f"timed out after {TIMEOUT_S} s", time.perf_counter() - start
    took = time.perf_counter() - start
    output = done.stdout.strip()
    if done.returncode != 0:
        return None, f"exit {done.returncode}\n{output}\n{done.stderr.strip()[-2000:]}", took
    last = output.splitlines()[-1] if output else ""
    try:
        rows = json.loads(last)
    except json.JSONDecodeError:
        return None, output, took
    if isinstance(rows, list) and all(isinstance(r, dict) and {"benchmark", "value"} <= set(r) for r in rows):
        return rows, output, took
    return None, output, took


def _value(row: dict[str, Any]) -> str:
    value = row.get("value")
    if isinstance(value, int | float):
        text = f"{value:.3f}" if abs(value) < 10 else f"{value:,.1f}"
    else:
        text = str(value)
    return f"{text} {row.get('unit', '')}".strip()


def _met(row: dict[str, Any]) -> str:
    ok = row.get("ok")
    return "" if ok is None else ("yes" if ok else "**no**")


def report(results: list[tuple[Path, list[dict[str, Any]] | None, str, float]]) -> str:
    """The Markdown report: one table of every row, then any output that was not rows."""
    lines = [
        "# Benchmark results",
        "",
        f"Written by `python benchmarks/run_all.py` on {datetime.date.today().isoformat()}, "
        f"Python {platform.python_version()}, {platform.system()} {platform.machine()}, "
        f"{os.cpu_count()} CPUs. Timings depend on the machine and on what else it is doing: "
        "compare runs on one machine, not across machines.",
        "",
        "| script | benchmark | case | result | target | met |",
        "|---|---|---|---|---|---|",
    ]
    other: list[str] = []
    for script, rows, output, _ in results:
        if rows is None:
            lines.append(f"| {script.name} | (see below) | | | | |")
            other += [f"## {script.name}", "", "```text", output, "```", ""]
            continue
        for row in rows:
            lines.append(f"| {script.name} | {row['benchmark']} | {row.get('case', '')} | {_value(row)} | "
                         f"{row.get('target', '')} | {_met(row)} |")
    lines.append("")
    lines.append("Time to run each script: " + ", ".join(f"{s.name} {t:.0f} s" for s, _, _, t in results) + ".")
    lines.append("")
    return "\n".join(lines + other)


def main(argv: list[str]) -> int:
    """Run the benchmarks, print the report and write it to benchmarks/results.md."""
    scripts = benchmarks(argv)
    if not scripts:
        print("no benchmarks found", file=sys.stderr)
        return 2
    results = []
    for script in scripts:
        print(f"running {script.name} ...", file=sys.stderr, flush=True)
        rows, output, took = run_one(script)
        results.append((script, rows, output, took))
    text = report(results)
    if not argv:
        RESULTS.write_text(text, encoding="utf-8", newline="\n")
    print(text)
    failed = any(rows is None and output.startswith(("exit", "timed out")) for _, rows, output, _ in results)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
