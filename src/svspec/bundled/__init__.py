"""Frameworks shipped with svspec, usable by name: `uses ppn-002 2025.1` needs no `from "PATH"`.

They are Crown copyright, published under the Open Government Licence v3.0, and each file
states its `licence` and `source` as the licence asks. This module is the one place that maps
a bundled name to its packaged file; the loader (`uses`), `svspec new --from` and `extends`
all ask it.
"""

from __future__ import annotations

from dataclasses import dataclass
from importlib import resources
from pathlib import Path


@dataclass(frozen=True, slots=True, kw_only=True)
class Bundled:
    """One bundled framework: the name specs use, its version, its file and its attribution."""

    name: str
    version: str
    title: str
    file: str
    licence: str
    source: str


OGL = ("Crown copyright. Contains public sector information licensed under the Open Government Licence v3.0: "
       "https://www.nationalarchives.gov.uk/doc/open-government-licence/version/3/")
"""The attribution the Open Government Licence asks for, with a link to the licence."""

FRAMEWORKS: dict[str, Bundled] = {
    "ppn-06-20": Bundled(
        name="ppn-06-20", version="1.1", file="ppn-06-20.svspec",
        title="UK Government Social Value Model (PPN 06/20), Edition 1.1",
        licence=OGL,
        source="Cabinet Office, Procurement Policy Note 06/20 and The Social Value Model, Edition 1.1 "
               "(3 December 2020), https://www.gov.uk/government/publications/"
               "procurement-policy-note-0620-taking-account-of-social-value-in-the-award-of-central-government-contracts"),
    "ppn-002": Bundled(
        name="ppn-002", version="2025.1", file="ppn-002.svspec",
        title="UK Government Social Value Model (PPN 002, 2025)",
        licence=OGL,
        source="Cabinet Office, PPN 002: Taking account of social value in the award of central government "
               "contracts (13 February 2025), https://www.gov.uk/government/publications/"
               "ppn-002-taking-account-of-social-value-in-the-award-of-contracts"),
}
"""Every bundled framework, by the name a spec uses."""


def names() -> tuple[str, ...]:
    """The bundled names, for messages and `svspec new --from` (sorted, so messages are stable)."""
    return tuple(sorted(FRAMEWORKS))


def find(name: str) -> Path | None:
    """The packaged file of the bundled framework `name`, or None when nothing of that name is
    bundled. The one lookup: `uses NAME VERSION` without a path and `extends NAME` call it."""
    bundled = FRAMEWORKS.get(name)
    if bundled is None:
        return None
    path = Path(str(resources.files("svspec.bundled").joinpath(bundled.file)))
    return path if path.is_file() else None


def folder() -> Path:
    """The folder holding the bundled files: the project folder of a bundled framework."""
    return Path(str(resources.files("svspec.bundled")))
