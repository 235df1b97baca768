"""Frameworks shipped with svspec, for `extends NAME VERSION` without `from "FILE"`.

`bundled_framework` is the one lookup: the bundled frameworks (national ones such as PPN 06/20 and
PPN 002) are `.svspec` files in the package folder `svspec/frameworks/`, named after the framework
(`ppn-002.svspec`). They are package data, read like any spec but from outside the project folder.
"""

from __future__ import annotations

from pathlib import Path

BUNDLED_FOLDER = Path(__file__).resolve().parent.parent / "frameworks"


def bundled_names() -> tuple[str, ...]:
    """The names of the bundled frameworks, sorted (for `did you mean`)."""
    if not BUNDLED_FOLDER.is_dir():
        return ()
    return tuple(sorted(p.name.removesuffix(".svspec") for p in BUNDLED_FOLDER.glob("*.svspec") if p.is_file()))


def bundled_framework(name: str) -> Path | None:
    """The file of the bundled framework called `name`, or None when svspec ships none by that name."""
    if name not in bundled_names():
        return None
    return BUNDLED_FOLDER / f"{name}.svspec"
