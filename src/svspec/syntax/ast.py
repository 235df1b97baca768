"""The abstract syntax tree: what the author wrote, in order, with a span on every node.

Blocks keep their items in source order (the formatter needs it); later stages pick out what
they need. Numbers are kept as exact `Decimal`s together with the text as written.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction
from typing import Literal

from svspec.diagnostics import Span
from svspec.kinds.answers import AnswerKindName


@dataclass(frozen=True, slots=True, kw_only=True)
class Node:
    span: Span


@dataclass(frozen=True, slots=True, kw_only=True)
class Name(Node):
    """An identifier: a code such as LBL1 or a name such as jobs."""

    text: str


@dataclass(frozen=True, slots=True, kw_only=True)
class Text(Node):
    """Quoted text, already unescaped."""

    value: str


@dataclass(frozen=True, slots=True, kw_only=True)
class Amount(Node):
    """A number as written: `10 FTE`, `£28,213`, `25%` or `3`."""

    kind: Literal["number", "money", "percent"]
    value: Decimal
    unit: Name | None = None
    text: str = ""  # the number as written (`£28,213`, `25%`, `5,000`), so the formatter keeps it
    exact: Fraction | None = None
    """A fractional weight (`1/3`) exactly, in percent (100/3); `value` is then that rounded, for messages."""


# ---------------------------------------------------------------- shared items
@dataclass(frozen=True, slots=True, kw_only=True)
class Setting(Node):
    """`version 2026.1`, `owner "..."`, `effective 2026-04-01`, `currency GBP`, `licence`,
    `source`, `edition`, `closes`: a keyword and one value."""

    key: str
    value: str
    value_span: Span
    quoted: bool


@dataclass(frozen=True, slots=True, kw_only=True)
class Prose(Node):
    """Markdown prose: `why: ...`, `summary "..."`, `guidance \"\"\"...\"\"\"`."""

    key: str
    text: str
    style: Literal["line", "string", "block"]


@dataclass(frozen=True, slots=True, kw_only=True)
class Weight(Node):
    percent: Amount
    of_total: bool = False  # `weight 12% of total`: a share of the total score, not of its criterion


@dataclass(frozen=True, slots=True, kw_only=True)
class Broken(Node):
    """A statement that did not parse (already reported)."""


# ---------------------------------------------------------------- framework-level
@dataclass(frozen=True, slots=True, kw_only=True)
class Priority(Node):
    names: tuple[Name, ...]


@dataclass(frozen=True, slots=True, kw_only=True)
class ValuesImport(Node):
    name: Name
    version: Text
    path: Text


@dataclass(frozen=True, slots=True, kw_only=True)
class UnitDecl(Node):
    name: Name
    description: Text


@dataclass(frozen=True, slots=True, kw_only=True)
class Rising(Node):
    """`, rising to 20% from 2023-04-01`: the figure a policy rule sets from that date on."""

    percent: Amount
    date: str
    date_span: Span


@dataclass(frozen=True, slots=True, kw_only=True)
class MinSocialValue(Node):
    percent: Amount
    rising: tuple[Rising, ...] = ()


@dataclass(frozen=True, slots=True, kw_only=True)
class MinGroupShare(Node):
    group: Name
    percent: Amount
    base: Literal["total", "social value"]
    rising: tuple[Rising, ...] = ()  # every percentage minimum may rise on a date (issue 9 item 10)


@dataclass(frozen=True, slots=True, kw_only=True)
class MaxMeasures(Node):
    count: Amount


@dataclass(frozen=True, slots=True, kw_only=True)
class MinMeasures(Node):
    count: Amount
    group: Name | None


@dataclass(frozen=True, slots=True, kw_only=True)
class MinMeasureWeight(Node):
    percent: Amount
    rising: tuple[Rising, ...] = ()


@dataclass(frozen=True, slots=True, kw_only=True)
class AppliesFrom(Node):
    money: Amount
    recommended_below: bool = False


# Targets (issue 9 items 1, 9, 10)
@dataclass(frozen=True, slots=True, kw_only=True)
class MinCommitments(Node):
    """`commitments at least 10% of contract value, or the bid is excluded` (LBHF): a delivery
    minimum on the total social value of a bid's valued commitments."""

    percent: Amount
    rising: tuple[Rising, ...]
    below: Literal["excluded", "nothing"]


@dataclass(frozen=True, slots=True, kw_only=True)
class Recommended(Node):
    """`recommended` and the rules under it: advice (a warning when not followed), not a requirement."""

    rules: tuple[PolicyRule | Broken, ...]


@dataclass(frozen=True, slots=True, kw_only=True)
class SocialValueShare(Node):
    """`social value at most 20%`, `social value exactly 10% within quality` (issue 9 item 5)."""

    bound: Literal["at most", "exactly"]
    percent: Amount
    within_quality: bool


@dataclass(frozen=True, slots=True, kw_only=True)
class OutcomesAtMost(Node):
    """`at most 1 outcome per contract` (PPN 002: one outcome per contract; issue 9 item 7)."""

    count: Amount


PolicyRule = (MinSocialValue | MinGroupShare | MaxMeasures | MinMeasures | MinMeasureWeight | AppliesFrom
              | MinCommitments | Recommended | SocialValueShare | OutcomesAtMost)


@dataclass(frozen=True, slots=True, kw_only=True)
class Policy(Node):
    rules: tuple[PolicyRule | Broken, ...]


@dataclass(frozen=True, slots=True, kw_only=True)
class ScaleLevel(Node):
    value: Amount
    label: Text
    descriptor: Prose | None


@dataclass(frozen=True, slots=True, kw_only=True)
class Scale(Node):
    name: Name
    title: Text | None
    levels: tuple[ScaleLevel | Broken, ...]


# ---------------------------------------------------------------- measures
@dataclass(frozen=True, slots=True, kw_only=True)
class UnitRef(Node):
    name: Name


@dataclass(frozen=True, slots=True, kw_only=True)
class Bound(Node):
    side: Literal["at least", "at most"]
    amount: Amount


@dataclass(frozen=True, slots=True, kw_only=True)
class Answer(Node):
    """`answer number at least 0`, `answer money`, `answer yes or no`, `answer choice "a", "b"`,
    `answer text up to 500 words`, `answer file`."""

    kind: AnswerKindName
    bounds: tuple[Bound, ...] = ()
    choices: tuple[Text, ...] = ()
    limit: Amount | None = None
    limit_unit: Literal["words", "characters"] | None = None
    parts: tuple[AnswerPart, ...] = ()


@dataclass(frozen=True, slots=True, kw_only=True)
class AnswerPart(Node):
    """One figure of `answer sum of cash, volunteer-hours at £16.93 per hour`: pounds, or units at a rate."""

    name: Name
    rate: Amount | None = None
    per: Name | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class Flag(Node):
    flag: Literal["record only", "apportioned", "local only"]
    area: tuple[Name, ...] = ()  # `local only in SE1, SE11`: postcode districts
    boundary: Text | None = None  # `local only within "Essex County Council area"`


@dataclass(frozen=True, slots=True, kw_only=True)
class QuestionText(Node):
    """`question "..."`: a framework question as published (PPN 06/20's model evaluation question),
    or a tender's refined wording of it."""

    text: Text


@dataclass(frozen=True, slots=True, kw_only=True)
class SubCriterion(Node):
    """`sub-criterion "..."`: one of the award sub-criteria a framework question is judged against."""

    text: Text


@dataclass(frozen=True, slots=True, kw_only=True)
class Tagged(Node):
    """`tagged equality, sdg8`: the tags a theme, outcome or measure carries."""

    names: tuple[Name, ...]


@dataclass(frozen=True, slots=True, kw_only=True)
class Tag(Node):
    name: Name
    title: Text


@dataclass(frozen=True, slots=True, kw_only=True)
class Tags(Node):
    """`tags purpose "Shared purpose"` and its tags: a family a site and reports can group by."""

    name: Name
    title: Text
    items: tuple[Tag | Broken, ...]


@dataclass(frozen=True, slots=True, kw_only=True)
class ValueProxy(Node):
    """`value £28,213 per FTE per year, source "...", edition 2026`."""

    money: Amount
    per: Name
    per_year: bool
    source: Text | None
    edition: Text | None


@dataclass(frozen=True, slots=True, kw_only=True)
class ValueRef(Node):
    """`value local-fte from lambeth-proxies`."""

    entry: Name
    value_set: Name


@dataclass(frozen=True, slots=True, kw_only=True)
class Adjustment(Node):
    kind: Literal["deadweight", "displacement", "attribution", "drop-off", "leakage"]
    percent: Amount


@dataclass(frozen=True, slots=True, kw_only=True)
class Adjust(Node):
    adjustments: tuple[Adjustment, ...]


@dataclass(frozen=True, slots=True, kw_only=True)
class Duration(Node):
    amount: Amount
    period: str


@dataclass(frozen=True, slots=True, kw_only=True)
class Discount(Node):
    percent: Amount
    per_year: bool
    first_year: Literal["discounted", "undiscounted"] | None = None
    """The convention named after the rate (`, first year undiscounted`), None when not named."""


@dataclass(frozen=True, slots=True, kw_only=True)
class Investment(Node):
    """`investment £50,000`: what a measure's social value is set against for an SROI ratio."""

    money: Amount


@dataclass(frozen=True, slots=True, kw_only=True)
class Evidence(Node):
    what: Text
    when: str
    verified_by: Text | None


@dataclass(frozen=True, slots=True, kw_only=True)
class Attest(Node):
    text: Text


@dataclass(frozen=True, slots=True, kw_only=True)
class Report(Node):
    what: Text
    when: str


@dataclass(frozen=True, slots=True, kw_only=True)
class Relation(Node):
    """`contributes to`, `no double counting with`, `additional to`, `part of`, followed by names."""

    relation: Literal["contributes to", "no double counting with", "additional to", "part of"]
    names: tuple[Name, ...]


# ---------------------------------------------------------------- scoring rules
@dataclass(frozen=True, slots=True, kw_only=True)
class Linear(Node):
    low: Amount
    high: Amount
    clamping: Literal["clamped", "unclamped"] | None


@dataclass(frozen=True, slots=True, kw_only=True)
class RelativeToBest(Node):
    pass


@dataclass(frozen=True, slots=True, kw_only=True)
class ByEvaluators(Node):
    scale: Name


@dataclass(frozen=True, slots=True, kw_only=True)
class ValuePerPound(Node):
    target: Amount


@dataclass(frozen=True, slots=True, kw_only=True)
class ValueRelativeToBest(Node):
    pass


@dataclass(frozen=True, slots=True, kw_only=True)
class YesNo(Node):
    pass


@dataclass(frozen=True, slots=True, kw_only=True)
class Band(Node):
    at_least: Amount
    scores: Amount


@dataclass(frozen=True, slots=True, kw_only=True)
class Otherwise(Node):
    scores: Amount


@dataclass(frozen=True, slots=True, kw_only=True)
class Bands(Node):
    bands: tuple[Band | Otherwise | Broken, ...]


Rule = Linear | RelativeToBest | ByEvaluators | ValuePerPound | ValueRelativeToBest | YesNo | Bands


@dataclass(frozen=True, slots=True, kw_only=True)
class Cap(Node):
    amount: Amount


@dataclass(frozen=True, slots=True, kw_only=True)
class PointsCap(Node):
    percent: Amount


@dataclass(frozen=True, slots=True, kw_only=True)
class Threshold(Node):
    amount: Amount


@dataclass(frozen=True, slots=True, kw_only=True)
class Gate(Node):
    amount: Amount | None  # None: `gate yes`


@dataclass(frozen=True, slots=True, kw_only=True)
class Credibility(Node):
    scale: Name


Modifier = Cap | PointsCap | Threshold | Gate | Credibility


@dataclass(frozen=True, slots=True, kw_only=True)
class Scored(Node):
    rule: Rule
    modifiers: tuple[Modifier, ...]


MeasureItem = (
    Prose | UnitRef | Answer | Flag | ValueProxy | ValueRef | Adjust | Duration | Discount
    | Evidence | Attest | Report | Relation | Scored | QuestionText | SubCriterion | Tagged | Broken
)


@dataclass(frozen=True, slots=True, kw_only=True)
class Measure(Node):
    code: Name
    title: Text
    items: tuple[MeasureItem, ...]


@dataclass(frozen=True, slots=True, kw_only=True)
class Outcome(Node):
    name: Name
    title: Text
    items: tuple[Prose | Weight | Measure | Tagged | Broken, ...]


@dataclass(frozen=True, slots=True, kw_only=True)
class Theme(Node):
    name: Name
    title: Text
    items: tuple[Prose | Weight | Outcome | Tagged | Broken, ...]


StepCodeKind = Literal["measure", "outcome", "theme"]


@dataclass(frozen=True, slots=True, kw_only=True)
class Step(Node):
    kind: Literal["activity", "output", "outcome", "impact"]
    ref: Name | None
    text: Text | None
    assumption: Text | None
    confidence: Amount | None
    after: tuple[Name | Text, ...] = ()  # `from ...`: the earlier steps it follows; () for the step above
    ref_kind: StepCodeKind | None = None
    """`output measure "MAC 2.1"`: what the step's code names, written before it (issue 9 item 11)."""


@dataclass(frozen=True, slots=True, kw_only=True)
class Pathway(Node):
    name: Name
    title: Text
    items: tuple[Step | Prose | Broken, ...]


# ---------------------------------------------------------------- extends (docs/language/extends.md)
VersionConstraint = Literal["exact", "wildcard", "at least"]


@dataclass(frozen=True, slots=True, kw_only=True)
class Extends(Node):
    """`extends NAME VERSION [from "FILE"]`: the framework this one localises (bundled without a file)."""

    name: Name
    version: Text
    constraint: VersionConstraint
    path: Text | None


@dataclass(frozen=True, slots=True, kw_only=True)
class Rename(Node):
    """`rename OLD to NEW`: a measure of the base framework re-coded."""

    old: Name
    new: Name


@dataclass(frozen=True, slots=True, kw_only=True)
class Drop(Node):
    """`drop NAME`: a theme, outcome or measure of the base framework left out."""

    name: Name


@dataclass(frozen=True, slots=True, kw_only=True)
class Change(Node):
    """`change theme|outcome|measure NAME ["TITLE"]`: what a layer overrides or adds inside an inherited block."""

    kind: Literal["theme", "outcome", "measure"]
    name: Name
    title: Text | None
    items: tuple[Node, ...]


FrameworkItem = (
    Setting | Prose | Priority | ValuesImport | Policy | Scale | UnitDecl | Theme | Pathway | Tags | Broken
    | Extends | Rename | Drop | Change
)


@dataclass(frozen=True, slots=True, kw_only=True)
class Framework(Node):
    name: Name
    title: Text
    items: tuple[FrameworkItem, ...]


# ---------------------------------------------------------------- tender
@dataclass(frozen=True, slots=True, kw_only=True)
class Uses(Node):
    name: Name
    version: Text
    path: Text | None  # None: a bundled framework, found by name (svspec.bundled)
    constraint: VersionConstraint = "exact"


@dataclass(frozen=True, slots=True, kw_only=True)
class Contract(Node):
    value: Amount
    duration: Amount
    period: str


@dataclass(frozen=True, slots=True, kw_only=True)
class PriceRelativeToLowest(Node):
    pass


@dataclass(frozen=True, slots=True, kw_only=True)
class PriceFixedRange(Node):
    low: Amount
    high: Amount
    clamping: str | None = None  # "clamped", "unclamped" or None (clamped)


@dataclass(frozen=True, slots=True, kw_only=True)
class PriceFormula(Node):
    """`scored relative to mean` or `scored by deviation from lowest` (issue 12 item 4)."""

    formula: Literal["relative-to-mean", "deviation-from-lowest"]


@dataclass(frozen=True, slots=True, kw_only=True)
class PassMark(Node):
    percent: Amount


@dataclass(frozen=True, slots=True, kw_only=True)
class MarkRule(Node):
    """`any mark below 2 excludes the bid`, `any mark of 0 scores nothing for the criterion`."""

    test: Literal["below", "of"]
    mark: Amount
    effect: Literal["excludes", "zeroes"]


@dataclass(frozen=True, slots=True, kw_only=True)
class WithinQuality(Node):
    """`social value 20%, within quality`: the weight is a share of the quality criterion (Essex)."""


CriterionOption = PriceRelativeToLowest | PriceFixedRange | PriceFormula | PassMark | MarkRule | WithinQuality


@dataclass(frozen=True, slots=True, kw_only=True)
class Criterion(Node):
    kind: Literal["price", "quality", "social value"]
    kind_span: Span
    weight: Amount
    options: tuple[CriterionOption, ...]


@dataclass(frozen=True, slots=True, kw_only=True)
class NamedCriterion(Node):
    """`criterion environmental 10%, measures G1, G2`: a criterion beside price, quality and social value."""

    name: Name
    weight: Amount
    measures: tuple[Name, ...]


@dataclass(frozen=True, slots=True, kw_only=True)
class Criteria(Node):
    criteria: tuple[Criterion | NamedCriterion | Broken, ...]


@dataclass(frozen=True, slots=True, kw_only=True)
class QuestionOutcome(Node):
    """`on outcome jobs, judged against MAC2.1, MAC2.2`: PPN 06/20's model question on one outcome."""

    outcome: Name
    criteria: tuple[Name, ...]


@dataclass(frozen=True, slots=True, kw_only=True)
class Question(Node):
    code: Name
    title: Text
    items: tuple[Prose | Weight | Answer | Scored | Evidence | QuestionOutcome | Broken, ...]


@dataclass(frozen=True, slots=True, kw_only=True)
class QualityQuestions(Node):
    questions: tuple[Question | Broken, ...]


@dataclass(frozen=True, slots=True, kw_only=True)
class Selection(Node):
    measure: Name
    weight: Amount
    scored: Scored | None
    of_total: bool = False  # `LBL1 weight 4% of total`: a share of the total score
    tailoring: tuple[TailoringItem, ...] = ()


TailoringItem = Prose | Answer | QuestionText | SubCriterion | Report | Broken
"""What a tender may tailor of a framework question (issue 9 item 2)."""


@dataclass(frozen=True, slots=True, kw_only=True)
class Recorded(Node):
    """`ECC2 record only`: a measure collected in the bid and validated, never scored."""

    measure: Name
    tailoring: tuple[TailoringItem, ...] = ()


@dataclass(frozen=True, slots=True, kw_only=True)
class NarrativeLimit(Node):
    """`narrative up to 6,000 words in total`: one limit across all of a bid's text answers."""

    limit: Amount
    unit: Literal["words", "characters"]


@dataclass(frozen=True, slots=True, kw_only=True)
class ValueTarget(Node):
    """`total value weight 100%, scored by value per £ against £0.25` (Essex): the bid's valued
    commitments summed in £ and scored as one item of social value."""

    weight: Amount
    scored: Scored


@dataclass(frozen=True, slots=True, kw_only=True)
class SocialValueMeasures(Node):
    selections: tuple[Selection | Recorded | ValueTarget | Broken, ...]


@dataclass(frozen=True, slots=True, kw_only=True)
class WaiverReason(Node):
    text: Text


@dataclass(frozen=True, slots=True, kw_only=True)
class WaiverApproval(Node):
    by: Text
    on: str | None
    on_span: Span | None


@dataclass(frozen=True, slots=True, kw_only=True)
class Waiver(Node):
    """`waiver CODE` with its reason and approver: a policy error turned into a recorded exception."""

    code: Name
    items: tuple[WaiverReason | WaiverApproval | Broken, ...]


@dataclass(frozen=True, slots=True, kw_only=True)
class Moderation(Node):
    kind: Literal["consensus", "mean"]


@dataclass(frozen=True, slots=True, kw_only=True)
class TieBreak(Node):
    order: tuple[str, ...]


@dataclass(frozen=True, slots=True, kw_only=True)
class Compare(Node):
    among: Literal["all bids", "passing bids"]


@dataclass(frozen=True, slots=True, kw_only=True)
class Kpis(Node):
    """`kpis LBL1, LBL3, LBL5`: the selected measures that become the contract's KPIs."""

    names: tuple[Name, ...]


@dataclass(frozen=True, slots=True, kw_only=True)
class ReturnsDue(Node):
    """`returns due 30 days after each period`."""

    days: Amount


@dataclass(frozen=True, slots=True, kw_only=True)
class Rating(Node):
    """`rating good at least 100%, approaching target at least 80%, requires improvement at least 50%`:
    the share of a KPI's target delivered that earns each rating (below the last: Inadequate)."""

    good: Amount
    approaching: Amount
    improvement: Amount


# methods: abnormally low tenders, a stated rounding rule, shortlisting (issue 12 items 2, 3, 5)
@dataclass(frozen=True, slots=True, kw_only=True)
class LowTest(Node):
    """`at least 40% below the mean of the others` or `at least 30% below the next lowest`."""

    against: Literal["mean of others", "next lowest"]
    percent: Amount


@dataclass(frozen=True, slots=True, kw_only=True)
class AbnormallyLow(Node):
    """`abnormally low if TEST or TEST, excluded | held for investigation` (Procurement Act 2023 s.19)."""

    tests: tuple[LowTest, ...]
    action: Literal["excluded", "held for investigation"]


@dataclass(frozen=True, slots=True, kw_only=True)
class Rounding(Node):
    """`round totals to 2 places before ranking`: ranking on the rounded totals, as stated."""

    places: Amount


@dataclass(frozen=True, slots=True, kw_only=True)
class ItemRounding(Node):
    """`round points per question to whole points before weighting` (or `to N places`): each
    question's and measure's points out of 100 are rounded before its weight is applied."""

    places: Amount | None  # None: whole points


@dataclass(frozen=True, slots=True, kw_only=True)
class Shortlist(Node):
    """`shortlist the top 3 on quality, ties included | excluded`: a stage before price."""

    top: Amount
    ties: Literal["included", "excluded"]


@dataclass(frozen=True, slots=True, kw_only=True)
class AwardMethod(Node):
    """`award by price per quality point`: the lowest price per point of the weighted total wins."""

    method: Literal["price per quality point"] = "price per quality point"


# price components: whole-life cost, capital + 7 × running cost (issue 12 item 4)
@dataclass(frozen=True, slots=True, kw_only=True)
class PriceComponent(Node):
    """`running "Annual running cost" times 7`: one part of the price a bid gives, counted N times."""

    code: Name
    title: Text
    times: Amount | None  # None: once


@dataclass(frozen=True, slots=True, kw_only=True)
class PriceComponents(Node):
    """`price components`: the price scored is the sum of the components, each counted its times."""

    components: tuple[PriceComponent, ...]


TenderItem = (
    Setting | Prose | Uses | Contract | Criteria | QualityQuestions | SocialValueMeasures
    | Moderation | TieBreak | Compare | Policy | Scale | Kpis | ReturnsDue | Rating | Waiver | NarrativeLimit
    | Broken | AbnormallyLow | Rounding | Shortlist | AwardMethod | ItemRounding | PriceComponents
)


@dataclass(frozen=True, slots=True, kw_only=True)
class Tender(Node):
    name: Name
    title: Text
    items: tuple[TenderItem, ...]


# ---------------------------------------------------------------- value sets
@dataclass(frozen=True, slots=True, kw_only=True)
class Proxy(Node):
    name: Name
    money: Amount
    per: Name
    per_year: bool
    source: Text | None
    edition: Text | None


@dataclass(frozen=True, slots=True, kw_only=True)
class ValueSet(Node):
    name: Name
    title: Text
    items: tuple[Setting | Prose | Proxy | Broken, ...]


Declaration = Framework | Tender | ValueSet


@dataclass(frozen=True, slots=True, kw_only=True)
class SourceFile(Node):
    """One parsed file: its declarations (normally exactly one)."""

    declarations: tuple[Declaration, ...]
