"""What scoring produces: per-item, per-criterion and per-bid scores, and the whole result.

These are plain values. The engine (`engine`) makes them and the explanations (`explain`) read
them, so they live apart from both: neither of those modules needs to import the other.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from fractions import Fraction
from typing import overload

from svspec import model
from svspec.bids.model import AnswerValue
from svspec.scoring import core
from svspec.scoring.marks import EvaluatorMark, Marks
from svspec.words import fixed as points


@dataclass(frozen=True, slots=True, kw_only=True)
class ItemScore:
    """One question or measure of one bid: answer → rule → points → weighted contribution."""

    code: str
    title: str
    criterion: str
    answer: AnswerValue | Fraction | None
    """The bid's answer; for the total value line, the valued commitments in £ (exact)."""
    answer_text: str
    fraction: Fraction
    points: Fraction            # out of 100 for this item
    weighted: Fraction          # contribution to the tender total (out of 100)
    item_weight: Fraction       # share of its criterion
    counted: Fraction | None = None
    value: Fraction | None = None          # social value in £, for value rules
    best: Fraction | None = None           # best counted quantity among compared bids
    mark: Fraction | None = None           # moderated evaluator mark
    credibility: Fraction | None = None    # moderated credibility mark
    evaluators: tuple[EvaluatorMark, ...] = ()
    consensus_reason: str | None = None
    valuation: core.ItemValue | None = None
    """The answer's social value in £ year by year (`core.item_value`), None when the item is not valued."""
    unrounded: Fraction | None = None
    """The exact fraction before the tender's rounding per question (None: the tender states none)."""
    context: tuple[object, ...] = field(default=(), repr=False, compare=False)
    explainer: Callable[[ItemScore], str] | None = field(default=None, repr=False, compare=False)
    """Words for this score from its `context`, given by the engine (`explain.sentence_of`): results
    do not import the explanations, which read results."""

    @property
    def sentence(self) -> str:
        """answer → rule → points → weighted contribution, in words (made when asked for)."""
        return self.explainer(self) if self.explainer is not None else ""


class LazyItems(Sequence[ItemScore]):
    """A bid's item scores, made on first use: a ranking (the table, the CSV's totals) reads none of
    them, and `--explain BIDDER` only that bidder's. Once made they are kept, and the sequence
    compares, hashes and prints as the tuple it stands for."""

    __slots__ = ("_made", "_make", "_points", "_shown")

    def __init__(self, make: Callable[[], tuple[ItemScore, ...]],
                 points: Callable[[], tuple[tuple[str, Fraction], ...]] | None = None,
                 shown: Callable[[], tuple[str, ...]] | None = None) -> None:
        self._make: Callable[[], tuple[ItemScore, ...]] | None = make
        self._made: tuple[ItemScore, ...] = ()
        self._points = points
        self._shown = shown

    def shown_weighted(self) -> tuple[str, ...]:
        """Every item's weighted points as the reports show them (`words.points`), in the order of the
        items: from the engine's figures shown once per distinct value (`shown`) when it gave them."""
        if self._shown is not None:
            return self._shown()
        return tuple(points(w) for _, w in self.weighted())

    def weighted(self) -> tuple[tuple[str, Fraction], ...]:
        """(code, weighted points) of every item, without making the rest of each score when the
        engine gave a quicker way (`points`) and the scores are not made yet: what the CSV shows."""
        if self._make is not None and self._points is not None:
            return self._points()
        return tuple((s.code, s.weighted) for s in self._items())

    def unkept(self) -> tuple[ItemScore, ...]:
        """The item scores, made afresh and not kept when not made yet (equal values each time): a report
        written bid by bid then holds one bid's items at a time, not 100,000 bids' (`unkept_items`)."""
        return self._make() if self._make is not None else self._made

    def _items(self) -> tuple[ItemScore, ...]:
        if self._make is not None:
            self._made, self._make = self._make(), None
        return self._made

    def __len__(self) -> int:
        return len(self._items())

    @overload
    def __getitem__(self, index: int) -> ItemScore: ...
    @overload
    def __getitem__(self, index: slice) -> tuple[ItemScore, ...]: ...
    def __getitem__(self, index: int | slice) -> ItemScore | tuple[ItemScore, ...]:
        return self._items()[index]

    def __iter__(self) -> Iterator[ItemScore]:
        return iter(self._items())

    def __eq__(self, other: object) -> bool:
        if isinstance(other, LazyItems):
            return self._items() == other._items()
        return self._items() == other if isinstance(other, tuple) else NotImplemented

    def __hash__(self) -> int:
        return hash(self._items())

    def __repr__(self) -> str:
        return repr(self._items())


def unkept_items(bid: BidScore) -> Sequence[ItemScore]:
    """A bid's item scores for reading once (`LazyItems.unkept`), without keeping them in the bid."""
    items = bid.items
    return items.unkept() if isinstance(items, LazyItems) else items


@dataclass(frozen=True, slots=True, kw_only=True)
class CriterionScore:
    kind: str
    weight: Fraction
    fraction: Fraction
    points: Fraction            # contribution to the total (out of 100)
    pass_mark: Fraction | None
    passed: bool
    zeroed: str | None = None
    """Why the criterion scores nothing whatever its items score: one mark ('a mark of 0 on Q2 (...)')."""


@dataclass(frozen=True, slots=True, kw_only=True)
class BidScore:
    """One bid's result. `rank` is None when the bid is excluded (`excluded` says why)."""

    bidder: str
    file: str
    rank: int | None
    total: Fraction
    price: Fraction | None
    criteria: tuple[CriterionScore, ...]
    items: Sequence[ItemScore]
    """Its item scores (a `LazyItems` from the engine: made when first read)."""
    excluded: tuple[str, ...]
    tie_note: str | None = None
    price_parts: tuple[tuple[str, Fraction], ...] = ()
    """The amount of each price component, when the tender scores a whole-life cost (issue 12 item 4)."""
    submitted: str | None = None
    """The time used for 'earliest submission': the buyer's receipt when given, else the bid's claim."""
    received: bool = False
    """True when `submitted` is the buyer's receipt time (from the marks file), not the bid's claim."""
    submission_note: str | None = None
    """A line for the report when the time matters: after the closing date, or a date without a time."""
    committed: Fraction | None = None
    """The bid's valued commitments in £, when the tender adds them up (total value, delivery minimum)."""
    delivery_note: str | None = None
    """Why a ranked bid's social value scores nothing: below the delivery minimum."""
    abnormally_low: tuple[str, ...] = ()
    """The abnormally low tests this bid's price meets, each with its figures in words (issue 12 item 2)."""
    low_flags: tuple[tuple[str, Fraction, Fraction], ...] = ()
    """The same tests as figures: (against, the price compared with, the share below it)."""
    price_per_point: Fraction | None = None
    """Price ÷ total points, when the tender awards by price per quality point."""
    shown_note: str | None = None
    """Where its shown (rounded) total and its rank disagree with its neighbour's, in words."""
    social_value: Fraction = Fraction(0)
    """The bid's total valued social value in £ across measures (`core.bid_social_value`)."""

    def criterion(self, kind: str) -> CriterionScore | None:
        return next((c for c in self.criteria if c.kind == kind), None)

    def weighted(self) -> tuple[tuple[str, Fraction], ...]:
        """(code, weighted points) of every item, in the order of `items`."""
        items = self.items
        return items.weighted() if isinstance(items, LazyItems) else tuple((s.code, s.weighted) for s in items)

    def shown_weighted(self) -> tuple[str, ...]:
        """Every item's weighted points as shown (`words.points`), in the order of `items`: the CSV's cells."""
        items = self.items
        return items.shown_weighted() if isinstance(items, LazyItems) else tuple(points(s.weighted) for s in items)


@dataclass(frozen=True, slots=True, kw_only=True)
class Scoring:
    """The outcome of scoring a tender: bids in rank order, then excluded bids by name."""

    tender: model.Tender
    bids: tuple[BidScore, ...]
    lowest_price: Fraction | None
    inputs: Sequence[core.BidInput]
    """Each bid as core input, in the order given (made on use when the NumPy path scored them)."""
    plan: core.Plan
    marks: Marks | None = None
    stages: tuple[tuple[str, tuple[str, ...]], ...] = ()
    """The evaluation's stages in order, each with the bidders it set aside (issue 12 item 5)."""
    time_losses: tuple[tuple[str, str, str], ...] = ()
    """(loser, winner, why): earliest-submission tie-breaks lost for want of a usable time."""

    @property
    def ranked(self) -> tuple[BidScore, ...]:
        return tuple(b for b in self.bids if b.rank is not None)

    @property
    def winner(self) -> BidScore | None:
        ranked = self.ranked
        return ranked[0] if ranked and (len(ranked) == 1 or ranked[1].rank != ranked[0].rank) else None

    def bid(self, bidder: str) -> BidScore | None:
        return next((b for b in self.bids if b.bidder == bidder), None)
