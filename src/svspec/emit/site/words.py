"""Figures and rules in the words a guidance page uses. Text only: no scoring arithmetic here.

Worked examples come from the scoring engine (`svspec.scoring`); when a rule has to be put in
words and the engine offers `describe_rule`, its wording wins so that guidance and scoring
speak with one voice. The fallbacks below only restate the model's fields.
"""

from __future__ import annotations

from decimal import Decimal

from svspec import model as m

WHEN_WORDS: dict[str, str] = {
    "with the bid": "with the bid",
    "at mobilisation": "at mobilisation, before the contract starts",
    "every month": "every month",
    "every quarter": "every quarter",
    "every year": "every year",
    "at contract end": "at the end of the contract",
}

BUILT_IN_UNITS: dict[str, str] = {
    "FTE": "full-time equivalent posts (one person working full time for a year)",
    "hours": "hours",
    "weeks": "weeks",
    "people": "people",
    "tonnes": "tonnes",
    "tCO2e": "tonnes of carbon dioxide equivalent",
    "visits": "visits",
    "items": "items",
    "percent": "a percentage",
    "count": "a number of things",
    "money": "pounds sterling",
}


def number(value: Decimal | int | None) -> str:
    """A number with thousands separators and no trailing zeros: 12000000 -> 12,000,000."""
    if value is None:
        return ""
    value = Decimal(value)
    if value == value.to_integral_value():
        return f"{int(value):,}"
    text = f"{value.normalize():,f}"
    return text


def money(value: Decimal | None) -> str:
    """Pounds, with pence only when there are any: £12,000,000 or £16.93."""
    if value is None:
        return ""
    value = Decimal(value)
    if value == value.to_integral_value():
        return f"£{int(value):,}"
    return f"£{value.quantize(Decimal('0.01')):,}"


def percent(fraction: Decimal | None) -> str:
    """A fraction of one as a percentage: Decimal('0.25') -> 25%."""
    if fraction is None:
        return ""
    return number(Decimal(fraction) * 100) + "%"


def quantity(value: Decimal | None, unit: str | None) -> str:
    """An amount in a measure's unit: 10 FTE, £5,000, 25%."""
    if value is None:
        return ""
    if unit == "money":
        return money(value)
    if unit == "percent":
        return number(value) + "%"
    return f"{number(value)} {unit}" if unit else number(value)


def answer(a: m.Answer, unit: str | None) -> str:
    """How to answer, in words."""
    bounds = []
    if a.minimum is not None:
        bounds.append(f"at least {quantity(a.minimum, 'money' if a.kind == 'money' else unit)}")
    if a.maximum is not None:
        bounds.append(f"at most {quantity(a.maximum, 'money' if a.kind == 'money' else unit)}")
    limits = f" ({' and '.join(bounds)})" if bounds else ""
    if a.kind == "number":
        return f"A number{' of ' + unit if unit else ''}{limits}."
    if a.kind == "money":
        return f"An amount in pounds{limits}."
    if a.kind == "yes/no":
        return "Yes or no."
    if a.kind == "choice":
        return "One of: " + ", ".join(f"“{c}”" for c in a.choices) + "."
    if a.kind == "text":
        if a.limit is not None:
            return f"Written text of up to {number(a.limit)} {a.limit_unit}."
        return "Written text."
    return "A file (a document you attach)."
