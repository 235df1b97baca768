"""Diagnostic codes for evaluation methods (issue 12 items 2-8): price formulas, abnormally low
tenders, the stated rounding rule and shortlisting: the checks of a tender spec. Joined into
`registry.REGISTRY`; the codes these methods report while scoring live in `codes_scoring.py`."""

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
    "bad-award-method": Spec(
        severity=E,
        title="Award by price per quality point cannot be applied",
        message="award by price per quality point: {reason}",
        explanation="`award by price per quality point` ranks bids by their price divided by the points they "
        "score on quality and social value (out of 100), lowest first (Cabinet Office Bid Evaluation Guidance "
        "Note §7.3; Victoria's cost-effectiveness ratio). The price is read from each bid, so the criteria weigh "
        "only quality and social value, adding up to 100%.",
        hint="remove the price criterion and weigh quality and social value to 100%",
    ),
}
