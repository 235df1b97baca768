"""Minimums on evaluator-marked items (issue 9 item 6, issue 12 item 1), each with its source.

- PPN 002: "a specific, measurable, time-bound commitment is the minimum to score" (`minimum` on a
  question scored by evaluators: a lower mark scores nothing for that question);
- "a mark of 0 on any question excludes the bid" and "a mark below 2 on any question excludes the
  bid" (`any mark of 0 excludes the bid`, `any mark below 2 excludes the bid`);
- "0 on any question scores 0 for the criterion" (`any mark of 0 scores nothing for the criterion`);
- a gate on a marked question (`gate at least 2`).

Before, `minimum` and `gate` refused text answers. Each expected figure is worked out by hand here.
"""

from __future__ import annotations

import json
import subprocess
import sys
from fractions import Fraction
from pathlib import Path

from svspec import model
from svspec.emit.scoring_model import emit
from svspec.scoring import engine, report
from svspec.scoring.explain import explain_bid
from tests.scoring.helpers import bid, marks, write_tender

TEXT = "Our plan, with named people and dates."


def tender_with(tmp_path: Path, quality_option: str = "", q1_modifier: str = "") -> model.Tender:
    return write_tender(tmp_path, f'''tender minimums "Minimums on marks"
  contract value £1,000,000 over 2 years
  criteria
    price 50%, scored relative to lowest
    quality 50%{quality_option}
  quality questions
    question Q1 "Commitments"
      weight 50%
      answer text up to 500 words
      scored by evaluators on scale mbie{q1_modifier}
    question Q2 "Delivery plan"
      weight 50%
      answer text up to 500 words
      scored by evaluators on scale mbie
''')


def score(tender: model.Tender, given: dict[str, tuple[int, int]]) -> engine.Scoring:
    bids = [bid(name, tender, price=100000, quality={"Q1": TEXT, "Q2": TEXT}) for name in given]
    mark_table = {(name, code): m for name, pair in given.items() for code, m in zip(("Q1", "Q2"), pair, strict=True)}
    scoring, problems = engine.score(tender, bids, marks(tender, mark_table))
    assert scoring is not None, [d.message for d in problems]
    return scoring


def quality_points(scoring: engine.Scoring, bidder: str) -> Fraction:
    found = scoring.bid(bidder)
    assert found is not None
    criterion = found.criterion("quality")
    assert criterion is not None
    return criterion.points


def test_ppn002_a_mark_below_the_minimum_to_score_scores_nothing(tmp_path: Path) -> None:
    tender = tender_with(tmp_path, q1_modifier=", minimum 3")
    scoring = score(tender, {"Below": (2, 5), "At": (3, 5)})
    # Below: Q1 2 < 3 scores 0; Q2 5/5 → quality (0 + 1)/2 × 50 = 25. At: (3/5 + 1)/2 × 50 = 40.
    assert quality_points(scoring, "Below") == 25
    assert quality_points(scoring, "At") == 40
    below = scoring.bid("Below")
    assert below is not None and "a mark of 2, below the minimum mark of 3, so 0%" in below.items[0].sentence


def test_ppn002_minimum_is_worded_with_its_level_for_bidders(tmp_path: Path) -> None:
    from svspec.scoring.explain import describe_rule

    tender = tender_with(tmp_path, q1_modifier=", minimum 3")
    question = tender.questions[0]
    words = describe_rule(question.scoring, question, {s.name: s for s in tender.framework.scales})
    assert "A mark of at least 3 (“Acceptable”) is the minimum to score; a lower mark scores nothing." in words


def test_a_mark_of_0_on_any_question_excludes_the_bid_with_its_reason(tmp_path: Path) -> None:
    tender = tender_with(tmp_path, quality_option=", any mark of 0 excludes the bid")
    scoring = score(tender, {"Zero": (5, 0), "Fine": (1, 1)})
    zero = scoring.bid("Zero")
    assert zero is not None and zero.rank is None
    reason = "a mark of 0 on Q2 (any mark of 0 excludes the bid)"
    assert zero.excluded == (reason,)
    fine = scoring.bid("Fine")
    assert fine is not None and fine.rank == 1
    assert reason in explain_bid(scoring, "Zero")
    audit = report.Audit(svspec_version="x", tender="minimums", tender_version=None, specs=(), bids=(), marks=None)
    data = json.loads(report.to_json(scoring, audit))
    assert next(b for b in data["bids"] if b["bidder"] == "Zero")["excluded"] == [reason]
    assert reason in report.to_csv(scoring)


def test_a_mark_below_2_on_any_question_excludes_the_bid(tmp_path: Path) -> None:
    tender = tender_with(tmp_path, quality_option=", any mark below 2 excludes the bid")
    scoring = score(tender, {"One": (1, 5), "Two": (2, 2)})
    one, two = scoring.bid("One"), scoring.bid("Two")
    assert one is not None and one.rank is None
    assert one.excluded == ("a mark of 1 on Q1 (any mark below 2 excludes the bid)",)
    assert two is not None and two.rank == 1


def test_0_on_any_question_scores_0_for_the_criterion_and_the_bid_stays_ranked(tmp_path: Path) -> None:
    tender = tender_with(tmp_path, quality_option=", any mark of 0 scores nothing for the criterion")
    scoring = score(tender, {"Zero": (5, 0), "Fine": (1, 1)})
    zero = scoring.bid("Zero")
    assert zero is not None and zero.rank == 2
    # Without the rule Zero's quality would be (1 + 0)/2 × 50 = 25 points, above Fine's (1/5 + 1/5)/2 × 50 = 10.
    assert quality_points(scoring, "Zero") == 0 and quality_points(scoring, "Fine") == 10
    assert zero.total == 50 and scoring.bid("Fine").total == 60  # type: ignore[union-attr]
    reason = "a mark of 0 on Q2 (any mark of 0 scores nothing for the criterion)"
    assert f"it scores nothing because of {reason}" in explain_bid(scoring, "Zero")
    audit = report.Audit(svspec_version="x", tender="minimums", tender_version=None, specs=(), bids=(), marks=None)
    data = json.loads(report.to_json(scoring, audit))
    quality = next(c for c in next(b for b in data["bids"] if b["bidder"] == "Zero")["criteria"]
                   if c["kind"] == "quality")
    assert quality["scores_nothing"] == reason and quality["points"] == "0.00"
    assert f"quality scores nothing: {reason}" in report.to_csv(scoring)


def test_a_gate_on_a_marked_question_excludes_a_bid_marked_below_it(tmp_path: Path) -> None:
    tender = tender_with(tmp_path, q1_modifier=", gate at least 2")
    scoring = score(tender, {"Low": (1, 5), "High": (2, 0)})
    low = scoring.bid("Low")
    assert low is not None and low.rank is None
    assert low.excluded == ("fails the gate on Q1: a mark of 1, below 2",)


def test_standalone_scoring_py_excludes_and_zeroes_the_same_bids(tmp_path: Path) -> None:
    tender = tender_with(tmp_path / "spec", quality_option=", any mark of 1 excludes the bid, "
                         "any mark of 0 scores nothing for the criterion")
    emit(tender, tmp_path / "out")
    given = {"Acme": (1, 5), "Brix": (5, 0), "Cole": (3, 4)}
    files = []
    for name in given:
        path = tmp_path / f"{name}.yaml"
        path.write_text(f'bidder: "{name}"\ntender: minimums\nprice: 100000\nquality:\n  Q1: "{TEXT}"\n'
                        f'  Q2: "{TEXT}"\n', encoding="utf-8")
        files.append(str(path))
    lines = ["tender: minimums", "marks:"]
    for name, pair in given.items():
        for code, mark in zip(("Q1", "Q2"), pair, strict=True):
            lines += [f'  - bidder: "{name}"', f"    item: {code}", "    evaluators:",
                      f'      E1: {{mark: {mark}, reason: "r"}}', f'    consensus: {{mark: {mark}, reason: "r"}}']
    (tmp_path / "marks.yaml").write_text("\n".join(lines) + "\n", encoding="utf-8")
    run = subprocess.run([sys.executable, str(tmp_path / "out" / "scoring.py"), "--json", "--marks",
                          str(tmp_path / "marks.yaml"), *files],
                         capture_output=True, text=True, timeout=60, check=False)
    assert run.returncode == 0, run.stderr
    rows = {r["bidder"]: r for r in json.loads(run.stdout)}
    scoring = score(tender, given)
    for b in scoring.bids:
        assert rows[b.bidder]["rank"] == b.rank
        assert rows[b.bidder]["quality"] == f"{float(b.criterion('quality').points):.2f}"  # type: ignore[union-attr]
    assert rows["Acme"]["outcome"] == "excluded: a mark of 1 on Q1 (any mark of 1 excludes the bid)"
    assert rows["Brix"]["outcome"] == "ranked; quality scores nothing: " + scoring.bid("Brix").criterion(  # type: ignore[union-attr]
        "quality").zeroed
    assert rows["Brix"]["quality"] == "0.00" and rows["Cole"]["rank"] == 1


def test_the_guidance_site_tells_bidders_what_one_mark_does(tmp_path: Path) -> None:
    from svspec.emit.site import render

    tender = tender_with(tmp_path, quality_option=", any mark below 2 excludes the bid, "
                         "any mark of 0 scores nothing for the criterion")
    files, diagnostics = render(tender)
    assert files is not None, diagnostics
    pages = "\n".join(data.decode("utf-8") for name, data in files.items() if name.endswith(".md"))
    assert "A mark below 2 on any of its evaluator-marked items excludes the bid." in pages
    assert "A mark of 0 on any of its evaluator-marked items means the bid scores nothing for quality." in pages
