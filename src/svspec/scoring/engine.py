"""The scoring engine: bids (and marks) against a tender → exact, explained results.

The arithmetic lives in `svspec.scoring.core` (standard library only, shared with the standalone
`scoring.py`). This module checks the inputs (diagnostics, never a silent zero), runs the core
and turns its columns into per-bid results with every figure explained.

ROUNDING RULE: everything is computed exactly with integers and `fractions.Fraction`; bids are
ranked on exact values; figures are rounded only for display and export, to 2 decimal places,
ROUND_HALF_UP (halves away from zero).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from fractions import Fraction

from svspec import model, names
from svspec.bids.model import AnswerValue, Bid
from svspec.diagnostics import Diagnostic, Span, make
from svspec.scoring import core, words
from svspec.scoring.marks import EvaluatorMark, Marks, marked_items
from svspec.scoring.portable import portable

Item = model.Question | model.Measure


@dataclass(frozen=True, slots=True, kw_only=True)
class ItemScore:
    """One question or measure of one bid: answer → rule → points → weighted contribution."""

    code: str
    title: str
    criterion: str
    answer: AnswerValue | None
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
    context: tuple[object, ...] = field(default=(), repr=False, compare=False)

    @property
    def sentence(self) -> str:
        """answer → rule → points → weighted contribution, in words (made when asked for)."""
        from svspec.scoring.explain import item_sentence

        tender, item, rule, criterion_weight = self.context
        return item_sentence(tender, self, item, rule, criterion_weight)  # type: ignore[arg-type]


@dataclass(frozen=True, slots=True, kw_only=True)
class CriterionScore:
    kind: str
    weight: Fraction
    fraction: Fraction
    points: Fraction            # contribution to the total (out of 100)
    pass_mark: Fraction | None
    passed: bool


@dataclass(frozen=True, slots=True, kw_only=True)
class BidScore:
    """One bid's result. `rank` is None when the bid is excluded (`excluded` says why)."""

    bidder: str
    file: str
    rank: int | None
    total: Fraction
    price: Fraction | None
    criteria: tuple[CriterionScore, ...]
    items: tuple[ItemScore, ...]
    excluded: tuple[str, ...]
    tie_note: str | None = None

    def criterion(self, kind: str) -> CriterionScore | None:
        return next((c for c in self.criteria if c.kind == kind), None)


@dataclass(frozen=True, slots=True, kw_only=True)
class Scoring:
    """The outcome of scoring a tender: bids in rank order, then excluded bids by name."""

    tender: model.Tender
    bids: tuple[BidScore, ...]
    lowest_price: Fraction | None
    inputs: tuple[core.BidInput, ...]
    plan: core.Plan
    marks: Marks | None = None

    @property
    def ranked(self) -> tuple[BidScore, ...]:
        return tuple(b for b in self.bids if b.rank is not None)

    @property
    def winner(self) -> BidScore | None:
        ranked = self.ranked
        return ranked[0] if ranked and (len(ranked) == 1 or ranked[1].rank != ranked[0].rank) else None

    def bid(self, bidder: str) -> BidScore | None:
        return next((b for b in self.bids if b.bidder == bidder), None)


def plan_for(tender: model.Tender) -> core.Plan:
    """The tender's scoring plan, through the portable model (so `scoring.json` says the same)."""
    return core.load_plan(portable(tender))


def items_of(tender: model.Tender) -> list[tuple[str, Item, model.ScoringRule]]:
    """(criterion, item, rule) for every quality question and selected measure."""
    out: list[tuple[str, Item, model.ScoringRule]] = [("quality", q, q.scoring) for q in tender.questions]
    out += [("social value", s.measure, s.scoring) for s in tender.selections]
    return out


def _bid_span(bid: Bid) -> Span | None:
    return Span(file=bid.file, line=1, column=1, end_line=1, end_column=1) if bid.file else None


def _positive_number(value: object) -> bool:
    if isinstance(value, Decimal):
        return value.is_finite() and value > 0
    return type(value) is int and value > 0


def check_bids(tender: model.Tender, bids: Sequence[Bid]) -> list[Diagnostic]:
    """Problems that stop a bid being scored, and answers that will score zero (warnings)."""
    sink: list[Diagnostic] = []
    seen: dict[str, str] = {}
    price = tender.criterion("price")
    # (code, quality?, needs a number, needs yes/no, a missing answer is worth a warning), worked out once
    checks = [(item.code, criterion == "quality",
               rule.kind in core.NUMERIC_RULES or rule.gate is not None or rule.threshold is not None,
               rule.kind == "yes-no" or rule.gate_yes,
               rule.kind != "evaluators" or rule.gate is not None or rule.gate_yes)
              for criterion, item, rule in items_of(tender)]
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
        if price is not None and price.weight:
            if bid.price is None:
                sink.append(make("score/missing-price", span, bidder=bid.bidder))
            elif not _positive_number(bid.price):
                sink.append(make("score/price-not-positive", span, bidder=bid.bidder, price=bid.price))
        quality, social = bid.quality, bid.social_value
        for code, in_quality, number, yes_no, warn in checks:
            value = (quality if in_quality else social).get(code)
            kind = type(value)
            if value is None:
                if warn:
                    sink.append(make("score/missing-answer", span, bidder=bid.bidder, item=code))
            elif number:
                if kind is int or (isinstance(value, Decimal) and value.is_finite()):
                    continue
                sink.append(make("score/answer-not-a-number", span, bidder=bid.bidder, item=code, value=value))
            elif yes_no and kind is not bool:
                sink.append(make("score/answer-not-yes-no", span, bidder=bid.bidder, item=code, value=value))
    return sink


def check_marks_cover(tender: model.Tender, bids: Sequence[Bid], marks: Marks | None) -> list[Diagnostic]:
    """Every bid needs a mark for every item evaluators mark: never a silent zero."""
    needed = marked_items(tender)
    if not needed or not bids:
        return []
    if marks is None:
        codes = sorted(needed)
        return [make("marks/file-needed", None, items=", ".join(codes), verb="is" if len(codes) == 1 else "are")]
    sink = []
    span = Span(file=marks.file, line=1, column=1, end_line=1, end_column=1) if marks.file else None
    for bid in bids:
        for code, (use, _) in needed.items():
            if marks.get(bid.bidder, code) is None:
                what = "mark" if use == "mark" else "credibility mark"
                sink.append(make("marks/missing-mark", span, bidder=bid.bidder, item=code, use=what))
    return sink


def numeric_codes(tender: model.Tender) -> tuple[str, ...]:
    """The items whose rule reads a number from the answer."""
    return tuple(item.code for _, item, rule in items_of(tender)
                 if rule.kind in core.NUMERIC_RULES or rule.gate is not None or rule.threshold is not None)


def to_input(bid: Bid, marks: Marks | None, numeric: tuple[str, ...] | None = None) -> core.BidInput:
    """A checked bid as core input, with its moderated marks; missing numbers (`numeric`) become 0."""
    answers: Mapping[str, object] = bid.social_value if not bid.quality else {**bid.quality, **bid.social_value}
    if numeric is not None and any(answers.get(code) is None for code in numeric):
        # A missing number scores as 0, with the score/missing-answer warning already given.
        answers = {**answers, **{code: Decimal(0) for code in numeric if answers.get(code) is None}}
    given: dict[str, Fraction] = {}
    credibility: dict[str, Fraction] = {}
    if marks is not None:
        for e in marks.of(bid.bidder):
            (given if e.use == "mark" else credibility)[e.item] = e.moderated
    return core.BidInput(bidder=bid.bidder, price=bid.price, submitted=bid.submitted, answers=answers,
                         marks=given, credibility=credibility)


def score(tender: model.Tender, bids: Sequence[Bid], marks: Marks | None = None
          ) -> tuple[Scoring | None, list[Diagnostic]]:
    """Score and rank `bids`. Returns (None, diagnostics) when any error stops scoring."""
    diagnostics = check_bids(tender, bids) + check_marks_cover(tender, bids, marks)
    if any(d.severity.name == "ERROR" for d in diagnostics):
        return None, diagnostics
    plan = plan_for(tender)
    numeric = numeric_codes(tender)
    inputs = tuple(to_input(b, marks, numeric) for b in bids)
    return build(tender, plan, inputs, list(bids), marks, checked=True), diagnostics


def build(tender: model.Tender, plan: core.Plan, inputs: Sequence[core.BidInput], bids: Sequence[Bid],
          marks: Marks | None, *, checked: bool = False) -> Scoring:
    """Run the core and explain every figure (`checked`: the inputs come from `check_bids`)."""
    scores = core.score(plan, list(inputs), checked=checked)
    by_name = {b.bidder: b for b in bids}
    results: dict[int, BidScore] = {}
    for i, bidder in enumerate(scores.bidders):
        results[i] = _bid_score(tender, plan, scores, i, by_name[bidder], marks)
    rest = sorted((i for i in range(len(scores.bidders)) if scores.ranks[i] is None), key=lambda i: scores.bidders[i])
    ordered = tuple(results[i] for i in [*scores.order, *rest])
    return Scoring(tender=tender, bids=ordered, lowest_price=scores.lowest_price, inputs=tuple(inputs), plan=plan,
                   marks=marks)


def _bid_score(tender: model.Tender, plan: core.Plan, scores: core.Scores, i: int, bid: Bid,
               marks: Marks | None) -> BidScore:
    criteria = []
    for c in plan.criteria:
        f = scores.criterion_fraction(i, c.kind)
        passed = not any(why == "pass-mark" and what == c.kind for why, what in scores.excluded[i])
        criteria.append(CriterionScore(kind=c.kind, weight=c.weight, fraction=f, points=core.HUNDRED * c.weight * f,
                                       pass_mark=c.pass_mark, passed=passed))
    items = []
    weights = {c.kind: c.weight for c in plan.criteria}
    for criterion, item, rule in items_of(tender):
        items.append(_item_score(tender, plan, scores, i, bid, criterion, item, rule, weights[criterion], marks))
    excluded = tuple(_exclusion(tender, why, what) for why, what in scores.excluded[i])
    return BidScore(bidder=bid.bidder, file=bid.file, rank=scores.ranks[i], total=scores.total(i),
                    price=scores.price(i), criteria=tuple(criteria), items=tuple(items),
                    excluded=excluded, tie_note=scores.tie_notes[i])


def _exclusion(tender: model.Tender, why: str, what: str) -> str:
    if why == "gate":
        return f"fails the gate on {what}"
    criterion = tender.criterion(what)
    mark = words.percent(criterion.pass_mark) if criterion and criterion.pass_mark is not None else ""
    return f"below the {what} pass mark of {mark}"


def _item_score(tender: model.Tender, plan: core.Plan, scores: core.Scores, i: int, bid: Bid, criterion: str,
                item: Item, rule: model.ScoringRule, criterion_weight: Fraction, marks: Marks | None) -> ItemScore:
    plan_item = plan.item(item.code)
    column = scores.column(item.code)
    fraction = scores.fraction(i, item.code)
    answers = bid.quality if criterion == "quality" else bid.social_value
    answer = answers.get(item.code)
    counted = core.counted_quantity(plan_item.rule, answer)
    value = None
    if rule.kind.startswith("value") and counted is not None:
        value = counted * (plan_item.value_per_unit if plan_item.value_per_unit is not None else 1)
    entry = marks.get(bid.bidder, item.code) if marks is not None else None
    mark = entry.moderated if entry is not None and entry.use == "mark" else None
    credibility = entry.moderated if entry is not None and entry.use == "credibility" else None
    points = core.HUNDRED * fraction
    weighted = core.HUNDRED * criterion_weight * plan_item.weight * fraction
    result = ItemScore(
        code=item.code, title=item.title, criterion=criterion, answer=answer,
        answer_text=words.answer_text(answer, item), fraction=fraction, points=points, weighted=weighted,
        item_weight=plan_item.weight, counted=counted, value=value, best=column.best, mark=mark,
        credibility=credibility, evaluators=entry.evaluators if entry is not None else (),
        consensus_reason=entry.consensus_reason if entry is not None else None,
        context=(tender, item, rule, criterion_weight),
    )
    return result
