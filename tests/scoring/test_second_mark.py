"""Issue 9 item 14: a measure scored by evaluators and discounted for credibility takes two marks.

Before the fix, such a tender passed `check` and `svspec score` died with a traceback
(`ScoringError: no credibility mark`), and the marks file had no way to give the second mark.
"""

from __future__ import annotations

import json
import subprocess
import sys
from fractions import Fraction
from pathlib import Path

from click.testing import CliRunner

from svspec.cli import main
from svspec.emit.scoring_model import emit
from svspec.scoring import engine
from svspec.scoring.marks import load_marks
from tests.scoring.helpers import bid, write_tender

TENDER = '''tender plan-2027 "Engagement plans, marked and discounted"
  contract value £1,000,000 over 2 years
  criteria
    price 50%, scored relative to lowest
    social value 50%
  social value measures
    PLAN weight 100%, scored by evaluators on scale tens, credibility by evaluators on scale credible
'''

PLAN_TEXT = "We will run quarterly engagement sessions in each ward."

BIDS = {
    "acme.yaml": f'bidder: "Acme Ltd"\ntender: plan-2027\nprice: 100000\nsocial_value:\n  PLAN: "{PLAN_TEXT}"\n'
                 'evidence:\n  PLAN: ["plan.pdf"]\n',
    "brix.yaml": f'bidder: "Brix Ltd"\ntender: plan-2027\nprice: 100000\nsocial_value:\n  PLAN: "{PLAN_TEXT}"\n'
                 'evidence:\n  PLAN: ["plan.pdf"]\n',
}

BOTH = '''tender: plan-2027
marks:
  - bidder: "Acme Ltd"
    item: PLAN
    evaluators:
      E1: {mark: 80, reason: "Named sessions in every ward."}
    consensus: {mark: 80, reason: "agreed"}
    credibility:
      evaluators:
        E1: {mark: 50%, reason: "No venues booked yet."}
      consensus: {mark: 50%, reason: "agreed"}
  - bidder: "Brix Ltd"
    item: PLAN
    evaluators:
      E1: {mark: 60, reason: "Sessions in half the wards."}
    consensus: {mark: 60, reason: "agreed"}
    credibility:
      evaluators:
        E1: {mark: 100%, reason: "Venues booked, past delivery shown."}
      consensus: {mark: 100%, reason: "agreed"}
'''


def project(tmp_path: Path, marks: str) -> tuple[Path, list[Path], Path]:
    write_tender(tmp_path, TENDER)
    bids = []
    for name, text in BIDS.items():
        (tmp_path / name).write_text(text, encoding="utf-8")
        bids.append(tmp_path / name)
    (tmp_path / "marks.yaml").write_text(marks, encoding="utf-8")
    return tmp_path / "tender.svspec", bids, tmp_path / "marks.yaml"


def test_the_second_mark_is_read_and_discounts_the_evaluators_points(tmp_path: Path) -> None:
    tender = write_tender(tmp_path, TENDER)
    (tmp_path / "marks.yaml").write_text(BOTH, encoding="utf-8")
    marks, diagnostics, _ = load_marks(tmp_path / "marks.yaml", tender, ["Acme Ltd", "Brix Ltd"])
    assert [d.code for d in diagnostics] == [] and marks is not None
    acme = bid("Acme Ltd", tender, price=100000, social_value={"PLAN": PLAN_TEXT})
    brix = bid("Brix Ltd", tender, price=100000, social_value={"PLAN": PLAN_TEXT})
    scoring, problems = engine.score(tender, [acme, brix], marks)
    assert scoring is not None and [d.code for d in problems] == []
    # Acme: 80/100 marked, 50% credible → 40% of the social value points; Brix: 60/100 × 100% → 60%.
    shares = {b.bidder: b.items[0].fraction for b in scoring.bids}
    assert shares == {"Acme Ltd": Fraction(2, 5), "Brix Ltd": Fraction(3, 5)}
    item = scoring.bid("Acme Ltd").items[0]  # type: ignore[union-attr]
    assert (item.mark, item.credibility) == (80, 50)
    assert "judged 50% credible" in item.sentence


def test_score_with_no_credibility_mark_is_a_located_diagnostic_not_a_traceback(tmp_path: Path) -> None:
    lines = BOTH.splitlines()
    cut = lines.index("    credibility:")  # drop Acme's credibility block (4 lines)
    without = "\n".join(lines[:cut] + lines[cut + 4:]) + "\n"
    tender_path, bids, marks = project(tmp_path, without)
    result = CliRunner().invoke(main, ["score", str(tender_path), *map(str, bids), "--marks", str(marks)])
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    assert result.exit_code != 0
    assert "marks/missing-mark" in result.output + result.stderr
    assert "'Acme Ltd' has no credibility mark for 'PLAN'" in result.output + result.stderr
    assert "marks.yaml:3:" in result.output + result.stderr  # the entry that lacks it
    assert "Traceback" not in result.output + result.stderr


def test_a_second_mark_on_an_item_with_one_mark_is_refused(tmp_path: Path) -> None:
    tender = write_tender(tmp_path, TENDER.replace(", credibility by evaluators on scale credible", ""))
    (tmp_path / "marks.yaml").write_text(BOTH, encoding="utf-8")
    marks, diagnostics, _ = load_marks(tmp_path / "marks.yaml", tender, ["Acme Ltd", "Brix Ltd"])
    assert marks is None
    assert [(d.code, d.span.line if d.span else None) for d in diagnostics] == [
        ("marks/malformed", 8), ("marks/malformed", 17)]


def test_a_second_mark_off_the_credibility_scale_is_refused_at_its_line(tmp_path: Path) -> None:
    tender = write_tender(tmp_path, TENDER)
    (tmp_path / "marks.yaml").write_text(BOTH.replace("mark: 50%, reason: \"No", "mark: 60%, reason: \"No"),
                                         encoding="utf-8")
    _, diagnostics, _ = load_marks(tmp_path / "marks.yaml", tender, ["Acme Ltd", "Brix Ltd"])
    assert [(d.code, d.span.line if d.span else None) for d in diagnostics] == [("marks/mark-not-on-scale", 10)]


def test_standalone_scoring_py_reads_the_second_mark_and_agrees(tmp_path: Path) -> None:
    _, bids, marks = project(tmp_path, BOTH)
    tender = write_tender(tmp_path, TENDER)
    out = tmp_path / "out"
    emit(tender, out)
    run = subprocess.run([sys.executable, str(out / "scoring.py"), "--json", "--marks", str(marks), *map(str, bids)],
                         capture_output=True, text=True, timeout=60, check=False)
    assert run.returncode == 0, run.stderr
    rows = {r["bidder"]: r for r in json.loads(run.stdout)}
    assert rows["Acme Ltd"]["social value"] == "20.00" and rows["Brix Ltd"]["social value"] == "30.00"
    lines = BOTH.splitlines()
    cut = lines.index("    credibility:")
    marks.write_text("\n".join(lines[:cut] + lines[cut + 4:]) + "\n", encoding="utf-8")
    run = subprocess.run([sys.executable, str(out / "scoring.py"), "--marks", str(marks), *map(str, bids)],
                         capture_output=True, text=True, timeout=60, check=False)
    assert run.returncode == 1 and "no credibility mark for PLAN" in run.stderr and "Traceback" not in run.stderr
