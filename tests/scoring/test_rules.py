"""Every scoring rule of the language, its modifiers and the valuation, as a user relies on them."""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction
from pathlib import Path
from typing import Any

import pytest

from svspec.scoring import core, engine
from svspec.scoring.marks import Marks
from tests.scoring.helpers import bid, marks, write_tender


def score_measure(tmp_path: Path, selection: str, answers: dict[str, Any], given: dict[str, Any] | None = None,
                  extra: str = "") -> engine.Scoring:
    """One selected measure worth all the social value points (50 of 100); price is equal for all."""
    code = selection.split()[0]
    tender = write_tender(tmp_path, f'''tender rules "Rules"
  contract value £100,000 over 1 year
  criteria
    price 50%, scored relative to lowest
    social value 50%
  social value measures
    {selection}
{extra}''')
    bids = [bid(name, tender, price=100, social_value={code: value} if value is not None else {})
            for name, value in answers.items()]
    mark_set: Marks | None = marks(tender, {(n, code): m for n, m in given.items()}) if given else None
    scoring, diagnostics = engine.score(tender, bids, mark_set)
    assert scoring is not None, [d.message for d in diagnostics]
    return scoring


def fraction(scoring: engine.Scoring, bidder: str) -> Fraction:
    result = scoring.bid(bidder)
    assert result is not None
    return result.items[0].fraction


def test_linear_is_proportional_between_low_and_high_and_clamped_outside(tmp_path: Path) -> None:
    s = score_measure(tmp_path, "JOBS weight 100%", {"a": 0, "b": 4, "c": 10, "d": 15})
    assert [fraction(s, n) for n in "abcd"] == [0, Fraction(2, 5), 1, 1]
    assert "clamped to the range" in s.bid("d").items[0].sentence  # type: ignore[union-attr]


def test_unclamped_linear_scores_beyond_the_range(tmp_path: Path) -> None:
    s = score_measure(tmp_path, "JOBS weight 100%, scored linear from 2 FTE to 10 FTE unclamped", {"a": 0, "b": 15})
    assert fraction(s, "a") == Fraction(-1, 4) and fraction(s, "b") == Fraction(13, 8)


def test_relative_to_best_divides_by_the_highest_answer(tmp_path: Path) -> None:
    s = score_measure(tmp_path, "APP weight 100%", {"a": 4, "b": 10, "c": 0})
    assert [fraction(s, n) for n in "abc"] == [Fraction(2, 5), 1, 0]
    assert "against the best compared bid's 10 apprenticeships" in s.bid("a").items[0].sentence  # type: ignore[union-attr]


def test_relative_to_best_when_nobody_offers_anything_scores_zero_for_all(tmp_path: Path) -> None:
    s = score_measure(tmp_path, "APP weight 100%", {"a": 0, "b": 0})
    assert fraction(s, "a") == 0 == fraction(s, "b")


def test_a_cap_limits_the_quantity_counted(tmp_path: Path) -> None:
    s = score_measure(tmp_path, "APP weight 100%, scored relative to best, capped at 5 apprenticeships",
                      {"a": 4, "b": 10})
    assert fraction(s, "a") == Fraction(4, 5) and fraction(s, "b") == 1


def test_a_minimum_scores_nothing_below_it(tmp_path: Path) -> None:
    s = score_measure(tmp_path, "JOBS weight 100%, scored linear from 0 FTE to 10 FTE, minimum 2 FTE",
                      {"a": 1, "b": 2})
    assert fraction(s, "a") == 0 and fraction(s, "b") == Fraction(1, 5)


def test_bands_give_the_highest_band_reached(tmp_path: Path) -> None:
    s = score_measure(tmp_path, "WEEKS weight 100%", {"a": 9, "b": 10, "c": 19, "d": 25})
    assert [fraction(s, n) for n in "abcd"] == [0, Fraction(2, 5), Fraction(2, 5), 1]


def test_yes_or_no(tmp_path: Path) -> None:
    s = score_measure(tmp_path, "LW weight 100%", {"a": True, "b": False})
    assert fraction(s, "a") == 1 and fraction(s, "b") == 0


def test_a_yes_gate_excludes_a_bid_that_answers_no(tmp_path: Path) -> None:
    s = score_measure(tmp_path, "LW weight 100%, scored yes or no, gate yes", {"a": True, "b": False})
    assert s.bid("b").rank is None and s.bid("b").excluded == ("fails the gate on LW",)  # type: ignore[union-attr]
    assert [b.bidder for b in s.ranked] == ["a"]


def test_a_numeric_gate_excludes_a_bid_below_it(tmp_path: Path) -> None:
    s = score_measure(tmp_path, "JOBS weight 100%, scored linear from 0 FTE to 10 FTE, gate at least 1 FTE",
                      {"a": Decimal("0.5"), "b": 1})
    assert s.bid("a").rank is None and s.bid("b").rank == 1  # type: ignore[union-attr]


def test_points_cap_limits_the_share_of_points(tmp_path: Path) -> None:
    s = score_measure(tmp_path, "JOBS weight 100%, scored linear from 0 FTE to 10 FTE, points capped at 50%",
                      {"a": 3, "b": 8})
    assert fraction(s, "a") == Fraction(3, 10) and fraction(s, "b") == Fraction(1, 2)


def test_evaluator_marks_are_a_share_of_the_top_of_the_scale(tmp_path: Path) -> None:
    s = score_measure(tmp_path, "PLAN weight 100%", {"a": "plan", "b": "plan"}, given={"a": 70, "b": 100})
    assert fraction(s, "a") == Fraction(7, 10) and fraction(s, "b") == 1


def test_value_per_pound_against_a_target_with_a_credibility_discount(tmp_path: Path) -> None:
    """Essex: £0.25 of social value per £1 of contract value earns full points; evaluators discount it."""
    s = score_measure(tmp_path, "GIFT weight 100%, scored by value per £ against £0.25, credibility by evaluators "
                      "on scale credible", {"a": 12500, "b": 50000}, given={"a": "75", "b": "100"})
    assert fraction(s, "a") == Fraction(1, 2) * Fraction(3, 4)
    assert fraction(s, "b") == 1  # at most full points
    assert "judged 75% credible" in s.bid("a").items[0].sentence  # type: ignore[union-attr]


def test_value_relative_to_best_counts_pounds_with_drop_off_and_discounting(tmp_path: Path) -> None:
    s = score_measure(tmp_path, "HOURS weight 100%", {"a": 100, "b": 400})
    item = s.bid("a").items[0]  # type: ignore[union-attr]
    # £20 an hour for 3 years, dropping off 10% a year, discounted 5% a year from year 1 (the SROI
    # guide divides year t by 1.05^t): 20 × (1/1.05 + 0.9/1.05² + 0.81/1.05³) = 20 × (20/21)(1 + 6/7 + 36/49).
    assert item.value == 100 * Fraction(2540, 49) * Fraction(20, 21)
    assert item.fraction == Fraction(1, 4)


def test_valuation_adjustments_compound_rather_than_add() -> None:
    per_unit = core.value_per_unit({"proxy": "20000", "deadweight": "0.25", "attribution": "0.1"})
    assert per_unit == 20000 * Fraction(3, 4) * Fraction(9, 10)  # £13,500, not 20000 × (1 − 0.35)


def test_a_part_year_at_the_end_of_a_duration_counts_in_proportion() -> None:
    per_unit = core.value_per_unit({"proxy": "100", "duration_years": "1.5", "drop_off": "0.5"})
    assert per_unit == 100 + 100 * Fraction(1, 2) * Fraction(1, 2)


@pytest.mark.parametrize(("value", "expected"), [
    (Fraction(5, 1000), "0.01"), (Fraction(-5, 1000), "-0.01"), (Fraction(4999, 1000000), "0.00"),
    (Fraction(1, 3), "0.33"), (Fraction(2, 3), "0.67"), (Fraction(12345, 10), "1234.50"),
])
def test_figures_are_rounded_to_two_places_half_up(value: Fraction, expected: str) -> None:
    assert core.round_half_up(value) == expected


def test_ties_share_a_rank_when_the_tender_declares_no_tie_break(tmp_path: Path) -> None:
    s = score_measure(tmp_path, "JOBS weight 100%", {"a": 5, "b": 5, "c": 1})
    assert [(b.bidder, b.rank) for b in s.ranked] == [("a", 1), ("b", 1), ("c", 3)]
    assert s.winner is None


def test_a_declared_tie_break_on_quality_settles_equal_totals(tmp_path: Path) -> None:
    tender = write_tender(tmp_path, '''tender tie "Tie"
  contract value £100,000 over 1 year
  criteria
    price 50%, scored linear from £0 to £200
    quality 50%
  quality questions
    question Q "Q"
      weight 100%
      answer text
      scored by evaluators on scale tens
  tie break quality, drawing lots
''')
    bids = [bid("cheap", tender, price=80, quality={"Q": "x"}), bid("good", tender, price=100, quality={"Q": "x"})]
    # cheap: 50 × 120/200 + 50 × 0.5 = 55; good: 50 × 100/200 + 50 × 0.6 = 55.
    s, _ = engine.score(tender, bids, marks(tender, {("cheap", "Q"): 50, ("good", "Q"): 60}))
    assert s is not None and s.bid("cheap").total == s.bid("good").total == 55  # type: ignore[union-attr]
    assert [b.bidder for b in s.ranked] == ["good", "cheap"]
    assert s.bid("cheap").tie_note == "equal total with good; tie broken by quality"  # type: ignore[union-attr]
