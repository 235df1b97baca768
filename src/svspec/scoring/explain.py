"""Scores in words: each answer → rule → points → weighted contribution, and worked examples."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction

from svspec import SvspecError, model
from svspec.kinds.rules import Working, rule_kind
from svspec.scoring import core, words
from svspec.scoring.portable import plan_for
from svspec.scoring.results import BidScore, ItemScore, Scoring

Item = model.Question | model.Measure


def _working(tender: model.Tender, s: ItemScore, item: Item, rule: model.ScoringRule) -> str:
    """How the fraction of the item's points was reached, in words."""
    amount = words.amount
    exact = s.unrounded if s.unrounded is not None else s.fraction  # before whole points per question
    discount = None
    if s.credibility is not None and rule.credibility_scale:
        scale = tender.scale(rule.credibility_scale)
        discount = Fraction(s.credibility) / (100 if scale.percent else Fraction(scale.maximum))
    before = exact / discount if discount else exact
    got = words.percent(before if discount is not None and rule.points_cap is None else exact)
    kind = rule_kind(rule)
    if s.answer is None and not kind.marked:
        return f"no answer, so {got}"
    counted = s.counted
    capped = ""
    if rule.cap is not None and counted is not None and isinstance(s.answer, Decimal | int) and counted < s.answer:
        capped = f" (counted as the cap of {amount(rule.cap, item)})"
    if kind.marked and rule.threshold is not None and s.mark is not None and s.mark < rule.threshold:
        return f"a mark of {words.number(s.mark)}, below the minimum mark of {words.number(rule.threshold)}, so {got}"
    if not kind.marked and rule.threshold is not None and isinstance(s.answer, Decimal | int) \
            and s.answer < rule.threshold:
        return f"below the minimum of {amount(rule.threshold, item)}, so {got}"
    text = kind.working(rule, Working(score=s, quantity=lambda x: amount(x, item), tender=tender, got=got,
                                      capped=capped))
    if s.credibility is not None and rule.credibility_scale:
        scale = tender.scale(rule.credibility_scale)
        shown = words.on_scale(s.credibility, scale.percent)
        shown += "" if scale.percent else f" of {words.number(scale.maximum)}"
        text += f"; judged {shown} credible by evaluators: {words.percent(exact)}"
    if rule.points_cap is not None:
        text += f", with at most {words.percent(rule.points_cap)} of the points"
    return text


def item_sentence(tender: model.Tender, s: ItemScore, item: Item, rule: model.ScoringRule,
                  criterion_weight: Fraction) -> str:
    """'LBL1: 12 FTE on a line ... gives 60% → 60.00 of 100 → × 40% of social value × 10% = 2.40 points'."""
    # A measure of a framework built on another says which layers made it (docs/language/extends.md).
    origin = f" [{item.origin.words()}]" if isinstance(item, model.Measure) and item.origin is not None else ""
    return (f"{s.code} ({s.title}){origin}: {_working(tender, s, item, rule)} → {words.points(s.points)} of 100"
            f" points{_stated_rounding(tender, s)} → × {words.percent(s.item_weight)} of {s.criterion} × "
            f"{words.percent(criterion_weight)} of the total = {words.points(s.weighted)} points")


def _stated_rounding(tender: model.Tender, s: ItemScore) -> str:
    """The tender's rounding of each question's points before weighting, when it changed this one."""
    if tender.item_places is None or s.unrounded is None or s.unrounded == s.fraction:
        return ""
    to = "whole points" if tender.item_places == 0 else f"{tender.item_places} places"
    return f" ({words.number(core.HUNDRED * s.unrounded)} before rounding to {to} per question, as the tender states)"


def sentence_of(s: ItemScore) -> str:
    """The words of a score the engine made: its context holds the tender, item, rule and weight."""
    tender, item, rule, criterion_weight = s.context
    return item_sentence(tender, s, item, rule, criterion_weight)  # type: ignore[arg-type]


class Sentences:
    """`sentence_of` for the item scores of one scoring (the engine's), each distinct sentence written
    once: bids repeat answers (0, round figures), and a report that shows every sentence (JSON)
    would otherwise write the same words, rounding the same Fractions, once per bid.

    Within one scoring the tender, item and rule of a score decide its title, weights, the best
    answer compared with, and how its points and weighted points follow from its fraction (the
    engine makes them so); the answer (by type and value, and as written) decides what is counted
    and valued. So the key is the item and rule (by identity: the same objects for every bid), the
    answer, its text, and the fractions and marks the engine read for this bid, as integers (a
    Fraction's own hash costs more than writing half a sentence). An answer that cannot be a key (a
    composite's mapping) is written each time."""

    __slots__ = ("_made", "built")

    def __init__(self) -> None:
        self._made: dict[tuple[object, ...], str] = {}
        self.built = 0
        """How many sentences were written (not found made)."""

    def __call__(self, s: ItemScore) -> str:
        _, item, rule, _ = s.context
        key = (id(item), id(rule), type(s.answer), s.answer, s.answer_text, _ratio(s.fraction),
               _ratio(s.unrounded), _ratio(s.mark), _ratio(s.credibility))
        try:
            found = self._made.get(key)
        except TypeError:  # an unhashable answer
            self.built += 1
            return sentence_of(s)
        if found is None:
            self.built += 1
            found = self._made[key] = sentence_of(s)
        return found


def _ratio(value: Fraction | None) -> tuple[int, int] | None:
    """A Fraction as a key: its numerator and denominator."""
    return None if value is None else value.as_integer_ratio()


def price_sentence(scoring: Scoring, bid: BidScore) -> str | None:
    """The price line of an explanation."""
    criterion = scoring.tender.criterion("price")
    score = bid.criterion("price")
    if criterion is None or score is None:
        return None
    price = words.money(bid.price) if bid.price is not None else "no price"
    if bid.price_parts:
        price = f"whole-life cost {price} ({whole_life_words(scoring.tender, bid.price_parts)})"
    among = "passing" if scoring.tender.compare_among == "passing bids" else "all"
    if criterion.price_formula == "fixed-range":
        low, high = words.money(criterion.price_low or 0), words.money(criterion.price_high or 0)
        clamping = "clamped" if criterion.price_clamped else "unclamped (points below none and above full count)"
        how = f"on a line from {high} (no points) to {low} (full points), {clamping},"
    elif criterion.price_formula == "relative-to-mean":
        how = (f"against the mean price of {among} bids, {words.money(scoring.lowest_price or 0)} (mean ÷ price, "
               "at most full points),")
    elif criterion.price_formula == "deviation-from-lowest":
        how = (f"by its deviation from the lowest price among {among} bids, {words.money(scoring.lowest_price or 0)} "
               "(1 − (price − lowest) ÷ lowest, never below 0),")
    else:
        among = "passing" if scoring.tender.compare_among == "passing bids" else "all"
        how = f"against the lowest price among {among} bids, {words.money(scoring.lowest_price or 0)},"
    return (f"Price: {price} {how} gives {words.percent(score.fraction)} → × {words.percent(criterion.weight)} "
            f"of the total = {words.points(score.points)} points")


def whole_life_words(tender: model.Tender, parts: tuple[tuple[str, Fraction], ...]) -> str:
    """'capital £400,000 + 7 × running £60,000': how a bid's price components add up."""
    given = dict(parts)
    terms = []
    for c in tender.price_components:
        times = "" if c.times == 1 else f"{words.number(c.times)} × "
        terms.append(f"{times}{c.code} {words.money(given.get(c.code, Fraction(0)))}")
    return " + ".join(terms)


def explain_bid(scoring: Scoring, bidder: str) -> str:
    """Every answer → rule → points → weighted contribution for one bidder, in words."""
    bid = scoring.bid(bidder)
    if bid is None:
        raise SvspecError(f"no bid from {bidder!r}")
    lines = [f"How {bid.bidder}'s score was reached (tender {scoring.tender.name})", ""]
    price = price_sentence(scoring, bid)
    if price:
        lines += [price, ""]
    for c in bid.criteria:
        if c.kind == "price":
            continue
        criterion = scoring.tender.criterion(c.kind)
        nested = (f" ({words.percent(criterion.share)} within quality)"
                  if criterion is not None and criterion.within and criterion.share is not None else "")
        lines.append(f"{c.kind.capitalize()}: {words.percent(c.fraction)} of its points → "
                     f"{words.points(c.points)} of {words.points(core.HUNDRED * c.weight)} points{nested}"
                     + (f" (pass mark {words.percent(c.pass_mark)}: {'passed' if c.passed else 'NOT passed'})"
                        if c.pass_mark is not None else "")
                     + (f"; it scores nothing because of {c.zeroed}" if c.zeroed else ""))
        for s in bid.items:
            if s.criterion != c.kind:
                continue
            lines.append(f"  - {s.sentence}")
            lines += _attached_line(s)
            for e in s.evaluators:
                lines.append(f"      {e.evaluator} marked {words.number(e.mark)}: {e.reason or '(no reason given)'}")
            if s.consensus_reason:
                lines.append(f"      consensus: {s.consensus_reason}")
            lines += [f"      {line}" for line in valuation_lines(scoring.tender, s)]
        lines.append("")
    lines += _commitment_lines(scoring, bid)
    if any(s.valuation is not None for s in bid.items):
        lines += [f"Social value across measures: {words.money(bid.social_value)} (the present value of every "
                  "valued commitment)", ""]
    if bid.rank is not None:
        lines.append(f"Total: {words.points(bid.total)} of 100 points; rank {bid.rank} of {len(scoring.ranked)}.")
    else:
        lines.append(f"Total: {words.points(bid.total)} of 100 points; excluded: {'; '.join(bid.excluded)}.")
    if bid.price_per_point is not None and bid.price is not None:
        lines.append(f"Price per quality point: {words.money(bid.price)} ÷ {words.points(bid.total)} points = "
                     f"{words.money(bid.price_per_point)} per point; the lowest price per point wins.")
    if bid.tie_note:
        lines.append(f"Tie: {bid.tie_note}.")
    lines += [f"Note: {line}" for line in bid_method_lines(scoring, bid)]
    if not scoring.ranked:
        lines.append("Every bid is excluded: none is ranked, so no tender can be awarded on these bids.")
    return "\n".join(lines) + "\n"


def _attached_line(item: ItemScore) -> list[str]:
    """The document evaluators read when the answer was attached (issue 13 item 8), named under its score."""
    from svspec.bids.attached import attached_name

    document = attached_name(item.answer)
    return [] if document is None else [f"      answered in the attached document '{document}' (listed in the "
                                        "bid's evidence)"]


def _commitment_lines(scoring: Scoring, bid: BidScore) -> list[str]:
    """The bid's valued commitments and the delivery minimum, when the tender adds commitments up."""
    if bid.committed is None:
        return []
    tender = scoring.tender
    share = bid.committed / Fraction(tender.contract_value)
    lines = [f"Valued commitments: {words.money(bid.committed)} in all, {words.percent(share)} of the contract "
             f"value of {words.money(tender.contract_value)}."]
    minimum = tender.policy.min_commitments
    if minimum is not None:
        floor = words.money(Fraction(minimum) * Fraction(tender.contract_value))
        if bid.committed >= Fraction(minimum) * Fraction(tender.contract_value):
            lines.append(f"Delivery minimum: {words.percent(minimum)} of the contract value ({floor}): met.")
        else:
            reason = bid.delivery_note or next((e for e in bid.excluded if "delivery minimum" in e), "")
            lines.append(f"Delivery minimum: {words.percent(minimum)} of the contract value ({floor}): NOT met; "
                         f"{reason}.")
    return [*lines, ""]


def bid_method_lines(scoring: Scoring, bid: BidScore) -> list[str]:
    """What the evaluation methods say about one bid (issue 12 items 2, 3, 8): its abnormally low
    flags, a shown total that disagrees with its rank, a total outside 0 to 100 points."""
    lines = []
    low = scoring.tender.abnormally_low
    if bid.abnormally_low and low is not None:
        then = "excluded" if low.action == "excluded" else \
            "held for investigation: ranked, but the supplier is asked to explain the price before any award"
        lines.append(f"{bid.bidder}: abnormally low price: {'; '.join(bid.abnormally_low)}; {then}.")
    if bid.shown_note:
        lines.append(f"{bid.bidder}: {bid.shown_note}.")
    if bid.total > core.HUNDRED or bid.total < 0:
        where = "above the maximum of 100" if bid.total > core.HUNDRED else "below 0"
        lines.append(f"{bid.bidder}: the total of {words.points(bid.total)} points is {where}: the tender's "
                     "unclamped rules score beyond full points and below none.")
    return lines


def _item(tender: model.Tender, code: str) -> Item | None:
    for s in tender.selections:
        if s.code == code:
            return s.measure
    return next((q for q in tender.questions if q.code == code), None)


def _divisor(rate: Decimal, power: int) -> str:
    """'1.035^2' for the divisor of a discounted year (exact, as the rate is written); '1' for none."""
    if not rate or power == 0:
        return "1"
    base = words.exact(1 + rate)
    return base if power == 1 else f"{base}^{power}"


def valuation_lines(tender: model.Tender, s: ItemScore) -> list[str]:
    """An answer's social value year by year, as the SROI guide's impact map shows it, for `--explain`.

    'year 1: £40,376.25 after adjustments ÷ 1.035 = £39,010.87'; then the present value and, with
    an investment, the SROI ratio and net SROI."""
    value = s.valuation
    item = _item(tender, s.code)
    if value is None or item is None:
        return []
    v = item.valuation if isinstance(item, model.Measure) else None
    quantity = words.amount(value.quantity, item)
    how = words.valuation(v, item.unit) if isinstance(item, model.Measure) and v is not None \
        else "the £ amount offered"
    lines = [f"social value: {quantity} at {how}"]
    rate = v.discount_rate if v is not None else Decimal(0)
    first = 1 if v is None or v.discount_first_year else 0
    for y in value.years:
        part = "" if y.share == 1 else f" ({words.number(y.share)} of a year)"
        after = "after adjustments" if y.year == 1 else "after drop-off"
        shown = words.money(y.impact) + (f" × {words.number(y.share)}" if y.share != 1 else "")
        divisor = _divisor(rate, y.year - 1 + first)
        discounted = f" ÷ {divisor} = {words.money(y.present)}" if divisor != "1" else \
            (f" = {words.money(y.present)}" if y.share != 1 else "")
        lines.append(f"year {y.year}{part}: {shown} {after}{discounted}")
    total = f"present value: {words.money(value.total)}"
    if value.investment is not None and value.ratio is not None and value.net_ratio is not None:
        total += (f"; against an investment of {words.money(value.investment)}: net present value "
                  f"{words.money(value.total - value.investment)}, SROI ratio {words.number(value.ratio)} : 1, "
                  f"net SROI {words.number(value.net_ratio)} : 1")
    lines.append(total)
    return lines


# ---------------------------------------------------------------------------------- worked examples
@dataclass(frozen=True, slots=True, kw_only=True)
class WorkedExample:
    """One answer worked through a tender's rule, for the guidance site."""

    code: str
    answer_text: str
    fraction: Fraction
    measure_points: Decimal       # out of 100 for the measure or question, rounded per the rule
    weighted_points: Decimal      # contribution to the tender's 100 points, rounded per the rule
    sentence: str
    assumption: str | None = None


def _find(tender: model.Tender, code: str) -> tuple[str, Item, model.ScoringRule]:
    for q in tender.questions:
        if q.code == code:
            return "quality", q, q.scoring
    for s in tender.selections:
        if s.code == code:
            return "social value", s.measure, s.scoring
    raise SvspecError(f"tender {tender.name} has no question or selected measure {code!r}")


def worked_example(tender: model.Tender, code: str, answer: object) -> WorkedExample:
    """Work `answer` through the rule the tender applies to `code` (a question or selected measure).

    For evaluator-scored items `answer` is the moderated mark. Relative rules assume the best bid
    offers twice the answer (or 10 units when the answer is 0); credibility discounts assume the
    commitment is judged fully credible. Each assumption is stated in `assumption`.
    """
    criterion, item, rule = _find(tender, code)
    plan = plan_for(tender)
    return _worked(tender, plan, plan.item(code), criterion, item, rule, answer)


def worked_examples(tender: model.Tender, answers: Mapping[str, object]) -> dict[str, WorkedExample]:
    """`worked_example` for each code of `answers`, in their order, from one scoring plan.

    Building the plan reads every item of the tender, so building it once per example made a
    tender of 2,000 measures take minutes to build: here the plan and the lookups are made once."""
    plan = plan_for(tender)
    plan_items = {i.code: i for i in plan.items}
    found: dict[str, tuple[str, Item, model.ScoringRule]] = {s.code: ("social value", s.measure, s.scoring)
                                                             for s in tender.selections}
    found.update((q.code, ("quality", q, q.scoring)) for q in tender.questions)
    out = {}
    for code, answer in answers.items():
        if code not in found:
            raise SvspecError(f"tender {tender.name} has no question or selected measure {code!r}")
        out[code] = _worked(tender, plan, plan_items[code], *found[code], answer)
    return out


def _worked(tender: model.Tender, plan: core.Plan, plan_item: core.Item, criterion: str, item: Item,
            rule: model.ScoringRule, answer: object) -> WorkedExample:
    """The worked example of one item, its plan item already found."""
    code = plan_item.code
    value = Decimal(answer) if isinstance(answer, int) and not isinstance(answer, bool) else answer
    assumptions = []
    bid = core.BidInput(bidder="example", answers={code: value})
    others: list[core.BidInput] = []
    marked = rule_kind(rule).marked
    if marked:
        mark = Fraction(value) if isinstance(value, Decimal | Fraction) else Fraction(0)
        bid = core.BidInput(bidder="example", marks={code: mark})
    if core.ARITHMETIC[rule.kind].relative:
        base = value if isinstance(value, Decimal) and value > 0 else Decimal(5)
        best = base * 2
        others.append(core.BidInput(bidder="best", answers={code: best}))
        assumptions.append(f"assuming the best bid offers {words.amount(best, item)}")
    if rule.credibility_scale:
        scale = tender.scale(rule.credibility_scale)
        top = Fraction(scale.maximum)
        bid = core.BidInput(bidder=bid.bidder, answers=bid.answers, marks=bid.marks, credibility={code: top})
        others = [core.BidInput(bidder=o.bidder, answers=o.answers, credibility={code: top}) for o in others]
        assumptions.append("assuming evaluators judge it fully credible")
    everyone = [bid, *others]
    column = core.item_column(plan, plan_item, everyone, [True] * len(everyone))
    fraction = column.fraction(0)  # columns follow the order of `everyone`
    criterion_weight = next(c.weight for c in plan.criteria if c.kind == criterion)
    measure_points = core.HUNDRED * fraction
    weighted = measure_points * criterion_weight * plan_item.weight
    text = (words.number(value) if marked and isinstance(value, Decimal)
            else words.answer_text(value, item)).strip()
    if marked:
        text = f"a mark of {text}"
    mp, wp = words.rounded(measure_points), words.rounded(weighted)
    sentence = (f"{text} → {words.number(measure_points)} points of 100 for {code}, worth {words.points(weighted)} "
                "of the tender's 100 points")
    excluded = (rule.gate_yes and value is not True) or (
        rule.gate is not None and isinstance(value, Decimal) and value < rule.gate)
    if excluded:
        sentence += " (but this answer fails the gate, which excludes the whole bid)"
    return WorkedExample(code=code, answer_text=text, fraction=fraction, measure_points=mp,
                         weighted_points=wp, sentence=sentence,
                         assumption="; ".join(assumptions) or None)


def describe_rule(rule: model.ScoringRule, item: Item, scales: dict[str, model.Scale] | None = None) -> str:
    """The rule in plain words for suppliers."""
    return words.describe_rule(rule, item, scales)
