"""Diagnostic codes for evaluation methods (issue 12 items 2-8): price formulas, abnormally low
tenders, the stated rounding rule, shortlisting and tie-break times. Joined into `registry.REGISTRY`."""

from __future__ import annotations

from svspec.diagnostics.core import Severity, Spec

E, W = Severity.ERROR, Severity.WARNING

CODES: dict[str, Spec] = {
    "price-formula-twice": Spec(
        severity=E,
        title="Price given two formulas",
        message="the price criterion already has a formula; '{option}' would be a second",
        explanation="Price is scored by exactly one formula: relative to the lowest price, relative to "
        "the mean, by deviation from the lowest, or on a fixed range. Two formulas give two different "
        "scores, and bidders must know which one is used.",
        hint="keep the one formula the tender publishes",
    ),
    "abnormally-low-needs-price": Spec(
        severity=E,
        title="Abnormally low test without a price",
        message="the tender tests for abnormally low prices but has no price criterion",
        explanation="An abnormally low tender test (Procurement Act 2023 s.19; Prozorro's 40% and 30% "
        "rules) compares the bids' prices, so it needs a price criterion to read the prices from.",
        hint="add a price criterion, or remove the `abnormally low` line",
    ),
    "bad-rounding-places": Spec(
        severity=E,
        title="Rounding places not a whole number from 0 to 6",
        message="totals cannot be rounded to {places} places before ranking; give a whole number from 0 to 6",
        explanation="`round totals to N places before ranking` ranks bids on their totals rounded to N "
        "decimal places (halves away from zero), so N is a whole number of places: 0 (whole points) to 6.",
    ),
    "bad-shortlist": Spec(
        severity=E,
        title="Shortlist cannot be applied",
        message="the shortlist cannot be applied: {reason}",
        explanation="`shortlist the top N on quality, ties included` keeps the N bids with the most quality "
        "points (after any quality pass mark) and excludes the others before price is compared. It needs a "
        "quality criterion and a whole number of bids, at least 1.",
    ),
    "score/tie-lost-without-time": Spec(
        severity=W,
        title="Tie lost for want of a submission time",
        message="{bidder} loses the earliest-submission tie-break with {other}: {reason}",
        explanation="When two bids have equal totals and the tie-break reaches `earliest submission`, a bid "
        "whose time is missing, or given as a date alone (two bids on the same day cannot be ordered by a "
        "date), cannot show it came first, so it loses. This is reported because the award then turns on a "
        "missing record: check the buyer's receipt times (`received:` in the marks file).",
        hint="give the buyer's receipt time with its time zone in the marks file (`received:`)",
    ),
    "marks/adjusted-without-reason": Spec(
        severity=W,
        title="Adjusted mark without a reason",
        message="{evaluator} adjusted their mark for {bidder} on {item} but gave no `adjusted_reason`",
        explanation="After moderation an evaluator may adjust their mark (`adjusted:` beside `mark:`); the "
        "original is kept and the audit shows both. As with every mark, the reason for the change must be "
        "recorded so that the score can be understood from the evaluation notes (UK case law; Cotiss keeps the "
        "original score and shows the delta).",
        hint="add `adjusted_reason: \"...\"` to the evaluator's entry",
    ),
}
