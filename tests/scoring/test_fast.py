"""The NumPy path (issue 12 item 9) gives exactly the exact core's results: totals, ranks, ties, notes."""

from __future__ import annotations

from dataclasses import replace
from decimal import Decimal
from fractions import Fraction
from typing import Any

import numpy as np
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from svspec.scoring import core, fast

F = Fraction
WHOLE = F(1)


def _plan(criteria: tuple[core.Criterion, ...], **extra: Any) -> core.Plan:
    fields: dict[str, Any] = {"tender": "t", "contract_value": F(1_000_000), "criteria": criteria, "scales": {},
                              "moderation": "mean", "tie_break": ("social value", "price"),
                              "compare_among": "all bids", **extra}
    return core.Plan(**fields)


def _item(code: str, rule: core.Rule, weight: Fraction = WHOLE, answer: str = "number", **extra: Any) -> core.Item:
    return core.Item(code=code, title=code, criterion="social value", weight=weight, answer=answer, rule=rule,
                     **extra)


def _inputs(prices: list[str], answers: list[dict[str, str]], submitted: list[str | None] | None = None
            ) -> list[core.BidInput]:
    return [core.BidInput(bidder=f"B{i:03d}", price=Decimal(p), answers={k: Decimal(v) for k, v in a.items()},
                          submitted=submitted[i] if submitted else None)
            for i, (p, a) in enumerate(zip(prices, answers, strict=True))]


def _same(plan: core.Plan, bids: list[core.BidInput]) -> core.Scores:
    """Score both ways and hold every figure a user sees to the exact core's."""
    table = fast.BidTable.from_inputs(plan, bids)
    assert table is not None
    quick = fast.score(plan, table)
    slow = core.score(plan, bids)
    if quick is None:  # only when every bid is excluded (nothing to rank): the core scores those
        assert all(slow.excluded) and slow.order == []
        return slow
    assert quick.bidders == slow.bidders
    assert quick.order == slow.order
    assert quick.ranks == slow.ranks
    assert quick.tie_notes == slow.tie_notes
    assert list(quick.shown_notes) == list(slow.shown_notes)
    assert quick.time_losses == slow.time_losses
    assert quick.lowest_price == slow.lowest_price
    assert quick.excluded == slow.excluded and quick.stages == slow.stages
    assert quick.totals == slow.totals
    assert quick.criterion_fractions == slow.criterion_fractions
    for i in range(len(bids)):
        assert quick.price(i) == slow.price(i)
        for item in plan.items:
            assert quick.fraction(i, item.code) == slow.fraction(i, item.code)
    assert core.results_table(quick) == core.results_table(slow)
    return quick


# ---------------------------------------------------------------------------------- the property
_constants = st.builds(F, st.integers(-40, 400), st.sampled_from([1, 2, 3, 4, 10, 7]))


_modifier = st.one_of(st.none(), st.builds(F, st.integers(-4, 120), st.sampled_from([1, 2, 3, 10])))


@st.composite
def _rules(draw: st.DrawFn) -> tuple[core.Rule, Fraction | None]:
    """A rule the arrays cover, with its cap, minimum, points cap and gate drawn (caps of a third:
    between a column's units, so the core's column), or now and then an unclamped linear rule (the core's)."""
    rule, per_unit = draw(_plain_rules())
    points_cap = draw(st.one_of(st.none(), st.builds(F, st.integers(0, 4), st.just(4))))
    rule = replace(rule, cap=draw(_modifier), threshold=draw(_modifier), points_cap=points_cap,
                   gate=draw(st.one_of(st.none(), st.none(), _modifier)))
    if rule.kind == "linear" and draw(st.integers(0, 5)) == 0:
        rule = replace(rule, clamped=False)
    return rule, per_unit


@st.composite
def _plain_rules(draw: st.DrawFn) -> tuple[core.Rule, Fraction | None]:
    kind = draw(st.sampled_from(sorted(fast._KINDS)))
    if kind == "linear":
        low, high = draw(_constants), draw(st.one_of(_constants, st.just(F(10**17))))  # a huge span: near-ties
        if low == high:
            high = low + 1
        return core.Rule(kind=kind, low=low, high=high), None
    if kind == "bands":
        edges = sorted(set(draw(st.lists(_constants, min_size=1, max_size=3))))
        shares = [F(draw(st.integers(0, 4)), 4) for _ in edges]
        return core.Rule(kind=kind, bands=tuple(zip(edges, shares, strict=True)),
                         otherwise=F(draw(st.integers(0, 1)), 3)), None
    if kind == "value-per-pound":
        target = F(draw(st.integers(1, 50)), 1000)
        return core.Rule(kind=kind, target=target), F(draw(st.integers(0, 5000)), draw(st.sampled_from([1, 3])))
    per_unit = F(draw(st.integers(0, 30))) if kind == "value-relative-to-best" else None
    return core.Rule(kind=kind), per_unit


@st.composite
def _price_criteria(draw: st.DrawFn, weight: Fraction) -> core.Criterion:
    """The price criterion with each price formula (issue 12 item 4): a fixed range whose ends fall on
    the drawn prices, between them or far off, clamped or unclamped (negative points, above 1)."""
    formula = draw(st.sampled_from(["relative-to-lowest", "relative-to-mean", "deviation-from-lowest",
                                    "fixed-range", None]))
    if formula != "fixed-range":
        return core.Criterion(kind="price", weight=weight, formula=formula)
    ends = st.sampled_from([F(100000), F(15000001, 100), F(200000), F(300000), F(50000), F(1, 3)])
    low, high = draw(ends), draw(ends)
    if low == high:
        high = low + F(1, 7)
    return core.Criterion(kind="price", weight=weight, formula=formula, low=low, high=high,
                          clamped=draw(st.booleans()))


@st.composite
def _tenders(draw: st.DrawFn) -> tuple[core.Plan, list[core.BidInput]]:
    count = draw(st.integers(1, 5))
    alike = draw(st.booleans())  # one rule and one weight for every item: permuted answers tie exactly
    shares = [1] * count if alike else [draw(st.integers(1, 5)) for _ in range(count)]
    items = []
    shared = draw(_rules())
    for n, share in enumerate(shares):
        rule, per_unit = shared if alike else draw(_rules())
        answer_kind = draw(st.sampled_from(["number", "number", "money"]))  # money is a valued commitment
        items.append(_item(f"M{n}", rule, F(share, sum(shares)), value_per_unit=per_unit, answer=answer_kind))
    if draw(st.booleans()) and draw(st.booleans()):  # the total value line: the commitments in £, scored
        line = draw(st.sampled_from([core.Rule(kind="value-per-pound", target=F(1, 4)),
                                     core.Rule(kind="relative-to-best"),
                                     core.Rule(kind="linear", low=F(0), high=F(20000), clamped=draw(st.booleans())),
                                     core.Rule(kind="bands", bands=((F(10000), F(1, 2)), (F(50000), F(1))))]))
        weight = F(draw(st.integers(1, 5)), 10)
        items = [replace(i, weight=i.weight * (1 - weight)) for i in items]
        items.append(_item("TOTAL", line, weight, total=True))
    price_share = F(draw(st.integers(0, 10)), 10)
    criteria: list[core.Criterion] = []
    if price_share:
        criteria.append(draw(_price_criteria(price_share)))
    if price_share != 1:
        criteria.append(core.Criterion(kind="social value", weight=1 - price_share, items=tuple(items)))
    rules = draw(st.permutations(["social value", "price", "earliest submission"]))
    tie_break = (*rules[:draw(st.integers(0, 3))], *(["drawing lots"] if draw(st.booleans()) else []))
    plan = _plan(tuple(criteria), tie_break=tie_break, places=draw(st.sampled_from([0, 1, 2])),
                 rank_places=draw(st.sampled_from([None, None, 0, 1, 2])),
                 compare_among=draw(st.sampled_from(["all bids", "passing bids"])),
                 item_places=draw(st.sampled_from([None, None, None, 0, 1, 2])),
                 award=draw(st.sampled_from(["weighted total", "weighted total", "price per quality point"])),
                 # the delivery minimum: 1% of £1,000,000 is £10,000, which the commitments below can meet exactly
                 delivery_minimum=draw(st.sampled_from([None, None, F(1, 100), F(1, 20)])),
                 below_minimum=draw(st.sampled_from(["excluded", "nothing"])))
    # Few distinct values, so that exact ties and totals a penny apart are common.
    answer = st.sampled_from(["0", "1", "2.5", "10", "20", "33.3", "60", "99.99", "-1", "400", "3",
                              "0.00000000001"])
    # 200000 is twice 100000 (deviation from lowest floored at exactly 0), 150000 the mean of the two.
    price = st.sampled_from(["100000", "100000.01", "99999.99", "150000", "300000", "100001", "200000",
                             "199999.98", "200000.02"])
    when = st.sampled_from([None, "2027-01-05T10:00:00Z", "2027-01-05T10:00:01Z", "2027-01-05", "nonsense"])
    n = draw(st.integers(1, 14))
    answers = [{item.code: draw(answer) for item in plan.items if not item.total} for _ in range(n)]
    if alike and n > 1:  # bids whose answers are another bid's, shuffled: equal exactly, not always in float64
        base = list(answers[0].values())
        for k in range(1, n, 2):
            answers[k] = dict(zip(answers[0], draw(st.permutations(base)), strict=True))
    prices = [draw(price) for _ in range(n)]
    submitted = [draw(when) for _ in range(n)]
    bids = _inputs(prices, answers, submitted)
    out = draw(st.sets(st.integers(0, n - 1), max_size=n - 1))  # bids the buyer excluded: at least one stays
    return plan, [replace(b, excluded="late") if i in out else b for i, b in enumerate(bids)]


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(_tenders(), st.sampled_from([fast.WHOLE_AFTER, 0, 3]))
def test_the_fast_path_equals_the_exact_engine(case: tuple[core.Plan, list[core.BidInput]], whole_after: int
                                               ) -> None:
    """`whole_after`: how many bids are asked one at a time before every bid's sums and totals are
    worked out at once (0: at once; the default only past 64 bids)."""
    plan, bids = case
    default = fast.WHOLE_AFTER
    fast.WHOLE_AFTER = whole_after
    try:
        _same(plan, bids)
    finally:
        fast.WHOLE_AFTER = default


# ---------------------------------------------------------------------------------- near ties and boundaries
def _two_linear(**extra: Any) -> core.Plan:
    rule = core.Rule(kind="linear", low=F(0), high=F(10))
    return _plan((core.Criterion(kind="social value", weight=F(1),
                                 items=(_item("M1", rule, F(1, 2)), _item("M2", rule, F(1, 2)))),), **extra)


def test_totals_equal_exactly_but_not_in_float64_are_a_tie() -> None:
    # 0.05 + 0.1 is 0.15000000000000002 in float64 and 0.15 + 0 is 0.15: exactly, both totals are 15.
    scores = _same(_two_linear(), _inputs(["1", "1"], [{"M1": "1", "M2": "2"}, {"M1": "3", "M2": "0"}]))
    assert scores.ranks == [1, 1]
    assert scores.tie_notes[0] == "tied on every tie-break rule: no tie-break settles it"


def test_a_higher_exact_total_that_float64_puts_lower_is_ranked_first() -> None:
    # Exactly, B000 scores 60 + 7.5e-16 and B001 60 + 5e-16; in float64 B001 comes out above B000.
    rule = core.Rule(kind="linear", low=F(0), high=F(10))
    tiny = core.Rule(kind="linear", low=F(0), high=F(10**17))
    plan = _plan((core.Criterion(kind="social value", weight=F(1), items=(
        _item("M1", rule, F(1, 2)), _item("M2", rule, F(1, 4)), _item("M3", tiny, F(1, 4)))),))
    bids = _inputs(["1", "1"], [{"M1": "9", "M2": "6", "M3": "3"}, {"M1": "8", "M2": "8", "M3": "2"}])
    table = fast.BidTable.from_inputs(plan, bids)
    assert table is not None
    floats = fast._float_totals(plan, table).totals
    assert floats[1] > floats[0]  # what a plain float ranking would get wrong
    scores = _same(plan, bids)
    assert scores.total(0) - scores.total(1) == F(25, 10**17)
    assert scores.order == [0, 1] and scores.ranks == [1, 2]


def test_a_total_exactly_on_a_half_is_rounded_up_before_ranking() -> None:
    # 100 × 50005/100000 = 50.005 exactly (its float64 is 50.00499999…), and 50.004999… rounds down.
    plan = _plan((core.Criterion(kind="price", weight=F(1)),), rank_places=2, tie_break=("earliest submission",))
    bids = _inputs(["100000", "100000.001"], [{}, {}], ["2027-01-05T10:00:01Z", "2027-01-05T10:00:00Z"])
    # The lowest is 50005: bid B000 at 100000 scores 50.005, B001 at 100000.001 a hair below.
    bids = [core.BidInput(bidder="A", price=Decimal("50005")), *bids]
    scores = _same(plan, bids)
    assert core.round_half_up(scores.total(1), 2) == "50.01"
    assert core.round_half_up(scores.total(2), 2) == "50.00"
    assert scores.ranks == [1, 2, 3]


def test_equal_totals_are_settled_by_the_tie_break_rules_as_the_core_does() -> None:
    plan = _plan((core.Criterion(kind="price", weight=F(1, 2)),
                  core.Criterion(kind="social value", weight=F(1, 2),
                                 items=(_item("M", core.Rule(kind="relative-to-best")),))),
                 tie_break=("social value", "earliest submission", "drawing lots"))
    bids = _inputs(["100", "100", "100", "200"], [{"M": "5"}, {"M": "5"}, {"M": "5"}, {"M": "10"}],
                   ["2027-01-05T10:00:00Z", None, "2027-01-05T10:00:00Z", None])
    scores = _same(plan, bids)
    assert scores.tie_notes[0] is not None and scores.time_losses


def test_many_groups_of_ties_are_ranked_like_the_core() -> None:
    # More groups of equal totals than fast.MAX_GROUPS: the core ranks the whole field in one pass.
    plan = _plan((core.Criterion(kind="social value", weight=F(1),
                                 items=(_item("M", core.Rule(kind="bands", bands=tuple(
                                     (F(k), F(k, 200)) for k in range(1, 200)))),)),))
    bids = _inputs(["1"] * 400, [{"M": str(k // 2)} for k in range(400)])
    _same(plan, bids)


def test_tenders_the_fast_path_does_not_cover_go_to_the_exact_core() -> None:
    item = _item("M", core.Rule(kind="linear", low=F(0), high=F(10)))
    plan = _plan((core.Criterion(kind="social value", weight=F(1), items=(item,), pass_mark=F(1, 2)),))
    table = fast.BidTable.from_inputs(plan, _inputs(["1"], [{"M": "3"}]))
    assert table is not None and fast.score(plan, table) is None  # every bid below the pass mark: nothing to rank
    plain = _plan((core.Criterion(kind="price", weight=F(1)),))
    huge = fast.BidTable(bidders=["A"], answers={}, prices=(np.array([2**60], dtype=np.int64), 0))
    assert fast.score(plain, huge) is None  # beyond 2^53 the float argument does not hold


def test_bids_given_out_of_name_order_are_ranked_in_bidder_name_order_as_the_core_does() -> None:
    plan = _plan((core.Criterion(kind="price", weight=F(1)),), tie_break=())
    table = fast.BidTable(bidders=["C", "A", "B"], answers={}, prices=(np.array([5, 5, 4], dtype=np.int64), 0))
    scores = fast.score(plan, table)
    assert scores is not None
    bids = [core.BidInput(bidder=b, price=Decimal(p)) for b, p in (("C", 5), ("A", 5), ("B", 4))]
    slow = core.score(plan, bids)
    assert (scores.bidders, scores.order, scores.ranks, scores.tie_notes) == (
        slow.bidders, slow.order, slow.ranks, slow.tie_notes)


def test_points_rounded_per_question_and_bids_the_buyer_excluded_are_scored_by_the_arrays_exactly() -> None:
    """Both came after the fast path was written and went to the core whole; now the arrays score them."""
    plan = replace(_two_linear(), item_places=0)
    assert fast.supported(plan)
    bids = _inputs(["1", "1", "1"], [{"M1": "1", "M2": "2"}, {"M1": "3", "M2": "0"}, {"M1": "0.5", "M2": "0.5"}])
    bids[1] = replace(bids[1], excluded="no insurance certificate")
    scores = _same(plan, bids)
    assert scores.ranks == [1, None, 2] and scores.excluded[1] == (("buyer", "no insurance certificate"),)
    assert scores.fraction(0, "M1") == F(10, 100)  # 10 points of 100, whole
    assert scores.fraction(2, "M1") == F(5, 100)  # 5 points: the half rounded up, not 0.05 exactly


def test_an_item_the_arrays_do_not_cover_is_the_cores_column_and_the_rest_stays_on_the_arrays() -> None:
    """A yes/no gate and bands whose edges descend: their columns come from the core, the others from
    the arrays, and the result is the core's."""
    unclamped = _item("U", core.Rule(kind="bands", bands=((F(10), F(1)), (F(5), F(1, 2)))), F(1, 2))
    yes = core.Item(code="Y", title="Y", criterion="social value", weight=F(1, 2), answer="yes/no",
                    rule=core.Rule(kind="yes-no", gate_yes=True))
    plan = _plan((core.Criterion(kind="price", weight=F(1, 2)),
                  core.Criterion(kind="social value", weight=F(1, 2), items=(unclamped, yes))))
    assert not fast.vectorised(plan, unclamped) and not fast.vectorised(plan, yes)
    bids = [core.BidInput(bidder=name, price=Decimal(price), answers={"U": Decimal(u), "Y": y})
            for name, price, u, y in (("A", "100", "30", True), ("B", "90", "5", True), ("C", "80", "9", False))]
    scores = _same(plan, bids)
    assert scores.ranks == [2, 1, None] and scores.excluded[2] == (("gate", "Y"),)


def test_a_bid_just_below_a_gate_is_excluded_and_the_best_is_taken_among_the_others() -> None:
    gated = _item("M", core.Rule(kind="relative-to-best", gate=F(5, 2), cap=F(40)))
    plan = _plan((core.Criterion(kind="social value", weight=F(1), items=(gated,)),), compare_among="passing bids")
    bids = _inputs(["1", "1", "1"], [{"M": "2.49"}, {"M": "2.5"}, {"M": "30"}])
    scores = _same(plan, bids)
    assert scores.ranks == [None, 2, 1] and scores.column("M").best == 30


# ---------------------------------------------------------------------------------- shown-total notes
def _notes_pair_by_pair(scores: core.Scores) -> list[str | None]:
    """Every bid's shown-total note asked one neighbour pair at a time, as the fast path asks."""
    notes: list[str | None] = [None] * len(scores.bidders)
    for above, below in zip(scores.order, scores.order[1:], strict=False):
        notes[below] = core._shown_note(scores, above, below, scores.ranks)
    return notes


def test_one_pairs_shown_total_note_is_the_lists_note_for_totals_shown_equal_but_ranked_apart() -> None:
    # Exact totals 50.002, 50.001, 50.0005 and 50 are all shown as 50.00 and ranked apart; 40 is not noted.
    answers = [{"M1": m1, "M2": "5"} for m1 in ("5.0004", "5.0002", "5.0001", "5", "3")]
    scores = _same(_two_linear(), _inputs(["1"] * 5, answers))
    listed = core._shown_notes(scores, scores.order, scores.ranks)
    assert _notes_pair_by_pair(scores) == listed == list(scores.shown_notes)
    assert listed[1] == ("shown with the same total as B000 (50.00) but ranked below it on the exact totals "
                         "(50.001 against 50.002); ranking is exact")
    assert [note is None for note in listed] == [True, False, False, False, True]


def test_one_pairs_shown_total_note_is_the_lists_note_for_totals_rounded_together_before_ranking() -> None:
    # 50.2 and 50.4 are shown apart but both are 50 when rounded to whole points before ranking.
    plan = _two_linear(rank_places=0)
    scores = _same(plan, _inputs(["1", "1", "1"], [{"M1": "5.04", "M2": "5"}, {"M1": "5.08", "M2": "5"},
                                                   {"M1": "1", "M2": "1"}]))
    listed = core._shown_notes(scores, scores.order, scores.ranks)
    assert _notes_pair_by_pair(scores) == listed == list(scores.shown_notes)
    assert listed[0] == ("shown as 50.20 against B001's 50.40, but the tender rounds totals to 0 places before "
                         "ranking, so the two are equal there and the tie-break decides")
    assert listed[1] is None and listed[2] is None


def test_a_long_lazy_list_is_worked_out_whole_after_a_few_asks_whatever_its_size() -> None:
    # 100,000 bids: waiting for size // 32 asks made 3,125 bids one at a time before working them all out.
    asked: list[int] = []
    wholes: list[int] = []

    def whole() -> Any:
        wholes.append(1)
        return lambda i: -i

    lazy = fast._Lazy(100_000, lambda i: asked.append(i) or i, whole)
    firsts = [lazy[i] for i in range(fast.WHOLE_AFTER)]
    assert firsts == list(range(fast.WHOLE_AFTER)) and wholes == []
    assert lazy[99_999] == -99_999 and lazy[fast.WHOLE_AFTER] == -fast.WHOLE_AFTER
    assert wholes == [1] and len(asked) == fast.WHOLE_AFTER


# ---------------------------------------------------------------------------------- answers read into arrays
_answers = st.one_of(
    st.decimals(allow_nan=False, allow_infinity=False, min_value=-10**12, max_value=10**12),
    st.decimals(allow_nan=False, allow_infinity=False, places=3, min_value=-10**9, max_value=10**9),
    st.integers(-10**15, 10**15), st.none(),
    st.sampled_from([Decimal("1E+2"), Decimal("1E-7"), Decimal("-0"), Decimal("0.000"), Decimal("2.50"),
                     Decimal("123456789.123456789")]))


@settings(max_examples=300, deadline=None)
@given(st.lists(_answers, min_size=1, max_size=30))
def test_answers_read_through_their_text_are_the_exact_numerators(values: list[Any]) -> None:
    """`_read_column` (texts and float64, C speed) gives exactly what Decimal arithmetic gives, or
    leaves the column to it (exponents, numerators past 2^50)."""
    quick = fast._read_column(list(values))
    slow = fast._decimal_column([0 if v is None else v for v in values])
    if slow is None or quick is None:
        assert slow is None and quick is None
        return
    (qn, qp), (sn, sp) = quick, slow
    assert [F(int(n), 10**qp) for n in qn] == [F(int(n), 10**sp) for n in sn]


_decimal_answers = st.one_of(
    st.decimals(allow_nan=False, allow_infinity=False, min_value=-10**12, max_value=10**12),
    st.decimals(allow_nan=False, allow_infinity=False, places=3, min_value=-10**9, max_value=10**9),
    st.decimals(allow_nan=True, allow_infinity=True),
    st.sampled_from([Decimal("1E+2"), Decimal("1E-7"), Decimal("-0"), Decimal("0.000"), Decimal("2.50"),
                     Decimal("sNaN"), Decimal("NaN"), Decimal("-Infinity"), Decimal("123456789.123456789"),
                     Decimal("0.1234567890123456789"), Decimal(2**52)]))


def _as_lists(read: Any) -> Any:
    return None if read is None else [(nums.tolist(), places, by_text) for (nums, places), by_text in read]


@settings(max_examples=300, deadline=None)
@given(st.integers(2, 4).flatmap(lambda width: st.lists(st.tuples(*[_decimal_answers] * width), min_size=1,
                                                         max_size=12)))
def test_answers_read_bid_by_bid_are_the_columns_read_one_at_a_time(rows: list[tuple[Decimal, ...]]) -> None:
    """`_read_rows` (each bid's answers once, a few bids a block) gives every column exactly as
    `_read_texts` gives it, or refuses where it refuses: exponents, sNaN, NaN, too many places."""
    width = len(rows[0])
    default = fast._ROWS_AT_ONCE
    fast._ROWS_AT_ONCE = 3  # several blocks, the places of a column the most over all of them
    try:
        quick = fast._read_rows(rows, width)
    finally:
        fast._ROWS_AT_ONCE = default
    columns = [fast._read_texts([row[j] for row in rows]) for j in range(width)]
    slow = None if any(c is None for c in columns) else columns
    assert _as_lists(quick) == _as_lists(slow)


def test_a_table_read_bid_by_bid_finds_the_columns_places_and_plain_answers_as_before() -> None:
    plan = _two_linear()
    answers = [{"M1": Decimal("1.25"), "M2": Decimal("7")}, {"M1": Decimal("3"), "M2": Decimal("0.001")},
               {"M1": Decimal("2"), "M2": Decimal("1E+2")}]
    read = fast.BidTable.from_answers(plan, ["A", "B", "C"], answers, [Decimal(1)] * 3, [None] * 3)
    assert read is not None
    assert {code: (nums.tolist(), places) for code, (nums, places) in read.answers.items()} == {
        "M1": ([125, 300, 200], 2), "M2": ([7000, 1, 100000], 3)}
    assert read.clean == frozenset({"M1"})  # M2 has an exponent: the engine's checks look at it


def test_a_column_read_from_answers_is_the_column_read_from_core_inputs() -> None:
    plan = _two_linear()
    bids = _inputs(["100.5", "99"], [{"M1": "1.25", "M2": "7"}, {"M1": "3", "M2": "0.001"}])
    given_ = fast.BidTable.from_inputs(plan, bids)
    read = fast.BidTable.from_answers(plan, [b.bidder for b in bids], [b.answers for b in bids],
                                      [b.price for b in bids], [None, None])
    assert given_ is not None and read is not None
    for code in ("M1", "M2"):
        assert read.answers[code][1] == given_.answers[code][1] == (2 if code == "M1" else 3)
        assert read.answers[code][0].tolist() == given_.answers[code][0].tolist()


# ------------------------------------------------------------------------- price formulas, per point, commitments
def _price_plan(formula: str | None, **extra: Any) -> core.Plan:
    price = core.Criterion(kind="price", weight=F(3, 5), formula=formula, **extra)
    rule = core.Rule(kind="linear", low=F(0), high=F(10))
    return _plan((price, core.Criterion(kind="social value", weight=F(2, 5), items=(_item("M", rule),))))


def _covered(plan: core.Plan, bids: list[core.BidInput]) -> core.Scores:
    """`_same`, and the arrays (not the core) scored the tender."""
    table = fast.BidTable.from_inputs(plan, bids)
    assert table is not None and fast.score(plan, table) is not None
    return _same(plan, bids)


def test_a_price_twice_the_lowest_scores_exactly_nothing_by_deviation_and_more_stays_at_nothing() -> None:
    bids = _inputs(["100000", "200000", "200000.01", "150000"], [{"M": "5"}, {"M": "5"}, {"M": "6"}, {"M": "0"}])
    scores = _covered(_price_plan("deviation-from-lowest"), bids)
    assert [scores.criterion_fraction(i, "price") for i in range(4)] == [1, 0, 0, F(1, 2)]
    assert scores.lowest_price == 100000
    assert scores.order == [0, 3, 2, 1]  # 60 + 20, then 30 + 0, 0 + 24 and 0 + 20


def test_a_price_equal_to_the_mean_scores_full_points_and_the_mean_is_exact() -> None:
    # The mean of 100000, 200000 and 100000.01 is 133333.336666…: not a float, exactly a Fraction.
    bids = _inputs(["100000", "200000", "100000.01"], [{"M": "1"}, {"M": "9"}, {"M": "1"}])
    scores = _covered(_price_plan("relative-to-mean"), bids)
    mean = F(40000001, 300)
    assert scores.lowest_price == mean
    assert scores.criterion_fraction(1, "price") == mean / 200000
    assert scores.criterion_fraction(0, "price") == scores.criterion_fraction(2, "price") == 1


def test_an_unclamped_fixed_range_scores_below_zero_and_above_full_points_on_the_arrays() -> None:
    plan = _price_plan("fixed-range", low=F(80000), high=F(120000), clamped=False)
    bids = _inputs(["60000", "130000", "100000"], [{"M": "0"}, {"M": "10"}, {"M": "0"}])
    scores = _covered(plan, bids)
    assert [scores.criterion_fraction(i, "price") for i in range(3)] == [F(3, 2), F(-1, 4), F(1, 2)]
    assert scores.total(1) == 100 * (F(3, 5) * F(-1, 4) + F(2, 5))


def test_whole_life_costs_equal_from_different_components_tie_exactly() -> None:
    """Components are summed as the bid is read (`core.whole_life_cost`): £400,000 + 7 × £60,000 and
    £330,000.007 + 7 × £69,999.999 are both £820,000; £330,000.30 + 7 × £69,999.957142 is a millionth less."""
    from svspec.scoring.core import whole_life_cost

    parts = (("capital", Decimal(1)), ("running", Decimal(7)))
    a = whole_life_cost(parts, {"capital": Decimal("400000"), "running": Decimal("60000")})
    b = whole_life_cost(parts, {"capital": Decimal("330000.30"), "running": Decimal("69999.957142")})
    c = whole_life_cost(parts, {"capital": Decimal("330000.007"), "running": Decimal("69999.999")})
    assert a is not None and b is not None and c is not None and a == c != b
    plan = replace(_price_plan("relative-to-mean"), price_components=parts)
    bids = _inputs([str(a), str(b), str(c)], [{"M": "2"}, {"M": "2"}, {"M": "2"}])
    scores = _covered(plan, bids)
    assert scores.ranks[0] == scores.ranks[2] != scores.ranks[1]


def _per_point(**extra: Any) -> core.Plan:
    rule = core.Rule(kind="linear", low=F(0), high=F(3))
    return _plan((core.Criterion(kind="social value", weight=F(1), items=(_item("M", rule),)),),
                 award="price per quality point", **extra)


def test_equal_prices_per_quality_point_that_float64_cannot_tell_apart_are_settled_exactly() -> None:
    # 100000 ÷ 100/3 points and 50000 ÷ 50/3 points are both exactly 3000 per point; 3000.0000001 is not.
    bids = _inputs(["100000", "50000", "100000.00001", "70000"], [{"M": "1"}, {"M": "0.5"}, {"M": "1"}, {"M": "0"}],
                   ["2027-01-05T10:00:01Z", "2027-01-05T10:00:00Z", None, None])
    plan = replace(_per_point(), tie_break=("earliest submission",))
    scores = _covered(plan, bids)
    assert scores.excluded[3] == (("no-points", "total"),)  # no points: no price per point
    assert scores.order == [1, 0, 2] and scores.ranks == [2, 1, 3, None]
    assert scores.tie_notes[1] == "equal price per quality point with B000; tie broken by earliest submission"


def test_price_per_point_on_totals_rounded_before_ranking_uses_the_rounded_totals() -> None:
    # Totals 33.333… and 33.3 both round to 33 points: £99,000 and £99,001 ÷ 33 rank on price alone;
    # 0.0333… points round to none: not excluded (it has points), but ranked last, as the core ranks it.
    bids = _inputs(["99001", "99000", "1"], [{"M": "1"}, {"M": "0.999"}, {"M": "0.001"}])
    scores = _covered(replace(_per_point(), rank_places=0, tie_break=("price",)), bids)
    assert scores.order == [1, 0, 2] and scores.excluded[2] == ()


def _committing(below: str, **extra: Any) -> core.Plan:
    money = _item("GIFT", core.Rule(kind="linear", low=F(0), high=F(100000)), F(1, 2), answer="money")
    jobs = _item("JOBS", core.Rule(kind="relative-to-best"), F(1, 2), value_per_unit=F(2500))
    return _plan((core.Criterion(kind="price", weight=F(1, 2)),
                  core.Criterion(kind="social value", weight=F(1, 2), items=(money, jobs))),
                 delivery_minimum=F(1, 100), below_minimum=below, **extra)


def test_commitments_exactly_at_the_delivery_minimum_pass_and_a_penny_less_falls_below() -> None:
    # 1% of £1,000,000 is £10,000: £5,000 + 2 jobs × £2,500 meets it; £4,999.99 + 2 jobs does not.
    answers = [{"GIFT": "5000", "JOBS": "2"}, {"GIFT": "4999.99", "JOBS": "2"}, {"GIFT": "0", "JOBS": "-3"}]
    bids = _inputs(["100000", "90000", "80000"], answers)
    excluded = _covered(_committing("excluded"), bids)
    assert excluded.short == [False, True, True] and excluded.committed == [10000, F(999999, 100), 0]
    assert excluded.excluded[1] == (("delivery-minimum", "social value"),) and excluded.ranks[1] is None
    nothing = _covered(_committing("nothing"), bids)
    assert nothing.excluded == [(), (), ()] and nothing.criterion_fraction(1, "social value") == 0
    assert nothing.total(1) == 50 * F(80000, 90000)


def test_the_total_value_line_scores_the_commitments_on_the_arrays() -> None:
    line = _item("TOTAL", core.Rule(kind="value-per-pound", target=F(1, 4)), F(1, 2), total=True)
    jobs = _item("JOBS", core.Rule(kind="relative-to-best"), F(1, 2), value_per_unit=F(250001, 3))
    plan = _plan((core.Criterion(kind="social value", weight=F(1), items=(jobs, line)),))
    bids = _inputs(["1", "1", "1"], [{"JOBS": "3"}, {"JOBS": "0.5"}, {"JOBS": "2.999999"}])
    scores = _covered(plan, bids)
    assert scores.committed == [250001, F(250001, 6), F(250001 * 2999999, 3_000_000)]
    assert scores.fraction(0, "TOTAL") == 1 and scores.fraction(1, "TOTAL") == F(250001, 6) / 250000


def test_an_unclamped_linear_rule_is_scored_on_the_arrays_above_full_points_and_below_zero() -> None:
    """Issue 12 item 8's unclamped rules: the arrays give what the core gives, past both ends, and
    rounded per question; the error bound grows with the largest fraction (here 30)."""
    rule = core.Rule(kind="linear", low=F(0), high=F(10), clamped=False)
    unclamped = _item("U", rule, F(1, 2))
    other = _item("L", core.Rule(kind="linear", low=F(0), high=F(10)), F(1, 2))
    plan = _plan((core.Criterion(kind="price", weight=F(1, 2)),
                  core.Criterion(kind="social value", weight=F(1, 2), items=(unclamped, other))))
    assert fast.vectorised(plan, unclamped)
    answers = [{"U": "300", "L": "0"}, {"U": "-5", "L": "10"}, {"U": "0.0000001", "L": "9.9999999"}]
    bids = _inputs(["100", "90", "80"], answers)
    scores = _covered(plan, bids)
    assert [scores.fraction(i, "U") for i in range(3)] == [30, F(-1, 2), F(1, 10**8)]
    assert scores.total(0) == 50 * F(80, 100) + 25 * 30
    rounded = _covered(replace(plan, item_places=0), bids)
    assert rounded.fraction(0, "U") == 30 and rounded.fraction(1, "U") == F(-1, 2)


def test_a_price_per_point_total_past_the_arrays_range_is_ranked_by_the_exact_core_not_a_traceback() -> None:
    """Found merging the stages: an unclamped rule scoring 10^12 times its points, totals rounded to 2
    places before ranking, makes keys past 2^53; `fast.score` says None (the core ranks) instead of raising."""
    rule = core.Rule(kind="linear", low=F(0), high=F(1), clamped=False)
    plan = _plan((core.Criterion(kind="social value", weight=F(1), items=(_item("M", rule),)),),
                 award="price per quality point", rank_places=2)
    bids = _inputs(["100", "200"], [{"M": "1000000000000"}, {"M": "3"}])
    table = fast.BidTable.from_inputs(plan, bids)
    assert table is not None and fast.supported(plan)
    assert fast.score(plan, table) is None
    assert core.score(plan, bids).ranks == [1, 2]
