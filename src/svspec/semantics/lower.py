"""Lower resolved symbols to the frozen model. Runs only on files without errors.

Every setting a rule needed is a typed field of its symbol (`semantics.symbols`); lowering reads
those, and the AST nodes they keep only for prose and the order things were written in.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import replace
from decimal import Decimal
from fractions import Fraction
from types import MappingProxyType
from typing import Any, TypeVar, cast

from svspec import SvspecError, model
from svspec.kinds.answers import ANSWERS
from svspec.kinds.rules import node_kind
from svspec.semantics import symbols as sym
from svspec.semantics.common import BUILTIN_UNITS, canonical_unit, figure_in_force
from svspec.syntax import ast

_HUNDRED = Decimal(100)
T = TypeVar("T")


def _fraction(amount: ast.Amount | None) -> Decimal | None:
    return None if amount is None else amount.value / _HUNDRED


def _share(amount: ast.Amount) -> Decimal | Fraction:
    """A weight as a share of one: 25% → 0.25, and `1/3` exactly (issue 9 item 5)."""
    return amount.exact / 100 if amount.exact is not None else amount.value / _HUNDRED


def _prose(items: Any) -> dict[str, str]:
    return {i.key: i.text for i in items if isinstance(i, ast.Prose)}


def _setting(settings: Mapping[str, ast.Setting], key: str) -> str | None:
    node = settings.get(key)
    return node.value if node is not None else None


def _given(node: T | None) -> T:
    """A setting the checks made sure of (lowering runs only on files without errors)."""
    if node is None:
        raise SvspecError("lowering a file whose checks did not pass")
    return node


def _years(amount: ast.Amount, period: str) -> Decimal:
    return amount.value / 12 if period.startswith("month") else amount.value


def lower_value_set(value_set: sym.ValueSet, file: str) -> model.ValueSet:
    node, settings = value_set.node, value_set.settings
    proxies = tuple(
        model.ProxyEntry(name=p.name.text, amount=p.money.value, unit=canonical_unit(p.per.text),
                         per_year=p.per_year, source=p.source.value if p.source else None,
                         edition=p.edition.value if p.edition else None)
        for p in (proxy.node for proxy in value_set.proxies.values())
    )
    return model.ValueSet(name=node.name.text, title=node.title.value, edition=_setting(settings, "edition") or "",
                          source=_setting(settings, "source"), licence=_setting(settings, "licence"),
                          proxies=proxies, summary=_prose(node.items).get("summary"), file=file)


def lower_rule(scored: ast.Scored) -> model.ScoringRule:
    rule = scored.rule
    fields: dict[str, Any] = {"span": scored.span}
    kind = node_kind(rule)
    fields.update(kind.lower(rule), kind=kind.name)
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
                        limit_unit=answer.limit_unit,
                        parts=tuple(model.AnswerPart(name=p.name.text, rate=p.rate.value if p.rate else Decimal(1),
                                                     unit=canonical_unit(p.per.text) if p.per else "£")
                                    for p in answer.parts))


def _scale(node: ast.Scale) -> model.Scale:
    levels = tuple(
        model.ScaleLevel(value=level.value.value, label=level.label.value,
                         descriptor=level.descriptor.text if level.descriptor else None)
        for level in node.levels if isinstance(level, ast.ScaleLevel)
    )
    percent = any(level.value.kind == "percent" for level in node.levels if isinstance(level, ast.ScaleLevel))
    return model.Scale(name=node.name.text, title=node.title.value if node.title else None, levels=levels,
                       percent=percent)


def _valuation(measure: sym.Measure, value_sets: dict[str, model.ValueSet]) -> model.Valuation | None:
    value = measure.value
    proxy: model.Proxy | None = None
    if isinstance(value, ast.ValueProxy):
        proxy = model.Proxy(amount=value.money.value, unit=canonical_unit(value.per.text), per_year=value.per_year,
                            source=value.source.value if value.source else None,
                            edition=value.edition.value if value.edition else None)
    elif isinstance(value, sym.ValueRef):
        vs = value_sets[value.node.value_set.text]
        entry = next(p for p in vs.proxies if p.name == value.node.entry.text)
        proxy = model.Proxy(amount=entry.amount, unit=entry.unit, per_year=entry.per_year,
                            source=entry.source or vs.source, edition=entry.edition or vs.edition,
                            value_set=vs.name, entry=entry.name)
    adjust, duration, discount = measure.adjust, measure.lasts, measure.discount
    if proxy is None and adjust is None:
        return None  # `investment` without a value is reported (investment-without-value)
    adjustments: dict[str, Decimal] = {}
    if adjust is not None:
        for a in adjust.adjustments:
            adjustments[a.kind.replace("-", "_")] = a.percent.value / _HUNDRED
    return model.Valuation(
        proxy=proxy,
        **adjustments,
        duration_years=_years(duration.amount, duration.period) if duration is not None else Decimal(1),
        discount_rate=discount.percent.value / _HUNDRED if discount is not None else Decimal(0),
        discount_first_year=discount is None or discount.first_year != "undiscounted",
        investment=measure.investment.money.value if measure.investment is not None else None,
    )


def _measure(measure: sym.Measure, value_sets: dict[str, model.ValueSet], tags: tuple[str, ...] = ()) -> model.Measure:
    node = measure.node
    prose = _prose(node.items)
    unit = measure.unit_ref
    answer = _given(measure.answer)
    relations: dict[str, list[str]] = {"contributes to": [], "no double counting with": [], "additional to": [],
                                       "part of": []}
    for relation in measure.relations:
        relations[relation.relation].extend(n.text for n in relation.names)
    return model.Measure(
        code=node.code.text,
        title=node.title.value,
        theme=measure.theme,
        outcome=measure.outcome,
        answer=lower_answer(answer),
        unit=canonical_unit(unit.name.text) if unit is not None else ANSWERS[answer.kind].quantity_unit(None),
        why=prose.get("why"), guidance=prose.get("guidance"), summary=prose.get("summary"), note=prose.get("note"),
        record_only=measure.record_only is not None,
        apportioned=measure.apportioned,
        local_only=measure.local_only,
        valuation=_valuation(measure, value_sets),
        evidence=tuple(model.EvidenceRequirement(what=e.what.value, when=cast(model.When, e.when),
                                                 verified_by=e.verified_by.value if e.verified_by else None)
                       for e in measure.evidence),
        attestations=tuple(a.text.value for a in node.items if isinstance(a, ast.Attest)),
        reports=tuple(model.ReportingMetric(what=r.what.value, when=cast(model.When, r.when))
                      for r in node.items if isinstance(r, ast.Report)),
        contributes_to=tuple(relations["contributes to"]),
        no_double_counting_with=tuple(relations["no double counting with"]),
        additional_to=tuple(relations["additional to"]),
        part_of=tuple(relations["part of"]),
        default_scoring=lower_rule(measure.scored) if measure.scored is not None else None,
        span=node.span,
        question=measure.question.text.value if measure.question is not None else None,
        sub_criteria=tuple(c.text.value for c in measure.sub_criteria),
        local_area=tuple(n.text for n in measure.local.area) if measure.local is not None else (),
        local_boundary=(measure.local.boundary.value if measure.local is not None and measure.local.boundary
                        else None),
        tags=tags,
    )


def _measure_tags(framework: sym.Framework, measure: sym.Measure) -> tuple[str, ...]:
    """A measure's own tags and those of its outcome and theme: a measure under an outcome tagged
    `prevention` serves prevention too (Lambeth's shared purpose)."""
    outcome, theme = framework.outcomes.get(measure.outcome), framework.themes.get(measure.theme)
    names = [*measure.tagged, *(outcome.tagged if outcome else ()), *(theme.tagged if theme else ())]
    return tuple(dict.fromkeys(n.text for n in names if n.text in framework.tags))


def _tag_families(framework: sym.Framework) -> tuple[model.TagFamily, ...]:
    families = [item for item in framework.node.items if isinstance(item, ast.Tags)]
    return tuple(model.TagFamily(name=f.name.text, title=f.title.value, tags=tuple(
        model.Tag(name=t.name.text, title=t.title.value) for t in f.items
        if isinstance(t, ast.Tag) and framework.tags[t.name.text].node is t)) for f in families)


_TAILORED_PROSE = {"guidance": "guidance", "summary": "summary", "why": "why", "note": "note"}


def tailor(measure: model.Measure, items: tuple[ast.TailoringItem, ...]) -> tuple[model.Measure, tuple[str, ...]]:
    """The framework measure as a tender asks it (PPN 06/20 and PPN 002 let a buyer set the limit,
    refine the question and its sub-criteria and add reporting metrics), and what was tailored."""
    changes: dict[str, Any] = {}
    tailored: list[str] = []
    sub_criteria = [i.text.value for i in items if isinstance(i, ast.SubCriterion)]
    reports = [model.ReportingMetric(what=i.what.value, when=cast(model.When, i.when))
               for i in items if isinstance(i, ast.Report)]
    for item in items:  # a line given twice is reported (resolve); the first one counts, as elsewhere
        match item:
            case ast.Answer() if "answer" not in changes:
                changes["answer"] = lower_answer(item)
                tailored.append("answer")
            case ast.QuestionText() if "question" not in changes:
                changes["question"] = item.text.value
                tailored.append("question")
            case ast.Prose(key=key) if key in _TAILORED_PROSE and _TAILORED_PROSE[key] not in changes:
                changes[_TAILORED_PROSE[key]] = item.text
                tailored.append(key)
            case _:
                pass
    if sub_criteria:
        changes["sub_criteria"] = tuple(sub_criteria)
        tailored.append("sub-criteria")
    if reports:
        changes["reports"] = measure.reports + tuple(reports)
        tailored.append("reporting metrics")
    return (replace(measure, **changes) if changes else measure), tuple(tailored)


def lower_policy(rules: list[ast.PolicyRule], as_of: str | None = None, *, dated: bool = False) -> model.Policy:
    """Several policies (framework, tender) combine: the strictest limit wins.

    A figure that rises on dates is the one in force on `as_of` (the tender's closing date) when
    `dated`; a tender without a closing date takes the highest (`semantics.tender` warns). Rules
    under `recommended` are advice: they lower into `recommended`, never into the requirements.
    """
    fields: dict[str, Any] = {"group_shares": [], "min_measures_from": []}
    advice: list[ast.PolicyRule] = []
    for rule in rules:
        match rule:
            case ast.MinSocialValue(percent=p, rising=rising):
                figure = figure_in_force(p, rising, as_of) if dated else p.value
                fields["min_social_value"] = max(fields.get("min_social_value") or Decimal(0), figure / _HUNDRED)
                fields["min_social_value_rises"] = _rises(rising)
            case ast.MinGroupShare(group=g, percent=p, base=base, rising=rising):
                figure = figure_in_force(p, rising, as_of) if dated else p.value
                fields["group_shares"].append(model.GroupShare(group=g.text, minimum=figure / _HUNDRED, base=base,
                                                               rises=_rises(rising)))
            case ast.MaxMeasures(count=n):
                current = fields.get("max_measures")
                fields["max_measures"] = int(n.value) if current is None else min(current, int(n.value))
            case ast.MinMeasures(count=n, group=None):
                fields["min_measures"] = max(fields.get("min_measures") or 0, int(n.value))
            case ast.MinMeasures(count=n, group=ast.Name() as g):
                fields["min_measures_from"].append((g.text, int(n.value)))
            case ast.MinMeasureWeight(percent=p, rising=rising):
                figure = (figure_in_force(p, rising, as_of) if dated else p.value) / _HUNDRED
                if figure >= (fields.get("min_measure_weight") or Decimal(0)):
                    fields.update(min_measure_weight=figure, min_measure_weight_rises=_rises(rising))
            case ast.AppliesFrom(money=m, recommended_below=below):
                fields["applies_from"] = m.value
                fields["recommended_below"] = fields.get("recommended_below", False) or below
            case ast.MinCommitments(percent=p, rising=rising, below=below):
                figure = (figure_in_force(p, rising, as_of) if dated else p.value) / _HUNDRED
                if figure >= (fields.get("min_commitments") or Decimal(0)):
                    fields.update(min_commitments=figure, min_commitments_rises=_rises(rising), below_commitments=below)
            case ast.Recommended(rules=inner):
                advice.extend(r for r in inner if not isinstance(r, ast.Broken))
            case ast.SocialValueShare(bound=bound, percent=p, within_quality=within):
                fields.setdefault("social_value_shares", []).append(
                    model.SocialValueShare(bound=bound, share=p.value / _HUNDRED, within_quality=within))
            case ast.OutcomesAtMost(count=n):
                current = fields.get("max_outcomes")
                fields["max_outcomes"] = int(n.value) if current is None else min(current, int(n.value))
    fields["social_value_shares"] = tuple(fields.get("social_value_shares", ()))
    fields["group_shares"] = tuple(fields["group_shares"])
    fields["min_measures_from"] = tuple(fields["min_measures_from"])
    if advice:
        fields["recommended"] = lower_policy(advice, as_of, dated=dated)
    return model.Policy(**fields, as_of=as_of if dated else None)


def _rises(rising: Sequence[ast.Rising]) -> tuple[model.Rise, ...]:
    return tuple(model.Rise(figure=r.percent.value / _HUNDRED, on=r.date) for r in rising)


def _binding_rules(node: ast.Policy | None, contract_value: Decimal) -> list[ast.PolicyRule]:
    """A policy's rules for a contract: a delivery minimum binds only from the policy's `applies
    from` value (below it, a `recommended below` policy keeps it as advice)."""
    rules = _rules(node)
    threshold = next((r for r in rules if isinstance(r, ast.AppliesFrom)), None)
    if threshold is None or contract_value >= threshold.money.value:
        return rules
    gates = [r for r in rules if isinstance(r, ast.MinCommitments)]
    kept: list[ast.PolicyRule] = [r for r in rules if not isinstance(r, ast.MinCommitments)]
    if gates and threshold.recommended_below:
        kept.append(ast.Recommended(span=gates[0].span, rules=tuple(gates)))
    return kept


def _rules(node: ast.Policy | None) -> list[ast.PolicyRule]:
    if node is None:
        return []
    return [r for r in node.rules if not isinstance(r, ast.Broken)]


def lower_framework(framework: sym.Framework, value_sets: dict[str, model.ValueSet], file: str) -> model.Framework:
    node, settings = framework.node, framework.settings
    prose = _prose(node.items)
    priority = tuple(n.text for n in framework.priority.names) if framework.priority is not None else ()
    rank = {name: i + 1 for i, name in enumerate(dict.fromkeys(priority))}
    measures = tuple(_measure(m, value_sets, _measure_tags(framework, m)) for m in framework.measures.values())
    outcomes: list[model.Outcome] = []
    for name, outcome in framework.outcomes.items():
        oprose = _prose(outcome.node.items)
        outcomes.append(model.Outcome(
            name=name, title=outcome.node.title.value, theme=outcome.theme,
            measures=tuple(m.code for m in outcome.measures),
            weight=_fraction(outcome.weight.percent) if outcome.weight is not None else None,
            priority=rank.get(name),
            why=oprose.get("why"), guidance=oprose.get("guidance"), summary=oprose.get("summary"),
            note=oprose.get("note"), span=outcome.span))
    themes: list[model.Theme] = []
    for name, theme in framework.themes.items():
        tprose = _prose(theme.node.items)
        themes.append(model.Theme(
            name=name, title=theme.node.title.value,
            outcomes=tuple(o.name for o in theme.outcomes if _declared_first(framework, o)),
            weight=_fraction(theme.weight.percent) if theme.weight is not None else None,
            why=tprose.get("why"), guidance=tprose.get("guidance"), summary=tprose.get("summary"),
            note=tprose.get("note"), span=theme.span))
    scales = tuple(_scale(s.node) for s in framework.scales.values())
    used_units = {m.unit for m in measures if m.unit and m.unit not in ("money",)}
    units = tuple(model.Unit(name=u.name, description=u.description) for u in framework.units.values()
                  if u.name in used_units or u.name not in BUILTIN_UNITS)
    pathways = tuple(
        model.Pathway(
            name=p.name, title=p.node.title.value,
            steps=tuple(model.PathwayStep(kind=s.kind, ref=s.ref.text if s.ref else None,
                                          text=s.text.value if s.text else None,
                                          assumption=s.assumption.value if s.assumption else None,
                                          confidence=_fraction(s.confidence), follows=follows)
                        for s, follows in zip(p.steps, p.follows, strict=True)),
            **{k: v for k, v in _prose(p.node.items).items() if k in ("why", "guidance", "summary", "note")},
            span=p.span)
        for p in framework.pathways.values()
    )
    refs = tuple(model.ValueSetRef(name=n, edition=imp.node.version.value, path=imp.node.path.value)
                 for n, imp in framework.value_sets.items())
    layers: tuple[str, ...] = ()
    if framework.lineage is not None:
        layers = tuple(layer.label for layer in framework.lineage.layers)
        measures = _with_origins(measures, framework.lineage, lambda m: m.code)
        outcomes = list(_with_origins(tuple(outcomes), framework.lineage, lambda o: o.name))
        themes = list(_with_origins(tuple(themes), framework.lineage, lambda t: t.name))
    return model.Framework(
        name=node.name.text, title=node.title.value,
        version=_setting(settings, "version") or "",
        owner=_setting(settings, "owner"), effective=_setting(settings, "effective"),
        until=_setting(settings, "until"), replaced_by=_setting(settings, "replaced by"),
        currency=_setting(settings, "currency") or "GBP",
        licence=_setting(settings, "licence"), source=_setting(settings, "source"),
        themes=tuple(themes), outcomes=tuple(outcomes), measures=measures, priority=priority,
        scales=scales, units=units, pathways=pathways, policy=lower_policy(_rules(framework.policy)),
        value_sets=refs,
        why=prose.get("why"), guidance=prose.get("guidance"), summary=prose.get("summary"), note=prose.get("note"),
        file=file, layers=layers,
        tag_families=_tag_families(framework),
        measure_index=MappingProxyType({m.code: m for m in measures}),
        outcome_index=MappingProxyType({o.name: o for o in outcomes}),
        theme_index=MappingProxyType({t.name: t for t in themes}),
        scale_index=MappingProxyType({s.name: s for s in scales}),
    )


_O = TypeVar("_O", model.Measure, model.Outcome, model.Theme)


def _with_origins(items: tuple[_O, ...], lineage: sym.Lineage, name: Callable[[_O], str]) -> tuple[_O, ...]:
    """The items of a framework built on others, each with the layer it came from."""
    out = []
    for item in items:
        origin = lineage.origins.get(name(item))
        if origin is not None:
            item = replace(item, origin=model.Origin(declared_in=origin.declared_in,
                                                      changed_in=origin.changed_in, renamed_from=origin.renamed_from))
        out.append(item)
    return tuple(out)


def _declared_first(framework: sym.Framework, outcome: sym.Outcome) -> bool:
    """The outcome is the one its name stands for (not a later duplicate)."""
    first = framework.outcomes.get(outcome.name)
    return first is not None and first.node is outcome.node


def _exactly(value: Fraction) -> Decimal | Fraction:
    """A share as a Decimal when one can hold it exactly (0.08), else the Fraction (1/3 of 40%)."""
    den = value.denominator
    for p in (2, 5):
        while den % p == 0:
            den //= p
    return Decimal(value.numerator) / Decimal(value.denominator) if den == 1 else value


def _nest(criteria: list[model.Criterion]) -> list[model.Criterion]:
    """Weights of the total for a criterion nested within quality: quality 40% with social value 20%
    within it gives social value 8% and quality's questions 32%, so the weights still add up to 1."""
    quality = next((c for c in criteria if c.kind == "quality"), None)
    nested = [c for c in criteria if c.within == "quality" and c.share is not None]
    if quality is None or not nested:
        return criteria
    inner = sum((Fraction(c.share) for c in nested if c.share is not None), Fraction(0))
    out = []
    for c in criteria:
        if c is quality:
            c = replace(c, weight=_exactly(Fraction(quality.weight) * (1 - inner)))
        elif c in nested and c.share is not None:
            c = replace(c, weight=_exactly(Fraction(quality.weight) * Fraction(c.share)))
        out.append(c)
    return out


def lower_tender(tender: sym.Tender, framework: model.Framework, file: str, framework_path: str) -> model.Tender:
    node, settings = tender.node, tender.settings
    prose = _prose(node.items)
    contract = _given(tender.contract)
    criteria = []
    for c in tender.criteria.values():
        fields: dict[str, Any] = {"kind": c.kind, "weight": _share(c.weight)}
        for option in c.options:
            match option:
                case ast.PriceRelativeToLowest():
                    fields["price_formula"] = "relative-to-lowest"
                case ast.PriceFixedRange(low=low, high=high, clamping=clamping):
                    fields.update(price_formula="fixed-range", price_low=low.value, price_high=high.value,
                                  price_clamped=clamping != "unclamped")
                case ast.PriceFormula(formula=formula):
                    fields["price_formula"] = formula
                case ast.PassMark(percent=p):
                    fields["pass_mark"] = p.value / _HUNDRED
                case ast.WithinQuality():
                    fields.update(within="quality", share=fields["weight"])
                case ast.MarkRule(test=test, mark=mark, effect=effect):
                    fields.setdefault("mark_rules", []).append(model.MarkRule(test=test, mark=mark.value,
                                                                              effect=effect))
        if "mark_rules" in fields:
            fields["mark_rules"] = tuple(fields["mark_rules"])
        criteria.append(model.Criterion(**fields))
    criteria = _nest(criteria)
    criteria += [model.Criterion(kind=name, weight=_share(c.weight)) for name, c in tender.named_criteria.items()]
    of_criterion: dict[str, Fraction] = {c.kind: Fraction(c.weight) for c in criteria}

    def weighed(amount: ast.Amount, of_total: bool, kind: str) -> Decimal | Fraction:
        """A share of its criterion; `weight 12% of total` becomes 12% ÷ the criterion's share of the total."""
        if not of_total or not of_criterion.get(kind):
            return _share(amount)
        return _exactly(Fraction(_share(amount)) / of_criterion[kind])

    questions = []
    for code, q in tender.questions.items():
        qprose = _prose(q.node.items)
        questions.append(model.Question(
            code=code, title=q.node.title.value,
            weight=weighed(_given(q.weight).percent, _given(q.weight).of_total, "quality"),
            answer=lower_answer(_given(q.answer)),
            scoring=lower_rule(_given(q.scored)),
            evidence=tuple(model.EvidenceRequirement(what=e.what.value, when=cast(model.When, e.when),
                                                     verified_by=e.verified_by.value if e.verified_by else None)
                           for e in q.node.items if isinstance(e, ast.Evidence)),
            why=qprose.get("why"), guidance=qprose.get("guidance"), summary=qprose.get("summary"),
            note=qprose.get("note"),
            outcome=q.on_outcome.outcome.text if q.on_outcome is not None else None,
            judged_against=tuple(n.text for n in q.on_outcome.criteria) if q.on_outcome is not None else ()))
    selections = []
    for code, s in tender.selections.items():
        measure = framework.measure(code)
        scoring = lower_rule(s.scored) if s.scored else measure.default_scoring
        assert scoring is not None
        asked, tailored = tailor(measure, s.tailoring)
        kind = tender.criterion_of(code)
        selections.append(model.Selection(code=code, weight=weighed(s.weight, s.node.of_total, kind),
                                          scoring=scoring, measure=asked, tailored=tailored, criterion=kind))
    recorded = []
    for code, r in tender.recorded.items():
        asked, tailored = tailor(framework.measure(code), r.tailoring)
        recorded.append(model.Recorded(code=code, measure=replace(asked, record_only=True), tailored=tailored))
    narrative = tender.narrative
    moderation, tie, compare = tender.moderation, tender.tie_break, tender.compare
    framework_policy = tender.framework.policy if tender.framework is not None else None
    rules = _binding_rules(framework_policy, contract.value.value) + _binding_rules(tender.policy, contract.value.value)
    return model.Tender(
        name=node.name.text, title=node.title.value, version=_setting(settings, "version"),
        framework=framework, framework_path=framework_path,
        contract_value=contract.value.value, contract_years=_years(contract.duration, contract.period),
        criteria=tuple(criteria), questions=tuple(questions), selections=tuple(selections),
        moderation=moderation.kind if moderation is not None else "consensus",
        tie_break=tie.order if tie is not None else (),
        compare_among=compare.among if compare is not None else "passing bids",
        policy=lower_policy(rules, _setting(settings, "closes"), dated=True),
        value_target=_value_target(tender.value_target),
        waivers=tuple(_waiver(w) for w in tender.waivers),
        scales=tuple(_scale(s.node) for s in tender.scales.values()),
        closes=_setting(settings, "closes"),
        contract_starts=_setting(settings, "contract starts"),
        kpis=tuple(n.text for n in tender.kpis.names) if tender.kpis is not None else (),
        returns_due_days=int(tender.returns_due.days.value) if tender.returns_due is not None else 30,
        rating=_rating(tender.rating),
        abnormally_low=_abnormally_low(tender.abnormally_low),
        rank_places=int(tender.rounding.places.value) if tender.rounding is not None else None,
        item_places=_item_places(tender.item_rounding),
        price_components=tuple(model.PriceComponent(code=c.code.text, title=c.title.value,
                                                    times=c.times.value if c.times is not None else Decimal(1))
                               for c in tender.price_components.components) if tender.price_components else (),
        shortlist=model.Shortlist(top=int(tender.shortlist.top.value), ties=tender.shortlist.ties)
        if tender.shortlist is not None else None,
        award="price per quality point" if tender.award_method is not None else "weighted total",
        why=prose.get("why"), guidance=prose.get("guidance"), summary=prose.get("summary"), note=prose.get("note"),
        file=file,
        recorded=tuple(recorded),
        narrative_limit=int(narrative.limit.value) if narrative is not None else None,
        narrative_unit=narrative.unit if narrative is not None else None,
    )


def _value_target(node: ast.ValueTarget | None) -> model.ValueTarget | None:
    if node is None:
        return None
    return model.ValueTarget(weight=node.weight.value / _HUNDRED, scoring=lower_rule(node.scored))


def _waiver(node: ast.Waiver) -> model.Waiver:
    reason = next(i for i in node.items if isinstance(i, ast.WaiverReason))
    approval = next(i for i in node.items if isinstance(i, ast.WaiverApproval))
    return model.Waiver(code=node.code.text, reason=reason.text.value, approved_by=approval.by.value,
                        approved_on=approval.on)


def _item_places(node: ast.ItemRounding | None) -> int | None:
    """The places each question's points are rounded to before weighting: 0 for whole points."""
    if node is None:
        return None
    return 0 if node.places is None else int(node.places.value)


def _abnormally_low(node: ast.AbnormallyLow | None) -> model.AbnormallyLow | None:
    """The tender's abnormally low test, shares as fractions (40% → 0.4)."""
    if node is None:
        return None
    return model.AbnormallyLow(tests=tuple((t.against, t.percent.value / _HUNDRED) for t in node.tests),
                               action=node.action)


def _rating(node: ast.Rating | None) -> model.Rating:
    """The tender's rating rule, or the default (100%, 80%, 50%) when it states none."""
    if node is None:
        return model.Rating()
    return model.Rating(good=node.good.value / _HUNDRED, approaching=node.approaching.value / _HUNDRED,
                        improvement=node.improvement.value / _HUNDRED)
