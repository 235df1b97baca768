"""Numbers, money, percentages and units in words: the one place every output takes its figures from.

The guidance site, score reports, explanations, bid messages, templates and `scoring.json`'s
wording all format figures here, so £0.125 reads the same everywhere. THE rounding rule:

    every calculation, comparison and ranking uses exact values; a figure is rounded only
    when it is shown, to 2 decimal places, halves away from zero (ROUND_HALF_UP).

So £0.125 is shown as £0.13, -£0.125 as -£0.13, and 1/3 as 0.33 (33.33%). The standalone
scorer keeps a copy of the rule (`scoring.core.round_half_up`, standard library only, as it must
run without svspec); a test holds the two to the same answers.

Standard library only, and no svspec imports: every stage may import this module.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Context, Decimal
from fractions import Fraction
from types import MappingProxyType
from typing import Literal

Number = Fraction | Decimal | int

PLACES = 2
"""Decimal places of every figure shown."""
MODE = "ROUND_HALF_UP"
"""The rounding mode, as Python's `decimal` module names it: halves away from zero."""
RULE = f"exact fractions; ranked on exact values; figures rounded to {PLACES} decimal places, {MODE}"
"""The rounding rule in one line, as score reports state it in their audit header."""
MINUS = "-"
"""The minus sign of negative figures: -£3.10, -2.5 (a plain hyphen-minus, as typed and as spreadsheets read it)."""


_QUANTUM = tuple(Decimal(1).scaleb(-n) for n in range(7))
_EXACT = Context(prec=40)


def rounded(value: Number, places: int = PLACES) -> Decimal:
    """THE rounding rule: `value` to `places` decimals, halves away from zero, computed exactly.

    Exact for fractions too (1/3, 1/8): Decimal's own quantize would first need a decimal
    approximation, and its default context rounds halves to even (£0.125 → £0.12).
    """
    if type(value) is Decimal and 0 <= places <= 6 and value.is_finite() and value.adjusted() <= 20:
        # A decimal of at most 21 whole digits, rounded by `decimal` itself (exact, and ten times quicker
        # than through Fraction): the same figure, with a zero always positive, as the lines below give.
        shown = value.quantize(_QUANTUM[places], rounding=ROUND_HALF_UP, context=_EXACT)
        return shown if shown else abs(shown)
    # In integers (no Fraction per step): every report rounds each of its figures here.
    exact = value if type(value) in (Fraction, Decimal, int) else Fraction(value)
    num, den = exact.as_integer_ratio()
    whole, rest = divmod(abs(num) * 10**places, den)
    if 2 * rest >= den:
        whole += 1
    sign = -1 if num < 0 and whole else 1
    return Decimal(sign * whole).scaleb(-places)


def fixed(value: Number, places: int = PLACES) -> str:
    """A figure with exactly `places` decimals and no separators, as a table column shows points: '12.50'."""
    return f"{rounded(value, places):f}"


def _grouped(value: Decimal) -> str:
    """Thousands separated, sign written with `MINUS`: Decimal('-1234.5') → '-1,234.5'."""
    text = f"{abs(value):,f}"
    return (MINUS + text) if value < 0 else text


def number(value: Number) -> str:
    """A figure rounded per the rule, trailing zeros dropped, thousands separated: '1,234.5', '12', '0.33'."""
    return _number(rounded(value))


def _number(shown: Decimal) -> str:
    if shown == shown.to_integral_value():
        return _grouped(shown.quantize(Decimal(1)))
    return _grouped(shown.normalize())


def money(value: Number) -> str:
    """Pounds, with pence only when there are any after rounding: '£12,000', '£1,234.50', '£0.13', '-£3.10'."""
    return _money(rounded(value))


def _money(shown: Decimal) -> str:
    if shown == shown.to_integral_value():
        shown = shown.quantize(Decimal(1))
    elif shown.as_tuple().exponent == -1:
        shown = shown.quantize(Decimal("0.01"))
    text = _grouped(shown)
    return MINUS + "£" + text[len(MINUS):] if text.startswith(MINUS) else "£" + text


def money_not_zeroed(value: Number) -> str:
    """`money`, except that a figure the rule would show as £0 although it is not nothing reads
    "under £0.01": £24,396 on an £8m contract is about £0.003 per £1, and "£0 per £1" would say no
    social value was offered at all. Negative figures keep their sign ("-under £0.01")."""
    shown = rounded(value)
    if shown == 0 and value != 0:
        return (MINUS if value < 0 else "") + "under £0.01"
    return _money(shown)


def percent(fraction: Number) -> str:
    """A fraction of one as a percentage, the percentage rounded per the rule: 0.125 → '12.5%', 1/3 → '33.33%'."""
    return number(Fraction(fraction) * 100) + "%"


def exact(value: Decimal | int | Fraction) -> str:
    """A decimal as data, never rounded (schemas, `scoring.json`, JSON numbers): 500, 0.125, -3.1.

    No separators, no exponent, trailing zeros dropped: what a machine reads back as the same value.
    A fraction no decimal can hold (a weight of 1/3) is written as one: "1/3".
    """
    if isinstance(value, Fraction):
        den = value.denominator
        for p in (2, 5):
            while den % p == 0:
                den //= p
        if den != 1:
            return f"{value.numerator}/{value.denominator}"
        value = Decimal(value.numerator) / Decimal(value.denominator)
    value = Decimal(value)
    if value == value.to_integral_value():
        return str(int(value))
    return format(value, "f").rstrip("0")


def count(value: int, singular: str, plural: str | None = None) -> str:
    """A whole count with its noun: '1 word', '1,500 words'."""
    return f"{value:,} {singular if value == 1 else (plural or singular + 's')}"


# ---------------------------------------------------------------------------------- units
UnitKind = Literal["count", "FTE", "time", "mass", "CO2e", "money", "percent"]


@dataclass(frozen=True, slots=True, kw_only=True)
class Unit:
    """A built-in unit: its name as a spec writes it (the plural), its singular and what it counts."""

    name: str
    singular: str
    kind: UnitKind
    description: str
    named_in_specs: bool = True
    """False for `money`: a spec writes amounts of money with £, never `unit money`."""


UNITS: tuple[Unit, ...] = (
    Unit(name="FTE", singular="FTE", kind="FTE",
         description="full-time equivalent people"),
    Unit(name="people", singular="person", kind="count", description="people"),
    Unit(name="hours", singular="hour", kind="time", description="hours"),
    Unit(name="weeks", singular="week", kind="time", description="weeks"),
    Unit(name="days", singular="day", kind="time", description="days"),
    Unit(name="tonnes", singular="tonne", kind="mass", description="tonnes"),
    Unit(name="tCO2e", singular="tCO2e", kind="CO2e", description="tonnes of carbon dioxide equivalent"),
    Unit(name="visits", singular="visit", kind="count", description="visits"),
    Unit(name="items", singular="item", kind="count", description="items"),
    Unit(name="count", singular="count", kind="count", description="a count"),
    Unit(name="percent", singular="percent", kind="percent", description="per cent"),
    Unit(name="money", singular="money", kind="money", description="pounds sterling", named_in_specs=False),
)
"""The one table of built-in units. A framework may declare more (`unit apprenticeships "..."`)."""

UNIT: Mapping[str, Unit] = MappingProxyType({u.name: u for u in UNITS})
BUILTIN_UNITS: Mapping[str, str] = MappingProxyType({u.name: u.description for u in UNITS if u.named_in_specs})
"""The units a spec may name without declaring them, with their descriptions."""
_SINGULAR: Mapping[str, str] = MappingProxyType({u.singular: u.name for u in UNITS if u.singular != u.name})


def canonical_unit(name: str) -> str:
    """`hour` and `hours` are the same unit; so are `person` and `people`."""
    return _SINGULAR.get(name, name)


_WRITTEN: Mapping[str, str] = MappingProxyType({
    **{u.name.lower(): u.name for u in UNITS}, **{u.singular.lower(): u.name for u in UNITS},
    "%": "percent", "per cent": "percent", "£": "money", "pound": "money", "pounds": "money", "gbp": "money"})


def _written_unit(text: str) -> str:
    """A unit as a person types it beside a figure, to its name: 'Hour.' → 'hours', 'GBP' → 'money'."""
    typed = " ".join(text.strip().lower().rstrip(".").split())
    if typed in _WRITTEN:
        return _WRITTEN[typed]
    if typed.endswith("s") and len(typed) > 3:
        typed = typed[:-1]
    return _WRITTEN.get(typed, typed)


def same_unit(written: str, unit: str) -> bool:
    """Whether a unit written beside a figure ('12 hours', '£5', '10 per cent') is `unit`, in any case or number."""
    return _written_unit(written) == _written_unit(unit)


def unit_description(name: str) -> str:
    """What a built-in unit counts, in words; an unknown unit is described by its own name."""
    unit = UNIT.get(canonical_unit(name))
    return unit.description if unit is not None else name


def on_scale(value: Number, percent: bool) -> str:
    """A mark or level on an evaluators' scale: '75%' on a percent scale, '3' on a points scale."""
    return number(value) + ("%" if percent else "")


def quantity(value: Number, unit: str | None) -> str:
    """An amount in its unit, rounded per the rule: '£5,000', '25%', '12 FTE', '1 hour', '2.5 hours'.

    `unit` is a unit's name (built-in or declared), or '£'/'money' for pounds and '%'/'percent'
    for a percentage already in per cent (25 → '25%').
    """
    return _quantity(rounded(value), unit)


def _quantity(shown: Decimal, unit: str | None) -> str:
    if unit is None or unit == "":
        return _number(shown)
    built_in = UNIT.get(canonical_unit(unit))
    kind = "money" if unit == "£" else "percent" if unit == "%" else built_in.kind if built_in else None
    if kind == "money":
        return _money(shown)
    if kind == "percent":
        return _number(shown) + "%"
    if built_in is not None and shown == 1:
        return f"{_number(shown)} {built_in.singular}"
    return f"{_number(shown)} {unit}"


def contrasted(value: Decimal, limit: Decimal, unit: str | None) -> tuple[str, str]:
    """Two different amounts one message compares ('£0.126 is above the maximum of £0.125').

    Rounded per the rule, unless rounding would make them read the same: then both are shown
    exactly as they are, so that a message never says '£0.13 is above the maximum of £0.13'.
    """
    shown = quantity(value, unit), quantity(limit, unit)
    if shown[0] != shown[1] or value == limit:
        return shown
    return _quantity(value, unit), _quantity(limit, unit)
