"""Helpers shared by resolve and the check rules: settings, percentages, weights, units and rule fitness."""

from __future__ import annotations

from collections.abc import Collection, Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction

from svspec import words as figures
from svspec.diagnostics import Diagnostic, Related, Span, make
from svspec.diagnostics.suggest import did_you_mean
from svspec.kinds.answers import ANSWERS
from svspec.kinds.rules import node_kind
from svspec.semantics.symbols import Answering, Scale
from svspec.syntax import ast
from svspec.words import BUILTIN_UNITS as BUILTIN_UNITS  # the one units table, re-exported
from svspec.words import canonical_unit as canonical_unit

Sink = list[Diagnostic]


def percent_fraction(amount: ast.Amount) -> Decimal:
    return amount.value / 100


def fmt_percent(value: Decimal) -> str:
    """25 → '25%'; 12.50 → '12.5%'."""
    text = format(value.normalize(), "f") if value == value.to_integral() else format(value, "f")
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return f"{text}%"


def fmt_amount(amount: ast.Amount) -> str:
    if amount.exact is not None:
        return amount.text  # a fractional weight as written: 1/3
    value = amount.value
    text = format(value, ",f")
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    if amount.kind == "money":
        return f"£{text}"
    if amount.kind == "percent":
        return fmt_percent(value)
    return f"{text} {amount.unit.text}" if amount.unit else text


def check_percent(amount: ast.Amount | None, sink: Sink) -> None:
    """Every percentage in a spec is a share of a whole."""
    if amount is not None and amount.kind == "percent" and amount.value > 100:
        sink.append(make("percentage-over-100", amount.span, value=fmt_amount(amount)))


def single_settings(
    items: Iterable[object], kinds: dict[type, str], owner: str, sink: Sink
) -> dict[str, ast.Node]:
    """The first item of each kind; later ones are reported as duplicates."""
    found: dict[str, ast.Node] = {}
    repeated: list[tuple[str, ast.Node]] = []
    for item in items:
        key = kinds.get(type(item))
        if key is None:
            continue
        if isinstance(item, ast.Setting):
            key = item.key
        elif isinstance(item, ast.Prose):
            key = item.key
        elif isinstance(item, ast.Flag):
            key = item.flag
        assert isinstance(item, ast.Node)
        if key in found:
            repeated.append((key, item))
            continue
        found[key] = item
    if repeated:
        # Several repeats in one block usually mean one mistake (a deleted `measure` line merged two
        # measures), so they make one report: the first repeat, with the others as notes.
        key, item = repeated[0]
        related = [Related(span=found[key].span, message="first given here")]
        related += [Related(span=other.span, message=f"'{other_key}' is given again here")
                    for other_key, other in repeated[1:]]
        sink.append(make("duplicate-setting", item.span, setting=key, owner=owner, related=related))
    return found


def weights_sum(
    group: str, weights: Sequence[tuple[ast.Amount, str]], anchor: Span, sink: Sink
) -> None:
    """Sibling weights must add up to exactly 100%."""
    if not weights or any(w.value > 100 for w, _ in weights):
        # A weight over 100% is reported on its own; a sum that misses 100% would say it twice.
        return
    exact = sum((w.exact if w.exact is not None else Fraction(w.value) for w, _ in weights), Fraction(0))
    if exact == 100:
        return  # exactly: three weights of 1/3 make the whole
    # A sum of fractions (1/3 + 1/4) is shown rounded by the one rule; a sum of percentages as it is.
    shown = fmt_percent(Decimal(exact.numerator)) if exact.denominator == 1 else (
        fmt_percent(Decimal(exact.numerator) / Decimal(exact.denominator)) if all(w.exact is None for w, _ in weights)
        else figures.percent(exact / 100))
    related = [Related(span=w.span, message=f"{label} weighted {fmt_amount(w)}") for w, label in weights]
    sink.append(make("weights-do-not-sum", anchor, group=group, total=shown, related=related))


def rule_label(rule: ast.Rule) -> str:
    """The rule in messages about the spec: 'relative to best' (the rule kind's own words)."""
    return node_kind(rule).label


def answer_label(kind: str) -> str:
    """The answer kind in messages about the spec: 'yes/no'."""
    return ANSWERS[kind].label


def check_amount_unit(amount: ast.Amount, facts: Answering, what: str, sink: Sink) -> None:
    """An amount in a rule must be in the measure's own unit."""
    if facts.unit_unknown or facts.answer is None:
        return
    measured_in = ANSWERS[facts.answer].measured_in
    if measured_in == "pounds":
        if amount.kind != "money":
            sink.append(make("unit-mismatch", amount.span, found=fmt_amount(amount),
                             found_unit=_unit_of(amount), what=what, expected_unit="£"))
        return
    if measured_in != "its unit":
        return
    expected = canonical_unit(facts.unit) if facts.unit else None
    related = [Related(span=facts.unit_span, message="the measure's unit is given here")] if facts.unit_span else []
    if amount.kind == "money":
        sink.append(make("unit-mismatch", amount.span, found=fmt_amount(amount), found_unit="£",
                         what=what, expected_unit=expected or "plain numbers", related=related))
    elif amount.kind == "percent":
        if expected != "percent":
            sink.append(make("unit-mismatch", amount.span, found=fmt_amount(amount), found_unit="%",
                             what=what, expected_unit=expected or "plain numbers", related=related))
    elif amount.unit is not None and canonical_unit(amount.unit.text) != expected:
        sink.append(make("unit-mismatch", amount.unit.span, found=fmt_amount(amount),
                         found_unit=amount.unit.text, what=what, expected_unit=expected or "plain numbers",
                         related=related))


def _unit_of(amount: ast.Amount) -> str:
    if amount.kind == "percent":
        return "%"
    if amount.kind == "money":
        return "£"
    return amount.unit.text if amount.unit else "plain numbers"


@dataclass(frozen=True, slots=True)
class _Checking:
    """The shared checks a rule kind's own check calls (`svspec.kinds.rules.Checking`)."""

    facts: Answering
    scales: Collection[str]
    sink: Sink

    def amount_unit(self, amount: ast.Amount) -> None:
        check_amount_unit(amount, self.facts, f"measure '{self.facts.name}'", self.sink)

    def percent(self, amount: ast.Amount) -> None:
        check_percent(amount, self.sink)

    def scale(self, name: ast.Name) -> None:
        _check_scale(name, self.scales, self.sink)

    def written(self, amount: ast.Amount) -> str:
        return fmt_amount(amount)

    def unit_of(self, amount: ast.Amount) -> str:
        return _unit_of(amount)


def check_scored(scored: ast.Scored, facts: Answering, scales: Collection[str], sink: Sink) -> None:
    """A scoring rule must fit the answer it scores, in its units, with known scales."""
    rule = scored.rule
    kind = node_kind(rule)
    answer = facts.answer
    if answer is not None:
        if answer not in kind.fits:
            sink.append(make("rule-not-applicable", rule.span, rule=kind.label, answer=answer_label(answer)))
        elif kind.values_pounds and ANSWERS[answer].measured_in == "its unit" and not facts.has_proxy:
            sink.append(make("value-without-proxy", rule.span, name=facts.name))
    kind.check(rule, _Checking(facts, scales, sink), sink)
    what = f"measure '{facts.name}'"
    numeric = answer is None or ANSWERS[answer].numeric

    def not_applicable(label: str, span: Span) -> None:
        sink.append(make("rule-not-applicable", span, rule=label, answer=answer_label(answer or "text")))

    for modifier in scored.modifiers:
        if kind.marked and isinstance(modifier, ast.Threshold | ast.Gate) and modifier.amount is not None:
            # On an evaluator-marked item a minimum or gate is a mark on its scale (issue 9 item 6).
            check_mark_amount(modifier.amount, what, sink)
            continue
        match modifier:
            case ast.Cap(amount=amount) | ast.Threshold(amount=amount):
                if not numeric:
                    not_applicable("capped at" if isinstance(modifier, ast.Cap) else "minimum", modifier.span)
                else:
                    check_amount_unit(amount, facts, what, sink)
            case ast.Gate(amount=None):
                if answer is not None and ANSWERS[answer].reads != "yes/no":
                    not_applicable("gate yes", modifier.span)
            case ast.Gate(amount=ast.Amount() as amount):
                if not numeric:
                    not_applicable("gate at least", modifier.span)
                else:
                    check_amount_unit(amount, facts, what, sink)
            case ast.PointsCap(percent=percent):
                check_percent(percent, sink)
            case ast.Credibility(scale=scale):
                _check_scale(scale, scales, sink)


def check_mark_amount(amount: ast.Amount, what: str, sink: Sink) -> None:
    """A mark is a plain number (or a percentage, on a percentage scale): never money or a unit."""
    if amount.kind == "money" or amount.unit is not None:
        found_unit = "£" if amount.kind == "money" else amount.unit.text if amount.unit else ""
        sink.append(make("unit-mismatch", amount.span, found=fmt_amount(amount), found_unit=found_unit, what=what,
                         expected_unit="marks on its evaluators' scale"))


def _check_scale(scale: ast.Name, scales: Collection[str], sink: Sink) -> None:
    if scale.text not in scales:
        sink.append(make("unknown-scale", scale.span, name=scale.text,
                         suggestions=did_you_mean(scale.text, scales)))


def check_answer(answer: ast.Answer, facts: Answering, sink: Sink) -> None:
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


def check_scale(scale: Scale, sink: Sink) -> None:
    """Levels from best to worst, each lower than the one before."""
    previous: ast.ScaleLevel | None = None
    for level in scale.levels:
        check_percent(level.value, sink)
        if previous is not None and level.value.value >= previous.value.value:
            sink.append(make("scale-levels-not-descending", level.value.span, this=fmt_amount(level.value),
                             previous=fmt_amount(previous.value)))
            return  # one report per scale: a scale written the wrong way round is one mistake
        previous = level


def check_policy_rules(policy: ast.Policy | ast.Recommended, groups: Collection[str], sink: Sink) -> None:
    """A policy's percentages are shares, its groups are themes or outcomes and its figures rise in order."""
    for policy_rule in policy.rules:
        match policy_rule:
            case (ast.MinSocialValue(percent=p, rising=rising) | ast.MinCommitments(percent=p, rising=rising)
                  | ast.MinMeasureWeight(percent=p, rising=rising)):
                check_percent(p, sink)
                check_rises(p, rising, sink)
            case ast.SocialValueShare(percent=p):
                check_percent(p, sink)
            case ast.MinGroupShare(group=group, percent=p, rising=rising):
                check_percent(p, sink)
                check_rises(p, rising, sink)
                if group.text not in groups:
                    sink.append(make("unknown-group", group.span, name=group.text,
                                     suggestions=did_you_mean(group.text, groups)))
            case ast.MinMeasures(group=ast.Name() as group):
                if group.text not in groups:
                    sink.append(make("unknown-group", group.span, name=group.text,
                                     suggestions=did_you_mean(group.text, groups)))
            case ast.Recommended():
                check_policy_rules(policy_rule, groups, sink)
            case _:
                pass


def check_rises(base: ast.Amount, rising: Sequence[ast.Rising], sink: Sink) -> None:
    """Each step of a rising figure is a share, later than the step before and above its figure
    (LBHF: 10%, rising to 20%), so that exactly one figure is in force on any day."""
    previous_figure, previous_date = base, None
    for step in rising:
        check_percent(step.percent, sink)
        problem = None
        if previous_date is not None and step.date <= previous_date:
            problem = f"is not after the step before it ({previous_date})"
        elif step.percent.value <= previous_figure.value:
            problem = f"does not rise above {fmt_amount(previous_figure)}"
        if problem is not None:
            sink.append(make("policy-rise-out-of-order", step.span, figure=fmt_amount(step.percent),
                             date=step.date, problem=problem))
        previous_figure, previous_date = step.percent, step.date


def figure_in_force(base: ast.Amount, rising: Sequence[ast.Rising], as_of: str | None) -> Decimal:
    """The percentage a rising policy rule sets on `as_of`: the last step from on or before that
    date, else the base figure; without a date, the highest figure (the strictest reading)."""
    if as_of is None:
        return max([base.value, *(r.percent.value for r in rising)])
    figure = base.value
    for step in sorted(rising, key=lambda r: r.date):
        if step.date <= as_of:
            figure = step.percent.value
    return figure
