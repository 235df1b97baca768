"""Benchmark exact scoring: 100,000 bids × 50 measures, against float baselines.

Scores a generated tender (price 70% relative to the lowest; social value 30% over 50 measures:
linear, relative to the best, bands, value relative to the best, value per £) with the engine's
exact core (integers and fractions), from `Bid` objects to exact totals and a ranking. Reports:

- exact scoring time, bids/s and the process's peak memory (maxrss) — target: under 5 s and 1 GB;
- a float NumPy baseline (the same rules vectorised, argsort for the ranking);
- a plain Python float loop (one bid at a time), timed on 20,000 bids;
- the fully explained results (`engine.score`, every item in words) on 2,000 bids.

    python benchmarks/bench_score.py           # a table for people
    python benchmarks/bench_score.py --json    # the rows as JSON (what run_all.py reads)

NumPy is needed only here, for the baseline (pip install numpy); svspec never uses it.
This is not a test: timings depend on the machine and on what else it is doing.
"""

from __future__ import annotations

import gc
import os
import random
import resource
import sys
import tempfile
import time
from decimal import Decimal
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from common import Row, report

BIDS = 100_000
MEASURES = 50
LOOP_BIDS = 20_000
EXPLAINED_BIDS = 2_000
TARGET_S = 5.0
TARGET_MB = 1024.0


def _rule(n: int) -> tuple[str, str]:
    """(measure lines, selection rule) for measure n: a mix of every numeric rule."""
    kind = n % 10
    if kind < 5:
        return "", f"scored linear from 0 units to {50 + n} units"
    if kind < 7:
        return "", "scored relative to best"
    if kind == 7:
        return "", ""  # the framework's bands
    if kind == 8:
        return f"        value £{10 + n} per units\n        adjust deadweight 20%, attribution 10%\n", \
            "scored by value relative to best"
    return f"        value £{1000 + n} per units per year\n        lasts 3 years\n        adjust drop-off 10%\n" \
           f"        discount 3.5% per year\n", "scored by value per £ against £0.25"


def write_tender(folder: Path) -> Path:
    """A framework with MEASURES measures and a tender selecting them all."""
    measures = []
    selections = []
    for n in range(MEASURES):
        extra, rule = _rule(n)
        measures.append(f'''      measure M{n} "Measure {n}"
        unit units
        answer number at least 0
{extra}        evidence "Records" every quarter
        scored in bands
          at least 20 units scores 50%
          at least 60 units scores 100%
          otherwise 0%
''')
        weight = Decimal(100) / MEASURES
        selections.append(f"    M{n} weight {weight}%" + (f", {rule}" if rule else ""))
    framework = ('framework bench "Benchmark framework"\n  version 1\n  unit units "Units"\n'
                 '  theme t "Theme"\n    outcome o "Outcome"\n' + "".join(measures))
    tender = ('tender bench-tender "Benchmark tender"\n  uses bench 1 from "framework.svspec"\n'
              "  contract value £10,000,000 over 5 years\n  criteria\n    price 70%, scored relative to lowest\n"
              "    social value 30%\n  social value measures\n" + "\n".join(selections) + "\n"
              "  tie break social value, price\n")
    (folder / "svspec.toml").write_text('[project]\nname = "bench"\n', encoding="utf-8")
    (folder / "framework.svspec").write_text(framework, encoding="utf-8")
    (folder / "tender.svspec").write_text(tender, encoding="utf-8")
    return folder / "tender.svspec"


def make_bids(tender, count: int):  # type: ignore[no-untyped-def]
    from svspec.bids.model import Bid

    rng = random.Random(2027)
    codes = [f"M{n}" for n in range(MEASURES)]
    bids = []
    for i in range(count):
        # A new Decimal object per answer, as a bid reader makes them: no sharing to flatter the engine.
        answers = {c: Decimal(rng.randrange(1000)) / 10 for c in codes}
        bids.append(Bid(bidder=f"Bidder {i:06d}", tender=tender.name, price=Decimal(9_000_000 + 37 * i),
                        social_value=answers))
    return bids


def checks(tender, bids) -> float:  # type: ignore[no-untyped-def]
    """Seconds for the engine's own input checks (types, missing answers), which `engine.score` runs first."""
    from svspec.scoring import engine

    start = time.perf_counter()
    diagnostics = engine.check_bids(tender, bids)
    assert not diagnostics, diagnostics[:3]
    return time.perf_counter() - start


def exact(tender, bids) -> tuple[float, float, object]:  # type: ignore[no-untyped-def]
    """Wall-clock and CPU seconds to score checked `bids` exactly (from Bid objects to a ranking)."""
    from svspec.scoring import core, engine

    plan = engine.plan_for(tender)
    gc.collect()
    start, cpu = time.perf_counter(), time.process_time()
    numeric = engine.numeric_codes(tender)
    inputs = [engine.to_input(b, None, numeric) for b in bids]
    scores = core.score(plan, inputs, checked=True)
    return time.perf_counter() - start, time.process_time() - cpu, scores


def numpy_baseline(tender, bids) -> float:  # type: ignore[no-untyped-def]
    import numpy as np

    from svspec.scoring import engine

    plan = engine.plan_for(tender)
    items = plan.items
    x = np.array([[float(b.social_value[i.code]) for i in items] for b in bids])
    price = np.array([float(b.price) for b in bids])
    start = time.perf_counter()
    social = np.zeros(len(bids))
    for j, item in enumerate(items):
        col = x[:, j]
        rule = item.rule
        if rule.kind == "linear":
            f = np.clip((col - float(rule.low)) / float(rule.high - rule.low), 0, 1)
        elif rule.kind in ("relative-to-best", "value-relative-to-best"):
            best = col.max()
            f = col / best if best > 0 else np.zeros_like(col)
        elif rule.kind == "bands":
            f = np.full_like(col, float(rule.otherwise))
            for at_least, share in rule.bands:
                f = np.where(col >= float(at_least), float(share), f)
        else:
            f = np.minimum(col * float(item.value_per_unit) / float(plan.contract_value * rule.target), 1)
        social += float(item.weight) * f
    total = 100 * (0.7 * price.min() / price + 0.3 * social)
    np.argsort(-total, kind="stable")
    return time.perf_counter() - start


def loop_baseline(tender, bids) -> float:  # type: ignore[no-untyped-def]
    from svspec.scoring import engine

    plan = engine.plan_for(tender)
    items = [(i.code, i.rule.kind, float(i.rule.low or 0), float((i.rule.high or 1) - (i.rule.low or 0)),
              float(i.weight), float(i.value_per_unit or 1), float(i.rule.target or 1),
              [(float(a), float(s)) for a, s in i.rule.bands]) for i in plan.items]
    rows = [{c: float(v) for c, v in b.social_value.items()} for b in bids]
    prices = [float(b.price) for b in bids]
    cv = float(plan.contract_value)
    start = time.perf_counter()
    best = {code: max(r[code] for r in rows) for code, kind, *_ in items if "relative" in kind}
    lowest = min(prices)
    totals = []
    for r, p in zip(rows, prices, strict=True):
        social = 0.0
        for code, kind, low, span, weight, per_unit, target, bands in items:
            v = r[code]
            if kind == "linear":
                f = min(max((v - low) / span, 0.0), 1.0)
            elif "relative" in kind:
                f = v / best[code] if best[code] else 0.0
            elif kind == "bands":
                f = 0.0
                for at_least, share in bands:
                    if v >= at_least:
                        f = share
            else:
                f = min(v * per_unit / (cv * target), 1.0)
            social += weight * f
        totals.append(100 * (0.7 * lowest / p + 0.3 * social))
    sorted(range(len(totals)), key=totals.__getitem__, reverse=True)
    return time.perf_counter() - start


def explained(tender, bids) -> float:  # type: ignore[no-untyped-def]
    from svspec.scoring import engine

    start = time.perf_counter()
    scoring, diagnostics = engine.score(tender, bids)
    assert scoring is not None, diagnostics
    return time.perf_counter() - start


def run() -> list[Row]:
    import svspec

    rows: list[Row] = []
    with tempfile.TemporaryDirectory(prefix="svspec-bench-score-") as tmp:
        result = svspec.load(write_tender(Path(tmp)))
        assert result.ok, [d.message for d in result.errors]
        tender = result.model
    bids = make_bids(tender, BIDS)
    seconds, cpu_seconds, scores = exact(tender, bids)
    assert len(scores.order) == BIDS  # type: ignore[attr-defined]
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    case = f"{BIDS:,} bids × {MEASURES} measures"
    rows.append(Row("score", f"exact, {case}", seconds, "s", f"< {TARGET_S:g} s", seconds < TARGET_S))
    rows.append(Row("score", "exact, CPU time (less affected by other processes)", cpu_seconds, "s",
                    f"< {TARGET_S:g} s", cpu_seconds < TARGET_S))
    rows.append(Row("score", "exact, bids per second", BIDS / seconds, "bids/s"))
    rows.append(Row("score", "peak memory (maxrss, whole process)", peak_mb, "MB", f"< {TARGET_MB:g} MB",
                    peak_mb < TARGET_MB))
    del scores
    check_seconds = checks(tender, bids)
    rows.append(Row("score", f"the engine's input checks before scoring, {case}", check_seconds, "s"))
    try:
        np_seconds = numpy_baseline(tender, bids)
        rows.append(Row("score", "float NumPy baseline, bids per second", BIDS / np_seconds, "bids/s"))
    except ImportError:
        rows.append(Row("score", "float NumPy baseline: numpy not installed", 0.0, ""))
    loop_seconds = loop_baseline(tender, bids[:LOOP_BIDS])
    rows.append(Row("score", f"plain Python float loop ({LOOP_BIDS:,} bids), bids per second",
                    LOOP_BIDS / loop_seconds, "bids/s"))
    explained_seconds = explained(tender, bids[:EXPLAINED_BIDS])
    rows.append(Row("score", f"fully explained results ({EXPLAINED_BIDS:,} bids), bids per second",
                    EXPLAINED_BIDS / explained_seconds, "bids/s"))
    return rows


def main(argv: list[str]) -> int:
    """Run the benchmark; `--json` prints the rows as JSON for run_all.py."""
    rows = run()
    report(rows, argv)
    return 0


if __name__ == "__main__":
    os.environ.setdefault("PYTHONHASHSEED", "0")
    sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))
    sys.exit(main(sys.argv[1:]))
