"""The frozen model that every emitter sees. Built by `semantics.lower` from a checked AST.

Percentages are stored as exact fractions of one (`Decimal("0.25")` for 25%); money as exact
`Decimal` pounds. Emitters never see the AST or source text; `span` fields only let reports
point back to the spec line a figure came from.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Decimal
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
    span: Span | None = None


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


@dataclass(frozen=True, slots=True, kw_only=True)
class Pathway:
    """A theory-of-change pathway: each step leads to the next."""

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


@dataclass(frozen=True, slots=True, kw_only=True)
class Policy:
    min_social_value: Decimal | None = None
    group_shares: tuple[GroupShare, ...] = ()
    max_measures: int | None = None
    min_measures: int | None = None
    min_measures_from: tuple[tuple[str, int], ...] = ()
    min_measure_weight: Decimal | None = None
    applies_from: Decimal | None = None


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
class Criterion:
    """An award criterion. `weight` is its share of the total score (fractions add up to 1)."""

    kind: Literal["price", "quality", "social value"]
    weight: Decimal
    price_formula: Literal["relative-to-lowest", "fixed-range"] | None = None
    price_low: Decimal | None = None
    price_high: Decimal | None = None
    pass_mark: Decimal | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class Question:
    """A quality question. `weight` is its share of the quality criterion."""

    code: str
    title: str
    weight: Decimal
    answer: Answer
    scoring: ScoringRule
    evidence: tuple[EvidenceRequirement, ...] = ()
    why: str | None = None
    guidance: str | None = None
    summary: str | None = None
    note: str | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class Selection:
    """A framework measure selected by a tender. `weight` is its share of social value."""

    code: str
    weight: Decimal
    scoring: ScoringRule
    measure: Measure


@dataclass(frozen=True, slots=True, kw_only=True)
class Rating:
    """The contract performance rating of a KPI (Procurement Act 2023 s.71) from the share of its
    target delivered to date: at least `good` is Good, at least `approaching` Approaching target, at
    least `improvement` Requires improvement, anything less Inadequate. Shares are fractions of one."""

    good: Decimal = Decimal(1)
    approaching: Decimal = Decimal("0.8")
    improvement: Decimal = Decimal("0.5")


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
    why: str | None = None
    guidance: str | None = None
    summary: str | None = None
    note: str | None = None
    file: str = ""
    value_sets: tuple[ValueSet, ...] = ()

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
