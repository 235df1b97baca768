"""The abstract syntax tree: what the author wrote, in order, with a span on every node.

Blocks keep their items in source order (the formatter needs it); later stages pick out what
they need. Numbers are kept as exact `Decimal`s together with the text as written.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
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
class MinSocialValue(Node):
    percent: Amount


@dataclass(frozen=True, slots=True, kw_only=True)
class MinGroupShare(Node):
    group: Name
    percent: Amount
    base: Literal["total", "social value"]


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


@dataclass(frozen=True, slots=True, kw_only=True)
class AppliesFrom(Node):
    money: Amount


PolicyRule = MinSocialValue | MinGroupShare | MaxMeasures | MinMeasures | MinMeasureWeight | AppliesFrom


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
    """`contributes to`, `no double counting with`, `additional to`, followed by names."""

    relation: Literal["contributes to", "no double counting with", "additional to"]
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
    | Evidence | Attest | Report | Relation | Scored | Broken
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
    items: tuple[Prose | Weight | Measure | Broken, ...]


@dataclass(frozen=True, slots=True, kw_only=True)
class Theme(Node):
    name: Name
    title: Text
    items: tuple[Prose | Weight | Outcome | Broken, ...]


@dataclass(frozen=True, slots=True, kw_only=True)
class Step(Node):
    kind: Literal["activity", "output", "outcome", "impact"]
    ref: Name | None
    text: Text | None
    assumption: Text | None
    confidence: Amount | None


@dataclass(frozen=True, slots=True, kw_only=True)
class Pathway(Node):
    name: Name
    title: Text
    items: tuple[Step | Prose | Broken, ...]


FrameworkItem = (
    Setting | Prose | Priority | ValuesImport | Policy | Scale | UnitDecl | Theme | Pathway | Broken
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
    path: Text


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


@dataclass(frozen=True, slots=True, kw_only=True)
class PassMark(Node):
    percent: Amount


CriterionOption = PriceRelativeToLowest | PriceFixedRange | PassMark


@dataclass(frozen=True, slots=True, kw_only=True)
class Criterion(Node):
    kind: Literal["price", "quality", "social value"]
    kind_span: Span
    weight: Amount
    options: tuple[CriterionOption, ...]


@dataclass(frozen=True, slots=True, kw_only=True)
class Criteria(Node):
    criteria: tuple[Criterion | Broken, ...]


@dataclass(frozen=True, slots=True, kw_only=True)
class Question(Node):
    code: Name
    title: Text
    items: tuple[Prose | Weight | Answer | Scored | Evidence | Broken, ...]


@dataclass(frozen=True, slots=True, kw_only=True)
class QualityQuestions(Node):
    questions: tuple[Question | Broken, ...]


@dataclass(frozen=True, slots=True, kw_only=True)
class Selection(Node):
    measure: Name
    weight: Amount
    scored: Scored | None


@dataclass(frozen=True, slots=True, kw_only=True)
class SocialValueMeasures(Node):
    selections: tuple[Selection | Broken, ...]


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


TenderItem = (
    Setting | Prose | Uses | Contract | Criteria | QualityQuestions | SocialValueMeasures
    | Moderation | TieBreak | Compare | Policy | Scale | Kpis | ReturnsDue | Rating | Broken
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
