"""Worked examples from the shared reference (scoring_cases.yaml), copied here with their sources.

Each test names the case id and the source the case cites. Inputs and expected values are
copied from the reference file; tolerances are the reference's own.
"""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction
from pathlib import Path

import pytest

from svspec.scoring import engine
from svspec.scoring.sensitivity import perturb, tipping_point, totals, winner_of
from tests.scoring.helpers import bid, marks, points, write_tender

PQS_TENDER = '''tender pqs "Price, quality and social value"
  contract value £250,000 over 1 year
  criteria
    price 60%, scored relative to lowest
    quality 30%{pass_mark}
    social value 10%
  quality questions
    question Q "Quality"
      weight 100%
      answer text
      scored by evaluators on scale tens
  social value measures
    SV weight 100%
  compare relative scores among {among}
'''

# pq60_q30_sv10 — source: "Weighted sum with relative price scoring (CCS/Negometrix); 10% social-value
# minimum per UK PPN 06/20 (Trowers)". Quality and social value are scores out of 100.
PQS_BIDS = {"Alpha": (250000, 70, 40), "Beta": (280000, 90, 80), "Gamma": (230000, 50, 20)}


def _pqs(tmp_path: Path, pass_mark: str = "", among: str = "all bids") -> engine.Scoring:
    tender = write_tender(tmp_path, PQS_TENDER.format(pass_mark=pass_mark, among=among))
    bids = [bid(name, tender, price=p, quality={"Q": "answer"}, social_value={"SV": sv})
            for name, (p, _, sv) in PQS_BIDS.items()]
    given = marks(tender, {(name, "Q"): q for name, (_, q, _) in PQS_BIDS.items()})
    scoring, diagnostics = engine.score(tender, bids, given)
    assert scoring is not None, diagnostics
    return scoring


def test_pq60_q30_sv10_weighted_sum_gives_the_published_components_and_ranking(tmp_path: Path) -> None:
    """Case pq60_q30_sv10 (computed; CCS/Negometrix relative price, PPN 06/20 10% social value)."""
    scoring = _pqs(tmp_path)
    expected = {"Alpha": ("55.20", "21.00", "4.00", "80.20"), "Beta": ("49.29", "27.00", "8.00", "84.29"),
                "Gamma": ("60.00", "15.00", "2.00", "77.00")}
    for name, (price, quality, social, total) in expected.items():
        assert points(scoring, name, "price") == Decimal(price)
        assert points(scoring, name, "quality") == Decimal(quality)
        assert points(scoring, name, "social value") == Decimal(social)
        assert points(scoring, name) == Decimal(total)
    assert [b.bidder for b in scoring.ranked] == ["Beta", "Alpha", "Gamma"]


def test_pq60_sv10_with_gate_excludes_gamma_and_the_compared_set_decides_the_lowest_price(tmp_path: Path) -> None:
    """Case pq60_sv10_with_gate (computed; OCDS minimumScore / eForms min-score; the normalisation set
    is a svspec decision: `compare relative scores among all bids | passing bids`)."""
    over_all = _pqs(tmp_path / "all", pass_mark=", pass mark 60%", among="all bids")
    assert over_all.bid("Gamma").rank is None  # type: ignore[union-attr]
    assert over_all.bid("Gamma").excluded == ("below the quality pass mark of 60%",)  # type: ignore[union-attr]
    assert points(over_all, "Alpha") == Decimal("80.20") and points(over_all, "Beta") == Decimal("84.29")
    survivors = _pqs(tmp_path / "passing", pass_mark=", pass mark 60%", among="passing bids")
    assert abs(points(survivors, "Alpha") - Decimal("85.0")) <= Decimal("0.01")
    assert abs(points(survivors, "Beta") - Decimal("88.57")) <= Decimal("0.01")
    assert [b.bidder for b in survivors.ranked] == ["Beta", "Alpha"]


def test_ccs_relative_price_gives_the_lowest_price_full_marks(tmp_path: Path) -> None:
    """Case ccs_relative_price_fixed_quote (verified; shma.co.uk quoting the CCS Digital Marketplace):
    score = min(price) / price."""
    tender = write_tender(tmp_path, '''tender ccs "Price only"
  contract value £30,000 over 1 year
  criteria
    price 100%, scored relative to lowest
''')
    bids = [bid("A", tender, price=15000), bid("B", tender, price=10000), bid("C", tender, price=30000)]
    scoring, _ = engine.score(tender, bids)
    assert scoring is not None
    fractions = {b.bidder: b.criterion("price").fraction for b in scoring.bids}  # type: ignore[union-attr]
    for name, expected in {"A": "0.667", "B": "1.0", "C": "0.333"}.items():
        assert abs(fractions[name] - Fraction(expected)) <= Fraction("0.0005")
    assert [b.bidder for b in scoring.ranked] == ["B", "A", "C"]


NEGOMETRIX = {"P1": 80000, "P2": 100000, "P3": 110000, "P4": 120000, "P5": 130000}


@pytest.mark.parametrize(("formula", "expected"), [
    ("scored linear from £80,000 to £120,000", {"P1": "40.0", "P2": "20.0", "P3": "10.0", "P4": "0.0", "P5": "0.0"}),
    ("scored relative to lowest", {"P1": "40.0", "P2": "32.0", "P3": "29.091", "P4": "26.667", "P5": "24.615"}),
])
def test_negometrix_price_points_fixed_range_clamped_and_relative_to_lowest(tmp_path: Path, formula: str,
                                                                           expected: dict[str, str]) -> None:
    """Case negometrix_fixed_range_linear (computed; Negometrix/Mercell support: points = WP × (Pmax − Pi) /
    (Pmax − Pmin)). svspec clamps the fixed range to 0..WP (points_clamped_0_WP)."""
    tender = write_tender(tmp_path, f'''tender neg "Price 40 points"
  contract value £100,000 over 1 year
  criteria
    price 40%, {formula}
    social value 60%
  social value measures
    SV weight 100%
''')
    bids = [bid(name, tender, price=p, social_value={"SV": 0}) for name, p in NEGOMETRIX.items()]
    scoring, _ = engine.score(tender, bids)
    assert scoring is not None
    for name, value in expected.items():
        assert abs(scoring.bid(name).criterion("price").points - Fraction(value)) <= Fraction("0.001")  # type: ignore[union-attr]


def test_social_value_relative_to_the_best_commitment(tmp_path: Path) -> None:
    """Case social_value_quantitative_relative_to_max (computed; inferred common practice):
    points = max_points × commitment / max(commitment), 10 points available."""
    tender = write_tender(tmp_path, '''tender app "Apprenticeships"
  contract value £100,000 over 1 year
  criteria
    price 90%, scored relative to lowest
    social value 10%
  social value measures
    APP weight 100%
''')
    bids = [bid(n, tender, price=100, social_value={"APP": v}) for n, v in (("Alpha", 4), ("Beta", 10), ("Gamma", 0))]
    scoring, _ = engine.score(tender, bids)
    assert scoring is not None
    assert {b.bidder: points(scoring, b.bidder, "social value") for b in scoring.bids} == {
        "Alpha": Decimal("4.00"), "Beta": Decimal("10.00"), "Gamma": Decimal("0.00")}


def test_dfe_scale_descriptors_give_their_share_of_a_30_point_question(tmp_path: Path) -> None:
    """Case qualitative_scale_mappings, derived test (gov.uk School buildings construction framework 2025,
    Appendix H: Excellent 10, Good 8, Satisfactory 5, Poor 2, Unacceptable 0): Good → 24, Satisfactory → 15
    of 30 points."""
    tender = write_tender(tmp_path, '''tender dfe "Quality 30 points"
  contract value £100,000 over 1 year
  criteria
    price 70%, scored relative to lowest
    quality 30%
  quality questions
    question Q "Quality"
      weight 100%
      answer text
      scored by evaluators on scale dfe
''')
    bids = [bid(name, tender, price=100, quality={"Q": "x"}) for name in ("Good", "Satisfactory")]
    scoring, _ = engine.score(tender, bids, marks(tender, {("Good", "Q"): 8, ("Satisfactory", "Q"): 5}))
    assert scoring is not None
    assert points(scoring, "Good", "quality") == Decimal("24.00")
    assert points(scoring, "Satisfactory", "quality") == Decimal("15.00")


def test_prozorro_equal_totals_are_ranked_by_earlier_submission(tmp_path: Path) -> None:
    """Case prozorro_tie_break_by_date (computed; ProzorroUKR/openprocurement.api awarding.py sorts on
    (weighted value, bid date)): X and Y have equal weighted values; Y, submitted earlier, ranks first."""
    tender = write_tender(tmp_path, '''tender tie "Tie break"
  contract value £1,000 over 1 year
  criteria
    price 100%, scored linear from £0 to £1,000
  tie break earliest submission
''')
    bids = [bid("X", tender, price=630, submitted="2024-03-01T12:00:00Z"),
            bid("Y", tender, price=630, submitted="2024-03-01T08:00:00Z")]
    scoring, _ = engine.score(tender, bids)
    assert scoring is not None
    assert scoring.bid("X").total == scoring.bid("Y").total  # type: ignore[union-attr]
    assert [b.bidder for b in scoring.ranked] == ["Y", "X"]
    assert [b.rank for b in scoring.ranked] == [1, 2]
    assert "earliest submission" in (scoring.bid("X").tie_note or "")  # type: ignore[union-attr]


def test_critical_quality_weight_between_two_bids(tmp_path: Path) -> None:
    """Case critical_quality_weight_two_bids (computed; weighted sum, w* = (P_A − P_B) / ((P_A − P_B) +
    (Q_B − Q_A))): A wins below a quality weight of 60.6%, B above."""
    fractions = {"A": {"price": Fraction(1), "quality": Fraction("0.60")},
                 "B": {"price": Fraction(100, 130), "quality": Fraction("0.75")}}
    for quality_weight in (Fraction("0.3"), Fraction("0.7")):
        weights = {"price": 1 - quality_weight, "quality": quality_weight}
        tip = tipping_point(weights, fractions, "quality")
        assert tip is not None
        crossing = tip.upper if tip.upper is not None else tip.lower
        assert crossing is not None and abs(crossing - Fraction("0.6061")) <= Fraction("0.0005")
    below = tipping_point({"price": Fraction("0.5"), "quality": Fraction("0.5")}, fractions, "quality")
    assert below is not None and below.upper_winner == "B"
    assert below.sentence.startswith("A wins unless the quality weight rises above 60.61%")


def test_one_at_a_time_weight_changes_of_twenty_percent(tmp_path: Path) -> None:
    """Case oat_weight_perturbation (computed; scikit-criteria criteria_one_at_time: w_i × (1 ± 0.2), the
    others rescaled proportionally), with its follow-up on pq60_q30_sv10."""
    weights = {"price": Fraction("0.6"), "quality": Fraction("0.3"), "social value": Fraction("0.1")}
    expected = {
        ("price", "up"): ("0.72", "0.21", "0.07"), ("price", "down"): ("0.48", "0.39", "0.13"),
        ("quality", "up"): ("0.5486", "0.36", "0.0914"), ("quality", "down"): ("0.6514", "0.24", "0.1086"),
        ("social value", "up"): ("0.5867", "0.2933", "0.12"), ("social value", "down"): ("0.6133", "0.3067", "0.08"),
    }
    follow_up = {
        ("price", "up"): ({"Alpha": "83.74", "Beta": "83.64", "Gamma": "83.90"}, "Gamma"),
        ("price", "down"): ({"Alpha": "76.66", "Beta": "84.93", "Gamma": "70.10"}, "Beta"),
        ("quality", "up"): ({"Alpha": "79.33", "Beta": "84.78", "Gamma": "74.69"}, "Beta"),
        ("quality", "down"): ({"Alpha": "81.07", "Beta": "83.80", "Gamma": "79.31"}, "Beta"),
        ("social value", "up"): ({"Alpha": "79.31", "Beta": "84.19", "Gamma": "75.73"}, "Beta"),
        ("social value", "down"): ({"Alpha": "81.09", "Beta": "84.38", "Gamma": "78.27"}, "Beta"),
    }
    scoring = _pqs(tmp_path)
    fractions = {b.bidder: {c.kind: c.fraction for c in b.criteria} for b in scoring.ranked}
    for (kind, way), shares in expected.items():
        new = perturb(weights, kind, Fraction(6, 5) if way == "up" else Fraction(4, 5))
        for got, want in zip(new.values(), shares, strict=True):
            assert abs(got - Fraction(want)) <= Fraction("0.0001")
        totals_now = totals(new, fractions)
        want_totals, want_winner = follow_up[(kind, way)]
        for name, value in want_totals.items():
            assert abs(totals_now[name] - Fraction(value)) <= Fraction("0.01")
        assert winner_of(totals_now) == want_winner


def test_consensus_and_mean_moderation_of_three_evaluators(tmp_path: Path) -> None:
    """Case consensus_vs_mean (computed; Oxford consensus, Guelph consensus or average, Cotiss average):
    marks 3, 4, 4 on the NZ MBIE 0-5 scale; the mean is 3.6667; a consensus mark must be a scale point."""
    from svspec.scoring.marks import load_marks

    body = '''tender mod "Moderation"
  contract value £100,000 over 1 year
  criteria
    price 50%, scored relative to lowest
    quality 50%
  quality questions
    question Q "Quality"
      weight 100%
      answer text
      scored by evaluators on scale mbie
  moderation {how}
'''
    entry = '''tender: mod
marks:
  - bidder: "A"
    item: Q
    evaluators:
      E1: {{mark: 3, reason: "Acceptable"}}
      E2: {{mark: 4, reason: "Good"}}
      E3: {{mark: 4, reason: "Good"}}
{consensus}'''
    mean_tender = write_tender(tmp_path / "mean", body.format(how="mean"))
    path = tmp_path / "mean.yaml"
    path.write_text(entry.format(consensus=""), encoding="utf-8")
    loaded, diagnostics, _ = load_marks(path, mean_tender, ["A"])
    assert loaded is not None, diagnostics
    assert abs(loaded.entries[0].moderated - Fraction("3.6667")) <= Fraction("0.0001")

    consensus_tender = write_tender(tmp_path / "consensus", body.format(how="consensus"))
    path.write_text(entry.format(consensus='    consensus: {mark: 4, reason: "E1 moved 3 to 4 after discussion"}\n'),
                    encoding="utf-8")
    loaded, diagnostics, _ = load_marks(path, consensus_tender, ["A"])
    assert loaded is not None, diagnostics
    assert loaded.entries[0].moderated == 4
    assert [e.mark - loaded.entries[0].moderated for e in loaded.entries[0].evaluators] == [-1, 0, 0]
    path.write_text(entry.format(consensus='    consensus: {mark: 3.67, reason: "average"}\n'), encoding="utf-8")
    loaded, diagnostics, _ = load_marks(path, consensus_tender, ["A"])
    assert loaded is None
    assert [d.code for d in diagnostics] == ["marks/mark-not-on-scale"]
