"""Resolve and check a framework: names, weights, measures, scales, pathways and policy."""

from __future__ import annotations

from dataclasses import dataclass, field

from svspec.diagnostics import Related, make
from svspec.diagnostics.suggest import did_you_mean
from svspec.semantics.common import (
    BUILTIN_UNITS,
    MeasureFacts,
    Sink,
    canonical_unit,
    check_amount_unit,
    check_percent,
    check_scored,
    fmt_amount,
    single_settings,
    weights_sum,
)
from svspec.syntax import ast

_MEASURE_SINGLES: dict[type, str] = {
    ast.UnitRef: "unit", ast.Answer: "answer", ast.ValueProxy: "value", ast.ValueRef: "value",
    ast.Adjust: "adjust", ast.Duration: "lasts", ast.Discount: "discount", ast.Scored: "scored",
    ast.Prose: "prose", ast.Flag: "flag",
}
_FRAMEWORK_SINGLES: dict[type, str] = {ast.Setting: "setting", ast.Prose: "prose", ast.Priority: "priority",
                                       ast.Policy: "policy"}
_BLOCK_SINGLES: dict[type, str] = {ast.Prose: "prose", ast.Weight: "weight"}


@dataclass(slots=True)
class MeasureInfo:
    node: ast.Measure
    outcome: str
    theme: str
    singles: dict[str, ast.Node]


@dataclass(slots=True)
class ValueSetInfo:
    node: ast.ValueSet
    singles: dict[str, ast.Node]
    proxies: dict[str, ast.Proxy]


@dataclass(slots=True)
class FrameworkIndex:
    """Every name in a framework, built once; checks and lowering read it."""

    node: ast.Framework
    singles: dict[str, ast.Node] = field(default_factory=dict)
    themes: dict[str, ast.Theme] = field(default_factory=dict)
    theme_singles: dict[str, dict[str, ast.Node]] = field(default_factory=dict)
    outcomes: dict[str, tuple[ast.Outcome, str]] = field(default_factory=dict)
    outcome_singles: dict[str, dict[str, ast.Node]] = field(default_factory=dict)
    measures: dict[str, MeasureInfo] = field(default_factory=dict)
    scales: dict[str, ast.Scale] = field(default_factory=dict)
    units: dict[str, str] = field(default_factory=lambda: dict(BUILTIN_UNITS))
    pathways: dict[str, ast.Pathway] = field(default_factory=dict)
    value_sets: dict[str, tuple[ast.ValuesImport, ValueSetInfo | None]] = field(default_factory=dict)
    unknown_value_sets: dict[str, list[ast.Name]] = field(default_factory=dict)
    """Uses of value-set names that are not imported, reported once per name after the measures."""

    @property
    def group_names(self) -> set[str]:
        return set(self.themes) | set(self.outcomes)


def index_value_set(node: ast.ValueSet, sink: Sink) -> ValueSetInfo:
    singles = single_settings(node.items, {ast.Setting: "setting", ast.Prose: "prose"},
                              "value set", sink)
    proxies: dict[str, ast.Proxy] = {}
    for item in node.items:
        if isinstance(item, ast.Proxy):
            if item.name.text in proxies:
                sink.append(make("duplicate-name", item.name.span, kind="proxy", name=item.name.text,
                                 related=[Related(span=proxies[item.name.text].name.span,
                                                  message="first declared here")]))
                continue
            proxies[item.name.text] = item
    if "edition" not in singles:
        sink.append(make("missing-setting", node.name.span, owner="value set", name=node.name.text,
                         setting="edition"))
    return ValueSetInfo(node=node, singles=singles, proxies=proxies)


def build_index(node: ast.Framework, value_sets: dict[str, ValueSetInfo | None], sink: Sink) -> FrameworkIndex:
    """Collect names, reporting duplicates. `value_sets` maps imported set names to their info."""
    index = FrameworkIndex(node=node)
    index.singles = single_settings(node.items, _FRAMEWORK_SINGLES, "framework", sink)
    codes: dict[str, ast.Name] = {}

    def claim(name: ast.Name, kind: str, table: dict[str, ast.Name]) -> bool:
        if name.text in table:
            sink.append(make("duplicate-name", name.span, kind=kind, name=name.text,
                             related=[Related(span=table[name.text].span, message="first declared here")]))
            return False
        table[name.text] = name
        return True

    scale_names: dict[str, ast.Name] = {}
    unit_names: dict[str, ast.Name] = {}
    pathway_names: dict[str, ast.Name] = {}
    for item in node.items:
        match item:
            case ast.Theme():
                if claim(item.name, "theme", codes):
                    index.themes[item.name.text] = item
                index.theme_singles[item.name.text] = single_settings(item.items, _BLOCK_SINGLES, "theme", sink)
                for sub in item.items:
                    if isinstance(sub, ast.Outcome):
                        _index_outcome(index, sub, item.name.text, claim, codes, sink)
            case ast.Scale():
                if claim(item.name, "scale", scale_names):
                    index.scales[item.name.text] = item
            case ast.UnitDecl():
                if item.name.text in BUILTIN_UNITS or claim(item.name, "unit", unit_names):
                    index.units[item.name.text] = item.description.value
            case ast.Pathway():
                if claim(item.name, "pathway", pathway_names):
                    index.pathways[item.name.text] = item
            case ast.ValuesImport():
                if item.name.text in index.value_sets:
                    sink.append(make("duplicate-name", item.name.span, kind="value set", name=item.name.text))
                else:
                    index.value_sets[item.name.text] = (item, value_sets.get(item.name.text))
            case _:
                pass
    return index


def _index_outcome(index: FrameworkIndex, outcome: ast.Outcome, theme: str, claim, codes, sink: Sink) -> None:  # type: ignore[no-untyped-def]
    if claim(outcome.name, "outcome", codes):
        index.outcomes[outcome.name.text] = (outcome, theme)
    index.outcome_singles[outcome.name.text] = single_settings(outcome.items, _BLOCK_SINGLES, "outcome", sink)
    for sub in outcome.items:
        if isinstance(sub, ast.Measure):
            singles = single_settings(sub.items, _MEASURE_SINGLES, "measure", sink)
            if claim(sub.code, "measure", codes):
                index.measures[sub.code.text] = MeasureInfo(node=sub, outcome=outcome.name.text, theme=theme,
                                                            singles=singles)


# ---------------------------------------------------------------- checks
def check_framework(index: FrameworkIndex, sink: Sink) -> None:
    """Every framework rule, each independent of the others."""
    node = index.node
    if "version" not in index.singles:
        sink.append(make("missing-setting", node.name.span, owner="framework", name=node.name.text,
                         setting="version"))
    _check_weights(index, sink)
    _check_priority(index, sink)
    for info in index.measures.values():
        check_measure(index, info, sink)
    for name, uses in index.unknown_value_sets.items():
        # A missing `values` import is one mistake however many measures use the set.
        sink.append(make("unknown-value-set", uses[0].span, name=name,
                         suggestions=did_you_mean(name, index.value_sets),
                         related=[Related(span=use.span, message="also used here") for use in uses[1:]]))
    for scale in index.scales.values():
        check_scale(scale, sink)
    for pathway in index.pathways.values():
        _check_pathway(index, pathway, sink)
    policy = index.singles.get("policy")
    if isinstance(policy, ast.Policy):
        check_policy_rules(policy, index.group_names, sink)


def _check_weights(index: FrameworkIndex, sink: Sink) -> None:
    themed = [(t, index.theme_singles[n].get("weight")) for n, t in index.themes.items()]
    for _, weight in themed:
        if isinstance(weight, ast.Weight):
            check_percent(weight.percent, sink)
    if any(w is not None for _, w in themed):
        weights = [(w.percent if isinstance(w, ast.Weight) else _zero(t.name), f"theme '{t.name.text}'")
                   for t, w in themed]
        weights_sum(f"the themes of framework '{index.node.name.text}'", weights, index.node.name.span, sink)
    for theme in index.themes.values():
        outcomes = [o for o in theme.items if isinstance(o, ast.Outcome)]
        ows = [(o, index.outcome_singles.get(o.name.text, {}).get("weight")) for o in outcomes]
        for _, weight in ows:
            if isinstance(weight, ast.Weight):
                check_percent(weight.percent, sink)
        if any(w is not None for _, w in ows):
            weights = [(w.percent if isinstance(w, ast.Weight) else _zero(o.name), f"outcome '{o.name.text}'")
                       for o, w in ows]
            weights_sum(f"the outcomes of theme '{theme.name.text}'", weights, theme.name.span, sink)


def _zero(name: ast.Name) -> ast.Amount:
    from decimal import Decimal

    return ast.Amount(span=name.span, kind="percent", value=Decimal(0))


def _check_priority(index: FrameworkIndex, sink: Sink) -> None:
    priority = index.singles.get("priority")
    if not isinstance(priority, ast.Priority):
        return
    seen: dict[str, ast.Name] = {}
    meant: set[str] = set()
    for name in priority.names:
        if name.text not in index.outcomes:
            suggestions = did_you_mean(name.text, index.outcomes)
            meant.update(suggestions)
            sink.append(make("unknown-outcome", name.span, name=name.text, suggestions=suggestions))
            continue
        if name.text in seen:
            sink.append(make("duplicate-priority", name.span, name=name.text,
                             related=[Related(span=seen[name.text].span, message="first listed here")]))
            continue
        seen[name.text] = name
    for outcome_name, (outcome, _) in index.outcomes.items():
        # An outcome suggested for a misspelt name is probably listed already, under that misspelling.
        if outcome_name not in seen and outcome_name not in meant:
            sink.append(make("outcome-not-prioritised", outcome.name.span, name=outcome_name,
                             related=[Related(span=priority.span, message="priority order given here")]))


def measure_facts(index: FrameworkIndex, info: MeasureInfo) -> MeasureFacts:
    answer = info.singles.get("answer")
    unit = info.singles.get("unit")
    value = info.singles.get("value")
    kind = answer.kind if isinstance(answer, ast.Answer) else None
    unit_name = unit.name.text if isinstance(unit, ast.UnitRef) else None
    unknown = kind == "number" and (unit_name is None or canonical_unit(unit_name) not in index.units)
    return MeasureFacts(name=info.node.code.text, answer=kind, unit=unit_name, has_proxy=value is not None,
                        unit_unknown=unknown, unit_span=unit.name.span if isinstance(unit, ast.UnitRef) else None)


def check_answer(answer: ast.Answer, facts: MeasureFacts, sink: Sink) -> None:
    """Bounds in order and in the right unit; choices distinct; text limits positive."""
    low = next((b.amount for b in answer.bounds if b.side == "at least"), None)
    high = next((b.amount for b in answer.bounds if b.side == "at most"), None)
    for bound in answer.bounds:
        check_amount_unit(bound.amount, facts, f"measure '{facts.name}'", sink)
    if low is not None and high is not None and low.value > high.value:
        sink.append(make("min-above-max", low.span, low=fmt_amount(low), high=fmt_amount(high),
                         related=[Related(span=high.span, message="upper limit here")]))
    seen: dict[str, ast.Text] = {}
    for choice in answer.choices:
        if choice.value in seen:
            sink.append(make("duplicate-choice", choice.span, choice=f'"{choice.value}"',
                             related=[Related(span=seen[choice.value].span, message="first listed here")]))
        seen[choice.value] = choice
    if answer.limit is not None and answer.limit.value < 1:
        sink.append(make("bad-text-limit", answer.limit.span, limit=fmt_amount(answer.limit),
                         what=answer.limit_unit or "words"))


def check_measure(index: FrameworkIndex, info: MeasureInfo, sink: Sink) -> None:
    node, singles = info.node, info.singles
    code = node.code.text
    facts = measure_facts(index, info)
    answer = singles.get("answer")
    unit = singles.get("unit")
    if not isinstance(answer, ast.Answer):
        sink.append(make("missing-setting", node.code.span, owner="measure", name=code, setting="answer"))
    else:
        if answer.kind == "number" and unit is None:
            sink.append(make("missing-setting", node.code.span, owner="measure", name=code, setting="unit",
                             hint="add a line such as `unit FTE`"))
        check_answer(answer, facts, sink)
    if isinstance(unit, ast.UnitRef) and canonical_unit(unit.name.text) not in index.units:
        sink.append(make("unknown-unit", unit.name.span, name=unit.name.text,
                         suggestions=did_you_mean(unit.name.text, index.units)))
    _check_value(index, info, facts, sink)
    record_only = "record only" in singles
    scored = singles.get("scored")
    if isinstance(scored, ast.Scored):
        if record_only:
            sink.append(make("record-only-scored", scored.span, name=code,
                             related=[Related(span=singles["record only"].span, message="marked record only here")]))
        check_scored(scored, facts, set(index.scales), sink)
        has_evidence = any(isinstance(i, ast.Evidence) for i in node.items)
        if not has_evidence and not record_only:
            sink.append(make("scored-without-evidence", node.code.span, name=code))
    _check_relations(index, info, sink)
    for item in node.items:
        if isinstance(item, ast.Adjust):
            for adjustment in item.adjustments:
                check_percent(adjustment.percent, sink)
        elif isinstance(item, ast.Discount):
            check_percent(item.percent, sink)


def _check_value(index: FrameworkIndex, info: MeasureInfo, facts: MeasureFacts, sink: Sink) -> None:
    value = info.singles.get("value")
    per: ast.Name | None = None
    if isinstance(value, ast.ValueProxy):
        per = value.per
    elif isinstance(value, ast.ValueRef):
        entry = index.value_sets.get(value.value_set.text)
        if entry is None:
            index.unknown_value_sets.setdefault(value.value_set.text, []).append(value.value_set)
            return
        _, vs = entry
        if vs is None:
            return
        proxy = vs.proxies.get(value.entry.text)
        if proxy is None:
            sink.append(make("unknown-proxy", value.entry.span, name=value.entry.text, set=value.value_set.text,
                             suggestions=did_you_mean(value.entry.text, vs.proxies)))
            return
        per = ast.Name(span=value.entry.span, text=proxy.per.text)
    if per is None or facts.answer not in ("number",):
        return
    if facts.unit is not None and canonical_unit(per.text) != canonical_unit(facts.unit):
        related = [Related(span=facts.unit_span, message="the measure's unit is given here")] if facts.unit_span else []
        sink.append(make("unit-mismatch", per.span, found="this proxy value", found_unit=f"£ per {per.text}",
                         what=f"measure '{facts.name}'", expected_unit=facts.unit, related=related))


def _check_relations(index: FrameworkIndex, info: MeasureInfo, sink: Sink) -> None:
    code = info.node.code.text
    exclusive: dict[str, ast.Name] = {}
    additional: dict[str, ast.Name] = {}
    for item in info.node.items:
        if not isinstance(item, ast.Relation):
            continue
        for name in item.names:
            if item.relation == "contributes to":
                if name.text not in index.group_names:
                    sink.append(make("unknown-outcome", name.span, name=name.text,
                                     suggestions=did_you_mean(name.text, index.group_names)))
                continue
            if name.text == code:
                sink.append(make("double-counting-self", name.span, name=code,
                                 relation="counted with" if item.relation != "additional to" else "additional to"))
                continue
            if name.text not in index.measures:
                sink.append(make("unknown-measure", name.span, name=name.text, where="",
                                 suggestions=did_you_mean(name.text, index.measures)))
                continue
            (exclusive if item.relation == "no double counting with" else additional)[name.text] = name
    for other, name in exclusive.items():
        if other in additional:
            sink.append(make("double-counting-conflict", name.span, a=code, b=other,
                             related=[Related(span=additional[other].span, message="declared additional here")]))


def check_scale(scale: ast.Scale, sink: Sink) -> None:
    """Levels from best to worst, each lower than the one before."""
    previous: ast.ScaleLevel | None = None
    for level in scale.levels:
        if not isinstance(level, ast.ScaleLevel):
            continue
        check_percent(level.value, sink)
        if previous is not None and level.value.value >= previous.value.value:
            sink.append(make("scale-levels-not-descending", level.value.span, this=fmt_amount(level.value),
                             previous=fmt_amount(previous.value)))
            return  # one report per scale: a scale written the wrong way round is one mistake
        previous = level


_STEP_ORDER = {"activity": 0, "output": 1, "outcome": 2, "impact": 3}


def _check_pathway(index: FrameworkIndex, pathway: ast.Pathway, sink: Sink) -> None:
    steps = [s for s in pathway.items if isinstance(s, ast.Step)]
    if len(steps) < 2:
        sink.append(make("empty-pathway", pathway.name.span, name=pathway.name.text, count=len(steps)))
    known = set(index.measures) | index.group_names
    previous: ast.Step | None = None
    for step in steps:
        check_percent(step.confidence, sink)
        if step.ref is not None and step.ref.text not in known:
            kind = "measure" if step.kind in ("activity", "output") else "outcome or theme"
            sink.append(make("unknown-pathway-step", step.ref.span, kind=kind, name=step.ref.text,
                             suggestions=did_you_mean(step.ref.text, known)))
        if previous is not None and _STEP_ORDER[step.kind] < _STEP_ORDER[previous.kind]:
            sink.append(make("pathway-order", step.span, kind=step.kind, previous=previous.kind))
        previous = step


def check_policy_rules(policy: ast.Policy, groups: set[str], sink: Sink) -> None:
    for rule in policy.rules:
        match rule:
            case ast.MinSocialValue(percent=p) | ast.MinMeasureWeight(percent=p):
                check_percent(p, sink)
            case ast.MinGroupShare(group=group, percent=p):
                check_percent(p, sink)
                if group.text not in groups:
                    sink.append(make("unknown-group", group.span, name=group.text,
                                     suggestions=did_you_mean(group.text, groups)))
            case ast.MinMeasures(group=ast.Name() as group):
                if group.text not in groups:
                    sink.append(make("unknown-group", group.span, name=group.text,
                                     suggestions=did_you_mean(group.text, groups)))
            case _:
                pass
