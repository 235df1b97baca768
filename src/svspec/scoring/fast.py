"""Exact scoring at NumPy speed (issue 12 item 9): float64 arrays, rechecked exactly where it matters.

The exact core (`core.py`) stays the definition of every result; this module reaches the same
results faster for the tenders it supports, and says None for the others (the engine then runs
the core). It is not part of the standalone `scoring.py`, which stays standard library only.

How it stays exact:

- Answers and prices arrive as int64 numerators over a power of ten per column (`BidTable`), so
  the inputs are exact. Band edges are compared in integers, bests are integer maxima.
- Each bid's total is worked out in float64 together with a proven bound on its error
  (`error_bound`). Bids whose float totals are further apart than twice the bound are in the exact
  order of their float totals; bids closer than that form a cluster, which the core's ranking
  compares exactly (with Fractions, one bid at a time, only for those bids).
- The shown (rounded) figures are decided from the floats unless a total lies within the bound of
  a rounding boundary; those totals are rounded exactly.
- Every exact figure (`Scores.total`, criterion fractions, notes' texts) is made from the integers
  on first use, so nothing is approximated when asked for.

Supported: relative-to-lowest price (or no price), linear (clamped), bands, relative to best,
value relative to best and value per £ rules without caps, minimums, gates, points caps or
credibility; ranking on exact totals or on totals rounded before ranking; every tie-break.
Gates, pass marks, shortlists, abnormally low prices, the delivery minimum, the total value line,
mark rules, evaluator marks, yes/no answers and price per quality point go to the exact core:
they exclude bids or need marks per bid, which the core's passes over compared bids handle.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction
from functools import partial
from itertools import pairwise
from typing import Any, cast, overload

import numpy as np
import numpy.typing as npt

from svspec.scoring import core

IntArray = npt.NDArray[np.int64]
FloatArray = npt.NDArray[np.float64]

_SAFE = 2**53
"""Integers below this are exact in float64."""
_UNIT = 2.0**-53
"""The unit roundoff of float64."""
_KINDS = frozenset({"linear", "bands", "relative-to-best", "value-relative-to-best", "value-per-pound"})


@dataclass(frozen=True, slots=True)
class BidTable:
    """Bids as arrays, what a bid reader hands the fast path: no Python number per answer.

    `answers[code]` is (numerators, places): the answer of bid i is numerators[i] / 10**places.
    `prices` likewise (None when the tender does not score price). `submitted` may be None.
    """

    bidders: Sequence[str]
    answers: dict[str, tuple[IntArray, int]]
    prices: tuple[IntArray, int] | None = None
    submitted: Sequence[str | None] | None = None

    @staticmethod
    def from_inputs(plan: core.Plan, bids: Sequence[core.BidInput]) -> BidTable | None:
        """The table of core inputs, or None when an answer is not a decimal that fits in int64."""
        answers = {}
        for item in plan.items:
            column = _decimal_column([b.answers.get(item.code) for b in bids])
            if column is None:
                return None
            answers[item.code] = column
        prices = None
        if any(c.kind == "price" for c in plan.criteria):
            prices = _decimal_column([b.price for b in bids])
            if prices is None:
                return None
        return BidTable(bidders=[b.bidder for b in bids], answers=answers, prices=prices,
                        submitted=[b.submitted for b in bids])


def _decimal_column(values: list[Any]) -> tuple[IntArray, int] | None:
    """Decimals (or ints) as numerators over one power of ten; None for anything else or too large."""
    places = 0
    for v in values:
        if type(v) is int:
            continue
        if type(v) is not Decimal or not v.is_finite():
            return None
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
    if plan.delivery_minimum is not None or plan.abnormally_low or plan.shortlist is not None \
            or plan.award != "weighted total" or plan.item_places is not None:
        return False
    for c in plan.criteria:
        if c.pass_mark is not None or c.mark_rules:
            return False
        if c.kind == "price" and (c.formula or "relative-to-lowest") != "relative-to-lowest":
            return False
    for item in plan.items:
        rule = item.rule
        if item.total or rule.kind not in _KINDS or rule.cap is not None or rule.points_cap is not None \
                or rule.threshold is not None or rule.gate is not None or rule.gate_yes \
                or rule.credibility_scale is not None:
            return False
        if rule.kind == "linear" and (not rule.clamped or rule.low is None or rule.high is None
                                      or rule.low == rule.high):
            return False
        if rule.kind == "bands" and any(a >= b for (a, _), (b, _) in pairwise(rule.bands)):
            return False  # the core bisects the edges: only ascending edges mean "the highest reached"
        if rule.kind == "value-per-pound" and (rule.target is None or rule.target <= 0 or plan.contract_value <= 0):
            return False
    return True


# ---------------------------------------------------------------------------------- exact, per bid
@dataclass(frozen=True, slots=True)
class _Exact:
    """Exact figures for one bid at a time, from the integers (used for clusters and when asked)."""

    plan: core.Plan
    table: BidTable
    bests: dict[str, Fraction]
    lowest: Fraction | None

    def answer(self, code: str, i: int) -> Fraction:
        nums, places = self.table.answers[code]
        return Fraction(int(nums[i]), 10**places)

    def item_fraction(self, item: core.Item, i: int) -> Fraction:
        """The core's fraction of the item's points for bid i (see the core's column functions)."""
        rule, x = item.rule, self.answer(item.code, i)
        if rule.kind == "linear":
            assert rule.low is not None and rule.high is not None
            return min(max((x - rule.low) / (rule.high - rule.low), Fraction(0)), Fraction(1))
        if rule.kind == "bands":
            share = rule.otherwise
            for at_least, band in rule.bands:
                if x >= at_least:
                    share = band
            return share
        if rule.kind == "value-per-pound":
            assert rule.target is not None
            per_unit = item.value_per_unit if item.value_per_unit is not None else Fraction(1)
            return min(max(x * per_unit / (self.plan.contract_value * rule.target), Fraction(0)), Fraction(1))
        best = self.bests[item.code]
        return max(x, Fraction(0)) / best if best else Fraction(0)

    def criterion(self, kind: str, i: int) -> Fraction:
        """Bid i's fraction of criterion `kind`'s points."""
        if kind == "price":
            return self.price_fraction(i)
        c = next(c for c in self.plan.criteria if c.kind == kind)
        return sum((item.weight * self.item_fraction(item, i) for item in c.items), Fraction(0))

    def price(self, i: int) -> Fraction:
        assert self.table.prices is not None
        nums, places = self.table.prices
        return Fraction(int(nums[i]), 10**places)

    def price_fraction(self, i: int) -> Fraction:
        assert self.lowest is not None
        return min(self.lowest / self.price(i), Fraction(1))

    def total(self, i: int) -> Fraction:
        return core.HUNDRED * sum((c.weight * self.criterion(c.kind, i) for c in self.plan.criteria), Fraction(0))


class _Lazy(Sequence[Any]):
    """A read-only list whose item i is made on first use (100,000 exact totals are not made unasked)."""

    def __init__(self, size: int, make: Callable[[int], Any]) -> None:
        self._size, self._make, self._done = size, make, cast(dict[int, Any], {})

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
            self._done[index] = self._make(index)
        return self._done[index]

    def __iter__(self) -> Iterator[Any]:
        return (self[i] for i in range(self._size))

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Sequence) and list(self) == list(other)

    __hash__ = None  # type: ignore[assignment]


# ---------------------------------------------------------------------------------- float64 with a bound
def _as_float(x: Fraction) -> float:
    return x.numerator / x.denominator


def _best(item: core.Item, nums: IntArray) -> int:
    """The best counted quantity of a relative rule, in the column's integers (0: nobody scores)."""
    if item.rule.kind == "value-relative-to-best" and item.value_per_unit == 0:
        return 0
    return max(int(nums.max(initial=0)), 0)


def _item_floats(plan: core.Plan, item: core.Item, nums: IntArray, places: int, best: int) -> FloatArray:
    """The item's fractions in float64, each within 8 units of roundoff of the exact one.

    Linear: the numerator a·dl − nl·10^p is an exact integer (checked below 2^53), so only the final
    division rounds. Bands: the edges are compared as integers (ceil(edge·10^p) ≤ a), so exact.
    Relative: an exact integer over the exact integer best, one rounding. Value per £: the answer
    (one rounding), the constant (one) and the product (one), clipped (clipping never adds error).
    """
    rule, scale = item.rule, 10**places
    if rule.kind == "bands":
        edges = np.array([math.ceil(a * scale) for a, _ in rule.bands], dtype=np.float64)
        table = np.array([_as_float(rule.otherwise), *(_as_float(f) for _, f in rule.bands)])
        # The edges are integers (or huge): comparing an int64 answer with them as floats is exact below 2^53.
        if len(edges) and np.abs(edges).max() >= _SAFE:
            raise _Unsupported
        return table[np.searchsorted(edges, nums, side="right")]
    if rule.kind == "linear":
        assert rule.low is not None and rule.high is not None
        dl = rule.low.denominator * (rule.high.denominator // math.gcd(rule.low.denominator, rule.high.denominator))
        low, span = rule.low * dl * scale, (rule.high - rule.low) * dl * scale  # integers
        assert low.denominator == 1 and span.denominator == 1
        biggest = max(int(nums.max(initial=0)), -int(nums.min(initial=0))) * dl + abs(int(low))
        if biggest >= _SAFE:
            raise _Unsupported
        top = (nums * dl - int(low)).astype(np.float64)
        return np.clip(top / float(int(span)), 0.0, 1.0)
    if rule.kind == "value-per-pound":
        assert rule.target is not None
        per_unit = item.value_per_unit if item.value_per_unit is not None else Fraction(1)
        k = per_unit / (plan.contract_value * rule.target) / scale
        return np.clip(nums.astype(np.float64) * _as_float(k), 0.0, 1.0)
    if best == 0:
        return np.zeros(len(nums))
    return np.maximum(nums, 0).astype(np.float64) / float(best)


class _Unsupported(Exception):
    """A number too large for the float path's exactness argument: the exact core scores the tender."""


@dataclass(frozen=True, slots=True)
class _Floats:
    totals: FloatArray
    bound: float
    bests: dict[str, Fraction]
    lowest: Fraction | None


def _float_totals(plan: core.Plan, table: BidTable) -> _Floats:
    """Totals out of 100 in float64 and one bound on every total's error.

    Every term w·f has |w·f| ≤ |w| (fractions are clipped to 0..1, the price fraction is at most 1), so
    the exact total is at most 100. Each term carries at most 8 roundings of its own (the fraction)
    plus 2 (the weight as a float and the product), the running sum of m terms adds at most m, and
    the criterion weight and the 100 add 4: |float − exact| ≤ (m + 14)·u·100·(1 + small). The bound
    taken, 2·(m + 32)·u·100, is over twice that.
    """
    n = len(table.bidders)
    bests: dict[str, int] = {}
    for item in plan.items:
        if core.is_relative(item.rule.kind):
            bests[item.code] = _best(item, table.answers[item.code][0])
    lowest, low = None, 1
    if any(c.kind == "price" for c in plan.criteria):
        assert table.prices is not None
        low = int(table.prices[0].min())
        if low <= 0:
            raise _Unsupported  # a price of 0 or less: the core's arithmetic decides (division by zero)
        lowest = Fraction(low, 10 ** table.prices[1])
    total = np.empty(n)
    for start in range(0, n, BLOCK):
        block = slice(start, min(n, start + BLOCK))
        total[block] = _block_totals(plan, table, block, bests, low)
    terms = len(plan.items) + 1
    # Weights need not add up to 1 in a plan: the bound grows with the largest possible |total|.
    scale = sum(abs(_as_float(c.weight)) * max(1.0, sum(abs(_as_float(i.weight)) for i in c.items))
                for c in plan.criteria)
    bound = 2.0 * (terms + 32) * _UNIT * 100.0 * max(1.0, scale)
    return _Floats(totals=total, bound=bound, lowest=lowest, bests={
        code: Fraction(best, 10 ** table.answers[code][1]) for code, best in bests.items()})


BLOCK = 1 << 15
"""Bids per block: a block's columns stay in the processor's cache, so that time grows linearly."""


def _checked(nums: IntArray) -> IntArray:
    """`nums`, when every one is below 2^53 in size (exact in float64); else the core scores the tender."""
    if len(nums) and (int(nums.max()) >= _SAFE or int(nums.min()) <= -_SAFE):
        raise _Unsupported
    return nums


def _block_totals(plan: core.Plan, table: BidTable, block: slice, bests: dict[str, int], low: int) -> FloatArray:
    """The float totals of the bids in `block` (the criteria's shares weighted, times 100)."""
    size = block.stop - block.start
    total: FloatArray = np.zeros(size)
    for c in plan.criteria:
        share: FloatArray = np.zeros(size)
        if c.kind == "price":
            assert table.prices is not None
            share = np.minimum(float(low) / _checked(table.prices[0][block]).astype(np.float64), 1.0)
        for item in c.items:
            nums, places = table.answers[item.code]
            fractions = _item_floats(plan, item, _checked(nums[block]), places, bests.get(item.code, 0))
            share += _as_float(item.weight) * fractions
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


# ---------------------------------------------------------------------------------- scoring
def score(plan: core.Plan, table: BidTable) -> core.Scores | None:
    """The core's `Scores` for these bids, exactly as `core.score` gives them; None when unsupported.

    Bidder names must be unique (the engine checks this), as for the core.
    """
    if not supported(plan):
        return None
    n = len(table.bidders)
    has_price = any(c.kind == "price" for c in plan.criteria)
    if n == 0 or (has_price and table.prices is None) or any(
            item.code not in table.answers for item in plan.items):
        return None
    columns = [nums for nums, _ in table.answers.values()] + ([table.prices[0]] if table.prices else [])
    if any(len(col) != n for col in columns):
        return None
    names = list(table.bidders)
    if names != sorted(names):  # the core ranks bids in bidder-name order
        by_name = sorted(range(n), key=names.__getitem__)
        table = _reordered(table, np.array(by_name, dtype=np.intp))
    try:
        floats = _float_totals(plan, table)
    except _Unsupported:
        return None
    exact = _Exact(plan, table, floats.bests, floats.lowest)
    totals = _Lazy(n, lambda i: (exact.total(i), 1))
    sums = {c.kind: (_Lazy(n, partial(_criterion_of, exact, c.kind)), 1) for c in plan.criteria if c.kind != "price"}
    price_pairs = _Lazy(n, lambda i: exact.price_fraction(i).as_integer_ratio()) if has_price else []
    raw_prices = _Lazy(n, lambda i: exact.price(i).as_integer_ratio()) if has_price else []
    bids = _Lazy(n, lambda i: _bid_input(plan, table, i))
    excluded: list[tuple[tuple[str, str], ...]] = [()] * n
    scores = core.Scores(plan=plan, bids=cast(list[core.BidInput], bids), bidders=list(table.bidders),
                         sums=cast(dict[str, tuple[list[Any], int]], sums), price_pairs=cast(Any, price_pairs),
                         total_pairs=cast(Any, totals), excluded=excluded, compared=[True] * n, order=[], ranks=[],
                         tie_notes=[], lowest_price=floats.lowest, raw_prices=cast(Any, raw_prices), committed=None,
                         short=[False] * n, low_flags=[()] * n, stages=[], zeroed=[()] * n)
    total_of = scores.total
    shown = _rounded_keys(floats.totals, floats.bound, plan.places, total_of)
    if plan.rank_places is None:
        order, key = _clusters(floats.totals, floats.bound)
    else:
        key = _rounded_keys(floats.totals, floats.bound, plan.rank_places, total_of)
        order = np.argsort(-key, kind="quicksort")
    _rank(scores, order, key)
    rank_keys = key if plan.rank_places is not None else None
    scores.shown_notes = cast(list[str | None], _shown_notes(scores, shown, rank_keys))
    return scores


MAX_GROUPS = 50
"""Most groups of equal keys ranked one by one; with more, the core ranks every bid in one pass."""


def _rank(scores: core.Scores, order: npt.NDArray[np.intp], key: IntArray) -> None:
    """Order, ranks and tie notes, as `core._rank` gives them, from the keys (a higher key ranks higher).

    A bid whose key no other bid shares has its place in the key order, and no tie note; each group
    of equal keys is ranked by the core itself (exact totals, then the tie-break rules).
    """
    n = len(order)
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
    rank_of = np.empty(n, dtype=np.int64)
    rank_of[order] = np.arange(1, n + 1)
    ranks: list[int | None] = list(rank_of.tolist())
    notes: list[str | None] = [None] * n
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


def _reordered(table: BidTable, index: npt.NDArray[np.intp]) -> BidTable:
    """The table with its bids in `index` order (bidder-name order, as the core sorts them)."""
    order = index.tolist()
    return BidTable(bidders=[table.bidders[i] for i in order],
                    answers={code: (nums[index], places) for code, (nums, places) in table.answers.items()},
                    prices=None if table.prices is None else (table.prices[0][index], table.prices[1]),
                    submitted=None if table.submitted is None else [table.submitted[i] for i in order])


def _bid_input(plan: core.Plan, table: BidTable, i: int) -> core.BidInput:
    """Bid i as core input (for explanations and tie-breaks that need it): exact Decimals."""
    answers = {code: Decimal(int(nums[i])).scaleb(-places) for code, (nums, places) in table.answers.items()}
    price = None
    if table.prices is not None:
        price = Decimal(int(table.prices[0][i])).scaleb(-table.prices[1])
    submitted = table.submitted[i] if table.submitted is not None else None
    return core.BidInput(bidder=table.bidders[i], price=price, submitted=submitted, answers=answers)


def _shown_notes(scores: core.Scores, shown: IntArray, rank_keys: IntArray | None) -> Sequence[str | None]:
    """`core._shown_notes`: the pairs that may get a note found from the arrays, the words made on use.

    The arrays find every neighbour pair the core would note (and possibly a few more, where two
    totals are exactly equal); the core then decides each pair exactly, with its own words.
    """
    n = len(scores.bidders)
    above_of = np.full(n, -1, dtype=np.int64)
    if n > 1:
        order = np.array(scores.order, dtype=np.intp)
        above, below = order[:-1], order[1:]
        same_shown = shown[above] == shown[below]
        if rank_keys is None:
            rank = np.array(scores.ranks, dtype=np.int64)  # every bid is ranked on this path
            candidates = same_shown & (rank[above] != rank[below])
        else:
            candidates = ~same_shown & (rank_keys[above] == rank_keys[below])
        above_of[below[candidates]] = above[candidates]
    ranks = scores.ranks

    def note(i: int) -> str | None:
        a = int(above_of[i])
        return None if a < 0 else core._shown_notes(scores, [a, i], ranks)[i]

    return _Lazy(n, note)
