"""Diagnostic codes for scoring, marks files and moderation (issue 4). Joined into `registry.REGISTRY`."""

from __future__ import annotations

from svspec.diagnostics.core import Severity, Spec

E, W = Severity.ERROR, Severity.WARNING

_MARKS_FORMAT = (
    "A marks file is YAML: `tender: NAME` and a list `marks:` whose entries name a `bidder`, an `item` "
    "(a quality question, a measure scored by evaluators, or a measure with a credibility discount), the "
    "`evaluators`' individual marks with reasons, and a `consensus` mark when the tender moderates by "
    "consensus. See docs/reference/marks.md."
)

CODES: dict[str, Spec] = {
    # ------------------------------------------------------------------ the marks file itself
    "marks/unreadable": Spec(
        severity=E,
        title="Marks file cannot be read",
        message="cannot read marks file '{path}': {reason}",
        explanation="svspec could not open the marks file, or it is not UTF-8 text. " + _MARKS_FORMAT,
    ),
    "marks/invalid-yaml": Spec(
        severity=E,
        title="Marks file is not valid YAML",
        message="the marks file is not valid YAML: {reason}",
        explanation="The marks file could not be parsed as YAML. Look at the line shown and the one above it: "
        "a missing colon, a tab, or an unclosed quote are the usual causes. " + _MARKS_FORMAT,
    ),
    "marks/malformed": Spec(
        severity=E,
        title="Marks file entry has the wrong shape",
        message="{what}",
        explanation="An entry of the marks file is not shaped as the format requires. " + _MARKS_FORMAT,
    ),
    "marks/wrong-tender": Spec(
        severity=E,
        title="Marks file is for another tender",
        message="this marks file is for tender '{found}', but the bids are scored against '{expected}'",
        explanation="A marks file names the tender it belongs to, so that the marks of one procurement "
        "cannot be applied to another by mistake.",
    ),
    "marks/unknown-bidder": Spec(
        severity=E,
        title="Marks for a bidder with no bid",
        message="there is no bid from '{bidder}'",
        explanation="Every entry of a marks file names a bidder exactly as their bid file names them (its "
        "`bidder:` line). Marks for a bidder whose bid was not given to `svspec score` are refused rather than "
        "ignored, because a misspelt name would otherwise leave a bid without marks.",
    ),
    "marks/unknown-item": Spec(
        severity=E,
        title="Marks for an item the tender does not have",
        message="the tender has no question or measure '{item}'",
        explanation="`item:` must be the code of a quality question or a selected measure of the tender.",
    ),
    "marks/item-not-marked": Spec(
        severity=E,
        title="Marks for an item evaluators do not mark",
        message="'{item}' is scored {rule}; evaluators give no marks for it",
        explanation="Evaluators mark quality questions and measures `scored by evaluators`, and give the "
        "credibility level of measures with `credibility by evaluators`. Other rules are computed from the "
        "bid's answers alone.",
    ),
    "marks/duplicate-entry": Spec(
        severity=E,
        title="Two entries for the same bidder and item",
        message="'{bidder}' already has marks for '{item}'",
        explanation="Each bidder has at most one entry per item; put every evaluator's mark in that entry.",
    ),
    "marks/not-a-number": Spec(
        severity=E,
        title="Mark is not a number",
        message="the mark {mark!r} is not a number",
        explanation="Marks are numbers on the item's scale (for a percentage scale, `75%` or `75`).",
    ),
    "marks/mark-not-on-scale": Spec(
        severity=E,
        title="Mark is not a level of the scale",
        message="{mark} is not a level of scale '{scale}' ({levels})",
        explanation="Evaluators mark on the scale the tender declares: each individual mark and the "
        "consensus mark must be one of its levels, so that every mark has a published descriptor. Only the "
        "mean of several marks may fall between levels.",
    ),
    "marks/no-evaluators": Spec(
        severity=E,
        title="No individual marks",
        message="no evaluator's mark for '{bidder}' on '{item}'",
        explanation="Each entry records the individual evaluators' marks (`evaluators: {E1: {mark: 75, "
        "reason: ...}}`), so that moderation can be audited.",
    ),
    "marks/missing-consensus": Spec(
        severity=E,
        title="Consensus mark missing",
        message="the tender moderates by consensus, but '{bidder}' has no consensus mark on '{item}'",
        explanation="Under `moderation consensus` the evaluators agree one mark per bid and item after "
        "discussing their individual marks; that agreed mark is the one scored.",
        hint="add `consensus: {{mark: ..., reason: \"...\"}}` to this entry",
    ),
    "marks/consensus-reason-missing": Spec(
        severity=E,
        title="Consensus departs from the individual marks without a reason",
        message="the consensus mark {consensus} differs from {evaluator}'s mark {mark}, and no reason is given",
        explanation="When the agreed mark is not what every evaluator gave, the moderation note must say why: "
        "an award decision can be challenged, and the record must show how the final mark was reached.",
        hint="add a `reason:` to the consensus mark",
    ),
    "marks/consensus-ignored": Spec(
        severity=W,
        title="Consensus mark ignored under mean moderation",
        message="the tender moderates by the mean of the evaluators' marks; this consensus mark is not used",
        explanation="The tender declares `moderation mean`, so the score is the exact mean of the individual "
        "marks. Remove the consensus mark, or change the tender to `moderation consensus`.",
    ),
    "marks/missing-reason": Spec(
        severity=W,
        title="Mark without a reason",
        message="{evaluator}'s mark for '{bidder}' on '{item}' has no reason",
        explanation="Each mark should come with a reason: the assessment summary sent to each bidder "
        "(Procurement Act 2023 s.50) quotes them.",
    ),
    "marks/missing-mark": Spec(
        severity=E,
        title="Bid has no mark",
        message="'{bidder}' has no {use} for '{item}'",
        explanation="Items scored by evaluators (and credibility discounts) need a mark for every bid. svspec "
        "never scores a missing mark as zero: add the marks to the marks file.",
    ),
    "marks/file-needed": Spec(
        severity=E,
        title="Evaluator marks needed",
        message="{items} {verb} marked by evaluators: give the marks with --marks FILE",
        explanation="The tender has questions or measures that evaluators mark. Without a marks file they "
        "cannot be scored, and svspec never scores them as zero. " + _MARKS_FORMAT,
    ),
    # ------------------------------------------------------------------ bids as scored
    "score/duplicate-bidder": Spec(
        severity=E,
        title="Two bids from the same bidder",
        message="'{bidder}' has more than one bid",
        explanation="Reports, marks and tie-breaks identify bids by the bidder's name, so each bidder may "
        "submit one bid. Remove the older file or correct the `bidder:` line.",
    ),
    "score/wrong-tender": Spec(
        severity=E,
        title="Bid is for another tender",
        message="this bid is for tender '{found}', not '{expected}'",
        explanation="Each bid names the tender it answers. A bid for another tender cannot be scored here.",
    ),
    "score/missing-answer": Spec(
        severity=W,
        title="No answer: scored as zero",
        message="'{bidder}' gives no answer for '{item}', which scores 0",
        explanation="A bid that leaves a scored question or measure unanswered gets no points for it. The "
        "warning makes that zero visible in the report rather than silent.",
    ),
    "score/answer-not-a-number": Spec(
        severity=E,
        title="Answer is not a number",
        message="'{bidder}' answers '{item}' with {value!r}, but it is scored as a number",
        explanation="Measures scored linearly, relatively, in bands or by value need a number. Write the "
        "number alone (`12`, not `\"about 12 FTE\"`).",
    ),
    "score/answer-not-yes-no": Spec(
        severity=E,
        title="Answer is not yes or no",
        message="'{bidder}' answers '{item}' with {value!r}, but it is scored yes or no",
        explanation="Write `true` for yes and `false` for no.",
    ),
    "score/missing-price": Spec(
        severity=E,
        title="Bid has no price",
        message="'{bidder}' gives no price, but the tender scores price",
        explanation="Price is an award criterion of this tender, so every bid needs a `price:` in pounds.",
    ),
    "score/price-not-positive": Spec(
        severity=E,
        title="Price is not a positive amount",
        message="'{bidder}' gives a price of {price}; a price must be a positive number of pounds",
        explanation="Price scoring divides by prices or measures them against a range: a price must be a "
        "positive exact amount such as `11500000` or `11500000.50`.",
    ),
    "score/number-out-of-range": Spec(
        severity=E,
        title="Number beyond what is scored",
        message="'{bidder}' gives {value} for {item}, which {problem}",
        explanation="Numbers in a bid have at most 15 digits before the decimal point and 20 after it "
        "(`svspec validate` refuses longer ones: bid/number-too-large, bid/too-many-decimals). Scoring is "
        "exact, and a number such as 1e-999999 would take minutes to score; a bid built in code is checked "
        "here against the same bounds.",
    ),
    "marks/bad-receipt-time": Spec(
        severity=E,
        title="Receipt time is not a possible time",
        message="the receipt time {found} for '{bidder}' cannot be used: {reason}",
        explanation="`received:` in a marks file gives, for each bidder, the time the buyer received the "
        "bid, as an RFC 3339 date and time with its time zone (2027-01-10T12:00:00Z). It is the buyer's "
        "record, so it is used for the 'earliest submission' tie-break and the closing-date check instead "
        "of the bid's own `submitted` claim.",
        hint="write it like 2027-01-10T12:00:00Z",
    ),
    # methods (issue 12 items 7, 8): tie-break times and the moderation audit
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
