"""Diagnostic codes for a built tender folder's `tender-model.json` (issue 13 item 7: `svspec
validate` of the built folder, and the guidance site's in-browser check). Joined into
`registry.REGISTRY`.
"""

from __future__ import annotations

from svspec.diagnostics.core import Severity, Spec

E = Severity.ERROR

CODES: dict[str, Spec] = {
    "tender-model/missing": Spec(
        severity=E,
        title="No tender model in the folder",
        message="'{folder}' holds no {path}: it is not a folder written by `svspec build` of a tender",
        explanation="`svspec validate` accepts a tender's `.svspec` file or the folder `svspec build` "
        "wrote for it. The folder is read through its `tender-model.json`, the tender's compiled "
        "model; a folder built by an older svspec, or built from a framework, has none.",
        hint="give the tender's .svspec file, or build the folder again with `svspec build TENDER --out DIR`",
    ),
    "tender-model/unreadable": Spec(
        severity=E,
        title="Tender model cannot be read",
        message="cannot read the tender model '{path}': {reason}",
        explanation="The `tender-model.json` of a built tender folder is JSON written by `svspec build`. "
        "A file that is not JSON, not UTF-8, too large or not a regular file was not written by svspec "
        "(or was damaged since), and nothing in it is trusted.",
        hint="build the folder again with `svspec build TENDER --out DIR`",
    ),
    "tender-model/version": Spec(
        severity=E,
        title="Tender model of another version",
        message="the tender model '{path}' is of layout version {found}; this svspec reads version {version}",
        explanation="The layout of `tender-model.json` has a version, raised when a change to svspec's "
        "model cannot be read by an older svspec. The folder was built by another version of svspec "
        "than the one checking the bid.",
        hint="build the folder again with this svspec, or check the bid with the svspec that built it",
    ),
    "tender-model/malformed": Spec(
        severity=E,
        title="Tender model does not fit",
        message="the tender model '{path}' is damaged at {pointer}: {reason}",
        explanation="Every value of `tender-model.json` is checked against svspec's model before a bid "
        "is checked with it: its type, the names of answer and rule kinds, and the scales rules "
        "name. A value that does not fit means the file was edited or damaged after `svspec build` "
        "wrote it; the JSON pointer says which value.",
        hint="build the folder again with `svspec build TENDER --out DIR`",
    ),
}
