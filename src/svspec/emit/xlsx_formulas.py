"""The formulas the bid template computes for itself: words, £ value and points of each answer.

A supplier filling the spreadsheet sees, as they type, how many words an answer has, what a
commitment is worth in £ and the points it earns, the same figures `svspec score` gives. The
formulas are built here from the portable scoring model (`svspec.scoring.core.Plan`), the one
the engine runs, so the workbook and the engine cannot be told different rules. They use only
functions every spreadsheet program has had for decades (IF, MIN, MAX, LEN, TRIM, SUBSTITUTE,
ISNUMBER, SUM), so Excel, LibreOffice and Google Sheets compute them alike.

A rule whose points depend on other bids (relative to the best) or on evaluators' marks has no
formula: its Points cell says so in words. Formulas hold only cell references and numbers taken
from the scoring model, never text from the spec.
"""

from __future__ import annotations

import json
from decimal import Decimal
from fractions import Fraction

from svspec import model
from svspec.scoring import core
from svspec.scoring.portable import portable

BY_EVALUATORS = "marked by evaluators"
AGAINST_OTHERS = "compared with other bids"

_ABSOLUTE = ("linear", "bands", "yes-no", "value-per-pound")


def plan_for(tender: model.Tender) -> core.Plan:
    """The scoring model the engine runs for `tender` (read back from its portable JSON form)."""
    return core.load_plan(json.loads(json.dumps(portable(tender), ensure_ascii=False)))


def number(value: Fraction | Decimal | int) -> str:
    """A number for a formula: exact when it has a finite decimal, else to 15 significant digits
    (all a spreadsheet's double holds)."""
    fraction = Fraction(value)
    den = fraction.denominator
    while den % 2 == 0:
        den //= 2
    while den % 5 == 0:
        den //= 5
    if den == 1:
        text = format(Decimal(fraction.numerator) / Decimal(fraction.denominator), "f")
    else:
        text = format(Decimal(fraction.numerator) / Decimal(fraction.denominator), ".15g")
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return text if text not in ("", "-0") else "0"


def _spaced(cell: str) -> str:
    """The answer with line breaks and tabs as spaces and runs of spaces as one (Excel's TRIM)."""
    return f'TRIM(SUBSTITUTE(SUBSTITUTE(SUBSTITUTE({cell},CHAR(10)," "),CHAR(13)," "),CHAR(9)," "))'


def words_formula(answer: model.Answer, cell: str) -> str | None:
    """The live length of a text answer, counted as the word limit counts it; None for other answers."""
    if answer.kind != "text":
        return None
    if answer.limit_unit == "characters":
        return f"=LEN({cell})"
    spaced = _spaced(cell)
    return f'=IF({spaced}="",0,LEN({spaced})-LEN(SUBSTITUTE({spaced}," ",""))+1)'


def value_formula(item: core.Item, cell: str) -> str | None:
    """The £ value of a valued commitment (`core.commitment_value`); None when the item is not valued."""
    if not core.valued(item):
        return None
    per_unit = item.value_per_unit if item.value_per_unit is not None else Fraction(1)
    return f"=IF(ISNUMBER({cell}),MAX({cell},0)*{number(per_unit)},0)"


def points_formula(plan: core.Plan, item: core.Item, cell: str) -> str:
    """The points (out of 100) the answer adds to the bid's total, as a formula, or in words why
    the workbook cannot know them."""
    rule = item.rule
    if core.ARITHMETIC[rule.kind].reads == "mark" or rule.credibility_scale is not None:
        return BY_EVALUATORS
    if rule.kind not in _ABSOLUTE or item.total:
        return AGAINST_OTHERS
    criterion = next(c for c in plan.criteria if c.kind == item.criterion)
    weight = 100 * criterion.weight * item.weight
    x = f"IF(ISNUMBER({cell}),{cell},0)"
    counted = f"MIN({x},{number(rule.cap)})" if rule.cap is not None else x
    if rule.kind == "yes-no":
        fraction = f'IF({cell}="Yes",1,0)'
    elif rule.kind == "linear":
        assert rule.low is not None and rule.high is not None
        low, high = rule.low, rule.high
        share = (f"({counted}-{number(low)})/{number(high - low)}" if high >= low
                 else f"({number(low)}-{counted})/{number(low - high)}")
        fraction = f"MAX(0,MIN(1,{share}))" if rule.clamped else share
    elif rule.kind == "bands":
        fraction = number(rule.otherwise)
        for edge, band in rule.bands:
            fraction = f"IF({counted}>={number(edge)},{number(band)},{fraction})"
    else:
        assert rule.target is not None
        per_unit = item.value_per_unit if item.value_per_unit is not None else Fraction(1)
        fraction = f"MAX(0,MIN(1,{counted}*{number(per_unit / (plan.contract_value * rule.target))}))"
    if rule.threshold is not None:
        fraction = f"IF({x}>={number(rule.threshold)},{fraction},0)"
    if rule.points_cap is not None:
        fraction = f"MIN({fraction},{number(rule.points_cap)})"
    return f"={fraction}*{number(weight)}"
