"""Diagnostic codes of the language's issue 9 leftovers: codes as published in pathway steps and
double counting checked on the numbers. Joined into `registry.REGISTRY`.
"""

from __future__ import annotations

from svspec.diagnostics.core import Severity, Spec

E = Severity.ERROR
W = Severity.WARNING

CODES: dict[str, Spec] = {
    # Codes as published in pathway steps (issue 9 item 11)
    "pathway-code-read-as-text": Spec(
        severity=W,
        title="A pathway step quotes a code as its description",
        message="'{name}' is the code of a {what}, but this step is read as a description, not as the {what}",
        explanation="A pathway step either names a measure, outcome or theme, or describes the step in "
        "quoted text. A code that is a plain name is written bare (`output J1`); a code as published "
        "with spaces or dots is quoted, with the word saying what it names before it: "
        "`output measure \"MAC 2.1\"`, `outcome outcome \"1a\"`, `impact theme \"NT\"`. Without the "
        "word, the quoted code is the step's description, so the site does not link it to the measure "
        "and a renamed or dropped measure is not followed.",
        hint="write `{fix}` to name the {what}",
    ),
}
