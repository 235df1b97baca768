"""'Did you mean' suggestions by edit distance."""

from __future__ import annotations

import difflib
from collections.abc import Iterable


def did_you_mean(name: str, candidates: Iterable[str], limit: int = 2) -> tuple[str, ...]:
    """The closest known names to `name`, best first; case differences count as close."""
    pool = list(dict.fromkeys(candidates))
    lowered = {c.lower(): c for c in pool}
    if name.lower() in lowered and lowered[name.lower()] != name:
        return (lowered[name.lower()],)
    return tuple(difflib.get_close_matches(name, pool, n=limit, cutoff=0.6))
