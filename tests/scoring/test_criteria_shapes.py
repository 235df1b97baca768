"""Criteria as councils write them (issue 9 item 5): social value nested within quality (Essex:
"up to 20% within quality"), maximum and exact shares, and one outcome per contract (PPN 002, item 7).

Expected figures are worked out by hand in each test, independently of the engine.
"""

from __future__ import annotations

import json
import subprocess
import sys
from fractions import Fraction
from pathlib import Path

import svspec
from svspec import model
from svspec.emit.scoring_model import emit
from svspec.scoring import engine
from svspec.scoring.explain import explain_bid
from svspec.scoring.portable import portable
from tests.scoring.helpers import bid, marks, write_tender

NESTED = '''tender nested "Social value within quality"
  contract value £1,000,000 over 2 years
  criteria
    price 60%, scored relative to lowest
    quality 40%
    social value 20%, within quality
  quality questions
    question Q1 "Delivery plan"
      weight 100%
      answer text up to 500 words
      scored by evaluators on scale mbie
  social value measures
    SV weight 100%
'''


def scored(tender: model.Tender) -> engine.Scoring:
    bids = [bid("A", tender, price=100, quality={"Q1": "Plan A"}, social_value={"SV": 50}),
            bid("B", tender, price=200, quality={"Q1": "Plan B"}, social_value={"SV": 100})]
    scoring, problems = engine.score(tender, bids, marks(tender, {("A", "Q1"): 5, ("B", "Q1"): 3}))
    assert scoring is not None, [d.message for d in problems]
    return scoring


def test_essex_social_value_within_quality_takes_its_share_of_qualitys_weight(tmp_path: Path) -> None:
    tender = write_tender(tmp_path, NESTED)
    weights = {c.kind: c.weight for c in tender.criteria}
    # Quality 40% of which social value 20%: social value 8% of the total, quality's questions 32%.
    assert weights == {"price": Fraction(60, 100), "quality": Fraction(32, 100), "social value": Fraction(8, 100)}
    scoring = scored(tender)
    # A: price 60 × 100/100 = 60, quality 32 × 5/5 = 32, social value 8 × 50/100 = 4 → 96.
    # B: price 60 × 100/200 = 30, quality 32 × 3/5 = 19.2, social value 8 × 100/100 = 8 → 57.2.
    totals = {b.bidder: b.total for b in scoring.bids}
    assert totals == {"A": 96, "B": Fraction(572, 10)}
    assert "Social value: 50% of its points → 4.00 of 8.00 points (20% within quality)" in explain_bid(scoring, "A")


def test_nesting_is_carried_into_scoring_json_and_scoring_py_agrees(tmp_path: Path) -> None:
    tender = write_tender(tmp_path / "spec", NESTED)
    entry = next(c for c in portable(tender)["criteria"] if c["kind"] == "social value")
    assert (entry["weight"], entry["within"], entry["share"]) == ("0.08", "quality", "0.2")
    emit(tender, tmp_path / "out")
    files = []
    for name, price, sv in (("A", 100, 50), ("B", 200, 100)):
        path = tmp_path / f"{name}.yaml"
        path.write_text(f'bidder: "{name}"\ntender: nested\nprice: {price}\nquality:\n  Q1: "Plan {name}"\n'
                        f"social_value:\n  SV: {sv}\nevidence:\n  SV: [sheet.pdf]\n", encoding="utf-8")
        files.append(str(path))
    lines = ["tender: nested", "marks:"]
    for name, mark in (("A", 5), ("B", 3)):
        lines += [f'  - bidder: "{name}"', "    item: Q1", "    evaluators:",
                  f'      E1: {{mark: {mark}, reason: "r"}}', f'    consensus: {{mark: {mark}, reason: "r"}}']
    (tmp_path / "marks.yaml").write_text("\n".join(lines) + "\n", encoding="utf-8")
    run = subprocess.run([sys.executable, str(tmp_path / "out" / "scoring.py"), "--json", "--marks",
                          str(tmp_path / "marks.yaml"), *files],
                         capture_output=True, text=True, timeout=60, check=False)
    assert run.returncode == 0, run.stderr
    rows = {r["bidder"]: r for r in json.loads(run.stdout)}
    assert (rows["A"]["total"], rows["B"]["total"]) == ("96.00", "57.20")
    assert (rows["B"]["quality"], rows["B"]["social value"]) == ("19.20", "8.00")


def test_the_policy_minimum_is_checked_against_the_nested_share_of_the_total(tmp_path: Path) -> None:
    """PPN 06/20's 10% minimum is of the total: 20% within a 40% quality criterion is only 8%."""
    tmp_path.mkdir(parents=True, exist_ok=True)
    (tmp_path / "svspec.toml").write_text("[project]\nname = \"test\"\n", encoding="utf-8")
    from tests.scoring.helpers import FRAMEWORK

    (tmp_path / "fw.svspec").write_text(FRAMEWORK.replace("  version 1\n", "  version 1\n  policy\n"
                                                          "    social value at least 10%\n", 1), encoding="utf-8")
    lines = NESTED.strip("\n").splitlines()
    (tmp_path / "tender.svspec").write_text("\n".join([lines[0], '  uses testfw 1 from "fw.svspec"', *lines[1:]])
                                            + "\n", encoding="utf-8")
    result = svspec.load(tmp_path / "tender.svspec")
    assert [(d.code, d.message) for d in result.errors] == [
        ("social-value-below-minimum", "social value is weighted 8% of the total score, below the minimum of 10%")]


def test_policy_shares_and_one_outcome_per_contract_accept_a_tender_that_keeps_to_them(tmp_path: Path) -> None:
    tender = write_tender(tmp_path, NESTED.replace("  criteria\n", "  policy\n    social value at most 20% within "
                                                   "quality\n    social value exactly 8%\n    at most 1 outcome per "
                                                   "contract\n  criteria\n"))
    assert tender.policy.social_value_shares == (
        model.SocialValueShare(bound="at most", share=Fraction(1, 5), within_quality=True),  # type: ignore[arg-type]
        model.SocialValueShare(bound="exactly", share=Fraction(8, 100), within_quality=False))  # type: ignore[arg-type]
    assert tender.policy.max_outcomes == 1


MODEL_QUESTION = '''tender model-q "PPN 06/20 model question"
  contract value £1,000,000 over 2 years
  criteria
    price 80%, scored relative to lowest
    quality 20%
  quality questions
    question SV1 "Jobs and skills"
      weight 100%
      on outcome main-outcome, judged against JOBS, APP
      answer text up to 3,000 characters
      scored by evaluators on scale tens
'''


def test_ppn0620_model_question_names_its_outcome_and_award_criteria_for_bidders(tmp_path: Path) -> None:
    from svspec.emit.site import render

    tender = write_tender(tmp_path / "spec", MODEL_QUESTION)
    question = tender.questions[0]
    assert (question.outcome, question.judged_against) == ("main-outcome", ("JOBS", "APP"))
    files, diagnostics = render(tender)
    assert files is not None, diagnostics
    pages = "\n".join(data.decode("utf-8") for name, data in files.items() if name.endswith(".md"))
    assert ("On the outcome “Main outcome”, judged against the award criteria: JOBS Local jobs; "
            "APP Apprenticeships committed.") in pages


THIRDS = '''tender thirds "Exact fractional weights"
  contract value £1,000,000 over 2 years
  criteria
    price 1/3, scored relative to lowest
    quality 1/2
    social value 1/6
  quality questions
    question Q1 "Plan"
      weight 1/3
      answer text up to 500 words
      scored by evaluators on scale mbie
    question Q2 "People"
      weight 2/3
      answer text up to 500 words
      scored by evaluators on scale mbie
  social value measures
    SV weight 100%
'''


def test_exact_fractional_weights_score_exactly_not_as_33_percent(tmp_path: Path) -> None:
    tender = write_tender(tmp_path / "spec", THIRDS)
    assert [c.weight for c in tender.criteria] == [Fraction(1, 3), Fraction(1, 2), Fraction(1, 6)]
    assert [q.weight for q in tender.questions] == [Fraction(1, 3), Fraction(2, 3)]
    data = portable(tender)
    assert [c["weight"] for c in data["criteria"]] == ["1/3", "0.5", "1/6"]
    bids = [bid("A", tender, price=100, quality={"Q1": "a", "Q2": "a"}, social_value={"SV": 30})]
    scoring, problems = engine.score(tender, bids, marks(tender, {("A", "Q1"): 2, ("A", "Q2"): 5}))
    assert scoring is not None, [d.message for d in problems]
    # 100 × (1/3 × 1 + 1/2 × (1/3 × 2/5 + 2/3 × 1) + 1/6 × 30/100) = 100/3 + 40 + 5 = 235/3, exactly.
    assert scoring.bids[0].total == Fraction(235, 3)
    emit(tender, tmp_path / "out")
    (tmp_path / "a.yaml").write_text('bidder: "A"\ntender: thirds\nprice: 100\nquality:\n  Q1: "a"\n  Q2: "a"\n'
                                     "social_value:\n  SV: 30\nevidence:\n  SV: [s.pdf]\n", encoding="utf-8")
    lines = ["tender: thirds", "marks:"]
    for code, mark in (("Q1", 2), ("Q2", 5)):
        lines += ['  - bidder: "A"', f"    item: {code}", "    evaluators:",
                  f'      E1: {{mark: {mark}, reason: "r"}}', f'    consensus: {{mark: {mark}, reason: "r"}}']
    (tmp_path / "marks.yaml").write_text("\n".join(lines) + "\n", encoding="utf-8")
    run = subprocess.run([sys.executable, str(tmp_path / "out" / "scoring.py"), "--json", "--marks",
                          str(tmp_path / "marks.yaml"), str(tmp_path / "a.yaml")],
                         capture_output=True, text=True, timeout=60, check=False)
    assert run.returncode == 0, run.stderr
    assert json.loads(run.stdout)[0]["total"] == "78.33"


def test_three_weights_of_one_third_make_the_whole_and_a_zero_denominator_is_refused(tmp_path: Path) -> None:
    tender = write_tender(tmp_path / "ok", THIRDS.replace("weight 2/3", "weight 1/3").replace(
        '''  social value measures''', '''    question Q3 "Third"
      weight 1/3
      answer text up to 500 words
      scored by evaluators on scale mbie
  social value measures'''))
    assert sum((q.weight for q in tender.questions), Fraction(0)) == 1
    from svspec.api import format_source

    assert "    price 1/3, scored relative to lowest\n" in format_source(THIRDS)
    (tmp_path / "bad").mkdir()
    (tmp_path / "bad" / "svspec.toml").write_text("[project]\nname = \"test\"\n", encoding="utf-8")
    from tests.scoring.helpers import FRAMEWORK

    (tmp_path / "bad" / "fw.svspec").write_text(FRAMEWORK, encoding="utf-8")
    lines = THIRDS.replace("weight 1/3", "weight 1/0", 1).strip("\n").splitlines()
    (tmp_path / "bad" / "tender.svspec").write_text(
        "\n".join([lines[0], '  uses testfw 1 from "fw.svspec"', *lines[1:]]) + "\n", encoding="utf-8")
    result = svspec.load(tmp_path / "bad" / "tender.svspec")
    assert [d.code for d in result.errors] == ["syntax/bad-number"]


def test_sub_criteria_weighted_as_shares_of_the_total_keep_their_written_share(tmp_path: Path) -> None:
    tender = write_tender(tmp_path, '''tender subs "Sub-criteria as shares of the total"
  contract value £1,000,000 over 2 years
  criteria
    price 60%, scored relative to lowest
    quality 30%
    social value 10%
  quality questions
    question Q1 "Plan"
      weight 20% of total
      answer text up to 500 words
      scored by evaluators on scale mbie
    question Q2 "People"
      weight 10% of total
      answer text up to 500 words
      scored by evaluators on scale mbie
  social value measures
    SV weight 4% of total
    APP weight 6% of total
''')
    assert [q.weight for q in tender.questions] == [Fraction(2, 3), Fraction(1, 3)]
    assert [s.weight for s in tender.selections] == [Fraction(2, 5), Fraction(3, 5)]
    bids = [bid("A", tender, price=100, quality={"Q1": "a", "Q2": "a"}, social_value={"SV": 100, "APP": 0})]
    scoring, problems = engine.score(tender, bids, marks(tender, {("A", "Q1"): 5, ("A", "Q2"): 0}))
    assert scoring is not None, [d.message for d in problems]
    # Q1 full marks is its 20 points of the total; Q2 at 0 gives none; SV full is its 4 points; price 60.
    assert scoring.bids[0].total == 84
    items = {s.code: s.weighted for s in scoring.bids[0].items}
    assert (items["Q1"], items["SV"]) == (20, 4)


MANCHESTER = '''tender manc "Manchester: 20% social value and an additional environmental 10%"
  contract value £1,000,000 over 2 years
  criteria
    price 50%, scored relative to lowest
    quality 20%
    social value 20%
    criterion environmental 10%, measures APP
  quality questions
    question Q1 "Plan"
      weight 100%
      answer text up to 500 words
      scored by evaluators on scale mbie
  social value measures
    SV weight 100%
    APP weight 100%
'''


def test_manchester_additional_environmental_criterion_is_a_fourth_criterion(tmp_path: Path) -> None:
    tender = write_tender(tmp_path / "spec", MANCHESTER)
    assert [(c.kind, c.weight) for c in tender.criteria] == [
        ("price", Fraction(1, 2)), ("quality", Fraction(1, 5)), ("social value", Fraction(1, 5)),
        ("environmental", Fraction(1, 10))]
    bids = [bid("A", tender, price=100, quality={"Q1": "a"}, social_value={"SV": 50, "APP": 10}),
            bid("B", tender, price=200, quality={"Q1": "b"}, social_value={"SV": 100, "APP": 20})]
    scoring, problems = engine.score(tender, bids, marks(tender, {("A", "Q1"): 5, ("B", "Q1"): 3}))
    assert scoring is not None, [d.message for d in problems]
    # A: 50 + 20 × 5/5 + 20 × 50/100 + 10 × 10/20 = 85; B: 25 + 20 × 3/5 + 20 + 10 = 67.
    assert {b.bidder: b.total for b in scoring.bids} == {"A": 85, "B": 67}
    a = scoring.bid("A")
    assert a is not None and a.criterion("environmental").points == 5  # type: ignore[union-attr]
    assert "Environmental: 50% of its points → 5.00 of 10.00 points" in explain_bid(scoring, "A")
    emit(tender, tmp_path / "out")
    files = []
    for name, price, sv, app in (("A", 100, 50, 10), ("B", 200, 100, 20)):
        path = tmp_path / f"{name}.yaml"
        path.write_text(f'bidder: "{name}"\ntender: manc\nprice: {price}\nquality:\n  Q1: "q"\n'
                        f"social_value:\n  SV: {sv}\n  APP: {app}\nevidence:\n  SV: [s.pdf]\n  APP: [a.pdf]\n",
                        encoding="utf-8")
        files.append(str(path))
    lines = ["tender: manc", "marks:"]
    for name, mark in (("A", 5), ("B", 3)):
        lines += [f'  - bidder: "{name}"', "    item: Q1", "    evaluators:",
                  f'      E1: {{mark: {mark}, reason: "r"}}', f'    consensus: {{mark: {mark}, reason: "r"}}']
    (tmp_path / "marks.yaml").write_text("\n".join(lines) + "\n", encoding="utf-8")
    run = subprocess.run([sys.executable, str(tmp_path / "out" / "scoring.py"), "--json", "--marks",
                          str(tmp_path / "marks.yaml"), *files],
                         capture_output=True, text=True, timeout=60, check=False)
    assert run.returncode == 0, run.stderr
    rows = {r["bidder"]: r for r in json.loads(run.stdout)}
    assert (rows["A"]["total"], rows["A"]["environmental"], rows["B"]["total"]) == ("85.00", "5.00", "67.00")
