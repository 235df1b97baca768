"""The long fuzz profile (`make fuzz`): many seeded inputs in worker processes, then a summary.

    .venv/bin/python -m tests.fuzz.run                       # 100,000 inputs, 2 processes
    .venv/bin/python -m tests.fuzz.run --inputs 5000 --jobs 1
    .venv/bin/python -m tests.fuzz.run --target bids --seed 1 --only 4711   # one input again

Every input is made from (target, seed, index) alone, so a failure is remade by its index. Each
worker examines its inputs under the CPU watchdog (`harness.HANG_SECONDS`); the parent also
kills a worker that sends nothing for `--kill-after` seconds of wall time (a hang inside C code
that no signal interrupts), records a hang for its input and starts a new worker after it.
Failing inputs are written to `--out` (git-ignored `fuzz-failures/`) with a JSON note holding
the command that remakes them. The exit status is 1 when any finding is not a known failure.
"""

from __future__ import annotations

import argparse
import multiprocessing as mp
import os
import re
import sys
import tempfile
import time
import warnings
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from multiprocessing.connection import Connection
from pathlib import Path
from typing import Any

from tests.fuzz import known_failures
from tests.fuzz.harness import HANG_SECONDS, KINDS, Case, Finding, run_case, save_failure

# Share of the inputs each target gets in the long profile (spreadsheets and specs cost more).
WEIGHTS = {"bids": 0.7, "sheets": 0.1, "marks": 0.1, "specs": 0.1}
DEFAULT_SEED = 20261201
DEFAULT_OUT = Path("fuzz-failures")


def targets() -> dict[str, tuple[Callable[[int, int, Any], Case], Callable[..., None]]]:
    """target name -> (generate, examine)."""
    from tests.fuzz import bids, marks, sheets, specs

    return {m.TARGET: (m.generate, m.examine) for m in (bids, sheets, marks, specs)}


def make_context(work: Path) -> Any:
    """The per-process context: tenders and examples loaded once, and the spec project copied."""
    from tests.fuzz import specs
    from tests.fuzz.common import make_context as base

    context = base(work)
    specs.prepare(context)
    return context


@dataclass(frozen=True, slots=True)
class Result:
    """What one input gave: its case (only kept when something was found) and the findings."""

    target: str
    index: int
    findings: tuple[Finding, ...]
    case: Case | None


def examine_one(target: str, seed: int, index: int, context: Any, table: dict[str, Any],
                seconds: float = HANG_SECONDS) -> Result:
    """Make and examine one input."""
    generate, examine = table[target]
    try:
        case = generate(seed, index, context)
    except Exception as error:  # the suite's own bug: counted apart, never blamed on svspec
        return Result(target=target, index=index, case=None,
                      findings=(Finding(target=target, kind="harness", detail=f"{type(error).__name__}: {error}"),))
    findings = run_case(case, examine, context, seconds=seconds)
    return Result(target=target, index=index, findings=tuple(findings), case=case if findings else None)


def _worker(connection: Connection, plan: list[tuple[str, int]], seed: int, seconds: float) -> None:
    warnings.simplefilter("ignore")  # openpyxl warns about every odd cell; findings are what count
    with tempfile.TemporaryDirectory(prefix="svspec-fuzz-") as work:
        os.chdir(work)
        context = make_context(Path(work))
        table = targets()
        for target, index in plan:
            connection.send(("start", target, index))
            connection.send(("done", examine_one(target, seed, index, context, table, seconds)))
    connection.send(("finished",))


def plan_for(inputs: int, chosen: list[str]) -> list[tuple[str, int]]:
    """Which inputs to make: `inputs` shared among the chosen targets by weight, interleaved."""
    total = sum(WEIGHTS[t] for t in chosen)
    counts = {t: max(1, round(inputs * WEIGHTS[t] / total)) for t in chosen}
    plan = [(t, i) for t in chosen for i in range(counts[t])]
    plan.sort(key=lambda p: (p[1] / counts[p[0]], p[0]))
    return plan


def run(plan: list[tuple[str, int]], seed: int, jobs: int, seconds: float, kill_after: float,
        on_result: Callable[[Result], None]) -> None:
    """Run `plan` in `jobs` worker processes; a silent worker is killed and its input counted as a hang."""
    context = mp.get_context("fork" if sys.platform != "win32" else "spawn")
    shares = [plan[w::jobs] for w in range(jobs)]
    workers: dict[int, tuple[Any, Connection, list[tuple[str, int]], tuple[str, int] | None, float]] = {}

    def start(w: int, share: list[tuple[str, int]]) -> None:
        parent, child = context.Pipe()
        process = context.Process(target=_worker, args=(child, share, seed, seconds), daemon=True)
        process.start()
        child.close()
        workers[w] = (process, parent, share, None, time.monotonic())

    for w, share in enumerate(shares):
        if share:
            start(w, share)
    while workers:
        for w in list(workers):
            process, connection, share, current, since = workers[w]
            if connection.poll(0.05):
                try:
                    message = connection.recv()
                except EOFError:
                    message = ("died",)
                if message[0] == "start":
                    workers[w] = (process, connection, share, (message[1], message[2]), time.monotonic())
                elif message[0] == "done":
                    on_result(message[1])
                    workers[w] = (process, connection, share, None, time.monotonic())
                else:
                    process.join(5)
                    del workers[w]
                    if message[0] == "died" and current is not None:
                        _lost(w, current, "the worker process died", share, start, on_result)
            elif current is not None and time.monotonic() - since > kill_after:
                process.kill()
                process.join(5)
                del workers[w]
                _lost(w, current, f"no answer after {kill_after:g} s of wall time (killed)", share, start, on_result)


def _lost(w: int, current: tuple[str, int], why: str, share: list[tuple[str, int]],
          start: Callable[[int, list[tuple[str, int]]], None], on_result: Callable[[Result], None]) -> None:
    target, index = current
    on_result(Result(target=target, index=index, case=None,
                     findings=(Finding(target=target, kind="hang", detail=why),)))
    rest = share[share.index(current) + 1:]
    if rest:
        start(w, rest)


def group(finding: Finding) -> str:
    """Findings of one cause, together: a known failure's id, else the innermost svspec frame or the detail."""
    known = known_failures.match(finding)
    if known is not None:
        return f"known {known.id}"
    if finding.kind == "traceback" and finding.trace:
        frames = re.findall(r'File ".*?/(svspec/[^"]+)", line (\d+), in (\w+)', finding.trace)
        where = f" at {frames[-1][0]}:{frames[-1][2]}" if frames else ""
        return f"{finding.target}:traceback:{finding.detail.split(':')[0]}{where}"
    detail = re.sub(r"'[^']*'|\"[^\"]*\"|\d+", "…", finding.detail)
    return f"{finding.target}:{finding.kind}:{detail}"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m tests.fuzz.run", description=__doc__.split("\n")[0])
    parser.add_argument("--inputs", type=int, default=100_000, help="how many inputs in all (default 100,000)")
    parser.add_argument("--jobs", type=int, default=2, help="worker processes (default 2)")
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED)
    parser.add_argument("--target", action="append", choices=sorted(WEIGHTS), help="only this target (repeatable)")
    parser.add_argument("--only", type=int, action="append", help="only this input index (repeatable)")
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT, help="folder for failing inputs")
    parser.add_argument("--hang-seconds", type=float, default=HANG_SECONDS, help="CPU seconds before a hang")
    parser.add_argument("--kill-after", type=float, default=120.0, help="wall seconds of silence before a kill")
    args = parser.parse_args(argv)
    chosen = args.target or sorted(WEIGHTS)
    plan = [(t, i) for t in chosen for i in args.only] if args.only else plan_for(args.inputs, chosen)
    out: Path = args.out.resolve()
    inputs: Counter[str] = Counter()
    kinds: Counter[str] = Counter()
    groups: dict[str, list[Any]] = {}
    started = time.monotonic()
    cpu_started = time.process_time()

    def on_result(result: Result) -> None:
        inputs[result.target] += 1
        done = sum(inputs.values())
        if done % 5000 == 0:
            print(f"  {done:,} inputs, {sum(kinds.values()):,} findings, {time.monotonic() - started:.0f} s",
                  flush=True)
        if not result.findings:
            return
        for kind in {f.kind for f in result.findings}:
            kinds[kind] += 1
        for finding in result.findings:
            entry = groups.setdefault(group(finding), [0, result.target, result.index, finding.detail])
            entry[0] += 1
        if result.case is not None:
            save_failure(out, result.case, list(result.findings))

    print(f"svspec fuzz: {len(plan):,} inputs, seed {args.seed}, {args.jobs} processes, "
          f"hang = {args.hang_seconds:g} s CPU; failing inputs -> {out}", flush=True)
    run(plan, args.seed, max(1, args.jobs), args.hang_seconds, args.kill_after, on_result)
    elapsed = time.monotonic() - started
    total = sum(inputs.values())
    print()
    print(f"inputs: {total:,} (" + ", ".join(f"{t} {inputs[t]:,}" for t in chosen) + ")")
    labels = {"traceback": "tracebacks", "hang": "hangs", "silent": "silent acceptances",
              "inconsistent": "validate/score inconsistencies", "injection": "output injections",
              "harness": "fuzz-suite errors (not svspec's)"}
    for kind in KINDS:
        print(f"{labels[kind]}: {kinds[kind]:,} inputs")
    print(f"time: {elapsed:.0f} s wall ({total / max(elapsed, 1e-9):.0f} inputs/s; parent CPU "
          f"{time.process_time() - cpu_started:.0f} s)")
    new = {k: v for k, v in groups.items() if not k.startswith("known ")}
    if groups:
        print("\ndistinct failures (count, first input, detail):")
        for key, (count, target, index, detail) in sorted(groups.items(), key=lambda kv: -kv[1][0]):
            mark = "" if key.startswith("known ") else "NEW "
            print(f"  {mark}{key}: {count:,}x, e.g. --target {target} --only {index}: {detail[:160]}")
    return 1 if new else 0


if __name__ == "__main__":
    sys.exit(main())
