"""Whole points per question (issue 12 item 3): a tender may state that each question's and measure's
points out of 100 are rounded before its weight is applied; the engine, the standalone scorer, the
explanations and every report follow it, and exact scoring stays the default."""

from __future__ import annotations

import importlib.util
import json
import sys
from decimal import Decimal
from fractions import Fraction
from pathlib import Path

import pytest

import svspec
from svspec.emit.scoring_model import emit
from svspec.scoring import engine, report
from svspec.scoring.explain import explain_bid
from tests.scoring.helpers import bid, points, write_tender

ROUNDED = "  round points per question to whole points before weighting\n"

SPLIT = '''tender split "Price and a measure"
  contract value £100,000 over 1 year
  criteria
    price 50%, scored relative to lowest
    social value 50%
  social value measures
    SV weight 100%
{extra}'''

# A 50.4 and B 50.6 points on SV; B's price is £100.50 against A's £100.
FLIP = {"A": (100, "50.4"), "B": ("100.5", "50.6")}


def _score(tmp_path: Path, extra: str, given: dict[str, tuple[object, str]]) -> engine.Scoring:
    tender = write_tender(tmp_path, SPLIT.format(extra=extra))
    bids = [bid(name, tender, price=p, social_value={"SV": Decimal(v)}) for name, (p, v) in given.items()]
    scoring, diagnostics = engine.score(tender, bids)
    assert scoring is not None, [d.message for d in diagnostics]
    return scoring


def test_exact_points_per_question_stay_the_default(tmp_path: Path) -> None:
    scoring = _score(tmp_path, "", FLIP)
    a = scoring.bid("A")
    assert a is not None and a.items[0].points == Fraction("50.4") and a.items[0].unrounded is None
    assert [b.bidder for b in scoring.ranked] == ["A", "B"]  # 75.20 against 75.05


def test_whole_points_per_question_round_each_measure_before_its_weight_and_can_change_the_winner(
        tmp_path: Path) -> None:
    """Derived case (the stated rule of issue 12 item 3, "whole points per question"): A's 50.4 points
    become 50 and B's 50.6 become 51 before the 50% weight, so B (75.25) overtakes A (75.00)."""
    scoring = _score(tmp_path, ROUNDED, FLIP)
    a, b = scoring.bid("A"), scoring.bid("B")
    assert a is not None and b is not None
    assert (a.items[0].points, b.items[0].points) == (50, 51)
    assert (a.items[0].unrounded, b.items[0].unrounded) == (Fraction("0.504"), Fraction("0.506"))
    assert points(scoring, "A") == Decimal("75.00") and points(scoring, "B") == Decimal("75.25")
    assert [x.bidder for x in scoring.ranked] == ["B", "A"]


def test_halves_round_away_from_zero_per_question(tmp_path: Path) -> None:
    scoring = _score(tmp_path, ROUNDED, {"A": (100, "50.5"), "B": (100, "50.49")})
    assert [scoring.bid(n).items[0].points for n in ("A", "B")] == [51, 50]  # type: ignore[union-attr]


def test_relative_to_the_best_commitment_in_whole_points(tmp_path: Path) -> None:
    """Case social_value_quantitative_relative_to_max (tests/scoring/test_reference_cases.py: points =
    max_points × commitment / max(commitment)), with whole points per question: 2 of the best 3
    apprenticeships is 66.67 points, rounded to 67 of 100, so 6.70 of the 10 social value points."""
    tender = write_tender(tmp_path, '''tender app "Apprenticeships"
  contract value £100,000 over 1 year
  criteria
    price 90%, scored relative to lowest
    social value 10%
  social value measures
    APP weight 100%
  round points per question to whole points before weighting
''')
    bids = [bid(n, tender, price=100, social_value={"APP": v}) for n, v in (("Alpha", 2), ("Beta", 3), ("Gamma", 1))]
    scoring, _ = engine.score(tender, bids)
    assert scoring is not None
    assert {b.bidder: points(scoring, b.bidder, "social value") for b in scoring.bids} == {
        "Alpha": Decimal("6.70"), "Beta": Decimal("10.00"), "Gamma": Decimal("3.30")}


def test_the_explanation_gives_the_points_before_and_after_the_stated_rounding(tmp_path: Path) -> None:
    text = explain_bid(_score(tmp_path, ROUNDED, FLIP), "A")
    assert "gives 50.4% → 50.00 of 100 points (50.4 before rounding to whole points per question, " \
           "as the tender states) → × 100% of social value × 50% of the total = 25.00 points" in text


def test_reports_state_the_rounding_per_question_in_the_audit_and_the_json(tmp_path: Path) -> None:
    scoring = _score(tmp_path, ROUNDED, FLIP)
    audit = report.make_audit(scoring, {}, [], None)
    assert audit.rounding == ("exact fractions; points per question rounded to whole points before weighting, as "
                              "the tender states; ranked on exact values; figures rounded to 2 decimal places, "
                              "ROUND_HALF_UP")
    data = json.loads(report.to_json(scoring, audit))
    assert data["item_places"] == 0 and data["audit"]["rounding"] == audit.rounding
    assert "| rounding | exact fractions; points per question rounded to whole points" in \
        report.to_markdown(scoring, audit)


def test_the_standalone_scorer_rounds_per_question_as_the_engine_does(tmp_path: Path) -> None:
    scoring = _score(tmp_path / "spec", ROUNDED, FLIP)
    emit(scoring.tender, tmp_path / "out")
    assert json.loads((tmp_path / "out" / "scoring.json").read_text(encoding="utf-8"))["item_places"] == 0
    spec = importlib.util.spec_from_file_location("whole_points_scoring", tmp_path / "out" / "scoring.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules["whole_points_scoring"] = module  # dataclasses look their module up while the file runs
    spec.loader.exec_module(module)
    inputs = [module.BidInput(bidder=b.bidder, price=b.price, answers=dict(b.social_value))
              for b in (bid(n, scoring.tender, price=p, social_value={"SV": Decimal(v)}) for n, (p, v) in FLIP.items())]
    theirs = module.score(module.load_plan(module.MODEL), inputs)
    assert [theirs.bidders[i] for i in theirs.order] == ["B", "A"]
    assert [theirs.totals[i] for i in theirs.order] == [b.total for b in scoring.ranked]


@pytest.mark.parametrize("line", [ROUNDED, "  round points per question to 1 places before weighting\n"])
def test_the_formatter_keeps_the_rounding_line(line: str) -> None:
    from svspec.syntax.formatter import format_text

    assert line in format_text(SPLIT.format(extra=line))


@pytest.mark.parametrize(("places", "code"), [("7", "bad-item-rounding-places"),
                                              ("1.5", "bad-item-rounding-places"),
                                              ("3", "item-rounding-finer-than-shown")])
def test_rounding_per_question_to_places_nobody_can_use_is_reported(tmp_path: Path, places: str, code: str) -> None:
    tmp_path.mkdir(parents=True, exist_ok=True)
    (tmp_path / "svspec.toml").write_text("", encoding="utf-8")
    from tests.scoring.helpers import FRAMEWORK

    (tmp_path / "fw.svspec").write_text(FRAMEWORK, encoding="utf-8")
    lines = SPLIT.format(extra=f"  round points per question to {places} places before weighting\n").splitlines()
    (tmp_path / "t.svspec").write_text("\n".join([lines[0], '  uses testfw 1 from "fw.svspec"', *lines[1:]]) + "\n",
                                       encoding="utf-8")
    result = svspec.load(tmp_path / "t.svspec")
    found = [d for d in result.diagnostics if d.code == code]
    assert found, [d.code for d in result.diagnostics]
    assert found[0].span is not None and found[0].span.line == 9


def test_stating_the_rounding_per_question_twice_is_refused(tmp_path: Path) -> None:
    (tmp_path / "svspec.toml").write_text("", encoding="utf-8")
    from tests.scoring.helpers import FRAMEWORK

    (tmp_path / "fw.svspec").write_text(FRAMEWORK, encoding="utf-8")
    lines = SPLIT.format(extra=ROUNDED + ROUNDED).splitlines()
    (tmp_path / "t.svspec").write_text("\n".join([lines[0], '  uses testfw 1 from "fw.svspec"', *lines[1:]]) + "\n",
                                       encoding="utf-8")
    assert not svspec.load(tmp_path / "t.svspec").ok


def test_the_tender_site_says_points_per_question_are_rounded(tmp_path: Path) -> None:
    from tests.site.helpers import generate_site

    write_tender(tmp_path, SPLIT.format(extra=ROUNDED))
    assert generate_site(tmp_path / "tender.svspec", tmp_path / "site").ok
    page = (tmp_path / "site" / "docs" / "scoring.md").read_text(encoding="utf-8")
    assert "Each question's and measure's points out of 100 are rounded to whole points before its weight." in page


def test_svspec_diff_reports_a_change_of_the_rounding_per_question(tmp_path: Path) -> None:
    from svspec.diff import compare

    old = write_tender(tmp_path / "old", SPLIT.format(extra=""))
    new = write_tender(tmp_path / "new", SPLIT.format(extra=ROUNDED))
    reasons = [c.reason for c in compare(old, new).changes]
    assert "the points per question changed from exact to rounded to 0 places before weighting" in reasons
