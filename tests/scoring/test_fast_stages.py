"""The NumPy path covers staged evaluations (issue 12 items 1, 2, 5 and 9): pass marks, shortlists,
mark rules and abnormally low prices give exactly the exact core's results, boundaries included."""

from __future__ import annotations

from dataclasses import replace
from decimal import Decimal
from fractions import Fraction
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from svspec.scoring import core, fast
from tests.scoring.test_fast import _inputs, _item, _plan, _price_criteria, _rules, _same, _tenders

F = Fraction
SCALE = core.ScaleInfo(name="five", maximum=F(5), percent=False, levels=tuple(F(k) for k in range(6)))
MARKS = [F(0), F(1), F(2), F(5, 2), F(3), F(4), F(5), F(7, 3), F(5, 3), F(2, 3)]
"""Moderated marks: whole marks and the means of two or three evaluators' marks."""
EVERY_MARK = sorted({F(k, d) for d in (1, 2, 3, 4) for k in range(5 * d + 1)})
"""Every whole mark, half, third and quarter from 0 to 5: means of two, three or four evaluators'
marks, and every boundary a rule or a minimum can name."""


def _same_staged(plan: core.Plan, bids: list[core.BidInput]) -> core.Scores:
    """`_same`, and the stages' own figures: the compared bids, abnormally low tests and zeroed criteria."""
    assert fast.supported(plan)
    quick = _same(plan, bids)
    slow = core.score(plan, bids)
    if quick is slow or all(slow.excluded):
        return slow
    assert list(quick.low_flags) == list(slow.low_flags)
    assert list(quick.zeroed) == list(slow.zeroed)
    assert quick.compared == slow.compared
    return quick


def _evaluated(code: str, weight: Fraction, threshold: Fraction | None = None) -> core.Item:
    return core.Item(code=code, title=code, criterion="quality", weight=weight, answer="text",
                     rule=core.Rule(kind="evaluators", scale="five", threshold=threshold))


def _quality(items: tuple[core.Item, ...], weight: Fraction, **extra: Any) -> core.Criterion:
    return core.Criterion(kind="quality", weight=weight, items=items, **extra)


def _marked(bids: list[core.BidInput], marks: list[dict[str, Fraction]]) -> list[core.BidInput]:
    return [replace(b, marks=m) for b, m in zip(bids, marks, strict=True)]


# ---------------------------------------------------------------------------------- the property
@st.composite
def _staged_tenders(draw: st.DrawFn, combined: bool = False) -> tuple[core.Plan, list[core.BidInput]]:
    """`_tenders` with a quality criterion marked by evaluators (and a numeric question), mark rules,
    pass marks, a shortlist and abnormally low tests; pass marks and low shares are drawn now and then
    from the bids' own exact figures, so that bids sit exactly on every boundary.

    `combined`: always a price criterion (any formula, `_price_criteria`), mostly a delivery minimum,
    and a social value question marked by evaluators whose mark rule can make social value score
    nothing for a bid the delivery minimum already gives nothing: the stages with pricing's features."""
    plan, bids = draw(_tenders())
    n = len(bids)
    if draw(st.booleans()) or (combined and draw(st.booleans())):  # no bid excluded by the buyer: more go on
        bids = [replace(b, excluded=None) for b in bids]
    criteria = list(plan.criteria)
    if combined:
        criteria, bids = draw(_with_pricing(criteria, bids))
        plan = replace(plan, delivery_minimum=draw(st.sampled_from([None, F(1, 100), F(1, 100), F(1, 20)])),
                       below_minimum=draw(st.sampled_from(["excluded", "nothing", "nothing"])))
    if draw(st.booleans()):
        share = F(draw(st.integers(1, 9)), 10)
        criteria = [replace(c, weight=c.weight * (1 - share)) for c in criteria]
        items = [_evaluated("Q1", F(1), draw(st.sampled_from([None, None, F(2)])))]
        if draw(st.booleans()):  # a numeric question: any rule the arrays cover (or not), relative ones too
            rule, per_unit = draw(st.one_of(st.just((core.Rule(kind="linear", low=F(0), high=F(10)), None)),
                                            _rules()))
            numeric = core.Item(code="Q2", title="Q2", criterion="quality", weight=F(1, 2), answer="number",
                                rule=rule, value_per_unit=per_unit)
            items = [replace(items[0], weight=F(1, 2)), numeric]
        rules = draw(st.lists(st.sampled_from([
            core.MarkRule(effect="excludes", test="below", mark=F(2)),
            core.MarkRule(effect="excludes", test="of", mark=F(0)),
            core.MarkRule(effect="zeroes", test="of", mark=F(0)),
            core.MarkRule(effect="zeroes", test="below", mark=F(5, 3))]), max_size=2, unique=True))
        criteria.append(_quality(tuple(items), share, mark_rules=tuple(rules)))
        bids = [replace(b, marks={**b.marks, "Q1": draw(st.sampled_from(EVERY_MARK))},
                        answers={**b.answers, "Q2": Decimal(draw(st.sampled_from(
                            ["0", "1", "2.5", "7", "10", "33.3", "99.99", "-1", "400", "0.00000000001"])))})
                for b in bids]
    prices = draw(st.lists(st.sampled_from(["100000", "60000", "70000", "42000", "100000.01", "58800", "150000",
                                            *(["200000", "99999.99", "300000"] if combined else [])]),
                           min_size=n, max_size=n))
    bids = [replace(b, price=Decimal(p)) for b, p in zip(bids, prices, strict=True)]
    plan = replace(plan, criteria=tuple(criteria), scales={"five": SCALE},
                   tie_break=tuple(draw(st.permutations(["quality", *plan.tie_break]))))
    plain = core.score(plan, bids)
    pass_marks = {}
    for c in criteria:
        if draw(st.integers(0, 2)) != 0:
            continue
        if draw(st.booleans()):  # exactly some bid's share: that bid sits on the pass mark
            pass_marks[c.kind] = plain.criterion_fraction(draw(st.integers(0, n - 1)), c.kind)
        else:
            pass_marks[c.kind] = draw(st.sampled_from([F(0), F(1, 10), F(1, 4), F(3, 10), F(1, 2)]))
    plan = replace(plan, criteria=tuple(replace(c, pass_mark=pass_marks.get(c.kind)) for c in criteria))
    if any(c.kind == "quality" for c in criteria) and draw(st.booleans()):
        plan = replace(plan, shortlist=(draw(st.integers(1, max(1, n // 2))), draw(st.sampled_from(["included",
                                                                                                "excluded"]))))
    if draw(st.booleans()):
        everything = replace(plan, abnormally_low=(("mean of others", F(-10**6)), ("next lowest", F(-10**6))))
        found = [flag for flags in core.abnormally_low(everything, [core.ratio(b.price) for b in bids])
                 for flag in flags]
        tests = []
        for against in draw(st.lists(st.sampled_from(["mean of others", "next lowest"]), min_size=1, max_size=2,
                                     unique=True)):
            own = [s for a, _, s in found if a == against and 0 < s < 1]
            exactly = bool(own) and draw(st.booleans())  # a bid's own share: its price is exactly at the test
            tests.append((against, draw(st.sampled_from(own if exactly else [F(2, 5), F(3, 10), F(1, 4)]))))
        plan = replace(plan, abnormally_low=tuple(tests),
                       low_action=draw(st.sampled_from(["excluded", "held for investigation"])))
    return plan, bids


@st.composite
def _with_pricing(draw: st.DrawFn, criteria: list[core.Criterion], bids: list[core.BidInput]
                  ) -> tuple[list[core.Criterion], list[core.BidInput]]:
    """The criteria with a price criterion of any formula (added when there is none), and a social
    value question marked by evaluators with a mark rule that zeroes social value (its marks drawn);
    half the time without gates on answers, so that more bids reach the stages."""
    if draw(st.booleans()):  # no gate on answers: more bids go on to the stages
        criteria = [replace(c, items=tuple(replace(i, rule=replace(i.rule, gate=None)) for i in c.items))
                    for c in criteria]
    price = next((c for c in criteria if c.kind == "price"), None)
    if price is None:
        share = F(draw(st.integers(1, 9)), 10)
        criteria = [draw(_price_criteria(share)), *(replace(c, weight=c.weight * (1 - share)) for c in criteria)]
    social = next((c for c in criteria if c.kind == "social value"), None)
    if social is not None and draw(st.booleans()):
        w = F(draw(st.integers(1, 9)), 10)
        marked = replace(_evaluated("S1", w), criterion="social value")
        rules = (draw(st.sampled_from([core.MarkRule(effect="zeroes", test="of", mark=F(0)),
                                       core.MarkRule(effect="zeroes", test="below", mark=F(5, 3))])),)
        social = replace(social, items=(*(replace(i, weight=i.weight * (1 - w)) for i in social.items), marked),
                         mark_rules=rules)
        criteria = [social if c.kind == "social value" else c for c in criteria]
        bids = [replace(b, marks={**b.marks, "S1": draw(st.sampled_from(EVERY_MARK))}) for b in bids]
    return criteria, bids


def _same_staged_with(case: tuple[core.Plan, list[core.BidInput]], whole_after: int, one_by_one: int) -> None:
    """`_same_staged` with the fast path's two thresholds set for the run (and restored after)."""
    plan, bids = case
    defaults = fast.WHOLE_AFTER, fast.ONE_BY_ONE
    fast.WHOLE_AFTER, fast.ONE_BY_ONE = whole_after, one_by_one
    try:
        _same_staged(plan, bids)
    finally:
        fast.WHOLE_AFTER, fast.ONE_BY_ONE = defaults


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(_staged_tenders(), st.sampled_from([fast.WHOLE_AFTER, 0, 3]), st.sampled_from([fast.ONE_BY_ONE, 0, 1]))
def test_the_fast_path_equals_the_exact_engine_with_every_stage(case: tuple[core.Plan, list[core.BidInput]],
                                                                 whole_after: int, one_by_one: int) -> None:
    """`one_by_one`: how many bids near a boundary are worked out exactly one at a time (0: every
    such bid together, from a table of those bids alone)."""
    _same_staged_with(case, whole_after, one_by_one)


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(_staged_tenders(combined=True), st.sampled_from([fast.WHOLE_AFTER, 0, 3]),
       st.sampled_from([fast.ONE_BY_ONE, 0, 1]))
def test_the_fast_path_equals_the_exact_engine_with_stages_every_price_formula_and_the_delivery_minimum(
        case: tuple[core.Plan, list[core.BidInput]], whole_after: int, one_by_one: int) -> None:
    """Stages drawn together with every price formula, price per quality point, the delivery minimum
    (excluding, or giving nothing) and the total value line: pass marks on price with any formula,
    the lowest or the mean among the survivors, mark rules and the minimum zeroing one criterion."""
    _same_staged_with(case, whole_after, one_by_one)


# ---------------------------------------------------------------------------------- each stage's boundary
def _two_halves(**extra: Any) -> core.Plan:
    rule = core.Rule(kind="linear", low=F(0), high=F(10))
    return _plan((core.Criterion(kind="price", weight=F(1, 2)),
                  _quality((replace(_item("M1", rule, F(1, 2)), criterion="quality"),
                            replace(_item("M2", rule, F(1, 2)), criterion="quality")), F(1, 2),
                           pass_mark=extra.pop("pass_mark", None))), **extra)


def test_a_quality_share_exactly_at_the_pass_mark_passes_though_its_float_is_off() -> None:
    # 0.5 × 0.1 + 0.5 × 0.2 is 0.15000000000000002 in float64, 0.5 × 0.3 + 0 is 0.15; exactly both are 15%.
    plan = _two_halves(pass_mark=F(15, 100), compare_among="passing bids")
    bids = _inputs(["100", "90", "80"], [{"M1": "1", "M2": "2"}, {"M1": "3", "M2": "0"}, {"M1": "2.99", "M2": "0"}])
    table = fast.BidTable.from_inputs(plan, bids)
    assert table is not None and fast.score(plan, table) is not None
    scores = _same_staged(plan, bids)
    assert scores.excluded == [(), (), (("pass-mark", "quality"),)]
    assert scores.ranks == [2, 1, None]
    assert scores.lowest_price == 90  # the lowest price among the bids that passed
    assert scores.stages == [("quality threshold (pass marks)", [2])]


def test_ties_at_the_shortlists_last_place_follow_the_stated_policy() -> None:
    bids = _inputs(["100"] * 4, [{"M1": "8", "M2": "2"}, {"M1": "1", "M2": "2"}, {"M1": "3", "M2": "0"},
                                 {"M1": "10", "M2": "10"}])
    # Quality shares 50%, 15%, 15%, 100%: the top 2 are D and A; the top 3 ends on a tie of B and C.
    included = _same_staged(_two_halves(shortlist=(3, "included")), bids)
    assert included.excluded == [(), (), (), ()]
    excluded = _same_staged(_two_halves(shortlist=(3, "excluded")), bids)
    assert excluded.excluded == [(), (("shortlist", "quality"),), (("shortlist", "quality"),), ()]
    assert excluded.stages == [("shortlist on quality", [1, 2])]
    top_two = _same_staged(_two_halves(shortlist=(2, "excluded")), bids)
    assert top_two.ranks == [2, None, None, 1]


def test_prices_exactly_at_the_abnormally_low_shares_are_flagged_with_their_figures() -> None:
    tests = (("mean of others", F(2, 5)), ("next lowest", F(3, 10)))
    plan = replace(_two_halves(), abnormally_low=tests, low_action="excluded", compare_among="passing bids")
    answers = [{"M1": "5", "M2": "5"}] * 3
    # 70,000 is 30% below 100,000 exactly (and 36.4% below the mean of the others, 110,000): flagged once.
    at = _same_staged(plan, _inputs(["70000", "100000", "120000"], answers))
    assert list(at.low_flags) == [(("next lowest", F(100000), F(3, 10)),), (), ()]
    assert at.excluded == [(("abnormally-low", "price"),), (), ()] and at.lowest_price == 100000
    assert at.stages == [("abnormally low prices", [0])]
    above = _same_staged(plan, _inputs(["70000.01", "100000", "120000"], answers))
    assert list(above.low_flags) == [(), (), ()] and above.ranks == [1, 2, 3]
    # 42,000 is 40% below the mean of the others (70,000) exactly.
    mean = _same_staged(replace(plan, abnormally_low=(("mean of others", F(2, 5)),)),
                        _inputs(["42000", "70000", "70000", "70000"], [{"M1": "1", "M2": "1"}] * 4))
    assert mean.low_flags[0] == (("mean of others", F(70000), F(2, 5)),)
    assert mean.excluded[0] == (("abnormally-low", "price"),) and mean.lowest_price == 70000
    held = _same_staged(replace(plan, low_action="held for investigation"),
                        _inputs(["70000", "100000", "120000"], answers))
    assert held.low_flags[0] == (("next lowest", F(100000), F(3, 10)),)
    assert held.ranks == [1, 2, 3] and held.stages == []


def _marks_plan(*rules: core.MarkRule) -> core.Plan:
    return _plan((core.Criterion(kind="price", weight=F(1, 2)),
                  _quality((_evaluated("Q1", F(1, 2)), _evaluated("Q2", F(1, 2))), F(1, 2), mark_rules=rules)),
                 scales={"five": SCALE}, tie_break=("quality", "price"))


def test_a_mark_below_the_rules_mark_excludes_the_bid_and_one_exactly_at_it_does_not() -> None:
    plan = _marks_plan(core.MarkRule(effect="excludes", test="below", mark=F(2)))
    bids = _marked(_inputs(["100"] * 4, [{}] * 4), [{"Q1": F(2), "Q2": F(5)}, {"Q1": F(5, 3), "Q2": F(5)},
                                                     {"Q1": F(5), "Q2": F(7, 3)}, {"Q1": F(5), "Q2": F(1)}])
    scores = _same_staged(plan, bids)
    assert scores.excluded == [(), (("mark", "Q1"),), (), (("mark", "Q2"),)]
    assert scores.ranks == [2, None, 1, None]


def test_a_mark_of_0_makes_the_criterion_score_nothing_once_whichever_question_it_is_on() -> None:
    plan = _marks_plan(core.MarkRule(effect="excludes", test="of", mark=F(1)),
                       core.MarkRule(effect="zeroes", test="of", mark=F(0)))
    bids = _marked(_inputs(["100", "100", "100", "90"], [{}] * 4),
                   [{"Q1": F(1), "Q2": F(5)}, {"Q1": F(0), "Q2": F(5)}, {"Q1": F(5), "Q2": F(0)},
                    {"Q1": F(0), "Q2": F(0)}])
    scores = _same_staged(plan, bids)
    assert scores.excluded == [(("mark", "Q1"),), (), (), ()]
    assert scores.zeroed == [(), (("quality", "Q1"),), (("quality", "Q2"),), (("quality", "Q1"),)]
    assert [scores.criterion_fraction(i, "quality") for i in range(4)] == [F(3, 5), 0, 0, 0]
    assert scores.ranks == [None, 2, 2, 1]


def test_a_tender_with_every_stage_is_scored_by_the_arrays() -> None:
    plan = _two_halves(pass_mark=F(1, 5), shortlist=(2, "included"), abnormally_low=(("next lowest", F(3, 10)),),
                       compare_among="passing bids")
    bids = _inputs(["100", "60", "95", "97", "99"], [{"M1": "1", "M2": "2"}, {"M1": "9", "M2": "9"},
                                                     {"M1": "5", "M2": "5"}, {"M1": "6", "M2": "6"},
                                                     {"M1": "5", "M2": "5"}])
    table = fast.BidTable.from_inputs(plan, bids)
    assert table is not None and fast.score(plan, table) is not None
    scores = _same_staged(plan, bids)
    assert [name for name, _ in scores.stages] == ["abnormally low prices", "quality threshold (pass marks)",
                                                   "shortlist on quality"]
    assert scores.stages == [("abnormally low prices", [1]), ("quality threshold (pass marks)", [0]),
                             ("shortlist on quality", [])]
    # The shortlist of 2 ends on a tie at 50% (bids 2 and 4, behind bid 3's 60%): ties included.
    assert scores.ranks == [None, None, 2, 1, 3]
    strict = _same_staged(replace(plan, shortlist=(2, "excluded")), bids)
    assert strict.stages[-1] == ("shortlist on quality", [2, 4]) and strict.ranks == [None, None, None, 1, None]


def test_hundreds_of_bids_on_the_pass_mark_and_tied_at_the_shortlists_cut_off_are_decided_exactly() -> None:
    """More bids near each boundary than are worked out one at a time (`fast.ONE_BY_ONE`): they are
    worked out together, and both tie policies give the core's shortlist."""
    rule = core.Rule(kind="relative-to-best")
    plan = _plan((core.Criterion(kind="price", weight=F(1, 2)),
                  _quality((_evaluated("Q1", F(2, 3)), replace(_item("Q2", rule, F(1, 3)), criterion="quality")),
                           F(1, 2), pass_mark=F(2, 5))),
                 scales={"five": SCALE}, compare_among="passing bids", tie_break=("quality", "price"))
    count = 600
    bids = _marked(_inputs([str(100 + k % 7) for k in range(count)], [{"Q2": str(k % 4)} for k in range(count)]),
                   [{"Q1": MARKS[k % len(MARKS)]} for k in range(count)])
    for ties in ("included", "excluded"):
        scores = _same_staged(replace(plan, shortlist=(150, ties)), bids)
        out = dict(scores.stages)
        assert len(out["quality threshold (pass marks)"]) > fast.ONE_BY_ONE
        assert (len(scores.order) > 150) == (ties == "included")


# ---------------------------------------------------------------------------------- marks read into integers
SCALES = (SCALE, core.ScaleInfo(name="ten", maximum=F(10), percent=False, levels=tuple(F(k) for k in range(11))),
          core.ScaleInfo(name="four and a half", maximum=F(9, 2), percent=False, levels=(F(0), F(9, 2))))
"""Scales whose top mark is 5, 10 and 9/2 (a top mark with a denominator: the core's `extra`)."""


@st.composite
def _marked_tenders(draw: st.DrawFn) -> tuple[core.Plan, list[core.BidInput]]:
    """`_tenders` with a quality criterion of one to three items marked by evaluators on one scale,
    minimums, gates and points caps now and then, mark rules of both effects and tests at any boundary, and
    every bid's moderated marks drawn from `EVERY_MARK` (as ints when whole, half the time)."""
    plan, bids = draw(_tenders())
    scale = draw(st.sampled_from(SCALES))
    count = draw(st.integers(1, 3))
    boundary = st.sampled_from(EVERY_MARK)
    items = tuple(core.Item(code=f"Q{j}", title=f"Q{j}", criterion="quality", weight=F(1, count), answer="text",
                            rule=core.Rule(kind="evaluators", scale=scale.name,
                                           threshold=draw(st.one_of(st.none(), boundary)),
                                           gate=draw(st.one_of(st.none(), st.none(), boundary)),
                                           points_cap=draw(st.sampled_from([None, None, F(3, 4)]))))
                  for j in range(count))
    rules = tuple(draw(st.lists(st.builds(core.MarkRule, effect=st.sampled_from(["excludes", "zeroes"]),
                                          test=st.sampled_from(["below", "of"]), mark=boundary),
                                max_size=3, unique=True)))
    share = F(draw(st.integers(1, 9)), 10)
    criteria = [*(replace(c, weight=c.weight * (1 - share)) for c in plan.criteria),
                _quality(items, share, mark_rules=rules)]
    whole = draw(st.booleans())

    def mark() -> Fraction | int:
        value = draw(boundary)
        return int(value) if whole and value.denominator == 1 else value

    bids = [replace(b, marks={item.code: mark() for item in items}) for b in bids]
    plan = replace(plan, criteria=tuple(criteria), scales={s.name: s for s in SCALES},
                   item_places=draw(st.sampled_from([plan.item_places, None, 0, 2])))
    return plan, bids


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(_marked_tenders())
def test_items_marked_in_thirds_and_quarters_and_their_mark_rules_equal_the_exact_engine(
        case: tuple[core.Plan, list[core.BidInput]]) -> None:
    """The marks are read into integers (`fast._read_marks`), so the columns and the mark rules are
    the arrays' own, not the core's, and every figure is the core's."""
    plan, bids = case
    assert set(fast._read_marks(plan, bids)) == {item.code for item in plan.items if item.rule.kind == "evaluators"}
    _same_staged(plan, bids)


def _one_marked_plan(rules: tuple[core.MarkRule, ...] = (), threshold: Fraction | None = None) -> core.Plan:
    rule = core.Rule(kind="linear", low=F(0), high=F(10))
    return _plan((core.Criterion(kind="price", weight=F(1, 2)),
                  _quality((replace(_evaluated("Q1", F(1, 2)), rule=core.Rule(kind="evaluators", scale="five",
                                                                               threshold=threshold)),
                            replace(_item("M1", rule, F(1, 2)), criterion="quality")), F(1, 2),
                           mark_rules=rules)),
                 scales={"five": SCALE})


def _one_marked_bids(marks: list[Any]) -> list[core.BidInput]:
    n = len(marks)
    return _marked(_inputs(["100"] * n, [{"M1": "5"}] * n), [{"Q1": m} for m in marks])


def test_moderated_marks_in_thirds_and_quarters_are_read_over_their_least_common_denominator() -> None:
    plan = _one_marked_plan(threshold=F(1, 2))
    bids = _one_marked_bids([F(1, 3), F(3, 4), 2, F(5, 2), F(1, 4)])
    read = fast._read_marks(plan, bids)["Q1"]
    assert read.den == 12 and read.nums.tolist() == [4, 9, 24, 30, 3]
    item = plan.item("Q1")
    made = fast._marks_column(plan, item, read)
    assert made is not None
    assert made == core.item_column(plan, item, bids, [True] * len(bids))  # the core's numerators and denominator
    assert [made.fraction(i) for i in range(5)] == [0, F(3, 20), F(2, 5), F(1, 2), 0]  # below the minimum of 1/2: 0
    _same_staged(plan, bids)


def test_marks_not_held_in_int64_or_not_fractions_are_left_to_the_core_and_score_the_same() -> None:
    plan = _one_marked_plan((core.MarkRule(effect="zeroes", test="below", mark=F(2)),))
    for odd in (F(5, 3) + F(1, 10**30), Decimal("2.5"), F(10**20, 10**19 + 1)):
        bids = _one_marked_bids([F(2), odd, F(1, 3)])
        assert "Q1" not in fast._read_marks(plan, bids)
        table = fast.BidTable.from_inputs(plan, bids)
        assert table is not None and fast.score(plan, table) is not None
        _same_staged(plan, bids)


def test_a_mark_a_hair_from_a_rules_mark_is_compared_exactly_though_its_float_is_the_same() -> None:
    hair = F(1, 3 * 10**17)  # 5/3 ± hair round to the float of 5/3; 3·10^17 is held in int64
    assert float(F(5, 3) - hair) == float(F(5, 3)) == float(F(5, 3) + hair)
    plan = _one_marked_plan((core.MarkRule(effect="zeroes", test="below", mark=F(5, 3)),
                        core.MarkRule(effect="excludes", test="of", mark=F(5, 3))), threshold=F(5, 3))
    bids = _one_marked_bids([F(5, 3) - hair, F(5, 3), F(5, 3) + hair, F(0)])
    assert "Q1" in fast._read_marks(plan, bids)
    table = fast.BidTable.from_inputs(plan, bids)
    assert table is not None and fast.score(plan, table) is not None
    scores = _same_staged(plan, bids)
    assert list(scores.zeroed) == [(("quality", "Q1"),), (), (), (("quality", "Q1"),)]
    assert scores.excluded == [(), (("mark", "Q1"),), (), ()]
    assert scores.fraction(2, "Q1") == (F(5, 3) + hair) / 5 and scores.fraction(0, "Q1") == 0
