"""Benchmark resolving a framework built on another (`extends`) against a flat one of the same size.

A council layer of a dozen statements (changed measures, a rename, a tightened policy) on a
generated framework of 1,000 measures, against the generated framework alone, both checked in
process with `svspec.check` (load, parse, merge, resolve, check and lower), best of several runs
after a warm-up. The base is only merged, never checked on its own, so the layers cost little
more than the parse of one more small file.

Target: the extended framework costs at most 1.2× the flat one, the ratio measured in one run.

    python benchmarks/bench_extends.py           # a table for people
    python benchmarks/bench_extends.py --json    # the rows as JSON (what run_all.py reads)
"""

from __future__ import annotations

import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import generate  # noqa: E402  (a sibling script, not a package)
from common import Row, report  # noqa: E402  (a sibling script, not a package)

import svspec  # noqa: E402

MEASURES = 1_000
RUNS = 5
TARGET_RATIO = 1.2


def layer_text(measures: int) -> str:
    """A council layer: guidance and scoring changed on ten measures, one re-coded, policy tightened."""
    out = ['framework council "Council layer"', '  extends bench 1.0 from "framework.svspec"', "  version 2.0",
           '  owner "svspec benchmarks"', "", f"  rename M{measures - 1} to C{measures - 1}", ""]
    for i in range(10, 20):
        out += [f"  change measure M{i}", f"    guidance: Localised guidance for measure {i}.", ""]
    out += ["  policy", "    social value at least 15%"]
    return "\n".join(out) + "\n"


def _best(path: Path) -> float:
    svspec.check([path])
    times = []
    for _ in range(RUNS):
        start = time.perf_counter()
        results = svspec.check([path])
        times.append(time.perf_counter() - start)
        assert not results[0].errors, [d.message for d in results[0].errors]
    return min(times)


def measure() -> list[Row]:
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        flat = generate.write_project(folder, MEASURES)
        layer = folder / "council.svspec"
        layer.write_text(layer_text(MEASURES), encoding="utf-8")
        flat_s, layered_s = _best(flat), _best(layer)
    ratio = layered_s / flat_s
    return [
        Row("extends", f"flat framework, {MEASURES:,} measures", flat_s, "s"),
        Row("extends", f"layer on a framework of {MEASURES:,} measures", layered_s, "s"),
        Row("extends", "extended ÷ flat", ratio, "×", f"≤ {TARGET_RATIO}", ratio <= TARGET_RATIO),
    ]


if __name__ == "__main__":
    report(measure(), sys.argv)
