"""Lower checked ASTs to the frozen model. Runs only on files without errors."""

from __future__ import annotations

from decimal import Decimal
from types import MappingProxyType
from typing import Any, cast

from svspec import model
from svspec.semantics.common import BUILTIN_UNITS, canonical_unit
from svspec.semantics.framework import FrameworkIndex, MeasureInfo, ValueSetInfo
from svspec.semantics.tender import TenderIndex
from svspec.syntax import ast

_HUNDRED = Decimal(100)


def _fraction(amount: ast.Amount | None) -> Decimal | None:
    return None if amount is None else amount.value / _HUNDRED


def _prose(items: Any) -> dict[str, str]:
    return {i.key: i.text for i in items if isinstance(i, ast.Prose)}


def _setting(singles: dict[str, ast.Node], key: str) -> str | None:
    node = singles.get(key)
    return node.value if isinstance(node, ast.Setting) else None


def _years(amount: ast.Amount, period: str) -> Decimal:
    return amount.value / 12 if period.startswith("month") else amount.value


def lower_value_set(info: ValueSetInfo, file: str) -> model.ValueSet:
    node = info.node
    proxies = tuple(
        model.ProxyEntry(name=p.name.text, amount=p.money.value, unit=canonical_unit(p.per.text),
                         per_year=p.per_year, source=p.source.value if p.source else None,
                         edition=p.edition.value if p.edition else None)
        for p in info.proxies.values()
    )
    return model.ValueSet(name=node.name.text, title=node.title.value, edition=_setting(info.singles, "edition") or "",
                          source=_setting(info.singles, "source"), licence=_setting(info.singles, "licence"),
                          proxies=proxies, summary=_prose(node.items).get("summary"), file=file)


def lower_rule(scored: ast.Scored) -> model.ScoringRule:
    rule = scored.rule
    fields: dict[str, Any] = {"span": scored.span}
    match rule:
        case ast.Linear(low=low, high=high, clamping=clamping):
            fields.update(kind="linear", low=low.value, high=high.value, clamped=clamping != "unclamped")
        case ast.RelativeToBest():
            fields.update(kind="relative-to-best")
        case ast.ByEvaluators(scale=scale):
            fields.update(kind="evaluators", scale=scale.text)
        case ast.ValuePerPound(target=target):
            fields.update(kind="value-per-pound", target=target.value)
        case ast.ValueRelativeToBest():
            fields.update(kind="value-relative-to-best")
        case ast.YesNo():
            fields.update(kind="yes-no")
        case ast.Bands(bands=bands):
            ordered = [b for b in bands if isinstance(b, ast.Band)]
            otherwise = next((b for b in bands if isinstance(b, ast.Otherwise)), None)
            fields.update(
                kind="bands",
                bands=tuple(model.Band(at_least=b.at_least.value, fraction=b.scores.value / _HUNDRED)
                            for b in ordered),
                otherwise=otherwise.scores.value / _HUNDRED if otherwise else Decimal(0),
            )
    for modifier in scored.modifiers:
        match modifier:
            case ast.Cap(amount=amount):
                fields["cap"] = amount.value
            case ast.PointsCap(percent=percent):
                fields["points_cap"] = percent.value / _HUNDRED
            case ast.Threshold(amount=amount):
                fields["threshold"] = amount.value
            case ast.Gate(amount=None):
                fields["gate_yes"] = True
            case ast.Gate(amount=ast.Amount() as amount):
                fields["gate"] = amount.value
            case ast.Credibility(scale=scale):
                fields["credibility_scale"] = scale.text
    return model.ScoringRule(**fields)


def lower_answer(answer: ast.Answer) -> model.Answer:
    low = next((b.amount.value for b in answer.bounds if b.side == "at least"), None)
    high = next((b.amount.value for b in answer.bounds if b.side == "at most"), None)
    return model.Answer(kind=answer.kind, minimum=low, maximum=high,
                        choices=tuple(c.value for c in answer.choices),
                        limit=int(answer.limit.value) if answer.limit is not None else None,
                        limit_unit=answer.limit_unit)


def _scale(node: ast.Scale) -> model.Scale:
    levels = tuple(
        model.ScaleLevel(value=level.value.value, label=level.label.value,
                         descriptor=level.descriptor.text if level.descriptor else None)
        for level in node.levels if isinstance(level, ast.ScaleLevel)
    )
    percent = any(level.value.kind == "percent" for level in node.levels if isinstance(level, ast.ScaleLevel))
    return model.Scale(name=node.name.text, title=node.title.value if node.title else None, levels=levels,
                       percent=percent)


def _valuation(info: MeasureInfo, value_sets: dict[str, model.ValueSet]) -> model.Valuation | None:
    singles = info.singles
    value = singles.get("value")
    proxy: model.Proxy | None = None
    if isinstance(value, ast.ValueProxy):
        proxy = model.Proxy(amount=value.money.value, unit=canonical_unit(value.per.text), per_year=value.per_year,
                            source=value.source.value if value.source else None,
                            edition=value.edition.value if value.edition else None)
    elif isinstance(value, ast.ValueRef):
        vs = value_sets[value.value_set.text]
        entry = next(p for p in vs.proxies if p.name == value.entry.text)
        proxy = model.Proxy(amount=entry.amount, unit=entry.unit, per_year=entry.per_year,
                            source=entry.source or vs.source, edition=entry.edition or vs.edition,
                            value_set=vs.name, entry=entry.name)
    adjust = singles.get("adjust")
    duration = singles.get("lasts")
    discount = singles.get("discount")
    if proxy is None and adjust is None:
        return None
    adjustments: dict[str, Decimal] = {}
    if isinstance(adjust, ast.Adjust):
        for a in adjust.adjustments:
            adjustments[a.kind.replace("-", "_")] = a.percent.value / _HUNDRED
    return model.Valuation(
        proxy=proxy,
        **adjustments,
        duration_years=_years(duration.amount, duration.period) if isinstance(duration, ast.Duration) else Decimal(1),
        discount_rate=discount.percent.value / _HUNDRED if isinstance(discount, ast.Discount) else Decimal(0),
    )


def _measure(info: MeasureInfo, value_sets: dict[str, model.ValueSet]) -> model.Measure:
    node, singles = info.node, info.singles
    prose = _prose(node.items)
    unit = singles.get("unit")
    answer = cast(ast.Answer, singles["answer"])
    scored = singles.get("scored")
    relations: dict[str, list[str]] = {"contributes to": [], "no double counting with": [], "additional to": []}
    for item in node.items:
        if isinstance(item, ast.Relation):
            relations[item.relation].extend(n.text for n in item.names)
    return model.Measure(
        code=node.code.text,
        title=node.title.value,
        theme=info.theme,
        outcome=info.outcome,
        answer=lower_answer(answer),
        unit=canonical_unit(unit.name.text) if isinstance(unit, ast.UnitRef)
        else ("money" if answer.kind == "money" else None),
        why=prose.get("why"), guidance=prose.get("guidance"), summary=prose.get("summary"), note=prose.get("note"),
        record_only="record only" in singles,
        apportioned="apportioned" in singles,
        local_only="local only" in singles,
        valuation=_valuation(info, value_sets),
        evidence=tuple(model.EvidenceRequirement(what=e.what.value, when=cast(model.When, e.when),
                                                 verified_by=e.verified_by.value if e.verified_by else None)
                       for e in node.items if isinstance(e, ast.Evidence)),
        attestations=tuple(a.text.value for a in node.items if isinstance(a, ast.Attest)),
        reports=tuple(model.ReportingMetric(what=r.what.value, when=cast(model.When, r.when))
                      for r in node.items if isinstance(r, ast.Report)),
        contributes_to=tuple(relations["contributes to"]),
        no_double_counting_with=tuple(relations["no double counting with"]),
        additional_to=tuple(relations["additional to"]),
        default_scoring=lower_rule(scored) if isinstance(scored, ast.Scored) else None,
        span=node.span,
    )


def lower_policy(rules: list[ast.PolicyRule]) -> model.Policy:
    """Several policies (framework, tender) combine: the strictest limit wins."""
    fields: dict[str, Any] = {"group_shares": [], "min_measures_from": []}
    for rule in rules:
        match rule:
            case ast.MinSocialValue(percent=p):
                fields["min_social_value"] = max(fields.get("min_social_value") or Decimal(0), p.value / _HUNDRED)
            case ast.MinGroupShare(group=g, percent=p, base=base):
                fields["group_shares"].append(model.GroupShare(group=g.text, minimum=p.value / _HUNDRED, base=base))
            case ast.MaxMeasures(count=n):
                current = fields.get("max_measures")
                fields["max_measures"] = int(n.value) if current is None else min(current, int(n.value))
            case ast.MinMeasures(count=n, group=None):
                fields["min_measures"] = max(fields.get("min_measures") or 0, int(n.value))
            case ast.MinMeasures(count=n, group=ast.Name() as g):
                fields["min_measures_from"].append((g.text, int(n.value)))
            case ast.MinMeasureWeight(percent=p):
                fields["min_measure_weight"] = max(fields.get("min_measure_weight") or Decimal(0), p.value / _HUNDRED)
            case ast.AppliesFrom(money=m):
                fields["applies_from"] = m.value
    fields["group_shares"] = tuple(fields["group_shares"])
    fields["min_measures_from"] = tuple(fields["min_measures_from"])
    return model.Policy(**fields)


def _rules(node: ast.Node | None) -> list[ast.PolicyRule]:
    if not isinstance(node, ast.Policy):
        return []
    return [r for r in node.rules if not isinstance(r, ast.Broken)]


def lower_framework(index: FrameworkIndex, value_sets: dict[str, model.ValueSet], file: str) -> model.Framework:
    node = index.node
    singles = index.singles
    prose = _prose(node.items)
    priority_node = singles.get("priority")
    priority = tuple(n.text for n in priority_node.names) if isinstance(priority_node, ast.Priority) else ()
    rank = {name: i + 1 for i, name in enumerate(dict.fromkeys(priority))}
    measures = tuple(_measure(info, value_sets) for info in index.measures.values())
    outcomes: list[model.Outcome] = []
    for name, (outcome, theme_name) in index.outcomes.items():
        oprose = _prose(outcome.items)
        weight = index.outcome_singles.get(name, {}).get("weight")
        outcomes.append(model.Outcome(
            name=name, title=outcome.title.value, theme=theme_name,
            measures=tuple(m.code.text for m in outcome.items if isinstance(m, ast.Measure)
                           and m.code.text in index.measures and index.measures[m.code.text].node is m),
            weight=_fraction(weight.percent) if isinstance(weight, ast.Weight) else None,
            priority=rank.get(name),
            why=oprose.get("why"), guidance=oprose.get("guidance"), summary=oprose.get("summary"),
            note=oprose.get("note"), span=outcome.span))
    themes: list[model.Theme] = []
    for name, theme in index.themes.items():
        tprose = _prose(theme.items)
        weight = index.theme_singles.get(name, {}).get("weight")
        themes.append(model.Theme(
            name=name, title=theme.title.value,
            outcomes=tuple(o.name.text for o in theme.items if isinstance(o, ast.Outcome)
                           and o.name.text in index.outcomes and index.outcomes[o.name.text][0] is o),
            weight=_fraction(weight.percent) if isinstance(weight, ast.Weight) else None,
            why=tprose.get("why"), guidance=tprose.get("guidance"), summary=tprose.get("summary"),
            note=tprose.get("note"), span=theme.span))
    scales = tuple(_scale(s) for s in index.scales.values())
    used_units = {m.unit for m in measures if m.unit and m.unit not in ("money",)}
    units = tuple(model.Unit(name=n, description=d) for n, d in index.units.items()
                  if n in used_units or n not in BUILTIN_UNITS)
    pathways = tuple(
        model.Pathway(
            name=p.name.text, title=p.title.value,
            steps=tuple(model.PathwayStep(kind=s.kind, ref=s.ref.text if s.ref else None,
                                          text=s.text.value if s.text else None,
                                          assumption=s.assumption.value if s.assumption else None,
                                          confidence=_fraction(s.confidence))
                        for s in p.items if isinstance(s, ast.Step)),
            **{k: v for k, v in _prose(p.items).items() if k in ("why", "guidance", "summary", "note")},
            span=p.span)
        for p in index.pathways.values()
    )
    refs = tuple(model.ValueSetRef(name=n, edition=imp.version.value, path=imp.path.value)
                 for n, (imp, _) in index.value_sets.items())
    return model.Framework(
        name=node.name.text, title=node.title.value,
        version=_setting(singles, "version") or "",
        owner=_setting(singles, "owner"), effective=_setting(singles, "effective"),
        currency=_setting(singles, "currency") or "GBP",
        licence=_setting(singles, "licence"), source=_setting(singles, "source"),
        themes=tuple(themes), outcomes=tuple(outcomes), measures=measures, priority=priority,
        scales=scales, units=units, pathways=pathways, policy=lower_policy(_rules(singles.get("policy"))),
        value_sets=refs,
        why=prose.get("why"), guidance=prose.get("guidance"), summary=prose.get("summary"), note=prose.get("note"),
        file=file,
        measure_index=MappingProxyType({m.code: m for m in measures}),
        outcome_index=MappingProxyType({o.name: o for o in outcomes}),
        theme_index=MappingProxyType({t.name: t for t in themes}),
        scale_index=MappingProxyType({s.name: s for s in scales}),
    )


def lower_tender(index: TenderIndex, framework_index: FrameworkIndex, framework: model.Framework,
                 file: str, framework_path: str) -> model.Tender:
    node, singles = index.node, index.singles
    prose = _prose(node.items)
    contract = cast(ast.Contract, singles["contract value"])
    criteria = []
    for c in index.criteria.values():
        fields: dict[str, Any] = {"kind": c.kind, "weight": c.weight.value / _HUNDRED}
        for option in c.options:
            match option:
                case ast.PriceRelativeToLowest():
                    fields["price_formula"] = "relative-to-lowest"
                case ast.PriceFixedRange(low=low, high=high):
                    fields.update(price_formula="fixed-range", price_low=low.value, price_high=high.value)
                case ast.PassMark(percent=p):
                    fields["pass_mark"] = p.value / _HUNDRED
        criteria.append(model.Criterion(**fields))
    questions = []
    for code, (q, qs) in index.questions.items():
        qprose = _prose(q.items)
        questions.append(model.Question(
            code=code, title=q.title.value,
            weight=cast(ast.Weight, qs["weight"]).percent.value / _HUNDRED,
            answer=lower_answer(cast(ast.Answer, qs["answer"])),
            scoring=lower_rule(cast(ast.Scored, qs["scored"])),
            evidence=tuple(model.EvidenceRequirement(what=e.what.value, when=cast(model.When, e.when),
                                                     verified_by=e.verified_by.value if e.verified_by else None)
                           for e in q.items if isinstance(e, ast.Evidence)),
            why=qprose.get("why"), guidance=qprose.get("guidance"), summary=qprose.get("summary"),
            note=qprose.get("note")))
    selections = []
    for code, s in index.selections.items():
        measure = framework.measure(code)
        scoring = lower_rule(s.scored) if s.scored else measure.default_scoring
        assert scoring is not None
        selections.append(model.Selection(code=code, weight=s.weight.value / _HUNDRED, scoring=scoring,
                                          measure=measure))
    moderation = singles.get("moderation")
    tie = singles.get("tie break")
    compare = singles.get("compare")
    rules = _rules(framework_index.singles.get("policy")) + _rules(singles.get("policy"))
    return model.Tender(
        name=node.name.text, title=node.title.value, version=_setting(singles, "version"),
        framework=framework, framework_path=framework_path,
        contract_value=contract.value.value, contract_years=_years(contract.duration, contract.period),
        criteria=tuple(criteria), questions=tuple(questions), selections=tuple(selections),
        moderation=moderation.kind if isinstance(moderation, ast.Moderation) else "consensus",
        tie_break=tie.order if isinstance(tie, ast.TieBreak) else (),
        compare_among=compare.among if isinstance(compare, ast.Compare) else "passing bids",
        policy=lower_policy(rules),
        scales=tuple(_scale(s) for s in index.scales.values()),
        closes=_setting(singles, "closes"),
        why=prose.get("why"), guidance=prose.get("guidance"), summary=prose.get("summary"), note=prose.get("note"),
        file=file,
    )
