"""Templates for `svspec new`: a small framework, a value set, a tender, an example bid, marks and a test.

`svspec new NAME --from ppn-002` starts instead from a bundled framework (`svspec.bundled`): the
council's own copy of it, renamed NAME with its attribution kept, and a tender, bid, marks and
test written for it (`svspec/bundled/starters/SOURCE/`).
"""

from __future__ import annotations

import re
from importlib import resources
from pathlib import Path

from svspec import SvspecError
from svspec.bundled import Bundled
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


STARTER_FILES = {
    "tender.svspec": "tender.svspec.tmpl",
    "bids/example-bid.yaml": "example-bid.yaml.tmpl",
    "marks/example-marks.yaml": "example-marks.yaml.tmpl",
    "tests/example.svtest.yaml": "example.svtest.yaml.tmpl",
}
"""The files written for a tender of a framework started from a bundled one."""

STARTER_VERSION = "1.0"
"""The version a council's own copy of a bundled framework starts at (its tender names it)."""


def render_from(source: str, name: str) -> dict[str, str]:
    """The files of a new project called `name` whose framework starts as a copy of the bundled
    framework `source`. The copy keeps the licence and source lines, because the Open Government
    Licence asks that the source be acknowledged, and says where it came from."""
    from svspec import bundled

    if not is_valid_name(name):
        raise SvspecError(f"{name!r} is not a valid svspec name")
    origin = bundled.FRAMEWORKS.get(source)
    path = bundled.find(source)
    if origin is None or path is None:
        raise SvspecError(f"no framework called {source!r} is bundled with svspec")
    starters = resources.files("svspec.bundled").joinpath("starters", source)
    files = {"svspec.toml": resources.files("svspec.scaffold").joinpath("svspec.toml.tmpl")
             .read_text(encoding="utf-8").replace("{{name}}", name),
             "framework.svspec": _adapted(path.read_text(encoding="utf-8"), origin, name)}
    for relative, template in STARTER_FILES.items():
        files[relative] = starters.joinpath(template).read_text(encoding="utf-8").replace("{{name}}", name)
    return dict(sorted(files.items()))


def _adapted(text: str, origin: Bundled, name: str) -> str:
    """The bundled framework as the council's own: named `name`, at `STARTER_VERSION`, with a
    first comment saying what it was started from and that its attribution must stay."""
    lines = text.split("\n")
    declaration = f"framework {origin.name} "
    for index, line in enumerate(lines):
        if line.startswith(declaration):
            lines[index] = f"framework {name} " + line[len(declaration):]
        elif line == f"  version {origin.version}":
            lines[index] = f"  version {STARTER_VERSION}"
    header = [
        f"# {name}: your framework, started from the bundled {origin.title}",
        f"# with `svspec new {name} --from {origin.name}`. Change it to fit your organisation, and keep",
        "# its `licence` and `source` lines: the Open Government Licence v3.0 asks you to acknowledge",
        "# the source (say in `source` that you adapted it).",
        "#",
    ]
    return "\n".join(header + lines)


def scaffold(name: str, folder: Path, source: str | None = None) -> list[Path]:
    """Write a new project called `name` into `folder`, which must not exist yet; with `source`,
    its framework starts as a copy of that bundled framework."""
    files = render(name) if source is None else render_from(source, name)
    folder.mkdir(parents=True, exist_ok=False)
    written = []
    for relative, text in files.items():
        write_text(folder / relative, text)
        written.append(folder / relative)
    return written
