"""Running one fuzz input: the watchdog, the oracles' findings, and saving a failing input.

An input is a `Case`: a target, the seed and index it was made from (so it can be made again),
a file name and its bytes. `run_case` hands it to its target's `examine` under a CPU watchdog
and turns what goes wrong into `Finding`s:

- `traceback`: an exception escaped a public entry point (diagnostics are fine, errors are not);
- `hang`: the input took more than `HANG_SECONDS` of CPU time;
- `silent`: svspec accepted something it must not accept without a word: a bid scored on values
  a person does not see, a number read differently from how it is written, a duplicate key;
- `inconsistent`: `validate` accepted a bid (or marks) that scoring then refused or crashed on;
- `injection`: an output shows a bidder's text as something other than plain text;
- `harness`: the fuzz suite itself failed to make an input (its own bug, counted apart).

CPU time, not wall time, is watched so that a busy machine never turns into a false hang.
"""

from __future__ import annotations

import json
import random
import signal
import traceback
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

HANG_SECONDS = 5.0
KINDS = ("traceback", "hang", "silent", "inconsistent", "injection", "harness")


@dataclass(frozen=True, slots=True, kw_only=True)
class Case:
    """One generated input: made again, byte for byte, from (target, seed, index)."""

    target: str
    seed: int
    index: int
    name: str
    data: bytes
    note: str = ""


@dataclass(frozen=True, slots=True, kw_only=True)
class Finding:
    """One thing an oracle found wrong with how svspec handled a case."""

    target: str
    kind: str
    detail: str
    trace: str = ""

    @property
    def signature(self) -> str:
        """What known failures are matched against: `target:kind:detail`."""
        return f"{self.target}:{self.kind}:{self.detail}"


class Hang(BaseException):
    """Raised by the watchdog when an input has used up its CPU time."""


@dataclass(slots=True)
class Problems:
    """What an `examine` function reports: findings by kind, with a short detail each."""

    found: list[tuple[str, str]] = field(default_factory=list)

    def add(self, kind: str, detail: str) -> None:
        assert kind in KINDS, kind
        self.found.append((kind, " ".join(detail.split())[:300]))


def rng_for(target: str, seed: int, index: int) -> random.Random:
    """The random generator of one case: independent of every other case, so any one is remade alone."""
    return random.Random(f"{target}:{seed}:{index}")


@contextmanager
def cpu_watchdog(seconds: float = HANG_SECONDS) -> Iterator[None]:
    """Raise `Hang` in the main thread once this process has spent `seconds` of CPU inside the block."""

    def alarm(signum: int, frame: Any) -> None:
        raise Hang(f"more than {seconds:g} s of CPU")

    previous = signal.signal(signal.SIGPROF, alarm)
    signal.setitimer(signal.ITIMER_PROF, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_PROF, 0)
        signal.signal(signal.SIGPROF, previous)


Examine = Callable[[Case, Any, Problems], None]


def run_case(case: Case, examine: Examine, context: Any, *, seconds: float = HANG_SECONDS) -> list[Finding]:
    """Examine one case under the watchdog; every problem it shows, as findings (none: all well)."""
    problems = Problems()
    try:
        with cpu_watchdog(seconds):
            examine(case, context, problems)
    except Hang as hang:
        return [Finding(target=case.target, kind="hang", detail=str(hang), trace=_trace())]
    except Exception as error:  # the oracle: nothing escapes a public entry point
        return [Finding(target=case.target, kind="traceback", detail=f"{type(error).__name__}: {error}",
                        trace=_trace())]
    return [Finding(target=case.target, kind=kind, detail=detail) for kind, detail in problems.found]


def _trace() -> str:
    return "".join(traceback.format_exc(limit=-12))[-6000:]


def save_failure(folder: Path, case: Case, findings: list[Finding]) -> Path:
    """Write the input and what was found, with the command that makes the same input again."""
    folder.mkdir(parents=True, exist_ok=True)
    stem = f"{case.target}-{case.seed}-{case.index}"
    data_path = folder / f"{stem}-{case.name}"
    data_path.write_bytes(case.data)
    report = {
        "target": case.target, "seed": case.seed, "index": case.index, "note": case.note,
        "input": data_path.name,
        "reproduce": f".venv/bin/python -m tests.fuzz.run --target {case.target} --seed {case.seed} "
                     f"--only {case.index}",
        "findings": [{"kind": f.kind, "detail": f.detail, "trace": f.trace} for f in findings],
    }
    (folder / f"{stem}.json").write_text(json.dumps(report, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    return data_path
