"""The scoring engine: bids (and marks) against a tender → exact, explained results.

The arithmetic lives in `svspec.scoring.core` (standard library only, shared with the standalone
`scoring.py`). This module checks the inputs (diagnostics, never a silent zero), runs the core
and turns its columns into per-bid results with every figure explained.

ROUNDING RULE: everything is computed exactly with integers and `fractions.Fraction`; bids are
ranked on exact values; figures are rounded only for display and export, to 2 decimal places,
ROUND_HALF_UP (halves away from zero).
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import replace
from decimal import Decimal
from fractions import Fraction
from typing import Any, overload

from svspec import model, names
from svspec.bids.model import AnswerValue, Bid
from svspec.diagnostics import Diagnostic, Span, make
from svspec.scoring import core, words
from svspec.scoring.explain import Sentences
from svspec.scoring.marks import Marks, marked_uses
from svspec.scoring.portable import plan_for, total_item

# The result types are re-exported: `engine.BidScore` and friends were defined here first.
from svspec.scoring.results import BidScore as BidScore
from svspec.scoring.results import CriterionScore as CriterionScore
from svspec.scoring.results import ItemScore as ItemScore
from svspec.scoring.results import LazyItems
from svspec.scoring.results import Scoring as Scoring
from svspec.semantics.loader import collector_paused as collector_paused

Item = model.Question | model.Measure


def items_of(tender: model.Tender) -> list[tuple[str, Item, model.ScoringRule]]:
    """(criterion, item, rule) for every quality question and selected measure."""
    out: list[tuple[str, Item, model.ScoringRule]] = [("quality", q, q.scoring) for q in tender.questions]
    out += [(s.criterion, s.measure, s.scoring) for s in tender.selections]
    return out


def _bid_span(bid: Bid) -> Span | None:
    return Span(file=bid.file, line=1, column=1, end_line=1, end_column=1) if bid.file else None


def _positive_number(value: object) -> bool:
    if isinstance(value, Decimal):
        return value.is_finite() and value > 0
    return type(value) is int and value > 0


def check_bids(tender: model.Tender, bids: Sequence[Bid], clean: frozenset[str] = frozenset()) -> list[Diagnostic]:
    """Problems that stop a bid being scored, and answers that will score zero (warnings).

    `clean` are items whose every answer is already known to be a plain number within the limits
    (read so into the NumPy path's arrays, `fast.BidTable.clean`): their answers are not looked at again."""
    sink: list[Diagnostic] = []
    seen: dict[str, str] = {}
    price = tender.criterion("price")
    priced = (price is not None and price.weight) or tender.award == "price per quality point"
    # (code, quality?, needs a number, needs yes/no, a missing answer is worth a warning), worked out once
    checks = [(item.code, criterion == "quality",
               core.reads_number(rule),
               core.ARITHMETIC[rule.kind].reads == "yes/no" or rule.gate_yes,
               core.ARITHMETIC[rule.kind].reads != "mark" or rule.gate is not None or rule.gate_yes)
              for criterion, item, rule in items_of(tender) if item.code not in clean]
    for bid in bids:
        span = _bid_span(bid)
        looks = names.skeleton(bid.bidder)
        if looks in seen:
            other = seen[looks]
            if other == bid.bidder:
                sink.append(make("score/duplicate-bidder", span, bidder=bid.bidder))
            else:
                sink.append(make("score/lookalike-bidders", span, bidder=names.shown(bid.bidder),
                                 other=names.shown(other)))
        seen.setdefault(looks, bid.bidder)
        if bid.tender and bid.tender != tender.name:
            sink.append(make("score/wrong-tender", span, found=bid.tender, expected=tender.name))
        if priced:
            if bid.price is None:
                sink.append(make("score/missing-price", span, bidder=bid.bidder))
            elif not _positive_number(bid.price):
                sink.append(make("score/price-not-positive", span, bidder=bid.bidder, price=bid.price))
            elif isinstance(bid.price, Decimal) and (problem := core.number_problem(bid.price)) is not None:
                sink.append(make("score/number-out-of-range", span, bidder=bid.bidder, item="the price",
                                 value=str(bid.price)[:40], problem=core.number_words(problem)))
        quality, social = bid.quality, bid.social_value
        for code, in_quality, number, yes_no, warn in checks:
            value = (quality if in_quality else social).get(code)
            kind = type(value)
            if value is None:
                if warn:
                    sink.append(make("score/missing-answer", span, bidder=bid.bidder, item=code))
            elif number:
                if kind is int and abs(value) < 10**core.MAX_WHOLE_DIGITS:  # type: ignore[arg-type]
                    continue
                if isinstance(value, Decimal) and value.is_finite():
                    # adjusted() is the place of the first digit: quick, and what makes 1e-999999 slow to score
                    if -core.MAX_DECIMAL_PLACES <= value.adjusted() < core.MAX_WHOLE_DIGITS:
                        continue
                    problem = core.number_problem(value)
                    if problem is not None:
                        sink.append(make("score/number-out-of-range", span, bidder=bid.bidder, item=code,
                                         value=str(value)[:40], problem=core.number_words(problem)))
                    continue
                sink.append(make("score/answer-not-a-number", span, bidder=bid.bidder, item=code, value=value))
            elif yes_no and kind is not bool:
                sink.append(make("score/answer-not-yes-no", span, bidder=bid.bidder, item=code, value=value))
    return sink


def check_marks_cover(tender: model.Tender, bids: Sequence[Bid], marks: Marks | None) -> list[Diagnostic]:
    """Every bid needs every mark evaluators give (an item's mark and its credibility mark): never a
    silent zero, and never a traceback. A missing mark points at the entry that lacks it, when there is one."""
    needed = marked_uses(tender)
    if not needed or not bids:
        return []
    if marks is None:
        codes = sorted({code for code, _ in needed})
        return [make("marks/file-needed", None, items=", ".join(codes), verb="is" if len(codes) == 1 else "are")]
    sink = []
    whole = Span(file=marks.file, line=1, column=1, end_line=1, end_column=1) if marks.file else None
    for bid in bids:
        for code, use in needed:
            if marks.get(bid.bidder, code, use) is None:
                other = marks.get(bid.bidder, code)
                span = other.span if other is not None and other.span is not None else whole
                what = "mark" if use == "mark" else "credibility mark"
                hint = ("add `credibility:` with its `evaluators:` and `consensus:` to this entry"
                        if other is not None and use == "credibility" else None)
                sink.append(make("marks/missing-mark", span, bidder=bid.bidder, item=code, use=what, hint=hint))
    return sink


def numeric_codes(tender: model.Tender) -> tuple[str, ...]:
    """The items whose rule reads a number from the answer."""
    return tuple(item.code for _, item, rule in items_of(tender)
                 if core.reads_number(rule))


def to_input(bid: Bid, marks: Marks | None, numeric: tuple[str, ...] | None = None,
             excluded: Mapping[str, str] | None = None) -> core.BidInput:
    """A checked bid as core input, with its moderated marks; missing numbers (`numeric`) become 0."""
    answers = scored_answers(bid, numeric)
    given: dict[str, Fraction] = {}
    credibility: dict[str, Fraction] = {}
    if marks is not None:
        for e in marks.of(bid.bidder):
            (given if e.use == "mark" else credibility)[e.item] = e.moderated
    submitted = submitted_time(bid, marks)
    return core.BidInput(bidder=bid.bidder, price=bid.price, submitted=submitted, answers=answers,
                         marks=given, credibility=credibility, excluded=(excluded or {}).get(bid.bidder))


def scored_answers(bid: Bid, numeric: tuple[str, ...] | None = None) -> Mapping[str, object]:
    """The answers the core scores (`to_input`): quality and social value together, a missing number
    (`numeric`) as 0, with the score/missing-answer warning already given."""
    answers: Mapping[str, object] = bid.social_value if not bid.quality else {**bid.quality, **bid.social_value}
    if numeric is not None and any(answers.get(code) is None for code in numeric):
        answers = {**answers, **{code: Decimal(0) for code in numeric if answers.get(code) is None}}
    return answers


def submitted_time(bid: Bid, marks: Marks | None) -> str | None:
    """The time an earliest-submission tie-break reads: the buyer's receipt wins over the bid's claim."""
    return marks.received.get(bid.bidder, bid.submitted) if marks is not None else bid.submitted


def with_amounts(tender: model.Tender, bids: Sequence[Bid]) -> list[Bid]:
    """The bids with each composite answer (`answer sum of ...`) as the one amount in pounds it counts
    for (`core.parts_total`); other answers as they are."""
    parts = {item.code: tuple((p.name, Fraction(p.rate)) for p in item.answer.parts)
             for _, item, _ in items_of(tender) if item.answer.parts}
    if not parts:
        return list(bids)

    def totals(answers: Mapping[str, object]) -> dict[str, object]:
        return {code: core.parts_total(parts[code], value) if code in parts else value
                for code, value in answers.items()}

    return [replace(b, quality=totals(b.quality), social_value=totals(b.social_value)) for b in bids]  # type: ignore[arg-type]


def exclusions(marks: Marks | None, given: Mapping[str, str] | None) -> dict[str, str]:
    """The bids the buyer excluded, bidder → reason: the marks file's `excluded:` and those given on
    the command line (`--exclude BIDDER --reason`); a bid excluded in both keeps both reasons."""
    out = dict(marks.excluded) if marks is not None else {}
    for bidder, reason in (given or {}).items():
        out[bidder] = f"{out[bidder]}; {reason}" if bidder in out and out[bidder] != reason else reason
    return out


def score(tender: model.Tender, bids: Sequence[Bid], marks: Marks | None = None,
          excluded: Mapping[str, str] | None = None) -> tuple[Scoring | None, list[Diagnostic]]:
    """Score and rank `bids`. Returns (None, diagnostics) when any error stops scoring.

    `excluded` (bidder → reason) are bids the buyer excluded: they are scored, never ranked, and
    the reason is shown wherever the bid is."""
    with collector_paused():
        return _score(tender, bids, marks, excluded)


def _score(tender: model.Tender, bids: Sequence[Bid], marks: Marks | None,
           excluded: Mapping[str, str] | None) -> tuple[Scoring | None, list[Diagnostic]]:
    amounts = with_amounts(tender, bids)
    plan = plan_for(tender)
    numeric = numeric_codes(tender)
    out = exclusions(marks, excluded)
    inputs = Inputs(amounts, marks, numeric, out)
    # The arrays are read first: the columns they find plain need no check answer by answer.
    table = bid_table(plan, amounts, inputs, marks, out)  # (reads hostile answers safely: None when unsure)
    clean = table.clean if table is not None else frozenset()
    diagnostics = check_bids(tender, amounts, clean) + check_marks_cover(tender, bids, marks)
    if any(d.severity.name == "ERROR" for d in diagnostics):
        return None, diagnostics
    scoring = build(tender, plan, inputs, list(bids), marks, checked=True, table=table)
    return scoring, diagnostics + tie_time_warnings(scoring, bids)


def tie_time_warnings(scoring: Scoring, bids: Sequence[Bid]) -> list[Diagnostic]:
    """A warning for each earliest-submission tie-break lost for want of a usable time (issue 12 item 8)."""
    files = {b.bidder: b for b in bids}
    out = []
    for loser, winner, why in scoring.time_losses:
        bid = files.get(loser)
        out.append(make("score/tie-lost-without-time", _bid_span(bid) if bid is not None else None,
                        bidder=loser, other=winner, reason=why))
    return out


class Inputs(Sequence[core.BidInput]):
    """Checked bids as core input, each made on first use (`to_input`): the NumPy path reads the
    answers straight into arrays (`bid_table`), so most bids never need one."""

    def __init__(self, bids: Sequence[Bid], marks: Marks | None, numeric: tuple[str, ...],
                 excluded: Mapping[str, str]) -> None:
        self._bids, self._marks, self._numeric, self._excluded = bids, marks, numeric, excluded
        self._made: dict[int, core.BidInput] = {}

    def __len__(self) -> int:
        return len(self._bids)

    @overload
    def __getitem__(self, index: int) -> core.BidInput: ...
    @overload
    def __getitem__(self, index: slice) -> list[core.BidInput]: ...
    def __getitem__(self, index: int | slice) -> core.BidInput | list[core.BidInput]:
        if isinstance(index, slice):
            return [self[i] for i in range(*index.indices(len(self._bids)))]
        if index < 0:
            index += len(self._bids)
        made = self._made.get(index)
        if made is None:
            made = self._made[index] = to_input(self._bids[index], self._marks, self._numeric, self._excluded)
        return made

    def answers(self, index: int) -> Mapping[str, object]:
        """Bid `index`'s answers as its core input holds them, without making that input."""
        made = self._made.get(index)
        return made.answers if made is not None else scored_answers(self._bids[index], self._numeric)


def bid_table(plan: core.Plan, bids: Sequence[Bid], inputs: Sequence[core.BidInput], marks: Marks | None,
              excluded: Mapping[str, str]) -> Any:
    """The checked bids (composite answers as amounts) as the NumPy path's arrays, read straight from
    their answers (`fast.BidTable.from_answers`); None without NumPy or for a tender it leaves to the core."""
    try:
        from svspec.scoring import fast
    except ImportError:  # the in-browser bid check (Pyodide) ships without NumPy
        return None
    if not fast.supported(plan) or not bids:
        return None
    answers = [b.social_value if not b.quality else {**b.quality, **b.social_value} for b in bids]
    received = marks.received if marks is not None else {}
    return fast.BidTable.from_answers(
        plan, [b.bidder for b in bids], answers, [b.price for b in bids],
        [received.get(b.bidder, b.submitted) for b in bids],
        excluded=[excluded.get(b.bidder) for b in bids] if excluded else None, inputs=inputs)


def build(tender: model.Tender, plan: core.Plan, inputs: Sequence[core.BidInput], bids: Sequence[Bid],
          marks: Marks | None, *, checked: bool = False, table: Any = None) -> Scoring:
    """Run the core and explain every figure (`checked`: the inputs come from `check_bids`; `table`:
    the bids as the NumPy path's arrays, when the caller read them so)."""
    scores = core_scores(plan, inputs, checked=checked, table=table)
    position = {b.bidder: j for j, b in enumerate(bids)}
    memo = _Memo()
    results: dict[int, BidScore] = {}
    # The answers as the core read them, without making each bid's core input (`Inputs.answers`):
    # `bids` and `inputs` are in the same order.
    answers_of = inputs.answers if isinstance(inputs, Inputs) and len(inputs) == len(bids) else None
    for i, bidder in enumerate(scores.bidders):
        j = position[bidder]
        answers = answers_of(j) if answers_of is not None else scores.bids[i].answers
        results[i] = _bid_score(tender, plan, scores, i, bids[j], marks, memo, answers)
    rest = sorted((i for i in range(len(scores.bidders)) if scores.ranks[i] is None), key=lambda i: scores.bidders[i])
    ordered = tuple(results[i] for i in [*scores.order, *rest])
    stages = tuple((name, tuple(scores.bidders[i] for i in out)) for name, out in scores.stages)
    losses = tuple((scores.bidders[a], scores.bidders[b], why) for a, b, why in scores.time_losses)
    return Scoring(tender=tender, bids=ordered, lowest_price=scores.lowest_price, inputs=inputs, plan=plan,
                   marks=marks, stages=stages, time_losses=losses)


def core_scores(plan: core.Plan, inputs: Sequence[core.BidInput], *, checked: bool = False,
                table: Any = None) -> core.Scores:
    """The core's scores: by the NumPy path when it covers the tender (the same results, exactly;
    `svspec.scoring.fast`), else by the exact core itself. `table` is the bids already as arrays."""
    try:
        from svspec.scoring import fast
    except ImportError:  # NumPy is a dependency, but the in-browser bid check (Pyodide) ships without it
        return core.score(plan, list(inputs), checked=checked)
    if table is None and fast.supported(plan):
        table = fast.BidTable.from_inputs(plan, inputs)
    scores = fast.score(plan, table) if table is not None else None
    return scores if scores is not None else core.score(plan, list(inputs), checked=checked)


def _bid_score(tender: model.Tender, plan: core.Plan, scores: core.Scores, i: int, bid: Bid,
               marks: Marks | None, memo: _Memo | None = None,
               answers: Mapping[str, object] | None = None) -> BidScore:
    """Bid i's result. `answers` are its answers as the core scored them (`scored_answers`; read from
    its core input when not given)."""
    memo = memo if memo is not None else _Memo()
    criteria = []
    zeroed = dict(scores.zeroed[i]) if scores.zeroed else {}
    reasons = scores.excluded[i]
    for c in plan.criteria:
        f = scores.criterion_fraction(i, c.kind)
        passed = not reasons or not any(why == "pass-mark" and what == c.kind for why, what in reasons)
        nothing = _mark_reason(plan, scores.bids[i], zeroed[c.kind], "zeroes") if c.kind in zeroed else None
        criteria.append(CriterionScore(kind=c.kind, weight=c.weight, fraction=f, points=memo.hundred(c.weight) * f,
                                       pass_mark=c.pass_mark, passed=passed, zeroed=nothing))

    def items() -> tuple[ItemScore, ...]:
        """Every item's score of this bid, made when a report first reads them."""
        made = []
        weights = {c.kind: c.weight for c in plan.criteria}
        for criterion, item, rule in memo.items_of(tender):
            made.append(_item_score(tender, plan, scores, i, bid, criterion, item, rule, weights[criterion], marks,
                                    memo=memo))
        target = total_item(tender)
        if target is not None and tender.value_target is not None and scores.committed is not None:
            made.append(_item_score(tender, plan, scores, i, bid, "social value", target,
                                    tender.value_target.scoring, weights["social value"], marks,
                                    answer=scores.committed[i]))
        return tuple(made)

    def points() -> tuple[tuple[str, Fraction], ...]:
        """Each item's weighted points alone, as `items()` makes them (`_item_score`): what the CSV shows."""
        weights = {c.kind: c.weight for c in plan.criteria}
        made = [(item.code, memo.scale(memo.plan_item(plan, item.code), weights[criterion])
                 * scores.fraction(i, item.code)) for criterion, item, _ in memo.items_of(tender)]
        target = total_item(tender)
        if target is not None and tender.value_target is not None and scores.committed is not None:
            made.append((target.code, memo.scale(memo.plan_item(plan, target.code), weights["social value"])
                         * scores.fraction(i, target.code)))
        return tuple(made)

    def shown() -> tuple[str, ...]:
        """Each item's weighted points as shown, as `points()` gives them: each distinct figure written once."""
        weights = {c.kind: c.weight for c in plan.criteria}
        made = [memo.shown_points(memo.plan_item(plan, item.code), weights[criterion], scores, i)
                for criterion, item, _ in memo.items_of(tender)]
        target = total_item(tender)
        if target is not None and tender.value_target is not None and scores.committed is not None:
            made.append(memo.shown_points(memo.plan_item(plan, target.code), weights["social value"], scores, i))
        return tuple(made)

    note = scores.delivery_note(i)
    excluded = tuple(note if why == "delivery-minimum" and note else _exclusion(tender, why, what, plan, scores.bids[i])
                     for why, what in scores.excluded[i])
    submitted = submitted_time(bid, marks)
    received = marks is not None and bid.bidder in marks.received
    tie_note = scores.tie_notes[i]
    if tie_note is not None and "tie broken by earliest submission" in tie_note:
        head, _, rest = tie_note.partition("tie broken by earliest submission")
        tie_note = f"{head}tie broken by earliest submission{_time_source(scores, marks)}{rest}"
    return BidScore(bidder=bid.bidder, file=bid.file, rank=scores.ranks[i], total=scores.total(i),
                    price=scores.price(i), criteria=tuple(criteria), items=LazyItems(items, points, shown),
                    price_parts=tuple((code, Fraction(amount)) for code, amount in bid.price_parts.items()),
                    excluded=excluded, tie_note=tie_note, submitted=submitted, received=received,
                    committed=scores.committed[i] if scores.committed is not None else None,
                    delivery_note=note if scores.ranks[i] is not None else None,
                    submission_note=core.submission_note(plan, bid.bidder, submitted, received),
                    abnormally_low=tuple(_low_words(scores.price(i), flag) for flag in scores.low_flags[i]),
                    low_flags=scores.low_flags[i],
                    price_per_point=scores.price_per_point(i) if plan.award == "price per quality point" else None,
                    shown_note=scores.shown_notes[i] if scores.shown_notes else None,
                    social_value=memo.social_value(plan, answers if answers is not None else scores.bids[i].answers))


def _low_words(price: Fraction | None, flag: tuple[str, Fraction, Fraction]) -> str:
    """'£60,000.00 is 45.00% below the mean of the other prices (£109,090.91)'."""
    against, reference, share = flag
    what = "the mean of the other prices" if against == "mean of others" else "the next lowest price"
    return f"{words.money(price or 0)} is {words.percent(share)} below {what} ({words.money(reference)})"


def _time_source(scores: core.Scores, marks: Marks | None) -> str:
    """Which times decided an earliest-submission tie-break: the buyer's receipts win over the bids' claims."""
    given = sum(1 for b in scores.bidders if marks is not None and b in marks.received)
    if given == len(scores.bidders):
        return " (the buyer's receipt times)"
    if given == 0:
        return " (the bids' own submitted times; the marks file gives no receipt times)"
    return " (the buyer's receipt times where the marks file gives them, else the bids' own submitted times)"


def _mark_reason(plan: core.Plan, bid: core.BidInput, code: str, effect: str) -> str:
    """Why one mark decided (the words live in the core, which the standalone scorer shares)."""
    return core.mark_reason(plan, bid, code, effect)


def _exclusion(tender: model.Tender, why: str, what: str, plan: core.Plan, bid: core.BidInput) -> str:
    """One reason a bid is excluded, in the core's words (the standalone `scoring.py` writes the same)."""
    return core.exclusion_words(plan, bid, why, what)


_NUMBERS = (Decimal, int, Fraction)


class _Memo:
    """Words and values of one answer to one item, made once per scoring: bids repeat answers (0, round
    figures), and writing '12 FTE' or valuing 12 FTE year by year is most of explaining a bid.
    Numbers are keyed by their type and text, so 1.0 and 1 are never taken for each other."""

    def __init__(self) -> None:
        self._texts: dict[tuple[str, type, str], str] = {}
        self._values: dict[tuple[str, type, str], core.ItemValue | None] = {}
        self._counted: dict[tuple[str, type, str], tuple[Fraction | None, Fraction | None]] = {}
        self._items: dict[str, core.Item] = {}
        self._scales: dict[tuple[str, Fraction], Fraction] = {}
        self._items_of: list[tuple[str, Item, model.ScoringRule]] | None = None
        self._facts: dict[tuple[str, type, str], tuple[Fraction | None, Fraction | None, str,
                                                       core.ItemValue | None]] = {}
        self._valued: tuple[core.Item, ...] | None = None
        self._totals: dict[tuple[str, type, object] | None, tuple[int, int]] = {}
        self._hundreds: dict[Fraction, Fraction] = {}
        self._shown: dict[tuple[str, Fraction, int, int], str] = {}
        self.sentences = Sentences()
        """Every item's words, written when first shown and once per distinct score."""

    def items_of(self, tender: model.Tender) -> list[tuple[str, Item, model.ScoringRule]]:
        """`items_of(tender)`, listed once for every bid of the scoring."""
        if self._items_of is None:
            self._items_of = items_of(tender)
        return self._items_of

    def plan_item(self, plan: core.Plan, code: str) -> core.Item:
        """`plan.item(code)`, looked up once."""
        found = self._items.get(code)
        if found is None:
            found = self._items[code] = plan.item(code)
        return found

    def scale(self, item: core.Item, criterion_weight: Fraction) -> Fraction:
        """100 × the criterion's weight × the item's weight: what turns the item's fraction into points
        of the total."""
        key = (item.code, criterion_weight)
        found = self._scales.get(key)
        if found is None:
            found = self._scales[key] = core.HUNDRED * criterion_weight * item.weight
        return found

    def counted(self, item: core.Item, rule: model.ScoringRule, scored: object
                ) -> tuple[Fraction | None, Fraction | None]:
        """The quantity the rule counts for the answer, and its value in £ for value rules."""
        key = (item.code, type(scored), str(scored)) if type(scored) in _NUMBERS else None
        found = self._counted.get(key) if key is not None else None
        if found is None:
            counted = core.counted_quantity(item.rule, scored)
            value = None
            if rule.kind.startswith("value") and counted is not None:
                value = core.commitment_value(item, counted)
            found = (counted, value)
            if key is not None:
                self._counted[key] = found
        return found

    def facts(self, plan_item: core.Item, rule: model.ScoringRule, item: Item, answer: object, scored: object
              ) -> tuple[Fraction | None, Fraction | None, str, core.ItemValue | None]:
        """(counted, value, answer text, valuation) of one answer, looked up once by one key when the
        answer is the number scored (not a composite's amount): what every bid's item score reads."""
        if answer is not scored or type(scored) not in _NUMBERS:
            return (*self.counted(plan_item, rule, scored), self.answer_text(answer, item),
                    self.item_value(plan_item, scored))
        key = (item.code, type(scored), str(scored))
        found = self._facts.get(key)
        if found is None:
            found = self._facts[key] = (*self.counted(plan_item, rule, scored), self.answer_text(answer, item),
                                        self.item_value(plan_item, scored))
        return found

    def answer_text(self, value: object, item: Item) -> str:
        """`words.answer_text`, once per number."""
        if type(value) not in _NUMBERS:
            return words.answer_text(value, item)
        key = (item.code, type(value), str(value))
        text = self._texts.get(key)
        if text is None:
            text = self._texts[key] = words.answer_text(value, item)
        return text

    def item_value(self, item: core.Item, answer: object) -> core.ItemValue | None:
        """`core.item_value`, once per number (an ItemValue is immutable, so it may be shared)."""
        if type(answer) not in _NUMBERS:
            return core.item_value(item, answer)
        key = (item.code, type(answer), str(answer))
        if key not in self._values:
            self._values[key] = core.item_value(item, answer)
        return self._values[key]

    def shown_points(self, item: core.Item, criterion_weight: Fraction, scores: core.Scores, i: int) -> str:
        """`words.points` of bid i's weighted points on `item` (its scale × its fraction), written once per
        distinct fraction: 100,000 bids × 50 items repeat few figures, and a Fraction made and multiplied
        for each was most of the CSV's time. The fraction is keyed by its integers (numerator over the
        column's denominator, or its own), never by a Fraction's slow hash."""
        column = scores.column(item.code)
        nums = column.nums
        num = nums[i] if column.scale == 1 and len(nums) == len(scores.bidders) else None
        if type(num) is int:
            key = (item.code, criterion_weight, num, column.den)
        else:
            fraction = column.fraction(i)
            key = (item.code, criterion_weight, fraction.numerator, fraction.denominator)
        text = self._shown.get(key)
        if text is None:
            text = self._shown[key] = words.points(self.scale(item, criterion_weight) * Fraction(key[2], key[3]))
        return text

    def hundred(self, weight: Fraction) -> Fraction:
        """100 × a criterion's weight, made once."""
        found = self._hundreds.get(weight)
        if found is None:
            found = self._hundreds[weight] = core.HUNDRED * weight
        return found

    def social_value(self, plan: core.Plan, answers: Mapping[str, object]) -> Fraction:
        """`core.bid_social_value` of a bid's answers (as its core input holds them), from each distinct
        answer's value made once and added up in integers over one denominator (a Fraction added per
        answer was most of the time of 100,000 bids)."""
        if self._valued is None:  # an item without a valuation is never valued, whatever the answer
            self._valued = tuple(item for item in plan.items if core.per_unit_years(item) is not None)
        pairs = []
        for item in self._valued:
            answer = answers.get(item.code)
            # Equal numbers have equal values (1.0 and 1 count the same quantity); bool is kept apart from 1.
            kind = type(answer)
            plain = kind is int or (isinstance(answer, Decimal) and answer.is_finite())
            key = (item.code, kind, answer) if plain else None
            pair = self._totals.get(key) if key is not None else None
            if pair is None:
                value = self.item_value(item, answer)
                pair = value.total.as_integer_ratio() if value is not None else (0, 1)
                if key is not None:
                    self._totals[key] = pair
            pairs.append(pair)
        if not pairs:
            return Fraction(0)
        den = math.lcm(*(d for _, d in pairs))
        return Fraction(sum(n * (den // d) for n, d in pairs), den)


def _item_score(tender: model.Tender, plan: core.Plan, scores: core.Scores, i: int, bid: Bid, criterion: str,
                item: Item, rule: model.ScoringRule, criterion_weight: Fraction, marks: Marks | None,
                answer: AnswerValue | Fraction | None = None, memo: _Memo | None = None) -> ItemScore:
    memo = memo if memo is not None else _Memo()
    plan_item = memo.plan_item(plan, item.code)
    column = scores.column(item.code)
    fraction = scores.fraction(i, item.code)
    if not plan_item.total:
        answer = (bid.quality if criterion == "quality" else bid.social_value).get(item.code)
        scored = scores.bids[i].answers.get(item.code)  # a composite answer as its amount in pounds
    else:
        scored = answer
    counted, value, text, valuation = memo.facts(plan_item, rule, item, answer, scored)
    marked = marks.get(bid.bidder, item.code, "mark") if marks is not None else None
    discounted = marks.get(bid.bidder, item.code, "credibility") if marks is not None else None
    entry = marked or discounted
    mark = marked.moderated if marked is not None else None
    credibility = discounted.moderated if discounted is not None else None
    points = core.HUNDRED * fraction
    weighted = memo.scale(plan_item, criterion_weight) * fraction  # 100 × criterion weight × item weight
    result = ItemScore(
        code=item.code, title=item.title, criterion=criterion, answer=answer,
        answer_text=text, fraction=fraction, points=points, weighted=weighted,
        item_weight=plan_item.weight, counted=counted, value=value, best=column.best, mark=mark,
        credibility=credibility, evaluators=entry.evaluators if entry is not None else (),
        consensus_reason=entry.consensus_reason if entry is not None else None,
        valuation=valuation,
        unrounded=scores.unrounded(i, item.code),
        context=(tender, item, rule, criterion_weight), explainer=memo.sentences,
    )
    return result
