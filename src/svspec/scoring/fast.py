"""Exact scoring at NumPy speed (issue 12 item 9): float64 arrays, rechecked exactly where it matters.

The exact core (`core.py`) stays the definition of every result; this module reaches the same
results faster for the tenders it supports, and says None for the others (the engine then runs
the core). It is not part of the standalone `scoring.py`, which stays standard library only.

How it stays exact:

- Answers and prices arrive as int64 numerators over a power of ten per column (`BidTable`), so
  the inputs are exact. Band edges, minimums, gates and caps are compared in integers, bests are
  integer maxima.
- Each bid's total is worked out in float64 together with a proven bound on its error
  (`error_bound`). Bids whose float totals are further apart than twice the bound are in the exact
  order of their float totals; bids closer than that form a cluster, which the core's ranking
  compares exactly (with Fractions, one bid at a time, only for those bids).
- The shown (rounded) figures are decided from the floats unless a total lies within the bound of
  a rounding boundary; those totals are rounded exactly. Points rounded per question are decided
  the same way, item by item.
- Every exact figure (`Scores.total`, criterion fractions, notes' texts) is made from the integers
  on first use, so nothing is approximated when asked for.

Covered, and in any combination with one another: column by column (`vectorised`), linear
(clamped, or unclamped with the bound grown by its largest |fraction|, `_linear_biggest`), bands,
relative to best, value relative to best and value per £, with their caps, minimums, points caps
and numeric gates, points rounded per question, bids the buyer excluded (not compared, not
ranked). Items marked by evaluators (`_read_marks`, `_marks_column`): each item's moderated marks
are read once into int64 numerators over one denominator (the least common multiple of the marks'
denominators, as the core's `_common` makes it: thirds and quarters give twelfths), when every mark
is there and is a Fraction or an int held in range; the minimum to score is compared in integers and
the scale's top mark, the points cap and points rounded per question are the core's own functions
on those integers, so the column is the core's, numerator for numerator. Any other item (marks
missing, Decimals or out of range, a credibility discount, yes/no answers, bands whose edges do not
ascend, a cap no column's decimal places can hold) is scored by the core's own column function,
exactly, and only its fractions are turned into floats (each correctly rounded; the bound grows
with the largest fraction); gates on marks read so are compared in integers, other gates on marks
and gates on yes/no answers come from the core. On
the price column (`_pricing`, `_Price`), every price formula of `core.PRICE_FORMULAS` (relative to
lowest, relative to the mean of the compared prices, by deviation from the lowest floored at 0, a
fixed range clamped or unclamped) from int64 prices: the lowest is an integer minimum, the mean the
exact Fraction of an integer sum, a fixed range's ends integers over the prices' power of ten; an
unclamped range widens the error bound by its largest |fraction|. Whole-life costs (price
components) are summed exactly as a bid is read (`core.whole_life_cost`), so the price column
already holds them. The delivery minimum and the total value line (`_Committed`): each bid's valued
commitments as integers over one denominator (int64 when provably in range, else Python integers),
the minimum compared in integers, the line scored by the core's own column functions on those
integers. The stages (`_run_stages`, in the core's order): mark rules compare each moderated mark
with the rule's in integers (the marks read as above: n·d < m·den, n·d = m·den for a rule's mark
m/d), other marks as correctly rounded floats (rounding keeps their order, so only equal floats are
compared exactly); abnormally low prices (whole-life costs when priced in components) are tested in
float64 from the price numerators, exactly within 16u of the test; pass marks compare each
criterion's float share (kept with its own bound; on price, the formula's, grown by an unclamped
range's largest |fraction|) with the mark, exactly within the bound; the shortlist's cut-off is the
top-th largest float share, and only the shares within three bounds of it are compared exactly.
Bids near a boundary are worked out exactly together, from a table of those bids alone (`_subset`).
A mark rule's "scores nothing" and the delivery minimum's "social value scores nothing" are one
mechanism, a mask per criterion (`_zeros`) applied to the floats, the shares the stages read and
the exact sums alike. After each stage that sets bids aside, the relative columns and the price
formula (the lowest or the mean among the survivors, `_pricing` among the compared bids) are worked
out again, unless no best and no price figure changed (then every figure is the same). Award by
price per quality point (`_per_point_keys`), after every stage: each price ÷ total lies in a proven
interval around its float; bids are split into clusters only where every bid before is exactly
better than every bid after, and the core ranks each cluster exactly; a bid with no points is
excluded, decided exactly near 0 (`_no_points`).

Left whole to the exact core (`supported`, or None from `score`): a gate on the total value line
(gates here read answers, not commitments); a tender where every bid is excluded at some stage
(the core's report says so); any answer, price or integer formed from them past 2^53, or a price
of 0 or less, where the float argument does not hold (`_Unsupported`); a missing evaluator mark
where a mark rule reads it (the core's error names it); a table without core input for an item the
arrays do not cover.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field, replace
from decimal import Decimal, localcontext
from fractions import Fraction
from functools import partial
from itertools import chain, pairwise
from operator import attrgetter, itemgetter
from typing import Any, cast, overload

import numpy as np
import numpy.typing as npt

from svspec.scoring import core

IntArray = npt.NDArray[np.int64]
FloatArray = npt.NDArray[np.float64]
BoolArray = npt.NDArray[np.bool_]

_SAFE = 2**53
"""Integers below this are exact in float64."""
_READ_SAFE = 2**50
"""Numerators read through float64 (`_read_column`) are exact below this (the proof is there)."""
_UNIT = 2.0**-53
"""The unit roundoff of float64."""
_KINDS = frozenset({"linear", "bands", "relative-to-best", "value-relative-to-best", "value-per-pound"})


@dataclass(frozen=True, slots=True)
class BidTable:
    """Bids as arrays, what a bid reader hands the fast path: no Python number per answer.

    `answers[code]` is (numerators, places): the answer of bid i is numerators[i] / 10**places.
    `prices` likewise (None when the tender does not score price). `submitted` may be None.
    `excluded` is the buyer's reason per bid (None: not excluded). `inputs`, when given, is each bid
    as core input (made on use, in the table's order): the columns the arrays do not cover read it.
    """

    bidders: Sequence[str]
    answers: dict[str, tuple[IntArray, int]]
    prices: tuple[IntArray, int] | None = None
    submitted: Sequence[str | None] | None = None
    excluded: Sequence[str | None] | None = None
    inputs: Sequence[core.BidInput] | None = field(default=None, compare=False)
    clean: frozenset[str] = frozenset()
    """Columns read from answers (`from_answers`) that every bid answered with a plain decimal well
    inside the engine's limits: the engine's per-answer checks could find nothing there."""

    @staticmethod
    def from_inputs(plan: core.Plan, bids: Sequence[core.BidInput]) -> BidTable | None:
        """The table of core inputs, or None when an answer is not a decimal that fits in int64."""
        answers = {}
        for item in plan.items:
            if not vectorised(plan, item):
                continue
            column = _decimal_column([b.answers.get(item.code) for b in bids])
            if column is None:
                return None
            answers[item.code] = column
        prices = None
        if _scores_price(plan):
            prices = _decimal_column([b.price for b in bids])
            if prices is None:
                return None
        excluded = [b.excluded for b in bids]
        return BidTable(bidders=[b.bidder for b in bids], answers=answers, prices=prices,
                        submitted=[b.submitted for b in bids], excluded=excluded if any(excluded) else None,
                        inputs=bids)

    @staticmethod
    def from_answers(plan: core.Plan, bidders: Sequence[str], answers: Sequence[Mapping[str, Any]],
                     prices: Sequence[Any], submitted: Sequence[str | None],
                     excluded: Sequence[str | None] | None = None,
                     inputs: Sequence[core.BidInput] | None = None) -> BidTable | None:
        """The table read straight from checked bids' answers (one mapping per bid, code → number; a
        missing number counts 0, as `engine.to_input` makes it): each bid's answers read once, bid by
        bid, when every one is a Decimal (`_read_rows`), else one column at a time; no core input per
        bid. None when an answer is not a decimal that fits (the engine then makes core inputs)."""
        columns: dict[str, tuple[IntArray, int]] = {}
        codes = [item.code for item in plan.items if vectorised(plan, item)]
        rows: list[tuple[Any, ...]] | None = None
        if len(codes) > 1:
            getter = itemgetter(*codes)
            try:
                rows = [getter(a) for a in answers]
            except KeyError:
                rows = None
        clean = set()
        transposed = None
        if rows and set(map(type, chain.from_iterable(rows))) == {Decimal}:
            read_all = _read_rows(rows, len(codes))  # each bid's answers once, bid by bid
            if read_all is None:
                return None
            for code, (column, by_text) in zip(codes, read_all, strict=True):
                columns[code] = column
                if by_text and _plain_column(column):
                    clean.add(code)
            codes = []  # every column read
        elif rows:
            transposed = list(zip(*rows))  # noqa: B905 (every row has one value per code)
        for j, code in enumerate(codes):
            values = list(transposed[j]) if transposed is not None else [a.get(code) for a in answers]
            read = _read_texts(values)
            if read is None:
                return None
            column, by_text = read
            columns[code] = column
            if by_text and _plain(values, column):
                clean.add(code)
        price_column = None
        if _scores_price(plan):
            price_column = _read_column(list(prices), missing=False)
            if price_column is None:
                return None
        return BidTable(bidders=bidders, answers=columns, prices=price_column, submitted=submitted,
                        excluded=excluded if excluded is not None and any(excluded) else None, inputs=inputs,
                        clean=frozenset(clean))


_PLAIN_LIMIT = 10**14
"""Answers below this in size are inside the engine's limit on whole digits (`core.MAX_WHOLE_DIGITS`)."""


def _plain(values: list[Any], column: tuple[IntArray, int]) -> bool:
    """Whether every answer is there, an int or a finite Decimal written without an exponent, below
    10^14 in size and with at most 18 places: then `engine.check_bids` has nothing to say about it."""
    if not set(map(type, values)) <= {Decimal, int}:
        return False  # a missing answer (a warning), or anything else
    return _plain_column(column)


def _plain_column(column: tuple[IntArray, int]) -> bool:
    """`_plain` for a column whose answers are all there, each an int or a Decimal."""
    nums, places = column
    if places > min(18, core.MAX_DECIMAL_PLACES) or core.MAX_WHOLE_DIGITS < 15 or not len(nums):
        return False
    return bool(int(np.abs(nums).max()) < _PLAIN_LIMIT * 10**places)


_ROWS_AT_ONCE = 1024
"""Bids whose answers' texts `_read_rows` holds at once (51,200 strings at 50 answers a bid)."""


def _read_rows(rows: list[tuple[Any, ...]], width: int) -> list[tuple[tuple[IntArray, int], bool]] | None:
    """`_read_texts` of every column, from the bids' rows of `width` answers (every one a Decimal):
    each bid's answers are read once, together, instead of once a column (at 300,000 bids, a pass a
    column over every bid misses the CPU's caches on each). The texts are made a block of bids at a
    time; the places of a column are the most among its texts, as `_most_places` finds them. A
    column the texts do not settle (an exponent, an sNaN, too many places, a numerator past 2^50,
    NaN or Infinity) is left to `_read_texts`, which decides it as before."""
    floats = np.empty((len(rows), width), dtype=np.float64)
    places = np.zeros(width, dtype=np.int64)
    for start in range(0, len(rows), _ROWS_AT_ONCE):
        strings = list(map(str, chain.from_iterable(rows[start:start + _ROWS_AT_ONCE])))
        buffer = np.frombuffer(("\n".join(strings) + "\n").encode("ascii", errors="replace"), dtype=np.uint8)
        if (buffer == ord("E")).any():
            return _read_columns(rows, width, range(width), {})
        try:
            block = np.fromiter(map(float, strings), dtype=np.float64, count=len(strings))
        except ValueError:  # sNaN
            return _read_columns(rows, width, range(width), {})
        floats[start:start + _ROWS_AT_ONCE] = block.reshape(-1, width)
        ends = np.flatnonzero(buffer == ord("\n"))
        dots = np.flatnonzero(buffer == ord("."))
        after = np.zeros(len(strings), dtype=np.int64)  # each text's digits after its point (a Decimal has one)
        text = np.searchsorted(ends, dots)
        after[text] = ends[text] - dots - 1
        np.maximum(places, after.reshape(-1, width).max(axis=0), out=places)
    out: dict[int, tuple[tuple[IntArray, int], bool]] = {}
    for j, p in enumerate(places.tolist()):
        if p > 18:
            continue
        scaled = floats[:, j] * 10.0**p
        if np.isfinite(scaled).all() and np.abs(scaled).max() < _READ_SAFE:
            out[j] = (np.rint(scaled).astype(np.int64), p), True
    return _read_columns(rows, width, [j for j in range(width) if j not in out], out)


def _read_columns(rows: list[tuple[Any, ...]], width: int, left: Sequence[int],
                  read: dict[int, tuple[tuple[IntArray, int], bool]]) -> list[tuple[tuple[IntArray, int], bool]] | None:
    """The columns `read` already, with those `left` read by `_read_texts`; None when one is refused."""
    for j in left:
        column = _read_texts([row[j] for row in rows])
        if column is None:
            return None
        read[j] = column
    return [read[j] for j in range(width)]


def _read_column(values: list[Any], *, missing: bool = True) -> tuple[IntArray, int] | None:
    """Checked answers as numerators over 10**places (`_read_texts`)."""
    read = _read_texts(values, missing=missing)
    return None if read is None else read[0]


def _read_texts(values: list[Any], *, missing: bool = True) -> tuple[tuple[IntArray, int], bool] | None:
    """Checked answers (Decimals and ints; None counts 0 when `missing`) as numerators over 10**places,
    with two C-speed passes instead of Decimal arithmetic per answer.

    The places come from each number's text (exact: a Decimal's str has its exponent, or an `E` that
    sends the column to `_decimal_column`). The numerator n = v·10^p is then rint(float(v)·10^p):
    float(v) is within u·|v| of v and the product rounds once more, so the error is at most
    (2u + u²)·|n| < 0.5 when |n| < 2^50, and rint gives n exactly. Larger columns take the exact way.
    """
    kinds = set(map(type, values))  # (not `None in values`: comparing a Decimal with None is slow)
    if missing and type(None) in kinds:
        values = [0 if v is None else v for v in values]
        kinds = set(map(type, values))
    if not kinds <= {Decimal, int} or not values:
        return _exactly(values)
    if kinds == {int}:
        if max(values) >= _READ_SAFE or min(values) <= -_READ_SAFE:
            return _exactly(values)
        return (np.array(values, dtype=np.int64), 0), True
    strings = list(map(str, values))  # float(Decimal) goes through its text: make the text once
    places = _most_places(strings)
    if places is None:
        return _exactly(values)  # an exponent: the places are not after the point, the exact way decides
    if places > 18:
        return None
    try:
        floats = np.fromiter(map(float, strings), dtype=np.float64, count=len(strings))
    except ValueError:  # sNaN
        return None
    scaled = floats * 10.0**places
    if not np.isfinite(scaled).all() or np.abs(scaled).max() >= _READ_SAFE:
        return _exactly(values)  # NaN, Infinity or a numerator past 2^50: the exact way decides
    return (np.rint(scaled).astype(np.int64), places), True


def _exactly(values: list[Any]) -> tuple[tuple[IntArray, int], bool] | None:
    """The column by Decimal arithmetic (`_decimal_column`), not read through the texts."""
    column = _decimal_column(values)
    return None if column is None else (column, False)


def _most_places(strings: list[str]) -> int | None:
    """The most digits after the point among numbers' texts; None when one has an exponent (E).

    The texts are joined and read as bytes in one pass: each point belongs to the text whose end
    (the newline after it) comes first after the point."""
    joined = ("\n".join(strings) + "\n").encode("ascii", errors="replace")
    buffer = np.frombuffer(joined, dtype=np.uint8)
    if (buffer == ord("E")).any():
        return None
    ends = np.flatnonzero(buffer == ord("\n"))
    dots = np.flatnonzero(buffer == ord("."))
    if not len(dots):
        return 0
    return int((ends[np.searchsorted(ends, dots)] - dots - 1).max())


def _decimal_column(values: list[Any]) -> tuple[IntArray, int] | None:
    """Decimals (or ints) as numerators over one power of ten; None for anything else or too large."""
    places = 0
    for v in values:
        if type(v) is int:
            continue
        if type(v) is not Decimal or not v.is_finite() or not -19 <= v.adjusted() < 17:
            return None  # (1E+999999999 would make a billion-digit integer: refused before any arithmetic)
        exponent = v.as_tuple().exponent
        assert isinstance(exponent, int)
        places = max(places, -exponent)
    if places > 18:
        return None
    scale = 10**places
    nums = [int(v * scale) if type(v) is int else int(v.scaleb(places)) for v in values]
    if nums and max(abs(min(nums)), abs(max(nums))) >= _SAFE:
        return None
    return np.array(nums, dtype=np.int64), places


def supported(plan: core.Plan) -> bool:
    """Whether the fast path scores this plan (else the exact core does; see the module's docstring)."""
    if plan.award not in ("weighted total", "price per quality point"):
        return False
    # A gate on the total value line reads the commitments, which the gates here do not.
    return not any(item.total and (item.rule.gate is not None or item.rule.gate_yes) for item in plan.items)


def vectorised(plan: core.Plan, item: core.Item) -> bool:
    """Whether the arrays score this item's column (else the core's column function does, exactly)."""
    rule = item.rule
    if item.total or rule.kind not in _KINDS or rule.gate_yes or rule.credibility_scale is not None:
        return False
    if rule.kind == "linear" and (rule.low is None or rule.high is None or rule.low == rule.high):
        return False
    if rule.kind == "bands" and any(a >= b for (a, _), (b, _) in pairwise(rule.bands)):
        return False  # the core bisects the edges: only ascending edges mean "the highest reached"
    return not (rule.kind == "value-per-pound" and (rule.target is None or rule.target <= 0
                                                      or plan.contract_value <= 0))


# ---------------------------------------------------------------------------------- exact, per bid
@dataclass(frozen=True, slots=True)
class _Exact:
    """Exact figures for one bid at a time, from the integers (used for clusters and when asked).

    `columns` are the core's own columns for the items the arrays do not cover; `rounded` the points
    per question (× 100 × 10^item_places, as `core.rounded_key` gives them) of the covered items."""

    plan: core.Plan
    table: BidTable
    bests: dict[str, Fraction]
    lowest: Fraction | None
    columns: dict[str, core.Column]
    rounded: dict[str, IntArray]
    whole: dict[str, core.Column] = field(default_factory=dict)
    """Covered items' columns as the core's integers, made whole once many of their bids are asked."""
    pricing: _Price | None = None
    """The price formula's integers (`_pricing`); None without a price criterion."""
    zero: Mapping[str, BoolArray] = field(default_factory=dict)
    """Per criterion, the bids that score nothing for it (`_zeros`): a mark rule's "scores nothing"
    (`_mark_rules`), and social value below the delivery minimum when the tender says so (`_Committed`)."""

    def integer_column(self, item: core.Item) -> core.Column:
        """The covered item's column as the core's integers (numerators over one denominator), made once:
        explaining every bid then makes one Fraction per figure, as the core's columns do."""
        column = self.columns.get(item.code) or self.whole.get(item.code)
        if column is None:
            column = self.whole[item.code] = _integer_column(self, item)
        return column

    def sums(self, kind: str) -> tuple[list[Any], int]:
        """Criterion `kind`'s sums for every bid, as the core's `_sum_parts` makes them."""
        c = next(c for c in self.plan.criteria if c.kind == kind)
        with localcontext(core._EXACT):  # the core's columns may hold Decimals: no rounding in their sums
            acc, den = core._sum_parts([(item.weight, self.integer_column(item)) for item in c.items],
                                       len(self.table.bidders))
        acc = acc if acc is not None else [0] * len(self.table.bidders)
        if kind in self.zero:  # a mark rule's or the delivery minimum's "nothing", as the core's `run`
            acc = [0 if z else a for a, z in zip(acc, self.zero[kind].tolist(), strict=True)]
        return acc, den

    def answer(self, code: str, i: int) -> Fraction:
        nums, places = self.table.answers[code]
        return Fraction(int(nums[i]), 10**places)

    def item_fraction(self, item: core.Item, i: int) -> Fraction:
        """The core's fraction of the item's points for bid i (see the core's column functions)."""
        column = self.columns.get(item.code) or self.whole.get(item.code)
        if column is not None:
            return column.fraction(i)
        if item.code in self.rounded:
            assert self.plan.item_places is not None
            return Fraction(int(self.rounded[item.code][i]), 100 * 10**self.plan.item_places)
        return self.unrounded(item, i)

    def unrounded(self, item: core.Item, i: int) -> Fraction:
        """Bid i's fraction of a covered item's points before any rounding per question."""
        rule, x = item.rule, self.answer(item.code, i)
        counted = min(x, rule.cap) if rule.cap is not None else x
        below = rule.threshold is not None and x < rule.threshold
        if rule.kind == "linear":
            assert rule.low is not None and rule.high is not None
            share = (counted - rule.low) / (rule.high - rule.low)
            if rule.clamped:
                share = min(max(share, Fraction(0)), Fraction(1))
        elif rule.kind == "bands":
            share = rule.otherwise
            for at_least, band in rule.bands:
                if counted >= at_least:
                    share = band
        elif rule.kind == "value-per-pound":
            assert rule.target is not None
            per_unit = item.value_per_unit if item.value_per_unit is not None else Fraction(1)
            share = min(max(counted * per_unit / (self.plan.contract_value * rule.target), Fraction(0)), Fraction(1))
        else:
            best = self.bests[item.code]
            share = min(max(counted, Fraction(0)), best) / best if best and not below else Fraction(0)
        if below:
            share = Fraction(0)
        return min(share, rule.points_cap) if rule.points_cap is not None else share

    def criterion(self, kind: str, i: int) -> Fraction:
        """Bid i's fraction of criterion `kind`'s points."""
        if kind == "price":
            return self.price_fraction(i)
        if kind in self.zero and self.zero[kind][i]:
            return Fraction(0)
        c = next(c for c in self.plan.criteria if c.kind == kind)
        return sum((item.weight * self.item_fraction(item, i) for item in c.items), Fraction(0))

    def price(self, i: int) -> Fraction:
        assert self.table.prices is not None
        nums, places = self.table.prices
        return Fraction(int(nums[i]), 10**places)

    def price_fraction(self, i: int) -> Fraction:
        assert self.pricing is not None and self.table.prices is not None
        return self.pricing.fraction(int(self.table.prices[0][i]))

    def total(self, i: int) -> Fraction:
        return core.HUNDRED * sum((c.weight * self.criterion(c.kind, i) for c in self.plan.criteria), Fraction(0))


def _integer_column(exact: _Exact, item: core.Item) -> core.Column:
    """A covered item's column in the core's integers (`core.Column`), from the arrays: the same
    fractions as `_Exact.unrounded` (or the points rounded per question), for every bid at once."""
    nums, places = exact.table.answers[item.code]
    if item.code in exact.rounded:
        assert exact.plan.item_places is not None
        return core.Column(nums=exact.rounded[item.code].tolist(), den=100 * 10**exact.plan.item_places)
    rule, scale = item.rule, 10**places
    counted = _counted_nums(item, nums, places)
    best: Fraction | None = None
    values: list[int]
    if rule.kind == "bands":
        edges = np.array([math.ceil(a * scale) for a, _ in rule.bands], dtype=np.float64)
        den = math.lcm(rule.otherwise.denominator, *(f.denominator for _, f in rule.bands))
        table = np.array([rule.otherwise.numerator * (den // rule.otherwise.denominator),
                          *(f.numerator * (den // f.denominator) for _, f in rule.bands)], dtype=object)
        values = table[np.searchsorted(edges, counted, side="right")].tolist()
    elif rule.kind == "linear":
        assert rule.low is not None and rule.high is not None
        dl = rule.low.denominator * (rule.high.denominator // math.gcd(rule.low.denominator, rule.high.denominator))
        low, span = int(rule.low * dl * scale), int((rule.high - rule.low) * dl * scale)
        sign = 1 if span > 0 else -1
        den = span * sign
        raw = (counted * dl - low) * sign  # below 2^53: checked on the float path
        values = (np.clip(raw, 0, den) if rule.clamped else raw).tolist()
    elif rule.kind == "value-per-pound":
        assert rule.target is not None
        per_unit = item.value_per_unit if item.value_per_unit is not None else Fraction(1)
        k = per_unit / (exact.plan.contract_value * rule.target) / scale
        kn, den = k.numerator, k.denominator
        values = [min(max(x * kn, 0), den) for x in counted.tolist()]
    else:
        best = exact.bests[item.code]
        top = int(best * scale)
        den = top or 1
        values = np.minimum(counted, top).tolist() if top else [0] * len(counted)
    if rule.threshold is not None and not core.is_relative(rule.kind):
        values = np.where(nums >= _at_least(rule.threshold, places), np.array(values, dtype=object), 0).tolist()
    if rule.points_cap is not None:
        a, b = rule.points_cap.numerator, rule.points_cap.denominator
        limit = den * a
        values = [v * b if v * b < limit else limit for v in values]
        den *= b
    return core.Column(nums=values, den=den, best=best)


@dataclass(frozen=True, slots=True, kw_only=True)
class _ArrayColumn(core.Column):
    """A covered item's column for the reports (`Scores.column`): each fraction made exactly from the
    integers on use, so that explaining a bid never makes core input for every bid."""

    item: core.Item
    exact: _Exact

    def fraction(self, index: int) -> Fraction:
        return self.exact.integer_column(self.item).fraction(index)


WHOLE_AFTER = 64
"""Bids asked one at a time before a lazy list works out every bid at once (`_Lazy`), whatever the
number of bids: the engine explains every bid, so a list asked this often is read whole. (Waiting
for `size // 32` bids, as before, cost 3,125 bids one at a time at 100,000, about as long as
working them all out, and then all of them as well: about 2 s of `engine.score`'s CPU, measured.)"""


class _Lazy(Sequence[Any]):
    """A read-only list whose item i is made on first use (100,000 exact totals are not made unasked)."""

    def __init__(self, size: int, make: Callable[[int], Any],
                 whole: Callable[[], Callable[[int], Any]] | None = None) -> None:
        self._size, self._make, self._done = size, make, cast(dict[int, Any], {})
        self._whole = whole
        self._left = WHOLE_AFTER

    def _made(self, index: int) -> Any:
        """Item `index`: one bid at a time while few are asked (clusters, a few notes); once many are
        (every bid explained), `whole` works every bid out at once in integers, which is cheaper each."""
        if self._whole is not None:
            self._left -= 1
            if self._left < 0:
                self._make, self._whole = self._whole(), None
        return self._make(index)

    def __len__(self) -> int:
        return self._size

    @overload
    def __getitem__(self, index: int) -> Any: ...
    @overload
    def __getitem__(self, index: slice) -> list[Any]: ...
    def __getitem__(self, index: int | slice) -> Any:
        if isinstance(index, slice):
            return [self[i] for i in range(*index.indices(self._size))]
        if index < 0:
            index += self._size
        if not 0 <= index < self._size:
            raise IndexError(index)
        if index not in self._done:
            self._done[index] = self._made(index)
        return self._done[index]

    def __iter__(self) -> Iterator[Any]:
        return (self[i] for i in range(self._size))

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Sequence) and list(self) == list(other)

    __hash__ = None  # type: ignore[assignment]


# ---------------------------------------------------------------------------------- float64 with a bound
def _as_float(x: Fraction) -> float:
    return x.numerator / x.denominator


class _Unsupported(Exception):
    """A number too large for the float path's exactness argument: the exact core scores the tender."""


def _at_least(x: Fraction, places: int) -> int:
    """The smallest numerator over 10**places that is at least x: n ≥ this ⇔ n / 10**places ≥ x."""
    top: int = -(-(x.numerator * 10**places) // x.denominator)
    return top


def _counted_nums(item: core.Item, nums: IntArray, places: int) -> IntArray:
    """The answers as the rule counts them, in the column's integers: capped (the cap must be a whole
    number of the column's units, else the core's column scores the item), and for relative rules
    0 below zero and below the minimum."""
    rule = item.rule
    counted = nums
    if rule.cap is not None:
        cap = rule.cap * 10**places
        if cap.denominator != 1:
            raise _Unsupported
        counted = np.minimum(counted, int(cap))
    if core.is_relative(rule.kind):
        counted = np.maximum(counted, 0)
        if rule.threshold is not None:
            counted = np.where(nums >= _at_least(rule.threshold, places), counted, 0)
    return counted


def _best(item: core.Item, counted: IntArray, compared: BoolArray | None) -> int:
    """The best counted quantity of a relative rule among the compared bids (all when none is), in the
    column's integers (0: nobody scores)."""
    if item.rule.kind == "value-relative-to-best" and item.value_per_unit == 0:
        return 0
    pool = counted if compared is None or not compared.any() else counted[compared]
    return max(int(pool.max(initial=0)), 0)


def _item_floats(plan: core.Plan, item: core.Item, nums: IntArray, places: int, best: int) -> FloatArray:
    """The item's fractions in float64, each within 8 units of roundoff of the exact one.

    Linear: the numerator a·dl − nl·10^p is an exact integer (checked below 2^53), so only the final
    division rounds. Bands: the edges are compared as integers (ceil(edge·10^p) ≤ a), so exact.
    Relative: an exact integer over the exact integer best, one rounding. Value per £: the answer
    (one rounding), the constant (one) and the product (one), clipped (clipping never adds error).
    A minimum sets exact zeros; a points cap is a minimum with the cap in float64 (one rounding).
    """
    rule, scale = item.rule, 10**places
    counted = _counted_nums(item, nums, places)
    if rule.kind == "bands":
        edges = np.array([math.ceil(a * scale) for a, _ in rule.bands], dtype=np.float64)
        table = np.array([_as_float(rule.otherwise), *(_as_float(f) for _, f in rule.bands)])
        # The edges are integers (or huge): comparing an int64 answer with them as floats is exact below 2^53.
        if len(edges) and np.abs(edges).max() >= _SAFE:
            raise _Unsupported
        out = table[np.searchsorted(edges, counted, side="right")]
    elif rule.kind == "linear":
        assert rule.low is not None and rule.high is not None
        dl = rule.low.denominator * (rule.high.denominator // math.gcd(rule.low.denominator, rule.high.denominator))
        low, span = rule.low * dl * scale, (rule.high - rule.low) * dl * scale  # integers
        assert low.denominator == 1 and span.denominator == 1
        biggest = max(int(counted.max(initial=0)), -int(counted.min(initial=0))) * dl + abs(int(low))
        if biggest >= _SAFE:
            raise _Unsupported
        top = (counted * dl - int(low)).astype(np.float64)
        out = top / float(int(span))
        if rule.clamped:  # unclamped: below 0 and above 1 as the rule says (`_linear_biggest` bounds it)
            out = np.clip(out, 0.0, 1.0)
    elif rule.kind == "value-per-pound":
        assert rule.target is not None
        per_unit = item.value_per_unit if item.value_per_unit is not None else Fraction(1)
        k = per_unit / (plan.contract_value * rule.target) / scale
        out = np.clip(counted.astype(np.float64) * _as_float(k), 0.0, 1.0)
    elif best == 0:
        out = np.zeros(len(nums))
    else:
        out = np.minimum(counted, best).astype(np.float64) / float(best)
    if rule.threshold is not None and not core.is_relative(rule.kind):
        out = np.where(nums >= _at_least(rule.threshold, places), out, 0.0)
    if rule.points_cap is not None:
        out = np.minimum(out, _as_float(rule.points_cap))
    return out


def _stated(plan: core.Plan, floats: FloatArray, exact: Callable[[int], Fraction], biggest: float = 1.0
            ) -> tuple[IntArray, FloatArray]:
    """Points per question rounded to the tender's places before weighting (`core._stated_points`):
    the keys (points × 10^places, exactly as `core.rounded_key` gives them) and the fractions in float64.

    The float fraction is within 8u·M of the exact one (|f| ≤ M, `biggest`: 1 but for an unclamped
    linear rule), so 100·f within 900u·M of 100 times it: a bound of 1000u·M leaves the rounding to
    the float except near a half, where `exact` decides."""
    assert plan.item_places is not None
    keys = _rounded_keys(floats * 100.0, 1000.0 * _UNIT * biggest, plan.item_places, exact)
    return keys, keys.astype(np.float64) / float(100 * 10**plan.item_places)


def _core_floats(column: core.Column, n: int) -> FloatArray:
    """An item the core scored, its fractions in float64: each correctly rounded (one rounding).

    Integer numerators and a denominator below 2^53 are exact in float64, so one division rounds
    correctly, as float(Fraction) does; other columns go through their Fractions."""
    nums, scale = column.nums, column.scale
    if type(column) is core.Column and len(nums) == n and column.den < _SAFE and set(map(type, nums)) <= {int}:
        top = max(map(abs, nums), default=0) * abs(scale)
        if top < _SAFE:
            return np.array(nums, dtype=np.int64).astype(np.float64) * float(scale) / float(column.den)
    try:
        return np.array([float(column.fraction(i)) for i in range(n)], dtype=np.float64)
    except OverflowError:
        raise _Unsupported from None


@dataclass(frozen=True, slots=True)
class _Floats:
    totals: FloatArray
    bound: float
    exact: _Exact
    shares: dict[str, FloatArray] = field(default_factory=dict)
    """The shares (0..1 of the criterion's points) of the criteria asked for (`keep`), in float64."""
    bounds: dict[str, float] = field(default_factory=dict)
    """A bound on the error of each of those shares."""
    core_floats: dict[str, FloatArray] = field(default_factory=dict)
    """The fractions of the columns the core scored (`_Exact.columns`), in float64."""


def _float_totals(plan: core.Plan, table: BidTable, compared: BoolArray | None = None,
                  bids: Sequence[core.BidInput] | None = None, committed: _Committed | None = None, *,
                  zero: Mapping[str, BoolArray] | None = None, keep: frozenset[str] = frozenset(),
                  reuse: Mapping[str, core.Column] | None = None,
                  reuse_floats: Mapping[str, FloatArray] | None = None,
                  marks: Mapping[str, _Marks] | None = None) -> _Floats:
    """Totals out of 100 in float64 and one bound on every total's error.

    Every term w·f has |w·f| ≤ |w|·M, where M is the largest |fraction| of the item (1 for the items
    the arrays cover: their fractions are clipped to 0..1, the price fraction is at most 1). Each term
    carries at most 8 roundings of its own (the fraction) plus 2 (the weight as a float and the
    product), the running sum of m terms adds at most m, and the criterion weight and the 100 add 4:
    |float − exact| ≤ (m + 14)·u·100·Σ|w|·M·(1 + small). The bound taken, 2·(m + 32)·u·100·Σ|w|·M,
    is over twice that.

    The share of a criterion in `keep` alone (before its weight and the 100) has the bound
    2·(m + 32)·u·Σ|w|·M likewise. `reuse`: columns the core made for these bids before, of which the
    absolute ones (not relative to the best) do not depend on `compared` and are taken as they are,
    with their floats (`reuse_floats`). `marks`: evaluators' marks read into integers (`_read_marks`),
    from which their items' columns are made as the core makes them (`_marks_column`).
    """
    reuse_floats = reuse_floats or {}
    zero = _zeros(zero, committed)
    n = len(table.bidders)
    compared_list = [True] * n if compared is None else compared.tolist()
    bids = bids if bids is not None else table.inputs or ()
    bests: dict[str, int] = {}
    columns: dict[str, core.Column] = {}
    floats: dict[str, FloatArray] = {}
    biggest: dict[str, float] = {}
    for item in plan.items:
        if item.code in table.answers and vectorised(plan, item):
            nums, places = table.answers[item.code]
            _checked(nums)
            try:
                counted = _counted_nums(item, nums, places)
            except _Unsupported:  # a cap between the column's units: the core's column, exactly
                pass
            else:
                if core.is_relative(item.rule.kind):
                    bests[item.code] = _best(item, counted, compared)
                if item.rule.kind == "linear" and not item.rule.clamped:
                    biggest[item.code] = _linear_biggest(item.rule, counted, places)
                continue
        if reuse is not None and item.code in reuse and not core.is_relative(item.rule.kind):
            columns[item.code] = reuse[item.code]
            continue
        if item.total and committed is not None:
            columns[item.code] = committed.column(plan, item, cast(list[core.BidInput], bids), compared_list)
            continue
        made = _marks_column(plan, item, marks[item.code]) if marks and item.code in marks else None
        columns[item.code] = made if made is not None else core.item_column(plan, item, cast(list[core.BidInput], bids),
                                                                             compared_list)
    pricing = _pricing(plan, table, compared)
    if table.prices is not None and plan.award == "price per quality point" \
            and len(_checked(table.prices[0])) and int(table.prices[0].min()) <= 0:
        raise _Unsupported  # a price of 0 or less per point: the core's arithmetic decides
    exact = _Exact(plan, table, {code: Fraction(best, 10 ** table.answers[code][1]) for code, best in bests.items()},
                   pricing.reference if pricing is not None else None, columns, {}, pricing=pricing,
                   zero=zero)
    for code, column in columns.items():
        if reuse is not None and reuse.get(code) is column and code in reuse_floats:
            floats[code] = reuse_floats[code]  # the same column as before: the same floats
        else:
            floats[code] = _core_floats(column, n)
        biggest[code] = max(1.0, float(np.abs(floats[code]).max(initial=0.0)) * (1.0 + 4.0 * _UNIT))
    if plan.item_places is not None:
        for item in plan.items:
            if item.code in columns:
                continue  # the core's column is rounded already
            nums, places = table.answers[item.code]
            unrounded = _item_floats(plan, item, nums, places, bests.get(item.code, 0))
            keys, floats[item.code] = _stated(plan, unrounded, partial(_hundred_times, exact, item),
                                              biggest.get(item.code, 1.0))
            exact.rounded[item.code] = keys
    total = np.empty(n)
    shares = {kind: np.empty(n) for kind in keep}
    for start in range(0, n, BLOCK):
        block = slice(start, min(n, start + BLOCK))
        total[block] = _block_totals(plan, table, block, bests, pricing, floats, zero, shares)
    bounds = {c.kind: 2.0 * (len(c.items) + 33) * _UNIT
              * max(1.0, sum(abs(_as_float(i.weight)) * biggest.get(i.code, 1.0) for i in c.items),
                    pricing.biggest if c.kind == "price" and pricing is not None else 1.0)
              for c in plan.criteria if c.kind in keep}
    terms = len(plan.items) + 1
    # Weights need not add up to 1 in a plan: the bound grows with the largest possible |total|.
    scale = sum(abs(_as_float(c.weight)) * max(1.0, sum(abs(_as_float(i.weight)) * biggest.get(i.code, 1.0)
                                                        for i in c.items))
                for c in plan.criteria if c.kind != "price")
    if pricing is not None:  # an unclamped fixed range may score below 0 (or above 1): its largest |fraction|
        scale += abs(_as_float(next(c.weight for c in plan.criteria if c.kind == "price"))) * pricing.biggest
    bound = 2.0 * (terms + 32) * _UNIT * 100.0 * max(1.0, scale)
    return _Floats(totals=total, bound=bound, exact=exact, shares=shares, bounds=bounds,
                   core_floats={code: floats[code] for code in columns})


def _zeros(zero: Mapping[str, BoolArray] | None, committed: _Committed | None) -> dict[str, BoolArray]:
    """Per criterion, the bids that score nothing for it: a mark rule's zeros (`_mark_rules`) and,
    when the tender gives nothing below the delivery minimum, the short bids' social value. Both zero
    a criterion's sum in the core's `run`, so one mask per criterion serves both."""
    out = dict(zero or {})
    if committed is not None and committed.nothing is not None:
        mine = out.get("social value")
        out["social value"] = committed.nothing if mine is None else mine | committed.nothing
    return out


def _linear_biggest(rule: core.Rule, counted: IntArray, places: int) -> float:
    """The largest |fraction| an unclamped linear rule gives these counted answers (at least 1), a
    little over: the fraction is monotonic in the answer, so it is largest at the smallest or the
    largest answer (a points cap or a minimum only brings it nearer 0)."""
    assert rule.low is not None and rule.high is not None
    scale = 10**places
    ends = [Fraction(int(x), scale) for x in (counted.min(initial=0), counted.max(initial=0))]
    largest = max(abs((x - rule.low) / (rule.high - rule.low)) for x in ends)
    return max(1.0, float(largest) * (1.0 + 4.0 * _UNIT))


def _hundred_times(exact: _Exact, item: core.Item, i: int) -> Fraction:
    return core.HUNDRED * exact.unrounded(item, i)


BLOCK = 1 << 15
"""Bids per block: a block's columns stay in the processor's cache, so that time grows linearly."""


def _checked(nums: IntArray) -> IntArray:
    """`nums`, when every one is below 2^53 in size (exact in float64); else the core scores the tender."""
    if len(nums) and (int(nums.max()) >= _SAFE or int(nums.min()) <= -_SAFE):
        raise _Unsupported
    return nums


def _block_totals(plan: core.Plan, table: BidTable, block: slice, bests: dict[str, int], pricing: _Price | None,
                  floats: dict[str, FloatArray], zero: Mapping[str, BoolArray] | None = None,
                  shares: dict[str, FloatArray] | None = None) -> FloatArray:
    """The float totals of the bids in `block` (the criteria's shares weighted, times 100); `floats`
    are the fractions worked out whole (the core's columns, points rounded per question). `zero`:
    the bids whose criterion scores nothing (`_zeros`); the criteria in `shares` keep their shares."""
    size = block.stop - block.start
    total: FloatArray = np.zeros(size)
    for c in plan.criteria:
        share: FloatArray = np.zeros(size)
        if c.kind == "price":
            assert table.prices is not None and pricing is not None
            share = pricing.floats(table.prices[0][block])
        for item in c.items:
            if item.code in floats:
                fractions = floats[item.code][block]
            else:
                nums, places = table.answers[item.code]
                fractions = _item_floats(plan, item, nums[block], places, bests.get(item.code, 0))
            share += _as_float(item.weight) * fractions
        if zero and c.kind in zero:
            share[zero[c.kind][block]] = 0.0
        if shares is not None and c.kind in shares:
            shares[c.kind][block] = share
        total += (100.0 * _as_float(c.weight)) * share
    return total


def _clusters(totals: FloatArray, bound: float) -> tuple[npt.NDArray[np.intp], npt.NDArray[np.int64]]:
    """Float order (highest first) and a key per bid: equal keys for bids whose exact order is unknown.

    Neighbours more than twice the bound apart are in their exact order; a run of closer neighbours
    shares one key, and the core compares them exactly. A higher key is a higher exact total.
    """
    # Any sort will do (quicksort is the quickest): equal floats share a key, and the core orders those.
    order = np.argsort(-totals, kind="quicksort")
    ordered = totals[order]
    gaps = ordered[:-1] - ordered[1:] > 2.0 * bound
    cluster = np.concatenate(([0], np.cumsum(gaps)))
    key = np.empty(len(totals), dtype=np.int64)
    key[order] = -cluster
    return order, key


def _rounded_keys(totals: FloatArray, bound: float, places: int, exact: Callable[[int], Fraction]) -> IntArray:
    """Each total × 10^places rounded half away from zero (core.rounded_key), exactly.

    From the float unless the scaled total is within the scaled bound (plus the float's own error in
    scaling) of a half; those few are rounded from the exact total.
    """
    scaled = totals * 10.0**places
    keys = np.floor(np.abs(scaled) + 0.5) * np.sign(scaled)
    margin = bound * 10.0**places * 2.0 + 4.0 * _UNIT * np.abs(scaled)
    rest = np.abs(scaled) - np.floor(np.abs(scaled))
    doubtful = np.abs(rest - 0.5) <= margin
    doubtful |= np.abs(scaled) <= margin  # near zero, where the sign could be wrong
    out = keys.astype(np.int64)
    for i in np.flatnonzero(doubtful):
        out[i] = core.rounded_key(exact(int(i)), places)
    return out


# ---------------------------------------------------------------------------------- price formulas
def _scores_price(plan: core.Plan) -> bool:
    """Whether the tender reads a price per bid: to score it, or to award by price per quality point."""
    return plan.award == "price per quality point" or any(c.kind == "price" for c in plan.criteria)


@dataclass(frozen=True, slots=True)
class _Price:
    """The price criterion's formula on the price column (`core.PRICE_FORMULAS`), in integers.

    Prices are numerators over 10**places. `reference` is what the core's `lowest_price` holds: the
    lowest compared price (relative to lowest, deviation from lowest), their mean (relative to mean,
    `mean_sum / mean_count` exactly), None for a fixed range. A fixed range from `low` to `high`
    (pounds) is (high − price)/(high − low) = (top − n·dl)/span with top = high·dl·10^places and
    span = (high − low)·dl·10^places, integers; `biggest` bounds |fraction| (1 unless unclamped).
    """

    formula: str
    places: int
    reference: Fraction | None = None
    low: int = 0
    mean_sum: int = 0
    mean_count: int = 1
    dl: int = 1
    top: int = 0
    span: int = 1
    clamped: bool = True
    biggest: float = 1.0

    def fraction(self, num: int) -> Fraction:
        """The exact fraction of the price points for a price of num / 10**places, as the core's formula."""
        p = Fraction(num, 10**self.places)
        if self.formula == "fixed-range":
            f = Fraction(self.top - num * self.dl, self.span)
            return min(max(f, Fraction(0)), Fraction(1)) if self.clamped else f
        assert self.reference is not None
        if self.formula == "deviation-from-lowest":
            return min(max(1 - (p - self.reference) / self.reference, Fraction(0)), Fraction(1))
        return min(self.reference / p, Fraction(1))

    def floats(self, nums: IntArray) -> FloatArray:
        """The fractions in float64, each within 4 roundings of the exact one (see `_pricing`)."""
        if self.formula == "fixed-range":
            share: FloatArray = (self.top - nums * self.dl).astype(np.float64) / float(self.span)
            return np.clip(share, 0.0, 1.0) if self.clamped else share
        if self.formula == "deviation-from-lowest":
            return np.clip((2 * self.low - nums).astype(np.float64) / float(self.low), 0.0, 1.0)
        if self.formula == "relative-to-mean":
            mean = float(Fraction(self.mean_sum, self.mean_count))  # in numerators, correctly rounded
            return np.minimum(mean / nums.astype(np.float64), 1.0)
        return np.minimum(float(self.low) / nums.astype(np.float64), 1.0)


def _pricing(plan: core.Plan, table: BidTable, compared: BoolArray | None) -> _Price | None:
    """The price formula's integers for these bids (None without a price criterion).

    Every price and every integer formed from them stays below 2^53 in size, so it is exact in
    float64 (else `_Unsupported`): relative to lowest and deviation divide two exact integers (one
    rounding), relative to mean divides the correctly rounded mean (the exact Fraction of the integer
    sum, one rounding) by an exact price (one more), a fixed range divides two exact integers (one).
    Clipping adds no error. A price of 0 or less, or no compared price, leaves the tender to the core.
    """
    criterion = next((c for c in plan.criteria if c.kind == "price"), None)
    if criterion is None:
        return None
    assert table.prices is not None
    nums, places = table.prices
    prices = _checked(nums)
    formula = criterion.formula or "relative-to-lowest"
    if formula == "fixed-range":
        if criterion.low is None or criterion.high is None or criterion.low == criterion.high:
            raise _Unsupported
        dl = math.lcm(criterion.low.denominator, criterion.high.denominator)
        top, bottom = int(criterion.high * dl * 10**places), int(criterion.low * dl * 10**places)
        biggest_num = max(abs(int(prices.max(initial=0))), abs(int(prices.min(initial=0)))) * dl
        if max(abs(top), abs(bottom), biggest_num, abs(top) + biggest_num, abs(top - bottom)) >= _SAFE:
            raise _Unsupported
        price = _Price(formula=formula, places=places, dl=dl, top=top, span=top - bottom,
                       clamped=criterion.clamped)
        if criterion.clamped:
            return price
        ends = price.floats(np.array([prices.min(initial=0), prices.max(initial=0)], dtype=np.int64))
        return replace(price, biggest=max(1.0, float(np.abs(ends).max()) * (1.0 + 4.0 * _UNIT)))
    if formula not in ("relative-to-lowest", "relative-to-mean", "deviation-from-lowest"):
        raise _Unsupported  # a formula this path does not know: the core's, or its error
    pool = prices if compared is None or not compared.any() else prices[compared]
    if not len(pool) or int(prices.min()) <= 0:
        raise _Unsupported  # a price of 0 or less: the core's arithmetic decides
    low = int(pool.min())
    if formula == "relative-to-mean":
        total = sum(pool.tolist())  # Python integers: the sum of 100,000 prices may pass int64
        return _Price(formula=formula, places=places, reference=Fraction(total, len(pool) * 10**places),
                      mean_sum=total, mean_count=len(pool))
    if formula == "deviation-from-lowest" and 2 * low >= _SAFE:
        raise _Unsupported
    return _Price(formula=formula, places=places, reference=Fraction(low, 10**places), low=low)


# ---------------------------------------------------------------------------------- commitments in £
@dataclass(frozen=True, slots=True)
class _Committed:
    """Each bid's valued commitments in £ (`core.committed_values`) as integers over one denominator:
    what the delivery minimum and the total value line read.

    `nums[i] / den` is bid i's commitments exactly: Σ max(answer, 0) × value per unit over the valued
    items, each item's (value per unit) / 10^places brought to the common denominator `den`. int64
    when every sum provably fits, else Python integers (an object array): exact either way.
    `short` marks the bids below the delivery minimum (compared in integers), `nothing` those whose
    social value then scores nothing (None unless the tender says so and a bid is short).
    """

    nums: npt.NDArray[Any]
    den: int
    short: BoolArray
    nothing: BoolArray | None

    def value(self, i: int) -> Fraction:
        return Fraction(int(self.nums[i]), self.den)

    def column(self, plan: core.Plan, item: core.Item, bids: list[core.BidInput], compared: list[bool]
               ) -> core.Column:
        """The total value line's column: the core's column functions on the commitments (as the core's
        `item_column` makes it from `committed_values`), without a core input per bid."""
        rule = item.rule
        constants = (rule.low, rule.high, rule.cap, rule.threshold, rule.gate, *(a for a, _ in rule.bands))
        qden = math.lcm(self.den, *(x.denominator for x in constants if x is not None))
        factor = qden // self.den
        xs = [x * factor for x in self.nums.tolist()] if factor != 1 else self.nums.tolist()
        with localcontext(core._EXACT):
            column = core._absolute_column(plan, item, bids, xs, qden)
            if column is None:
                column = core._relative_column(plan, item, bids, xs, qden, compared)
            return core._stated_points(plan, column)


def _committed(plan: core.Plan, table: BidTable, bids: Sequence[core.BidInput]) -> _Committed:
    """The commitments of every bid, for a tender that adds them up (`_wants_commitments`: a delivery
    minimum or a total value line), from the arrays; a valued item the arrays do not hold (its rule is
    the core's) is read from the bids' core input (`score` makes sure there is some) by the core's own
    `committed_values`, one Fraction per bid."""
    n = len(table.bidders)
    terms = []
    valued = [item for item in plan.items if core.valued(item)]
    if any(item.code not in table.answers for item in valued):
        values = core.committed_values(plan, list(bids))
        den = math.lcm(1, *(v.denominator for v in values))
        exact = np.array([v.numerator * (den // v.denominator) for v in values], dtype=object)
        return _commitments(plan, exact, den)
    for item in valued:
        nums, places = table.answers[item.code]
        rate = (item.value_per_unit if item.value_per_unit is not None else Fraction(1)) / 10**places
        terms.append((np.maximum(nums, 0), rate))  # an answer below 0 commits nothing
    den = math.lcm(1, *(rate.denominator for _, rate in terms))
    factors = [(counted, rate.numerator * (den // rate.denominator)) for counted, rate in terms]
    biggest = sum(int(counted.max(initial=0)) * abs(k) for counted, k in factors)
    total: npt.NDArray[Any]
    if biggest < 2**63:
        total = np.zeros(n, dtype=np.int64)
        for counted, k in factors:
            total += counted * k  # every partial sum is at most `biggest` in size: no overflow
    else:
        total = np.zeros(n, dtype=object)
        for counted, k in factors:
            total = total + counted.astype(object) * k
    return _commitments(plan, total, den)


def _commitments(plan: core.Plan, total: npt.NDArray[Any], den: int) -> _Committed:
    """The commitments total / den, with the bids below the delivery minimum (compared in integers)."""
    n = len(total)
    short = np.zeros(n, dtype=np.bool_)
    if plan.delivery_minimum is not None:
        floor = plan.delivery_minimum * plan.contract_value * den
        at_least = -(-floor.numerator // floor.denominator)  # integers: N < floor ⇔ N < ceil(floor)
        if total.dtype == object or abs(at_least) < 2**63:
            short = np.array(total < at_least, dtype=np.bool_)
        else:
            short = np.full(n, at_least > 0, dtype=np.bool_)
    nothing = short if plan.below_minimum == "nothing" and short.any() else None
    return _Committed(nums=total, den=den, short=short, nothing=nothing)


def _wants_commitments(plan: core.Plan) -> bool:
    """Whether the core adds up the bids' commitments for this tender (`core._score`)."""
    return plan.delivery_minimum is not None or any(item.total for item in plan.items)


# ---------------------------------------------------------------------------------- scoring
def score(plan: core.Plan, table: BidTable) -> core.Scores | None:
    """The core's `Scores` for these bids, exactly as `core.score` gives them; None when unsupported.

    Bidder names must be unique (the engine checks this), as for the core.
    """
    if not supported(plan):
        return None
    n = len(table.bidders)
    has_price = _scores_price(plan)
    covered = [item for item in plan.items if item.code in table.answers and vectorised(plan, item)]
    lines = sum(1 for item in plan.items if item.total)  # total value lines: scored from the commitments
    if n == 0 or (has_price and table.prices is None) or (len(covered) + lines < len(plan.items)
                                                          and table.inputs is None):
        return None  # an item the arrays do not cover is scored by the core from the bids' core input
    columns = [nums for nums, _ in table.answers.values()] + ([table.prices[0]] if table.prices else [])
    if any(len(col) != n for col in columns) or (table.inputs is not None and len(table.inputs) != n):
        return None
    names = list(table.bidders)
    if names != sorted(names):  # the core ranks bids in bidder-name order
        by_name = sorted(range(n), key=names.__getitem__)
        table = _reordered(table, np.array(by_name, dtype=np.intp))
    bids = cast(list[core.BidInput], table.inputs if table.inputs is not None
                else _Lazy(n, partial(_bid_input, plan, table)))
    committed = _committed(plan, table, bids) if _wants_commitments(plan) else None
    marks = _read_marks(plan, bids)
    excluded = _exclusions(plan, table, bids, committed, marks)
    reasons: list[tuple[tuple[str, str], ...]] | None = None
    passing: BoolArray | None
    compared: BoolArray | None
    low_flags: Sequence[core.LowFlags] = [()] * n
    zeroed: Sequence[tuple[tuple[str, str], ...]] = [()] * n
    try:
        if staged(plan):
            run = _run_stages(plan, table, bids, excluded, committed, marks)
            if run is None:
                return None  # every bid excluded at some stage: nothing to rank, the core says so
            floats, low_flags, zeroed, reasons = run.floats, run.low_flags, run.zeroed, run.reasons
            passing, compared = run.passing, run.compared
        else:
            passing = np.array([not e for e in excluded], dtype=np.bool_) if excluded is not None else None
            compared = passing if passing is not None and plan.compare_among != "all bids" else None
            if passing is not None and not passing.any():
                return None  # every bid excluded: nothing to rank, the core says so
            floats = _float_totals(plan, table, compared, bids, committed, marks=marks)
    except _Unsupported:
        return None
    exact = floats.exact
    totals = _Lazy(n, lambda i: (exact.total(i), 1), partial(_whole_totals, exact))
    sums = {c.kind: (_Lazy(n, partial(_criterion_of, exact, c.kind), partial(_whole_sums, exact, c.kind)), 1)
            for c in plan.criteria if c.kind != "price"}
    price_pairs = _Lazy(n, lambda i: exact.price_fraction(i).as_integer_ratio()) if exact.pricing else []
    raw_prices = _Lazy(n, lambda i: exact.price(i).as_integer_ratio()) if has_price else []
    cache: dict[str, core.Column] = dict(exact.columns)
    for item in covered:
        if item.code not in cache:
            best = exact.bests.get(item.code) if core.is_relative(item.rule.kind) else None
            cache[item.code] = _ArrayColumn(nums=[], den=1, best=best, item=item, exact=exact)
    if reasons is None:
        reasons = [tuple(e) for e in excluded] if excluded is not None else [()] * n
    per_point = plan.award == "price per quality point"
    if per_point:
        reasons, passing = _no_points(floats, reasons, passing)
        if passing is not None and not passing.any():
            return None  # every bid excluded: nothing to rank, the core says so
    scores = core.Scores(plan=plan, bids=bids, bidders=list(table.bidders),
                         sums=cast(dict[str, tuple[list[Any], int]], sums), price_pairs=cast(Any, price_pairs),
                         total_pairs=cast(Any, totals), excluded=reasons,
                         compared=[True] * n if compared is None else compared.tolist(), order=[], ranks=[],
                         tie_notes=[], lowest_price=exact.lowest, raw_prices=cast(Any, raw_prices),
                         committed=cast(Any, _Lazy(n, committed.value)) if committed is not None else None,
                         short=committed.short.tolist() if committed is not None else [False] * n,
                         low_flags=cast(Any, low_flags),
                         stages=_stage_list(plan, reasons) if excluded is not None or staged(plan) or per_point else [],
                         zeroed=cast(Any, zeroed), cache=cache)
    total_of = scores.total
    ranked = np.arange(n, dtype=np.intp) if passing is None else np.flatnonzero(passing)
    if per_point:
        assert table.prices is not None
        try:
            local, key = _per_point_keys(plan, floats, table.prices, ranked, total_of)
        except _Unsupported:
            return None  # a rounded total past 2^53: the core ranks the prices per point
        full_key = np.zeros(n, dtype=np.int64)
        full_key[ranked] = key
        _rank(scores, ranked[local], full_key)
        scores.shown_notes = [None] * n  # as the core: the ranking is on price per point, not on the shown totals
        return scores
    shown = _rounded_keys(floats.totals, floats.bound, plan.places, total_of)
    if plan.rank_places is None:
        local, key = _clusters(floats.totals[ranked], floats.bound)
    else:
        key = _rounded_keys(floats.totals[ranked], floats.bound, plan.rank_places, lambda i: total_of(int(ranked[i])))
        local = np.argsort(-key, kind="quicksort")
    full_key = np.zeros(n, dtype=np.int64)
    full_key[ranked] = key
    _rank(scores, ranked[local], full_key)
    rank_keys = full_key if plan.rank_places is not None else None
    scores.shown_notes = cast(list[str | None], _shown_notes(scores, shown, rank_keys))
    return scores


def _no_points(floats: _Floats, reasons: list[tuple[tuple[str, str], ...]], passing: BoolArray | None
               ) -> tuple[list[tuple[tuple[str, str], ...]], BoolArray | None]:
    """Award by price per quality point, after every stage: a bid not excluded otherwise whose total
    is 0 or less is excluded (("no-points", "total"), as the core does); the reasons and the bids
    still passing, both unchanged if no bid is. The sign of a total is the float's unless the total
    lies within the bound of 0; those are decided exactly. Such bids had no reason before, so they
    share one tuple (`_stage_list` groups bids by their tuple)."""
    totals, bound = floats.totals, floats.bound
    found = [i for i in np.flatnonzero(totals <= bound).tolist()
             if (passing is None or passing[i]) and (totals[i] < -bound or floats.exact.total(i) <= 0)]
    if not found:
        return reasons, passing
    out = list(reasons)
    none: tuple[tuple[str, str], ...] = (("no-points", "total"),)
    for i in found:
        out[i] = (*out[i], *none) if out[i] else none
    alive = np.ones(len(totals), dtype=np.bool_) if passing is None else passing.copy()
    alive[found] = False
    return out, alive


def _per_point_keys(plan: core.Plan, floats: _Floats, prices: tuple[IntArray, int], ranked: npt.NDArray[np.intp],
                    total_of: Callable[[int], Fraction]) -> tuple[npt.NDArray[np.intp], IntArray]:
    """The order of the ranked bids on price per quality point (lowest first) and a key per bid: equal
    keys for bids whose exact order is unknown (the core compares them exactly), a higher key better.

    Each ratio r = price ÷ total lies in an interval: with exact ranking, price ÷ (t ± bound) for the
    float total t; with totals rounded before ranking, price × 10^places ÷ the rounded key (exact
    integers: only the division and the scaling round). Float prices, sums and divisions add at most
    4 roundings, so each end is widened by 8 units of roundoff. A total of 0 or less (only once
    rounded) has the worst ratio, +inf, as the core ranks it. Sorted on r, the bids before a place are
    all exactly better than the bids after it when the largest upper end before it is below the
    smallest lower end after it: those places split the clusters.
    """
    nums, places = prices
    p = nums[ranked].astype(np.float64) / 10.0**places
    t = floats.totals[ranked]
    with np.errstate(divide="ignore", invalid="ignore"):
        if plan.rank_places is None:
            below, above = t - floats.bound, t + floats.bound
            sure = below > 0.0
            r = np.where(sure, p / np.where(sure, t, 1.0), np.inf)
            low = np.where(above > 0.0, p / above, 0.0) * (1.0 - 8.0 * _UNIT)
            high = np.where(sure, p / np.where(sure, below, 1.0) * (1.0 + 8.0 * _UNIT), np.inf)
        else:
            keys = _rounded_keys(t, floats.bound, plan.rank_places, lambda j: total_of(int(ranked[j])))
            if len(keys) and int(np.abs(keys).max()) >= _SAFE:
                raise _Unsupported
            positive = keys > 0
            r = np.where(positive, p / np.where(positive, keys, 1).astype(np.float64) * 10.0**plan.rank_places,
                         np.inf)
            low, high = r * (1.0 - 8.0 * _UNIT), r * (1.0 + 8.0 * _UNIT)
    order = np.argsort(r, kind="quicksort")
    if not len(order):
        return order, np.zeros(0, dtype=np.int64)
    before = np.maximum.accumulate(high[order])
    after = np.minimum.accumulate(low[order][::-1])[::-1]
    splits = before[:-1] < after[1:]
    cluster = np.concatenate(([0], np.cumsum(splits)))
    key = np.empty(len(order), dtype=np.int64)
    key[order] = -cluster
    return order, key


def _exclusions(plan: core.Plan, table: BidTable, bids: Sequence[core.BidInput], committed: _Committed | None = None,
                marks: Mapping[str, _Marks] | None = None) -> list[list[tuple[str, str]]] | None:
    """Each bid's reasons for being excluded, in the core's order (the buyer's, the delivery minimum,
    then gates item by item); None when nothing excludes a bid. Numeric gates are compared in the
    column's integers, gates on marks read into integers (`marks`) likewise; other gates on marks and
    gates on yes/no answers are the core's (`core._gates`)."""
    gated = [item for item in plan.items if item.rule.gate is not None or item.rule.gate_yes]
    short = committed.short if committed is not None and plan.below_minimum == "excluded" else None
    if not gated and table.excluded is None and (short is None or not short.any()):
        return None
    n = len(table.bidders)
    out: list[list[tuple[str, str]]] = [[] for _ in range(n)]
    for i, reason in enumerate(table.excluded or ()):
        if reason is not None:
            out[i].append(("buyer", reason))
    for i in np.flatnonzero(short).tolist() if short is not None else ():
        out[i].append(("delivery-minimum", "social value"))
    for item in gated:
        rule = item.rule
        if rule.gate is not None and core.ARITHMETIC[rule.kind].reads == "number" and item.code in table.answers:
            nums, places = table.answers[item.code]
            fails = np.flatnonzero(nums < _at_least(rule.gate, places)).tolist()
        elif rule.gate is not None and not rule.gate_yes and marks and item.code in marks \
                and core.ARITHMETIC[rule.kind].reads == "mark" and marks[item.code].fits(rule.gate):
            fails = np.flatnonzero(marks[item.code].below(rule.gate)).tolist()
        else:
            xs, qden = (None, 1)
            if core.reads_number(rule):
                xs, qden = core._numeric_column(item, cast(list[core.BidInput], bids))
            fails = [i for i, out_ in enumerate(core._gates(item, cast(list[core.BidInput], bids), xs, qden)) if out_]
        for i in fails:
            out[i].append(("gate", item.code))
    return out


# ---------------------------------------------------------------------------------- evaluators' marks
# Issue 12 item 9 for items marked by evaluators: the moderated marks read once into integers over one
# denominator per item (`_read_marks`), the items' columns made from them as the core's own
# (`_marks_column`), and the mark rules decided from them in integers (`_mark_rules`).
_INT_ROOM = 2**62
"""Products of two int64 factors below this in size cannot overflow int64."""


@dataclass(frozen=True, slots=True)
class _Marks:
    """One item's moderated marks: bid i's mark is nums[i] / den, den the least common multiple of the
    marks' denominators (as the core's `_common` makes it), every |nums[i]| and den below 2^62."""

    nums: IntArray
    den: int
    top: int
    """The largest |nums[i]|."""

    def below(self, x: Fraction) -> BoolArray:
        """mark < x for every bid, in integers: nums·x.den < x.num·den (den and x.den are positive)."""
        out: BoolArray = self.nums * x.denominator < x.numerator * self.den
        return out

    def equal(self, x: Fraction) -> BoolArray:
        """mark == x for every bid, in integers."""
        out: BoolArray = self.nums * x.denominator == x.numerator * self.den
        return out

    def fits(self, x: Fraction) -> bool:
        """Whether `below` and `equal` on x stay inside int64."""
        return self.top * x.denominator < _INT_ROOM and abs(x.numerator) * self.den < _INT_ROOM


def _read_marks(plan: core.Plan, bids: Sequence[core.BidInput]) -> dict[str, _Marks]:
    """The moderated marks of every evaluator-marked item whose marks are all there and all Fractions
    or ints (what a marks file gives) in range; any other item is left out (the core reads its marks,
    and its error names a missing one)."""
    out: dict[str, _Marks] = {}
    for item in plan.items:
        arithmetic = core.ARITHMETIC.get(item.rule.kind)
        if arithmetic is None or arithmetic.reads != "mark" or not len(bids):
            continue
        given = [bid.marks.get(item.code) for bid in bids]
        if not set(map(type, given)) <= {Fraction, int}:
            continue  # a missing mark, a Decimal, a bool...
        try:
            nums = np.fromiter(map(_numerator, given), dtype=np.int64, count=len(given))
            dens = np.fromiter(map(_denominator, given), dtype=np.int64, count=len(given))
        except OverflowError:
            continue
        if int(nums.min()) == np.iinfo(np.int64).min:
            continue  # its |n| is not an int64
        distinct = np.unique(dens).tolist()
        den = math.lcm(*distinct)
        if den >= _INT_ROOM:
            continue
        if len(distinct) > 1:
            factors = den // dens
            # Each |n|·factor is within a few units in the last place of its float product: below 2^61
            # there, it is below 2^62 exactly, and the int64 product cannot overflow.
            if float((np.abs(nums).astype(np.float64) * factors.astype(np.float64)).max()) >= 2.0**61:
                continue
            nums = nums * factors
        top = int(np.abs(nums).max())
        if top >= _INT_ROOM:
            continue
        out[item.code] = _Marks(nums=nums, den=den, top=top)
    return out


_numerator = attrgetter("numerator")
_denominator = attrgetter("denominator")


def _marks_column(plan: core.Plan, item: core.Item, marks: _Marks) -> core.Column | None:
    """`core.item_column` of an evaluators item from its marks' integers: the same numerators over the
    same denominator as `core._evaluators_column` (whose `_modified` and `_stated_points` are used as
    they are); None (the core's column) for a credibility discount or a scale the plan lacks."""
    rule = item.rule
    scale = plan.scales.get(rule.scale or "")
    if rule.kind != "evaluators" or rule.credibility_scale is not None or scale is None:
        return None
    nums = marks.nums
    if rule.threshold is not None:  # a mark below the minimum scores nothing, as the core's column
        if not marks.fits(rule.threshold):
            return None
        nums = np.where(marks.below(rule.threshold), 0, nums)
    with localcontext(core._EXACT):
        column = core._modified(plan, item, [], nums.tolist(), marks.den * scale.maximum.numerator, None, 1,
                                extra=scale.maximum.denominator, threshold_done=True)
        return core._stated_points(plan, column)


# ---------------------------------------------------------------------------------- stages
# Issue 12 items 1, 2, 5 on the arrays: mark rules, abnormally low prices, pass marks and shortlists,
# in the core's order (`core._score`), each decided from floats with a proven bound and exactly
# (Fractions, one bid at a time) only for the bids within the bound of the boundary.
def staged(plan: core.Plan) -> bool:
    """Whether the tender has a stage that sets bids aside from the others' figures (or a mark rule)."""
    return bool(plan.abnormally_low) or plan.shortlist is not None \
        or any(c.pass_mark is not None or c.mark_rules for c in plan.criteria)


@dataclass(frozen=True, slots=True)
class _Staged:
    """What the stages decided: the floats of the last pass over the compared bids, every bid's
    reasons, the passing and compared bids, the abnormally low tests met and the mark rules' zeros."""

    floats: _Floats
    reasons: list[tuple[tuple[str, str], ...]]
    passing: BoolArray
    compared: BoolArray | None
    low_flags: Sequence[core.LowFlags]
    zeroed: Sequence[tuple[tuple[str, str], ...]]


def _run_stages(plan: core.Plan, table: BidTable, bids: Sequence[core.BidInput],
                excluded: list[list[tuple[str, str]]] | None, committed: _Committed | None = None,
                marks: Mapping[str, _Marks] | None = None) -> _Staged | None:
    """`core._score`'s stages on the arrays; None when every bid is excluded (the core says so).

    Mark rules and abnormally low prices come first (they read no other criterion), then the relative
    columns are scored among the compared bids, pass marks decided, the compared bids scored again
    when they changed, the shortlist cut, and scored again once more."""
    n = len(table.bidders)
    # The buyer's, the gates' and the mark rules' reasons are kept per bid (few bids have them); each
    # later stage sets aside many bids for one reason, kept as a mask (`steps`), in the core's order.
    why = {i: e for i, e in enumerate(excluded) if e} if excluded is not None else {}
    zero, zeroed = _mark_rules(plan, bids, why, marks)
    steps: list[tuple[BoolArray, tuple[str, str]]] = []
    out = np.zeros(n, dtype=np.bool_)
    out[list(why)] = True
    low_flags: Sequence[core.LowFlags] = [()] * n
    if plan.abnormally_low and table.prices is not None and any(c.kind == "price" for c in plan.criteria):
        low_flags, flagged = _abnormally_low(plan, table.prices)
        if plan.low_action == "excluded":
            steps.append((np.zeros(n, dtype=np.bool_), ("abnormally-low", "price")))
            steps[-1][0][flagged] = True
            out[flagged] = True
    everyone = plan.compare_among == "all bids"
    if out.all():
        return None
    keep = frozenset({c.kind for c in plan.criteria if c.pass_mark is not None}
                     | ({"quality"} if plan.shortlist is not None else set()))
    keep = frozenset(k for k in keep if any(c.kind == k for c in plan.criteria))
    compared = None if everyone else ~out
    floats = _float_totals(plan, table, compared, bids, committed, zero=zero, keep=keep, marks=marks)
    for c in plan.criteria:
        if c.pass_mark is not None:
            below = _below_pass_mark(floats, c.kind, c.pass_mark)
            steps.append((below, ("pass-mark", c.kind)))
            out |= below
    if out.all():
        return None
    if compared is not None and (compared != ~out).any():
        compared = ~out
        floats = _again(plan, table, compared, bids, committed, zero, keep, floats)
    if plan.shortlist is not None and "quality" in keep:
        cut = _shortlist_out(plan.shortlist, floats, ~out)
        steps.append((np.zeros(n, dtype=np.bool_), ("shortlist", "quality")))
        steps[-1][0][cut] = True
        out[cut] = True
        if compared is not None and (compared != ~out).any():
            compared = ~out
            floats = _again(plan, table, compared, bids, committed, zero, keep, floats)
    return _Staged(floats=floats, reasons=_reasons(n, why, steps), passing=~out, compared=compared, low_flags=low_flags,
                   zeroed=zeroed)


def _reasons(n: int, why: dict[int, list[tuple[str, str]]], steps: list[tuple[BoolArray, tuple[str, str]]]
             ) -> list[tuple[tuple[str, str], ...]]:
    """Every bid's reasons: its own (`why`), then those of the steps whose masks hold it, in order.
    Bids set aside by the same steps share one tuple (the stage list groups them by it)."""
    if len(steps) > 62:
        raise _Unsupported
    signature = np.zeros(n, dtype=np.int64)
    for k, (mask, _) in enumerate(steps):
        signature |= mask.astype(np.int64) << k
    words = {int(sig): tuple(reason for k, (_, reason) in enumerate(steps) if int(sig) >> k & 1)
             for sig in np.unique(signature).tolist()}
    reasons = [words[sig] for sig in signature.tolist()]
    for i, own in why.items():
        reasons[i] = (*own, *reasons[i])
    return reasons


def _mark_rules(plan: core.Plan, bids: Sequence[core.BidInput], excluded: dict[int, list[tuple[str, str]]],
                read: Mapping[str, _Marks] | None = None
                ) -> tuple[dict[str, BoolArray], Sequence[tuple[tuple[str, str], ...]]]:
    """`core._mark_rules` on arrays of the moderated marks: ("mark", item) added to `excluded` (the
    reasons of the bids excluded so far, by index), and per
    criterion the bids that score nothing for it (a mask, and per bid (criterion, item) as the core).

    Marks read into integers (`read`, `_read_marks`) are compared with the rule's mark in integers.
    Others are compared as floats (each correctly rounded, so rounding keeps their order and can only
    make unequal values equal); only equal floats are compared exactly."""
    n = len(bids)
    read = read or {}
    zero: dict[str, BoolArray] = {}
    zeroed: dict[int, list[tuple[str, str]]] = {}
    for c in plan.criteria:
        marked = [item for item in c.items if core.ARITHMETIC[item.rule.kind].reads == "mark"]
        if not c.mark_rules or not marked:
            continue
        exact = {item.code: read[item.code] for item in marked
                 if item.code in read and all(read[item.code].fits(rule.mark) for rule in c.mark_rules)}
        found = {item.code: [bid.marks.get(item.code) for bid in bids] for item in marked if item.code not in exact}
        if any(m is None for marks in found.values() for m in marks):
            raise _Unsupported  # a missing mark: the core's error says which
        given = cast(dict[str, list[Fraction]], found)
        try:
            floats = {code: np.fromiter(map(float, marks), dtype=np.float64, count=n) for code, marks in given.items()}
        except OverflowError:
            raise _Unsupported from None
        for rule in c.mark_rules:
            target = float(rule.mark)
            first = np.full(n, -1, dtype=np.int64)
            for j in reversed(range(len(marked))):
                code = marked[j].code
                if code in exact:
                    first[exact[code].below(rule.mark) if rule.test == "below" else exact[code].equal(rule.mark)] = j
                    continue
                hit = floats[code] < target if rule.test == "below" else np.zeros(n, dtype=np.bool_)
                marks = given[code]
                for i in np.flatnonzero(floats[code] == target).tolist():
                    mark = marks[i]
                    hit[i] = rule.caught(mark if type(mark) is Fraction else Fraction(mark))
                first[hit] = j
            caught = np.flatnonzero(first >= 0)
            if rule.effect == "excludes":
                for i, j in zip(caught.tolist(), first[caught].tolist(), strict=True):
                    reason = ("mark", marked[j].code)
                    if reason not in excluded.get(i, ()):
                        excluded.setdefault(i, []).append(reason)
                continue
            # A bid's criterion scores nothing once, for the first rule and item that catch it: the
            # mask holds the bids already given a (criterion, item) pair here.
            mask = zero.get(c.kind)
            new = caught if mask is None else caught[~mask[caught]]
            if not len(new):
                continue
            if mask is None:
                mask = zero[c.kind] = np.zeros(n, dtype=np.bool_)
            mask[new] = True
            pairs = [(c.kind, item.code) for item in marked]
            for i, j in zip(new.tolist(), first[new].tolist(), strict=True):
                zeroed.setdefault(i, []).append(pairs[j])
    out: list[tuple[tuple[str, str], ...]] = [()] * n
    for i, pairs in zeroed.items():
        out[i] = tuple(pairs)
    return zero, out


def _abnormally_low(plan: core.Plan, prices: tuple[IntArray, int]) -> tuple[Sequence[core.LowFlags], IntArray]:
    """`core.abnormally_low` on the price numerators: the tests each bid meets (their figures made
    exactly on use) and the bids that meet one.

    A test of share s is met when ref·(1 − s) ≥ v (ref > 0): (T − v)(1 − s) ≥ v(m − 1) against the
    mean of the others (T the sum of the m prices), ref(1 − s) ≥ v against the next lowest. Both sides
    are worked out in float64 from the integer numerators: T, s, 1 − s, the difference and the products
    round once each, so each side is within 5u of its size, T(1 + |s|) (or ref(1 + |s|)) plus the right
    side; sides closer than 16u of that are compared exactly, with Fractions.
    """
    nums, places = prices
    n = len(nums)
    met = np.zeros((len(plan.abnormally_low), n), dtype=np.bool_)
    if n < 2:
        return [()] * n, np.zeros(0, dtype=np.int64)
    if int(nums.min()) <= 0:
        raise _Unsupported  # a price of 0 or less: the core's arithmetic decides
    top = int(nums.max())
    total = int(nums.sum()) if top * n < 2**62 else sum(nums.tolist())
    ordered = np.sort(nums)
    x = nums.astype(np.float64)
    at = np.searchsorted(ordered, nums, side="right")
    tie = (at >= 2) & (ordered[np.maximum(at - 2, 0)] == nums)
    following = np.where(tie, nums, ordered[np.minimum(at, n - 1)])
    has_next = tie | (at < n)
    for k, (against, share) in enumerate(plan.abnormally_low):
        s = _as_float(share)
        rest = 1.0 - s
        if not math.isfinite(s) or float(total) >= 2.0**1000:
            raise _Unsupported
        if against == "mean of others":
            left = (float(total) - x) * rest
            right = x * float(n - 1)
            size = float(total) * (1.0 + abs(s)) + right
            valid = np.ones(n, dtype=np.bool_)
        else:
            ref = following.astype(np.float64)
            left, right = ref * rest, x
            size = ref * (1.0 + abs(s)) + right
            valid = has_next
        gap = left - right
        margin = 16.0 * _UNIT * size
        met[k] = valid & (gap > margin)
        for i in np.flatnonzero(valid & (np.abs(gap) <= margin)).tolist():
            reference = _low_reference(against, nums, places, total, int(following[i]), i)
            met[k, i] = reference > 0 and 1 - Fraction(int(nums[i]), 10**places) / reference >= share
    flagged = np.flatnonzero(met.any(axis=0))
    return _Lazy(n, partial(_low_flags_of, plan, nums, places, total, following, met)), flagged


def _low_reference(against: str, nums: IntArray, places: int, total: int, following: int, i: int) -> Fraction:
    """The price bid i is compared with, exactly (`core.abnormally_low`)."""
    if against == "mean of others":
        return Fraction(total - int(nums[i]), 10**places * (len(nums) - 1))
    return Fraction(following, 10**places)


def _low_flags_of(plan: core.Plan, nums: IntArray, places: int, total: int, following: IntArray,
                  met: BoolArray, i: int) -> core.LowFlags:
    """Bid i's abnormally low tests met, with the price compared with and the share below it, exactly."""
    if not met[:, i].any():
        return ()
    v = Fraction(int(nums[i]), 10**places)
    found = []
    for k, (against, _) in enumerate(plan.abnormally_low):
        if met[k, i]:
            reference = _low_reference(against, nums, places, total, int(following[i]), i)
            found.append((against, reference, 1 - v / reference))
    return tuple(found)


ONE_BY_ONE = 16
"""Bids near a stage's boundary worked out exactly one at a time; more are worked out together."""


def _exact_shares(floats: _Floats, kind: str, ids: list[int]) -> list[Fraction]:
    """The exact shares of criterion `kind` of bids `ids`: one bid at a time for a few, else for all of
    them at once in the core's integers (`_Exact.sums` over a table of those bids alone)."""
    exact = floats.exact
    if kind == "price":
        return [exact.price_fraction(i) for i in ids]
    if len(ids) <= ONE_BY_ONE:
        return [exact.criterion(kind, i) for i in ids]
    acc, den = _subset(exact, np.array(ids, dtype=np.intp)).sums(kind)
    return [core._q(a, den) for a in acc]


def _subset(exact: _Exact, index: npt.NDArray[np.intp]) -> _Exact:
    """`exact` for the bids in `index` alone, with the same bests and price figures (those of every bid)."""
    order = index.tolist()
    columns = {code: replace(column, nums=[column.nums[i] for i in order]) for code, column in exact.columns.items()}
    return _Exact(exact.plan, _reordered(exact.table, index), exact.bests, exact.lowest, columns,
                  {code: keys[index] for code, keys in exact.rounded.items()},
                  pricing=exact.pricing, zero={kind: mask[index] for kind, mask in exact.zero.items()})


def _below_pass_mark(floats: _Floats, kind: str, pass_mark: Fraction) -> BoolArray:
    """The bids whose share of criterion `kind` is below its pass mark (for every bid, as the core):
    from the floats, and exactly where a share is within its bound (and the mark's rounding) of the mark."""
    share, bound = floats.shares[kind], floats.bounds[kind]
    mark = _as_float(pass_mark)
    margin = bound + 4.0 * _UNIT * max(1.0, abs(mark))
    below = share < mark - margin
    near = np.flatnonzero(np.abs(share - mark) <= margin).tolist()
    for i, value in zip(near, _exact_shares(floats, kind, near), strict=True):
        below[i] = value < pass_mark
    return below


def _shortlist_out(rule: tuple[int, str], floats: _Floats, alive: BoolArray) -> IntArray:
    """The passing bids outside the top `rule[0]` on quality (`core._shortlist`), ties at the cut-off
    following `rule[1]`.

    With every float share within b of its exact share, the top-th largest float v is within b of the
    exact cut-off C: a share above v + 3b is above C, one below v − 3b below it. Only the bids between
    are compared exactly; C is the (top − those above)-th largest of their exact shares."""
    top, ties = rule
    if top < 1:
        raise _Unsupported  # (the language refuses it) the core's arithmetic decides
    ids = np.flatnonzero(alive)
    if len(ids) <= top:
        return np.zeros(0, dtype=np.int64)
    share, bound = floats.shares["quality"][ids], floats.bounds["quality"]
    v = float(np.partition(share, len(share) - top)[len(share) - top])
    above, below = share > v + 3.0 * bound, share < v - 3.0 * bound
    near = ids[~above & ~below].tolist()
    values = dict(zip(near, _exact_shares(floats, "quality", near), strict=True))
    cut = sorted(values.values(), reverse=True)[top - int(above.sum()) - 1]
    keep = [i for i in near if values[i] >= cut]
    if int(above.sum()) + len(keep) > top and ties == "excluded":
        keep = [i for i in near if values[i] > cut]
    kept = set(keep)
    return np.array(sorted([*ids[below].tolist(), *(i for i in near if i not in kept)]), dtype=np.int64)


def _again(plan: core.Plan, table: BidTable, compared: BoolArray, bids: Sequence[core.BidInput],
           committed: _Committed | None, zero: Mapping[str, BoolArray], keep: frozenset[str], previous: _Floats
           ) -> _Floats:
    """The floats among fewer compared bids: the previous ones when no best and not the price formula's
    figures change (every fraction is then the same), else worked out again (absolute core columns
    kept): the lowest or the mean is then that of the survivors (`_pricing` among `compared`)."""
    if _same_bests(plan, table, compared, previous):
        return previous
    return _float_totals(plan, table, compared, bids, committed, zero=zero, keep=keep,
                         reuse=previous.exact.columns, reuse_floats=previous.core_floats)


def _same_bests(plan: core.Plan, table: BidTable, compared: BoolArray, previous: _Floats) -> bool:
    """Whether the bests of the relative columns and the price formula's figures (`_Price`: the lowest,
    the mean) are the same among `compared` (a relative column of the core's is not looked into: False)."""
    exact = previous.exact
    if any(core.is_relative(plan.item(code).rule.kind) for code in exact.columns):
        return False
    if _pricing(plan, table, compared) != exact.pricing:
        return False
    for code, best in exact.bests.items():
        nums, places = table.answers[code]
        item = plan.item(code)
        if Fraction(_best(item, _counted_nums(item, nums, places), compared), 10**places) != best:
            return False
    return True


def _stage_list(plan: core.Plan, reasons: Sequence[Sequence[tuple[str, str]]]) -> list[tuple[str, list[int]]]:
    """`core._stages`: the core's own function on one bid of each tuple of reasons (the stages' bids
    share their tuples, `_reasons`), each bid then named where its tuple is."""
    n = len(reasons)
    ids = np.fromiter(map(id, reasons), dtype=np.int64, count=n)
    _, first, group = np.unique(ids, return_index=True, return_inverse=True)
    kept = [k for k, i in enumerate(first.tolist()) if reasons[i]]
    found = core._stages(plan, [list(reasons[int(first[k])]) for k in kept])
    out = []
    for name, here in found:
        chosen = np.zeros(len(first), dtype=np.bool_)
        chosen[[kept[h] for h in here]] = True
        out.append((name, np.flatnonzero(chosen[group]).tolist()))
    return out


MAX_GROUPS = 50
"""Most groups of equal keys ranked one by one; with more, the core ranks every bid in one pass."""


def _rank(scores: core.Scores, order: npt.NDArray[np.intp], key: IntArray) -> None:
    """Order, ranks and tie notes, as `core._rank` gives them, from the keys (a higher key ranks higher).

    A bid whose key no other bid shares has its place in the key order, and no tie note; each group
    of equal keys is ranked by the core itself (exact totals, then the tie-break rules).
    """
    n, everyone = len(order), len(scores.bidders)
    bids = scores.bids
    ordered = key[order]
    edge = np.flatnonzero(ordered[1:] != ordered[:-1]) + 1
    starts = np.concatenate(([0], edge))
    ends = np.concatenate((edge, [n]))
    several = np.flatnonzero(ends - starts > 1)
    groups = list(zip(starts[several].tolist(), ends[several].tolist(), strict=True))
    if len(groups) > MAX_GROUPS:
        scores.order, scores.ranks, scores.tie_notes = core._rank(
            scores, bids, [], dict(zip(order.tolist(), ordered.tolist(), strict=True)), _no_notes)
        return
    result = order.tolist()
    ranks: list[int | None]
    if n == everyone:
        rank_of = np.empty(n, dtype=np.int64)
        rank_of[order] = np.arange(1, n + 1)
        ranks = list(rank_of.tolist())
    else:  # excluded bids are not ranked
        ranks = [None] * everyone
        for position, i in enumerate(result, 1):
            ranks[i] = position
    notes: list[str | None] = [None] * everyone
    for start, end in groups:
        members = result[start:end]
        part, part_ranks, part_notes = core._rank(scores, bids, [], dict.fromkeys(members, 0), _no_notes)
        result[start:end] = part
        for i in part:
            local = part_ranks[i]
            assert local is not None
            ranks[i] = start + local
            notes[i] = part_notes[i]
    scores.order, scores.ranks, scores.tie_notes = result, ranks, notes


def _no_notes(scores: core.Scores, result: list[int], ranks: list[int | None]) -> list[str | None]:
    """No shown notes (they are made once the whole ranking is known)."""
    return []


def _criterion_of(exact: _Exact, kind: str, i: int) -> Fraction:
    return exact.criterion(kind, i)


def _whole_sums(exact: _Exact, kind: str) -> Callable[[int], Fraction]:
    """Criterion `kind`'s fraction for any bid, from its sums for every bid (worked out once)."""
    acc, den = exact.sums(kind)
    return lambda i: core._q(acc[i], den)


def _whole_totals(exact: _Exact) -> Callable[[int], tuple[Any, int]]:
    """Any bid's exact total, from every criterion's sums (worked out once), as the core's `_totals`."""
    plan, n = exact.plan, len(exact.table.bidders)
    sums = {c.kind: exact.sums(c.kind) for c in plan.criteria if c.kind != "price"}
    pairs = [exact.price_fraction(i).as_integer_ratio() for i in range(n)] if exact.pricing is not None else []
    with localcontext(core._EXACT):
        pairs_of = core._totals(plan, sums, pairs, n)
    return lambda i: (core._q(*pairs_of[i]), 1)


def _reordered(table: BidTable, index: npt.NDArray[np.intp]) -> BidTable:
    """The table with its bids in `index` order (bidder-name order, as the core sorts them)."""
    order = index.tolist()
    return BidTable(bidders=[table.bidders[i] for i in order],
                    answers={code: (nums[index], places) for code, (nums, places) in table.answers.items()},
                    prices=None if table.prices is None else (table.prices[0][index], table.prices[1]),
                    submitted=None if table.submitted is None else [table.submitted[i] for i in order],
                    excluded=None if table.excluded is None else [table.excluded[i] for i in order],
                    inputs=None if table.inputs is None else _Lazy(len(order), partial(_nth, table.inputs, order)))


def _nth(items: Sequence[Any], order: list[int], i: int) -> Any:
    return items[order[i]]


def _bid_input(plan: core.Plan, table: BidTable, i: int) -> core.BidInput:
    """Bid i as core input (for explanations and tie-breaks that need it): exact Decimals."""
    answers = {code: Decimal(int(nums[i])).scaleb(-places) for code, (nums, places) in table.answers.items()}
    price = None
    if table.prices is not None:
        price = Decimal(int(table.prices[0][i])).scaleb(-table.prices[1])
    submitted = table.submitted[i] if table.submitted is not None else None
    excluded = table.excluded[i] if table.excluded is not None else None
    return core.BidInput(bidder=table.bidders[i], price=price, submitted=submitted, answers=answers,
                         excluded=excluded)


def _shown_notes(scores: core.Scores, shown: IntArray, rank_keys: IntArray | None) -> Sequence[str | None]:
    """`core._shown_notes`: the pairs that may get a note found from the arrays, the words made on use.

    The arrays find every neighbour pair the core would note (and possibly a few more, where two
    totals are exactly equal); the core then decides each pair exactly, with its own words.
    """
    n = len(scores.bidders)
    above_of = np.full(n, -1, dtype=np.int64)
    if len(scores.order) > 1:
        order = np.array(scores.order, dtype=np.intp)
        above, below = order[:-1], order[1:]
        same_shown = shown[above] == shown[below]
        if rank_keys is None:
            ranked = scores.ranks if len(order) == n else [scores.ranks[i] for i in scores.order]
            rank = np.array(ranked, dtype=np.int64)
            if len(order) != n:  # the ranks of the ranked bids, in their order: index them as the bids
                full = np.zeros(n, dtype=np.int64)
                full[order] = rank
                rank = full
            candidates = same_shown & (rank[above] != rank[below])
        else:
            candidates = ~same_shown & (rank_keys[above] == rank_keys[below])
        above_of[below[candidates]] = above[candidates]
    ranks = scores.ranks

    def note(i: int) -> str | None:
        a = int(above_of[i])
        return None if a < 0 else core._shown_note(scores, a, i, ranks)

    return _Lazy(n, note)
