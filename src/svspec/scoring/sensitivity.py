"""How robust is a ranking? Weight changes, tipping points and rank reversals, exactly.

- One at a time, each criterion weight is moved ±20% and the others are rescaled in proportion
  so that the weights still add up to 1 (as scikit-criteria's one-at-a-time importance does).
- For each criterion, the tipping points are the weights (others rescaled in proportion) at which
  the winner changes: totals are straight lines in that weight, so crossings are solved exactly.
- For relative formulas (price relative to the lowest, relative to the best), removing one bid can
  reverse the order of two others; each bid is removed in turn to check.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from fractions import Fraction

from svspec.scoring import core, words
from svspec.scoring.engine import Scoring

DELTA = Fraction(1, 5)
MAX_REVERSAL_BIDS = 200
"""Above this many bids the rank-reversal check (one rescoring per bid) is skipped."""

Weights = Mapping[str, Fraction]
Fractions = Mapping[str, Mapping[str, Fraction]]   # bidder → criterion → fraction of its points


@dataclass(frozen=True, slots=True, kw_only=True)
class WeightChange:
    criterion: str
    factor: Fraction                       # 6/5 or 4/5
    weights: tuple[tuple[str, Fraction], ...]
    totals: tuple[tuple[str, Fraction], ...]
    winner: str | None
    sentence: str


@dataclass(frozen=True, slots=True, kw_only=True)
class TippingPoint:
    criterion: str
    weight: Fraction
    lower: Fraction | None
    lower_winner: str | None
    upper: Fraction | None
    upper_winner: str | None
    sentence: str


@dataclass(frozen=True, slots=True, kw_only=True)
class RankReversal:
    removed: str
    first: str                             # ranks above `second` with every bid
    second: str                            # ranks above `first` without `removed`
    sentence: str


@dataclass(frozen=True, slots=True, kw_only=True)
class Sensitivity:
    winner: str | None
    changes: tuple[WeightChange, ...]
    tipping_points: tuple[TippingPoint, ...]
    reversals: tuple[RankReversal, ...]
    notes: tuple[str, ...]

    @property
    def sentences(self) -> tuple[str, ...]:
        return (*self.notes, *(t.sentence for t in self.tipping_points), *(c.sentence for c in self.changes),
                *(r.sentence for r in self.reversals))


def perturb(weights: Weights, criterion: str, factor: Fraction) -> dict[str, Fraction]:
    """`criterion`'s weight × factor; the others rescaled in proportion so that they add up to 1."""
    new = min(weights[criterion] * factor, Fraction(1))
    rest = 1 - weights[criterion]
    out = {}
    for kind, w in weights.items():
        if kind == criterion:
            out[kind] = new
        else:
            out[kind] = w * (1 - new) / rest if rest else Fraction(0)
    return out


def totals(weights: Weights, fractions: Fractions) -> dict[str, Fraction]:
    """Points out of 100 for each bidder under `weights`."""
    return {b: core.HUNDRED * sum((weights[k] * f.get(k, Fraction(0)) for k in weights), Fraction(0))
            for b, f in fractions.items()}


def winner_of(points: Mapping[str, Fraction]) -> str | None:
    """The single highest total, or None when two or more share it."""
    if not points:
        return None
    best = max(points.values())
    top = [b for b, p in points.items() if p == best]
    return top[0] if len(top) == 1 else None


def _at(weights: Weights, criterion: str, t: Fraction) -> dict[str, Fraction]:
    rest = 1 - weights[criterion]
    return {k: (t if k == criterion else w * (1 - t) / rest) for k, w in weights.items()}


def tipping_point(weights: Weights, fractions: Fractions, criterion: str) -> TippingPoint | None:
    """The weights of `criterion` (others rescaled in proportion) nearest its own at which the winner changes."""
    current = weights[criterion]
    if current >= 1 or len(weights) < 2:
        return None
    w_now = winner_of(totals(weights, fractions))
    if w_now is None:
        return None
    rest = 1 - current

    def line(b: str) -> tuple[Fraction, Fraction]:
        f = fractions[b]
        share = sum((w * f.get(k, Fraction(0)) for k, w in weights.items() if k != criterion), Fraction(0)) / rest
        return f.get(criterion, Fraction(0)), share          # total ∝ t·a + (1−t)·s

    a_w, s_w = line(w_now)
    crossings: list[Fraction] = []
    for b in fractions:
        if b == w_now:
            continue
        a_b, s_b = line(b)
        ds, da = s_w - s_b, a_w - a_b
        if ds != da:
            t = ds / (ds - da)
            if 0 <= t <= 1 and t != current:
                crossings.append(t)
    above = sorted(t for t in crossings if t > current)
    below = sorted((t for t in crossings if t < current), reverse=True)

    def beyond(t: Fraction, others: list[Fraction], edge: Fraction) -> str | None:
        nxt = next((x for x in others if x != t), edge)
        return winner_of(totals(_at(weights, criterion, (t + nxt) / 2), fractions))

    upper = above[0] if above else None
    lower = below[0] if below else None
    upper_winner = beyond(upper, above, Fraction(1)) if upper is not None else None
    lower_winner = beyond(lower, below, Fraction(0)) if lower is not None else None
    name = f"the {criterion} weight"
    parts = []
    if lower is not None:
        parts.append(f"{name} falls below {words.percent(lower)}" +
                     (f" (then {lower_winner} wins)" if lower_winner else " (then bids tie)"))
    if upper is not None:
        parts.append(f"{name} rises above {words.percent(upper)}" +
                     (f" (then {upper_winner} wins)" if upper_winner else " (then bids tie)"))
    if parts:
        sentence = f"{w_now} wins unless " + " or ".join(parts) + f"; it is {words.percent(current)} now."
    else:
        sentence = f"{w_now} wins whatever {name}, from 0% to 100% (others rescaled in proportion)."
    return TippingPoint(criterion=criterion, weight=current, lower=lower, lower_winner=lower_winner, upper=upper,
                        upper_winner=upper_winner, sentence=sentence)


def weight_changes(weights: Weights, fractions: Fractions, delta: Fraction = DELTA) -> list[WeightChange]:
    """Each criterion weight ±delta (relative), others renormalised; who wins then."""
    base = winner_of(totals(weights, fractions))
    out = []
    for kind in weights:
        for factor, verb in ((1 + delta, "raised"), (1 - delta, "lowered")):
            new = perturb(weights, kind, factor)
            points = totals(new, fractions)
            w = winner_of(points)
            shown = ", ".join(f"{k} {words.percent(v)}" for k, v in new.items())
            pct = words.percent(delta)
            if w == base:
                sentence = f"With the {kind} weight {verb} by {pct} ({shown}), {w or 'no single bid'} still wins."
            else:
                sentence = (f"With the {kind} weight {verb} by {pct} ({shown}), {w or 'no single bid'} wins "
                            f"instead of {base or 'a tie'}.")
            out.append(WeightChange(criterion=kind, factor=factor, weights=tuple(new.items()),
                                    totals=tuple(sorted(points.items())), winner=w, sentence=sentence))
    return out


def rank_reversals(scoring: Scoring) -> list[RankReversal]:
    """Pairs of bids whose order flips when a third bid is removed (relative formulas only)."""
    order = [b.bidder for b in scoring.ranked]
    position = {b: i for i, b in enumerate(order)}
    out = []
    for removed in order:
        rest = [x for x in scoring.inputs if x.bidder != removed]
        again = core.score(scoring.plan, rest)
        totals_after = {again.bidders[i]: again.total(i) for i in range(len(rest)) if again.ranks[i] is not None}
        for a in order:
            for b in order:
                if a == removed or b == removed or position[a] >= position[b]:
                    continue
                if a in totals_after and b in totals_after and totals_after[b] > totals_after[a]:
                    sentence = (f"Without {removed}'s bid, {b} would rank above {a} (with it, {a} ranks above {b}): "
                                f"the relative formulas make their order depend on whether {removed} bids.")
                    out.append(RankReversal(removed=removed, first=a, second=b, sentence=sentence))
    return out


def has_relative_rules(plan: core.Plan) -> bool:
    price = next((c for c in plan.criteria if c.kind == "price"), None)
    return (price is not None and price.formula != "fixed-range") or any(
        core.is_relative(i.rule.kind) for i in plan.items)


def analyse(scoring: Scoring, delta: Fraction = DELTA) -> Sensitivity:
    """Weight changes, tipping points and rank reversals for a scored tender (passing bids only)."""
    weights = {c.kind: c.weight for c in scoring.plan.criteria}
    fractions = {b.bidder: {c.kind: c.fraction for c in b.criteria} for b in scoring.ranked}
    notes = []
    winner = winner_of(totals(weights, fractions))
    if len(fractions) < 2:
        notes.append("Fewer than two bids pass: there is no ranking to test.")
        return Sensitivity(winner=winner, changes=(), tipping_points=(), reversals=(), notes=tuple(notes))
    if winner is None:
        notes.append("The highest total is shared, so there is no single winner to test.")
    tips = [t for k in weights if (t := tipping_point(weights, fractions, k)) is not None]
    changes = weight_changes(weights, fractions, delta)
    reversals: list[RankReversal] = []
    if has_relative_rules(scoring.plan):
        if len(scoring.inputs) <= MAX_REVERSAL_BIDS:
            reversals = rank_reversals(scoring)
            if not reversals:
                notes.append("Rank reversal: removing any one bid leaves the order of the others unchanged.")
        else:
            notes.append(f"Rank reversal not checked: more than {MAX_REVERSAL_BIDS} bids.")
    return Sensitivity(winner=winner, changes=tuple(changes), tipping_points=tuple(tips),
                       reversals=tuple(reversals), notes=tuple(notes))
