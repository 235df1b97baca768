"""Diagnostic codes of award criteria as councils write them (issue 9 items 5, 6 and 7; issue 12 item 1).

They join the one registry (`svspec.diagnostics.registry`) like the other stages' tables.
"""

from __future__ import annotations

from svspec.diagnostics.core import Severity, Spec

E, W = Severity.ERROR, Severity.WARNING

CODES: dict[str, Spec] = {
    # ------------------------------------------------------------------ criteria shapes
    "social-value-above-maximum": Spec(
        severity=E,
        title="Social value weight above the policy maximum",
        message="social value is weighted {weight} of {base}, above the policy maximum of {maximum}",
        explanation="A policy may cap social value's weight (`social value at most 20%`), of the total score or "
        "within quality (Essex: social value is weighted \"up to 20% within quality\"), so that it does not "
        "crowd out price and quality. Nested (`social value 20%, within quality`), its share of the total is "
        "its share of quality times quality's weight.",
    ),
    "social-value-not-exact": Spec(
        severity=E,
        title="Social value weight not the policy's share",
        message="social value is weighted {weight} of {base}; the policy sets exactly {share}",
        explanation="A policy may fix social value's weight exactly (`social value exactly 10%`), so that every "
        "tender under it weighs social value the same and bidders can compare them.",
    ),
    "too-many-outcomes": Spec(
        severity=E,
        title="Measures from more outcomes than the policy allows",
        message="the selected measures come from {count} outcomes ({outcomes}); the policy allows {limit} per contract",
        explanation="PPN 002 asks buyers to choose one outcome per contract, so that the social value asked for is "
        "relevant and proportionate to the subject matter. `at most 1 outcome per contract` counts the outcomes "
        "the tender's selected measures belong to.",
        hint="select measures from fewer outcomes, or change the policy",
    ),
    "weights-do-not-sum-to-criterion": Spec(
        severity=E,
        title="Shares of the total do not add up to their criterion",
        message="the weights of {group} add up to {total} of the total score, not the {kind} criterion's {share}",
        explanation="Weights written `of total` (`weight 12% of total`) are shares of the whole score, as many "
        "councils publish sub-criteria; together they make up their criterion's share of the total, so that "
        "each is its written share and none is silently scaled.",
    ),
    "weight-bases-mixed": Spec(
        severity=E,
        title="Weights of two kinds in one group",
        message="{item} is weighted {weight} of the total score while {other} is weighted as a share of the "
        "{kind} criterion",
        explanation="The questions of a tender (or its selected measures) are weighted either all as shares of "
        "their criterion (`weight 40%`) or all as shares of the total score (`weight 12% of total`); a mix "
        "has no one meaning.",
        hint="write every weight of the group the same way",
    ),
    "of-total-not-applicable": Spec(
        severity=E,
        title="Weight of the total does not apply here",
        message="'of total' applies to the weights of a tender's questions and selected measures, not of {what}",
        explanation="A framework's themes and outcomes share out the social value score of whichever tender uses "
        "them, so their weights cannot be shares of a total score the framework does not know.",
    ),
    "named-criterion-measure-not-selected": Spec(
        severity=E,
        title="Named criterion over a measure not selected",
        message="criterion '{criterion}' lists '{measure}', which the tender does not select",
        explanation="A criterion beside price, quality and social value (`criterion environmental 10%, measures "
        "G1, G2`; Manchester's additional environmental 10%) scores some of the tender's selected measures: each "
        "measure it lists must be selected under `social value measures`, with its weight in that criterion.",
    ),
    "measure-in-two-criteria": Spec(
        severity=E,
        title="Measure in two criteria",
        message="'{measure}' is listed by criterion '{first}' and again by criterion '{second}'",
        explanation="Each selected measure scores for one criterion, or its points would count twice.",
    ),
    # ------------------------------------------------------------------ outcome-level rules
    "award-criterion-not-in-outcome": Spec(
        severity=E,
        title="Award criterion not in the question's outcome",
        message="'{name}' is not an award criterion of outcome '{outcome}'{where}",
        explanation="PPN 06/20 judges the model question on an outcome against that outcome's own Model Award "
        "Criteria. `judged against` names measures of the outcome (the framework's award criteria); a "
        "criterion from another outcome would judge the answer against a different policy outcome.",
    ),
    "outcome-asked-twice": Spec(
        severity=E,
        title="Two questions on one outcome",
        message="questions '{first}' and '{second}' are both on outcome '{outcome}'",
        explanation="PPN 06/20 asks one model evaluation question per policy outcome, judged against all the "
        "award criteria chosen for it; two questions on the same outcome would mark the same commitment twice.",
        hint="merge the two questions, judged against the award criteria of both",
    ),
    # ------------------------------------------------------------------ minimums on marks
    "mark-rule-without-marks": Spec(
        severity=E,
        title="Rule on marks, but nothing is marked",
        message="'{rule}' is set on the {kind} criterion, which has no question or measure marked by evaluators",
        explanation="A rule such as `any mark below 2 excludes the bid` reads the evaluators' moderated marks on "
        "the criterion's questions or measures scored `by evaluators`. A criterion without any such item has no "
        "mark for it to read, so the rule could never apply: the tender would promise an exclusion it cannot make.",
        hint="score a question or measure of this criterion by evaluators, or remove the rule",
    ),
    "mark-off-scale": Spec(
        severity=E,
        title="Mark not on the scale",
        message="{what} {mark} on '{item}' {problem} (scale '{scale}': {levels})",
        explanation="Minimums and gates on evaluator-marked items are marks on the item's own scale: `minimum 2` "
        "scores nothing for a mark below 2, `any mark of 0 excludes the bid` excludes a bid marked 0. A figure "
        "at or below the scale's lowest level never applies, one above its top level always applies, and "
        "`any mark of N` needs N to be a level of the scale, or the rule would mean something other than what "
        "the tender says (PPN 002: \"a specific, measurable, time-bound commitment is the minimum to score\" "
        "names a level of the scale).",
        hint="use a level of the scale, as evaluators will mark it",
    ),
}
