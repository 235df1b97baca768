"""The check rules of tenders: settings, criteria, questions, selected measures, policy and dates.

Each rule reads the resolved tender (`symbols.Tender`), bound to its framework when that could be
loaded; rules about the framework's measures and policy say nothing without one, rather than
cascade from the import problem already reported.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from decimal import Decimal
from fractions import Fraction

from svspec import words as figures
from svspec.diagnostics import Diagnostic, Related, Span, make
from svspec.diagnostics.suggest import did_you_mean
from svspec.kinds.rules import node_kind
from svspec.semantics.common import (
    Sink,
    check_answer,
    check_mark_amount,
    check_percent,
    check_policy_rules,
    check_scale,
    check_scored,
    figure_in_force,
    fmt_amount,
    fmt_percent,
    weights_sum,
)
from svspec.semantics.extend import satisfies, wanted_words
from svspec.semantics.loader import import_path
from svspec.semantics.rules import rule
from svspec.semantics.symbols import Answering, Criterion, Framework, Scale, Tender
from svspec.syntax import ast


@rule("missing-setting")
def tender_says_what_it_buys_and_how_it_scores(tender: Tender) -> list[Diagnostic]:
    """A tender names its framework (`uses`), its contract value and its award criteria: without
    them no bid template, threshold or score can be made."""
    present = {"uses": tender.uses, "contract value": tender.contract, "criteria": tender.criteria_block}
    return [make("missing-setting", tender.span, owner="tender", name=tender.name, setting=setting)
            for setting, node in present.items() if node is None]


@rule("version-mismatch")
def framework_version_is_the_one_named(tender: Tender) -> list[Diagnostic]:
    """A tender names the exact framework version it was written against: when the framework
    changes, the tender is reviewed before it is used again."""
    uses, framework = tender.uses, tender.framework
    if uses is None or framework is None:
        return []
    version = framework.settings.get("version")
    found = version.value if version is not None else "(none)"
    if satisfies(found, uses.constraint, uses.version.value):
        return []
    return [make("version-mismatch", uses.version.span, kind="framework", name=uses.name.text,
                 wanted=wanted_words(uses.constraint, uses.version.value), path=import_path(uses), found=found,
                 related=[Related(span=version.span, message="version declared here")] if version else [])]


@rule("bad-contract")
def contract_value_and_duration_are_positive(tender: Tender) -> list[Diagnostic]:
    """Value-per-£ rules and policy thresholds divide by the contract value and its years."""
    contract = tender.contract
    if contract is None:
        return []
    out: Sink = []
    if contract.value.value <= 0:
        out.append(make("bad-contract", contract.value.span, what="value"))
    if contract.duration.value <= 0:
        out.append(make("bad-contract", contract.duration.span, what="duration"))
    return out


@rule("percentage-over-100", "scale-levels-not-descending")
def tender_scales_descend(tender: Tender) -> list[Diagnostic]:
    """A tender's own scales go from best to worst like a framework's (see `check_scale`)."""
    out: Sink = []
    for scale in tender.scales.values():
        check_scale(scale, out)
    return out


# ---------------------------------------------------------------- award criteria
@rule("percentage-over-100", "option-not-applicable", "min-above-max", "zero-width-range", "price-formula-missing")
def criterion_options_fit_their_kind(tender: Tender) -> list[Diagnostic]:
    """Price is scored by a formula (relative to the lowest price, or a fixed range); quality and
    social value may have a pass mark (PPN 06/20 weights social value at 10% or more)."""
    if tender.criteria_block is None:
        return []
    out: Sink = []
    for c in tender.criteria.values():
        check_percent(c.weight, out)
        formulas = [o for o in c.options
                    if isinstance(o, ast.PriceRelativeToLowest | ast.PriceFixedRange | ast.PriceFormula)]
        for option in c.options:
            if isinstance(option, ast.WithinQuality):
                if c.kind != "social value":
                    out.append(make("option-not-applicable", option.span, option="within quality", kind=c.kind))
                continue
            if isinstance(option, ast.MarkRule):
                check_mark_amount(option.mark, f"the {c.kind} criterion", out)
                if c.kind == "price":
                    out.append(make("option-not-applicable", option.span, option=f"any mark {option.test} ...",
                                    kind=c.kind))
                continue
            if isinstance(option, ast.PassMark):
                check_percent(option.percent, out)
                if c.kind == "price":
                    out.append(make("option-not-applicable", option.span, option="pass mark", kind=c.kind))
            elif c.kind != "price":
                out.append(make("option-not-applicable", option.span, option="scored ...", kind=c.kind))
            if isinstance(option, ast.PriceFixedRange):
                if option.low.value > option.high.value:
                    out.append(make("min-above-max", option.span, low=fmt_amount(option.low),
                                    high=fmt_amount(option.high)))
                elif option.low.value == option.high.value:
                    out.append(make("zero-width-range", option.span, low=fmt_amount(option.low),
                                    high=fmt_amount(option.high)))
        if c.kind == "price" and not formulas:
            out.append(make("price-formula-missing", c.node.span))
    return out


def _marked_items(tender: Tender, kind: str) -> list[tuple[str, ast.Scored, Scale | None]]:
    """The criterion's items scored by evaluators: (code, the rule in force, its scale when known)."""
    scoreds: list[tuple[str, ast.Scored | None]] = []
    if kind == "quality":
        scoreds = [(code, q.scored) for code, q in tender.questions.items()]
    elif kind == "social value":
        scoreds = [(code, s.scored or (s.measure.scored if s.measure is not None else None))
                   for code, s in tender.selections.items()]
    out = []
    for code, scored in scoreds:
        if scored is not None and isinstance(scored.rule, ast.ByEvaluators):
            name = scored.rule.scale.text
            framework_scales = tender.framework.scales if tender.framework is not None else {}
            out.append((code, scored, tender.scales.get(name) or framework_scales.get(name)))
    return out


def _off_scale(test: str, mark: Decimal, scale: Scale) -> str | None:
    """Why a mark figure cannot mean what it says on `scale` (None when it can): `of` names a level;
    `below` (a minimum, a gate, `any mark below`) lies above the lowest level and at most at the top."""
    levels = [level.value.value for level in scale.levels]
    if not levels:
        return None
    if test == "of":
        return None if mark in levels else "is not a level of its scale"
    if mark <= min(levels):
        return "is at or below the lowest level of its scale, so it never applies"
    if mark > max(levels):
        return "is above the top level of its scale, so it always applies"
    return None


def _levels_text(scale: Scale) -> str:
    return ", ".join(fmt_amount(level.value) for level in scale.levels)


@rule("mark-rule-without-marks", "mark-off-scale")
def minimums_on_marks_are_marks_on_the_scale(tender: Tender) -> list[Diagnostic]:
    """A minimum on evaluator-marked items ("a mark below 2 on any question excludes the bid", "0 on
    any question scores 0 for the criterion", PPN 002's "a specific, measurable, time-bound commitment
    is the minimum to score") reads marks on the items' own scales: there must be such items, and
    the figure must be one the scale can give (issue 9 item 6, issue 12 item 1)."""
    out: Sink = []
    for c in tender.criteria.values():
        rules = [o for o in c.options if isinstance(o, ast.MarkRule)]
        if not rules or c.kind == "price":
            continue
        marked = _marked_items(tender, c.kind)
        if not marked and (c.kind != "social value" or _known_selections(tender) == len(tender.selections)):
            for r in rules:
                effect = "excludes the bid" if r.effect == "excludes" else "scores nothing for the criterion"
                out.append(make("mark-rule-without-marks", r.span, kind=c.kind,
                                rule=f"any mark {r.test} {fmt_amount(r.mark)} {effect}"))
            continue
        for r in rules:
            for code, _, scale in marked:
                problem = _off_scale(r.test, r.mark.value, scale) if scale is not None else None
                if problem is not None and scale is not None:
                    out.append(make("mark-off-scale", r.mark.span, what=f"any mark {r.test}", mark=fmt_amount(r.mark),
                                    item=code, problem=problem, scale=scale.name, levels=_levels_text(scale),
                                    related=[Related(span=scale.span, message="scale declared here")]))
                    break
    for kind in ("quality", "social value"):
        for code, scored, scale in _marked_items(tender, kind):
            if scale is None or (kind == "social value" and tender.selections[code].scored is None):
                continue  # a framework's own rule is the framework's to check
            for modifier in scored.modifiers:
                if isinstance(modifier, ast.Threshold | ast.Gate) and modifier.amount is not None:
                    problem = _off_scale("below", modifier.amount.value, scale)
                    if problem is not None:
                        what = "minimum" if isinstance(modifier, ast.Threshold) else "gate at least"
                        out.append(make("mark-off-scale", modifier.amount.span, what=what,
                                        mark=fmt_amount(modifier.amount), item=code, problem=problem,
                                        scale=scale.name, levels=_levels_text(scale),
                                        related=[Related(span=scale.span, message="scale declared here")]))
    return out


def _criteria_missing(tender: Tender) -> bool:
    """A block of questions or measures is given without its criterion (reported on its own)."""
    return ((bool(tender.questions) and "quality" not in tender.criteria)
            or (bool(_social_value_selections(tender)) and "social value" not in tender.criteria))


# ---------------------------------------------------------------- methods (issue 12 items 2-5)
@rule("price-formula-twice")
def price_has_one_formula(tender: Tender) -> list[Diagnostic]:
    """Price is scored by one published formula: two would give two scores (issue 12 item 4)."""
    price = tender.criteria.get("price")
    if price is None:
        return []
    formulas = [o for o in price.options
                if isinstance(o, ast.PriceRelativeToLowest | ast.PriceFixedRange | ast.PriceFormula)]
    return [make("price-formula-twice", o.span, option=fmt_option(o)) for o in formulas[1:]]


def fmt_option(option: ast.CriterionOption) -> str:
    """A price formula in the tender's words (for messages)."""
    match option:
        case ast.PriceFixedRange():
            return f"scored linear from {fmt_amount(option.low)} to {fmt_amount(option.high)}"
        case ast.PriceFormula(formula="relative-to-mean"):
            return "scored relative to mean"
        case ast.PriceFormula():
            return "scored by deviation from lowest"
    return "scored relative to lowest"


@rule("abnormally-low-needs-price", "percentage-over-100")
def abnormally_low_reads_prices(tender: Tender) -> list[Diagnostic]:
    """An abnormally low test compares prices (Procurement Act 2023 s.19; Prozorro 40% / 30%)."""
    node = tender.abnormally_low
    if node is None:
        return []
    out: Sink = []
    for test in node.tests:
        check_percent(test.percent, out)
    if tender.criteria_block is not None and "price" not in tender.criteria:
        out.append(make("abnormally-low-needs-price", node.span))
    return out


@rule("bad-rounding-places")
def rounding_places_are_whole(tender: Tender) -> list[Diagnostic]:
    """Totals are rounded to a whole number of decimal places, 0 to 6, before ranking (issue 12 item 3)."""
    node = tender.rounding
    if node is None:
        return []
    places = node.places.value
    if places != places.to_integral_value() or places > 6:
        return [make("bad-rounding-places", node.places.span, places=fmt_amount(node.places))]
    return []


@rule("bad-item-rounding-places", "item-rounding-finer-than-shown")
def item_rounding_places_are_whole(tender: Tender) -> list[Diagnostic]:
    """Points per question are rounded to a whole number of places, 0 to 6, and a rule finer than the
    figures reports show cannot be checked by a reader (issue 12 item 3)."""
    from svspec.words import PLACES

    node = tender.item_rounding
    if node is None or node.places is None:
        return []
    places = node.places.value
    if places != places.to_integral_value() or places < 0 or places > 6:
        return [make("bad-item-rounding-places", node.places.span, places=fmt_amount(node.places))]
    if places > PLACES:
        return [make("item-rounding-finer-than-shown", node.places.span, places=fmt_amount(node.places),
                     shown=PLACES)]
    return []


@rule("bad-shortlist")
def shortlist_can_be_applied(tender: Tender) -> list[Diagnostic]:
    """A shortlist keeps the top N bids on quality: N is a whole number of bids and quality is scored."""
    node = tender.shortlist
    if node is None:
        return []
    top = node.top.value
    if top != top.to_integral_value() or top < 1:
        return [make("bad-shortlist", node.top.span, reason=f"{fmt_amount(node.top)} is not a whole number of "
                     "bids, at least 1")]
    if tender.criteria_block is not None and "quality" not in tender.criteria:
        return [make("bad-shortlist", node.span, reason="the tender has no quality criterion to rank the bids on")]
    return []


@rule("bad-award-method")
def price_per_quality_point_divides_a_price_by_points(tender: Tender) -> list[Diagnostic]:
    """Price per quality point (Cabinet Office Bid Evaluation Guidance Note §7.3; Victoria's cost-effectiveness
    ratio) divides each price by the points of quality and social value, so price is not a weighted criterion."""
    node = tender.award_method
    if node is None or tender.criteria_block is None:
        return []
    if "price" in tender.criteria:
        return [make("bad-award-method", tender.criteria["price"].node.span,
                     reason="the price is divided by the points, so it is not also a weighted criterion")]
    return []


@rule("price-components-without-price", "price-component-twice", "bad-price-component-times")
def price_components_make_a_price(tender: Tender) -> list[Diagnostic]:
    """Price components (whole-life cost, issue 12 item 4) add up to the price the tender scores: it
    needs a price to score, and each component one code and a count above 0."""
    node = tender.price_components
    if node is None:
        return []
    out = []
    if "price" not in tender.criteria and tender.award_method is None:
        out.append(make("price-components-without-price", node.span))
    seen: set[str] = set()
    for c in node.components:
        if c.code.text in seen:
            out.append(make("price-component-twice", c.code.span, component=c.code.text))
        seen.add(c.code.text)
        if c.times is not None and c.times.value <= 0:
            out.append(make("bad-price-component-times", c.times.span, component=c.code.text,
                            times=fmt_amount(c.times)))
    return out


@rule("weights-do-not-sum")
def criteria_weights_add_up(tender: Tender) -> list[Diagnostic]:
    """The award criteria share out the whole score: their weights add up to exactly 100%."""
    block = tender.criteria_block
    if block is None:
        return []
    # With a criterion given twice or missing (reported elsewhere) no total is the one the author means.
    if tender.criteria_given != len(tender.criteria) or _criteria_missing(tender):
        return []
    out: Sink = []
    weights_sum(f"the award criteria of tender '{tender.name}'",
                [(c.weight, c.kind) for c in tender.criteria.values() if not _nested(c, tender)]
                + [(n.weight, n.name) for n in tender.named_criteria.values()], block.span, out)
    return out


def _social_value_selections(tender: Tender) -> list[str]:
    """The selected measures the social value criterion scores: those no named criterion lists."""
    return [code for code in tender.selections if tender.criterion_of(code) == "social value"]


@rule("named-criterion-measure-not-selected", "measure-in-two-criteria")
def named_criteria_score_selected_measures(tender: Tender) -> list[Diagnostic]:
    """A criterion beside price, quality and social value (Manchester's additional environmental 10%)
    scores some of the tender's selected measures, each measure for one criterion only (issue 9 item 5)."""
    out: Sink = []
    owner: dict[str, str] = {}
    for name, c in tender.named_criteria.items():
        for m in c.measures:
            if m.text not in tender.selections:
                out.append(make("named-criterion-measure-not-selected", m.span, measure=m.text, criterion=name,
                                suggestions=did_you_mean(m.text, tender.selections)))
            elif m.text in owner:
                out.append(make("measure-in-two-criteria", m.span, measure=m.text, first=owner[m.text], second=name))
            else:
                owner[m.text] = name
    return out


def _nested(criterion: Criterion, tender: Tender | None = None) -> bool:
    """`social value 20%, within quality`: the weight is a share of quality, not of the total. With a
    `tender`, only when that nesting can hold (social value, and a quality criterion to be within),
    so that a misplaced `within quality` is reported once, not again as weights that miss 100%."""
    written = any(isinstance(o, ast.WithinQuality) for o in criterion.options)
    if tender is None:
        return written
    return written and criterion.kind == "social value" and "quality" in tender.criteria


def social_value_shares(tender: Tender) -> tuple[Decimal, Decimal]:
    """Social value's weight in percent of the total score and of quality-with-social-value.

    Nested (`within quality`), 20% within a 40% quality criterion is 8% of the total; beside
    quality, 10% next to a 30% quality criterion is 25% of the two together (Essex counts social
    value inside quality)."""
    sv, quality = tender.criteria.get("social value"), tender.criteria.get("quality")
    if sv is None:
        return Decimal(0), Decimal(0)
    if quality is not None and _nested(sv, tender):
        return quality.weight.value * sv.weight.value / 100, sv.weight.value
    together = sv.weight.value + (quality.weight.value if quality else Decimal(0))
    return sv.weight.value, (sv.weight.value * 100 / together if together else Decimal(0))


@rule("missing-criterion")
def criteria_match_the_blocks_they_weigh(tender: Tender) -> list[Diagnostic]:
    """Quality questions need a quality criterion and selected measures a social value criterion,
    and the other way round: otherwise part of the tender weighs nothing, or a weight has nothing to score."""
    block = tender.criteria_block
    if block is None:
        return []
    out: Sink = []
    has_questions, has_measures = bool(tender.questions), bool(_social_value_selections(tender))
    quality, social = tender.criteria.get("quality"), tender.criteria.get("social value")
    if has_questions and quality is None:
        out.append(make("missing-criterion", block.span, kind="quality", what="quality questions"))
    if quality is not None and not has_questions:
        out.append(make("missing-criterion", quality.node.span, kind="quality questions' block",
                        what="a quality criterion"))
    if has_measures and social is None:
        out.append(make("missing-criterion", block.span, kind="social value", what="social value measures"))
    if social is not None and not has_measures:
        out.append(make("missing-criterion", social.node.span, kind="social value measures' block",
                        what="a social value criterion"))
    if social is not None and quality is None and _nested(social):
        within = next(o for o in social.options if isinstance(o, ast.WithinQuality))
        out.append(make("missing-criterion", within.span, kind="quality", what="social value within quality"))
    return out


# ---------------------------------------------------------------- quality questions
@rule("unknown-outcome", "award-criterion-not-in-outcome", "outcome-asked-twice")
def model_questions_are_one_per_outcome(tender: Tender) -> list[Diagnostic]:
    """PPN 06/20: one model evaluation question per policy outcome, judged against that outcome's
    award criteria (`on outcome jobs, judged against MAC2.1, MAC2.2`; issue 9 item 7)."""
    framework = tender.framework
    if framework is None:
        return []
    out: Sink = []
    asked: dict[str, tuple[str, ast.QuestionOutcome]] = {}
    for code, q in tender.questions.items():
        on = q.on_outcome
        if on is None:
            continue
        name = on.outcome.text
        if name not in framework.outcomes:
            out.append(make("unknown-outcome", on.outcome.span, name=name,
                            suggestions=did_you_mean(name, framework.outcomes)))
            continue
        if name in asked:
            first, node = asked[name]
            out.append(make("outcome-asked-twice", on.outcome.span, first=first, second=code, outcome=name,
                            related=[Related(span=node.outcome.span, message="first asked here")]))
        asked.setdefault(name, (code, on))
        for criterion in on.criteria:
            measure = framework.measures.get(criterion.text)
            if measure is not None and measure.outcome == name:
                continue
            mine = [m for m, found in framework.measures.items() if found.outcome == name]
            where = f" (it is in outcome '{measure.outcome}')" if measure is not None else ""
            out.append(make("award-criterion-not-in-outcome", criterion.span, name=criterion.text, outcome=name,
                            where=where, suggestions=did_you_mean(criterion.text, mine) if measure is None else ()))
    return out


@rule("missing-setting", "missing-scoring-rule")
def questions_are_complete(tender: Tender) -> list[Diagnostic]:
    """A quality question has a weight, an answer and a scoring rule: bidders and evaluators need all three."""
    out: Sink = []
    for q in tender.questions.values():
        if q.weight is None:
            out.append(make("missing-setting", q.span, owner="question", name=q.code, setting="weight"))
        if q.answer is None:
            out.append(make("missing-setting", q.span, owner="question", name=q.code, setting="answer"))
        if q.scored is None:
            out.append(make("missing-scoring-rule", q.span, name=q.code,
                            hint="add a line such as `scored by evaluators on scale standard`"))
    return out


@rule("unit-mismatch", "min-above-max", "duplicate-choice", "bad-text-limit")
def question_answers_are_consistent(tender: Tender) -> list[Diagnostic]:
    """A question's answer limits are in order, its choices distinct and its text limit positive."""
    out: Sink = []
    for q in tender.questions.values():
        if q.answer is not None:
            check_answer(q.answer, q.answering, out)
    return out


def _scales(tender: Tender, framework: Framework) -> set[str]:
    """The scales a tender's rules may name: its own and its framework's."""
    return set(tender.scales) | set(framework.scales)


@rule("rule-not-applicable", "value-without-proxy", "unit-mismatch", "zero-width-range", "unknown-scale",
      "bands-not-ascending", "percentage-over-100")
def question_scoring_rules_fit_their_answers(tender: Tender) -> list[Diagnostic]:
    """A question's scoring rule fits its answer and names a known scale. Without its framework a
    tender's scale names cannot be judged: skipped rather than cascade."""
    if tender.framework is None:
        return []
    out: Sink = []
    scales = _scales(tender, tender.framework)
    for q in tender.questions.values():
        if q.scored is not None:
            check_scored(q.scored, q.answering, scales, out)
    return out


@rule("percentage-over-100", "weights-do-not-sum", "weights-do-not-sum-to-criterion", "weight-bases-mixed")
def question_weights_add_up(tender: Tender) -> list[Diagnostic]:
    """Question weights share out the quality score: they add up to exactly 100% (or, written
    `of total`, to the quality criterion's share of the total score)."""
    out: Sink = []
    weights: list[tuple[ast.Amount, str, bool]] = []
    for q in tender.questions.values():
        if q.weight is not None:
            check_percent(q.weight.percent, out)
            weights.append((q.weight.percent, f"question '{q.code}'", q.weight.of_total))
    if tender.quality_block is not None and len(weights) == len(tender.questions):
        _weights_add_up(tender, "quality", "the quality questions", weights, tender.quality_block.span, out)
    return out


def _weights_add_up(tender: Tender, kind: str, group: str, weights: list[tuple[ast.Amount, str, bool]],
                    anchor: Span, out: Sink) -> None:
    """Shares of their criterion add up to 100%; shares of the total (`of total`) to the criterion's share."""
    of_total = [w for w in weights if w[2]]
    if not of_total:
        weights_sum(group, [(w, label) for w, label, _ in weights], anchor, out)
        return
    other = next((w for w in weights if not w[2]), None)
    if other is not None:
        first, label, _ = of_total[0]
        out.append(make("weight-bases-mixed", first.span, item=label, weight=fmt_amount(first), other=other[1],
                        kind=kind, related=[Related(span=other[0].span, message="weighted here")]))
        return
    share = criterion_share_of_total(tender, kind)
    if share is None or any(w.value > 100 for w, _, _ in weights):
        return  # the missing criterion, or a weight over 100%, is reported on its own
    total = sum((_exact_percent(w) for w, _, _ in weights), Fraction(0))
    if total != share:
        related = [Related(span=w.span, message=f"{label} weighted {fmt_amount(w)} of total")
                   for w, label, _ in weights]
        out.append(make("weights-do-not-sum-to-criterion", anchor, group=group, total=figures.percent(total / 100),
                        kind=kind, share=figures.percent(share / 100), related=related))


def _exact_percent(amount: ast.Amount) -> Fraction:
    return amount.exact if amount.exact is not None else Fraction(amount.value)


def criterion_share_of_total(tender: Tender, kind: str) -> Fraction | None:
    """A criterion's share of the total score in percent, exactly: nested social value takes its
    share of quality (`social value 20%, within quality`), and quality keeps the rest."""
    named = tender.named_criteria.get(kind)
    if named is not None:
        return _exact_percent(named.weight)
    criterion = tender.criteria.get(kind)
    if criterion is None:
        return None
    weight = _exact_percent(criterion.weight)
    quality = tender.criteria.get("quality")
    sv = tender.criteria.get("social value")
    if kind == "social value" and quality is not None and _nested(criterion, tender):
        return _exact_percent(quality.weight) * weight / 100
    if kind == "quality" and sv is not None and _nested(sv, tender):
        return weight * (100 - _exact_percent(sv.weight)) / 100
    return weight


# ---------------------------------------------------------------- selected measures
@rule("unknown-measure")
def selections_name_framework_measures(tender: Tender) -> list[Diagnostic]:
    """A tender selects measures from its framework: a code the framework does not define has no
    answer, unit or evidence to ask for."""
    framework = tender.framework
    if framework is None:
        return []
    lineage = framework.lineage
    gone = set(lineage.dropped) | set(lineage.renamed) if lineage is not None else set()
    return [make("unknown-measure", s.span, name=s.code, where=f" in framework '{framework.name}'",
                 suggestions=did_you_mean(s.code, framework.measures))
            for s in tender.selections.values() if s.measure is None and s.code not in gone]


@rule("record-only-scored", "missing-scoring-rule")
def selected_measures_are_scored(tender: Tender) -> list[Diagnostic]:
    """A selected measure is scored, by the tender's rule or the framework's default; a `record
    only` measure cannot be selected for scoring at all."""
    out: Sink = []
    for s in tender.selections.values():
        m = s.measure
        if m is None:
            continue
        if m.record_only is not None:
            out.append(make("record-only-scored", s.span, name=s.code,
                            hint=f"to collect it without scoring it, write `{s.node.measure.text} record only`",
                            related=[Related(span=m.record_only.span, message="marked record only here")]))
        elif s.scored is None and m.scored is None:
            out.append(make("missing-scoring-rule", s.span, name=s.code))
    return out


@rule("rule-not-applicable", "value-without-proxy", "unit-mismatch", "zero-width-range", "unknown-scale",
      "bands-not-ascending", "percentage-over-100")
def selection_scoring_rules_fit_their_measures(tender: Tender) -> list[Diagnostic]:
    """A tender's own rule for a selected measure fits that measure's answer, unit and scales."""
    if tender.framework is None:
        return []
    out: Sink = []
    scales = _scales(tender, tender.framework)
    for s in tender.selections.values():
        m = s.measure
        if m is not None and m.record_only is None and s.scored is not None:
            check_scored(s.scored, m.answering, scales, out)
    return out


@rule("percentage-over-100", "weights-do-not-sum", "weights-do-not-sum-to-criterion", "weight-bases-mixed")
def selection_weights_add_up(tender: Tender) -> list[Diagnostic]:
    """Selected measures share out the social value score: their weights add up to exactly 100%."""
    block = tender.measures_block
    if tender.framework is None or block is None:
        return []
    out: Sink = []
    for s in tender.selections.values():
        check_percent(s.weight, out)
    # With a measure selected twice (already reported) no total would be the one the author means.
    if tender.selections_given == len(tender.selections):
        for kind in ("social value", *tender.named_criteria):
            weights = [(s.weight, f"measure '{s.code}'", s.node.of_total) for s in tender.selections.values()
                       if tender.criterion_of(s.code) == kind]
            if kind == "social value" and tender.value_target is not None:
                weights.append((tender.value_target.weight, "the total value", False))
            group = "the social value measures" if kind == "social value" else f"the measures of criterion '{kind}'"
            _weights_add_up(tender, kind, group, weights, block.span, out)
    return out


@rule("excluded-measures-selected")
def excluded_measures_are_not_selected_together(tender: Tender) -> list[Diagnostic]:
    """Measures the framework marks `no double counting with` each other would count one benefit twice."""
    out: Sink = []
    for s in tender.selections.values():
        if s.measure is None:
            continue
        for relation in s.measure.relations:
            if relation.relation != "no double counting with":
                continue
            for name in relation.names:
                other = tender.selections.get(name.text)
                if other is not None and name.text > s.code:
                    out.append(make("excluded-measures-selected", other.span, a=s.code, b=name.text,
                                    related=[Related(span=relation.span, message="rule declared here")]))
    return out


# ---------------------------------------------------------------- policy
_POLICY = ("policy-not-followed", "policy-waived")
"""What a policy rule's error becomes when the rule is advice, or waived by the tender."""

PolicyCheck = Callable[[Tender], list[Diagnostic]]
WAIVABLE: dict[str, PolicyCheck] = {}
"""The policy codes a tender can break, each with the rule that reports it: every one may be advice
(`recommended`) and may be waived (`waiver CODE`). Filled by `policy_rule`, so the set is defined once."""


def policy_rule(*codes: str) -> Callable[[PolicyCheck], PolicyCheck]:
    """Register the check of a policy rule a tender can break (issue 9 item 9). Its errors go through
    `_problem`: advice when the rule is `recommended`, a recorded exception when the tender waives it."""

    def register(check: PolicyCheck) -> PolicyCheck:
        WAIVABLE.update(dict.fromkeys(codes, check))
        return rule(*codes, *_POLICY)(check)

    return register


@rule("percentage-over-100", "unknown-group", "policy-rise-out-of-order")
def tender_policy_is_well_formed(tender: Tender) -> list[Diagnostic]:
    """A tender's own policy reads like its framework's: shares are percentages, groups are real,
    rising figures rise in order."""
    if tender.framework is None or tender.policy is None:
        return []
    out: Sink = []
    check_policy_rules(tender.policy, tender.framework.groups, out)
    return out


def _rules_of(policy: ast.Policy | None) -> list[ast.PolicyRule]:
    return [] if policy is None else [r for r in policy.rules if not isinstance(r, ast.Broken)]


def _applies(rules: list[ast.PolicyRule], contract: ast.Contract | None) -> bool:
    """Whether a policy binds this contract: `applies from £X` binds contracts worth at least £X."""
    return contract is None or all(contract.value.value >= r.money.value for r in rules
                                   if isinstance(r, ast.AppliesFrom))


def _binding(policy: ast.Policy | None, contract: ast.Contract | None) -> list[ast.PolicyRule]:
    """The rules of a policy that apply to this contract.

    A policy with `applies from £X` binds only contracts worth at least £X (Bradford, LBHF and
    Essex make social value mandatory from £100,000); below that its rules are guidance only.
    """
    rules = _rules_of(policy)
    return rules if _applies(rules, contract) else []


def _advice(policy: ast.Policy | None, contract: ast.Contract | None) -> list[ast.PolicyRule]:
    """The rules of a policy that are advice for this contract: those under `recommended`, and
    every rule of a policy `applies from £X, recommended below` when the contract is worth less
    (Bradford: social value recommended, not required, below £100,000)."""
    rules = _rules_of(policy)
    out = [r for block in rules if isinstance(block, ast.Recommended) for r in block.rules
           if not isinstance(r, ast.Broken)]
    below = not _applies(rules, contract) and any(isinstance(r, ast.AppliesFrom) and r.recommended_below
                                                  for r in rules)
    if below:
        out = [r for r in rules if not isinstance(r, ast.Recommended | ast.AppliesFrom)] + out
    elif not _applies(rules, contract):
        out = []
    return out


def _policy(tender: Tender) -> Iterator[tuple[ast.PolicyRule, Framework, list[Related]]]:
    """Every policy rule the tender is checked against (the framework's, then the tender's; the
    required ones, then the advice), with its framework and note."""
    framework = tender.framework
    if framework is None:
        return
    rules = _binding(framework.policy, tender.contract) + _binding(tender.policy, tender.contract)
    rules = [r for r in rules if not isinstance(r, ast.Recommended)]
    rules += _advice(framework.policy, tender.contract) + _advice(tender.policy, tender.contract)
    for r in rules:
        yield r, framework, [Related(span=r.span, message="policy set here")]


def _is_advice(tender: Tender, r: ast.PolicyRule) -> bool:
    framework_policy = tender.framework.policy if tender.framework is not None else None
    return any(x is r for x in _advice(framework_policy, tender.contract) + _advice(tender.policy, tender.contract))


def _waiver(tender: Tender, code: str) -> tuple[ast.Waiver, ast.WaiverReason, ast.WaiverApproval] | None:
    """The tender's complete waiver of `code`, if it has one (an incomplete one is reported and waives nothing)."""
    for w in tender.waivers:
        reason = next((i for i in w.items if isinstance(i, ast.WaiverReason)), None)
        approval = next((i for i in w.items if isinstance(i, ast.WaiverApproval)), None)
        if w.code.text == code and reason is not None and approval is not None:
            return w, reason, approval
    return None


def _problem(tender: Tender, r: ast.PolicyRule, found: Diagnostic) -> Diagnostic:
    """A policy rule's error as reported: waived when the tender records an approved exception,
    a warning when the rule is advice, else the error itself."""
    waived = _waiver(tender, found.code)
    if waived is not None:
        w, reason, approval = waived
        approver = approval.by.value + (f" on {approval.on}" if approval.on else "")
        return make("policy-waived", found.span, waived=found.code, message=found.message, reason=reason.text.value,
                    approver=approver, related=[*found.related, Related(span=w.span, message="waived here")])
    if _is_advice(tender, r):
        return make("policy-not-followed", found.span, message=found.message, related=found.related)
    return found


def _in_group(framework: Framework, code: str, group: str) -> bool:
    m = framework.measures.get(code)
    return m is not None and group in (m.outcome, m.theme)


def _known_selections(tender: Tender) -> int:
    return sum(1 for s in tender.selections.values() if s.measure is not None)


def _closes(tender: Tender) -> str | None:
    closes = tender.settings.get("closes")
    return closes.value if closes is not None else None


def _in_force(tender: Tender, percent: ast.Amount, rising: tuple[ast.Rising, ...]) -> tuple[Decimal, str]:
    """The figure of a rising rule in force for this tender, and the figure in words naming its date."""
    closes = _closes(tender)
    figure = figure_in_force(percent, rising, closes)
    words = fmt_percent(figure)
    if not rising:
        return figure, words
    if closes is None:
        return figure, f"{words} (the highest figure: the tender gives no closing date)"
    started = [step.date for step in rising if step.date <= closes and step.percent.value == figure]
    since = f"from {started[-1]}" if started else f"until {min(step.date for step in rising)}"
    return figure, f"{words} (the figure in force {since}, for a tender closing {closes})"


@policy_rule("social-value-below-minimum")
def social_value_weight_meets_the_policy(tender: Tender) -> list[Diagnostic]:
    """Councils set a minimum social value weight (PPN 06/20: at least 10%; LBHF: 10%, rising to 20%
    by 2023, checked against the figure in force on the tender's closing date)."""
    out: Sink = []
    sv = tender.criteria.get("social value")
    for r, _, related in _policy(tender):
        if not isinstance(r, ast.MinSocialValue):
            continue
        if sv is None and tender.selections and tender.criteria_block is not None:
            continue  # reported as a missing social value criterion
        weight = social_value_shares(tender)[0]
        minimum, words = _in_force(tender, r.percent, r.rising)
        if weight < minimum:
            span = sv.weight.span if sv else (tender.criteria_block or tender.node.name).span
            out.append(_problem(tender, r, make("social-value-below-minimum", span, weight=fmt_percent(weight),
                                                minimum=words, related=related)))
    return out


def _shown_share(weight: Decimal | Fraction) -> str:
    """A computed share of a score (20% within 40% quality is 8%; 1/3 is 33.33%), by the one rounding rule."""
    return figures.percent(Fraction(weight) / 100)


@policy_rule("social-value-above-maximum", "social-value-not-exact")
def social_value_weight_keeps_to_the_policy_share(tender: Tender) -> list[Diagnostic]:
    """A policy may cap social value's weight or fix it exactly (`social value at most 20%`; Essex:
    "up to 20% within quality"), so that it cannot crowd out price and quality (issue 9 item 5)."""
    out: Sink = []
    sv = tender.criteria.get("social value")
    if sv is None:
        return out
    of_total, within = social_value_shares(tender)
    for r, _, related in _policy(tender):
        if not isinstance(r, ast.SocialValueShare):
            continue
        weight, base = (within, "the quality score (social value within quality)") if r.within_quality else (
            of_total, "the total score")
        if r.bound == "at most" and weight > r.percent.value:
            out.append(_problem(tender, r, make("social-value-above-maximum", sv.weight.span,
                                                weight=_shown_share(weight), base=base,
                                                maximum=fmt_percent(r.percent.value), related=related)))
        elif r.bound == "exactly" and weight != r.percent.value:
            out.append(_problem(tender, r, make("social-value-not-exact", sv.weight.span, weight=_shown_share(weight),
                                                base=base, share=fmt_percent(r.percent.value), related=related)))
    return out


@policy_rule("too-many-outcomes")
def selected_measures_come_from_few_outcomes(tender: Tender) -> list[Diagnostic]:
    """PPN 002: "one outcome per contract" keeps each contract's social value focused and
    proportionate; `at most 1 outcome per contract` counts the outcomes of the selected measures
    (issue 9 item 7)."""
    out: Sink = []
    framework = tender.framework
    if framework is None:
        return out
    outcomes: dict[str, str] = {}  # outcome → the first selected measure from it
    for code, s in tender.selections.items():
        if s.measure is not None:
            outcomes.setdefault(s.measure.outcome, code)
    for r, _, related in _policy(tender):
        if isinstance(r, ast.OutcomesAtMost) and len(outcomes) > r.count.value:
            extra = list(outcomes.items())[int(r.count.value)]
            where = tender.selections[extra[1]].span
            out.append(_problem(tender, r, make("too-many-outcomes", where, count=len(outcomes),
                                                outcomes=", ".join(outcomes), limit=fmt_amount(r.count),
                                                related=related)))
    return out


@policy_rule("too-many-measures")
def at_most_the_policy_number_of_measures(tender: Tender) -> list[Diagnostic]:
    """A tender selects no more measures than policy allows (Bradford: at most six), so that bids
    stay comparable and suppliers are not asked for everything."""
    out: Sink = []
    count = len(tender.selections)
    for r, _, related in _policy(tender):
        if isinstance(r, ast.MaxMeasures) and count > r.count.value:
            extra = list(tender.selections.values())[int(r.count.value)]
            out.append(_problem(tender, r, make("too-many-measures", extra.span, count=count,
                                                limit=fmt_amount(r.count), related=related)))
    return out


@policy_rule("too-few-measures")
def at_least_the_policy_number_of_measures(tender: Tender) -> list[Diagnostic]:
    """A tender selects at least as many measures as policy asks, overall or from one theme or outcome."""
    out: Sink = []
    count = len(tender.selections)
    block = tender.measures_block or tender.node.name
    for r, framework, related in _policy(tender):
        if not isinstance(r, ast.MinMeasures):
            continue
        if r.group is None:
            if count < r.count.value:
                out.append(_problem(tender, r, make("too-few-measures", block.span, count=count, where="",
                                                    limit=fmt_amount(r.count), related=related)))
        elif _known_selections(tender) == count:  # else an unknown measure (reported) may be from the group
            members = [s for s in tender.selections.values() if _in_group(framework, s.code, r.group.text)]
            if len(members) < r.count.value:
                out.append(_problem(tender, r, make("too-few-measures", block.span, count=len(members),
                                                    where=f" from '{r.group.text}'", limit=fmt_amount(r.count),
                                                    related=related)))
    return out


@policy_rule("measure-weight-below-minimum")
def each_measure_weighs_at_least_the_policy_minimum(tender: Tender) -> list[Diagnostic]:
    """A measure weighted below the policy minimum would carry too few points to change a ranking."""
    out: Sink = []
    for r, _, related in _policy(tender):
        if isinstance(r, ast.MinMeasureWeight):
            minimum, words = _in_force(tender, r.percent, r.rising)
            out.extend(_problem(tender, r, make("measure-weight-below-minimum", s.weight.span, name=s.code,
                                                weight=fmt_amount(s.weight), minimum=words, related=related))
                       for s in tender.selections.values() if s.weight.value < minimum)
    return out


@policy_rule("group-share-below-minimum")
def groups_get_the_policy_share(tender: Tender) -> list[Diagnostic]:
    """A policy may reserve a share of the social value (or total) score for a theme or outcome
    (a council's priority outcomes); the selected measures from it must weigh at least that much."""
    out: Sink = []
    if _known_selections(tender) != len(tender.selections):
        return out  # an unknown measure (reported) may be one from the group
    block = tender.measures_block or tender.node.name
    for r, framework, related in _policy(tender):
        if not isinstance(r, ast.MinGroupShare):
            continue
        share = sum((s.weight.value for s in tender.selections.values()
                     if _in_group(framework, s.code, r.group.text)), Decimal(0))
        if r.base == "total":
            share = share * social_value_shares(tender)[0] / 100
        minimum, words = _in_force(tender, r.percent, r.rising)
        if share < minimum:
            out.append(_problem(tender, r, make(
                "group-share-below-minimum", block.span, group=r.group.text, share=fmt_percent(share),
                base="total score" if r.base == "total" else "social value", minimum=words, related=related)))
    return out


# ---------------------------------------------------------------- targets, waivers, dates (issue 9)
@rule("waiver-not-a-policy-rule", "waiver-incomplete")
def waivers_are_complete_exceptions_to_policy(tender: Tender) -> list[Diagnostic]:
    """A waiver names a policy rule and records why it is not followed and who approved that
    (Bradford: any waiver needs written approval from the Council's leadership)."""
    out: Sink = []
    for w in tender.waivers:
        code = w.code.text
        if code not in WAIVABLE:
            out.append(make("waiver-not-a-policy-rule", w.code.span, waived=code,
                            suggestions=did_you_mean(code, WAIVABLE)))
            continue
        missing = [what for what, kind in (("reason", ast.WaiverReason), ("approver", ast.WaiverApproval))
                   if not any(isinstance(i, kind) for i in w.items)]
        if missing:
            out.append(make("waiver-incomplete", w.code.span, waived=code, missing=" or ".join(missing)))
    return out


@rule("unused-waiver")
def waivers_waive_something(tender: Tender) -> list[Diagnostic]:
    """A waiver of a rule the tender meets would publish an exception that is not one."""
    out: Sink = []
    for w in tender.waivers:
        check = WAIVABLE.get(w.code.text)
        if check is None or _waiver(tender, w.code.text) is None:
            continue
        if not any(d.code == "policy-waived" and d.message.startswith(w.code.text + " ") for d in check(tender)):
            out.append(make("unused-waiver", w.code.span, waived=w.code.text))
    return out


RisingMinimum = ast.MinSocialValue | ast.MinCommitments | ast.MinGroupShare | ast.MinMeasureWeight
"""The percentage minimums of a policy, each of which may rise on dates (issue 9 item 10)."""


def _rising_minimum(r: RisingMinimum) -> str:
    """What a percentage minimum sets, in words for a message."""
    match r:
        case ast.MinSocialValue():
            return "the minimum social value weight"
        case ast.MinCommitments():
            return "the delivery minimum"
        case ast.MinGroupShare():
            return f"the minimum share of '{r.group.text}'"
        case ast.MinMeasureWeight():
            return "the minimum weight of each measure"


@rule("policy-date-unknown")
def rising_policy_needs_a_closing_date(tender: Tender) -> list[Diagnostic]:
    """A policy that rises on a date is checked against the tender's closing date (LBHF: 20% from
    2023); without one the highest figure is used, which the author should know."""
    if _closes(tender) is not None:
        return []
    out: Sink = []
    for r, _, related in _policy(tender):
        if isinstance(r, RisingMinimum) and r.rising:
            what = _rising_minimum(r)
            figure = fmt_percent(figure_in_force(r.percent, r.rising, None))
            steps = ", ".join(f"{fmt_amount(s.percent)} from {s.date}" for s in r.rising)
            out.append(make("policy-date-unknown", tender.span, what=what, steps=steps, figure=figure,
                            related=related))
    return out


def _valued(tender: Tender) -> bool:
    """Whether any selected measure has a value in pounds: a proxy, adjustments, or a money answer."""
    for s in tender.selections.values():
        m = s.measure
        if m is None or m.record_only is not None:
            continue
        if m.value is not None or m.adjust is not None or (m.answer is not None and m.answer.kind == "money"):
            return True
    return False


@rule("no-valued-measures")
def totals_have_valued_measures_to_add_up(tender: Tender) -> list[Diagnostic]:
    """A total value line (Essex: £0.25 per £1) or a delivery minimum (LBHF: 10% of contract value)
    adds up valued commitments; with none selected every bid is worth £0."""
    if tender.framework is None or _known_selections(tender) != len(tender.selections) or _valued(tender):
        return []
    out: Sink = []
    if tender.value_target is not None:
        out.append(make("no-valued-measures", tender.value_target.span, what="the total value line"))
    for r, _, related in _policy(tender):
        if isinstance(r, ast.MinCommitments) and not _is_advice(tender, r):
            block = tender.measures_block or tender.node.name
            out.append(make("no-valued-measures", block.span, what="the delivery minimum", related=related))
    return out


_TOTAL = Answering(name="total value", answer="money", unit=None, unit_span=None, has_proxy=True)
"""What the rule of a total value line scores: the bid's valued commitments, in pounds."""


@rule("rule-not-applicable", "unit-mismatch", "zero-width-range", "bands-not-ascending", "percentage-over-100",
      "unknown-scale", "value-without-proxy")
def total_value_is_scored_in_pounds(tender: Tender) -> list[Diagnostic]:
    """The total of a bid's valued commitments is an amount in pounds worked out by svspec: its rule
    reads a number (no evaluators' mark, no credibility discount) and its amounts are in £."""
    target = tender.value_target
    if target is None or tender.framework is None:
        return []
    out: Sink = []
    check_percent(target.weight, out)
    check_scored(target.scored, _TOTAL, _scales(tender, tender.framework), out)
    computed = "the total value is worked out by svspec from the bid's commitments: evaluators do not mark it"
    if node_kind(target.scored.rule).marked:
        out.append(make("rule-not-applicable", target.scored.rule.span, rule=node_kind(target.scored.rule).label,
                        answer="computed total value", hint=computed))
    for modifier in target.scored.modifiers:
        if isinstance(modifier, ast.Credibility):
            out.append(make("rule-not-applicable", modifier.span, rule="credibility", answer="computed total value",
                            hint=computed))
    return out


# ---------------------------------------------------------------- dates and scales
@rule("closing-date-before-effective")
def tender_closes_after_its_framework_takes_effect(tender: Tender) -> list[Diagnostic]:
    """A tender cannot close before the framework it uses is in force."""
    closes = tender.settings.get("closes")
    effective = tender.framework.settings.get("effective") if tender.framework else None
    if closes is None or effective is None or not closes.value < effective.value:
        return []
    assert tender.framework is not None
    return [make("closing-date-before-effective", closes.value_span, closes=closes.value,
                 name=tender.framework.name, effective=effective.value)]


@rule("closing-date-after-until")
def tender_closes_while_its_framework_applies(tender: Tender) -> list[Diagnostic]:
    """A framework with `until DATE` (PPN 06/20, replaced by PPN 002) no longer applies to a tender
    closing later, unless the procurement began before: a warning naming what replaced it."""
    closes = tender.settings.get("closes")
    until = tender.framework.settings.get("until") if tender.framework else None
    if closes is None or until is None or not closes.value > until.value:
        return []
    assert tender.framework is not None
    successor = tender.framework.settings.get("replaced by")
    return [make("closing-date-after-until", closes.value_span, closes=closes.value, name=tender.framework.name,
                 until=until.value, replaced=f", replaced by {successor.value}" if successor else "")]


@rule("unused-scale")
def tender_scales_are_used(tender: Tender) -> list[Diagnostic]:
    """A scale no rule uses is probably a rule that names the wrong scale."""
    used: set[str] = set()
    scoreds = [s.scored for s in tender.selections.values() if s.scored]
    scoreds += [q.scored for q in tender.questions.values() if q.scored]
    scoreds += [tender.value_target.scored] if tender.value_target is not None else []
    for scored in scoreds:
        if isinstance(scored.rule, ast.ByEvaluators):
            used.add(scored.rule.scale.text)
        for modifier in scored.modifiers:
            if isinstance(modifier, ast.Credibility):
                used.add(modifier.scale.text)
    return [make("unused-scale", scale.span, name=name) for name, scale in tender.scales.items() if name not in used]


# ---------------------------------------------------------------- after the award
_KPI_THRESHOLD = Decimal(5_000_000)


@rule("unknown-kpi")
def kpis_are_selected_measures(tender: Tender) -> list[Diagnostic]:
    """A KPI is a commitment the supplier made in the bid, so it must be one of the tender's selected
    measures: a KPI on anything else would have no committed figure to measure delivery against."""
    if tender.kpis is None:
        return []
    return [make("unknown-kpi", name.span, name=name.text, suggestions=did_you_mean(name.text, tender.selections))
            for name in tender.kpis.names if name.text not in tender.selections]


@rule("too-few-kpis")
def contracts_above_five_million_have_three_kpis(tender: Tender) -> list[Diagnostic]:
    """Procurement Act 2023 s.52: a contract worth more than £5 million must set at least three KPIs,
    and its performance against them is published (s.71). Reported for a tender that plans delivery
    (`contract starts` or `kpis`) so that the award does not find out too late."""
    if tender.contract is None or tender.contract.value.value <= _KPI_THRESHOLD:
        return []
    if tender.kpis is None and "contract starts" not in tender.settings:
        return []
    count = len({n.text for n in tender.kpis.names}) if tender.kpis is not None else 0
    if count >= 3:
        return []
    span = tender.kpis.span if tender.kpis is not None else tender.settings["contract starts"].span
    return [make("too-few-kpis", span, count=count, value=fmt_amount(tender.contract.value),
                 related=[Related(span=tender.contract.value.span, message="contract value given here")])]


@rule("rating-out-of-order")
def rating_shares_go_down(tender: Tender) -> list[Diagnostic]:
    """Good needs more of the target than Approaching target, which needs more than Requires
    improvement (Procurement Act 2023 s.71 ratings, best first); otherwise a rating is unreachable."""
    if tender.rating is None:
        return []
    r = tender.rating
    if r.good.value >= r.approaching.value >= r.improvement.value:
        return []
    return [make("rating-out-of-order", r.span, good=r.good.text, approaching=r.approaching.text,
                 improvement=r.improvement.text)]
