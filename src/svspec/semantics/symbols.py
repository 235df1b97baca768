"""Typed symbols: what the resolve stage found in a spec, for the check rules and lowering to read.

One frozen record per declared thing (unit, scale, value set, proxy, theme, outcome, measure,
pathway, question, criterion, selection) with the span of its name and its settings as typed
fields, so that no later stage looks into a `dict[str, ast.Node]` with `isinstance` or `cast`.
Each keeps its AST node for the words and spans a rule points at.

References that cannot form a cycle are resolved to the symbol they name: a measure's unit, a
value reference's proxy, a selection's measure, a tender's framework. References that can (one
measure names another, a child names its enclosing blocks) stay names, looked up in the tables
(`Framework.measures`, `Framework.outcomes`...): frozen records cannot point at each other both ways.

Tables are read-only mappings in declaration order. The first declaration of a name is the one in
the table; resolve reports the later ones as duplicates.

What a scoring rule needs of the thing it scores is one small record, `Answering` (answer kind,
unit, proxy), the same for measures and questions: a table of answer kinds or scoring rule kinds
can be keyed on `answering.answer` and on the type of `scored.rule` without touching the symbols.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Literal

from svspec.diagnostics import Span
from svspec.kinds.answers import AnswerKindName
from svspec.syntax import ast

AnswerKind = AnswerKindName
CriterionKind = Literal["price", "quality", "social value"]


@dataclass(frozen=True, slots=True, kw_only=True)
class Unit:
    """A unit a number is counted in: built in (`FTE`, `hours`...) or declared with `unit`."""

    name: str
    description: str
    span: Span | None  # None for a built-in unit


@dataclass(frozen=True, slots=True, kw_only=True)
class Scale:
    """An evaluators' scale: its levels from best to worst (lines that did not parse left out)."""

    node: ast.Scale
    name: str
    span: Span
    levels: tuple[ast.ScaleLevel, ...]


@dataclass(frozen=True, slots=True, kw_only=True)
class Proxy:
    """One entry of a value set: £ per unit."""

    node: ast.Proxy
    name: str
    span: Span
    per: str  # the unit as written


@dataclass(frozen=True, slots=True, kw_only=True)
class ValueSet:
    """A value set file: its settings and proxies."""

    node: ast.ValueSet
    name: str
    span: Span
    settings: Mapping[str, ast.Setting]
    proxies: Mapping[str, Proxy]


@dataclass(frozen=True, slots=True, kw_only=True)
class ValueSetImport:
    """`values NAME VERSION from "FILE"` in a framework, with the value set it brought in."""

    node: ast.ValuesImport
    name: str
    span: Span
    value_set: ValueSet | None  # None when the file could not be read or is not that value set


@dataclass(frozen=True, slots=True, kw_only=True)
class Answering:
    """What a scoring rule needs to know about the measure or question it scores."""

    name: str
    answer: AnswerKind | None  # None when the answer is missing (reported on its own)
    unit: str | None
    unit_span: Span | None
    has_proxy: bool
    unit_unknown: bool = False
    """The unit is missing or not a known unit: that is reported once, not again for each amount."""


@dataclass(frozen=True, slots=True, kw_only=True)
class ValueRef:
    """`value ENTRY from SET`, resolved: the import it names and the proxy it finds there."""

    node: ast.ValueRef
    imported: ValueSetImport | None  # None: no such `values` import
    proxy: Proxy | None  # None: the import is unknown or not loaded, or has no such entry


@dataclass(frozen=True, slots=True, kw_only=True)
class Measure:
    """A framework measure: what suppliers answer, how it is valued and scored by default."""

    node: ast.Measure
    code: str
    span: Span
    theme: str  # the names of its enclosing blocks, symbols in `Framework.themes` / `.outcomes`
    outcome: str
    answer: ast.Answer | None
    unit_ref: ast.UnitRef | None
    unit: Unit | None  # the unit `unit_ref` names, None when missing or unknown
    value: ast.ValueProxy | ValueRef | None
    adjust: ast.Adjust | None
    lasts: ast.Duration | None
    discount: ast.Discount | None
    investment: ast.Investment | None
    scored: ast.Scored | None
    record_only: ast.Flag | None
    apportioned: bool
    local_only: bool
    relations: tuple[ast.Relation, ...]
    evidence: tuple[ast.Evidence, ...]
    answering: Answering


@dataclass(frozen=True, slots=True, kw_only=True)
class Outcome:
    """An outcome of a theme and the measures declared under it (first declarations only)."""

    node: ast.Outcome
    name: str
    span: Span
    theme: str
    weight: ast.Weight | None
    measures: tuple[Measure, ...]


@dataclass(frozen=True, slots=True, kw_only=True)
class Theme:
    """A theme and every outcome written in it (a repeated name too: its weight still counts)."""

    node: ast.Theme
    name: str
    span: Span
    weight: ast.Weight | None
    outcomes: tuple[Outcome, ...]


@dataclass(frozen=True, slots=True, kw_only=True)
class Pathway:
    """A theory-of-change pathway: its steps in order."""

    node: ast.Pathway
    name: str
    span: Span
    steps: tuple[ast.Step, ...]


@dataclass(frozen=True, slots=True, kw_only=True)
class Framework:
    """Every name of a framework, resolved once; the check rules and lowering read it."""

    node: ast.Framework
    name: str
    span: Span
    settings: Mapping[str, ast.Setting]
    priority: ast.Priority | None
    policy: ast.Policy | None
    themes: Mapping[str, Theme]
    outcomes: Mapping[str, Outcome]
    measures: Mapping[str, Measure]
    scales: Mapping[str, Scale]
    units: Mapping[str, Unit]
    pathways: Mapping[str, Pathway]
    value_sets: Mapping[str, ValueSetImport]
    groups: frozenset[str]  # the names a policy or `contributes to` may use: themes and outcomes


@dataclass(frozen=True, slots=True, kw_only=True)
class Question:
    """A quality question of a tender."""

    node: ast.Question
    code: str
    span: Span
    weight: ast.Weight | None
    answer: ast.Answer | None
    scored: ast.Scored | None
    answering: Answering


@dataclass(frozen=True, slots=True, kw_only=True)
class Criterion:
    """An award criterion (`price 40%`...) with its options."""

    node: ast.Criterion
    kind: CriterionKind
    span: Span  # the kind as written
    weight: ast.Amount
    options: tuple[ast.CriterionOption, ...]


@dataclass(frozen=True, slots=True, kw_only=True)
class Selection:
    """A framework measure selected by a tender, resolved to the measure once bound."""

    node: ast.Selection
    code: str
    span: Span
    weight: ast.Amount
    scored: ast.Scored | None  # the tender's own rule, None to use the measure's
    measure: Measure | None  # None before binding, without a framework, or when unknown there


@dataclass(frozen=True, slots=True, kw_only=True)
class Tender:
    """Every name of a tender, resolved once, bound to its framework when that could be loaded."""

    node: ast.Tender
    name: str
    span: Span
    settings: Mapping[str, ast.Setting]
    uses: ast.Uses | None
    contract: ast.Contract | None
    criteria_block: ast.Criteria | None
    quality_block: ast.QualityQuestions | None
    measures_block: ast.SocialValueMeasures | None
    moderation: ast.Moderation | None
    tie_break: ast.TieBreak | None
    compare: ast.Compare | None
    policy: ast.Policy | None
    scales: Mapping[str, Scale]
    criteria: Mapping[str, Criterion]
    questions: Mapping[str, Question]
    selections: Mapping[str, Selection]
    criteria_given: int  # how many criteria and selections were written: a repeated one counts again
    selections_given: int
    kpis: ast.Kpis | None = None
    returns_due: ast.ReturnsDue | None = None
    rating: ast.Rating | None = None
    framework: Framework | None = None


Table = Framework | Tender | ValueSet
"""What the check rules run on: one resolved file."""
