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
from dataclasses import dataclass, field
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
    local: ast.Flag | None = None  # the `local only` line, with its area when named
    question: ast.QuestionText | None = None
    sub_criteria: tuple[ast.SubCriterion, ...] = ()
    tagged: tuple[ast.Name, ...] = ()  # its own tags; its outcome's and theme's apply too


@dataclass(frozen=True, slots=True, kw_only=True)
class Outcome:
    """An outcome of a theme and the measures declared under it (first declarations only)."""

    node: ast.Outcome
    name: str
    span: Span
    theme: str
    weight: ast.Weight | None
    measures: tuple[Measure, ...]
    tagged: tuple[ast.Name, ...] = ()


@dataclass(frozen=True, slots=True, kw_only=True)
class Theme:
    """A theme and every outcome written in it (a repeated name too: its weight still counts)."""

    node: ast.Theme
    name: str
    span: Span
    weight: ast.Weight | None
    outcomes: tuple[Outcome, ...]
    tagged: tuple[ast.Name, ...] = ()


@dataclass(frozen=True, slots=True, kw_only=True)
class Pathway:
    """A theory-of-change pathway: its steps in order, and the steps each one follows.

    A step follows the step above it, or the earlier steps its `from` names (by the measure,
    outcome or theme it names, or its quoted text): so a pathway may branch and join.
    """

    node: ast.Pathway
    name: str
    span: Span
    steps: tuple[ast.Step, ...]
    follows: tuple[tuple[int, ...], ...]  # per step, the indexes of the steps it follows
    unknown_links: tuple[tuple[ast.Name | ast.Text, tuple[str, ...]], ...]  # a `from` naming no earlier step


def step_label(step: ast.Step) -> str:
    """How a step is named in another step's `from`: the name it refers to, or its quoted text."""
    return step.ref.text if step.ref is not None else step.text.value if step.text is not None else ""


def pathway_links(steps: tuple[ast.Step, ...]
                  ) -> tuple[tuple[tuple[int, ...], ...], tuple[tuple[ast.Name | ast.Text, tuple[str, ...]], ...]]:
    """Which steps each step follows, and the `from` references that name no earlier step (with the
    labels they could have meant). A label written twice means the nearest earlier step with it."""
    follows: list[tuple[int, ...]] = []
    unknown: list[tuple[ast.Name | ast.Text, tuple[str, ...]]] = []
    for i, step in enumerate(steps):
        if not step.after:
            follows.append((i - 1,) if i else ())
            continue
        earlier = {step_label(s): j for j, s in enumerate(steps[:i])}
        found: list[int] = []
        for ref in step.after:
            label = ref.text if isinstance(ref, ast.Name) else ref.value
            if label in earlier:
                if earlier[label] not in found:
                    found.append(earlier[label])
            else:
                unknown.append((ref, tuple(earlier)))
        follows.append(tuple(found))
    return tuple(follows), tuple(unknown)


@dataclass(frozen=True, slots=True, kw_only=True)
class Layer:
    """One framework of an `extends` chain: `ppn-002 2025.1` in `national.svspec`."""

    name: str
    version: str
    file: str
    span: Span

    @property
    def label(self) -> str:
        return f"{self.name} {self.version}".strip()


@dataclass(frozen=True, slots=True, kw_only=True)
class Origin:
    """Where a theme, outcome or measure came from: the layer declaring it and the layers changing it."""

    declared_in: str  # a layer's label
    changed_in: tuple[str, ...] = ()
    renamed_from: str | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class Lineage:
    """A framework built on others (`extends`): its layers, base first, and what each item owes to which."""

    layers: tuple[Layer, ...]
    origins: Mapping[str, Origin]
    dropped: Mapping[str, ast.Drop]  # code -> the `drop` line, for a tender still selecting it
    renamed: Mapping[str, ast.Rename]  # old code -> the `rename` line


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
    lineage: Lineage | None = None  # None for a framework that extends nothing
    tags: Mapping[str, Tag] = field(default_factory=dict)


@dataclass(frozen=True, slots=True, kw_only=True)
class Tag:
    """A tag declared in a `tags` family (Lambeth's shared purpose, the SDGs...)."""

    node: ast.Tag
    name: str
    span: Span
    family: str


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
    on_outcome: ast.QuestionOutcome | None = None  # PPN 06/20's model question: its outcome and award criteria


@dataclass(frozen=True, slots=True, kw_only=True)
class Criterion:
    """An award criterion (`price 40%`...) with its options."""

    node: ast.Criterion
    kind: CriterionKind
    span: Span  # the kind as written
    weight: ast.Amount
    options: tuple[ast.CriterionOption, ...]


@dataclass(frozen=True, slots=True, kw_only=True)
class NamedCriterion:
    """A criterion beyond price, quality and social value (`criterion environmental 10%, measures G1`)."""

    node: ast.NamedCriterion
    name: str
    span: Span
    weight: ast.Amount
    measures: tuple[ast.Name, ...]


@dataclass(frozen=True, slots=True, kw_only=True)
class Selection:
    """A framework measure selected by a tender, resolved to the measure once bound."""

    node: ast.Selection
    code: str
    span: Span
    weight: ast.Amount
    scored: ast.Scored | None  # the tender's own rule, None to use the measure's
    measure: Measure | None  # None before binding, without a framework, or when unknown there
    tailoring: tuple[ast.TailoringItem, ...] = ()


@dataclass(frozen=True, slots=True, kw_only=True)
class Recorded:
    """A framework measure a tender collects and validates without scoring it (`ECC2 record only`)."""

    node: ast.Recorded
    code: str
    span: Span
    measure: Measure | None
    tailoring: tuple[ast.TailoringItem, ...] = ()


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
    value_target: ast.ValueTarget | None = None
    """`total value weight ...`: the bid's valued commitments scored as one item (issue 9 item 1)."""
    waivers: tuple[ast.Waiver, ...] = ()
    """Recorded exceptions to policy rules, in source order (issue 9 item 9)."""
    # methods: abnormally low tenders, a stated rounding rule, shortlisting (issue 12 items 2, 3, 5)
    abnormally_low: ast.AbnormallyLow | None = None
    rounding: ast.Rounding | None = None
    shortlist: ast.Shortlist | None = None
    award_method: ast.AwardMethod | None = None
    item_rounding: ast.ItemRounding | None = None  # whole points per question (issue 12 item 3)
    price_components: ast.PriceComponents | None = None  # whole-life cost (issue 12 item 4)
    framework: Framework | None = None
    recorded: Mapping[str, Recorded] = field(default_factory=dict)
    narrative: ast.NarrativeLimit | None = None
    named_criteria: Mapping[str, NamedCriterion] = field(default_factory=dict)
    """Criteria beside price, quality and social value, each over some of the selected measures."""

    def criterion_of(self, code: str) -> str:
        """The criterion a selected measure scores for: a named criterion listing it, else social value."""
        return next((name for name, c in self.named_criteria.items() if any(m.text == code for m in c.measures)),
                    "social value")


Table = Framework | Tender | ValueSet
"""What the check rules run on: one resolved file."""
