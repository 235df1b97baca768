"""The arithmetic core of svspec scoring: exact, standard library only, no svspec imports.

This one module is used by the engine (`svspec.scoring.engine`) and copied verbatim into the
standalone `scoring.py` that `svspec build` writes, so both give the same results by
construction. It reads the portable scoring model (the content of `scoring.json`), scores bids
given as plain values and ranks them.

Arithmetic is exact (integers and `fractions.Fraction`). Scores are kept as integer numerators
over one common denominator per column, so that a hundred thousand bids are scored in seconds.
Rounding happens only for display and export: 2 decimal places, half away from zero
(ROUND_HALF_UP); ranking always uses the exact values.
"""

from __future__ import annotations

import gc
import math
import re
from bisect import bisect_right
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import date, datetime, timedelta, timezone
from decimal import Context, Decimal, Inexact, InvalidOperation, Overflow, Rounded, localcontext
from fractions import Fraction
from itertools import pairwise
from operator import itemgetter
from typing import Any

FORMAT = "svspec-scoring/1"
HUNDRED = Fraction(100)


class ScoringError(ValueError):
    """An input the core cannot score (the engine reports these as diagnostics beforehand)."""


def frac(text: Any) -> Fraction | None:
    """An exact number from the portable model ("0.25", "12000000"), or None."""
    if text is None:
        return None
    return Fraction(str(text))


# ---------------------------------------------------------------------------------- bid values
MAX_WHOLE_DIGITS = 15
"""Most digits before the decimal point of a number in a bid (below a thousand million million)."""
MAX_DECIMAL_PLACES = 20
"""Most digits written after the decimal point of a number in a bid."""
EARLIEST_SUBMISSION = "2000-01-01"
"""No bid is submitted before this date (the tender's framework may set a later one)."""
MAX_OFFSET_MINUTES = 14 * 60
"""The largest time zone offset on Earth (UTC+14:00, Kiribati); offsets run from -14:00 to +14:00."""

_MOMENT = re.compile(r"([0-9]{4})-([0-9]{2})-([0-9]{2})"
                     r"(?:[Tt ]([0-9]{2}):([0-9]{2})(?::([0-9]{2})(?:\.([0-9]{1,9}))?)?([Zz]|[+-][0-9]{2}:[0-9]{2})?)?")


def number_problem(value: Decimal) -> tuple[str, int] | None:
    """Why a finite number read from a bid is beyond what is scored, or None when it is fine.

    ("whole", digits) when it has more than MAX_WHOLE_DIGITS digits before the point, ("decimals",
    places) when more than MAX_DECIMAL_PLACES are written after it. Exact arithmetic on a number
    like 1e-999999 takes minutes and memory, so the bounds are what keeps every valid bid quick.
    """
    if not value.is_finite():
        return ("whole", 0)
    text = str(value)
    if "E" not in text:  # written out in full (the common case, and quick): count the digits of the text
        point = text.find(".")
        places = len(text) - point - 1 if point >= 0 else 0
        if places > MAX_DECIMAL_PLACES:
            return ("decimals", places)
        whole = value.adjusted() + 1
        return ("whole", whole) if whole > MAX_WHOLE_DIGITS and not value.is_zero() else None
    exponent = value.as_tuple().exponent
    assert isinstance(exponent, int)
    if exponent < -MAX_DECIMAL_PLACES:
        return ("decimals", -exponent)
    if value.is_zero():
        return ("whole", exponent + 1) if exponent >= MAX_WHOLE_DIGITS else None
    whole = value.adjusted() + 1
    return ("whole", whole) if whole > MAX_WHOLE_DIGITS else None


@dataclass(frozen=True, slots=True)
class Moment:
    """A submission time: `at` orders bids (a date alone is the end of that day, UTC; the
    earliest-submission tie-break refuses it, as two bids on one day cannot be ordered by it)."""

    at: datetime
    date_only: bool


def read_moment(text: str) -> Moment:
    """An RFC 3339 / ISO 8601 date, or date and time with its offset; ScoringError saying why not.

    A time without an offset could be any of 26 hours, so one is required; month 13, 25:00 and
    offsets beyond ±14:00 are impossible and refused.
    """
    match = _MOMENT.fullmatch(text) if isinstance(text, str) else None
    if match is None:
        raise ScoringError("it is not written like 2027-01-10 or 2027-01-10T12:00:00Z")
    year, month, day, hour, minute, second, fraction, offset = match.groups()
    try:
        day_of = date(int(year), int(month), int(day))
    except ValueError:
        raise ScoringError(f"there is no day {year}-{month}-{day}") from None
    if hour is None:
        return Moment(at=datetime(day_of.year, day_of.month, day_of.day, 23, 59, 59, 999999, tzinfo=timezone.utc),  # noqa: UP017 (scoring.py runs on 3.10)
                      date_only=True)
    if offset is None:
        raise ScoringError("a time needs its time zone: Z for UTC, or an offset like +01:00")
    if int(hour) > 23 or int(minute) > 59 or int(second or 0) > 59:
        raise ScoringError(f"there is no time {hour}:{minute}" + (f":{second}" if second else ""))
    minutes = 0
    if offset not in ("Z", "z"):
        minutes = int(offset[1:3]) * 60 + int(offset[4:6])
        if int(offset[4:6]) > 59 or minutes > MAX_OFFSET_MINUTES:
            raise ScoringError(f"{offset} is not a time zone offset (they run from -14:00 to +14:00)")
    zone = timezone(timedelta(minutes=-minutes if offset.startswith("-") else minutes))
    micro = int((fraction or "0").ljust(6, "0")[:6])
    at = datetime(day_of.year, day_of.month, day_of.day, int(hour), int(minute), int(second or 0), micro, tzinfo=zone)
    try:
        return Moment(at=at.astimezone(timezone.utc), date_only=False)  # noqa: UP017
    except OverflowError:  # 9999-12-31T23:00-12:00 is in the year 10000 in UTC
        raise ScoringError(f"{text} is outside the years 1 to 9999") from None


def moment_or_none(text: Any) -> Moment | None:
    """`read_moment`, or None for a missing or unusable time (it then sorts last in a tie-break)."""
    if not text:
        return None
    try:
        return read_moment(str(text))
    except ScoringError:
        return None


# ---------------------------------------------------------------------------------- the plan
@dataclass(frozen=True, slots=True, kw_only=True)
class Rule:
    """A scoring rule with every number exact. See `svspec.model.ScoringRule` for the meaning."""

    kind: str
    low: Fraction | None = None
    high: Fraction | None = None
    clamped: bool = True
    bands: tuple[tuple[Fraction, Fraction], ...] = ()
    otherwise: Fraction = Fraction(0)
    scale: str | None = None
    target: Fraction | None = None
    cap: Fraction | None = None
    points_cap: Fraction | None = None
    threshold: Fraction | None = None
    gate: Fraction | None = None
    gate_yes: bool = False
    credibility_scale: str | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class Item:
    """A quality question or a selected measure: its share of its criterion and its rule."""

    code: str
    title: str
    criterion: str
    weight: Fraction
    answer: str
    rule: Rule
    unit: str | None = None
    value_per_unit: Fraction | None = None
    """£ of social value per unit counted over the benefit period (the sum of `years`), or None."""
    years: tuple[ValuationYear, ...] = ()
    """The valuation of one unit year by year (`valuation_years`); empty when the item is not valued."""
    investment: Fraction | None = None
    """The investment (£) the value is set against for an SROI ratio, when the spec gives one."""
    parts: tuple[tuple[str, Fraction], ...] = ()
    """A composite answer's figures (name, £ per unit): the answer counted is Σ figure × rate."""
    accepts: Mapping[str, Any] = field(default_factory=dict)
    """What a valid answer is: `minimum`, `maximum`, `choices`, `limit` and `limit_unit`, when set."""
    total: bool = False
    """The total value line: its quantity is the bid's valued commitments in £ (`committed_values`),
    not an answer of the bid."""


@dataclass(frozen=True, slots=True, kw_only=True)
class MarkRule:
    """`any mark below 2 excludes the bid`, `any mark of 0 scores nothing for the criterion`: one
    moderated mark on any evaluator-marked item of the criterion decides (issue 9 item 6, issue 12 item 1)."""

    effect: str   # "excludes" (the bid) or "zeroes" (the criterion)
    test: str     # "below" or "of"
    mark: Fraction

    def caught(self, mark: Fraction) -> bool:
        """Whether this mark sets the rule off."""
        return mark < self.mark if self.test == "below" else mark == self.mark


@dataclass(frozen=True, slots=True, kw_only=True)
class Criterion:
    """An award criterion: its share of the total and, for quality and social value, its items."""

    kind: str
    weight: Fraction
    formula: str | None = None
    low: Fraction | None = None
    high: Fraction | None = None
    pass_mark: Fraction | None = None
    items: tuple[Item, ...] = ()
    clamped: bool = True
    mark_rules: tuple[MarkRule, ...] = ()


@dataclass(frozen=True, slots=True, kw_only=True)
class ScaleInfo:
    name: str
    maximum: Fraction
    percent: bool
    levels: tuple[Fraction, ...]


@dataclass(frozen=True, slots=True, kw_only=True)
class Plan:
    """The portable scoring model, parsed: what the engine and the standalone scorer run."""

    tender: str
    contract_value: Fraction
    criteria: tuple[Criterion, ...]
    scales: dict[str, ScaleInfo]
    moderation: str
    tie_break: tuple[str, ...]
    compare_among: str
    places: int = 2
    closes: str | None = None
    earliest_submission: str = EARLIEST_SUBMISSION
    delivery_minimum: Fraction | None = None
    """The delivery minimum: valued commitments as a share of the contract value (LBHF: 10%)."""
    below_minimum: str = "excluded"
    """What a bid below the delivery minimum gets: "excluded", or "nothing" for social value."""
    minimum_since: str | None = None
    """The date the delivery minimum's figure is in force from, when the policy rose to it."""
    abnormally_low: tuple[tuple[str, Fraction], ...] = ()
    """(against, share): a price at least `share` below the mean of the others or the next lowest is flagged."""
    low_action: str = "excluded"
    rank_places: int | None = None
    """Rank on totals rounded to this many places (the tender says so); None ranks on exact totals."""
    price_components: tuple[tuple[str, Decimal], ...] = ()
    """(code, times): a bid prices each component and the price scored is Σ times × amount (whole-life
    cost: capital + 7 × running cost); empty when a bid gives one price."""
    item_places: int | None = None
    """Round each item's points out of 100 to this many places before its weight (0: whole points per
    question, as the tender states); None keeps them exact."""
    shortlist: tuple[int, str] | None = None
    """(top, ties): only the top bids on quality go on to price; ties at the cut-off all "included" or "excluded"."""
    award: str = "weighted total"
    """"weighted total" (the highest total wins) or "price per quality point" (the lowest price ÷ total wins)."""
    record_only: tuple[str, ...] = ()
    """Measures the tender collects but never scores (`ECC2 record only`): their answers are passed over."""

    def item(self, code: str) -> Item:
        for c in self.criteria:
            for i in c.items:
                if i.code == code:
                    return i
        raise KeyError(code)

    @property
    def items(self) -> tuple[Item, ...]:
        return tuple(i for c in self.criteria for i in c.items)


ADJUSTMENTS = ("deadweight", "displacement", "attribution", "leakage")
"""The shares taken off a gross value, in the order the SROI guide applies them; they compound."""


@dataclass(frozen=True, slots=True, kw_only=True)
class ValuationYear:
    """One year of a valuation, per unit counted: what the SROI guide's impact map shows for a year.

    `impact` is the value of one unit in this year after the adjustments and this year's drop-off,
    before discounting; `share` is the part of the year counted (less than 1 only in a last part
    year); `divisor` is (1 + discount rate)^n, n being the year (the guide) or the year less one
    (first year undiscounted); `present` = impact × share ÷ divisor.
    """

    year: int
    share: Fraction
    impact: Fraction
    divisor: Fraction
    present: Fraction


def valuation_years(valuation: Mapping[str, Any]) -> tuple[ValuationYear, ...]:
    """A valuation of one unit, year by year over its benefit period.

    impact in year 1 = proxy × (1−deadweight)(1−displacement)(1−attribution)(1−leakage);
    impact in year t = impact in year t−1 × (1−drop_off); present value in year t = impact ÷
    (1+r)^t, as the Cabinet Office SROI guide discounts (year 1 too), or ÷ (1+r)^(t−1) when
    `discount_first_year` is false. A part year at the end counts in proportion. Adjustments
    compound (multiply), never add.
    """
    factor = frac(valuation.get("proxy")) or Fraction(1)
    for key in ADJUSTMENTS:
        factor *= 1 - (frac(valuation.get(key)) or 0)
    keep = 1 - (frac(valuation.get("drop_off")) or 0)
    growth = 1 + (frac(valuation.get("discount_rate")) or 0)
    first = 1 if valuation.get("discount_first_year", True) else 0
    years = frac(valuation.get("duration_years")) or Fraction(1)
    out = []
    t = 0
    while years > 0:
        share = min(years, Fraction(1))
        impact = factor * keep**t
        divisor = growth ** (t + first)
        out.append(ValuationYear(year=t + 1, share=share, impact=impact, divisor=divisor,
                                 present=impact * share / divisor))
        years -= share
        t += 1
    return tuple(out)


def value_per_unit(valuation: Mapping[str, Any]) -> Fraction:
    """£ of social value per unit counted, over the whole benefit period: the sum of `valuation_years`."""
    return sum((y.present for y in valuation_years(valuation)), Fraction(0))


def load_plan(data: dict[str, Any]) -> Plan:
    """Parse the portable scoring model (`scoring.json`)."""
    if data.get("format") != FORMAT:
        raise ScoringError(f"not an svspec scoring model (format {data.get('format')!r}, expected {FORMAT!r})")
    scales = {
        name: ScaleInfo(name=name, maximum=frac(s["maximum"]) or Fraction(0), percent=bool(s.get("percent")),
                        levels=tuple(Fraction(v) for v in s.get("levels", ())))
        for name, s in data.get("scales", {}).items()
    }
    criteria = []
    for c in data["criteria"]:
        items = []
        for i in c.get("items", ()):
            r = i["rule"]
            rule = Rule(
                kind=r["kind"], low=frac(r.get("low")), high=frac(r.get("high")), clamped=r.get("clamped", True),
                bands=tuple((Fraction(a), Fraction(f)) for a, f in r.get("bands", ())),
                otherwise=frac(r.get("otherwise")) or Fraction(0), scale=r.get("scale"), target=frac(r.get("target")),
                cap=frac(r.get("cap")), points_cap=frac(r.get("points_cap")), threshold=frac(r.get("threshold")),
                gate=frac(r.get("gate")), gate_yes=bool(r.get("gate_yes")),
                credibility_scale=r.get("credibility_scale"),
            )
            valuation = i.get("valuation")
            years = valuation_years(valuation) if valuation is not None else ()
            items.append(Item(code=i["code"], title=i.get("title", i["code"]), criterion=c["kind"],
                              weight=Fraction(i["weight"]), answer=i.get("answer", "number"), rule=rule,
                              unit=i.get("unit"), accepts=i.get("accepts") or {}, total=bool(i.get("total")),
                              value_per_unit=sum((y.present for y in years), Fraction(0)) if years else None,
                              years=years, investment=frac((valuation or {}).get("investment")),
                              parts=tuple((p["name"], Fraction(p["rate"])) for p in i.get("parts", ()))))
        criteria.append(Criterion(kind=c["kind"], weight=Fraction(c["weight"]), formula=c.get("formula"),
                                  low=frac(c.get("low")), high=frac(c.get("high")),
                                  pass_mark=frac(c.get("pass_mark")), items=tuple(items),
                                  clamped=bool(c.get("clamped", True)),
                                  mark_rules=tuple(
                                      MarkRule(effect=m["effect"], test=m["test"], mark=Fraction(m["mark"]))
                                      for m in c.get("mark_rules", ()))))
    low = data.get("abnormally_low") or {}
    shortlist = data.get("shortlist")
    return Plan(tender=data["tender"]["name"], contract_value=Fraction(data["tender"]["contract_value"]),
                criteria=tuple(criteria), scales=scales, moderation=data.get("moderation", "consensus"),
                tie_break=tuple(data.get("tie_break", ())), compare_among=data.get("compare_among", "passing bids"),
                places=int(data.get("rounding", {}).get("places", 2)), closes=data["tender"].get("closes"),
                earliest_submission=max(EARLIEST_SUBMISSION, data["tender"].get("submissions_from") or ""),
                delivery_minimum=frac((data.get("delivery_minimum") or {}).get("share")),
                below_minimum=(data.get("delivery_minimum") or {}).get("below", "excluded"),
                minimum_since=(data.get("delivery_minimum") or {}).get("since"),
                abnormally_low=tuple((t["against"], Fraction(t["at_least"])) for t in low.get("tests", ())),
                low_action=low.get("action", "excluded"),
                rank_places=int(data["rank_places"]) if data.get("rank_places") is not None else None,
                item_places=int(data["item_places"]) if data.get("item_places") is not None else None,
                price_components=tuple((str(c["code"]), Decimal(c["times"])) for c in data.get("price_components", ())),
                shortlist=(int(shortlist["top"]), str(shortlist["ties"])) if shortlist else None,
                award=str(data.get("award", "weighted total")),
                record_only=tuple(str(code) for code in data.get("record_only", ())))


# ---------------------------------------------------------------------------------- commitments in £
def valued(item: Item) -> bool:
    """Whether an item is a valued commitment: a social value measure with a valuation, or answered in money."""
    return item.criterion == "social value" and not item.total and (
        item.value_per_unit is not None or item.answer == "money")


def commitment_value(item: Item, quantity: Fraction) -> Fraction:
    """The social value in £ of committing `quantity` to a valued item: the quantity times the value
    of one unit (`value_per_unit`, over the measure's duration), or the pounds themselves."""
    return quantity * (item.value_per_unit if item.value_per_unit is not None else 1)


def committed_values(plan: Plan, bids: list[BidInput]) -> list[Fraction]:
    """Each bid's total social value in £: every valued commitment (`commitment_value`) added up.

    This is the one place commitments are summed: the total value line (Essex: £0.25 per £1) and
    the delivery minimum (LBHF: 10% of contract value) both read it. An answer that is not a number,
    or below zero, commits nothing.
    """
    items = [i for i in plan.items if valued(i)]
    out = []
    for bid in bids:
        total = Fraction(0)
        for item in items:
            value = bid.answers.get(item.code)
            if value is None or isinstance(value, bool) or not hasattr(value, "as_integer_ratio"):
                continue
            quantity = Fraction(*value.as_integer_ratio())
            if quantity > 0:
                total += commitment_value(item, quantity)
        out.append(total)
    return out


def _pounds(value: Fraction) -> str:
    """£1,234.50: money as the reports show it, per the one rounding rule."""
    whole, _, pence = round_half_up(value, 2).partition(".")
    sign = "-" if whole.startswith("-") else ""
    return f"{sign}£{int(whole.lstrip('-')):,}.{pence}"


def delivery_reason(plan: Plan, committed: Fraction) -> str:
    """Why a bid falls below the delivery minimum, in the words every report uses."""
    minimum = plan.delivery_minimum or Fraction(0)
    share = committed / plan.contract_value if plan.contract_value else Fraction(0)
    effect = "the bid is excluded" if plan.below_minimum == "excluded" else "social value scores nothing"
    since = f", in force from {plan.minimum_since}" if plan.minimum_since else ""
    return (f"commitments worth {_pounds(committed)} ({round_half_up(share * 100)}% of the contract value) are "
            f"below the delivery minimum of {round_half_up(minimum * 100)}% ({_pounds(minimum * plan.contract_value)}"
            f"{since}), so {effect}")


# ---------------------------------------------------------------------------------- inputs
@dataclass(frozen=True, slots=True, kw_only=True)
class BidInput:
    """One bid as the core sees it. `marks` and `credibility` hold moderated marks in scale units."""

    bidder: str
    price: Any = None
    submitted: str | None = None
    answers: Mapping[str, Any] = field(default_factory=dict)
    marks: dict[str, Fraction] = field(default_factory=dict)
    credibility: dict[str, Fraction] = field(default_factory=dict)
    # marks: a bid the buyer excluded (`--exclude BIDDER --reason`, or `excluded:` in the marks file),
    # with the reason recorded; it is scored as any excluded bid is, and never ranked.
    excluded: str | None = None


def moderate(moderation: str, marks: list[Fraction], consensus: Fraction | None) -> Fraction:
    """The moderated mark: the consensus mark under consensus moderation, else the exact mean."""
    if moderation == "consensus":
        if consensus is None:
            raise ScoringError("consensus moderation needs a consensus mark")
        return consensus
    if not marks:
        raise ScoringError("mean moderation needs at least one evaluator's mark")
    return Fraction(sum(marks, Fraction(0)), len(marks))


def ratio(value: Any) -> tuple[int, int]:
    """An exact number as (numerator, denominator); floats and booleans are refused."""
    if isinstance(value, bool) or isinstance(value, float) or not hasattr(value, "as_integer_ratio"):
        raise ScoringError(f"{value!r} is not an exact number")
    try:
        return value.as_integer_ratio()  # type: ignore[no-any-return]
    except (ValueError, OverflowError) as error:
        raise ScoringError(f"{value!r} is not a finite number") from error


def _common(values: list[tuple[int, int]], extra: tuple[Fraction | None, ...] = ()) -> tuple[list[int], int]:
    """Numerators over one common denominator (the least common multiple)."""
    dens = {d for _, d in values}
    den = math.lcm(*dens, *(x.denominator for x in extra if x is not None))
    if len(dens) == 1 and den in dens:
        return [n for n, _ in values], den
    factors = {d: den // d for d in dens}
    return [n * factors[d] for n, d in values], den


def _scaled(x: Fraction | None, den: int) -> int | None:
    return None if x is None else x.numerator * (den // x.denominator)


# ---------------------------------------------------------------------------------- results
@dataclass(frozen=True, slots=True, kw_only=True)
class Column:
    """One item's fraction of its points for every bid: nums[i] / den (den a positive integer).

    Numerators are integers or exact `Decimal`s (answers are used as they are read, without
    conversion; every operation runs in a context that raises rather than round).
    """

    nums: list[Any]
    den: int
    qden: int = 1
    best: Fraction | None = None          # the best counted quantity, for relative rules
    scale: int = 1                        # the fraction is nums[i] × scale / den

    def fraction(self, index: int) -> Fraction:
        """Bid `index`'s fraction of the item's points."""
        q = _q(self.nums[index], self.den)
        return q if self.scale == 1 else q * self.scale  # × 1 would make a second Fraction for nothing


def _q(num: Any, den: int) -> Fraction:
    """num / den exactly, for an integer or Decimal numerator."""
    return Fraction(num) / den if isinstance(num, Decimal) else Fraction(num, den)


@dataclass(slots=True, kw_only=True)
class Scores:
    """Everything the core computed. Bids are in bidder-name order; `order` is the ranking.

    Criterion scores are numerators over one integer denominator per criterion (`sums`), the
    price a (numerator, denominator) pair per bid and totals likewise. `Fraction` values and the
    per-item columns are made only when asked for, so that large tenders stay fast and small.
    """

    plan: Plan
    bids: list[BidInput]
    bidders: list[str]
    sums: dict[str, tuple[list[Any], int]]
    price_pairs: list[tuple[int, int]]
    total_pairs: list[tuple[Any, int]]
    excluded: list[tuple[tuple[str, str], ...]]
    compared: list[bool]
    order: list[int]
    ranks: list[int | None]
    tie_notes: list[str | None]
    lowest_price: Fraction | None = None
    """The price the formula compares with: the lowest compared price, or their mean (relative to mean)."""
    raw_prices: list[tuple[int, int] | None] = field(default_factory=list)
    cache: dict[str, Column] = field(default_factory=dict)
    committed: list[Fraction] | None = None
    """Each bid's valued commitments in £, when the tender adds them up (total value, delivery minimum)."""
    short: list[bool] = field(default_factory=list)
    """Whether each bid is below the delivery minimum."""

    def delivery_note(self, index: int) -> str | None:
        """Why bid `index` is below the delivery minimum, or None when it is not."""
        if not self.short or not self.short[index] or self.committed is None:
            return None
        return delivery_reason(self.plan, self.committed[index])
    low_flags: list[tuple[tuple[str, Fraction, Fraction], ...]] = field(default_factory=list)
    """Per bid, the abnormally low tests it meets: (against, the price compared with, the share below it)."""
    stages: list[tuple[str, list[int]]] = field(default_factory=list)
    """The stages of the evaluation in order, each with the bids it sets aside (indexes)."""
    shown_notes: list[str | None] = field(default_factory=list)
    """Per bid: where the shown (rounded) totals and the ranking disagree, in words."""
    time_losses: list[tuple[int, int, str]] = field(default_factory=list)
    """(loser, winner, why): earliest-submission tie-breaks lost for want of a usable time."""
    zeroed: list[tuple[tuple[str, str], ...]] = field(default_factory=list)
    """Per bid, (criterion, item): a criterion that scores nothing because of one mark on the item."""

    def column(self, code: str) -> Column:
        """Item `code`'s column (recomputed on first use; the totals do not keep it)."""
        if code not in self.cache:
            self.cache[code] = item_column(self.plan, self.plan.item(code), self.bids, self.compared)
        return self.cache[code]

    def price(self, index: int) -> Fraction | None:
        """Bid `index`'s price in pounds (None when the tender does not score price)."""
        pair = self.raw_prices[index] if self.raw_prices else None
        return Fraction(*pair) if pair is not None else None

    def fraction(self, index: int, code: str) -> Fraction:
        """Bid `index`'s fraction of item `code`'s points."""
        return self.column(code).fraction(index)

    def unrounded(self, index: int, code: str) -> Fraction | None:
        """Bid `index`'s exact fraction of item `code`'s points before the tender's stated rounding
        per question, for explanations; None when the tender states no such rounding."""
        if self.plan.item_places is None:
            return None
        key = code + "\0unrounded"
        if key not in self.cache:
            exact = replace(self.plan, item_places=None)
            self.cache[key] = item_column(exact, exact.item(code), self.bids, self.compared)
        return self.cache[key].fraction(index)

    def criterion_fraction(self, index: int, kind: str) -> Fraction:
        """Bid `index`'s fraction of criterion `kind`'s points."""
        if kind == "price":
            return Fraction(*self.price_pairs[index])
        acc, den = self.sums[kind]
        return _q(acc[index], den)

    def points(self, index: int, kind: str) -> Fraction:
        """Points out of 100 that criterion `kind` adds to bid `index`'s total."""
        weight = next(c.weight for c in self.plan.criteria if c.kind == kind)
        return HUNDRED * weight * self.criterion_fraction(index, kind)

    def total(self, index: int) -> Fraction:
        """Bid `index`'s exact total out of 100."""
        return _q(*self.total_pairs[index])

    def price_per_point(self, index: int) -> Fraction | None:
        """Bid `index`'s price ÷ its total (price per quality point); None without a price or points."""
        price, total = self.price(index), self.total(index)
        return price / total if price is not None and total > 0 else None

    @property
    def totals(self) -> list[Fraction]:
        return [_q(n, d) for n, d in self.total_pairs]

    @property
    def criterion_fractions(self) -> dict[str, list[Fraction]]:
        return {c.kind: [self.criterion_fraction(i, c.kind) for i in range(len(self.bidders))]
                for c in self.plan.criteria}


# ---------------------------------------------------------------------------------- scoring
_EXACT = Context(prec=100_000, traps=[Inexact, Rounded, InvalidOperation, Overflow])
"""Decimal arithmetic that raises instead of rounding: sums and products of exact inputs stay exact."""

_DIRECT_TYPES = frozenset({Decimal, int, type(None)})


def _answer_columns(items: list[Item], bids: list[BidInput]) -> dict[str, list[Any]]:
    """Every bid's answers to `items`, one list per item, read in one pass (when every bid answers all)."""
    codes = [item.code for item in items if not item.total]
    if len(codes) < 2:
        return {}
    getter = itemgetter(*codes)
    try:
        rows = [getter(bid.answers) for bid in bids]
    except KeyError:
        return {}
    return dict(zip(codes, map(list, zip(*rows))))  # noqa: B905 (every row has one value per code)


def _numeric_column(item: Item, bids: list[BidInput], values: list[Any] | None = None, checked: bool = False
                    ) -> tuple[list[Any], int]:
    """The item's answers × qden, where qden clears the denominators of the rule's constants.

    Decimal and integer answers are used directly (no conversion per answer); other exact
    numbers (fractions) are brought to integers over a common denominator.
    """
    code = item.code
    if values is None:
        values = [bid.answers.get(code) for bid in bids]
    rule = item.rule
    constants = (rule.low, rule.high, rule.cap, rule.threshold, rule.gate, *(a for a, _ in rule.bands))
    types = {Decimal} if checked else set(map(type, values))
    if types <= _DIRECT_TYPES:
        if type(None) in types:
            values = [0 if v is None else v for v in values]
        qden = math.lcm(1, *(x.denominator for x in constants if x is not None))
        return (values if qden == 1 else [v * qden for v in values]), qden
    raw = []
    for bid, value in zip(bids, values, strict=True):
        if value is None:
            raw.append((0, 1))
        elif value.__class__ is bool:
            raise ScoringError(f"{value!r} is not a number ({bid.bidder}, {code})")
        else:
            raw.append(ratio(value))
    return _common(raw, constants)


def counted_quantity(rule: Rule, value: Any) -> Fraction | None:
    """The quantity a numeric rule counts for one answer: capped, and 0 below the minimum for relative rules."""
    arithmetic = ARITHMETIC.get(rule.kind)
    if arithmetic is None or arithmetic.reads != "number" or isinstance(value, bool) \
            or not hasattr(value, "as_integer_ratio"):
        return None
    x = Fraction(*value.as_integer_ratio())
    counted = min(x, rule.cap) if rule.cap is not None else x
    if arithmetic.relative:
        below = rule.threshold is not None and x < rule.threshold
        counted = Fraction(0) if below or counted < 0 else counted
    return counted


def _gates(item: Item, bids: list[BidInput], xs: list[Any] | None, qden: int) -> list[bool]:
    rule = item.rule
    if rule.gate_yes:
        return [bid.answers.get(item.code) is not True for bid in bids]
    if rule.gate is not None and ARITHMETIC[rule.kind].reads == "mark":
        return [_mark_of(bid, item) < rule.gate for bid in bids]
    if rule.gate is not None and xs is not None:
        g = _like(xs, rule.gate.numerator * (qden // rule.gate.denominator))
        return [x < g for x in xs]
    return [False] * len(bids)


def _like(xs: list[Any], constant: int) -> Any:
    """`constant` as a Decimal when the column holds Decimals: comparing like with like is faster."""
    return Decimal(constant) if xs and type(xs[0]) is Decimal else constant


def _clamp(nums: list[Any], top: int) -> list[Any]:
    """Each value limited to 0..top (a pass is skipped when min or max shows it is not needed)."""
    if not nums:
        return nums
    zero, limit = _like(nums, 0), _like(nums, top)
    low, high = min(nums), max(nums)
    if low < zero:
        nums = [zero if n < zero else n for n in nums]
    if high > limit:
        nums = [limit if n > limit else n for n in nums]
    return nums


def _counted(rule: Rule, xs: list[Any], qden: int) -> list[Any]:
    cap = _scaled(rule.cap, qden)
    if cap is not None:
        top = _like(xs, cap)
        xs = [x if x < top else top for x in xs]
    return xs


def _absolute_column(plan: Plan, item: Item, bids: list[BidInput], xs: list[int] | None, qden: int) -> Column | None:
    """The column of a rule that does not depend on other bids; None for relative rules."""
    arithmetic = ARITHMETIC.get(item.rule.kind)
    if arithmetic is None:
        raise ScoringError(f"unknown scoring rule {item.rule.kind!r}")
    if arithmetic.column is None:
        return None
    return arithmetic.column(plan, item, bids, xs, qden)


def _yes_no_column(plan: Plan, item: Item, bids: list[BidInput], xs: list[Any] | None, qden: int) -> Column:
    """yes-no: 1 for yes, 0 for anything else."""
    nums, den = [1 if bid.answers.get(item.code) is True else 0 for bid in bids], 1
    return _modified(plan, item, bids, nums, den, xs, qden)


def _evaluators_column(plan: Plan, item: Item, bids: list[BidInput], xs: list[Any] | None, qden: int) -> Column:
    """evaluators: the moderated mark over the scale's top mark."""
    scale = plan.scales[item.rule.scale or ""]
    given = [_mark_of(bid, item) for bid in bids]
    nums, den = _common([mark.as_integer_ratio() for mark in given])
    threshold = item.rule.threshold
    if threshold is not None:  # a mark below the minimum scores nothing ("the minimum to score", PPN 002)
        nums = [0 if mark < threshold else n for n, mark in zip(nums, given, strict=True)]
    return _modified(plan, item, bids, nums, den * scale.maximum.numerator, xs, qden,
                     extra=scale.maximum.denominator, threshold_done=True)


def _mark_of(bid: BidInput, item: Item) -> Fraction:
    """The moderated mark of `bid` on an evaluator-marked `item`; ScoringError when there is none."""
    mark = bid.marks.get(item.code)
    if mark is None:
        raise ScoringError(f"no moderated mark for {bid.bidder} on {item.code}")
    return Fraction(mark)


def _linear_column(plan: Plan, item: Item, bids: list[BidInput], xs: list[Any] | None, qden: int) -> Column:
    """linear: (x − low)/(high − low), clamped to 0..1 unless the rule says unclamped."""
    rule = item.rule
    assert xs is not None and rule.low is not None and rule.high is not None
    counted = _counted(rule, xs, qden)
    low, high = _scaled(rule.low, qden), _scaled(rule.high, qden)
    assert low is not None and high is not None
    if high >= low:
        nums, den = ([x - low for x in counted] if low else counted), high - low
    else:
        nums, den = [low - x for x in counted], low - high
    if rule.clamped:
        nums = _clamp(nums, den)
    return _modified(plan, item, bids, nums, den, xs, qden)


def _bands_column(plan: Plan, item: Item, bids: list[BidInput], xs: list[Any] | None, qden: int) -> Column:
    """bands: the fraction of the highest band whose lower edge the counted quantity reaches."""
    rule = item.rule
    assert xs is not None
    counted = _counted(rule, xs, qden)
    edges = [_scaled(a, qden) for a, _ in rule.bands]
    fracs = [f for _, f in rule.bands]
    den = math.lcm(rule.otherwise.denominator, *(f.denominator for f in fracs))
    table = [rule.otherwise.numerator * (den // rule.otherwise.denominator)]
    table += [f.numerator * (den // f.denominator) for f in fracs]
    nums = [table[bisect_right(edges, x)] for x in counted]
    return _modified(plan, item, bids, nums, den, xs, qden)


def _value_per_pound_column(plan: Plan, item: Item, bids: list[BidInput], xs: list[Any] | None, qden: int
                            ) -> Column:
    """value-per-pound: (social value £ / contract value) / target, at most 1."""
    rule = item.rule
    assert xs is not None and rule.target is not None
    counted = _counted(rule, xs, qden)
    per_unit = item.value_per_unit if item.value_per_unit is not None else Fraction(1)
    k = per_unit / (plan.contract_value * rule.target)
    a, den = k.numerator, k.denominator * qden
    factor = _like(counted, a)
    nums = _clamp([x * factor for x in counted], den)
    return _modified(plan, item, bids, nums, den, xs, qden)


def _stated_points(plan: Plan, column: Column) -> Column:
    """The column with each bid's points out of 100 rounded to the tender's stated places before
    weighting ("whole points per question", issue 12 item 3), halves away from zero; unchanged when
    the tender states no such rule, so exact scoring stays the default."""
    if plan.item_places is None:
        return column
    places = plan.item_places
    nums = [rounded_key(HUNDRED * column.fraction(i), places) for i in range(len(column.nums))]
    return Column(nums=nums, den=100 * 10**places, qden=column.qden, best=column.best)


def _relative_column(plan: Plan, item: Item, bids: list[BidInput], xs: list[int], qden: int,
                     compared: list[bool]) -> Column:
    """relative-to-best and value-relative-to-best: counted quantity / best counted quantity.

    The value in £ is the quantity times one constant (value per unit), so the best value is
    the value of the best quantity and the constant cancels.
    """
    zero = _like(xs, 0)
    counted = _counted(item.rule, xs, qden)
    if min(counted, default=zero) < zero:
        counted = [x if x > zero else zero for x in counted]
    threshold = _scaled(item.rule.threshold, qden)
    if threshold is not None:
        counted = [c if x >= threshold else 0 for c, x in zip(counted, xs, strict=True)]
    pool = counted if all(compared) else [c for c, keep in zip(counted, compared, strict=True) if keep] or counted
    best = max(pool, default=0)
    if item.rule.kind == "value-relative-to-best" and item.value_per_unit == 0:
        best = 0
    if best == 0:
        nums, den = [0] * len(bids), 1
    else:
        bn, bd = best.as_integer_ratio()
        nums = counted if all(compared) else [c if c < best else best for c in counted]
        den = bn
        if bd != 1:
            if item.rule.credibility_scale is None and item.rule.points_cap is None:
                # Keep the answers as they are and carry the factor: no new number per bid.
                return Column(nums=nums, den=den, qden=qden, best=Fraction(best) / qden, scale=bd)
            nums = [c * bd for c in nums]
    column = _modified(plan, item, bids, nums, den, xs, qden, threshold_done=True)
    return Column(nums=column.nums, den=column.den, qden=qden, best=Fraction(best) / qden)


def _modified(plan: Plan, item: Item, bids: list[BidInput], nums: list[int], den: int, xs: list[int] | None,
              qden: int, *, extra: int = 1, threshold_done: bool = False) -> Column:
    """Apply the minimum (threshold), the credibility discount and the points cap, in that order."""
    rule = item.rule
    if extra != 1:
        nums = [n * extra for n in nums]
    if rule.threshold is not None and xs is not None and not threshold_done:
        t = _scaled(rule.threshold, qden)
        nums = [n if x >= t else 0 for n, x in zip(nums, xs, strict=True)]  # type: ignore[operator]
    if rule.credibility_scale is not None:
        scale = plan.scales[rule.credibility_scale]
        top = HUNDRED if scale.percent else scale.maximum
        marks = []
        for bid in bids:
            mark = bid.credibility.get(item.code)
            if mark is None:
                raise ScoringError(f"no credibility mark for {bid.bidder} on {item.code}")
            marks.append((Fraction(mark) / top).as_integer_ratio())
        cred, cden = _common(marks)
        nums = [n * c for n, c in zip(nums, cred, strict=True)]
        den *= cden
    if rule.points_cap is not None:
        a, b = rule.points_cap.numerator, rule.points_cap.denominator
        limit = den * a
        nums = [n * b if n * b < limit else limit for n in nums]
        den *= b
    return Column(nums=nums, den=den, qden=qden)


@dataclass(frozen=True, slots=True)
class Arithmetic:
    """How the core scores one rule kind: what it reads and its column.

    `reads` is "number" (the answer as an exact number), "yes/no" (the answer) or "mark" (the
    evaluators' moderated mark); `column` scores every bid at once, None for a relative rule,
    whose column (`_relative_column`) compares the bids and is worked out again when the set of
    compared bids changes. The keys are the rule kinds of `svspec.kinds.rules.RULES` (a test keeps
    them equal): this table is here because the core is copied whole into `scoring.py`.
    """

    reads: str
    column: Callable[[Plan, Item, list[BidInput], list[Any] | None, int], Column] | None
    values_pounds: bool = False
    """Whether it scores the social value in £ (a money answer without a proxy is valued at the £ offered)."""

    @property
    def relative(self) -> bool:
        """Whether a bid's score depends on the other bids."""
        return self.column is None


ARITHMETIC: dict[str, Arithmetic] = {
    "linear": Arithmetic("number", _linear_column),
    "relative-to-best": Arithmetic("number", None),
    "bands": Arithmetic("number", _bands_column),
    "evaluators": Arithmetic("mark", _evaluators_column),
    "value-per-pound": Arithmetic("number", _value_per_pound_column, values_pounds=True),
    "value-relative-to-best": Arithmetic("number", None, values_pounds=True),
    "yes-no": Arithmetic("yes/no", _yes_no_column),
}
"""The arithmetic of each scoring rule kind, keyed by the rule's kind."""

ANSWER_READS: dict[str, str] = {"number": "number", "money": "number", "yes/no": "yes/no", "choice": "text",
                                "text": "text", "file": "text", "parts": "parts"}
"""What a bid holds for each answer kind (`svspec.kinds.answers.AnswerKind.reads`; a test keeps them equal)."""


# ---------------------------------------------------------------------------------- social value in £
@dataclass(frozen=True, slots=True, kw_only=True)
class ItemValue:
    """One answer's social value in £: the quantity valued, each year's value and the SROI figures.

    `ratio` is present value ÷ investment and `net_ratio` (present value − investment) ÷ investment,
    None without an investment (or with an investment of £0)."""

    code: str
    quantity: Fraction
    years: tuple[ValuationYear, ...]
    total: Fraction
    investment: Fraction | None = None
    net: Fraction | None = None
    ratio: Fraction | None = None
    net_ratio: Fraction | None = None


def per_unit_years(item: Item) -> tuple[ValuationYear, ...] | None:
    """The item's valuation of one unit year by year, or None when the item is not valued in £.

    An item is valued when it has a valuation (a proxy, or adjustments to a money answer); a money
    answer scored by a value rule without one is worth the pounds offered, in one year undiscounted."""
    if item.years:
        return item.years
    arithmetic = ARITHMETIC.get(item.rule.kind)
    if arithmetic is not None and arithmetic.values_pounds:
        one = Fraction(1)
        return (ValuationYear(year=1, share=one, impact=one, divisor=one, present=one),)
    return None


def item_value(item: Item, answer: Any) -> ItemValue | None:
    """The social value in £ of one answer to `item`, year by year, or None when it is not valued.

    The quantity valued is the answer as given, counted up to the rule's cap (quantities above a
    cap count as the cap) and never below 0; a missing or non-numeric answer is valued at 0."""
    years = per_unit_years(item)
    if years is None:
        return None
    quantity = Fraction(0)
    if not isinstance(answer, bool) and hasattr(answer, "as_integer_ratio"):
        quantity = max(Fraction(*answer.as_integer_ratio()), Fraction(0))
        if item.rule.cap is not None:
            quantity = min(quantity, item.rule.cap)
    scaled = tuple(ValuationYear(year=y.year, share=y.share, impact=y.impact * quantity, divisor=y.divisor,
                                 present=y.present * quantity) for y in years)
    total = sum((y.present for y in scaled), Fraction(0))
    invested = item.investment
    if invested is None:
        return ItemValue(code=item.code, quantity=quantity, years=scaled, total=total)
    ratio = total / invested if invested else None
    net_ratio = (total - invested) / invested if invested else None
    return ItemValue(code=item.code, quantity=quantity, years=scaled, total=total, investment=invested,
                     net=total - invested, ratio=ratio, net_ratio=net_ratio)


def bid_social_value(plan: Plan, bid: BidInput) -> Fraction:
    """A bid's total valued social value in £: the present value of every valued answer summed.

    This is the one figure of a bid's social value across measures (Essex's calculator total; the
    sum of the year-by-year figures of `item_value`), whatever rule scores each measure."""
    total = Fraction(0)
    for item in plan.items:
        value = item_value(item, bid.answers.get(item.code))
        if value is not None:
            total += value.total
    return total


def parts_total(parts: tuple[tuple[str, Fraction], ...], value: Any) -> Any:
    """A composite answer as the one amount scored: Σ figure × rate, an exact Decimal (or `value`
    unchanged when it is not a mapping of numbers: the caller reports that)."""
    if type(value) is not dict:
        return value
    with localcontext(_EXACT):
        total = Decimal(0)
        for name, rate in parts:
            figure = value.get(name)
            if type(figure) is not Decimal:
                return value
            total += figure * rate.numerator / rate.denominator if rate.denominator != 1 else figure * rate.numerator
        return total


def reads_number(rule: Any) -> bool:
    """Whether a rule (a core `Rule` or a model `ScoringRule`) reads the answer as a number: its
    kind does, or a gate or minimum on the quantity does (on an evaluator-marked item they read the mark)."""
    arithmetic = ARITHMETIC.get(rule.kind)
    if arithmetic is not None and arithmetic.reads == "mark":
        return False  # a minimum or gate on an evaluator-marked item reads the mark (issue 9 item 6)
    return (arithmetic is not None and arithmetic.reads == "number") or rule.gate is not None \
        or rule.threshold is not None


def is_relative(kind: str) -> bool:
    """Whether a rule kind's score depends on the other bids (relative to the best)."""
    arithmetic = ARITHMETIC.get(kind)
    return arithmetic is not None and arithmetic.relative


PricePairs = tuple[list[tuple[int, int]], Fraction | None]


def _price_pairs(criterion: Criterion, prices: list[tuple[int, int] | None], compared: list[bool]) -> PricePairs:
    """Each bid's fraction of the price points as (numerator, denominator), by the criterion's formula."""
    formula = PRICE_FORMULAS.get(criterion.formula or "relative-to-lowest")
    if formula is None:
        raise ScoringError(f"unknown price formula {criterion.formula!r}")
    return formula(criterion, prices, compared)


def _fixed_range_pairs(criterion: Criterion, prices: list[tuple[int, int] | None], compared: list[bool]
                       ) -> PricePairs:
    """fixed-range: (high − price)/(high − low), clamped to 0..1 unless the tender says unclamped."""
    assert criterion.low is not None and criterion.high is not None
    span = criterion.high - criterion.low
    out = []
    for p in prices:
        f = (criterion.high - Fraction(*p)) / span if p is not None else Fraction(0)
        out.append((min(max(f, Fraction(0)), Fraction(1)) if criterion.clamped else f).as_integer_ratio())
    return out, None


def _compared_prices(prices: list[tuple[int, int] | None], compared: list[bool]) -> list[tuple[int, int]]:
    """The prices of the compared bids (every price when no compared bid has one)."""
    pool = [p for p, keep in zip(prices, compared, strict=True) if keep and p is not None]
    return pool or [p for p in prices if p is not None]


def _mean_pairs(criterion: Criterion, prices: list[tuple[int, int] | None], compared: list[bool]) -> PricePairs:
    """relative-to-mean: the mean of the compared prices ÷ price, at most full points."""
    pool = _compared_prices(prices, compared)
    if not pool:
        return [(0, 1)] * len(prices), None
    mean = sum((Fraction(n, d) for n, d in pool), Fraction(0)) / len(pool)
    out = []
    for p in prices:
        out.append((0, 1) if p is None else min(mean / Fraction(*p), Fraction(1)).as_integer_ratio())
    return out, mean


def _deviation_pairs(criterion: Criterion, prices: list[tuple[int, int] | None], compared: list[bool]
                     ) -> PricePairs:
    """deviation-from-lowest: 1 − (price − lowest)/lowest, never below 0 (twice the lowest scores nothing)."""
    pool = _compared_prices(prices, compared)
    if not pool:
        return [(0, 1)] * len(prices), None
    lowest = min(Fraction(n, d) for n, d in pool)
    out = []
    for p in prices:
        f = Fraction(0) if p is None else 1 - (Fraction(*p) - lowest) / lowest
        out.append(min(max(f, Fraction(0)), Fraction(1)).as_integer_ratio())
    return out, lowest


def _lowest_pairs(criterion: Criterion, prices: list[tuple[int, int] | None], compared: list[bool]) -> PricePairs:
    """relative-to-lowest: the lowest compared price ÷ price."""
    pool = _compared_prices(prices, compared)
    if not pool:
        return [(0, 1)] * len(prices), None
    floor = min(n // d for n, d in pool)
    lowest = min(Fraction(n, d) for n, d in pool if n // d == floor)
    ln, ld = lowest.numerator, lowest.denominator
    pairs = []
    for p in prices:
        if p is None:
            pairs.append((0, 1))
            continue
        num, den = ln * p[1], ld * p[0]
        # A bid outside the compared set may be cheaper than the lowest compared price: still at most full points.
        pairs.append((1, 1) if num >= den else (num, den))
    return pairs, lowest


PRICE_FORMULAS: dict[str, Callable[[Criterion, list[tuple[int, int] | None], list[bool]], PricePairs]] = {
    "relative-to-lowest": _lowest_pairs,
    "fixed-range": _fixed_range_pairs,
    "relative-to-mean": _mean_pairs,
    "deviation-from-lowest": _deviation_pairs,
}
"""The arithmetic of each price formula (`model.Criterion.price_formula`), keyed by the formula's name."""


LowFlags = tuple[tuple[str, Fraction, Fraction], ...]


def abnormally_low(plan: Plan, prices: list[tuple[int, int] | None]) -> list[LowFlags]:
    """Per bid, the abnormally low tests its price meets: (against, the price compared with, share below).

    Every priced bid is compared with the others (Prozorro compares the pre-auction amounts of every
    bid): "mean of others" with the mean of the other prices, "next lowest" with the lowest other price
    at or above this one (the highest price has none). A share below of at least the test's share flags it.
    """
    values = [None if p is None else Fraction(*p) for p in prices]
    priced = sorted(v for v in values if v is not None)
    total = sum(priced, Fraction(0))
    out: list[LowFlags] = []
    for v in values:
        found: list[tuple[str, Fraction, Fraction]] = []
        if v is not None and len(priced) > 1:
            at = bisect_right(priced, v)  # priced[at - 1] is v itself (or an equal price)
            for against, share in plan.abnormally_low:
                if against == "mean of others":
                    reference: Fraction | None = (total - v) / (len(priced) - 1)
                elif at >= 2 and priced[at - 2] == v:
                    reference = v  # another bid at the same price
                else:
                    reference = priced[at] if at < len(priced) else None
                if reference is not None and reference > 0 and 1 - v / reference >= share:
                    found.append((against, reference, 1 - v / reference))
        out.append(tuple(found))
    return out


def _sum_parts(parts: list[tuple[Fraction, Column]], n: int, acc: list[Any] | None = None, den: int = 1
               ) -> tuple[list[Any] | None, int]:
    """acc/den + Σ weight × column, over one least common denominator (acc None: nothing yet).

    The denominator is fixed before adding, so the running sums are rescaled at most once.
    """
    if not parts:
        return acc, den
    common = math.lcm(den, *(w.denominator * c.den for w, c in parts))  # scale multiplies, never divides
    if acc is not None and common != den:
        scale = common // den
        acc = [a * scale for a in acc]
    for weight, column in parts:
        k = _like(column.nums, weight.numerator * column.scale * (common // (weight.denominator * column.den)))
        if acc is None:
            acc = list(column.nums) if k == 1 else [k * x for x in column.nums]
        elif type(k) is Decimal:
            acc = list(map(k.fma, column.nums, acc))  # k × x + a in one exact operation
        elif k == 1:
            acc = [a + x for a, x in zip(acc, column.nums)]  # noqa: B905 (hot loop; lengths are equal)
        else:
            acc = [a + k * x for a, x in zip(acc, column.nums)]  # noqa: B905
    return acc, common


def item_column(plan: Plan, item: Item, bids: list[BidInput], compared: list[bool]) -> Column:
    """One item's column for `bids`, relative rules comparing the bids marked in `compared`."""
    with localcontext(_EXACT):
        xs, qden = None, 1
        if reads_number(item.rule):
            xs, qden = _numeric_column(item, bids, committed_values(plan, bids) if item.total else None)
        column = _absolute_column(plan, item, bids, xs, qden)
        if column is None:
            assert xs is not None
            column = _relative_column(plan, item, bids, xs, qden, compared)
        return _stated_points(plan, column)


def score(plan: Plan, bids: list[BidInput], *, checked: bool = False) -> Scores:
    """Score and rank bids exactly. Bidder names must be unique (the engine checks this).

    `checked` promises that every numeric answer is present and is a finite Decimal or int
    (the engine makes sure of it), which saves a pass over every answer.

    1. Gates on answers exclude bids (absolute, whatever the other bids say).
    2. Relative rules and the lowest price compare the bids that `compare_among` names: after
       gates, then again after pass marks ("passing bids"), or every bid ("all bids").
    3. A criterion below its pass mark excludes the bid (decided on step 2's first pass).
    4. Passing bids are ranked on their exact totals; ties follow the declared tie-break order.
    """
    # Scoring makes millions of short-lived, acyclic numbers; the cycle collector would walk every
    # live object each time it runs (time growing faster than the number of bids), so pause it.
    collecting = gc.isenabled()
    gc.disable()
    try:
        with localcontext(_EXACT):
            return _score(plan, sorted(bids, key=lambda b: b.bidder), checked)
    except (Inexact, Rounded, InvalidOperation, Overflow) as error:
        raise ScoringError(f"an answer is not a finite exact number ({error.__class__.__name__})") from None
    finally:
        if collecting:
            gc.enable()


def _score(plan: Plan, bids: list[BidInput], checked: bool) -> Scores:
    n = len(bids)
    numeric: dict[str, tuple[list[Any], int]] = {}
    excluded: list[list[tuple[str, str]]] = [[] for _ in range(n)]
    fixed: dict[str, tuple[list[Any] | None, int]] = {c.kind: (None, 1) for c in plan.criteria if c.kind != "price"}
    parts: dict[str, list[tuple[Fraction, Column]]] = {}
    relative: list[Item] = []
    numbers = [i for i in plan.items if reads_number(i.rule)]
    answers = _answer_columns(numbers, bids)
    committed = committed_values(plan, bids) if plan.delivery_minimum is not None or any(
        i.total for i in plan.items) else None
    short = [False] * n
    for i, bid in enumerate(bids):
        if bid.excluded is not None:
            excluded[i].append(("buyer", bid.excluded))
    if plan.delivery_minimum is not None and committed is not None:
        floor = plan.delivery_minimum * plan.contract_value
        short = [value < floor for value in committed]
        if plan.below_minimum == "excluded":
            for i in (i for i, below in enumerate(short) if below):
                excluded[i].append(("delivery-minimum", "social value"))
    for item in plan.items:
        xs, qden = None, 1
        if item.total:
            xs, qden = _numeric_column(item, bids, list(committed or ()))
            if is_relative(item.rule.kind):
                numeric[item.code] = (xs, qden)
        elif item in numbers:
            xs, qden = _numeric_column(item, bids, answers.pop(item.code, None), checked)
            if is_relative(item.rule.kind):
                numeric[item.code] = (xs, qden)
        if item.rule.gate is not None or item.rule.gate_yes:
            for i, out in enumerate(_gates(item, bids, xs, qden)):
                if out:
                    excluded[i].append(("gate", item.code))
        column = _absolute_column(plan, item, bids, xs, qden)
        if column is None:
            relative.append(item)
        else:
            parts.setdefault(item.criterion, []).append((item.weight, _stated_points(plan, column)))
    for kind, found in parts.items():
        fixed[kind] = _sum_parts(found, n)
    del parts
    mark_zeroed = _mark_rules(plan, bids, excluded)

    price_criterion = next((c for c in plan.criteria if c.kind == "price"), None)
    prices: list[tuple[int, int] | None] = []
    if price_criterion is not None or plan.award == "price per quality point":
        prices = [None if bid.price is None else ratio(bid.price) for bid in bids]
    low_flags: list[tuple[tuple[str, Fraction, Fraction], ...]] = [()] * n
    if plan.abnormally_low and price_criterion is not None:
        low_flags = abnormally_low(plan, prices)
        if plan.low_action == "excluded":
            for i, flags in enumerate(low_flags):
                if flags:
                    excluded[i].append(("abnormally-low", "price"))

    def run(compared: list[bool]) -> tuple[dict[str, tuple[list[Any], int]], list[tuple[int, int]], Fraction | None]:
        extra: dict[str, list[tuple[Fraction, Column]]] = {}
        for item in relative:
            xs, qden = numeric[item.code]
            extra.setdefault(item.criterion, []).append(
                (item.weight, _stated_points(plan, _relative_column(plan, item, bids, xs, qden, compared))))
        sums = {}
        for kind, (acc, den) in fixed.items():
            acc, den = _sum_parts(extra.get(kind, []), n, acc, den)
            acc = acc if acc is not None else [0] * n
            if any(mark_zeroed):
                acc = [0 if any(k == kind for k, _ in mark_zeroed[i]) else a for i, a in enumerate(acc)]
            sums[kind] = (acc, den)
        if zeroed and "social value" in sums:
            acc, den = sums["social value"]
            sums["social value"] = ([0 if z else a for a, z in zip(acc, zeroed, strict=True)], den)
        pairs: list[tuple[int, int]] = []
        lowest = None
        if price_criterion is not None:
            pairs, lowest = _price_pairs(price_criterion, prices, compared)
        return sums, pairs, lowest

    zeroed = short if plan.below_minimum == "nothing" and any(short) else None
    everyone = [True] * n
    compared = everyone if plan.compare_among == "all bids" else [not e for e in excluded]
    sums, pairs, lowest = run(compared)
    for c in plan.criteria:
        if c.pass_mark is not None:
            pn, pd = c.pass_mark.numerator, c.pass_mark.denominator
            if c.kind == "price":
                below = [num * pd < pn * den for num, den in pairs]
            else:
                acc, common = sums[c.kind]
                below = [a * pd < pn * common for a in acc]
            for i, is_below in enumerate(below):
                if is_below:
                    excluded[i].append(("pass-mark", c.kind))
    passing = [not e for e in excluded]
    if plan.compare_among != "all bids" and passing != compared:
        compared = passing
        sums, pairs, lowest = run(compared)
    if plan.shortlist is not None and "quality" in sums:
        _shortlist(plan.shortlist, sums["quality"][0], passing, excluded)
        passing = [not e for e in excluded]
        if plan.compare_among != "all bids" and passing != compared:
            compared = passing
            sums, pairs, lowest = run(compared)

    totals = _totals(plan, sums, pairs, n)
    if plan.award == "price per quality point":
        for i, (num, _) in enumerate(totals):
            if num <= 0 and not excluded[i]:
                excluded[i].append(("no-points", "total"))  # a price per no point cannot be compared
        passing = [not e for e in excluded]
    scores = Scores(plan=plan, bids=bids, bidders=[b.bidder for b in bids], sums=sums, price_pairs=pairs,
                    total_pairs=totals, excluded=[tuple(e) for e in excluded], compared=compared, order=[],
                    ranks=[], tie_notes=[], lowest_price=lowest, raw_prices=prices, committed=committed,
                    short=short, low_flags=low_flags, stages=_stages(plan, excluded),
                    zeroed=[tuple(z) for z in mark_zeroed])
    scores.order, scores.ranks, scores.tie_notes = _rank(scores, bids, passing)
    return scores


def _shortlist(rule: tuple[int, str], quality: list[Any], passing: list[bool], excluded: list[list[tuple[str, str]]]
               ) -> None:
    """Exclude the passing bids outside the top `rule[0]` on quality points (every bid's quality sum
    is over one denominator, so the numerators compare); ties at the cut-off follow `rule[1]`."""
    top, ties = rule
    alive = sorted((i for i, ok in enumerate(passing) if ok), key=lambda i: quality[i], reverse=True)
    if len(alive) <= top:
        return
    cut = quality[alive[top - 1]]
    keep = {i for i in alive if quality[i] >= cut}
    if len(keep) > top and ties == "excluded":
        keep = {i for i in alive if quality[i] > cut}
    for i in alive:
        if i not in keep:
            excluded[i].append(("shortlist", "quality"))


STAGES = (("buyer", "excluded by the buyer"), ("gate", "gates on answers"), ("abnormally-low", "abnormally low prices"),
          ("pass-mark", "quality threshold (pass marks)"), ("shortlist", "shortlist on quality"))
"""The stages of an evaluation in the order they run, by the reason they exclude for."""


def _stages(plan: Plan, excluded: list[list[tuple[str, str]]]) -> list[tuple[str, list[int]]]:
    """Each stage the tender has, with the bids it set aside (a bid is named at its first stage only)."""
    has = {"buyer": any(w == "buyer" for why in excluded for w, _ in why),
           "gate": any(i.rule.gate is not None or i.rule.gate_yes for i in plan.items),
           "abnormally-low": bool(plan.abnormally_low) and plan.low_action == "excluded",
           "pass-mark": any(c.pass_mark is not None for c in plan.criteria),
           "shortlist": plan.shortlist is not None}
    out, seen = [], set()
    for key, name in STAGES:
        if not has[key]:
            continue
        out_here = [i for i, why in enumerate(excluded) if i not in seen and any(w == key for w, _ in why)]
        seen.update(out_here)
        out.append((name, out_here))
    return out


def _mark_rules(plan: Plan, bids: list[BidInput], excluded: list[list[tuple[str, str]]]) -> list[list[tuple[str, str]]]:
    """Apply each criterion's rules on single marks: a caught mark excludes the bid (("mark", item)
    is added to `excluded`) or makes the criterion score nothing (returned per bid as (criterion, item))."""
    zeroed: list[list[tuple[str, str]]] = [[] for _ in bids]
    for c in plan.criteria:
        marked = [item for item in c.items if ARITHMETIC[item.rule.kind].reads == "mark"]
        for rule in c.mark_rules:
            for i, bid in enumerate(bids):
                item = next((it for it in marked if rule.caught(_mark_of(bid, it))), None)
                if item is None:
                    continue
                if rule.effect == "excludes":
                    if ("mark", item.code) not in excluded[i]:
                        excluded[i].append(("mark", item.code))
                elif (c.kind, item.code) not in zeroed[i] and not any(k == c.kind for k, _ in zeroed[i]):
                    zeroed[i].append((c.kind, item.code))
    return zeroed


def caught_by(plan: Plan, bid: BidInput, code: str, effect: str) -> tuple[MarkRule, Fraction] | None:
    """The mark rule of `effect` that `bid`'s mark on item `code` sets off, with the mark (for the reason)."""
    for c in plan.criteria:
        for item in c.items:
            if item.code != code:
                continue
            mark = bid.marks.get(code)
            for rule in c.mark_rules:
                if rule.effect == effect and mark is not None and rule.caught(Fraction(mark)):
                    return rule, Fraction(mark)
    return None


def mark_rule_words(rule: MarkRule) -> str:
    """A mark rule as the tender writes it: 'any mark below 2 excludes the bid'."""
    mark = str(rule.mark.numerator) if rule.mark.denominator == 1 else str(float(rule.mark))
    effect = "excludes the bid" if rule.effect == "excludes" else "scores nothing for the criterion"
    return f"any mark {rule.test} {mark} {effect}"


def _totals(plan: Plan, sums: dict[str, tuple[list[Any], int]], pairs: list[tuple[int, int]], n: int
            ) -> list[tuple[Any, int]]:
    """Exact totals out of 100 as (numerator, denominator), without building a Fraction per bid."""
    ratios = {c.kind: HUNDRED * c.weight / sums[c.kind][1] for c in plan.criteria if c.kind != "price"}
    common = math.lcm(1, *(r.denominator for r in ratios.values()))
    acc = [0] * n
    for kind, r in ratios.items():
        k = r.numerator * (common // r.denominator)
        acc = [a + k * x for a, x in zip(acc, sums[kind][0])]  # noqa: B905 (hot loop; lengths are equal)
    price = next((c for c in plan.criteria if c.kind == "price"), None)
    if price is None:
        return [(a, common) for a in acc]
    wp = HUNDRED * price.weight
    wn, wd = wp.numerator, wp.denominator
    return [(a * wd * d + wn * p * common, common * wd * d) for a, (p, d) in zip(acc, pairs)]  # noqa: B905


def _submitted(text: str | None) -> datetime | None:
    """The time a bid counts in the earliest-submission tie-break: None when missing, unusable or a
    date alone (two bids on one day cannot be ordered by their date, so a date is refused there)."""
    moment = moment_or_none(text)
    return None if moment is None or moment.date_only else moment.at


def _no_time_reason(text: str | None) -> str:
    """Why a bid has no time the earliest-submission tie-break can use, in words."""
    moment = moment_or_none(text)
    if moment is not None and moment.date_only:
        return f"its time is a date alone ({text}), which cannot order bids submitted on one day"
    return "it gives no submission time" if not text else f"its submission time {text!r} cannot be read"


def _tie_key(scores: Scores, rule: str, i: int, bids: list[BidInput]) -> Any:
    """Smaller sorts first (better)."""
    if rule in ("quality", "social value"):
        has = any(c.kind == rule for c in scores.plan.criteria)
        return -scores.points(i, rule) if has else 0
    if rule == "price":
        p = scores.price(i)
        return (p is None, p or 0)
    if rule == "earliest submission":
        moment = _submitted(bids[i].submitted)
        return (moment is None, moment or datetime.min.replace(tzinfo=timezone.utc))  # noqa: UP017
    return 0


def rounded_key(value: Fraction, places: int) -> int:
    """`value` × 10^places rounded to a whole number, halves away from zero (the one rounding rule)."""
    num, den = value.numerator, value.denominator
    whole, rest = divmod(abs(num) * 10**places, den)
    if 2 * rest >= den:
        whole += 1
    return int(-whole if num < 0 else whole)


def _rank(scores: Scores, bids: list[BidInput], passing: list[bool], given: dict[int, Any] | None = None,
          shown: Callable[[Scores, list[int], list[int | None]], Any] | None = None
          ) -> tuple[list[int], list[int | None], list[str | None]]:
    # A fast integer key sorts almost everything; exact comparison settles neighbours it cannot tell apart.
    # When the tender rounds totals before ranking, the rounded total is the key itself (exact).
    # `given` is such a key worked out elsewhere (the NumPy path: a higher key is a higher exact total,
    # or the rounded total itself; equal keys are compared exactly) and `shown` its shown notes.
    places = scores.plan.rank_places
    pairs = scores.total_pairs
    per_point = scores.plan.award == "price per quality point"
    if per_point:
        # The lowest price per point wins: rank on minus (price ÷ total), exactly.
        def per(i: int) -> Fraction:
            total = scores.total(i) if places is None else Fraction(rounded_key(scores.total(i), places), 10**places)
            price = scores.price(i)
            return -(price / total) if price is not None and total > 0 else Fraction(-(10**30))

        # (`given` names the bids to rank when the NumPy path has ordered the rest already.)
        ranked = given if given is not None else [i for i in range(len(bids)) if passing[i]]
        worth = {i: per(i) for i in ranked}
    if given is not None:
        coarse = given
    elif per_point:
        coarse = {i: (v.numerator * 10**12) // v.denominator for i, v in worth.items()}
    elif places is None:
        scale = 10**12
        coarse = {i: (pairs[i][0] * scale) // pairs[i][1] for i in range(len(bids)) if passing[i]}
    else:
        coarse = {i: rounded_key(scores.total(i), places) for i in range(len(bids)) if passing[i]}
    order = sorted(coarse, key=lambda i: -coarse[i])
    rules = [r for r in scores.plan.tie_break if r != "drawing lots"]
    lots = "drawing lots" in scores.plan.tie_break

    def level(i: int) -> Any:
        if per_point:
            return worth[i]
        return scores.total(i) if places is None else coarse[i]

    def exact(i: int) -> tuple[Any, ...]:
        return (-level(i), *(_tie_key(scores, r, i, bids) for r in rules))

    result: list[int] = []
    start = 0
    while start < len(order):
        end = start + 1
        while end < len(order) and coarse[order[end]] == coarse[order[start]]:
            end += 1
        group = order[start:end]
        if len(group) > 1:
            group.sort(key=lambda i: (exact(i), bids[i].bidder))
        result.extend(group)
        start = end

    ranks: list[int | None] = [None] * len(bids)
    notes: list[str | None] = [None] * len(bids)
    equal = "equal total" if places is None else f"equal total when rounded to {places} places before ranking"
    if per_point:
        equal = "equal price per quality point" + ("" if places is None else
                                                    f" (totals rounded to {places} places before ranking)")
    for position, i in enumerate(result):
        previous = result[position - 1] if position else None
        if previous is not None and coarse[previous] == coarse[i] and exact(previous) == exact(i):
            ranks[i] = ranks[previous]
            how = "drawing lots" if lots else "no tie-break settles it"
            notes[i] = notes[previous] = f"tied on every tie-break rule: {how}"
        else:
            ranks[i] = position + 1
        for neighbour in (previous, result[position + 1] if position + 1 < len(result) else None):
            if neighbour is None or coarse[neighbour] != coarse[i] or level(neighbour) != level(i) \
                    or exact(neighbour) == exact(i):
                continue
            decider = next(r for r in rules if _tie_key(scores, r, i, bids) != _tie_key(scores, r, neighbour, bids))
            notes[i] = f"{equal} with {bids[neighbour].bidder}; tie broken by {decider}"
            if decider == "earliest submission":
                loser, winner = (i, neighbour) if _submitted(bids[i].submitted) is None else (neighbour, i)
                if _submitted(bids[loser].submitted) is None:
                    why = _no_time_reason(bids[loser].submitted)
                    if (loser, winner, why) not in scores.time_losses:
                        scores.time_losses.append((loser, winner, why))
                    if loser == i:
                        notes[i] = f"{notes[i]}, which it loses: {why}"
    scores.shown_notes = [None] * len(bids) if per_point else (shown or _shown_notes)(scores, result, ranks)
    return result, ranks, notes


def _shown_notes(scores: Scores, result: list[int], ranks: list[int | None]) -> list[str | None]:
    """Where the shown totals (rounded to the display places) and the ranking disagree, in words.

    Neighbours shown with the same total but ranked apart on their exact totals, and neighbours
    shown with different totals but ranked together on totals rounded before ranking.
    """
    notes: list[str | None] = [None] * len(scores.bidders)
    for above, below in pairwise(result):
        note = _shown_note(scores, above, below, ranks)
        if note is not None:
            notes[below] = note
    return notes


def _shown_note(scores: Scores, above: int, below: int, ranks: Sequence[int | None]) -> str | None:
    """The note `_shown_notes` gives `below`, ranked next after `above` (or None): one pair, in
    constant time, so the fast path can word the pairs it finds without a list of every bid."""
    plan = scores.plan
    a, b = scores.total(above), scores.total(below)
    shown_a, shown_b = round_half_up(a, plan.places), round_half_up(b, plan.places)
    name_a = scores.bidders[above]
    if shown_a == shown_b and a != b and ranks[above] != ranks[below] and plan.rank_places is None:
        return (f"shown with the same total as {name_a} ({shown_b}) but ranked below it on the exact "
                f"totals ({_decimal_text(b)} against {_decimal_text(a)}); ranking is exact")
    if shown_a != shown_b and plan.rank_places is not None and \
            rounded_key(a, plan.rank_places) == rounded_key(b, plan.rank_places):
        return (f"shown as {shown_b} against {name_a}'s {shown_a}, but the tender rounds totals to "
                f"{plan.rank_places} places before ranking, so the two are equal there and the tie-break "
                "decides")
    return None


def _decimal_text(value: Fraction, places: int = 6) -> str:
    """An exact total with enough places to tell it apart (or all of them, when it ends sooner)."""
    exact = round_half_up(value, places)
    if Fraction(exact) == value:
        whole, _, rest = exact.partition(".")
        return f"{whole}.{rest.rstrip('0').ljust(2, '0')}"
    return f"{exact}…"


# ---------------------------------------------------------------------------------- rounding
def round_half_up(value: Fraction, places: int = 2) -> str:
    """A fixed-point string rounded to `places` decimals, halves away from zero (ROUND_HALF_UP).

    svspec's one rounding rule (`svspec.words.rounded`), copied here because the standalone scorer
    is standard library only; tests/test_words.py holds the two to the same answers.
    """
    num, den = value.numerator, value.denominator
    sign = "-" if num < 0 else ""
    whole, rest = divmod(abs(num) * 10**places, den)
    if 2 * rest >= den:
        whole += 1
    if whole == 0:
        sign = ""
    if places == 0:
        return f"{sign}{whole}"
    digits = str(whole).rjust(places + 1, "0")
    return f"{sign}{digits[:-places]}.{digits[-places:]}"


# ---------------------------------------------------------------------------------- exclusion words
def shown_number(value: Fraction) -> str:
    """A figure as the reports write it (`svspec.words.number`): rounded per the rule, trailing zeros
    dropped, thousands separated ('1,234.5', '12', '0.33'); copied for the standalone scorer."""
    whole, _, rest = round_half_up(value, 2).partition(".")
    sign, digits = ("-", whole[1:]) if whole.startswith("-") else ("", whole)
    rest = rest.rstrip("0")
    return f"{sign}{int(digits):,}" + (f".{rest}" if rest else "")


def mark_reason(plan: Plan, bid: BidInput, code: str, effect: str) -> str:
    """Why one mark decided: 'a mark of 1 on Q2 (any mark below 2 excludes the bid)'."""
    found = caught_by(plan, bid, code, effect)
    if found is None:
        return f"the mark on {code}"
    rule, mark = found
    return f"a mark of {shown_number(mark)} on {code} ({mark_rule_words(rule)})"


def exclusion_words(plan: Plan, bid: BidInput, why: str, what: str, delivery_note: str | None = None) -> str:
    """One reason a bid is excluded, in the words of every report (`svspec score` and the standalone
    `scoring.py` alike): the one source of this wording."""
    if why == "delivery-minimum" and delivery_note:
        return delivery_note
    if why == "buyer":
        return f"by the buyer: {what}"
    if why == "mark":
        return mark_reason(plan, bid, what, "excludes")
    if why == "gate":
        if what == "total":  # portable.TOTAL_CODE: the total value of the commitments
            return "fails the gate on the total value of its commitments"
        item = plan.item(what)
        if item.rule.gate is not None and ARITHMETIC[item.rule.kind].reads == "mark":
            given = bid.marks.get(what)
            shown = shown_number(Fraction(given)) if given is not None else "no mark"
            return f"fails the gate on {what}: a mark of {shown}, below {shown_number(item.rule.gate)}"
        return f"fails the gate on {what}"
    if why == "abnormally-low":
        return "abnormally low price (the tender excludes abnormally low tenders)"
    if why == "no-points":
        return "no points of quality or social value, so it has no price per quality point"
    if why == "shortlist":
        top = plan.shortlist[0] if plan.shortlist is not None else 0
        return f"not shortlisted: outside the top {top} on quality"
    criterion = next((c for c in plan.criteria if c.kind == what), None)
    mark = f"{shown_number(criterion.pass_mark * 100)}%" if criterion and criterion.pass_mark is not None else ""
    return f"below the {what} pass mark of {mark}"


def outcome_words(scores: Scores, index: int) -> str:
    """A bid's outcome as every report's table writes it: 'winner', 'ranked' or 'excluded: <reasons>',
    with any criterion a mark made score nothing."""
    plan, bid = scores.plan, scores.bids[index]
    note = scores.delivery_note(index)
    zeroed = scores.zeroed[index] if scores.zeroed else ()
    nothing = "".join(f"; {kind} scores nothing: {mark_reason(plan, bid, code, 'zeroes')}" for kind, code in zeroed)
    if scores.ranks[index] is None:
        return "excluded: " + "; ".join(exclusion_words(plan, bid, why, what, note)
                                        for why, what in scores.excluded[index]) + nothing
    outcome = "winner" if scores.ranks[index] == 1 else "ranked"
    return (f"{outcome}; {note}" if note else outcome) + nothing


# ---------------------------------------------------------------------------------- standalone
def results_table(scores: Scores) -> list[dict[str, Any]]:
    """The ranking as plain rows (figures rounded per the rule), in rank order then excluded bids; with
    a "social value £" column (`bid_social_value`) when the tender values any answer in pounds."""
    plan = scores.plan
    valued = any(per_unit_years(item) is not None for item in plan.items)
    rows = []
    rest = sorted((i for i in range(len(scores.bidders)) if scores.ranks[i] is None),
                  key=lambda i: scores.bidders[i])
    for i in [*scores.order, *rest]:
        row: dict[str, Any] = {"rank": scores.ranks[i], "bidder": scores.bidders[i]}
        for c in plan.criteria:
            row[c.kind] = round_half_up(scores.points(i, c.kind), plan.places)
        row["total"] = round_half_up(scores.total(i), plan.places)
        if plan.award == "price per quality point":
            per = scores.price_per_point(i)
            row["price_per_point"] = round_half_up(per, plan.places) if per is not None else None
        row["outcome"] = outcome_words(scores, i)  # the words of `svspec score`
        if valued:
            row["social value £"] = round_half_up(bid_social_value(plan, scores.bids[i]), plan.places)
        rows.append(row)
    return rows


MAX_FILE_BYTES = 1_000_000
"""Largest bid or marks file read (as `svspec validate`)."""

_PLAIN_NUMBER = re.compile(r"[-+]?(?:0|[1-9][0-9]*)(?:\.[0-9]+)?(?:[eE][-+]?[0-9]+)?")
REFUSED_CHARACTERS = (r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u115f\u1160\u180e\u200b\u202a-\u202e"
                      r"\u2060-\u2064\u2066-\u206f\u3164\ufdd0-\ufdef\ufeff\uffa0\ufff9-\ufffb\ufffe\uffff]"
                      r"|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]")
"""Characters refused in any text of a bid, as a regular expression that Python and JavaScript
(the published JSON Schema) read alike: control characters (tab and line breaks aside), lone
surrogates, noncharacters, and invisible characters that hide or reorder what a person reads
(zero-width space, word joiner, byte order mark, bidirectional overrides and isolates, Hangul fillers).
A surrogate is refused only alone, so that a JavaScript validator without the `u` flag, which sees
an emoji as two surrogates, agrees (in Python an emoji is one character, so any surrogate is alone)."""
# In Python every surrogate in a str is alone, so the pattern above is one character class here; as a
# class (no alternation, no lookaround) a search is about 20 times faster on a long answer.
_REFUSED_CHARACTERS = re.compile(REFUSED_CHARACTERS[: REFUSED_CHARACTERS.index("]")] + r"\ud800-\udfff]")


def refused_character(text: str) -> tuple[int, str] | None:
    """The first character of `text` that no bid may contain, as (index, character), or None."""
    found = _REFUSED_CHARACTERS.search(text)
    return None if found is None else (found.start(), found.group())


_UNCOUNTED = frozenset({"Mn", "Me", "Cf"})
"""Characters a person does not see as characters of their own: combining accents (after NFC
composition, those left over), and the format characters a bid may keep (zero-width joiner and
non-joiner, soft hyphen, direction marks)."""


def clean_text(text: str) -> str:
    """A text answer as it is kept and scored: composed (NFC), with Windows line endings as \\n."""
    import unicodedata

    text = unicodedata.normalize("NFC", text)
    return text.replace("\r\n", "\n") if "\r" in text else text


def visible(text: str) -> str:
    """The characters of `text` a person sees: `text` without the ones in `_UNCOUNTED`."""
    import unicodedata

    if text.isascii():
        return text
    return "".join(c for c in text if unicodedata.category(c) not in _UNCOUNTED)


def count_words(text: str) -> int:
    """Words as a person counts them: runs of visible characters between spaces or line breaks."""
    if text.isascii():
        return len(text.split())
    return len(visible(clean_text(text)).split())


def count_characters(text: str) -> int:
    """Characters as a person counts them: what is visible, spaces and line breaks included."""
    return len(visible(clean_text(text)))


def printable(text: str) -> str:
    """`text` with each refused character shown as U+FFFD, so that a message quoting it can always be printed."""
    return _REFUSED_CHARACTERS.sub("\ufffd", text)


def character_name(char: str) -> str:
    """A character as a person can look it up: 'U+200B ZERO WIDTH SPACE', 'U+0000 (a control character)'."""
    import unicodedata

    code = f"U+{ord(char):04X}"
    if 0xD800 <= ord(char) <= 0xDFFF:
        return f"{code} (half of a character pair, alone)"
    name = unicodedata.name(char, "")
    return f"{code} {name}" if name else f"{code} (a control character)" if unicodedata.category(char) == "Cc" \
        else f"{code} (not a character)"


def _no_duplicates(pairs: list[tuple[Any, Any]]) -> dict[Any, Any]:
    out: dict[Any, Any] = {}
    for key, value in pairs:
        if key in out:
            raise ScoringError(f"the key {key!r} is given twice")
        out[key] = value
    return out


def _no_constant(name: str) -> Any:
    raise ScoringError(f"{name} is not a number")


_LOADERS: dict[str, Any] = {}


def _exact_yaml_loader() -> Any:
    """PyYAML's safe loader reading numbers exactly as the engine does: plain decimals from the text
    (never through float), times as written, and refusing aliases and duplicate keys."""
    if "yaml" in _LOADERS:
        return _LOADERS["yaml"]
    import yaml

    class ExactLoader(yaml.SafeLoader):
        def compose_node(self, parent: Any, index: Any) -> Any:
            if self.check_event(yaml.AliasEvent):
                raise ScoringError("the file uses a YAML alias (*name); write every value out")
            return super().compose_node(parent, index)

        def construct_mapping(self, node: Any, deep: bool = False) -> Any:
            seen = set()
            for key_node, _ in node.value:
                if key_node.tag == "tag:yaml.org,2002:merge":
                    raise ScoringError("the file uses a YAML merge key (<<); write every value out")
                if key_node.value in seen:
                    line = key_node.start_mark.line + 1
                    raise ScoringError(f"the key {key_node.value!r} is given twice (line {line})")
                seen.add(key_node.value)
            return super().construct_mapping(node, deep)

    def number(loader: Any, node: Any) -> Decimal:
        if not _PLAIN_NUMBER.fullmatch(node.value):
            raise ScoringError(f"{node.value!r} is not a plain decimal number (line {node.start_mark.line + 1})")
        return Decimal(node.value)

    ExactLoader.add_constructor("tag:yaml.org,2002:int", number)
    ExactLoader.add_constructor("tag:yaml.org,2002:float", number)
    ExactLoader.add_constructor("tag:yaml.org,2002:timestamp", lambda loader, node: node.value)
    _LOADERS["yaml"] = ExactLoader
    return ExactLoader


def _read_document(path: str) -> Any:
    """A bid or marks file as plain data: numbers exact `Decimal`s read from the text, as the engine reads them."""
    import json
    import os
    import stat

    # Opened without blocking and checked on the descriptor: a named pipe or a device given as a
    # bid must be refused, never waited on or read without end (as svspec.files.read_capped does).
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0)
    try:
        descriptor = os.open(path, flags)
    except OSError as error:
        raise ScoringError(f"{path}: cannot read it ({error.strerror or error})") from None
    with os.fdopen(descriptor, "rb") as handle:
        if not stat.S_ISREG(os.fstat(descriptor).st_mode):
            raise ScoringError(f"{path}: not a regular file")
        raw = handle.read(MAX_FILE_BYTES + 1)
    if len(raw) > MAX_FILE_BYTES:
        raise ScoringError(f"{path}: the file is larger than {MAX_FILE_BYTES} bytes")
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise ScoringError(f"{path}: not UTF-8 text (byte {error.start})") from None
    try:
        if path.endswith(".json"):
            return json.loads(text, parse_float=Decimal, parse_int=Decimal, parse_constant=_no_constant,
                              object_pairs_hook=_no_duplicates)
        try:
            import yaml
        except ImportError:
            raise ScoringError("reading YAML needs PyYAML (pip install pyyaml), or give the file as JSON") from None
        return yaml.load(text, Loader=_exact_yaml_loader())
    except ScoringError as error:
        raise ScoringError(f"{path}: {error}") from None
    except (ValueError, RecursionError) as error:
        raise ScoringError(f"{path}: not valid {'JSON' if path.endswith('.json') else 'YAML'} ({error})") from None
    except Exception as error:  # yaml.YAMLError, without importing yaml for JSON-only use
        if type(error).__module__.startswith("yaml"):
            raise ScoringError(f"{path}: not valid YAML ({' '.join(str(error).split())})") from None
        raise


def number_words(problem: tuple[str, int]) -> str:
    """A `number_problem` in words, with the bound."""
    kind, count = problem
    if kind == "decimals":
        return f"has {count:,} digits after the decimal point; at most {MAX_DECIMAL_PLACES} are accepted"
    return f"has {count:,} digits before the decimal point; at most {MAX_WHOLE_DIGITS} are accepted"


def _exact(value: Any, where: str) -> Any:
    """A value read from a bid, numbers checked against the bounds `svspec validate` applies."""
    if isinstance(value, Decimal):
        problem = number_problem(value)
        if problem is not None:
            raise ScoringError(f"{where} {number_words(problem)}")
    return value


def _texts(value: Any, where: str) -> None:
    """Refuse any text (key or value) holding a character `svspec validate` refuses."""
    if isinstance(value, str):
        found = refused_character(value)
        if found is not None:
            raise ScoringError(f"{where} holds the character {character_name(found[1])} at character {found[0] + 1}")
    elif isinstance(value, dict):
        for key, item in value.items():
            _texts(key, where)
            _texts(item, f"{where}/{key}")
    elif isinstance(value, list):
        for i, item in enumerate(value):
            _texts(item, f"{where}/{i}")


def whole_life_cost(components: Sequence[tuple[str, Decimal]], given: Mapping[str, Any]) -> Decimal | None:
    """The price scored for a bid pricing each component: Σ times × amount, exactly (issue 12 item 4).

    The one definition of whole-life cost, used by the bid reader, the engine and `scoring.py`;
    None when a component is missing or not a number (the bid checks say which).
    """
    total = Decimal(0)
    with localcontext(_EXACT):
        for code, times in components:
            amount = given.get(code)
            if type(amount) is not Decimal:
                return None
            total += times * amount
    return total


def read_bid(path: str, plan: Plan | None = None) -> BidInput:
    """A bid file (YAML when PyYAML is installed, else JSON) as core input.

    Numbers, times and text are refused exactly where `svspec validate` refuses them, so that a
    bid scores here only when it would score in svspec, and then the same.
    """
    data = _read_document(path)
    if not isinstance(data, dict) or not isinstance(data.get("bidder"), str):
        raise ScoringError(f"{path}: a bid file is a mapping with at least 'bidder'")
    _texts(data, path + ":")
    if plan is not None and data.get("tender") != plan.tender:
        raise ScoringError(f"{path}: this bid is for tender {data.get('tender')!r}, not {plan.tender!r}")
    answers = {}
    for section in ("quality", "social_value"):
        given = data.get(section) or {}
        if not isinstance(given, dict):
            raise ScoringError(f"{path}: {section} is not a group of answers by code")
        for code, value in given.items():
            if plan is not None and str(code) in plan.record_only:
                continue  # collected and checked by `svspec validate`, never scored
            value = clean_text(value) if isinstance(value, str) else value  # as the engine keeps it
            answers[str(code)] = _exact(value, f"{path}: the answer for {code}")
    price = data.get("price")
    if plan is not None and plan.price_components and not isinstance(price, dict):
        names = ", ".join(code for code, _ in plan.price_components)
        raise ScoringError(f"{path}: the tender asks for the price by component ({names}), not one figure")
    if plan is not None and plan.price_components and isinstance(price, dict):
        parts = {str(k): _exact(v, f"{path}: the price of {k}") for k, v in price.items()}
        unknown = sorted(set(parts) - {code for code, _ in plan.price_components})
        if unknown:
            raise ScoringError(f"{path}: the tender has no price component {unknown[0]!r}")
        if any(type(v) is Decimal and v < 0 for v in parts.values()):
            raise ScoringError(f"{path}: a price component cannot be negative")
        price = whole_life_cost(plan.price_components, parts)
        if price is None:
            raise ScoringError(f"{path}: every price component needs an amount in pounds")
    else:
        price = _exact(price, f"{path}: the price")
    submitted = data.get("submitted")
    if submitted is not None:
        try:
            moment = read_moment(submitted)
        except ScoringError as error:
            raise ScoringError(f"{path}: the submission time {submitted!r} cannot be used: {error}") from None
        early = plan.earliest_submission if plan is not None else EARLIEST_SUBMISSION
        if moment.at.date().isoformat() < early:
            raise ScoringError(f"{path}: the submission time {submitted} is before {early}")
    if plan is not None:
        _check_answers(plan, path, price, answers)
        for item in plan.items:
            if item.parts:
                answers[item.code] = parts_total(item.parts, answers[item.code])
    return BidInput(bidder=data["bidder"], price=price, submitted=submitted, answers=answers)


def _check_answers(plan: Plan, path: str, price: Any, answers: Mapping[str, Any]) -> None:
    """Refuse what `svspec validate` and the engine refuse in the answers: a missing or non-positive
    price, a missing or unknown answer, a value of the wrong kind, a number outside the answer's
    bounds, a choice not listed and a text over its limit (evidence is not checked here)."""
    priced = any(c.kind == "price" and c.weight for c in plan.criteria)
    if priced and (type(price) is not Decimal or price <= 0):
        raise ScoringError(f"{path}: the price must be a positive number of pounds, not {price!r}")
    known = {item.code for item in plan.items if not item.total}
    for code in answers:
        if code not in known:
            raise ScoringError(f"{path}: {code} is not a question or measure of this tender")
    for item in plan.items:
        if item.total:
            continue
        value = answers.get(item.code)
        where = f"{path}: the answer for {item.code}"
        if value is None:
            raise ScoringError(f"{where} is missing (give 0 or no when nothing is committed)")
        accepts = item.accepts
        reads = ANSWER_READS.get(item.answer, "text")
        if reads == "parts":
            names = [name for name, _ in item.parts]
            if type(value) is not dict or sorted(value) != sorted(names):
                raise ScoringError(f"{where} must give a number for each of {', '.join(names)}, not {value!r}")
            for name in names:
                figure = value[name]
                if type(figure) is not Decimal or figure < 0:
                    raise ScoringError(f"{where}: {name} must be a number, 0 or more, not {figure!r}")
                _exact(figure, f"{where}: {name}")
        elif reads == "number":
            if type(value) is not Decimal:
                raise ScoringError(f"{where} must be a number, not {value!r}")
            low, high = frac(accepts.get("minimum")), frac(accepts.get("maximum"))
            if low is not None and value < low:
                raise ScoringError(f"{where} is {value}, below the minimum of {accepts['minimum']}")
            if high is not None and value > high:
                raise ScoringError(f"{where} is {value}, above the maximum of {accepts['maximum']}")
        elif reads == "yes/no":
            if type(value) is not bool:
                raise ScoringError(f"{where} must be yes or no, not {value!r}")
        elif type(value) is not str or not value.strip():
            raise ScoringError(f"{where} must be text, not {value!r}")
        elif accepts.get("choices") and clean_text(value) not in accepts["choices"]:
            raise ScoringError(f"{where} is not one of the choices {accepts['choices']}")
        elif accepts.get("limit") is not None:
            count = count_characters(value) if accepts.get("limit_unit") == "characters" else count_words(value)
            if count > int(accepts["limit"]):
                raise ScoringError(f"{where} has {count} {accepts.get('limit_unit') or 'words'}; the limit is "
                                   f"{accepts['limit']}")


def read_marks(path: str, plan: Plan) -> dict[tuple[str, str, str], Fraction]:
    """Moderated marks from a marks file: (bidder, item, "mark" or "credibility") → mark.

    An item scored by evaluators and discounted for credibility gives its second mark under
    `credibility:` in the same entry, with its own evaluators and consensus."""
    data = _read_document(path)

    def moderated(given: Any) -> Fraction:
        evaluators = given.get("evaluators") or {}
        # An evaluator's mark adjusted after moderation counts in a mean; the original is kept in the file.
        marks = [Fraction(str(e.get("adjusted", e["mark"])).rstrip("%")) for e in evaluators.values()]
        consensus = given.get("consensus")
        agreed = Fraction(str(consensus["mark"]).rstrip("%")) if consensus else None
        return moderate(plan.moderation, marks, agreed)

    out = {}
    for entry in (data or {}).get("marks", ()):
        code, bidder = str(entry["item"]), str(entry["bidder"])
        item = plan.item(code)
        use = "mark" if ARITHMETIC[item.rule.kind].reads == "mark" else "credibility"
        out[(bidder, code, use)] = moderated(entry)
        if entry.get("credibility") is not None:
            if use != "mark" or item.rule.credibility_scale is None:
                raise ScoringError(f"{path}: {code} has one mark only; `credibility:` gives a second mark")
            out[(bidder, code, "credibility")] = moderated(entry["credibility"])
    for bidder, code, use in list(out):
        item = plan.item(code)
        if use == "mark" and item.rule.credibility_scale is not None and (bidder, code, "credibility") not in out:
            raise ScoringError(f"{path}: {bidder} has no credibility mark for {code}: add `credibility:` "
                               "with its evaluators and consensus to the entry")
    return out


def read_receipts(path: str) -> dict[str, str]:
    """The buyer's receipt times from a marks file (`received:` bidder → time), checked."""
    data = _read_document(path)
    received = (data or {}).get("received") or {}
    if not isinstance(received, dict):
        raise ScoringError(f"{path}: `received:` maps each bidder to the time their bid was received")
    out = {}
    for bidder, when in received.items():
        try:
            read_moment(when)
        except ScoringError as error:
            raise ScoringError(f"{path}: the receipt time {when!r} for {bidder} cannot be used: {error}") from None
        out[str(bidder)] = when
    return out


def read_exclusions(path: str) -> dict[str, str]:
    """The bids the buyer excluded, from a marks file (`excluded:` bidder → the reason recorded)."""
    excluded = (_read_document(path) or {}).get("excluded") or {}
    if not isinstance(excluded, dict) or not all(isinstance(r, str) and r.strip() for r in excluded.values()):
        raise ScoringError(f"{path}: `excluded:` maps each excluded bidder to the reason, as text")
    return {str(bidder): reason.strip() for bidder, reason in excluded.items()}


def submission_note(plan: Plan, bidder: str, text: str | None, receipt: bool) -> str | None:
    """A line for the report when a bid's time matters: after the closing date, or a date alone.

    `text` is the time used: the buyer's receipt (`receipt`) when the marks file gives one, which
    wins over the bid's own `submitted` claim.
    """
    moment = moment_or_none(text)
    if moment is None:
        return None
    verb, source = ("received", "the buyer's receipt time") if receipt else (
        "submitted", "the bid's own claim; no receipt time given")
    if plan.closes is not None and moment.at.date().isoformat() > plan.closes:
        return f"{bidder}: {verb} {text}, after the tender closed on {plan.closes} ({source})"
    if moment.date_only and "earliest submission" in plan.tie_break:
        return (f"{bidder}: {verb} on {text} with no time ({source}); the earliest-submission tie-break refuses "
                "a date alone, so there this bid has no time and loses any tie it decides")
    return None


def main(argv: list[str], model: dict[str, Any]) -> int:
    """`python scoring.py [--marks FILE] [--json] BID...`: print the ranking."""
    import json
    import sys

    args = list(argv)
    marks_path = None
    as_json = False
    if "--json" in args:
        args.remove("--json")
        as_json = True
    if "--marks" in args:
        at = args.index("--marks")
        if at + 1 >= len(args):
            print("usage: scoring.py [--marks FILE] [--json] BID...", file=sys.stderr)
            return 2
        marks_path = args[at + 1]
        del args[at:at + 2]
    if not args or any(a.startswith("-") for a in args):
        print("usage: scoring.py [--marks FILE] [--json] BID...", file=sys.stderr)
        return 2
    try:
        plan = load_plan(model)
        bids = [read_bid(path, plan) for path in args]
        receipts: dict[str, str] = {}
        if marks_path:
            marks = read_marks(marks_path, plan)
            receipts = read_receipts(marks_path)
            exclusions = read_exclusions(marks_path)
            with_marks = []
            for bid in bids:
                given = {c: m for (b, c, use), m in marks.items() if b == bid.bidder and use == "mark"}
                cred = {c: m for (b, c, use), m in marks.items() if b == bid.bidder and use == "credibility"}
                with_marks.append(BidInput(bidder=bid.bidder, price=bid.price,
                                           submitted=receipts.get(bid.bidder, bid.submitted),
                                           answers=bid.answers, marks=given, credibility=cred,
                                           excluded=exclusions.get(bid.bidder)))
            bids = with_marks
        rows = results_table(score(plan, bids))
        for bid in sorted(bids, key=lambda b: b.bidder):
            note = submission_note(plan, bid.bidder, bid.submitted, bid.bidder in receipts)
            if note is not None:
                print(f"note: {note}", file=sys.stderr)
    except (ScoringError, KeyError, TypeError, ValueError, ArithmeticError, OSError) as error:
        print(f"error: {error}", file=sys.stderr)
        return 1
    if as_json:
        print(json.dumps(rows, indent=2, ensure_ascii=False))
        return 0
    heads = list(rows[0]) if rows else ["rank", "bidder", "total"]
    widths = {h: max(len(h), *(len(str(r[h] if r[h] is not None else "-")) for r in rows)) for h in heads}
    print("  ".join(h.ljust(widths[h]) for h in heads))
    for row in rows:
        print("  ".join(str(row[h] if row[h] is not None else "-").ljust(widths[h]) for h in heads))
    return 0
