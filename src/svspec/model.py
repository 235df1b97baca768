"""The frozen model that every emitter sees. Built by `semantics.lower` from a checked AST.

Percentages are stored as exact fractions of one (`Decimal("0.25")` for 25%); money as exact
`Decimal` pounds. Emitters never see the AST or source text; `span` fields only let reports
point back to the spec line a figure came from.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from fractions import Fraction
from typing import Literal

from svspec.diagnostics import Span
from svspec.kinds.answers import ANSWERS, AnswerKindName

AnswerKind = AnswerKindName
RuleKind = str
"""A key of `svspec.kinds.rules.RULES` (the one table of rule kinds: linear, bands, ...)."""
When = Literal[
    "with the bid", "at mobilisation", "every month", "every quarter", "every year",
    "at contract end",
]


@dataclass(frozen=True, slots=True, kw_only=True)
class Unit:
    """A unit of measure: FTE, hours, tCO2e... `money` and `percent` are built in."""

    name: str
    description: str


@dataclass(frozen=True, slots=True, kw_only=True)
class AnswerPart:
    """One figure of a composite answer: `rate` pounds per `unit` ('£' with rate 1 for cash)."""

    name: str
    rate: Decimal
    unit: str


@dataclass(frozen=True, slots=True, kw_only=True)
class Answer:
    """What a supplier must give for a measure or question."""

    kind: AnswerKind
    minimum: Decimal | None = None
    maximum: Decimal | None = None
    choices: tuple[str, ...] = ()
    limit: int | None = None
    limit_unit: Literal["words", "characters"] | None = None
    parts: tuple[AnswerPart, ...] = ()
    """The figures of a composite answer (`answer sum of ...`), each valued in pounds at its rate."""

    @property
    def numeric(self) -> bool:
        """Whether the answer is an amount (`svspec.kinds.answers`)."""
        return ANSWERS[self.kind].numeric


@dataclass(frozen=True, slots=True, kw_only=True)
class Proxy:
    """A proxy value: £ per unit (per year when `per_year`), with where it comes from."""

    amount: Decimal
    unit: str
    per_year: bool
    source: str | None = None
    edition: str | None = None
    value_set: str | None = None
    entry: str | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class Valuation:
    """SROI-style valuation, as the Cabinet Office SROI guide does it. Adjustments are fractions and
    compound by multiplication: value in year t = quantity × proxy × (1−deadweight)(1−displacement)
    (1−attribution)(1−leakage) × (1−drop_off)^(t−1), divided by (1+discount_rate)^t, or by
    (1+discount_rate)^(t−1) when `discount_first_year` is false (`first year undiscounted`).
    `investment` (£), when given, is what the value is set against for the SROI ratio."""

    proxy: Proxy | None
    deadweight: Decimal = Decimal(0)
    displacement: Decimal = Decimal(0)
    attribution: Decimal = Decimal(0)
    leakage: Decimal = Decimal(0)
    drop_off: Decimal = Decimal(0)
    duration_years: Decimal = Decimal(1)
    discount_rate: Decimal = Decimal(0)
    discount_first_year: bool = True
    investment: Decimal | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class EvidenceRequirement:
    what: str
    when: When
    verified_by: str | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class ReportingMetric:
    """A figure the supplier reports during the contract: it becomes a contract KPI."""

    what: str
    when: When


@dataclass(frozen=True, slots=True, kw_only=True)
class Band:
    at_least: Decimal
    fraction: Decimal


@dataclass(frozen=True, slots=True, kw_only=True)
class ScoringRule:
    """How an answer turns into a fraction of the available points (0..1), before weighting.

    kind: a key of the one table of rule kinds, `svspec.kinds.rules.RULES`, whose class for the
    kind says what it reads and means; its arithmetic is `svspec.scoring.core.ARITHMETIC[kind]`.
    modifiers: `cap` limits the quantity counted, `threshold` gives 0 below it, `gate` (or
    `gate_yes`) excludes the whole bid below it, `points_cap` limits the fraction, and
    `credibility_scale` lets evaluators discount the result.
    """

    kind: RuleKind
    low: Decimal | None = None
    high: Decimal | None = None
    clamped: bool = True
    bands: tuple[Band, ...] = ()
    otherwise: Decimal = Decimal(0)
    scale: str | None = None
    target: Decimal | None = None
    cap: Decimal | None = None
    points_cap: Decimal | None = None
    threshold: Decimal | None = None
    gate: Decimal | None = None
    gate_yes: bool = False
    credibility_scale: str | None = None
    span: Span | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class Origin:
    """Where an item of a framework built on others came from (docs/language/extends.md): the layer
    declaring it (`ppn-002 2025.1`), the layers changing it, and its code before a `rename`."""

    declared_in: str
    changed_in: tuple[str, ...] = ()
    renamed_from: str | None = None

    def words(self) -> str:
        """`from ppn-002 2025.1, changed in lambeth 2026.1 (was NAT1)`, for every output."""
        text = f"from {self.declared_in}"
        if self.changed_in:
            text += ", changed in " + ", ".join(self.changed_in)
        if self.renamed_from:
            text += f" (was {self.renamed_from})"
        return text


@dataclass(frozen=True, slots=True, kw_only=True)
class Measure:
    """A measure (indicator) a supplier can commit to."""

    code: str
    title: str
    theme: str
    outcome: str
    answer: Answer
    unit: str | None
    why: str | None = None
    guidance: str | None = None
    summary: str | None = None
    note: str | None = None
    record_only: bool = False
    apportioned: bool = False
    local_only: bool = False
    valuation: Valuation | None = None
    evidence: tuple[EvidenceRequirement, ...] = ()
    attestations: tuple[str, ...] = ()
    reports: tuple[ReportingMetric, ...] = ()
    contributes_to: tuple[str, ...] = ()
    no_double_counting_with: tuple[str, ...] = ()
    additional_to: tuple[str, ...] = ()
    default_scoring: ScoringRule | None = None
    part_of: tuple[str, ...] = ()
    """The measures whose results include this one's (`part of`): its figure cannot exceed theirs."""
    span: Span | None = None
    origin: Origin | None = None  # None unless the framework extends another
    question: str | None = None
    """The question as published (PPN 06/20's model evaluation question), or as a tender refined it."""
    sub_criteria: tuple[str, ...] = ()
    local_area: tuple[str, ...] = ()
    """`local only in SE1, SE11`: the postcode districts that count as local."""
    local_boundary: str | None = None
    """`local only within "..."`: the named boundary that counts as local."""
    tags: tuple[str, ...] = ()
    """Its tags and those of its outcome and theme, in the order declared (issue 9 item 13)."""


@dataclass(frozen=True, slots=True, kw_only=True)
class Tag:
    name: str
    title: str


@dataclass(frozen=True, slots=True, kw_only=True)
class TagFamily:
    """`tags purpose "Shared purpose"`: a family of tags the site and reports can group by."""

    name: str
    title: str
    tags: tuple[Tag, ...]


@dataclass(frozen=True, slots=True, kw_only=True)
class Outcome:
    name: str
    title: str
    theme: str
    measures: tuple[str, ...]
    weight: Decimal | None = None
    priority: int | None = None
    why: str | None = None
    guidance: str | None = None
    summary: str | None = None
    note: str | None = None
    span: Span | None = None
    origin: Origin | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class Theme:
    name: str
    title: str
    outcomes: tuple[str, ...]
    weight: Decimal | None = None
    why: str | None = None
    guidance: str | None = None
    summary: str | None = None
    note: str | None = None
    span: Span | None = None
    origin: Origin | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class ScaleLevel:
    value: Decimal
    label: str
    descriptor: str | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class Scale:
    """An evaluator scale, best level first. `maximum` is the best level's value."""

    name: str
    title: str | None
    levels: tuple[ScaleLevel, ...]
    percent: bool = False

    @property
    def maximum(self) -> Decimal:
        return self.levels[0].value if self.levels else Decimal(0)


@dataclass(frozen=True, slots=True, kw_only=True)
class PathwayStep:
    kind: Literal["activity", "output", "outcome", "impact"]
    ref: str | None
    text: str | None
    assumption: str | None = None
    confidence: Decimal | None = None
    follows: tuple[int, ...] = ()  # the steps (by index in the pathway) this one follows


@dataclass(frozen=True, slots=True, kw_only=True)
class Pathway:
    """A theory-of-change pathway: each step leads on from the steps it `follows` (a graph that may branch and join)."""

    name: str
    title: str
    steps: tuple[PathwayStep, ...]
    why: str | None = None
    guidance: str | None = None
    summary: str | None = None
    note: str | None = None
    span: Span | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class GroupShare:
    group: str
    minimum: Decimal
    base: Literal["total", "social value"]
    rises: tuple[Rise, ...] = ()  # every percentage minimum may rise on a date (issue 9 item 10)


@dataclass(frozen=True, slots=True, kw_only=True)
class Rise:
    """A policy figure from a date on (LBHF: 20% from 2023). `figure` is a fraction of one."""

    figure: Decimal
    on: str


@dataclass(frozen=True, slots=True, kw_only=True)
class SocialValueShare:
    """`social value at most 20%` / `exactly 10%`, of the total or `within quality` (issue 9 item 5)."""

    bound: Literal["at most", "exactly"]
    share: Decimal
    within_quality: bool = False


@dataclass(frozen=True, slots=True, kw_only=True)
class Policy:
    """A framework's or tender's policy. For a tender, figures that rise on dates are the ones in
    force on its closing date (`as_of`); the steps stay in the `*_rises` fields for the site."""

    min_social_value: Decimal | None = None
    group_shares: tuple[GroupShare, ...] = ()
    max_measures: int | None = None
    min_measures: int | None = None
    min_measures_from: tuple[tuple[str, int], ...] = ()
    min_measure_weight: Decimal | None = None
    applies_from: Decimal | None = None
    # Targets (issue 9 items 1, 9, 10)
    min_social_value_rises: tuple[Rise, ...] = ()
    min_commitments: Decimal | None = None
    """The delivery minimum: a bid's valued commitments, as a fraction of the contract value (LBHF 10%)."""
    min_commitments_rises: tuple[Rise, ...] = ()
    below_commitments: Literal["excluded", "nothing"] = "excluded"
    """What a bid below the delivery minimum gets: excluded, or no social value points."""
    recommended_below: bool = False
    recommended: Policy | None = None
    """The rules that are advice, not requirements (`recommended`)."""
    as_of: str | None = None

    social_value_shares: tuple[SocialValueShare, ...] = ()
    max_outcomes: int | None = None
    min_measure_weight_rises: tuple[Rise, ...] = ()

@dataclass(frozen=True, slots=True, kw_only=True)
class Waiver:
    """A recorded exception to a policy rule of a tender (issue 9 item 9): published on the site."""

    code: str
    reason: str
    approved_by: str
    approved_on: str | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class ValueTarget:
    """The total social value of a bid's valued commitments, scored as one social value item
    (Essex: £0.25 per £1 of contract value). `weight` is its share of social value."""

    weight: Decimal
    scoring: ScoringRule


@dataclass(frozen=True, slots=True, kw_only=True)
class ValueSetRef:
    name: str
    edition: str
    path: str


@dataclass(frozen=True, slots=True, kw_only=True)
class ProxyEntry:
    name: str
    amount: Decimal
    unit: str
    per_year: bool
    source: str | None = None
    edition: str | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class ValueSet:
    """A set of proxy values, in a file of its own, referenced by name and edition."""

    name: str
    title: str
    edition: str
    source: str | None
    licence: str | None
    proxies: tuple[ProxyEntry, ...]
    summary: str | None = None
    file: str = ""


@dataclass(frozen=True, slots=True, kw_only=True)
class Framework:
    """A common outcomes framework: themes → outcomes → measures, with policy and scales."""

    name: str
    title: str
    version: str
    owner: str | None
    effective: str | None
    currency: str
    licence: str | None
    source: str | None
    themes: tuple[Theme, ...]
    outcomes: tuple[Outcome, ...]
    measures: tuple[Measure, ...]
    priority: tuple[str, ...]
    scales: tuple[Scale, ...]
    units: tuple[Unit, ...]
    pathways: tuple[Pathway, ...]
    policy: Policy
    value_sets: tuple[ValueSetRef, ...]
    why: str | None = None
    guidance: str | None = None
    summary: str | None = None
    note: str | None = None
    file: str = ""
    layers: tuple[str, ...] = ()  # an extended framework's layers, base first ("ppn-002 2025.1"); () if flat
    until: str | None = None  # the last day the framework applies (`until 2025-02-23`)
    replaced_by: str | None = None  # what replaced it (`replaced by ppn-002`)
    tag_families: tuple[TagFamily, ...] = ()
    measure_index: Mapping[str, Measure] = field(default_factory=dict, repr=False, compare=False)
    outcome_index: Mapping[str, Outcome] = field(default_factory=dict, repr=False, compare=False)
    theme_index: Mapping[str, Theme] = field(default_factory=dict, repr=False, compare=False)
    scale_index: Mapping[str, Scale] = field(default_factory=dict, repr=False, compare=False)

    def measure(self, code: str) -> Measure:
        return self.measure_index[code]

    def outcome(self, name: str) -> Outcome:
        return self.outcome_index[name]

    def theme(self, name: str) -> Theme:
        return self.theme_index[name]

    def scale(self, name: str) -> Scale:
        return self.scale_index[name]


@dataclass(frozen=True, slots=True, kw_only=True)
class MarkRule:
    """A rule on single marks of a criterion's evaluator-marked items (issue 9 item 6, issue 12 item 1):
    a moderated mark `below` (or `of`) `mark`, on the item's own scale, `excludes` the bid or `zeroes`
    the criterion ("a mark below 2 on any question excludes the bid", "0 on any question scores 0")."""

    test: Literal["below", "of"]
    mark: Decimal
    effect: Literal["excludes", "zeroes"]


@dataclass(frozen=True, slots=True, kw_only=True)
class Criterion:
    """An award criterion. `weight` is its share of the total score (fractions add up to 1)."""

    kind: str
    """"price", "quality", "social value", or the name of a criterion beside them (`criterion environmental`)."""
    weight: Decimal | Fraction
    price_formula: Literal["relative-to-lowest", "fixed-range", "relative-to-mean", "deviation-from-lowest"] \
        | None = None
    price_low: Decimal | None = None
    price_high: Decimal | None = None
    price_clamped: bool = True
    """A fixed range is clamped to 0..full points unless the tender says `unclamped` (issue 12 item 4)."""
    pass_mark: Decimal | None = None
    mark_rules: tuple[MarkRule, ...] = ()
    within: Literal["quality"] | None = None
    """Nested: `social value 20%, within quality`. `weight` is then the share of the total it carries
    (quality's weight × `share`), and quality's own weight is what is left of it."""
    share: Decimal | Fraction | None = None
    """The weight as written, for a nested criterion: its share of the criterion it is within."""


@dataclass(frozen=True, slots=True, kw_only=True)
class Question:
    """A quality question. `weight` is its share of the quality criterion."""

    code: str
    title: str
    weight: Decimal | Fraction
    answer: Answer
    scoring: ScoringRule
    evidence: tuple[EvidenceRequirement, ...] = ()
    why: str | None = None
    guidance: str | None = None
    summary: str | None = None
    note: str | None = None
    outcome: str | None = None
    """PPN 06/20's model question: the framework outcome it asks about (`on outcome NAME`)."""
    judged_against: tuple[str, ...] = ()
    """The award criteria (framework measures of `outcome`) the answer is judged against."""


@dataclass(frozen=True, slots=True, kw_only=True)
class Selection:
    """A framework measure selected by a tender. `weight` is its share of social value."""

    code: str
    weight: Decimal | Fraction
    scoring: ScoringRule
    measure: Measure
    """The measure as this tender asks it: the framework's, with the tender's tailoring applied."""
    tailored: tuple[str, ...] = ()
    """What the tender tailored ("answer", "question", "sub-criteria", "reporting metrics", "guidance"...)."""

    criterion: str = "social value"
    """The criterion it scores for: social value, or a named criterion that lists it (Manchester)."""

@dataclass(frozen=True, slots=True, kw_only=True)
class Recorded:
    """A framework measure a tender collects and validates but never scores (`ECC2 record only`)."""

    code: str
    measure: Measure
    tailored: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True, kw_only=True)
class Rating:
    """The contract performance rating of a KPI (Procurement Act 2023 s.71) from the share of its
    target delivered to date: at least `good` is Good, at least `approaching` Approaching target, at
    least `improvement` Requires improvement, anything less Inadequate. Shares are fractions of one."""

    good: Decimal = Decimal(1)
    approaching: Decimal = Decimal("0.8")
    improvement: Decimal = Decimal("0.5")


@dataclass(frozen=True, slots=True, kw_only=True)
class AbnormallyLow:
    """The abnormally low tender test (Procurement Act 2023 s.19; Prozorro's 40%/30% rule).

    `tests` are (against, share): a price at least `share` below the mean of the other prices
    ("mean of others") or below the next lowest price ("next lowest") is flagged; a flagged bid
    is `excluded` or `held for investigation` (ranked, with the flag in every report).
    """

    tests: tuple[tuple[Literal["mean of others", "next lowest"], Decimal], ...]
    action: Literal["excluded", "held for investigation"]


@dataclass(frozen=True, slots=True, kw_only=True)
class PriceComponent:
    """One part of a bid's price (`capital`, `running`), counted `times` in the price that is scored:
    whole-life cost = capital + 7 × running cost (issue 12 item 4)."""

    code: str
    title: str
    times: Decimal = Decimal(1)


@dataclass(frozen=True, slots=True, kw_only=True)
class Shortlist:
    """A stage between the quality threshold and price: the `top` bids on quality go on.

    `ties` says what happens to bids tied at the cut-off: all `included`, or all `excluded`.
    """

    top: int
    ties: Literal["included", "excluded"]


@dataclass(frozen=True, slots=True, kw_only=True)
class Tender:
    """One procurement: uses a framework, sets criteria, questions and selected measures."""

    name: str
    title: str
    version: str | None
    framework: Framework
    framework_path: str
    contract_value: Decimal
    contract_years: Decimal
    criteria: tuple[Criterion, ...]
    questions: tuple[Question, ...]
    selections: tuple[Selection, ...]
    moderation: Literal["consensus", "mean"]
    tie_break: tuple[str, ...]
    compare_among: Literal["all bids", "passing bids"]
    policy: Policy
    scales: tuple[Scale, ...]
    closes: str | None = None
    contract_starts: str | None = None
    kpis: tuple[str, ...] = ()
    returns_due_days: int = 30
    rating: Rating = field(default_factory=Rating)
    value_target: ValueTarget | None = None
    waivers: tuple[Waiver, ...] = ()
    why: str | None = None
    guidance: str | None = None
    summary: str | None = None
    note: str | None = None
    file: str = ""
    value_sets: tuple[ValueSet, ...] = ()
    # methods: abnormally low tenders, a stated rounding rule, shortlisting (issue 12 items 2, 3, 5)
    abnormally_low: AbnormallyLow | None = None
    rank_places: int | None = None
    """`round totals to N places before ranking`: rank on totals rounded to N places; None ranks exactly."""
    price_components: tuple[PriceComponent, ...] = ()
    """`price components`: a bid prices each; the price scored is Σ times × amount. Empty: one price."""
    item_places: int | None = None
    """`round points per question to whole points before weighting` (0) or `to N places`: each question's
    and measure's points out of 100 rounded, halves away from zero, before its weight; None: exact."""
    shortlist: Shortlist | None = None
    award: Literal["weighted total", "price per quality point"] = "weighted total"
    """How the winner is chosen: the highest weighted total, or the lowest price per point of it."""
    recorded: tuple[Recorded, ...] = ()
    narrative_limit: int | None = None
    """`narrative up to N words in total`: one limit across every text answer of a bid."""
    narrative_unit: Literal["words", "characters"] | None = None

    def criterion(self, kind: str) -> Criterion | None:
        for c in self.criteria:
            if c.kind == kind:
                return c
        return None

    def scale(self, name: str) -> Scale:
        for s in self.scales:
            if s.name == name:
                return s
        return self.framework.scale(name)


Model = Framework | Tender | ValueSet
