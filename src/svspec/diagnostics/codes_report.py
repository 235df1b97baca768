"""Diagnostic codes for the report scope: whole points per question (issue 12 item 3), the rounding
of each question's and measure's points before weighting, and price components (issue 12 item 4),
whole-life cost, in the tender (its codes in bids are in `codes_bids.py`). Joined into `registry.REGISTRY`."""

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
    "price-components-without-price": Spec(
        severity=E,
        title="Price components without a price criterion",
        message="the tender names price components but has no price criterion",
        explanation="`price components` says how a bid's price is made up (capital + 7 × running cost, "
        "a whole-life cost); the sum is the price the price criterion scores, so it needs one (or "
        "`award by price per quality point`).",
        hint="add `price 40%, scored relative to lowest` under criteria, or remove `price components`",
    ),
    "price-component-twice": Spec(
        severity=E,
        title="Price component named twice",
        message="price component {component} is named twice",
        explanation="Each price component is one figure a bid gives, under its code; two components "
        "with one code could not be told apart in a bid.",
        hint="give each component its own code",
    ),
    "bad-price-component-times": Spec(
        severity=E,
        title="Price component counted no times",
        message="price component {component} is counted {times} times; give a number above 0",
        explanation="`times N` counts a component N times in the whole-life cost (7 years of a yearly "
        "running cost: `times 7`). A component counted 0 times would be asked for and never scored.",
        hint="write the number of times the component counts, such as `times 7`, or leave `times` out for once",
    ),
}
