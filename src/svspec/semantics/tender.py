"""Check a tender against its framework and its policy."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from svspec.diagnostics import Related, make
from svspec.diagnostics.suggest import did_you_mean
from svspec.semantics.common import (
    MeasureFacts,
    Sink,
    check_percent,
    check_scored,
    fmt_amount,
    fmt_percent,
    single_settings,
    weights_sum,
)
from svspec.semantics.framework import (
    FrameworkIndex,
    check_answer,
    check_policy_rules,
    check_scale,
    measure_facts,
)
from svspec.syntax import ast

_TENDER_SINGLES: dict[type, str] = {
    ast.Setting: "setting", ast.Prose: "prose", ast.Uses: "uses", ast.Contract: "contract value",
    ast.Criteria: "criteria", ast.QualityQuestions: "quality questions",
    ast.SocialValueMeasures: "social value measures", ast.Moderation: "moderation",
    ast.TieBreak: "tie break", ast.Compare: "compare", ast.Policy: "policy",
}
_QUESTION_SINGLES: dict[type, str] = {ast.Prose: "prose", ast.Weight: "weight", ast.Answer: "answer",
                                      ast.Scored: "scored"}


@dataclass(slots=True)
class TenderIndex:
    node: ast.Tender
    singles: dict[str, ast.Node] = field(default_factory=dict)
    scales: dict[str, ast.Scale] = field(default_factory=dict)
    criteria: dict[str, ast.Criterion] = field(default_factory=dict)
    questions: dict[str, tuple[ast.Question, dict[str, ast.Node]]] = field(default_factory=dict)
    selections: dict[str, ast.Selection] = field(default_factory=dict)


def build_tender_index(node: ast.Tender, sink: Sink) -> TenderIndex:
    index = TenderIndex(node=node)
    index.singles = _singles(node, sink)
    for item in node.items:
        if isinstance(item, ast.Scale):
            if item.name.text in index.scales:
                sink.append(make("duplicate-name", item.name.span, kind="scale", name=item.name.text,
                                 related=[Related(span=index.scales[item.name.text].name.span,
                                                  message="first declared here")]))
            else:
                index.scales[item.name.text] = item
    criteria = index.singles.get("criteria")
    if isinstance(criteria, ast.Criteria):
        for c in criteria.criteria:
            if not isinstance(c, ast.Criterion):
                continue
            if c.kind in index.criteria:
                sink.append(make("duplicate-criterion", c.kind_span, kind=c.kind,
                                 related=[Related(span=index.criteria[c.kind].kind_span,
                                                  message="first given here")]))
                continue
            index.criteria[c.kind] = c
    quality = index.singles.get("quality questions")
    if isinstance(quality, ast.QualityQuestions):
        for q in quality.questions:
            if not isinstance(q, ast.Question):
                continue
            singles = single_settings(q.items, _QUESTION_SINGLES, "question", sink)
            if q.code.text in index.questions:
                sink.append(make("duplicate-name", q.code.span, kind="question", name=q.code.text,
                                 related=[Related(span=index.questions[q.code.text][0].code.span,
                                                  message="first declared here")]))
                continue
            index.questions[q.code.text] = (q, singles)
    sv = index.singles.get("social value measures")
    if isinstance(sv, ast.SocialValueMeasures):
        for s in sv.selections:
            if not isinstance(s, ast.Selection):
                continue
            if s.measure.text in index.selections:
                sink.append(make("duplicate-selection", s.measure.span, name=s.measure.text,
                                 related=[Related(span=index.selections[s.measure.text].measure.span,
                                                  message="first selected here")]))
                continue
            index.selections[s.measure.text] = s
    return index


def _singles(node: ast.Tender, sink: Sink) -> dict[str, ast.Node]:
    return single_settings(node.items, _TENDER_SINGLES, "tender", sink)


def check_tender(index: TenderIndex, framework: FrameworkIndex | None, sink: Sink) -> None:
    """Every tender rule. `framework` is None when the framework could not be loaded."""
    node = index.node
    for setting in ("uses", "contract value", "criteria"):
        if setting not in index.singles:
            sink.append(make("missing-setting", node.name.span, owner="tender", name=node.name.text,
                             setting=setting))
    contract = index.singles.get("contract value")
    if isinstance(contract, ast.Contract):
        if contract.value.value <= 0:
            sink.append(make("bad-contract", contract.value.span, what="value"))
        if contract.duration.value <= 0:
            sink.append(make("bad-contract", contract.duration.span, what="duration"))
    for scale in index.scales.values():
        check_scale(scale, sink)
    _check_criteria(index, sink)
    # Without its framework, a tender's scale names cannot be judged: skip rather than cascade.
    scales = set(index.scales) | set(framework.scales) if framework else None
    _check_questions(index, scales, sink)
    if framework is not None and scales is not None:
        _check_selections(index, framework, scales, sink)
        _check_policy(index, framework, sink)
        _check_dates(index, framework, sink)
    _check_unused_scales(index, sink)


def _check_criteria(index: TenderIndex, sink: Sink) -> None:
    criteria = index.singles.get("criteria")
    if not isinstance(criteria, ast.Criteria):
        return
    for c in index.criteria.values():
        check_percent(c.weight, sink)
        formulas = [o for o in c.options if isinstance(o, ast.PriceRelativeToLowest | ast.PriceFixedRange)]
        for option in c.options:
            if isinstance(option, ast.PassMark):
                check_percent(option.percent, sink)
                if c.kind == "price":
                    sink.append(make("option-not-applicable", option.span, option="pass mark", kind=c.kind))
            elif c.kind != "price":
                sink.append(make("option-not-applicable", option.span, option="scored ...", kind=c.kind))
            if isinstance(option, ast.PriceFixedRange):
                if option.low.value > option.high.value:
                    sink.append(make("min-above-max", option.span, low=fmt_amount(option.low),
                                     high=fmt_amount(option.high)))
                elif option.low.value == option.high.value:
                    sink.append(make("zero-width-range", option.span, low=fmt_amount(option.low),
                                     high=fmt_amount(option.high)))
        if c.kind == "price" and not formulas:
            sink.append(make("price-formula-missing", c.span))
    weights = [(c.weight, f"{c.kind}") for c in index.criteria.values()]
    given = [c for c in criteria.criteria if isinstance(c, ast.Criterion)]
    has_questions = bool(index.questions)
    has_measures = bool(index.selections)
    missing = ((has_questions and "quality" not in index.criteria)
               or (has_measures and "social value" not in index.criteria))
    # With a criterion given twice or missing (reported below) no total is the one the author means.
    if len(given) == len(index.criteria) and not missing:
        weights_sum(f"the award criteria of tender '{index.node.name.text}'", weights, criteria.span, sink)
    if has_questions and "quality" not in index.criteria:
        sink.append(make("missing-criterion", criteria.span, kind="quality", what="quality questions"))
    if "quality" in index.criteria and not has_questions:
        sink.append(make("missing-criterion", index.criteria["quality"].span, kind="quality questions' block",
                         what="a quality criterion"))
    if has_measures and "social value" not in index.criteria:
        sink.append(make("missing-criterion", criteria.span, kind="social value", what="social value measures"))
    if "social value" in index.criteria and not has_measures:
        sink.append(make("missing-criterion", index.criteria["social value"].span,
                         kind="social value measures' block", what="a social value criterion"))


def _check_questions(index: TenderIndex, scales: set[str] | None, sink: Sink) -> None:
    weights: list[tuple[ast.Amount, str]] = []
    for code, (question, singles) in index.questions.items():
        weight = singles.get("weight")
        if isinstance(weight, ast.Weight):
            check_percent(weight.percent, sink)
            weights.append((weight.percent, f"question '{code}'"))
        else:
            sink.append(make("missing-setting", question.code.span, owner="question", name=code, setting="weight"))
        answer = singles.get("answer")
        if not isinstance(answer, ast.Answer):
            sink.append(make("missing-setting", question.code.span, owner="question", name=code, setting="answer"))
        facts = MeasureFacts(name=code, answer=answer.kind if isinstance(answer, ast.Answer) else None,
                             unit=None, has_proxy=False)
        if isinstance(answer, ast.Answer):
            check_answer(answer, facts, sink)
        scored = singles.get("scored")
        if isinstance(scored, ast.Scored):
            if scales is not None:
                check_scored(scored, facts, scales, sink)
        else:
            sink.append(make("missing-scoring-rule", question.code.span, name=code,
                             hint="add a line such as `scored by evaluators on scale standard`"))
    quality = index.singles.get("quality questions")
    if isinstance(quality, ast.QualityQuestions) and len(weights) == len(index.questions):
        weights_sum("the quality questions", weights, quality.span, sink)


def _check_selections(index: TenderIndex, framework: FrameworkIndex, scales: set[str], sink: Sink) -> None:
    block = index.singles.get("social value measures")
    if not isinstance(block, ast.SocialValueMeasures):
        return
    weights: list[tuple[ast.Amount, str]] = []
    for code, selection in index.selections.items():
        check_percent(selection.weight, sink)
        weights.append((selection.weight, f"measure '{code}'"))
        info = framework.measures.get(code)
        if info is None:
            sink.append(make("unknown-measure", selection.measure.span, name=code,
                             where=f" in framework '{framework.node.name.text}'",
                             suggestions=did_you_mean(code, framework.measures)))
            continue
        facts = measure_facts(framework, info)
        scored = selection.scored or info.singles.get("scored")
        record_only = "record only" in info.singles
        if record_only:
            sink.append(make("record-only-scored", selection.measure.span, name=code,
                             related=[Related(span=info.singles["record only"].span,
                                              message="marked record only here")]))
        elif scored is None:
            sink.append(make("missing-scoring-rule", selection.measure.span, name=code))
        elif selection.scored is not None:
            check_scored(selection.scored, facts, scales, sink)
    # With a measure selected twice (already reported) no total would be the one the author means.
    if len([s for s in block.selections if isinstance(s, ast.Selection)]) == len(index.selections):
        weights_sum("the social value measures", weights, block.span, sink)
    chosen = set(index.selections)
    for code in chosen & set(framework.measures):
        for item in framework.measures[code].node.items:
            if isinstance(item, ast.Relation) and item.relation == "no double counting with":
                for name in item.names:
                    if name.text in chosen and name.text > code:
                        sink.append(make("excluded-measures-selected", index.selections[name.text].measure.span,
                                         a=code, b=name.text,
                                         related=[Related(span=item.span, message="rule declared here")]))


def _policy_rules(policy: ast.Node | None, contract: ast.Node | None = None) -> list[ast.PolicyRule]:
    """The rules of a policy that apply to this contract.

    A policy with `applies from £X` binds only contracts worth at least £X (Bradford, LBHF and
    Essex make social value mandatory from £100,000); below that its rules are guidance only.
    """
    if not isinstance(policy, ast.Policy):
        return []
    rules = [r for r in policy.rules if not isinstance(r, ast.Broken)]
    if isinstance(contract, ast.Contract):
        for rule in rules:
            if isinstance(rule, ast.AppliesFrom) and contract.value.value < rule.money.value:
                return []
    return rules


def _check_policy(index: TenderIndex, framework: FrameworkIndex, sink: Sink) -> None:
    tender_policy = index.singles.get("policy")
    if isinstance(tender_policy, ast.Policy):
        check_policy_rules(tender_policy, framework.group_names, sink)
    contract = index.singles.get("contract value")
    rules = _policy_rules(framework.singles.get("policy"), contract) + _policy_rules(tender_policy, contract)
    sv = index.criteria.get("social value")
    selections = [s for s in index.selections.values() if s.measure.text in framework.measures]
    count = len(index.selections)
    for rule in rules:
        related = [Related(span=rule.span, message="policy set here")]
        match rule:
            case ast.MinSocialValue(percent=p):
                if sv is None and index.selections and "criteria" in index.singles:
                    continue  # reported as a missing social value criterion
                weight = sv.weight.value if sv else Decimal(0)
                if weight < p.value:
                    span = sv.weight.span if sv else (index.singles.get("criteria") or index.node.name).span
                    sink.append(make("social-value-below-minimum", span, weight=fmt_percent(weight),
                                     minimum=fmt_percent(p.value), related=related))
            case ast.MaxMeasures(count=n):
                if count > n.value:
                    extra = list(index.selections.values())[int(n.value)]
                    sink.append(make("too-many-measures", extra.measure.span, count=count,
                                     limit=fmt_amount(n), related=related))
            case ast.MinMeasures(count=n, group=group):
                block = index.singles.get("social value measures") or index.node.name
                if group is not None and len(selections) < count:
                    continue  # an unknown measure (reported) may be the one from this group
                if group is None:
                    if count < n.value:
                        sink.append(make("too-few-measures", block.span, count=count, where="",
                                         limit=fmt_amount(n), related=related))
                else:
                    members = [s for s in selections if _in_group(framework, s.measure.text, group.text)]
                    if len(members) < n.value:
                        sink.append(make("too-few-measures", block.span, count=len(members),
                                         where=f" from '{group.text}'", limit=fmt_amount(n), related=related))
            case ast.MinMeasureWeight(percent=p):
                for s in index.selections.values():
                    if s.weight.value < p.value:
                        sink.append(make("measure-weight-below-minimum", s.weight.span, name=s.measure.text,
                                         weight=fmt_amount(s.weight), minimum=fmt_amount(p), related=related))
            case ast.MinGroupShare(group=group, percent=p, base=base) if len(selections) == count:
                share = sum((s.weight.value for s in selections if _in_group(framework, s.measure.text, group.text)),
                            Decimal(0))
                if base == "total":
                    share = share * (sv.weight.value if sv else Decimal(0)) / 100
                if share < p.value:
                    block = index.singles.get("social value measures") or index.node.name
                    sink.append(make("group-share-below-minimum", block.span, group=group.text,
                                     share=fmt_percent(share),
                                     base="total score" if base == "total" else "social value",
                                     minimum=fmt_percent(p.value), related=related))
            case _:
                pass


def _in_group(framework: FrameworkIndex, code: str, group: str) -> bool:
    info = framework.measures.get(code)
    return info is not None and group in (info.outcome, info.theme)


def _check_dates(index: TenderIndex, framework: FrameworkIndex, sink: Sink) -> None:
    closes = index.singles.get("closes")
    effective = framework.singles.get("effective")
    if isinstance(closes, ast.Setting) and isinstance(effective, ast.Setting) and closes.value < effective.value:
        sink.append(make("closing-date-before-effective", closes.value_span, closes=closes.value,
                         name=framework.node.name.text, effective=effective.value))


def _check_unused_scales(index: TenderIndex, sink: Sink) -> None:
    used: set[str] = set()
    scoreds: list[ast.Scored] = [s.scored for s in index.selections.values() if s.scored]
    scoreds += [x for _, singles in index.questions.values() for x in singles.values() if isinstance(x, ast.Scored)]
    for scored in scoreds:
        if isinstance(scored.rule, ast.ByEvaluators):
            used.add(scored.rule.scale.text)
        for m in scored.modifiers:
            if isinstance(m, ast.Credibility):
                used.add(m.scale.text)
    for name, scale in index.scales.items():
        if name not in used:
            sink.append(make("unused-scale", scale.name.span, name=name))
