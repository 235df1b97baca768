"""Benchmark `svspec check` on generated frameworks of 100, 1,000 and 10,000 measures.

Measures, for each size: the in-process `svspec.check` time after a warm-up (wall clock and CPU,
best of several runs), the command line end to end (a fresh `svspec check` process), peak memory
of a process checking the spec (its maxrss, via `resource.getrusage(RUSAGE_CHILDREN)` in a fresh
parent so that no other child counts) and the peak of Python allocations (`tracemalloc`). Also the
cold start of `svspec --version`.

Targets: 1,000 measures checked in under 0.3 s; time growing linearly with size; 10,000 measures
in under 200 MB; `svspec --version` in under 0.3 s.

    python benchmarks/bench_check.py           # a table for people
    python benchmarks/bench_check.py --json    # the rows as JSON (what run_all.py reads)

This is not a test: timings depend on the machine and on what else it is doing.
"""

from __future__ import annotations

import gc
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time
import tracemalloc
from collections.abc import Callable
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import generate  # noqa: E402  (a sibling script, not a package)
from common import Row, report  # noqa: E402  (a sibling script, not a package)

SIZES = (100, 1_000, 10_000)
TARGET_CHECK_1000_S = 0.3
TARGET_MEMORY_10000_MB = 200.0
TARGET_VERSION_S = 0.3
LINEAR_TOLERANCE = 1.5  # time per measure at 10,000 may be at most 1.5× that at 1,000


def _svspec_command() -> list[str]:
    """The `svspec` script beside this Python, or `python -m svspec.cli` when there is none."""
    script = Path(sys.executable).with_name("svspec")
    if script.exists():
        return [str(script)]
    found = shutil.which("svspec")
    return [found] if found else [sys.executable, "-m", "svspec.cli"]


def _best(runs: int, action: Callable[[], object]) -> tuple[float, float]:
    """Best wall-clock and best CPU seconds of `runs` calls to `action`."""
    walls: list[float] = []
    cpus: list[float] = []
    for _ in range(runs):
        wall, cpu = time.perf_counter(), time.process_time()
        action()
        cpus.append(time.process_time() - cpu)
        walls.append(time.perf_counter() - wall)
    return min(walls), min(cpus)


def in_process(projects: dict[int, Path]) -> list[Row]:
    """`svspec.check` on framework and tender together, after a warm-up run."""
    import svspec

    rows: list[Row] = []
    per_measure: dict[int, float] = {}
    for size, folder in projects.items():
        paths = [folder / "framework.svspec", folder / "tender.svspec"]
        results = svspec.check(paths, project_warnings=True)  # warm-up: grammar, imports, caches
        if not all(r.ok for r in results):
            raise SystemExit(f"the generated {size}-measure project has errors: "
                             f"{[d.message for r in results for d in r.errors][:5]}")
        runs = 5 if size <= 1_000 else 2
        wall, cpu = _best(runs, lambda paths=paths: svspec.check(paths, project_warnings=True))
        per_measure[size] = cpu / size
        target = f"< {TARGET_CHECK_1000_S} s" if size == 1_000 else ""
        rows.append(Row("check (in-process, wall)", f"{size:,} measures", wall, "s", target,
                        wall < TARGET_CHECK_1000_S if size == 1_000 else None))
        rows.append(Row("check (in-process, CPU)", f"{size:,} measures", cpu, "s", target,
                        cpu < TARGET_CHECK_1000_S if size == 1_000 else None))
    if 1_000 in per_measure and 10_000 in per_measure:
        ratio = per_measure[10_000] / per_measure[1_000]
        rows.append(Row("check growth", "CPU per measure, 10,000 ÷ 1,000", ratio, "×",
                        f"≤ {LINEAR_TOLERANCE} (linear)", ratio <= LINEAR_TOLERANCE))
    return rows


def command_line(projects: dict[int, Path]) -> list[Row]:
    """A fresh `svspec check FOLDER` process, end to end (start-up, check, report)."""
    rows: list[Row] = []
    command = _svspec_command()
    for size, folder in projects.items():
        runs = 3 if size <= 1_000 else 1
        walls = []
        for _ in range(runs):
            start = time.perf_counter()
            done = subprocess.run([*command, "check", str(folder)], stdout=subprocess.DEVNULL,
                                  stderr=subprocess.DEVNULL, check=False)
            walls.append(time.perf_counter() - start)
            if done.returncode not in (0, 1):
                raise SystemExit(f"svspec check failed on {folder} (exit {done.returncode})")
        rows.append(Row("svspec check FOLDER (CLI)", f"{size:,} measures", min(walls), "s"))
    return rows


def _maxrss_child(paths: list[str]) -> int:
    """Run one check in a child process; print the child's peak resident memory in bytes."""
    code = "import sys, svspec; svspec.check(sys.argv[1:], project_warnings=True)"
    subprocess.run([sys.executable, "-c", code, *paths], check=True)
    peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    return peak if sys.platform == "darwin" else peak * 1024  # Linux reports kilobytes


def memory(projects: dict[int, Path]) -> list[Row]:
    """Peak resident memory (a fresh process per size) and the tracemalloc peak (in process)."""
    import svspec

    rows: list[Row] = []
    for size, folder in projects.items():
        paths = [str(folder / "framework.svspec"), str(folder / "tender.svspec")]
        # A fresh parent, so that RUSAGE_CHILDREN sees this one check and nothing else.
        out = subprocess.run([sys.executable, __file__, "--maxrss-child", *paths], check=True,
                             capture_output=True, text=True)
        mb = int(out.stdout.strip()) / 1_000_000
        big = size == 10_000
        target = f"< {TARGET_MEMORY_10000_MB:.0f} MB" if big else ""
        rows.append(Row("peak memory (maxrss of a process)", f"{size:,} measures", mb, "MB", target,
                        mb < TARGET_MEMORY_10000_MB if big else None))
    for size in (1_000, 10_000):
        if size not in projects:
            continue
        paths = [projects[size] / "framework.svspec", projects[size] / "tender.svspec"]
        gc.collect()
        tracemalloc.start()
        svspec.check(paths, project_warnings=True)
        _, peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
        rows.append(Row("peak Python allocations (tracemalloc)", f"{size:,} measures", peak / 1_000_000, "MB"))
    return rows


def cold_start() -> list[Row]:
    """`svspec --version` in a fresh process: what a user waits for before anything happens."""
    command = _svspec_command()
    walls = []
    for _ in range(7):
        start = time.perf_counter()
        subprocess.run([*command, "--version"], check=True, stdout=subprocess.DEVNULL)
        walls.append(time.perf_counter() - start)
    best = min(walls)
    walls_python = []
    for _ in range(7):
        start = time.perf_counter()
        subprocess.run([sys.executable, "-c", "pass"], check=True)
        walls_python.append(time.perf_counter() - start)
    return [
        Row("svspec --version (cold start)", "best of 7", best, "s", f"< {TARGET_VERSION_S} s",
            best < TARGET_VERSION_S),
        Row("python -c pass (for comparison)", "best of 7", min(walls_python), "s"),
    ]


def run(sizes: tuple[int, ...] = SIZES) -> list[Row]:
    """Every measurement, on projects generated into a temporary folder."""
    with tempfile.TemporaryDirectory(prefix="svspec-bench-") as tmp:
        projects = {size: generate.write_project(Path(tmp) / f"measures-{size}", size).parent for size in sizes}
        rows = cold_start()
        rows += in_process(projects)
        rows += command_line(projects)
        rows += memory(projects)
    return rows


def main(argv: list[str]) -> int:
    """Run the benchmark; `--json` prints the rows as JSON for run_all.py."""
    if argv[:1] == ["--maxrss-child"]:
        print(_maxrss_child(argv[1:]))
        return 0
    sizes = tuple(int(a) for a in argv if a.isdigit()) or SIZES
    rows = run(sizes)
    report(rows, argv)
    return 0


if __name__ == "__main__":
    os.environ.setdefault("PYTHONHASHSEED", "0")
    sys.exit(main(sys.argv[1:]))
