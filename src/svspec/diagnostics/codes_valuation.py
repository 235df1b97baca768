"""Diagnostic codes of valuation as the SROI guide does it (issue 9 item 4). Joined into `registry.REGISTRY`."""

from __future__ import annotations

from svspec.diagnostics.core import Severity, Spec

E = Severity.ERROR

CODES: dict[str, Spec] = {
    "investment-without-value": Spec(
        severity=E,
        title="Investment without a value",
        message="measure '{name}' gives an investment but no value to set against it",
        explanation="An SROI ratio is the present value of a measure's social value divided by the "
        "investment (Cabinet Office, A guide to Social Return on Investment, 2012). Without a proxy "
        "value (`value £... per UNIT`, or `value ENTRY from SET`) or adjustments to a money answer, the "
        "measure has no social value in pounds, so the investment would be ignored.",
        hint="add a line such as `value £16.93 per hour`, or remove the investment",
    ),
    "bad-benefit-period": Spec(
        severity=E,
        title="Benefit period out of range",
        message="a benefit period must be more than 0 and at most {limit} years, not {found}",
        explanation="`lasts` is how long a commitment's effect lasts, valued year by year (Cabinet Office SROI "
        "guide: drop-off each year, discounted each year). A period of nothing has no value, and "
        "one longer than a century is a typing mistake that would be valued, and explained, year by year.",
        hint="give the period the effect lasts, such as `lasts 3 years` or `lasts 18 months`",
    ),
    "bad-investment": Spec(
        severity=E,
        title="Investment is not more than £0",
        message="an investment must be more than £0, not {found}",
        explanation="The SROI ratio divides the present value by the investment, and net SROI "
        "divides the net present value by it: an investment of £0 has no ratio.",
        hint="give what is invested in pounds, such as `investment £50,000`",
    ),
}
