"""Answers and rules in words, as reports, explanations and guidance print them.

Every figure is formatted by `svspec.words` (the one rounding rule); this module adds the wording
that needs the model: a rule, a valuation, an answer in its item's unit.
"""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction

from svspec import model
from svspec.kinds.answers import answer_kind
from svspec.kinds.rules import Say, rule_kind
from svspec.words import RULE, UNIT, Number, exact, money, number, on_scale, percent, quantity, rounded
from svspec.words import fixed as points

__all__ = ["RULE", "Number", "amount", "answer_text", "describe_rule", "discounting", "exact", "money", "number",
           "on_scale", "percent", "points", "quantity", "rounded", "scale_levels", "valuation"]


def amount(value: Number, item: model.Measure | model.Question) -> str:
    """A quantity in the item's own terms: money as £, numbers with the unit."""
    unit = item.unit if isinstance(item, model.Measure) else None
    return quantity(value, answer_kind(item.answer).quantity_unit(unit))


def answer_text(value: object, item: model.Measure | model.Question) -> str:
    """What a bidder answered, briefly: '12 FTE', 'yes', 'a text of 480 words'."""
    if value is None:
        return "no answer"
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, Decimal | int | Fraction):
        return amount(value, item)
    kind = answer_kind(item.answer)
    shown = kind.answer_words(item.answer, value, item.unit if isinstance(item, model.Measure) else None)
    return shown if shown is not None else kind.brief(str(value))


def scale_levels(scale: model.Scale) -> str:
    """'Excellent 100, Good 75, Acceptable 50, Poor 25, Unacceptable 0'."""
    return ", ".join(f"{level.label} {on_scale(level.value, scale.percent)}" for level in scale.levels)


def valuation(v: model.Valuation, unit: str | None) -> str:
    """'£28,213 per FTE per year, less deadweight 25% and attribution 10%'."""
    parts = []
    if v.proxy is not None:
        per_year = " per year" if v.proxy.per_year else ""
        per = v.proxy.unit or unit or "unit"
        parts.append(f"{money(v.proxy.amount)} per {UNIT[per].singular if per in UNIT else per}{per_year}")
    else:
        parts.append("the £ amount offered")
    less = [f"{name} {percent(getattr(v, key))}" for key, name in
            (("deadweight", "deadweight"), ("displacement", "displacement"), ("attribution", "attribution"),
             ("leakage", "leakage"))
            if getattr(v, key)]
    if less:
        parts.append("less " + _and(less) + " (compounded)")
    if v.duration_years != 1 or v.drop_off or v.discount_rate:
        years = f"over {number(v.duration_years)} year{'s' if v.duration_years != 1 else ''}"
        extra = []
        if v.drop_off:
            extra.append(f"dropping off {percent(v.drop_off)} a year")
        if v.discount_rate:
            extra.append(f"discounted at {percent(v.discount_rate)} a year ({discounting(v)})")
        parts.append(years + (" " + _and(extra) if extra else ""))
    return ", ".join(parts)


def discounting(v: model.Valuation) -> str:
    """The discounting convention in words: the SROI guide's (year 1 discounted too) or the other."""
    if v.discount_first_year:
        return "year 1 discounted too, as the SROI guide does"
    return "first year undiscounted"


def _and(words: list[str]) -> str:
    if len(words) <= 1:
        return "".join(words)
    return ", ".join(words[:-1]) + " and " + words[-1]


def mark_words(mark: Number, scale: model.Scale | None) -> str:
    """A mark with its level's label when it is one: '2 (“Specific, measurable and time-bound”)'."""
    shown = on_scale(mark, scale.percent) if scale is not None else number(mark)
    level = next((lv for lv in scale.levels if lv.value == mark), None) if scale else None
    return f"{shown} (“{level.label}”)" if level is not None else shown


def _mark_minimums(rule: model.ScoringRule, scale: model.Scale | None) -> list[str]:
    """A minimum or gate on an evaluator-marked item, in words: the mark needed to score, or to stay in."""
    out = []
    if rule.threshold is not None:
        out.append(f"A mark of at least {mark_words(rule.threshold, scale)} is the minimum to score; a lower mark "
                   "scores nothing.")
    if rule.gate is not None:
        out.append(f"A mark below {mark_words(rule.gate, scale)} excludes the bid from the tender.")
    return out


def describe_rule(rule: model.ScoringRule, item: model.Measure | model.Question,
                  scales: dict[str, model.Scale] | None = None) -> str:
    """The rule in plain words for suppliers: how an answer becomes a share of the item's points."""
    def q(x: Number | None) -> str:
        return amount(x if x is not None else Decimal(0), item)

    kind = rule_kind(rule)
    say = Say(quantity=q, scale=(scales or {}).get(rule.scale or ""), scale_levels=scale_levels)
    sentences = [kind.describe(rule, say)]
    if isinstance(item, model.Measure) and item.valuation is not None and kind.values_pounds:
        sentences.append(f"Social value is counted at {valuation(item.valuation, item.unit)}.")
    if rule.cap is not None:
        sentences.append(f"Quantities above {q(rule.cap)} count as {q(rule.cap)}.")
    if kind.marked and (rule.threshold is not None or rule.gate is not None):
        sentences += _mark_minimums(rule, say.scale)
    elif rule.threshold is not None:
        sentences.append(f"Answers below {q(rule.threshold)} score nothing.")
    if rule.gate is not None and not kind.marked:
        sentences.append(f"A bid offering less than {q(rule.gate)} is excluded from the tender.")
    if rule.gate_yes:
        sentences.append("A bid that answers no is excluded from the tender.")
    if rule.credibility_scale is not None:
        sentences.append("Evaluators then judge how credible the commitment is; the points are multiplied by "
                         "that credibility (a commitment judged 75% credible keeps 75% of its points).")
    if rule.points_cap is not None:
        sentences.append(f"At most {percent(rule.points_cap)} of the points can be earned.")
    return " ".join(sentences)
