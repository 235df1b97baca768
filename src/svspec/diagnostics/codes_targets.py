"""Diagnostic codes for social value targets, advisory policy, waivers and policy over time
(issue 9 items 1, 9 and 10). Joined into `registry.REGISTRY`."""

from __future__ import annotations

from svspec.diagnostics.core import Severity, Spec

E, W = Severity.ERROR, Severity.WARNING

CODES: dict[str, Spec] = {
    "no-valued-measures": Spec(
        severity=E,
        title="Nothing to add up in pounds",
        message="{what} adds up the social value of a bid's commitments in pounds, but no selected measure "
        "has a value",
        explanation="A total value line (`total value weight ...`, Essex: £0.25 of social value per £1 of "
        "contract value) and a delivery minimum (`commitments at least 10% of contract value`, LBHF) add up "
        "each valued commitment: its answer times the value of one unit (the measure's `value` line, "
        "after its adjustments), or the answer itself for a measure answered in money. With no such "
        "measure selected every bid would be worth £0, and a delivery minimum would exclude them all.",
        hint="select a measure with a `value` line, or one answered in money",
    ),
    "policy-not-followed": Spec(
        severity=W,
        title="Recommended policy not followed",
        message="recommended, not required: {message}",
        explanation="A policy rule under `recommended` (or every rule of a policy with `applies from £X, "
        "recommended below` for a contract worth less than £X: Bradford asks for social value below "
        "£100,000 but does not require it) is advice. Not following it is reported as a warning, so the "
        "tender can still be built; following it, or recording why not, is better practice.",
    ),
    "policy-waived": Spec(
        severity=W,
        title="Policy rule waived",
        message="{waived} waived: {message} (reason: {reason}; approved by {approver})",
        explanation="A `waiver CODE` block of a tender records an approved exception to a policy rule, with "
        "its reason and approver (Bradford: a waiver needs written approval from the Council's "
        "leadership). The policy error becomes this warning, shown by every `svspec check`, and the "
        "exception is published on the tender's guidance site, so that it stays visible.",
    ),
    "waiver-not-a-policy-rule": Spec(
        severity=E,
        title="Waiver of something that is not a policy rule",
        message="'{waived}' is not a policy rule, so it cannot be waived",
        explanation="Only a council's policy rules can be waived, the same ones a policy may recommend "
        "instead of require: `social-value-below-minimum`, `social-value-above-maximum`, "
        "`social-value-not-exact`, `group-share-below-minimum`, `too-many-measures`, `too-few-measures`, "
        "`too-many-outcomes` and `measure-weight-below-minimum`. A delivery minimum (`commitments at "
        "least`) is met or missed by each bid, not by the tender, so it is not waived. Other problems "
        "(weights that do not add up, an unknown measure) are mistakes in the spec, to be fixed rather "
        "than waived.",
    ),
    "waiver-incomplete": Spec(
        severity=E,
        title="Waiver without its reason or approver",
        message="the waiver of '{waived}' gives no {missing}",
        explanation="A waiver records why a policy rule is not followed and who approved the exception: "
        "`reason \"...\"` and `approved by \"...\"` (optionally `on DATE`). Without both it is not an "
        "exception anyone could audit.",
        hint="add `reason \"...\"` and `approved by \"...\" on DATE` under the waiver",
    ),
    "unused-waiver": Spec(
        severity=W,
        title="Waiver of a rule the tender meets",
        message="the waiver of '{waived}' waives nothing: the tender meets that policy",
        explanation="A waiver that no longer waives anything would still be published as an exception. "
        "Remove it once the tender follows the policy.",
        hint="remove the waiver",
    ),
    "policy-rise-out-of-order": Spec(
        severity=E,
        title="Policy figure does not rise in order",
        message="{figure} from {date} {problem}",
        explanation="A policy figure may rise on dates (LBHF: at least 10% of the score, rising to 20% by "
        "2023). Each step is written `, rising to N% from DATE`, with dates in order and each figure "
        "above the one before, so that exactly one figure applies on any closing date.",
    ),
    "policy-date-unknown": Spec(
        severity=W,
        title="Rising policy without a closing date",
        message="{what} rises ({steps}), but the tender gives no closing date: it is checked against the "
        "highest figure, {figure}",
        explanation="A policy that rises on a date is checked against the tender's closing date (`closes "
        "DATE`): the figure in force on that day applies. Without one, the highest figure applies.",
        hint="add `closes YYYY-MM-DD` to the tender",
    ),
}
