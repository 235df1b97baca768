"""Benchmark `svspec build` of tenders selecting 500, 2,000 and 10,000 measures.

Each project (`generate.py --big-tender`) has a framework of N scored measures and a tender
selecting all of them, so every output grows with N: the bid schema, the three templates (the
spreadsheet has one row per measure), the scoring model, and the guidance site with a worked
example per measure. Measures, for each size, the CPU time of compiling the spec and building
every output in process (best of two, after a warm-up), then `svspec build` of 2,000 measures end
to end in a fresh process (its CPU time, from `resource.getrusage(RUSAGE_CHILDREN)`), and the
growth exponent: the slope of log(CPU) against log(N), which is 1 for linear growth and 2 for
quadratic. Before issue 8 (item 16) 2,000 measures took 102 s: the scoring plan was rebuilt for
every worked example, openpyxl's `max_row` was read after every row, and the site made the
templates a second time.

Targets: 2,000 measures built in under 4 s CPU; growth exponent from 500 to 10,000 at most 1.1.

    python benchmarks/bench_build.py            # a table for people
    python benchmarks/bench_build.py --json     # the rows as JSON (what run_all.py reads)
    python benchmarks/bench_build.py 500 2000   # only these sizes

This is not a test: timings depend on the machine and on what else it is doing.
"""

from __future__ import annotations

import itertools
import math
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import generate  # noqa: E402  (a sibling script, not a package)
from common import Row, report  # noqa: E402  (a sibling script, not a package)

import svspec  # noqa: E402
from svspec.emit.build import build  # noqa: E402

SIZES = (500, 2_000, 10_000)
TARGET_2000_CPU_S = 4.0
TARGET_EXPONENT = 1.1


def _svspec_command() -> list[str]:
    """The `svspec` script beside this Python, or `python -m svspec.cli` when there is none."""
    script = Path(sys.executable).with_name("svspec")
    if script.exists():
        return [str(script)]
    found = shutil.which("svspec")
    return [found] if found else [sys.executable, "-m", "svspec.cli"]


def _compile_and_build(tender: Path, out: Path) -> None:
    result = svspec.load(tender)
    if not result.ok or result.model is None:
        raise SystemExit(f"{tender} does not compile: {[d.message for d in result.errors][:3]}")
    build(result.model, out)


def _best_cpu(runs: int, tender: Path, out: Path) -> float:
    """The best CPU seconds of `runs` compiles and builds of `tender`."""
    times = []
    for _ in range(runs):
        start = time.process_time()
        _compile_and_build(tender, out)
        times.append(time.process_time() - start)
    return min(times)


def _cli_cpu(tender: Path, out: Path) -> float:
    """CPU seconds (user + system) of one `svspec build` process."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    done = subprocess.run([*_svspec_command(), "build", str(tender), "--out", str(out)], capture_output=True,
                          text=True, check=False)
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if done.returncode != 0:
        raise SystemExit(f"svspec build failed:\n{done.stdout[-2000:]}\n{done.stderr[-2000:]}")
    return (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def exponent(small: tuple[int, float], large: tuple[int, float]) -> float:
    """The growth exponent k in time ∝ N^k between two (N, seconds) points."""
    return math.log(large[1] / small[1]) / math.log(large[0] / small[0])


def measure(sizes: tuple[int, ...], folder: Path) -> list[Row]:
    rows: list[Row] = []
    tenders = {n: generate.write_big_tender_project(folder / f"big-tender-{n}", n) for n in sizes}
    _compile_and_build(tenders[sizes[0]], folder / "warm-up")  # imports, grammar, templates
    cpu: dict[int, float] = {}
    for n in sizes:
        cpu[n] = _best_cpu(2, tenders[n], folder / f"out-{n}")
        target = f"< {TARGET_2000_CPU_S:g} s" if n == 2_000 else ""
        rows.append(Row("build (in-process, CPU)", f"tender selecting {n:,} measures", round(cpu[n], 3), "s",
                        target, cpu[n] < TARGET_2000_CPU_S if n == 2_000 else None))
    if 2_000 in tenders:
        took = _cli_cpu(tenders[2_000], folder / "out-cli")
        rows.append(Row("svspec build (CLI, CPU)", "tender selecting 2,000 measures", round(took, 3), "s",
                        f"< {TARGET_2000_CPU_S:g} s", took < TARGET_2000_CPU_S))
    ordered = sorted(cpu.items())
    for small, large in itertools.pairwise(ordered):
        rows.append(Row("build growth exponent", f"{small[0]:,} → {large[0]:,} measures",
                        round(exponent(small, large), 3), "", "", None))
    if len(ordered) > 2:
        whole = exponent(ordered[0], ordered[-1])
        rows.append(Row("build growth exponent", f"{ordered[0][0]:,} → {ordered[-1][0]:,} measures",
                        round(whole, 3), "", f"≤ {TARGET_EXPONENT:g} (1 is linear)", whole <= TARGET_EXPONENT))
    return rows


def main(argv: list[str]) -> int:
    sizes = tuple(sorted(int(a.replace(",", "")) for a in argv if a.replace(",", "").isdigit())) or SIZES
    with tempfile.TemporaryDirectory(prefix="svspec-bench-build-") as folder:
        rows = measure(sizes, Path(folder))
    report(rows, argv)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
