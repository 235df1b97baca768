"""A seeded generator of mutated bids for the differential tests (`svspec validate` of the sources
against the built folder, and against the in-browser check): the example bids with values
removed, renamed, retyped or replaced by hostile ones, and their text damaged. The same seed
always gives the same bids.
"""

from __future__ import annotations

import json
import random
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import yaml

HOSTILE: tuple[Any, ...] = (
    None, True, False, 0, -1, 1.5, "", " ", "x", "yes", "no", "NaN", "1e400", 10**30, "£1.5m", "20 %",
    "a\u00a0b", "\u202e", "2027-13-45", "Q9", "LBL99", [], [1, 2], {}, {"a": 1}, "word " * 600, "<script>",
    "=HYPERLINK(\"x\")", "10,000", "\ud7ff", "e\u0301", 350.25, 99999999999999,
)
KEYS = ("tender", "bidder", "price", "submitted", "quality", "social_value", "evidence", "extra", "Price")


def example_bids(folder: Path) -> list[Path]:
    """The YAML and JSON example bids of a tender, by the tender named in their file name."""
    return sorted(p for p in folder.iterdir() if p.suffix in (".yaml", ".json") and p.name != "README.md")


def mutated(seed_bids: list[tuple[str, str]], count: int, seed: int = 0) -> Iterator[tuple[str, str]]:
    """`count` mutated bids (file name, text) from `(file name, text)` examples, deterministically."""
    rng = random.Random(seed)
    for number in range(count):
        name, text = seed_bids[number % len(seed_bids)]
        kind = "json" if name.endswith(".json") else "yaml"
        try:
            data = yaml.safe_load(text) if kind == "yaml" else json.loads(text)
        except (ValueError, yaml.YAMLError):  # a broken example: only its text is damaged
            data = None
        if data is None or rng.random() < 0.2:
            yield f"m{number:04d}-{name}", _damage_text(rng, text)
            continue
        for _ in range(rng.randint(1, 3)):
            data = _mutate_data(rng, data)
        if rng.random() < 0.5:
            kind = "json" if kind == "yaml" else "yaml"
        suffix = ".json" if kind == "json" else ".yaml"
        yield f"m{number:04d}-{Path(name).stem}{suffix}", _dump(data, kind)


def _dump(data: Any, kind: str) -> str:
    if kind == "json":
        return json.dumps(data, ensure_ascii=False, indent=2, default=str) + "\n"
    return yaml.safe_dump(data, allow_unicode=True, sort_keys=False)


def _paths(data: Any, prefix: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    out = [prefix]
    if isinstance(data, dict):
        for key, value in data.items():
            out += _paths(value, (*prefix, key))
    elif isinstance(data, list):
        for i, value in enumerate(data):
            out += _paths(value, (*prefix, i))
    return out


def _mutate_data(rng: random.Random, data: Any) -> Any:
    paths = [p for p in _paths(data) if p]
    if not isinstance(data, dict) or not paths:
        return data
    path = rng.choice(paths)
    parent = data
    for step in path[:-1]:
        parent = parent[step]
    last = path[-1]
    choice = rng.randrange(6)
    if choice == 0 and isinstance(parent, dict):
        del parent[last]
    elif choice == 1 and isinstance(parent, dict):
        parent[rng.choice(KEYS) if rng.random() < 0.5 else f"{last}x"] = parent.pop(last)
    elif choice == 2:
        parent[last] = rng.choice(HOSTILE)
    elif choice == 3 and isinstance(parent[last], (int, float)) and not isinstance(parent[last], bool):
        parent[last] = rng.choice((parent[last] * 1000, -parent[last], str(parent[last]), parent[last] + 0.005))
    elif choice == 4 and isinstance(parent[last], str):
        parent[last] = parent[last] * rng.randint(2, 80)
    else:
        parent[last] = [parent[last]]
    return data


def _damage_text(rng: random.Random, text: str) -> str:
    lines = text.split("\n")
    at = rng.randrange(len(lines))
    choice = rng.randrange(5)
    if choice == 0:
        lines.insert(at, lines[at])
    elif choice == 1:
        lines[at] = "\t" + lines[at]
    elif choice == 2:
        lines[at] = lines[at][: rng.randrange(len(lines[at]) + 1)]
    elif choice == 3:
        lines[at] = lines[at] + rng.choice((" {", ": [", " &a", " *a", " !!python/object:os.system", '"'))
    else:
        del lines[at]
    return "\n".join(lines)


__all__ = ["example_bids", "mutated"]
