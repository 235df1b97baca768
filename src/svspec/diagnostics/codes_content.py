"""Diagnostic codes of the bundled frameworks (`svspec.bundled`). Joined into `registry.REGISTRY`."""

from __future__ import annotations

from svspec.diagnostics.core import Severity, Spec

E = Severity.ERROR

CODES: dict[str, Spec] = {
    "unknown-bundled-framework": Spec(
        severity=E,
        title="No bundled framework of that name",
        message="no framework called '{name}' is bundled with svspec (bundled: {bundled})",
        explanation="A `uses NAME VERSION` line without `from \"PATH\"` names a framework shipped with "
        "svspec: the UK Government Social Value Model as `ppn-06-20` (PPN 06/20) or `ppn-002` (PPN 002). "
        "To use a framework of your own, name its file: `uses NAME VERSION from \"framework.svspec\"`.",
    ),
}
