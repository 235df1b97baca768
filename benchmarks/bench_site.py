"""Benchmark the guidance site on generated frameworks of 100 and 1,000 measures.

For each size: the number of pages, the time to generate the MkDocs project in process
(`svspec.emit.site.generate`, best of several runs after a warm-up; excludes compiling the spec),
and the time of `mkdocs build --strict` on the result in a fresh process (best of two). Also the
tender site of the 1,000-measure project (it selects six measures, so it is small).

Page granularity is one page per theme and per outcome, with measures as sections, so a
1,000-measure framework (10 themes × 10 outcomes) makes about 115 pages, not 1,000: Material
builds 200 small pages in about 2 s but 1,000 in about 23 s.

Targets: generating 1,000 measures in under 2 s; `mkdocs build` of that site in under 10 s.

    python benchmarks/bench_site.py           # a table for people
    python benchmarks/bench_site.py --json    # the rows as JSON (what run_all.py reads)

This is not a test: timings depend on the machine and on what else it is doing.
"""

from __future__ import annotations

import os
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
from svspec.emit.site import generate as generate_site  # noqa: E402

SIZES = (100, 1_000)
TARGET_GENERATE_1000_S = 2.0
TARGET_MKDOCS_1000_S = 10.0


def _best(runs: int, action: object) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        action()  # type: ignore[operator]
        times.append(time.perf_counter() - start)
    return min(times)


def _mkdocs(project: Path) -> float:
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    start = time.perf_counter()
    done = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "-q", "-f",
                           str(project / "mkdocs.yml")], capture_output=True, text=True, env=env, check=False)
    took = time.perf_counter() - start
    if done.returncode != 0:
        raise SystemExit(f"mkdocs build failed for {project}:\n{done.stderr[-3000:]}")
    return took


def measure_size(folder: Path, size: int) -> list[Row]:
    framework_path = generate.write_project(folder / f"measures-{size}", size)
    results = svspec.check([framework_path, framework_path.parent / "tender.svspec"])
    rows: list[Row] = []
    for label, result in (("framework", results[0]), ("tender", results[1])):
        if label == "tender" and size != max(SIZES):
            continue
        assert result.ok and result.model is not None, [d.message for d in result.errors]
        model = result.model
        project = folder / f"site-{label}-{size}"
        generate_site(model, project)  # warm-up: templates compiled, imports done
        took = _best(3, lambda model=model, project=project: generate_site(model, project))
        pages = len(list((project / "docs").rglob("*.md")))
        build = min(_mkdocs(project) for _ in range(2))
        case = f"{label}, {size:,} measures"
        big = label == "framework" and size == max(SIZES)
        rows.append(Row("site", f"{case}: pages", pages, "pages"))
        rows.append(Row("site", f"{case}: generate", round(took, 3), "s",
                        f"< {TARGET_GENERATE_1000_S} s" if big else "", took < TARGET_GENERATE_1000_S if big else None))
        rows.append(Row("site", f"{case}: mkdocs build --strict", round(build, 2), "s",
                        f"< {TARGET_MKDOCS_1000_S} s" if big else "", build < TARGET_MKDOCS_1000_S if big else None))
    return rows


def main(argv: list[str]) -> int:
    with tempfile.TemporaryDirectory(prefix="svspec-bench-site-") as folder:
        rows = [row for size in SIZES for row in measure_size(Path(folder), size)]
    report(rows, argv)
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
