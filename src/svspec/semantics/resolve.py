"""The resolve stage: index every name of a file into typed symbols, reporting duplicates.

Resolve is the one place that looks into AST blocks by the type of their items: it picks each
setting out once (`single_settings`), reports a setting or name given twice, and builds the frozen
tables of `symbols`. The check rules (`semantics.check`) and lowering read only those tables.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import replace
from types import MappingProxyType
from typing import TypeVar

from svspec.diagnostics import Related, make
from svspec.kinds.answers import ANSWERS
from svspec.semantics import symbols as sym
from svspec.semantics.common import BUILTIN_UNITS, Sink, canonical_unit, single_settings
from svspec.syntax import ast

N = TypeVar("N", bound=ast.Node)
T = TypeVar("T")

_MEASURE_SINGLES: dict[type, str] = {
    ast.UnitRef: "unit", ast.Answer: "answer", ast.ValueProxy: "value", ast.ValueRef: "value",
    ast.Adjust: "adjust", ast.Duration: "lasts", ast.Discount: "discount", ast.Scored: "scored",
    ast.Investment: "investment",
    ast.Prose: "prose", ast.Flag: "flag", ast.QuestionText: "question", ast.Tagged: "tagged",
}
_FRAMEWORK_SINGLES: dict[type, str] = {ast.Setting: "setting", ast.Prose: "prose", ast.Priority: "priority",
                                       ast.Policy: "policy"}
_BLOCK_SINGLES: dict[type, str] = {ast.Prose: "prose", ast.Weight: "weight", ast.Tagged: "tagged"}
_TENDER_SINGLES: dict[type, str] = {
    ast.Setting: "setting", ast.Prose: "prose", ast.Uses: "uses", ast.Contract: "contract value",
    ast.Criteria: "criteria", ast.QualityQuestions: "quality questions",
    ast.SocialValueMeasures: "social value measures", ast.Moderation: "moderation",
    ast.TieBreak: "tie break", ast.Compare: "compare", ast.Policy: "policy",
    ast.Kpis: "kpis", ast.ReturnsDue: "returns due", ast.Rating: "rating", ast.NarrativeLimit: "narrative",
    ast.AbnormallyLow: "abnormally low", ast.Rounding: "round totals", ast.Shortlist: "shortlist",
    ast.AwardMethod: "award by", ast.ItemRounding: "round points", ast.PriceComponents: "price components",
}
_TAILORING_SINGLES: dict[type, str] = {ast.Prose: "prose", ast.Answer: "answer", ast.QuestionText: "question"}
_QUESTION_SINGLES: dict[type, str] = {ast.Prose: "prose", ast.Weight: "weight", ast.Answer: "answer",
                                      ast.Scored: "scored", ast.QuestionOutcome: "on outcome"}


def _pick(found: Mapping[str, ast.Node], key: str, kind: type[N]) -> N | None:
    """The single item `key` of a block when it is of the expected kind."""
    node = found.get(key)
    return node if isinstance(node, kind) else None


def _settings(found: Mapping[str, ast.Node]) -> Mapping[str, ast.Setting]:
    return MappingProxyType({key: node for key, node in found.items() if isinstance(node, ast.Setting)})


def _frozen(table: dict[str, T]) -> Mapping[str, T]:
    """A table the checks can read but not change."""
    return MappingProxyType(table)


def _scale(node: ast.Scale) -> sym.Scale:
    levels = tuple(level for level in node.levels if isinstance(level, ast.ScaleLevel))
    return sym.Scale(node=node, name=node.name.text, span=node.name.span, levels=levels)


# ---------------------------------------------------------------- value sets
def resolve_value_set(node: ast.ValueSet, sink: Sink) -> sym.ValueSet:
    """A value set's settings and proxies; a proxy name given twice is reported."""
    found = single_settings(node.items, {ast.Setting: "setting", ast.Prose: "prose"}, "value set", sink)
    proxies: dict[str, sym.Proxy] = {}
    for item in node.items:
        if not isinstance(item, ast.Proxy):
            continue
        first = proxies.get(item.name.text)
        if first is not None:
            sink.append(make("duplicate-name", item.name.span, kind="proxy", name=item.name.text,
                             related=[Related(span=first.span, message="first declared here")]))
            continue
        proxies[item.name.text] = sym.Proxy(node=item, name=item.name.text, span=item.name.span, per=item.per.text)
    return sym.ValueSet(node=node, name=node.name.text, span=node.name.span, settings=_settings(found),
                        proxies=_frozen(proxies))


# ---------------------------------------------------------------- frameworks
class _FrameworkResolver:
    """Builds one framework's tables; used once, then only its frozen result is kept."""

    def __init__(self, node: ast.Framework, imported: Mapping[str, sym.ValueSet | None], sink: Sink) -> None:
        self.node = node
        self.imported = imported
        self.sink = sink
        self.codes: dict[str, ast.Name] = {}  # themes, outcomes and measures share one namespace
        self.themes: dict[str, sym.Theme] = {}
        self.outcomes: dict[str, sym.Outcome] = {}
        self.measures: dict[str, sym.Measure] = {}
        self.scales: dict[str, sym.Scale] = {}
        self.units: dict[str, sym.Unit] = {name: sym.Unit(name=name, description=text, span=None)
                                           for name, text in BUILTIN_UNITS.items()}
        self.pathways: dict[str, sym.Pathway] = {}
        self.value_sets: dict[str, sym.ValueSetImport] = {}
        self.tags: dict[str, sym.Tag] = {}

    def claim(self, name: ast.Name, kind: str, table: dict[str, ast.Name]) -> bool:
        """Take a name, or report it as a duplicate of the first declaration."""
        first = table.get(name.text)
        if first is not None:
            self.sink.append(make("duplicate-name", name.span, kind=kind, name=name.text,
                                  related=[Related(span=first.span, message="first declared here")]))
            return False
        table[name.text] = name
        return True

    def resolve(self) -> sym.Framework:
        node, sink = self.node, self.sink
        found = single_settings(node.items, _FRAMEWORK_SINGLES, "framework", sink)
        scale_names: dict[str, ast.Name] = {}
        unit_names: dict[str, ast.Name] = {}
        pathway_names: dict[str, ast.Name] = {}
        # Units and value sets first: a measure may use a unit declared below it.
        for item in node.items:
            match item:
                case ast.Scale():
                    if self.claim(item.name, "scale", scale_names):
                        self.scales[item.name.text] = _scale(item)
                case ast.UnitDecl():
                    if item.name.text in BUILTIN_UNITS or self.claim(item.name, "unit", unit_names):
                        self.units[item.name.text] = sym.Unit(name=item.name.text, description=item.description.value,
                                                              span=item.name.span)
                case ast.Tags():
                    self.tag_family(item)
                case ast.Pathway():
                    if self.claim(item.name, "pathway", pathway_names):
                        steps = tuple(s for s in item.items if isinstance(s, ast.Step))
                        follows, unknown = sym.pathway_links(steps)
                        self.pathways[item.name.text] = sym.Pathway(node=item, name=item.name.text,
                                                                    span=item.name.span, steps=steps,
                                                                    follows=follows, unknown_links=unknown)
                case ast.ValuesImport():
                    if item.name.text in self.value_sets:
                        sink.append(make("duplicate-name", item.name.span, kind="value set", name=item.name.text))
                    else:
                        self.value_sets[item.name.text] = sym.ValueSetImport(
                            node=item, name=item.name.text, span=item.name.span,
                            value_set=self.imported.get(item.name.text))
                case _:
                    pass
        for item in node.items:
            if isinstance(item, ast.Theme):
                self.theme(item)
        return sym.Framework(
            node=node, name=node.name.text, span=node.name.span, settings=_settings(found),
            priority=_pick(found, "priority", ast.Priority), policy=_pick(found, "policy", ast.Policy),
            themes=_frozen(self.themes), outcomes=_frozen(self.outcomes), measures=_frozen(self.measures),
            scales=_frozen(self.scales), units=_frozen(self.units), pathways=_frozen(self.pathways),
            value_sets=_frozen(self.value_sets), groups=frozenset(self.themes) | frozenset(self.outcomes),
            tags=_frozen(self.tags))

    def tag_family(self, node: ast.Tags) -> None:
        """A family's tags, each a name of its own: `tagged` names a tag, not a family."""
        for tag in node.items:
            if not isinstance(tag, ast.Tag):
                continue
            first = self.tags.get(tag.name.text)
            if first is not None:
                self.sink.append(make("duplicate-name", tag.name.span, kind="tag", name=tag.name.text,
                                      related=[Related(span=first.span, message="first declared here")]))
                continue
            self.tags[tag.name.text] = sym.Tag(node=tag, name=tag.name.text, span=tag.name.span,
                                               family=node.name.text)

    def theme(self, node: ast.Theme) -> None:
        claimed = self.claim(node.name, "theme", self.codes)
        found = single_settings(node.items, _BLOCK_SINGLES, "theme", self.sink)
        outcomes = tuple(self.outcome(o, node.name.text) for o in node.items if isinstance(o, ast.Outcome))
        theme = sym.Theme(node=node, name=node.name.text, span=node.name.span,
                          weight=_pick(found, "weight", ast.Weight), outcomes=outcomes, tagged=_tagged(found))
        if claimed:
            self.themes[node.name.text] = theme

    def outcome(self, node: ast.Outcome, theme: str) -> sym.Outcome:
        claimed = self.claim(node.name, "outcome", self.codes)
        found = single_settings(node.items, _BLOCK_SINGLES, "outcome", self.sink)
        measures: list[sym.Measure] = []
        for item in node.items:
            if isinstance(item, ast.Measure):
                measure = self.measure(item, node.name.text, theme)
                if measure is not None:
                    measures.append(measure)
        outcome = sym.Outcome(node=node, name=node.name.text, span=node.name.span, theme=theme,
                              weight=_pick(found, "weight", ast.Weight), measures=tuple(measures),
                              tagged=_tagged(found))
        if claimed:
            self.outcomes[node.name.text] = outcome
        return outcome

    def parts_once(self, answer: ast.Answer) -> None:
        """A composite answer's parts are names a bid gives: each once (`answer sum of cash, cash` is a mistake)."""
        seen: dict[str, ast.AnswerPart] = {}
        for part in answer.parts:
            first = seen.setdefault(part.name.text, part)
            if first is not part:
                self.sink.append(make("duplicate-name", part.name.span, kind="part", name=part.name.text,
                                      related=[Related(span=first.name.span, message="first declared here")]))

    def measure(self, node: ast.Measure, outcome: str, theme: str) -> sym.Measure | None:
        """A measure's settings picked out, its unit and value reference resolved (None for a duplicate)."""
        found = single_settings(node.items, _MEASURE_SINGLES, "measure", self.sink)
        if not self.claim(node.code, "measure", self.codes):
            return None
        code = node.code.text
        answer = _pick(found, "answer", ast.Answer)
        if answer is not None:
            self.parts_once(answer)
        unit_ref = _pick(found, "unit", ast.UnitRef)
        unit = self.units.get(canonical_unit(unit_ref.name.text)) if unit_ref is not None else None
        given = found.get("value")
        value: ast.ValueProxy | sym.ValueRef | None = given if isinstance(given, ast.ValueProxy) else None
        if isinstance(given, ast.ValueRef):
            imported = self.value_sets.get(given.value_set.text)
            value_set = imported.value_set if imported is not None else None
            value = sym.ValueRef(node=given, imported=imported,
                                 proxy=value_set.proxies.get(given.entry.text) if value_set is not None else None)
        relations: list[ast.Relation] = []
        evidence: list[ast.Evidence] = []
        for item in node.items:
            if isinstance(item, ast.Relation):
                relations.append(item)
            elif isinstance(item, ast.Evidence):
                evidence.append(item)
        kind = answer.kind if answer is not None else None
        answering = sym.Answering(
            name=code, answer=kind, unit=unit_ref.name.text if unit_ref is not None else None,
            unit_span=unit_ref.name.span if unit_ref is not None else None, has_proxy=value is not None,
            unit_unknown=kind is not None and ANSWERS[kind].measured_in == "its unit" and unit is None)
        measure = sym.Measure(
            node=node, code=code, span=node.code.span, theme=theme, outcome=outcome, answer=answer,
            unit_ref=unit_ref, unit=unit, value=value,
            adjust=_pick(found, "adjust", ast.Adjust), lasts=_pick(found, "lasts", ast.Duration),
            discount=_pick(found, "discount", ast.Discount), investment=_pick(found, "investment", ast.Investment),
            scored=_pick(found, "scored", ast.Scored),
            record_only=_pick(found, "record only", ast.Flag), apportioned="apportioned" in found,
            local_only="local only" in found, relations=tuple(relations), evidence=tuple(evidence),
            answering=answering, local=_pick(found, "local only", ast.Flag),
            question=_pick(found, "question", ast.QuestionText),
            sub_criteria=tuple(i for i in node.items if isinstance(i, ast.SubCriterion)), tagged=_tagged(found))
        self.measures[code] = measure
        return measure


def _tagged(found: Mapping[str, ast.Node]) -> tuple[ast.Name, ...]:
    node = _pick(found, "tagged", ast.Tagged)
    return node.names if node is not None else ()


def resolve_framework(node: ast.Framework, imported: Mapping[str, sym.ValueSet | None], sink: Sink) -> sym.Framework:
    """Index a framework's names, reporting duplicates. `imported` maps value-set names to their symbols."""
    return _FrameworkResolver(node, imported, sink).resolve()


# ---------------------------------------------------------------- tenders
def resolve_tender(node: ast.Tender, sink: Sink) -> sym.Tender:
    """Index a tender's names, reporting duplicates. Bind it to its framework with `bind_tender`."""
    found = single_settings(node.items, _TENDER_SINGLES, "tender", sink)
    scales: dict[str, sym.Scale] = {}
    for item in node.items:
        if isinstance(item, ast.Scale):
            first = scales.get(item.name.text)
            if first is not None:
                sink.append(make("duplicate-name", item.name.span, kind="scale", name=item.name.text,
                                 related=[Related(span=first.span, message="first declared here")]))
            else:
                scales[item.name.text] = _scale(item)
    criteria_block = _pick(found, "criteria", ast.Criteria)
    quality_block = _pick(found, "quality questions", ast.QualityQuestions)
    measures_block = _pick(found, "social value measures", ast.SocialValueMeasures)
    return sym.Tender(
        node=node, name=node.name.text, span=node.name.span, settings=_settings(found),
        uses=_pick(found, "uses", ast.Uses), contract=_pick(found, "contract value", ast.Contract),
        criteria_block=criteria_block, quality_block=quality_block, measures_block=measures_block,
        moderation=_pick(found, "moderation", ast.Moderation), tie_break=_pick(found, "tie break", ast.TieBreak),
        compare=_pick(found, "compare", ast.Compare), policy=_pick(found, "policy", ast.Policy),
        kpis=_pick(found, "kpis", ast.Kpis), returns_due=_pick(found, "returns due", ast.ReturnsDue),
        rating=_pick(found, "rating", ast.Rating),
        value_target=_value_target(measures_block.selections if measures_block else (), sink),
        waivers=tuple(item for item in node.items if isinstance(item, ast.Waiver)),
        abnormally_low=_pick(found, "abnormally low", ast.AbnormallyLow),
        rounding=_pick(found, "round totals", ast.Rounding), shortlist=_pick(found, "shortlist", ast.Shortlist),
        award_method=_pick(found, "award by", ast.AwardMethod),
        item_rounding=_pick(found, "round points", ast.ItemRounding),
        price_components=_pick(found, "price components", ast.PriceComponents),
        scales=_frozen(scales),
        criteria=_criteria(criteria_block.criteria if criteria_block else (), sink),
        questions=_questions(quality_block.questions if quality_block else (), sink),
        selections=_selections(measures_block.selections if measures_block else (), sink),
        criteria_given=_count(criteria_block.criteria if criteria_block else (), ast.Criterion),
        named_criteria=_named_criteria(criteria_block.criteria if criteria_block else (), sink),
        selections_given=_count(measures_block.selections if measures_block else (), ast.Selection),
        recorded=_recorded(measures_block.selections if measures_block else (), sink),
        narrative=_pick(found, "narrative", ast.NarrativeLimit))


def _count(items: Iterable[ast.Node], kind: type[ast.Node]) -> int:
    return sum(1 for item in items if isinstance(item, kind))


def _criteria(given: Iterable[ast.Criterion | ast.NamedCriterion | ast.Broken], sink: Sink
              ) -> Mapping[str, sym.Criterion]:
    criteria: dict[str, sym.Criterion] = {}
    for c in given:
        if not isinstance(c, ast.Criterion):
            continue
        first = criteria.get(c.kind)
        if first is not None:
            sink.append(make("duplicate-criterion", c.kind_span, kind=c.kind,
                             related=[Related(span=first.span, message="first given here")]))
            continue
        criteria[c.kind] = sym.Criterion(node=c, kind=c.kind, span=c.kind_span, weight=c.weight, options=c.options)
    return _frozen(criteria)


def _named_criteria(given: Iterable[ast.Node], sink: Sink) -> Mapping[str, sym.NamedCriterion]:
    named: dict[str, sym.NamedCriterion] = {}
    for c in given:
        if not isinstance(c, ast.NamedCriterion):
            continue
        first = named.get(c.name.text)
        if first is not None:
            sink.append(make("duplicate-criterion", c.name.span, kind=c.name.text,
                             related=[Related(span=first.span, message="first given here")]))
            continue
        named[c.name.text] = sym.NamedCriterion(node=c, name=c.name.text, span=c.name.span, weight=c.weight,
                                                measures=c.measures)
    return _frozen(named)


def _questions(given: Iterable[ast.Question | ast.Broken], sink: Sink) -> Mapping[str, sym.Question]:
    questions: dict[str, sym.Question] = {}
    for q in given:
        if not isinstance(q, ast.Question):
            continue
        found = single_settings(q.items, _QUESTION_SINGLES, "question", sink)
        first = questions.get(q.code.text)
        if first is not None:
            sink.append(make("duplicate-name", q.code.span, kind="question", name=q.code.text,
                             related=[Related(span=first.span, message="first declared here")]))
            continue
        answer = _pick(found, "answer", ast.Answer)
        questions[q.code.text] = sym.Question(
            node=q, code=q.code.text, span=q.code.span, weight=_pick(found, "weight", ast.Weight), answer=answer,
            scored=_pick(found, "scored", ast.Scored), on_outcome=_pick(found, "on outcome", ast.QuestionOutcome),
            answering=sym.Answering(name=q.code.text, answer=answer.kind if answer is not None else None,
                                    unit=None, unit_span=None, has_proxy=False))
    return _frozen(questions)


def _selections(given: Iterable[ast.Selection | ast.Recorded | ast.ValueTarget | ast.Broken], sink: Sink
                ) -> Mapping[str, sym.Selection]:
    selections: dict[str, sym.Selection] = {}
    for s in given:
        if not isinstance(s, ast.Selection):
            continue
        first = selections.get(s.measure.text)
        if first is not None:
            sink.append(make("duplicate-selection", s.measure.span, name=s.measure.text,
                             related=[Related(span=first.span, message="first selected here")]))
            continue
        single_settings(s.tailoring, _TAILORING_SINGLES, "tailored measure", sink)
        selections[s.measure.text] = sym.Selection(node=s, code=s.measure.text, span=s.measure.span,
                                                   weight=s.weight, scored=s.scored, measure=None,
                                                   tailoring=s.tailoring)
    return _frozen(selections)


def _value_target(given: Iterable[ast.Node], sink: Sink) -> ast.ValueTarget | None:
    """The one `total value` line of a tender's measures; a second one is reported."""
    targets = [t for t in given if isinstance(t, ast.ValueTarget)]
    for extra in targets[1:]:
        sink.append(make("duplicate-setting", extra.span, setting="total value", owner="tender's measures"))
    return targets[0] if targets else None


def _recorded(given: Iterable[ast.Selection | ast.Recorded | ast.ValueTarget | ast.Broken], sink: Sink
              ) -> Mapping[str, sym.Recorded]:
    """Measures collected but not scored; one also selected for scoring is selected twice."""
    first: dict[str, ast.Name] = {}
    recorded: dict[str, sym.Recorded] = {}
    for s in given:
        if isinstance(s, ast.Selection):
            first.setdefault(s.measure.text, s.measure)
        elif isinstance(s, ast.Recorded):
            earlier = first.get(s.measure.text)
            if earlier is not None:
                sink.append(make("duplicate-selection", s.measure.span, name=s.measure.text,
                                 related=[Related(span=earlier.span, message="first selected here")]))
                continue
            first[s.measure.text] = s.measure
            single_settings(s.tailoring, _TAILORING_SINGLES, "tailored measure", sink)
            recorded[s.measure.text] = sym.Recorded(node=s, code=s.measure.text, span=s.measure.span,
                                                    measure=None, tailoring=s.tailoring)
    return _frozen(recorded)


def bind_tender(tender: sym.Tender, framework: sym.Framework | None) -> sym.Tender:
    """The tender with its framework (None when it could not be loaded) and selections resolved in it."""
    if framework is None:
        return tender
    selections = {code: replace(s, measure=framework.measures.get(code)) for code, s in tender.selections.items()}
    recorded = {code: replace(r, measure=framework.measures.get(code)) for code, r in tender.recorded.items()}
    return replace(tender, framework=framework, selections=_frozen(selections), recorded=_frozen(recorded))
