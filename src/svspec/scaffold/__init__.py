"""Templates for `svspec new`: a small framework, a value set, a tender, an example bid, marks and a test."""

from __future__ import annotations

import re
from importlib import resources
from pathlib import Path

from svspec import SvspecError
from svspec.outputs import write_text

NAME = re.compile(r"[A-Za-z][A-Za-z0-9_]*(?:[.\-][A-Za-z0-9_]+)*")
"""The NAME terminal of the grammar: a project name becomes the framework's name."""

FILES = {
    "svspec.toml": "svspec.toml.tmpl",
    "framework.svspec": "framework.svspec.tmpl",
    "values.svspec": "values.svspec.tmpl",
    "tender.svspec": "tender.svspec.tmpl",
    "bids/example-bid.yaml": "example-bid.yaml.tmpl",
    "marks/example-marks.yaml": "example-marks.yaml.tmpl",
    "tests/example.svtest.yaml": "example.svtest.yaml.tmpl",
}


def is_valid_name(name: str) -> bool:
    """Whether `name` can name a framework: a letter, then letters, digits, `_`, `-` or `.`."""
    return NAME.fullmatch(name) is not None


def render(name: str) -> dict[str, str]:
    """The files of a new project called `name`, by path inside the project folder."""
    if not is_valid_name(name):
        raise SvspecError(f"{name!r} is not a valid svspec name")
    folder = resources.files("svspec.scaffold")
    return {path: folder.joinpath(template).read_text(encoding="utf-8").replace("{{name}}", name)
            for path, template in FILES.items()}


def scaffold(name: str, folder: Path) -> list[Path]:
    """Write a new project called `name` into `folder`, which must not exist yet."""
    files = render(name)
    folder.mkdir(parents=True, exist_ok=False)
    written = []
    for relative, text in files.items():
        write_text(folder / relative, text)
        written.append(folder / relative)
    return written
