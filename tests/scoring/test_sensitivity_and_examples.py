"""Sensitivity in sentences, rank reversal for relative formulas, and worked examples for the guidance site."""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction
from pathlib import Path

import svspec
from svspec import model
from svspec.scoring import describe_rule, engine, worked_example
from svspec.scoring.sensitivity import analyse
from tests.conftest import SPECS
from tests.scoring.helpers import bid, write_tender


def _tender(name: str) -> model.Tender:
    tender = svspec.load(SPECS / "lambeth" / f"{name}.svspec").model
    assert isinstance(tender, model.Tender)
    return tender


def test_removing_a_bid_can_reverse_the_order_of_two_others_under_relative_formulas(tmp_path: Path) -> None:
    tender = write_tender(tmp_path, '''tender rr "Rank reversal"
  contract value £1,000 over 1 year
  criteria
    price 50%, scored relative to lowest
    social value 50%
  social value measures
    APP weight 100%
''')
    bids = [bid("A", tender, price=100, social_value={"APP": 3}), bid("B", tender, price=120, social_value={"APP": 4}),
            bid("C", tender, price=1000, social_value={"APP": 100})]
    scoring, _ = engine.score(tender, bids)
    assert scoring is not None
    assert [b.bidder for b in scoring.ranked] == ["C", "A", "B"]
    found = analyse(scoring).reversals
    assert [(r.removed, r.first, r.second) for r in found] == [("C", "A", "B")]
    assert found[0].sentence == ("Without C's bid, B would rank above A (with it, A ranks above B): the relative "
                                 "formulas make their order depend on whether C bids.")


def test_tipping_points_are_reported_in_sentences(tmp_path: Path) -> None:
    tender = write_tender(tmp_path, '''tender tp "Tipping point"
  contract value £1,000 over 1 year
  criteria
    price 50%, scored relative to lowest
    social value 50%
  social value measures
    JOBS weight 100%
''')
    bids = [bid("A", tender, price=100, social_value={"JOBS": 6}),
            bid("B", tender, price=130, social_value={"JOBS": 9})]
    scoring, _ = engine.score(tender, bids)
    assert scoring is not None
    result = analyse(scoring)
    # A: 1.0 price, 0.6 social value; B: 100/130 price, 0.9 social value. B wins at 50/50.
    price = next(t for t in result.tipping_points if t.criterion == "price")
    assert price.upper is not None and price.upper_winner == "A"
    assert price.sentence == ("B wins unless the price weight rises above 56.52% (then A wins); it is 50% now, "
                              "and social value takes the rest.")
    assert any(c.sentence.startswith("With the price weight raised by 20% (price 60%, social value 40%; social value "
                                     "takes the rest), A wins instead of B") for c in result.changes)


def test_a_worked_example_gives_points_contribution_and_sentence() -> None:
    example = worked_example(_tender("waste-2027"), "LBL1", Decimal(10))
    assert example.fraction == Fraction(1, 2)
    assert example.measure_points == Decimal("50.00") and example.weighted_points == Decimal("2.00")
    assert example.sentence == "10 FTE → 50 points of 100 for LBL1, worth 2.00 of the tender's 100 points"
    assert example.assumption is None


def test_a_worked_example_of_a_relative_rule_states_its_assumption() -> None:
    example = worked_example(_tender("meals-2027"), "LBL2", Decimal(10))
    assert example.assumption == "assuming the best bid offers 20 FTE"
    assert example.measure_points == Decimal("50.00")


def test_rules_are_described_in_plain_words_for_suppliers() -> None:
    tender = _tender("waste-2027")
    rules = {s.code: describe_rule(s.scoring, s.measure) for s in tender.selections}
    assert rules["LBL1"] == ("Points rise in a straight line from none at 0 FTE to full points at 20 FTE. Answers "
                             "beyond that range score no points or full points.")
    assert rules["LBL3"].startswith("Scored in bands: at least 52 weeks scores 50%; at least 104 weeks scores 100%")
    assert "£0.25 per £1" in rules["LBL8"] and "credible" in rules["LBL8"]
