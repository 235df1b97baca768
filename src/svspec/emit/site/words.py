"""Figures and rules in the words a guidance page uses. Text only: no scoring arithmetic here.

Worked examples come from the scoring engine (`svspec.scoring`); when a rule has to be put in
words and the engine offers `describe_rule`, its wording wins so that guidance and scoring
speak with one voice. The fallbacks below only restate the model's fields. Every figure is
formatted by `svspec.words`, the one rounding rule.
"""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction

from svspec import model as m
from svspec import words as figures
from svspec.kinds.answers import answer_kind

WHEN_WORDS: dict[str, str] = {
    "with the bid": "with the bid",
    "at mobilisation": "at mobilisation, before the contract starts",
    "every month": "every month",
    "every quarter": "every quarter",
    "every year": "every year",
    "at contract end": "at the end of the contract",
}

def number(value: Decimal | int | None) -> str:
    """A figure per the one rule (`svspec.words`), blank when there is none: 12,000,000 or 0.33."""
    return "" if value is None else figures.number(value)


def money(value: Decimal | None) -> str:
    """Pounds per the one rule, blank when there are none: £12,000,000 or £16.93."""
    return "" if value is None else figures.money(value)


def percent(fraction: Decimal | Fraction | None) -> str:
    """A fraction of one as a percentage per the one rule, blank when there is none: 0.25 -> 25%."""
    return "" if fraction is None else figures.percent(fraction)


def quantity(value: Decimal | None, unit: str | None) -> str:
    """An amount in a measure's unit, blank when there is none: 10 FTE, £5,000, 25%."""
    return "" if value is None else figures.quantity(value, unit)


def answer(a: m.Answer, unit: str | None) -> str:
    """How to answer, in words."""
    return answer_kind(a).how_to_answer(a, unit)


_MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
           "November", "December")


def long_date(text: str | None) -> str:
    """An ISO date as a reader writes it, 2027-01-15 -> 15 January 2027; any other text as it is."""
    import re

    found = re.fullmatch(r"(\d{4})-(\d{2})-(\d{2})", (text or "").strip())
    if found is None or not 1 <= int(found[2]) <= 12:
        return text or ""
    return f"{int(found[3])} {_MONTHS[int(found[2]) - 1]} {found[1]}"
