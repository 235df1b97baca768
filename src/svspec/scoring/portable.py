"""The portable scoring model: a tender's scoring as plain JSON data (`scoring.json`).

Every number is a string holding an exact decimal ("0.25", "12000000"), so no reader has to
trust binary floating point. docs/reference/scoring-json.md documents the format.
"""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction
from typing import Any

from svspec import __version__, model, words
from svspec.kinds.answers import answer_kind
from svspec.kinds.rules import rule_kind
from svspec.scoring import core
from svspec.scoring.core import FORMAT

TOTAL_CODE = "total"
"""The code of the total value line among the social value items of `scoring.json` (a measure
cannot be selected under this name: `total` starts the total value line)."""
TOTAL_TITLE = "Total social value of the valued commitments"


def _in_force_since(policy: model.Policy) -> str | None:
    """The date from which the delivery minimum's figure is in force, when it rose on a date."""
    started = [r.on for r in policy.min_commitments_rises
               if r.figure == policy.min_commitments and (policy.as_of is None or r.on <= policy.as_of)]
    return started[-1] if started else None


def total_item(tender: model.Tender) -> model.Measure | None:
    """The total value line as an item reports and the site can word: an amount in pounds."""
    if tender.value_target is None:
        return None
    return model.Measure(code=TOTAL_CODE, title=TOTAL_TITLE, theme="", outcome="", answer=model.Answer(kind="money"),
                         unit=None)


def _num(value: Decimal | Fraction | None) -> str | None:
    if value is None:
        return None
    return words.exact(value)


def _rule(rule: model.ScoringRule) -> dict[str, Any]:
    out: dict[str, Any] = {"kind": rule.kind, **rule_kind(rule).portable(rule)}
    if rule.scale is not None:
        out["scale"] = rule.scale
    for key in ("cap", "points_cap", "threshold", "gate"):
        if getattr(rule, key) is not None:
            out[key] = _num(getattr(rule, key))
    if rule.gate_yes:
        out["gate_yes"] = True
    if rule.credibility_scale is not None:
        out["credibility_scale"] = rule.credibility_scale
    return out


def _accepts(answer: model.Answer) -> dict[str, Any]:
    """What a valid answer is, as `svspec validate` checks it, so that `scoring.py` refuses the same."""
    return answer_kind(answer).accepts(answer, words.exact)


def _parts(answer: model.Answer) -> dict[str, Any]:
    """A composite answer's figures and their rates (£ per unit), only for such answers."""
    if not answer.parts:
        return {}
    return {"parts": [{"name": p.name, "rate": _num(p.rate), "unit": p.unit} for p in answer.parts]}


def _valuation(v: model.Valuation | None) -> dict[str, Any] | None:
    if v is None:
        return None
    return {
        "proxy": _num(v.proxy.amount) if v.proxy else None,
        "proxy_unit": v.proxy.unit if v.proxy else None,
        "per_year": v.proxy.per_year if v.proxy else False,
        "source": v.proxy.source if v.proxy else None,
        "deadweight": _num(v.deadweight), "displacement": _num(v.displacement), "attribution": _num(v.attribution),
        "leakage": _num(v.leakage), "drop_off": _num(v.drop_off), "duration_years": _num(v.duration_years),
        "discount_rate": _num(v.discount_rate), "discount_first_year": v.discount_first_year,
        "investment": _num(v.investment),
    }


def scales_used(tender: model.Tender) -> list[model.Scale]:
    """Every scale a question or selected measure of the tender uses, by name."""
    names: set[str] = set()
    for rule in [q.scoring for q in tender.questions] + [s.scoring for s in tender.selections]:
        names.update(n for n in (rule.scale, rule.credibility_scale) if n)
    return [tender.scale(n) for n in sorted(names)]


def portable(tender: model.Tender) -> dict[str, Any]:
    """The scoring model of `tender` as JSON-ready data (keys in a fixed order)."""
    criteria = []
    for c in tender.criteria:
        entry: dict[str, Any] = {"kind": c.kind, "weight": _num(c.weight)}
        if c.kind == "price":
            entry["formula"] = c.price_formula or "relative-to-lowest"
            if c.price_formula == "fixed-range":
                entry.update(low=_num(c.price_low), high=_num(c.price_high))
                if not c.price_clamped:
                    entry["clamped"] = False
        if c.pass_mark is not None:
            entry["pass_mark"] = _num(c.pass_mark)
        if c.within is not None:
            entry.update(within=c.within, share=_num(c.share))
        if c.mark_rules:
            entry["mark_rules"] = [{"effect": m.effect, "test": m.test, "mark": _num(m.mark)} for m in c.mark_rules]
        if c.kind == "quality":
            entry["items"] = [
                {"code": q.code, "title": q.title, "weight": _num(q.weight), "answer": q.answer.kind, "unit": None,
                 "rule": _rule(q.scoring), "valuation": None, "accepts": _accepts(q.answer)}
                for q in tender.questions
            ]
        if c.kind not in ("price", "quality"):
            entry["items"] = [
                {"code": s.code, "title": s.measure.title, "weight": _num(s.weight), "answer": s.measure.answer.kind,
                 "unit": s.measure.unit, "rule": _rule(s.scoring), "valuation": _valuation(s.measure.valuation),
                 "accepts": _accepts(s.measure.answer), **_parts(s.measure.answer),
                 **({"origin": s.measure.origin.words()} if s.measure.origin else {})}
                for s in tender.selections if s.criterion == c.kind
            ]
            target = tender.value_target
            if target is not None:
                entry["items"].append({"code": TOTAL_CODE, "title": TOTAL_TITLE, "weight": _num(target.weight),
                                       "answer": "money", "unit": None, "rule": _rule(target.scoring),
                                       "valuation": None, "accepts": {}, "total": True})
        criteria.append(entry)
    minimum = tender.policy.min_commitments
    delivery = None if minimum is None else {"share": _num(minimum), "below": tender.policy.below_commitments,
                                             "since": _in_force_since(tender.policy)}
    data: dict[str, Any] = {
        "format": FORMAT,
        "generator": f"svspec {__version__}",
        "tender": {"name": tender.name, "title": tender.title, "version": tender.version,
                   "framework": f"{tender.framework.name} {tender.framework.version}",
                   "contract_value": _num(tender.contract_value), "contract_years": _num(tender.contract_years),
                   "closes": tender.closes, "submissions_from": tender.framework.effective},
        "rounding": {"places": words.PLACES, "mode": words.MODE, "applies_to": "display and exported figures only"},
        "total_points": 100,
        "moderation": tender.moderation,
        "compare_among": tender.compare_among,
        "tie_break": list(tender.tie_break),
        "criteria": criteria,
        **({"delivery_minimum": delivery} if delivery is not None else {}),
        "scales": {
            s.name: {"title": s.title, "percent": s.percent, "maximum": _num(s.maximum),
                     "levels": [_num(level.value) for level in s.levels],
                     "labels": [level.label for level in s.levels]}
            for s in scales_used(tender)
        },
    }
    data.update(_methods(tender))
    return data


def _methods(tender: model.Tender) -> dict[str, Any]:
    """The evaluation methods a tender states, only when it states them (issue 12 items 2, 3, 5)."""
    out: dict[str, Any] = {}
    if tender.abnormally_low is not None:
        out["abnormally_low"] = {"tests": [{"against": against, "at_least": _num(share)}
                                           for against, share in tender.abnormally_low.tests],
                                 "action": tender.abnormally_low.action}
    if tender.rank_places is not None:
        out["rank_places"] = tender.rank_places
    if tender.item_places is not None:
        out["item_places"] = tender.item_places
    if tender.price_components:
        out["price_components"] = [{"code": c.code, "title": c.title, "times": _num(c.times)}
                                   for c in tender.price_components]
    if tender.shortlist is not None:
        out["shortlist"] = {"top": tender.shortlist.top, "ties": tender.shortlist.ties}
    if tender.award != "weighted total":
        out["award"] = tender.award
    if tender.recorded:
        out["record_only"] = [r.code for r in tender.recorded]
    return out


def plan_for(tender: model.Tender) -> core.Plan:
    """The tender's scoring plan, through the portable model (so `scoring.json` says the same)."""
    return core.load_plan(portable(tender))
