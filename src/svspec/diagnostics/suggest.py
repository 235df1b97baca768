"""'Did you mean' suggestions by edit distance."""

from __future__ import annotations

import difflib
from collections.abc import Iterable


def did_you_mean(name: str, candidates: Iterable[str], limit: int = 2) -> tuple[str, ...]:
    """The closest known names to `name`, best first; case differences count as close.

    Short codes such as `G3` for `G1` are too short for a similarity ratio, so names one
    typing mistake away (a letter changed, added, dropped or two swapped) also count."""
    pool = list(dict.fromkeys(candidates))
    lowered = {c.lower(): c for c in pool}
    if name.lower() in lowered and lowered[name.lower()] != name:
        return (lowered[name.lower()],)
    close = difflib.get_close_matches(name, pool, n=limit, cutoff=0.6)
    if close or len(name) < 2:
        return tuple(close)
    return tuple(sorted(c for c in pool if c != name and _one_typo_apart(name, c)))[:limit]


def _one_typo_apart(a: str, b: str) -> bool:
    if abs(len(a) - len(b)) > 1 or a == b:
        return False
    if len(a) == len(b):
        diffs = [i for i, (x, y) in enumerate(zip(a, b, strict=True)) if x != y]
        if len(diffs) == 1:
            return True
        i, j = diffs if len(diffs) == 2 else (0, 0)
        return j == i + 1 and (a[i], a[j]) == (b[j], b[i])
    short, long = (a, b) if len(a) < len(b) else (b, a)
    return any(long[:i] + long[i + 1 :] == short for i in range(len(long)))
