"""Evaluation methods (issue 12 items 2-8): price formulas, abnormally low tenders, the stated rounding
rule, staged evaluation, structured sensitivity, the moderation audit and the edge cases.

Worked examples from the shared reference (scoring_cases.yaml) name their case id and source; the
inputs and expected values are copied from it, with the reference's own tolerances.
"""

from __future__ import annotations

import importlib.util
import json
import sys
from decimal import Decimal
from fractions import Fraction
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from svspec import model
from svspec.emit.scoring_model import emit
from svspec.scoring import engine, report
from svspec.scoring.explain import explain_bid
from svspec.scoring.marks import load_marks
from svspec.scoring.portable import portable
from svspec.scoring.sensitivity import analyse
from tests.scoring.helpers import bid, marks, points, write_tender

PRICE_ONLY = '''tender prices "Price formulas"
  contract value £100,000 over 1 year
  criteria
    price 100%, {formula}
{extra}'''

NEGOMETRIX = {"P1": 80000, "P2": 100000, "P3": 110000, "P4": 120000, "P5": 130000}


def _price_only(tmp_path: Path, formula: str, prices: dict[str, Any], extra: str = "",
                submitted: dict[str, str] | None = None) -> tuple[model.Tender, engine.Scoring, list[Any]]:
    tender = write_tender(tmp_path, PRICE_ONLY.format(formula=formula, extra=extra))
    bids = [bid(name, tender, price=p, submitted=(submitted or {}).get(name)) for name, p in prices.items()]
    scoring, diagnostics = engine.score(tender, bids)
    assert scoring is not None, [d.message for d in diagnostics]
    return tender, scoring, diagnostics


def _points_of(scoring: engine.Scoring) -> dict[str, Decimal]:
    return {b.bidder: points(scoring, b.bidder) for b in scoring.bids}


def _audit(scoring: engine.Scoring) -> report.Audit:
    return report.Audit(svspec_version="x", tender=scoring.tender.name, tender_version=None, specs=(), bids=(),
                        marks=None)


# ------------------------------------------------------------------------------------ price formulas
def test_negometrix_fixed_range_unclamped_gives_negative_points_only_when_declared(tmp_path: Path) -> None:
    """Case negometrix_fixed_range_linear (computed; Negometrix/Mercell: WP × (Psetmax − Pi)/(Psetmax − Psetmin)),
    here with WP = 100: the reference's 40-point figures × 2.5."""
    _, unclamped, _ = _price_only(tmp_path / "u", "scored linear from £80,000 to £120,000 unclamped", NEGOMETRIX)
    assert _points_of(unclamped) == {"P1": Decimal("100.00"), "P2": Decimal("50.00"), "P3": Decimal("25.00"),
                                     "P4": Decimal("0.00"), "P5": Decimal("-25.00")}
    _, clamped, _ = _price_only(tmp_path / "c", "scored linear from £80,000 to £120,000", NEGOMETRIX)
    assert _points_of(clamped)["P5"] == Decimal("0.00")
    _, written, _ = _price_only(tmp_path / "w", "scored linear from £80,000 to £120,000 clamped", NEGOMETRIX)
    assert _points_of(written) == _points_of(clamped)


def test_negometrix_same_bids_relative_to_lowest(tmp_path: Path) -> None:
    """Case negometrix_fixed_range_linear, `same_bids_relative_to_lowest` (40 points: 40, 32, 29.091, 26.667,
    24.615)."""
    _, scoring, _ = _price_only(tmp_path, "scored relative to lowest", NEGOMETRIX)
    expected = {"P1": "40.0", "P2": "32.0", "P3": "29.091", "P4": "26.667", "P5": "24.615"}
    for name, value in expected.items():
        shown = points(scoring, name) * Decimal("0.4")
        assert abs(shown - Decimal(value)) <= Decimal("0.001") + Decimal("0.004")  # rounded to 2 places, then × 0.4


def test_deviation_from_the_lowest_is_floored_at_zero(tmp_path: Path) -> None:
    """Proportional deviation (materialsmanagement.info, S44): PS = MP × (1 − (SP − LQB)/LQB), floored at 0."""
    prices = {"Low": 80000, "Mid": 100000, "Double": 160000, "Triple": 240000}
    _, scoring, _ = _price_only(tmp_path, "scored by deviation from lowest", prices)
    assert _points_of(scoring) == {"Low": Decimal("100.00"), "Mid": Decimal("75.00"), "Double": Decimal("0.00"),
                                   "Triple": Decimal("0.00")}
    line = explain_bid(scoring, "Mid")
    assert "by its deviation from the lowest price among passing bids, £80,000" in line


def test_relative_to_the_mean_gives_full_points_at_or_below_the_mean(tmp_path: Path) -> None:
    prices = {"A": 60000, "B": 100000, "C": 140000}  # mean £100,000
    _, scoring, _ = _price_only(tmp_path, "scored relative to mean", prices)
    assert _points_of(scoring) == {"A": Decimal("100.00"), "B": Decimal("100.00"), "C": Decimal("71.43")}
    assert scoring.lowest_price == 100000
    assert "against the mean price of passing bids, £100,000" in explain_bid(scoring, "C")


def test_a_total_above_the_maximum_under_an_unclamped_range_is_reported(tmp_path: Path) -> None:
    _, scoring, _ = _price_only(tmp_path, "scored linear from £80,000 to £120,000 unclamped",
                                {"Cheap": 60000, "Dear": 130000})
    assert points(scoring, "Cheap") == Decimal("150.00")
    text = report.to_markdown(scoring, _audit(scoring))
    assert "Cheap: the total of 150.00 points is above the maximum of 100" in text
    assert "Dear: the total of -25.00 points is below 0" in text
    data = json.loads(report.to_json(scoring, _audit(scoring)))
    assert [b.get("outside_0_to_100") for b in data["bids"]] == [True, True]


# ------------------------------------------------------------------------------------ abnormally low
ALP = "  abnormally low if at least 40% below the mean of the others or at least 30% below the next lowest, {action}\n"


def test_abnormally_low_tender_held_for_investigation_is_ranked_and_flagged_with_its_figures(tmp_path: Path) -> None:
    """Prozorro's ALP rule (ProzorroUKR/openprocurement.api awarding: 1 − amount/mean(others) ≥ 0.4, or
    1 − amount/next ≥ 0.3); the Procurement Act 2023 lets the buyer ask the supplier to explain."""
    _, scoring, _ = _price_only(tmp_path, "scored relative to lowest", {"A": 60000, "B": 100000, "C": 120000},
                                ALP.format(action="held for investigation"))
    a = scoring.bid("A")
    assert a is not None and a.rank == 1
    assert a.abnormally_low == ("£60,000 is 45.45% below the mean of the other prices (£110,000)",
                                "£60,000 is 40% below the next lowest price (£100,000)")
    text = report.to_markdown(scoring, _audit(scoring))
    assert "A: abnormally low price: £60,000 is 45.45% below" in text and "held for investigation" in text
    data = json.loads(report.to_json(scoring, _audit(scoring)))
    flags = data["bids"][0]["abnormally_low"]
    assert flags[0]["compared_with_exact"] == "110000" and flags[0]["below_exact"] == "5/11"
    assert data["bids"][1]["abnormally_low"] == []


def test_abnormally_low_tender_excluded_is_a_stage_of_the_report(tmp_path: Path) -> None:
    _, scoring, _ = _price_only(tmp_path, "scored relative to lowest", {"A": 60000, "B": 100000, "C": 120000},
                                ALP.format(action="excluded"))
    a = scoring.bid("A")
    assert a is not None and a.rank is None
    assert a.excluded == ("abnormally low price (the tender excludes abnormally low tenders)",)
    # the lowest price compared is the lowest of the bids that go on
    assert points(scoring, "B") == Decimal("100.00")
    assert scoring.stages == (("abnormally low prices", ("A",)),)
    assert "Stage 1, abnormally low prices: 2 of 3 bids go on; set aside: A." in report.to_markdown(
        scoring, _audit(scoring))


def test_a_price_exactly_at_the_abnormally_low_share_is_flagged(tmp_path: Path) -> None:
    _, scoring, _ = _price_only(tmp_path, "scored relative to lowest", {"A": 70000, "B": 100000},
                                "  abnormally low if at least 30% below the next lowest, held for investigation\n")
    assert scoring.bid("A").abnormally_low == ("£70,000 is 30% below the next lowest price (£100,000)",)  # type: ignore[union-attr]
    assert scoring.bid("B").abnormally_low == ()  # type: ignore[union-attr]


def test_equal_lowest_prices_are_not_abnormally_low_against_each_other(tmp_path: Path) -> None:
    _, scoring, _ = _price_only(tmp_path, "scored relative to lowest", {"A": 50000, "B": 50000, "C": 100000},
                                "  abnormally low if at least 30% below the next lowest, excluded\n")
    assert [b.abnormally_low for b in scoring.bids] == [(), (), ()]
    assert len(scoring.ranked) == 3


# ------------------------------------------------------------------------------------ rounding
SPLIT = '''tender split "Rounding"
  contract value £100,000 over 1 year
  criteria
    price 50%, scored relative to lowest
    social value 50%
  social value measures
    SV weight 100%
{extra}'''


def _split(tmp_path: Path, extra: str, sv: dict[str, str]) -> engine.Scoring:
    tender = write_tender(tmp_path, SPLIT.format(extra=extra))
    bids = [bid(name, tender, price=100000, social_value={"SV": Decimal(v)}) for name, v in sv.items()]
    scoring, diagnostics = engine.score(tender, bids)
    assert scoring is not None, diagnostics
    return scoring


def test_totals_shown_equal_but_ranked_apart_are_reported(tmp_path: Path) -> None:
    scoring = _split(tmp_path, "", {"A": "50.004", "B": "50.002"})
    assert [(b.bidder, b.rank) for b in scoring.ranked] == [("A", 1), ("B", 2)]
    b = scoring.bid("B")
    assert b is not None and b.shown_note == ("shown with the same total as A (75.00) but ranked below it on the "
                                              "exact totals (75.001 against 75.002); ranking is exact")
    assert "B: shown with the same total as A (75.00)" in report.to_markdown(scoring, _audit(scoring))


def test_rounding_totals_before_ranking_makes_a_tie_and_names_the_tie_break(tmp_path: Path) -> None:
    scoring = _split(tmp_path, "  round totals to 2 places before ranking\n  tie break drawing lots\n",
                     {"A": "50.004", "B": "50.002"})
    assert [b.rank for b in scoring.ranked] == [1, 1]
    assert scoring.bid("A").tie_note == "tied on every tie-break rule: drawing lots"  # type: ignore[union-attr]


def test_rounding_before_ranking_to_whole_points_ties_totals_shown_apart(tmp_path: Path) -> None:
    scoring = _split(tmp_path / "q", "  round totals to 0 places before ranking\n  tie break quality, social value\n",
                     {"A": "50.2", "B": "50.4"})
    # B's exact total is higher, yet both round to 75: social value breaks the tie, B first
    assert [b.bidder for b in scoring.ranked] == ["B", "A"]
    a = scoring.bid("A")
    assert a is not None and a.tie_note is not None and a.tie_note.startswith(
        "equal total when rounded to 0 places before ranking with B; tie broken by social value")
    assert a.shown_note is not None and "the tender rounds totals to 0 places before ranking" in a.shown_note
    assert json.loads(report.to_json(scoring, _audit(scoring)))["rank_places"] == 0


# ------------------------------------------------------------------------------------ staged evaluation
STAGED = '''tender staged "Quality threshold, shortlist, then price"
  contract value £100,000 over 1 year
  criteria
    price 50%, scored relative to lowest
    quality 50%, pass mark 50%
  quality questions
    question Q "Quality"
      weight 100%
      answer text
      scored by evaluators on scale tens
  shortlist the top 2 on quality, ties {ties}
  compare relative scores among passing bids
'''


def _staged(tmp_path: Path, ties: str, quality: dict[str, int], prices: dict[str, int]) -> engine.Scoring:
    tender = write_tender(tmp_path, STAGED.format(ties=ties))
    bids = [bid(name, tender, price=prices[name], quality={"Q": "answer"}) for name in quality]
    given = marks(tender, {(name, "Q"): q for name, q in quality.items()})
    scoring, diagnostics = engine.score(tender, bids, given)
    assert scoring is not None, diagnostics
    return scoring


@pytest.mark.parametrize(("ties", "expected"), [("included", ["A", "B", "C"]), ("excluded", ["A"])])
def test_staged_top_n_follows_the_stated_tie_policy(tmp_path: Path, ties: str, expected: list[str]) -> None:
    """Case staged_topn_tie_policy (verified; github escobar-david/bid_evaluation README_STAGED.md, on_tie for
    top_n): stage scores A 90, B 80, C 80, D 70, top 2 → include: A, B, C; exclude: A."""
    scoring = _staged(tmp_path, ties, {"A": 90, "B": 80, "C": 80, "D": 70},
                      {"A": 100000, "B": 100000, "C": 100000, "D": 50000})
    assert sorted(b.bidder for b in scoring.ranked) == expected
    d = scoring.bid("D")
    assert d is not None and d.excluded == ("not shortlisted: outside the top 2 on quality",)


def test_each_stage_is_in_the_report_and_price_is_compared_among_the_shortlist(tmp_path: Path) -> None:
    scoring = _staged(tmp_path, "included", {"A": 90, "B": 80, "E": 40, "D": 70},
                      {"A": 120000, "B": 100000, "E": 10000, "D": 50000})
    assert scoring.stages == (("quality threshold (pass marks)", ("E",)), ("shortlist on quality", ("D",)))
    # the cheapest bids were set aside before price: B's £100,000 is the lowest price compared
    assert points(scoring, "B", "price") == Decimal("50.00")
    text = report.to_markdown(scoring, _audit(scoring))
    assert "Stage 1, quality threshold (pass marks): 3 of 4 bids go on; set aside: E." in text
    assert "Stage 2, shortlist on quality: 2 of 4 bids go on; set aside: D." in text
    assert "Stage 3, ranking on the total: 2 bids ranked." in text
    data = json.loads(report.to_json(scoring, _audit(scoring)))
    assert data["stages"][-1] == {"stage": "ranking on the total", "ranked": ["B", "A"]}


def test_when_every_bid_is_excluded_the_explanation_says_so(tmp_path: Path) -> None:
    scoring = _staged(tmp_path, "included", {"A": 40, "B": 30}, {"A": 100000, "B": 100000})
    assert scoring.ranked == ()
    assert "Every bid is excluded: none is ranked, so no tender can be awarded on these bids." in explain_bid(
        scoring, "A")
    assert json.loads(report.to_json(scoring, _audit(scoring)))["all_excluded"] is True
    assert "Every bid is excluded" in report.print_table(scoring, _audit(scoring))


# ------------------------------------------------------------------------------------ sensitivity
TWO = '''tender two "Two bids"
  contract value £1,000 over 1 year
  criteria
    price 50%, scored relative to lowest
    quality 50%
  quality questions
    question Q "Quality"
      weight 100%
      answer text
      scored by evaluators on scale tens
'''


def _two(tmp_path: Path, quality: dict[str, int], prices: dict[str, int], body: str = TWO) -> engine.Scoring:
    tender = write_tender(tmp_path, body)
    bids = [bid(name, tender, price=prices[name], quality={"Q": "answer"}) for name in quality]
    scoring, _ = engine.score(tender, bids, marks(tender, {(n, "Q"): q for n, q in quality.items()}))
    assert scoring is not None
    return scoring


def test_tipping_weight_is_given_exactly_as_a_fraction_and_a_decimal(tmp_path: Path) -> None:
    """Case critical_quality_weight_two_bids (computed): A price 100, quality 0.60; B price 130, quality 0.75;
    w* = 0.6061 (tolerance 0.0005), exactly 20/33."""
    scoring = _two(tmp_path, {"A": 60, "B": 75}, {"A": 100, "B": 130})
    data = report.sensitivity_json(analyse(scoring))
    quality = next(t for t in data["tipping_points"] if t["criterion"] == "quality")
    assert quality["upper"] == {"exact": "20/33", "decimal": "0.606061", "percent": "60.61%"}
    assert quality["upper_winner"] == "B" and data["winner"] == "A"
    assert "price takes the rest" in quality["sentence"]
    assert [(x["criterion"], x["weight"]["exact"], x["above"], x["below"]) for x in data["crossings"]] == [
        ("price", "13/33", "A", "B"), ("quality", "20/33", "A", "B")]


def test_no_impossible_tipping_line_when_bids_cross_only_at_the_edge(tmp_path: Path) -> None:
    # Same price: the two bids meet only at a price weight of 100%, which no weight can rise above.
    scoring = _two(tmp_path, {"A": 70, "B": 60}, {"A": 100, "B": 100})
    sentences = analyse(scoring).sentences
    assert not any("above 100%" in s or "below 0%" in s for s in sentences)
    price = next(t for t in analyse(scoring).tipping_points if t.criterion == "price")
    assert price.sentence == "A wins whatever the price weight, from 0% to 100% (quality takes the rest)."


PQS = '''tender pqs "Price, quality and social value"
  contract value £250,000 over 1 year
  criteria
    price 60%, scored relative to lowest
    quality 30%
    social value 10%
  quality questions
    question Q "Quality"
      weight 100%
      answer text
      scored by evaluators on scale tens
  social value measures
    SV weight 100%
  compare relative scores among all bids
'''


def test_oat_weight_perturbation_gives_totals_and_every_rank_change(tmp_path: Path) -> None:
    """Case oat_weight_perturbation (computed; scikit-criteria criteria_one_at_time, δ = 0.2), follow-up on
    pq60_q30_sv10: price +20% gives Alpha 83.74, Beta 83.64, Gamma 83.90 and every bid changes rank."""
    tender = write_tender(tmp_path, PQS)
    given = {"Alpha": (250000, 70, 40), "Beta": (280000, 90, 80), "Gamma": (230000, 50, 20)}
    bids = [bid(n, tender, price=p, quality={"Q": "x"}, social_value={"SV": sv}) for n, (p, _, sv) in given.items()]
    scoring, _ = engine.score(tender, bids, marks(tender, {(n, "Q"): q for n, (_, q, _) in given.items()}))
    assert scoring is not None
    data = report.sensitivity_json(analyse(scoring))
    up = next(c for c in data["weight_changes"] if c["criterion"] == "price" and c["factor"] == "6/5")
    assert {w["criterion"]: w["percent"] for w in up["weights"]} == {"price": "72%", "quality": "21%",
                                                                     "social value": "7%"}
    totals = {t["bidder"]: Decimal(t["total"]) for t in up["totals"]}
    for name, value in {"Alpha": "83.74", "Beta": "83.64", "Gamma": "83.90"}.items():
        assert abs(totals[name] - Decimal(value)) <= Decimal("0.01")
    assert up["winner"] == "Gamma"
    assert {(r["bidder"], r["from"], r["to"]) for r in up["rank_changes"]} == {("Beta", 1, 3), ("Gamma", 3, 1)}
    assert "Ranks change: Beta 1 → 3, Gamma 3 → 1." in up["sentence"]


def test_mark_sensitivity_finds_the_smallest_mark_change_and_warns_within_one_scale_step(tmp_path: Path) -> None:
    scoring = _two(tmp_path, {"A": 70, "B": 80}, {"A": 100, "B": 105})
    result = analyse(scoring)
    assert result.marks is not None
    # B leads by 40 − 33.33 + ... a 10-mark step on Q is worth 5 points; the margin is smaller
    assert result.marks.step == Fraction(5)
    assert result.marks.warning is not None and result.marks.warning.startswith("Warning: B wins by")
    change = result.marks.change
    # one step of the consensus mark either way decides it: A's 70 up to 80 (found first, bidders by name)
    assert change is not None and (change.bidder, change.item, change.mark, change.to) == ("A", "Q", 70, 80)
    assert change.winner == "A"
    data = report.sensitivity_json(result)
    assert data["marks"]["change"] == {"bidder": "A", "item": "Q", "evaluator": None, "from": "70", "to": "80",
                                       "winner": "A"}
    assert data["marks"]["warning"] == result.marks.warning


def test_no_mark_warning_when_the_margin_is_wider_than_any_scale_step(tmp_path: Path) -> None:
    scoring = _two(tmp_path, {"A": 10, "B": 100}, {"A": 100, "B": 100})
    result = analyse(scoring)
    assert result.marks is not None and result.marks.warning is None


# ------------------------------------------------------------------------------------ moderation audit
MEAN = '''tender mod "Moderation audit"
  contract value £1,000 over 1 year
  criteria
    price 50%, scored relative to lowest
    quality 50%
  quality questions
    question Q "Quality"
      weight 100%
      answer text
      scored by evaluators on scale mbie
  moderation mean
'''


def _marks_file(tmp_path: Path, body: str) -> Path:
    path = tmp_path / "marks.yaml"
    path.write_text(body, encoding="utf-8")
    return path


def test_consensus_vs_mean_adjusted_mean_keeps_every_evaluator_mark_with_its_delta(tmp_path: Path) -> None:
    """Case consensus_vs_mean (computed; Oxford, Guelph, Cotiss: the average of adjusted scores, the original
    retained with its delta): E1 3 → 4 after discussion, E2 4, E3 4; mean before 3.6667, after 4.0; deltas
    E1 +1, E2 0, E3 0."""
    tender = write_tender(tmp_path / "spec", MEAN)
    path = _marks_file(tmp_path, '''tender: mod
marks:
  - bidder: A
    item: Q
    evaluators:
      E1: {mark: 3, reason: "Thin on mobilisation", adjusted: 4, adjusted_reason: "Agreed the plan names a lead"}
      E2: {mark: 4, reason: "Sound"}
      E3: {mark: 4, reason: "Sound"}
''')
    given, problems, _ = load_marks(path, tender, ["A"])
    assert given is not None and problems == []
    entry = given.get("A", "Q")
    assert entry is not None and entry.moderated == 4
    assert [e.mark for e in entry.evaluators] == [3, 4, 4]  # the original marks are never overwritten
    scoring, _ = engine.score(tender, [bid("A", tender, price=100, quality={"Q": "x"})], given)
    assert scoring is not None
    audit = json.loads(report.to_json(scoring, _audit(scoring)))["moderation_audit"]
    assert audit[0]["mean_of_original_marks_exact"] == "11/3"
    assert abs(Decimal(audit[0]["mean_of_original_marks"]) - Decimal("3.6667")) <= Decimal("0.01")
    assert audit[0]["moderated"] == "4"
    assert [(e["evaluator"], e["mark"], e["adjusted"], e["delta"]) for e in audit[0]["evaluators"]] == [
        ("E1", "3", "4", "+1"), ("E2", "4", None, "0"), ("E3", "4", None, "0")]
    text = report.to_markdown(scoring, _audit(scoring))
    assert "## Moderation audit" in text
    assert "| A | Q | E1 3, adjusted to 4 (Agreed the plan names a lead) (delta +1); E2 4 (delta 0); E3 4 (delta 0) |" \
        in text


def test_an_adjusted_mark_without_a_reason_is_warned_about(tmp_path: Path) -> None:
    tender = write_tender(tmp_path / "spec", MEAN)
    path = _marks_file(tmp_path, '''tender: mod
marks:
  - bidder: A
    item: Q
    evaluators:
      E1: {mark: 3, reason: "Thin", adjusted: 4}
''')
    given, problems, _ = load_marks(path, tender, ["A"])
    assert given is not None
    assert [d.code for d in problems] == ["marks/adjusted-without-reason"]
    assert problems[0].span is not None and problems[0].span.line == 6


def test_the_standalone_scorer_uses_the_adjusted_marks_as_the_engine_does(tmp_path: Path) -> None:
    tender = write_tender(tmp_path / "spec", MEAN)
    path = _marks_file(tmp_path, '''tender: mod
marks:
  - bidder: A
    item: Q
    evaluators:
      E1: {mark: 3, reason: "Thin", adjusted: 4, adjusted_reason: "Agreed"}
      E2: {mark: 4, reason: "Sound"}
''')
    module = _standalone(tender, tmp_path / "out")
    plan = module.load_plan(json.loads((tmp_path / "out" / "scoring.json").read_text(encoding="utf-8")))
    assert module.read_marks(str(path), plan)[("A", "Q", "mark")] == Fraction(4)


# ------------------------------------------------------------------------------------ the standalone scorer
def _standalone(tender: model.Tender, folder: Path) -> Any:
    emit(tender, folder)
    spec = importlib.util.spec_from_file_location(f"standalone_{folder.name}_{id(tender)}", folder / "scoring.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


@pytest.mark.parametrize("tender_text", [
    PRICE_ONLY.format(formula="scored by deviation from lowest", extra=ALP.format(action="excluded")),
    PRICE_ONLY.format(formula="scored relative to mean", extra="  round totals to 0 places before ranking\n"),
    PRICE_ONLY.format(formula="scored linear from £80,000 to £120,000 unclamped", extra=""),
])
def test_the_standalone_scorer_gives_the_engines_results_for_the_new_methods(tmp_path: Path, tender_text: str) -> None:
    tender = write_tender(tmp_path / "spec", tender_text)
    module = _standalone(tender, tmp_path / "out")
    prices = {"A": 60000, "B": 100000, "C": 120000, "D": 100000.4, "E": 200000}
    bids = [bid(n, tender, price=p) for n, p in prices.items()]
    scoring, _ = engine.score(tender, bids)
    assert scoring is not None
    plan = module.load_plan(json.loads((tmp_path / "out" / "scoring.json").read_text(encoding="utf-8")))
    rows = module.results_table(module.score(plan, [module.BidInput(bidder=n, price=Decimal(str(p)))
                                                    for n, p in prices.items()]))
    assert [(r["rank"], r["bidder"], r["total"]) for r in rows] == [
        (r["rank"], r["bidder"], r["total"]) for r in report.rows(scoring)]


# ------------------------------------------------------------------------------------ price per quality point
PPQP = '''tender ppqp "Price per quality point"
  contract value £100,000 over 1 year
  criteria
    quality 80%
    social value 20%
  quality questions
    question Q "Quality"
      weight 100%
      answer text
      scored by evaluators on scale tens
  social value measures
    SV weight 100%
  award by price per quality point
'''


def _ppqp(tmp_path: Path, given: dict[str, tuple[int, int, int]]) -> engine.Scoring:
    tender = write_tender(tmp_path, PPQP)
    bids = [bid(n, tender, price=p, quality={"Q": "x"}, social_value={"SV": sv}) for n, (p, _, sv) in given.items()]
    scoring, diagnostics = engine.score(tender, bids, marks(tender, {(n, "Q"): q for n, (_, q, _) in given.items()}))
    assert scoring is not None, [d.message for d in diagnostics]
    return scoring


def test_price_per_quality_point_ranks_the_lowest_price_per_point_first(tmp_path: Path) -> None:
    """Price per quality point (Cabinet Office Bid Evaluation Guidance Note §7.3; Victoria's cost-effectiveness
    ratio, cost ÷ score, lowest wins): A £100,000 ÷ 74 points = £1,351.35; B £90,000 ÷ 58 = £1,551.72."""
    scoring = _ppqp(tmp_path, {"A": (100000, 80, 50), "B": (90000, 60, 50), "C": (50000, 0, 0)})
    assert [b.bidder for b in scoring.ranked] == ["A", "B"]  # the dearer bid wins on value per point
    a = scoring.bid("A")
    assert a is not None and a.price_per_point == Fraction(100000, 74)
    assert scoring.bid("C").excluded == (  # type: ignore[union-attr]
        "no points of quality or social value, so it has no price per quality point",)
    assert "Price per quality point: £100,000 ÷ 74.00 points = £1,351.35 per point" in explain_bid(scoring, "A")
    text = report.to_markdown(scoring, _audit(scoring))
    assert "Award by price per quality point: each price ÷ its total points, the lowest wins: A £1,351.35, " \
           "B £1,551.72 per point." in text
    data = json.loads(report.to_json(scoring, _audit(scoring)))
    assert data["award"] == "price per quality point"
    assert data["bids"][0]["price_per_quality_point_exact"] == "50000/37"


def test_a_bid_to_a_price_per_quality_point_tender_must_give_its_price(tmp_path: Path) -> None:
    tender = write_tender(tmp_path, PPQP)
    scoring, problems = engine.score(tender, [bid("A", tender, quality={"Q": "x"}, social_value={"SV": 1})],
                                     marks(tender, {("A", "Q"): 50}))
    assert scoring is None and [d.code for d in problems] == ["score/missing-price"]
    from svspec.emit.schema import bid_schema

    assert "price" in bid_schema(tender)["required"]


def test_the_standalone_scorer_ranks_by_price_per_quality_point_as_the_engine_does(tmp_path: Path) -> None:
    text = PPQP.replace("scored by evaluators on scale tens", "scored yes or no")
    tender = write_tender(tmp_path / "spec", text.replace("answer text", "answer yes or no"))
    module = _standalone(tender, tmp_path / "out")
    given = {"A": (100000, True, 50), "B": (90000, True, 60), "C": (70000, False, 10)}
    bids = [bid(n, tender, price=p, quality={"Q": q}, social_value={"SV": sv}) for n, (p, q, sv) in given.items()]
    scoring, _ = engine.score(tender, bids)
    assert scoring is not None
    plan = module.load_plan(json.loads((tmp_path / "out" / "scoring.json").read_text(encoding="utf-8")))
    inputs = [module.BidInput(bidder=n, price=Decimal(p), answers={"Q": q, "SV": Decimal(sv)})
              for n, (p, q, sv) in given.items()]
    rows = module.results_table(module.score(plan, inputs))
    assert [(r["rank"], r["bidder"]) for r in rows] == [(b.rank, b.bidder) for b in scoring.bids]
    assert rows[0]["price_per_point"] == "978.26"  # £90,000 ÷ 92 points (80 for yes, 12 for 60 of 100)


# ------------------------------------------------------------------------------------ properties
@pytest.fixture(scope="module")
def methods_scorer(tmp_path_factory: pytest.TempPathFactory) -> tuple[model.Tender, Any]:
    folder = tmp_path_factory.mktemp("methods")
    text = PRICE_ONLY.format(formula="scored by deviation from lowest",
                             extra=ALP.format(action="held for investigation")
                             + "  round totals to 1 places before ranking\n  tie break price, drawing lots\n")
    tender = write_tender(folder / "spec", text)
    return tender, _standalone(tender, folder / "out")


@settings(max_examples=40, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(st.integers(min_value=1, max_value=400), min_size=2, max_size=8))
def test_the_standalone_scorer_equals_the_engine_on_the_new_methods_with_ties_and_near_ties(
        methods_scorer: tuple[model.Tender, Any], cents: list[int]) -> None:
    """Prices a few pence apart (near-ties once rounded) and equal (ties) rank the same in both scorers."""
    tender, module = methods_scorer
    prices = {f"B{i}": Decimal(100000) + Decimal(c) / 100 for i, c in enumerate(cents)}
    scoring, _ = engine.score(tender, [bid(n, tender, price=p) for n, p in prices.items()])
    assert scoring is not None
    plan = module.load_plan(json.loads(json.dumps(portable(tender))))
    rows = module.results_table(module.score(plan, [module.BidInput(bidder=n, price=p) for n, p in prices.items()]))
    assert [(r["rank"], r["bidder"], r["total"]) for r in rows] == [
        (r["rank"], r["bidder"], r["total"]) for r in report.rows(scoring)]
    flagged = [b.bidder for b in scoring.bids if b.abnormally_low]
    assert flagged == []  # prices within 4 pounds of each other are never 30% apart


# ------------------------------------------------------------------------------------ svspec diff
def test_a_change_of_evaluation_method_is_a_scoring_change_in_the_diff(tmp_path: Path) -> None:
    from svspec.diff import compare

    before = write_tender(tmp_path / "a", PRICE_ONLY.format(formula="scored linear from £80,000 to £120,000",
                                                            extra=""))
    after = write_tender(tmp_path / "b", PRICE_ONLY.format(
        formula="scored linear from £80,000 to £120,000 unclamped",
        extra=ALP.format(action="excluded") + "  round totals to 2 places before ranking\n"))
    reasons = {c.reason: c.kind for c in compare(before, after).changes}
    assert reasons == {
        "criterion price's price formula changed from linear from £80,000 to £120,000 to linear from £80,000 to "
        "£120,000 unclamped": "scoring",
        "the abnormally low test changed from none to at least 40% below the mean of others or at least 30% below "
        "the next lowest, excluded": "scoring",
        "the ranking changed from exact to rounded to 2 places": "scoring"}


# ------------------------------------------------------------------------------------ guidance for bidders
def test_the_guidance_site_tells_bidders_the_formula_and_the_methods(tmp_path: Path) -> None:
    from svspec.emit.site import _criteria

    tender = write_tender(tmp_path / "a", PRICE_ONLY.format(formula="scored by deviation from lowest",
                                                            extra=ALP.format(action="held for investigation")))
    (price,) = _criteria(tender)
    assert "twice the lowest or more scores none" in price.detail
    assert ("A price at least 40% below the mean of the other prices or at least 30% below the next lowest price is "
            "abnormally low and is investigated: you will be asked to explain it.") in price.detail
    ppqp = write_tender(tmp_path / "b", PPQP)
    assert "lowest price per point" in _criteria(ppqp)[0].detail


def test_every_price_formula_of_the_model_has_its_arithmetic_in_the_core() -> None:
    import typing

    from svspec.scoring.core import PRICE_FORMULAS

    hint = typing.get_type_hints(model.Criterion)["price_formula"]
    names = {a for arg in typing.get_args(hint) for a in (typing.get_args(arg) or (arg,)) if isinstance(a, str)}
    assert names == set(PRICE_FORMULAS)


def test_a_total_above_the_maximum_from_an_unclamped_item_rule_is_reported(tmp_path: Path) -> None:
    tender = write_tender(tmp_path, '''tender over "Unclamped measure"
  contract value £1,000 over 1 year
  criteria
    social value 100%
  social value measures
    JOBS weight 100%, scored linear from 0 FTE to 10 FTE unclamped
''')
    scoring, _ = engine.score(tender, [bid("A", tender, social_value={"JOBS": 15})])
    assert scoring is not None and points(scoring, "A") == Decimal("150.00")
    assert ("A: the total of 150.00 points is above the maximum of 100: the tender's unclamped rules score beyond "
            "full points and below none.") in report.print_table(scoring, _audit(scoring), width=400)


def test_sensitivity_of_a_price_per_quality_point_award_claims_no_weighted_total_tipping_points(
        tmp_path: Path) -> None:
    scoring = _ppqp(tmp_path, {"A": (100000, 80, 50), "B": (90000, 60, 50)})
    result = analyse(scoring)
    assert result.winner == "A" and result.tipping_points == () and result.changes == ()
    assert result.notes[0].startswith("This tender awards by price per quality point")
    assert result.marks is not None and result.marks.change is not None
    assert result.marks.change.winner == "B" and result.marks.warning is None


def test_mark_sensitivity_moves_the_mark_that_counts_an_adjusted_one_when_there_is_one(tmp_path: Path) -> None:
    """Regression: under mean moderation the other evaluators' adjusted marks stay in the mean when one mark moves."""
    tender = write_tender(tmp_path / "spec", MEAN)
    path = _marks_file(tmp_path, '''tender: mod
marks:
  - bidder: A
    item: Q
    evaluators:
      E1: {mark: 4, reason: "Good"}
      E2: {mark: 2, reason: "Weak", adjusted: 4, adjusted_reason: "Agreed at moderation"}
  - bidder: B
    item: Q
    evaluators:
      E1: {mark: 3, reason: "Acceptable"}
      E2: {mark: 4, reason: "Good"}
''')
    given, _, _ = load_marks(path, tender, ["A", "B"])
    bids = [bid(n, tender, price=100, quality={"Q": "x"}) for n in ("A", "B")]
    scoring, _ = engine.score(tender, bids, given)
    assert scoring is not None and scoring.winner is not None and scoring.winner.bidder == "A"
    change = analyse(scoring).marks.change  # type: ignore[union-attr]
    # one step of one mark (4 → 3, or B's 3 → 4) ties the two; read from the original 2 it would hand B the win
    assert change is not None and abs(change.to - change.mark) == 1 and change.winner is None
