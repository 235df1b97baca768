"""Invariants of the engine, checked on generated bids (hypothesis)."""

from __future__ import annotations

import dataclasses
from decimal import Decimal
from fractions import Fraction
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from svspec import model
from svspec.bids.model import Bid
from svspec.scoring import core, engine, report
from tests.scoring.helpers import marks, write_tender

TENDER = '''tender props "Every monotone rule"
  contract value £100,000 over 1 year
  criteria
    price 50%, scored relative to lowest
    quality 20%, pass mark 30%
    social value 30%
  quality questions
    question Q1 "Plan"
      weight 100%
      answer text
      scored by evaluators on scale tens
  social value measures
    JOBS weight 20%, scored linear from 0 FTE to 10 FTE, minimum 1 FTE
    APP weight 20%, scored relative to best, capped at 8 apprenticeships
    WEEKS weight 15%
    HOURS weight 15%
    GIFT weight 15%, scored by value per £ against £0.25, points capped at 90%
    LW weight 15%, scored yes or no, gate yes
  tie break quality, social value, price, earliest submission
  compare relative scores among passing bids
'''
CODES = ("JOBS", "APP", "WEEKS", "HOURS", "GIFT")
MONOTONE = ("JOBS", "APP", "WEEKS", "HOURS", "GIFT")


@pytest.fixture(scope="module")
def tender(tmp_path_factory: pytest.TempPathFactory) -> model.Tender:
    return write_tender(tmp_path_factory.mktemp("props"), TENDER)


amounts = st.decimals(min_value=0, max_value=40_000, places=1, allow_nan=False, allow_infinity=False)
bid_data = st.fixed_dictionaries({
    "price": st.decimals(min_value=1, max_value=200_000, places=2, allow_nan=False, allow_infinity=False),
    "answers": st.fixed_dictionaries({c: amounts for c in CODES}),
    "living_wage": st.booleans(),
    "mark": st.sampled_from([0, 10, 20, 30, 40, 50, 60, 70, 80, 90, 100]),
    "day": st.integers(min_value=1, max_value=28),
})
bid_lists = st.lists(bid_data, min_size=1, max_size=12)


def make(tender: model.Tender, data: list[dict]) -> tuple[list[Bid], object]:  # type: ignore[type-arg]
    bids = []
    given = {}
    for n, d in enumerate(data):
        name = f"Bidder {n:02d}"
        bids.append(Bid(bidder=name, tender=tender.name, price=d["price"], submitted=f"2027-01-{d['day']:02d}",
                        quality={"Q1": "plan"}, social_value={**d["answers"], "LW": d["living_wage"]}))
        given[(name, "Q1")] = d["mark"]
    return bids, marks(tender, given)


def scored(tender: model.Tender, data: list[dict]) -> engine.Scoring:  # type: ignore[type-arg]
    bids, mark_set = make(tender, data)
    result, diagnostics = engine.score(tender, bids, mark_set)  # type: ignore[arg-type]
    assert result is not None, diagnostics
    return result


SETTINGS = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])


@SETTINGS
@given(data=bid_lists, which=st.integers(min_value=0), code=st.sampled_from(MONOTONE),
       more=st.decimals(min_value=0, max_value=1000, places=1, allow_nan=False, allow_infinity=False))
def test_raising_a_commitment_never_lowers_its_points(tender: model.Tender, data: list[dict], which: int,  # type: ignore[type-arg]
                                                      code: str, more: Decimal) -> None:
    who = which % len(data)
    before = scored(tender, data)
    raised = [dict(d, answers=dict(d["answers"])) for d in data]
    raised[who]["answers"][code] += more
    after = scored(tender, raised)
    name = f"Bidder {who:02d}"

    def item(s: engine.Scoring) -> Fraction:
        return next(i.points for i in s.bid(name).items if i.code == code)  # type: ignore[union-attr]

    assert item(after) >= item(before)


@SETTINGS
@given(data=bid_lists)
def test_points_stay_within_each_criterion_and_item_bounds(tender: model.Tender, data: list[dict]) -> None:  # type: ignore[type-arg]
    for b in scored(tender, data).bids:
        for c in b.criteria:
            assert 0 <= c.points <= 100 * c.weight
        for i in b.items:
            assert 0 <= i.fraction <= 1
        assert 0 <= b.total <= 100
        gift = next(i for i in b.items if i.code == "GIFT")
        assert gift.fraction <= Fraction(9, 10)


@SETTINGS
@given(data=bid_lists, factor=st.fractions(min_value=Fraction(1, 100), max_value=100))
def test_scaling_every_weight_does_not_change_the_ranking(tender: model.Tender, data: list[dict],  # type: ignore[type-arg]
                                                          factor: Fraction) -> None:
    bids, mark_set = make(tender, data)
    plan = engine.plan_for(tender)
    inputs = [engine.to_input(b, mark_set) for b in bids]  # type: ignore[arg-type]
    scaled = dataclasses.replace(plan, criteria=tuple(dataclasses.replace(c, weight=c.weight * factor)
                                                      for c in plan.criteria))
    first, second = core.score(plan, inputs), core.score(scaled, inputs)
    assert [first.bidders[i] for i in first.order] == [second.bidders[i] for i in second.order]
    assert first.ranks == second.ranks


@SETTINGS
@given(data=bid_lists, seed=st.randoms(use_true_random=False))
def test_the_order_of_bids_in_the_input_does_not_change_the_results(tender: model.Tender, data: list[dict],  # type: ignore[type-arg]
                                                                   seed: object) -> None:
    bids, mark_set = make(tender, data)
    shuffled = list(bids)
    seed.shuffle(shuffled)  # type: ignore[attr-defined]
    a, _ = engine.score(tender, bids, mark_set)  # type: ignore[arg-type]
    b, _ = engine.score(tender, shuffled, mark_set)  # type: ignore[arg-type]
    assert a is not None and b is not None
    audit = report.Audit(svspec_version="x", tender="props", tender_version=None, specs=(), bids=(), marks=None)
    assert report.to_json(a, audit) == report.to_json(b, audit)


def test_scoring_twice_gives_byte_identical_reports(tender: model.Tender, tmp_path: Path) -> None:
    data = [{"price": Decimal(90_000 + 1000 * n), "answers": {c: Decimal(3 * n + 1) for c in CODES},
             "living_wage": True, "mark": 10 * (n % 11), "day": n + 1} for n in range(8)]
    audit = report.Audit(svspec_version="x", tender="props", tender_version=None, specs=(), bids=(), marks=None)
    first = report.to_json(scored(tender, data), audit)
    assert first == report.to_json(scored(tender, data), audit)
