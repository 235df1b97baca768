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
# Double counting on the numbers (issue 9 item 12): `part of` (the bids' codes are in codes_tailor.py).
CODES.update({
    "part-of-exclusive": Spec(
        severity=E,
        title="A measure both part of another and never double counted with it",
        message="'{a}' is declared part of '{b}' and never double counted with it",
        explanation="`part of B` says every result counted under this measure is counted under B too "
        "(long-term unemployed residents hired are local residents hired); `no double counting with B` "
        "says no result may be counted under both. One pair cannot be both.",
        hint="keep the one the framework means",
    ),
    "part-of-not-a-figure": Spec(
        severity=E,
        title="A part and its whole are not figures in one unit",
        message="'{part}' is declared part of '{whole}', but '{part}' is counted in {found} and '{whole}' in {other}",
        explanation="`part of` compares two figures of a bid: the part's figure can never be more than its "
        "whole's. So both measures are answered with a number in the same unit (FTE and FTE, hours "
        "and hours) or both in money.",
        hint="relate measures counted in the same unit, or use `additional to` for a looser relation",
    ),
})
