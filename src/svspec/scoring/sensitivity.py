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
from itertools import pairwise

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
    rank_changes: tuple[tuple[str, int, int], ...] = ()
    """(bidder, rank at the published weights, rank under this change) for every bid that moves."""


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
class Crossing:
    """Two bids swap places when `criterion`'s weight passes `weight` (others rescaled in proportion)."""

    criterion: str
    weight: Fraction
    above: str                             # ranks above `below` at the published weights
    below: str


@dataclass(frozen=True, slots=True, kw_only=True)
class MarkChange:
    """The smallest change of one mark that changes the winner (issue 12 item 6)."""

    bidder: str
    item: str
    evaluator: str | None                  # None: the consensus mark
    mark: Fraction
    to: Fraction
    winner: str | None
    sentence: str


@dataclass(frozen=True, slots=True, kw_only=True)
class MarkSensitivity:
    change: MarkChange | None
    margin: Fraction                       # the winner's lead in points
    step: Fraction | None                  # the most points one scale step of one mark is worth
    step_item: str | None
    warning: str | None
    sentence: str


@dataclass(frozen=True, slots=True, kw_only=True)
class Sensitivity:
    winner: str | None
    changes: tuple[WeightChange, ...]
    tipping_points: tuple[TippingPoint, ...]
    reversals: tuple[RankReversal, ...]
    notes: tuple[str, ...]
    crossings: tuple[Crossing, ...] = ()
    marks: MarkSensitivity | None = None

    @property
    def sentences(self) -> tuple[str, ...]:
        marks = () if self.marks is None else (*((self.marks.warning,) if self.marks.warning else ()),
                                               self.marks.sentence)
        return (*self.notes, *(t.sentence for t in self.tipping_points), *(c.sentence for c in self.changes),
                *(r.sentence for r in self.reversals), *marks)


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
            if 0 < t < 1 and t != current:  # a weight of 0% or 100% cannot be passed: no "rises above 100%"
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
        sentence = (f"{w_now} wins unless " + " or ".join(parts) + f"; it is {words.percent(current)} now, and "
                    f"{shared_out(weights, criterion)}.")
    else:
        sentence = f"{w_now} wins whatever {name}, from 0% to 100% ({shared_out(weights, criterion)})."
    return TippingPoint(criterion=criterion, weight=current, lower=lower, lower_winner=lower_winner, upper=upper,
                        upper_winner=upper_winner, sentence=sentence)


def shared_out(weights: Weights, criterion: str) -> str:
    """How the other weights move when `criterion`'s does, in words."""
    others = [(k, w) for k, w in weights.items() if k != criterion]
    if len(others) == 1:
        return f"{others[0][0]} takes the rest"
    names = ", ".join(k for k, _ in others[:-1]) + f" and {others[-1][0]}"
    shares = ":".join(words.number(w * 100) for _, w in others)
    return f"{names} share the rest in their published proportions, {shares}"


def crossings(weights: Weights, fractions: Fractions, order: list[str]) -> list[Crossing]:
    """Every weight of each criterion (others rescaled in proportion) at which two bids swap places:
    every rank change, not only the winner's. Totals are straight lines in the weight, so each pair
    crosses at most once, at an exact fraction strictly between 0 and 1."""
    out = []
    position = {b: i for i, b in enumerate(order)}
    for criterion, current in weights.items():
        if current >= 1 or len(weights) < 2:
            continue
        rest = 1 - current
        lines = {}
        for b in order:
            f = fractions[b]
            share = sum((w * f.get(k, Fraction(0)) for k, w in weights.items() if k != criterion), Fraction(0)) / rest
            lines[b] = (f.get(criterion, Fraction(0)), share)
        for a in order:
            for b in order:
                if position[a] >= position[b]:
                    continue
                (a_a, s_a), (a_b, s_b) = lines[a], lines[b]
                ds, da = s_a - s_b, a_a - a_b
                if ds != da:
                    t = ds / (ds - da)
                    if 0 < t < 1 and t != current:
                        out.append(Crossing(criterion=criterion, weight=t, above=a, below=b))
    return sorted(out, key=lambda c: (c.criterion, abs(c.weight - weights[c.criterion]), c.above, c.below))


def ranking(points: Mapping[str, Fraction]) -> dict[str, int]:
    """Rank of each bidder by total (equal totals share a rank; tie-breaks are not applied here)."""
    values = sorted(points.values(), reverse=True)
    return {b: values.index(p) + 1 for b, p in points.items()}


def weight_changes(weights: Weights, fractions: Fractions, delta: Fraction = DELTA) -> list[WeightChange]:
    """Each criterion weight ±delta (relative), others renormalised; who wins then."""
    base_points = totals(weights, fractions)
    base = winner_of(base_points)
    base_ranks = ranking(base_points)
    out = []
    for kind in weights:
        for factor, verb in ((1 + delta, "raised"), (1 - delta, "lowered")):
            new = perturb(weights, kind, factor)
            points = totals(new, fractions)
            w = winner_of(points)
            ranks = ranking(points)
            moved = tuple((b, base_ranks[b], ranks[b]) for b in sorted(points) if ranks[b] != base_ranks[b])
            if weights[kind] * factor > 1:
                verb = "raised (to 100%, the most it can be)"
            shown = ", ".join(f"{k} {words.percent(v)}" for k, v in new.items())
            shown += f"; {shared_out(weights, kind)}"
            pct = words.percent(delta)
            if w == base:
                sentence = f"With the {kind} weight {verb} by {pct} ({shown}), {w or 'no single bid'} still wins."
            else:
                sentence = (f"With the {kind} weight {verb} by {pct} ({shown}), {w or 'no single bid'} wins "
                            f"instead of {base or 'a tie'}.")
            if moved:
                sentence += " Ranks change: " + ", ".join(f"{b} {r} → {t}" for b, r, t in moved) + "."
            out.append(WeightChange(criterion=kind, factor=factor, weights=tuple(new.items()),
                                    totals=tuple(sorted(points.items())), winner=w, sentence=sentence,
                                    rank_changes=moved))
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


MAX_MARK_BIDS = 50
"""Above this many bids the mark sensitivity (one rescoring per mark and scale level) is skipped."""
MAX_MARK_RESCORINGS = 3000
"""The mark sensitivity stops after this many rescorings and says so (a large tender with many marks)."""


def _candidates(scoring: Scoring) -> list[tuple[str, str, str | None, Fraction, tuple[Fraction, ...]]]:
    """(bidder, item, evaluator or None for the consensus, mark, the scale's levels) for every mark that
    decides a moderated mark: each evaluator's under mean moderation, the consensus under consensus."""
    if scoring.marks is None:
        return []
    out: list[tuple[str, str, str | None, Fraction, tuple[Fraction, ...]]] = []
    for entry in scoring.marks.entries:
        scale = scoring.plan.scales.get(scoring.plan.item(entry.item).rule.scale or "") if entry.use == "mark" \
            else scoring.plan.scales.get(scoring.plan.item(entry.item).rule.credibility_scale or "")
        if scale is None:
            continue
        levels = tuple(sorted(set(scale.levels)))
        if scoring.plan.moderation == "consensus":
            if entry.consensus is not None:
                out.append((entry.bidder, entry.item, None, entry.consensus, levels))
        else:
            # the mark that counts: an adjusted mark when the evaluator adjusted theirs
            out += [(entry.bidder, entry.item, e.evaluator, e.final, levels) for e in entry.evaluators]
    return out


def _rescored_winner(scoring: Scoring, bidder: str, item: str, evaluator: str | None, to: Fraction) -> str | None:
    """The winner when one mark (an evaluator's, or the consensus) of `bidder` on `item` is `to`."""
    assert scoring.marks is not None
    entry = scoring.marks.get(bidder, item)
    assert entry is not None
    if evaluator is None:
        moderated = to
    else:
        marks = [to if e.evaluator == evaluator else e.final for e in entry.evaluators]
        moderated = Fraction(sum(marks, Fraction(0)), len(marks))
    inputs = []
    for x in scoring.inputs:
        if x.bidder == bidder:
            field = "marks" if entry.use == "mark" else "credibility"
            changed = {**getattr(x, field), item: moderated}
            x = core.BidInput(bidder=x.bidder, price=x.price, submitted=x.submitted, answers=x.answers,
                              marks=changed if field == "marks" else x.marks,
                              credibility=changed if field == "credibility" else x.credibility,
                              excluded=x.excluded)
        inputs.append(x)
    again = core.score(scoring.plan, inputs)
    first = [i for i in again.order if again.ranks[i] == 1]
    return again.bidders[first[0]] if len(first) == 1 else None


def mark_sensitivity(scoring: Scoring) -> MarkSensitivity | None:
    """The smallest change of one evaluator's mark (or the consensus) that changes the winner, and a
    warning when the winning margin is within one scale step of one mark.

    Each mark is moved to every other level of its scale, nearest first, and the bids are scored
    again exactly (pass marks and shortlists included); the smallest move that changes the winner wins.
    """
    ranked = scoring.ranked
    winner = scoring.winner
    candidates = _candidates(scoring)
    if winner is None or len(ranked) < 2 or not candidates or len(scoring.inputs) > MAX_MARK_BIDS:
        return None
    margin = ranked[0].total - ranked[1].total
    best: MarkChange | None = None
    step, step_item = None, None
    budget = MAX_MARK_RESCORINGS
    for bidder, item, evaluator, mark, levels in candidates:
        gaps = [b - a for a, b in pairwise(levels)]
        if gaps:
            worth = _points_per_mark(scoring, bidder, item, evaluator) * min(gaps)
            if step is None or worth > step:
                step, step_item = worth, item
        wanted = [lv for lv in levels if (lv < mark if bidder == winner.bidder else lv > mark)]
        for to in sorted(wanted, key=lambda lv: abs(lv - mark)):
            if (best is not None and abs(to - mark) >= abs(best.to - best.mark)) or budget <= 0:
                break
            budget -= 1
            now = _rescored_winner(scoring, bidder, item, evaluator, to)
            if now != winner.bidder:
                who = f"{evaluator}'s mark" if evaluator is not None else "the consensus mark"
                then = f"{now} wins" if now is not None else "bids tie for first place"
                best = MarkChange(bidder=bidder, item=item, evaluator=evaluator, mark=mark, to=to, winner=now,
                                  sentence=f"Changing {who} for {bidder} on {item} from {words.number(mark)} to "
                                           f"{words.number(to)} changes the winner: {then} instead of "
                                           f"{winner.bidder}.")
                break
    sentence = best.sentence if best is not None else (
        f"No change of any one mark to another level of its scale changes the winner ({winner.bidder}).")
    if budget <= 0:
        sentence += f" (Stopped after {MAX_MARK_RESCORINGS} rescorings: not every mark was tried.)"
    warning = None
    if step is not None and margin <= step and scoring.plan.award != "price per quality point":
        warning = (f"Warning: {winner.bidder} wins by {words.points(margin)} points, within one scale step of one "
                   f"mark (a step on {step_item} is worth up to {words.points(step)} points).")
    return MarkSensitivity(change=best, margin=margin, step=step, step_item=step_item, warning=warning,
                           sentence=sentence)


def _points_per_mark(scoring: Scoring, bidder: str, item: str, evaluator: str | None) -> Fraction:
    """Points of the total one unit of one mark on `item` is worth at most (a mean divides it among evaluators)."""
    plan_item = scoring.plan.item(item)
    criterion = next(c for c in scoring.plan.criteria if c.kind == plan_item.criterion)
    rule = plan_item.rule
    scale = scoring.plan.scales[rule.scale or ""] if core.ARITHMETIC[rule.kind].reads == "mark" else \
        scoring.plan.scales[rule.credibility_scale or ""]
    top = core.HUNDRED if scale.percent else scale.maximum
    per = core.HUNDRED * criterion.weight * plan_item.weight / top
    if evaluator is not None and scoring.marks is not None:
        entry = scoring.marks.get(bidder, item)
        per /= max(len(entry.evaluators) if entry is not None else 1, 1)
    return per


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
    if scoring.plan.award == "price per quality point":
        # Tipping weights and reversals are worked out on weighted totals, which do not decide this award.
        notes.append("This tender awards by price per quality point, so weight changes and tipping points on the "
                     "weighted total are not worked out; the mark sensitivity below scores the bids again as the "
                     "tender does.")
        lead = scoring.winner.bidder if scoring.winner is not None else None
        return Sensitivity(winner=lead, changes=(), tipping_points=(), reversals=(), notes=tuple(notes),
                           marks=mark_sensitivity(scoring))
    if winner is None:
        notes.append("The highest total is shared, so there is no single winner to test.")
    tips = [t for k in weights if (t := tipping_point(weights, fractions, k)) is not None]
    changes = weight_changes(weights, fractions, delta)
    swaps = crossings(weights, fractions, [b.bidder for b in scoring.ranked]) \
        if len(fractions) <= MAX_REVERSAL_BIDS else []
    reversals: list[RankReversal] = []
    if has_relative_rules(scoring.plan):
        if len(scoring.inputs) <= MAX_REVERSAL_BIDS:
            reversals = rank_reversals(scoring)
            if not reversals:
                notes.append("Rank reversal: removing any one bid leaves the order of the others unchanged.")
        else:
            notes.append(f"Rank reversal not checked: more than {MAX_REVERSAL_BIDS} bids.")
    return Sensitivity(winner=winner, changes=tuple(changes), tipping_points=tuple(tips),
                       reversals=tuple(reversals), notes=tuple(notes), crossings=tuple(swaps),
                       marks=mark_sensitivity(scoring))
