"""Diagnostic codes for the report scope (issue 12 item 3): whole points per question, the rounding
of each question's and measure's points before weighting. Joined into `registry.REGISTRY`."""

from __future__ import annotations

from svspec.diagnostics.core import Severity, Spec

E, W = Severity.ERROR, Severity.WARNING

CODES: dict[str, Spec] = {
    "bad-item-rounding-places": Spec(
        severity=E,
        title="Points per question rounded to a bad number of places",
        message="points per question cannot be rounded to {places} places; give a whole number from 0 to 6",
        explanation="`round points per question to N places before weighting` rounds each question's "
        "and measure's points out of 100 to N decimal places (halves away from zero) before its weight "
        "is applied, so N is a whole number of places from 0 to 6. `to whole points` is the same as "
        "`to 0 places`.",
        hint="write `round points per question to whole points before weighting`",
    ),
    "item-rounding-finer-than-shown": Spec(
        severity=W,
        title="Points per question rounded to more places than reports show",
        message="points per question are rounded to {places} places, but figures are shown to {shown}",
        explanation="Reports show every figure to 2 decimal places. Rounding each question's points "
        "to more places than that is a rule no reader can check from the published figures: the "
        "points they see are rounded again when shown.",
        hint="round points per question to whole points, or to 1 or 2 places",
    ),
}
