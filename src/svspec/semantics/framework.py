"""The check rules of frameworks and value sets: weights, measures, scales, pathways and policy.

Each rule reads the resolved symbols (`symbols.Framework`, `symbols.ValueSet`) and returns its
diagnostics; none depends on another or on the order they run in. Helpers shared with the tender
rules live in `semantics.common`.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from decimal import Decimal

from svspec.diagnostics import Diagnostic, Related, make
from svspec.diagnostics.suggest import did_you_mean
from svspec.kinds.answers import ANSWERS
from svspec.semantics.common import (
    Sink,
    canonical_unit,
    check_answer,
    check_percent,
    check_policy_rules,
    check_scale,
    check_scored,
    weights_sum,
)
from svspec.semantics.rules import rule
from svspec.semantics.symbols import Framework, Measure, ValueRef, ValueSet
from svspec.syntax import ast
from svspec.words import same_unit


# ---------------------------------------------------------------- value sets
@rule("missing-setting")
def value_set_has_an_edition(value_set: ValueSet) -> list[Diagnostic]:
    """A value set's edition is what frameworks pin (`values NAME "2026" from ...`): published proxy
    values are revised between editions, so a figure without its edition cannot be checked."""
    if "edition" in value_set.settings:
        return []
    return [make("missing-setting", value_set.span, owner="value set", name=value_set.name, setting="edition")]


# ---------------------------------------------------------------- the framework as a whole
@rule("version-mismatch")
def value_set_editions_are_the_ones_named(framework: Framework) -> list[Diagnostic]:
    """A framework names the exact edition of each value set it imports: proxy values are
    revised between editions, and a silently different edition would change every valuation built on it."""
    out: Sink = []
    for imported in framework.value_sets.values():
        if imported.value_set is None:
            continue  # not loaded: the import's own problem is reported
        edition = imported.value_set.settings.get("edition")
        found = edition.value if edition is not None else "(none)"
        wanted = imported.node.version
        if found != wanted.value:
            out.append(make("version-mismatch", wanted.span, kind="value set", name=imported.name, wanted=wanted.value,
                            path=imported.node.path.value, found=found,
                            related=[Related(span=edition.span, message="edition declared here")] if edition else []))
    return out


@rule("missing-setting")
def framework_has_a_version(framework: Framework) -> list[Diagnostic]:
    """Tenders pin a framework's version (`uses NAME "2026.1"`), so a framework must declare one."""
    if "version" in framework.settings:
        return []
    return [make("missing-setting", framework.span, owner="framework", name=framework.name, setting="version")]


def _weight_or_zero(weight: ast.Weight | None, span: ast.Name) -> ast.Amount:
    """A block without a weight counts as 0% once its siblings are weighted."""
    if weight is not None:
        return weight.percent
    return ast.Amount(span=span.span, kind="percent", value=Decimal(0))


@rule("of-total-not-applicable")
def framework_weights_are_not_of_a_total(framework: Framework) -> list[Diagnostic]:
    """`weight 12% of total` is a tender's sub-criterion weight (issue 9 item 5); a framework's themes and
    outcomes share out whichever tender's social value score uses them, so they cannot say it."""
    blocks = [(f"theme '{t.name}'", t.weight) for t in framework.themes.values()]
    blocks += [(f"outcome '{o.name}'", o.weight) for o in framework.outcomes.values()]
    return [make("of-total-not-applicable", weight.span, what=what) for what, weight in blocks
            if weight is not None and weight.of_total]


@rule("percentage-over-100", "weights-do-not-sum")
def theme_weights_add_up(framework: Framework) -> list[Diagnostic]:
    """Theme weights share out the social value score: once any theme is weighted they must add up
    to exactly 100%; a theme left unweighted then counts as 0%."""
    out: Sink = []
    themes = list(framework.themes.values())
    for theme in themes:
        if theme.weight is not None:
            check_percent(theme.weight.percent, out)
    if any(t.weight is not None for t in themes):
        weights = [(_weight_or_zero(t.weight, t.node.name), f"theme '{t.name}'") for t in themes]
        weights_sum(f"the themes of framework '{framework.name}'", weights, framework.span, out)
    return out


@rule("percentage-over-100", "weights-do-not-sum")
def outcome_weights_add_up(framework: Framework) -> list[Diagnostic]:
    """Outcome weights share out their theme's weight: once any is weighted they add up to 100%."""
    out: Sink = []
    for theme in framework.themes.values():
        for outcome in theme.outcomes:
            if outcome.weight is not None:
                check_percent(outcome.weight.percent, out)
        if any(o.weight is not None for o in theme.outcomes):
            weights = [(_weight_or_zero(o.weight, o.node.name), f"outcome '{o.name}'") for o in theme.outcomes]
            weights_sum(f"the outcomes of theme '{theme.name}'", weights, theme.span, out)
    return out


@rule("unknown-outcome", "duplicate-priority", "outcome-not-prioritised")
def priority_ranks_every_outcome_once(framework: Framework) -> list[Diagnostic]:
    """A council's priority order (the Lambeth example ranks its outcomes) lists every outcome once:
    guidance and tie-breaks read it, so an outcome left out or listed twice has no rank."""
    priority = framework.priority
    if priority is None:
        return []
    out: Sink = []
    seen: dict[str, ast.Name] = {}
    meant: set[str] = set()
    for name in priority.names:
        if name.text not in framework.outcomes:
            suggestions = did_you_mean(name.text, framework.outcomes)
            meant.update(suggestions)
            out.append(make("unknown-outcome", name.span, name=name.text, suggestions=suggestions))
            continue
        if name.text in seen:
            out.append(make("duplicate-priority", name.span, name=name.text,
                            related=[Related(span=seen[name.text].span, message="first listed here")]))
            continue
        seen[name.text] = name
    for outcome in framework.outcomes.values():
        # An outcome suggested for a misspelt name is probably listed already, under that misspelling.
        if outcome.name not in seen and outcome.name not in meant:
            out.append(make("outcome-not-prioritised", outcome.span, name=outcome.name,
                            related=[Related(span=priority.span, message="priority order given here")]))
    return out


# ---------------------------------------------------------------- measures
@rule("missing-setting")
def measure_says_what_to_answer(framework: Framework) -> list[Diagnostic]:
    """Every measure says what suppliers answer, and a number says its unit: a bid template cannot
    ask for "10" without saying 10 of what."""
    out: Sink = []
    for m in framework.measures.values():
        if m.answer is None:
            out.append(make("missing-setting", m.span, owner="measure", name=m.code, setting="answer"))
        elif ANSWERS[m.answer.kind].measured_in == "its unit" and m.unit_ref is None:
            guess = _unit_guessed(m)
            hint = (f"add the line `unit {guess[0]}`, the unit {guess[1]}" if guess
                    else "add a line such as `unit FTE`")
            out.append(make("missing-setting", m.span, owner="measure", name=m.code, setting="unit", hint=hint))
    return out


def _amount_units(node: object) -> list[str]:
    """The units named beside figures anywhere in an AST node (`10 FTE` in a rule, a bound or a band)."""
    if isinstance(node, ast.Amount):
        return [node.unit.text] if node.unit is not None else []
    if isinstance(node, tuple):
        return [u for item in node for u in _amount_units(item)]
    if isinstance(node, ast.Node) and dataclasses.is_dataclass(node):
        return [u for f in dataclasses.fields(node) if f.name != "span" for u in _amount_units(getattr(node, f.name))]
    return []


def _unit_guessed(m: Measure) -> tuple[str, str] | None:
    """The unit a measure without a `unit` line most likely counts, and what says so: the unit its
    scoring rule or answer limits name, else the unit its proxy value is per."""
    for what, node in (("its scoring rule names", m.scored), ("its answer's limits name", m.answer)):
        named = _amount_units(node)
        if named:
            return named[0], what
    if isinstance(m.value, ast.ValueProxy):
        return m.value.per.text, "its value is per"
    if m.value is not None and m.value.proxy is not None:
        return m.value.proxy.per, "its value is per"
    return None


@rule("unit-mismatch", "min-above-max", "duplicate-choice", "bad-text-limit")
def measure_answers_are_consistent(framework: Framework) -> list[Diagnostic]:
    """An answer's limits are in the measure's unit and in order, its choices distinct and its
    text limit positive: otherwise no bid could be valid, or two choices mean the same."""
    out: Sink = []
    for m in framework.measures.values():
        if m.answer is not None:
            check_answer(m.answer, m.answering, out)
    return out


@rule("unknown-unit")
def measure_units_are_known(framework: Framework) -> list[Diagnostic]:
    """A unit is built in (FTE, hours, tCO2e...) or declared with `unit NAME "description"`, so
    that every figure in guidance and templates names a unit readers can look up."""
    out: Sink = []
    for m in framework.measures.values():
        if m.unit_ref is not None and m.unit is None:
            name = m.unit_ref.name
            out.append(make("unknown-unit", name.span, name=name.text, suggestions=did_you_mean(name.text,
                                                                                               framework.units)))
    return out


@rule("unknown-proxy", "unit-mismatch", "unknown-unit")
def measure_values_fit_their_units(framework: Framework) -> list[Diagnostic]:
    """A proxy value is £ per unit of what the measure counts (as in published value sets): £ per FTE on a
    measure counted in hours would value the answer wrongly, by a factor nobody sees. A money answer is
    valued per £ (`value £1.00 per £`, the TOMs' local spend), and a unit after `per` must exist."""
    out: Sink = []
    for m in framework.measures.values():
        _check_value(m, framework.units, out)
    return out


POUND = "£"
"""The per-unit of a proxy that values a money answer: `value £1.00 per £`."""


def _check_value(m: Measure, units: Mapping[str, object], sink: Sink) -> None:
    per: ast.Name | None = None
    if isinstance(m.value, ast.ValueProxy):
        per = m.value.per
    elif isinstance(m.value, ValueRef):
        ref = m.value
        if ref.imported is None or ref.imported.value_set is None:
            return  # an unknown value set is reported once for all its uses; one not loaded, by its import
        if ref.proxy is None:
            sink.append(make("unknown-proxy", ref.node.entry.span, name=ref.node.entry.text,
                             set=ref.node.value_set.text,
                             suggestions=did_you_mean(ref.node.entry.text, ref.imported.value_set.proxies)))
            return
        per = ast.Name(span=ref.node.entry.span, text=ref.proxy.per)
    facts = m.answering
    if per is None:
        return
    pounds = per.text == POUND or same_unit(per.text, "money")  # `per £`, or `per pound` as people also write
    known = pounds or canonical_unit(per.text) in units
    if not known:
        expected = POUND if facts.answer is not None and ANSWERS[facts.answer].measured_in == "pounds" else facts.unit
        close = did_you_mean(per.text, [*units, POUND])
        if expected is not None and expected not in close:
            close = (expected, *close)
        sink.append(make("unknown-unit", per.span, name=per.text, suggestions=tuple(close)))
        return
    if facts.answer is None or ANSWERS[facts.answer].measured_in is None:
        return
    if ANSWERS[facts.answer].measured_in == "pounds":
        if not pounds:
            sink.append(make("unit-mismatch", per.span, found="this proxy value", found_unit=f"£ per {per.text}",
                             what=f"measure '{facts.name}'", expected_unit="pounds (write `per £`)"))
        return
    if facts.unit is not None and canonical_unit(per.text) != canonical_unit(facts.unit):
        related = [Related(span=facts.unit_span, message="the measure's unit is given here")] if facts.unit_span else []
        sink.append(make("unit-mismatch", per.span, found="this proxy value", found_unit=f"£ per {per.text}",
                         what=f"measure '{facts.name}'", expected_unit=facts.unit, related=related))


MAX_BENEFIT_YEARS = 100
"""The longest benefit period (`lasts`) valued: each year is a figure of its own in explanations."""


@rule("bad-benefit-period")
def benefit_periods_are_positive_and_bounded(framework: Framework) -> list[Diagnostic]:
    """A benefit period (`lasts`) is more than nothing and at most a century: it is valued, and
    explained, year by year (SROI guide), so `lasts 1,000,000 years` would be a million figures."""
    out: Sink = []
    for m in framework.measures.values():
        lasts = m.lasts
        if lasts is None:
            continue
        years = lasts.amount.value / 12 if lasts.period.startswith("month") else lasts.amount.value
        if not 0 < years <= MAX_BENEFIT_YEARS:
            out.append(make("bad-benefit-period", lasts.amount.span, limit=MAX_BENEFIT_YEARS,
                            found=f"{lasts.amount.text} {lasts.period}"))
    return out


@rule("unknown-unit")
def composite_answer_parts_are_valued_in_known_units(framework: Framework) -> list[Diagnostic]:
    """A composite answer (`answer sum of cash, volunteer-hours at £16.93 per hour`) counts each part at
    its rate per a unit that exists (a part named twice is reported by resolve, as every name is)."""
    out: Sink = []
    for m in framework.measures.values():
        for part in m.answer.parts if m.answer is not None else ():
            per = part.per
            if per is not None and per.text != POUND and not same_unit(per.text, "money") \
                    and canonical_unit(per.text) not in framework.units:
                out.append(make("unknown-unit", per.span, name=per.text,
                                suggestions=did_you_mean(per.text, [*framework.units, POUND])))
    return out


@rule("investment-without-value", "bad-investment")
def investments_have_a_value_to_set_against(framework: Framework) -> list[Diagnostic]:
    """`investment £X` gives the SROI ratio (present value ÷ investment, Cabinet Office SROI guide):
    it needs a value in pounds to divide, and more than £0 to divide by."""
    out: Sink = []
    for m in framework.measures.values():
        invested = m.investment
        if invested is None:
            continue
        if invested.money.value <= 0:
            out.append(make("bad-investment", invested.money.span, found=invested.money.text))
        if m.value is None and m.adjust is None:
            out.append(make("investment-without-value", invested.span, name=m.code))
    return out


@rule("unknown-value-set")
def value_sets_are_imported(framework: Framework) -> list[Diagnostic]:
    """`value ENTRY from SET` needs `values SET ... from "FILE"`: the framework pins which edition
    of a value set its figures come from. A missing import is one mistake however many measures use it."""
    uses: dict[str, list[ast.Name]] = {}
    for m in framework.measures.values():
        if isinstance(m.value, ValueRef) and m.value.imported is None:
            uses.setdefault(m.value.node.value_set.text, []).append(m.value.node.value_set)
    return [make("unknown-value-set", names[0].span, name=name, suggestions=did_you_mean(name, framework.value_sets),
                 related=[Related(span=use.span, message="also used here") for use in names[1:]])
            for name, names in uses.items()]


@rule("record-only-scored")
def record_only_measures_are_not_scored(framework: Framework) -> list[Diagnostic]:
    """A `record only` measure is reported on for monitoring, never scored: a score on it would be ignored."""
    return [make("record-only-scored", m.scored.span, name=m.code,
                 related=[Related(span=m.record_only.span, message="marked record only here")])
            for m in framework.measures.values() if m.scored is not None and m.record_only is not None]


@rule("rule-not-applicable", "value-without-proxy", "unit-mismatch", "zero-width-range", "unknown-scale",
      "bands-not-ascending", "percentage-over-100")
def measure_scoring_rules_fit_their_answers(framework: Framework) -> list[Diagnostic]:
    """A scoring rule must fit the answer it scores (a linear range scores numbers, not yes/no),
    in the measure's unit, with a known scale: otherwise the score of a bid is meaningless."""
    out: Sink = []
    scales = set(framework.scales)
    for m in framework.measures.values():
        if m.scored is not None:
            check_scored(m.scored, m.answering, scales, out)
    return out


@rule("scored-without-evidence")
def scored_measures_ask_for_evidence(framework: Framework) -> list[Diagnostic]:
    """A scored commitment needs evidence that it was delivered (PPN 06/20 asks for social
    value commitments to be managed and reported on through the contract), unless it is only recorded."""
    return [make("scored-without-evidence", m.span, name=m.code) for m in framework.measures.values()
            if m.scored is not None and not m.evidence and m.record_only is None]


@rule("unknown-outcome", "double-counting-self", "unknown-measure", "double-counting-conflict", "part-of-exclusive",
      "part-of-not-a-figure")
def measure_relations_name_real_things(framework: Framework) -> list[Diagnostic]:
    """`contributes to`, `no double counting with`, `additional to` and `part of` name real outcomes
    and other measures, and never say both of one pair: counting one benefit twice inflates social
    value. A part and its whole are figures in one unit, so that a bid's two figures compare."""
    out: Sink = []
    for m in framework.measures.values():
        _check_relations(framework, m, out)
    return out


_SELF_WORDS = {"no double counting with": "counted with", "additional to": "additional to", "part of": "part of"}


def _figure_unit(m: Measure) -> str | None:
    """The unit a measure's answer is a figure in ('£' for money), None when it is no figure."""
    kind = m.answering.answer
    return "£" if kind == "money" else m.answering.unit if kind == "number" else None


def _check_part(framework: Framework, m: Measure, name: ast.Name, sink: Sink) -> None:
    """`part of WHOLE` compares two figures: both must be numbers in one unit."""
    whole = framework.measures[name.text]
    if whole.answering.answer is None or m.answering.answer is None:
        return  # a missing answer is reported on its own
    mine, theirs = _figure_unit(m), _figure_unit(whole)
    if mine is None or theirs is None or mine != theirs:
        sink.append(make("part-of-not-a-figure", name.span, part=m.code, whole=name.text,
                         found=_unit_words(mine), other=_unit_words(theirs)))


def _unit_words(unit: str | None) -> str:
    return "answers that are not figures" if unit is None else "money" if unit == "£" else unit


def _check_relations(framework: Framework, m: Measure, sink: Sink) -> None:
    exclusive: dict[str, ast.Name] = {}
    additional: dict[str, ast.Name] = {}
    parts: dict[str, ast.Name] = {}
    for relation in m.relations:
        for name in relation.names:
            if relation.relation == "contributes to":
                if name.text not in framework.groups:
                    sink.append(make("unknown-outcome", name.span, name=name.text,
                                     suggestions=did_you_mean(name.text, framework.groups)))
                continue
            if name.text == m.code:
                sink.append(make("double-counting-self", name.span, name=m.code,
                                 relation=_SELF_WORDS[relation.relation]))
                continue
            if name.text not in framework.measures:
                sink.append(make("unknown-measure", name.span, name=name.text, where="",
                                 suggestions=did_you_mean(name.text, framework.measures)))
                continue
            if relation.relation == "part of":
                parts[name.text] = name
                _check_part(framework, m, name, sink)
                continue
            (exclusive if relation.relation == "no double counting with" else additional)[name.text] = name
    for other, name in exclusive.items():
        if other in additional:
            sink.append(make("double-counting-conflict", name.span, a=m.code, b=other,
                             related=[Related(span=additional[other].span, message="declared additional here")]))
        if other in parts:
            sink.append(make("part-of-exclusive", name.span, a=m.code, b=other,
                             related=[Related(span=parts[other].span, message="declared part of it here")]))


@rule("percentage-over-100")
def measure_adjustments_are_shares(framework: Framework) -> list[Diagnostic]:
    """Deadweight, displacement, attribution, leakage, drop-off and discount rates are shares of a whole."""
    out: Sink = []
    for m in framework.measures.values():
        if m.adjust is not None:
            for adjustment in m.adjust.adjustments:
                check_percent(adjustment.percent, out)
        if m.discount is not None:
            check_percent(m.discount.percent, out)
    return out


# ---------------------------------------------------------------- scales, pathways, policy
@rule("percentage-over-100", "scale-levels-not-descending")
def framework_scales_descend(framework: Framework) -> list[Diagnostic]:
    """Scale levels go from best to worst, each lower than the one before (see `check_scale`)."""
    out: Sink = []
    for scale in framework.scales.values():
        check_scale(scale, out)
    return out


_STEP_ORDER = {"activity": 0, "output": 1, "outcome": 2, "impact": 3}


def _step_names(framework: Framework, step: ast.Step) -> set[str]:
    """What a pathway step may name: the measures, outcomes or themes its word says
    (`output measure "MAC 2.1"`), else any of them."""
    match step.ref_kind:
        case "measure":
            return set(framework.measures)
        case "outcome":
            return set(framework.outcomes)
        case "theme":
            return set(framework.themes)
    return set(framework.measures) | framework.groups


def _code_read_as_text(framework: Framework, step: ast.Step) -> Diagnostic | None:
    """A quoted step that is exactly a code ("MAC 2.1") is a description, which its author rarely means."""
    if step.text is None:
        return None
    code = step.text.value
    for word, table in (("measure", framework.measures), ("outcome", framework.outcomes),
                        ("theme", framework.themes)):
        if code in table:
            return make("pathway-code-read-as-text", step.text.span, name=code, what=word,
                        fix=f'{step.kind} {word} "{code}"')
    return None


@rule("empty-pathway", "percentage-over-100", "unknown-pathway-step", "pathway-order", "unknown-pathway-link",
      "pathway-code-read-as-text")
def pathways_run_from_activity_to_impact(framework: Framework) -> list[Diagnostic]:
    """A theory of change runs activity → output → outcome → impact in at least two
    steps, each naming a real measure, outcome or theme (by its code as published:
    `output measure "MAC 2.1"`), and each link runs in that order: a step follows the one above it
    or the earlier steps its `from` names."""
    out: Sink = []
    for pathway in framework.pathways.values():
        steps = pathway.steps
        if len(steps) < 2:
            out.append(make("empty-pathway", pathway.span, name=pathway.name, count=len(steps)))
        for step, follows in zip(steps, pathway.follows, strict=True):
            check_percent(step.confidence, out)
            known = _step_names(framework, step)
            if step.ref is not None and step.ref.text not in known:
                kind = step.ref_kind or ("measure" if step.kind in ("activity", "output") else "outcome or theme")
                out.append(make("unknown-pathway-step", step.ref.span, kind=kind, name=step.ref.text,
                                suggestions=did_you_mean(step.ref.text, known)))
            if (as_text := _code_read_as_text(framework, step)) is not None:
                out.append(as_text)
            later = next((steps[j] for j in follows if _STEP_ORDER[step.kind] < _STEP_ORDER[steps[j].kind]), None)
            if later is not None:
                out.append(make("pathway-order", step.span, kind=step.kind, previous=later.kind))
        for ref, earlier in pathway.unknown_links:
            label = ref.text if isinstance(ref, ast.Name) else ref.value
            out.append(make("unknown-pathway-link", ref.span, name=label, pathway=pathway.name,
                            suggestions=did_you_mean(label, earlier)))
    return out


@rule("percentage-over-100", "unknown-group", "policy-rise-out-of-order")
def framework_policy_is_well_formed(framework: Framework) -> list[Diagnostic]:
    """A policy's shares are percentages, the groups it names are themes or outcomes, and a figure
    that rises on dates rises in order (LBHF: 10%, rising to 20% by 2023)."""
    out: Sink = []
    if framework.policy is not None:
        check_policy_rules(framework.policy, framework.groups, out)
    return out
