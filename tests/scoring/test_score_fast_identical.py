"""`svspec score` gives byte-identical reports whether the NumPy path or the exact core scores the bids
(issue 12 item 9): every format, `--explain`, `--summary`, `--sensitivity`, on the example tenders
and on a tender with gates, caps, minimums, points caps, points rounded per question and exclusions."""

from __future__ import annotations

import random
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner

from svspec.cli import main
from svspec.scoring import fast
from tests.scoring.helpers import write_tender
from tests.scoring.test_exclusion_words import EXAMPLES

MODIFIERS = '''tender mods "Gates, caps and minimums"
  contract value £1,000,000 over 1 year
  criteria
    price 40%, scored relative to lowest
    social value 60%
  social value measures
    JOBS weight 25%, scored linear from 0 FTE to 10 FTE, minimum 1 FTE, gate at least 0.5 FTE
    APP weight 20%, scored relative to best, capped at 8 apprenticeships
    WEEKS weight 15%, scored linear from 0 weeks to 20 weeks, capped at 15 weeks, points capped at 90%
    HOURS weight 15%, scored relative to best, minimum 10 hours
    GIFT weight 15%, scored by value per £ against £0.25, points capped at 80%
    LW weight 10%, scored yes or no, gate yes
  round points per question to whole points before weighting
  tie break social value, price
  compare relative scores among passing bids
'''


def _modifier_bids(folder: Path, count: int) -> list[Path]:
    """Bids with few distinct answers (so exact ties are common), one of them below the gate."""
    pick = random.Random(12)
    paths = []
    for i in range(count):
        answers = {"JOBS": pick.choice([0.4, 0.5, 1, 2.5, 7, 10]), "APP": pick.choice([0, 3, 8, 12]),
                   "WEEKS": pick.choice([5, 10, 20]), "HOURS": pick.choice([0, 9.99, 10, 250]),
                   "GIFT": pick.choice([0, 1000, 50_000, 300_000]), "LW": pick.random() > 0.1}
        bid = {"tender": "mods", "bidder": f"Bidder {i:02d}", "submitted": f"2027-01-{1 + i % 28:02d}T10:00:00Z",
               "price": pick.choice([90_000, 100_000, 100_000.5, 120_000]), "social_value": answers}
        path = folder / f"bid-{i:02d}.yaml"
        path.write_text(yaml.safe_dump(bid), encoding="utf-8")
        paths.append(path)
    return paths


def _runs(args: list[str]) -> Iterator[list[str]]:
    yield args
    for output_format in ("json", "csv", "md"):
        yield [*args, "--format", output_format]


def _outputs(args: list[str], *, exact: bool, monkeypatch: pytest.MonkeyPatch) -> list[tuple[int, str]]:
    with monkeypatch.context() as patch:
        if exact:
            patch.setitem(sys.modules, "svspec.scoring.fast", None)  # the import fails: the exact core scores
        runner = CliRunner()
        out = []
        for run in _runs(args):
            result = runner.invoke(main, ["score", *run])
            out.append((result.exit_code, result.output))
        return out


def _used_fast(args: list[str], monkeypatch: pytest.MonkeyPatch) -> bool:
    """Whether the NumPy path scored the bids (else the comparison would hold trivially)."""
    used: list[bool] = []
    real = fast.score

    def spy(plan: object, table: object) -> object:
        scores = real(plan, table)  # type: ignore[arg-type]
        used.append(scores is not None)
        return scores

    with monkeypatch.context() as patch:
        patch.setattr(fast, "score", spy)
        CliRunner().invoke(main, ["score", *args])
    return any(used)


def _same_both_ways(args: list[str], monkeypatch: pytest.MonkeyPatch) -> None:
    quick = _outputs(args, exact=False, monkeypatch=monkeypatch)
    slow = _outputs(args, exact=True, monkeypatch=monkeypatch)
    assert [code for code, _ in quick] == [0, 0, 0, 0], quick[0][1][-2000:]
    for (_, a), (_, b) in zip(quick, slow, strict=True):
        assert a == b


def test_a_tender_with_gates_caps_minimums_and_exclusions_reports_the_same_bytes_either_way(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    write_tender(tmp_path / "spec", MODIFIERS)
    bids = _modifier_bids(tmp_path, 24)
    args = [str(tmp_path / "spec" / "tender.svspec"), *map(str, bids), "--exclude", "Bidder 03",
            "--reason", "No valid insurance certificate", "--explain", "Bidder 00", "--explain", "Bidder 03",
            "--summary", "Bidder 01", "--sensitivity"]
    assert _used_fast(args, monkeypatch)
    _same_both_ways(args, monkeypatch)


@pytest.mark.parametrize(("tender", "marks", "bids"), EXAMPLES, ids=[t.stem for t, _, _ in EXAMPLES])
def test_every_example_tender_reports_the_same_bytes_either_way(
        tender: Path, marks: Path, bids: list[Path], monkeypatch: pytest.MonkeyPatch) -> None:
    first = yaml.safe_load(bids[0].read_text(encoding="utf-8"))["bidder"]
    args = [str(tender), *map(str, bids), "--marks", str(marks), "--explain", first, "--sensitivity"]
    _same_both_ways(args, monkeypatch)


def test_answers_beyond_the_bounds_read_into_arrays_first_are_diagnostics_not_a_hang(tmp_path: Path) -> None:
    """The arrays are read before the engine's checks (a plain column skips them): an answer of
    1E+999999999 must not become a billion-digit integer on the way, and is still refused."""
    from decimal import Decimal

    from svspec.bids.model import Bid
    from svspec.scoring import engine

    tender = write_tender(tmp_path, '''tender calc "One measure"
  contract value £1,000 over 1 year
  criteria
    price 50%, scored relative to lowest
    social value 50%
  social value measures
    APP weight 100%, scored relative to best
''')
    bids = [Bid(bidder=name, tender="calc", price=Decimal(100), social_value={"APP": Decimal(answer)})
            for name, answer in (("A", "1E+999999999"), ("B", "1E-999999999"), ("C", "3"))]
    scoring, problems = engine.score(tender, bids)
    assert scoring is None
    assert [d.code for d in problems] == ["score/number-out-of-range"] * 2


STAGED = '''tender staged "Every stage of a UK evaluation"
  contract value £1,000,000 over 1 year
  criteria
    price 40%, scored relative to lowest
    quality 40%, pass mark 40%, any mark of 1 excludes the bid, any mark of 0 scores nothing for the criterion
    social value 20%
  quality questions
    question Q1 "Service plan"
      weight 60%
      answer text up to 500 words
      scored by evaluators on scale mbie
    question Q2 "Mobilisation"
      weight 40%
      answer text up to 500 words
      scored by evaluators on scale mbie
  social value measures
    JOBS weight 50%, scored linear from 0 FTE to 10 FTE
    APP weight 50%, scored relative to best
  abnormally low if at least 40% below the mean of the others or at least 30% below the next lowest, {action}
  shortlist the top 8 on quality, ties {ties}
  tie break quality, price, earliest submission
  compare relative scores among passing bids
'''


def _staged_files(folder: Path, count: int) -> tuple[list[Path], Path]:
    """Bids and a marks file with few distinct marks (ties at the shortlist's cut-off, shares exactly at
    the pass mark: (2 × 0.6 + 2 × 0.4)/5 = 40%), marks of 0 and 1, and prices exactly at the low shares
    (70,000 is 30% below 100,000)."""
    pick = random.Random(9)
    paths, lines = [], ["tender: staged", "marks:"]
    for i in range(count):
        name = f"Bidder {i:02d}"
        bid = {"tender": "staged", "bidder": name, "submitted": f"2027-01-{1 + i % 28:02d}T10:00:00Z",
               "price": pick.choice([100_000, 100_000, 120_000, 70_000, 150_000, 99_999.99]),
               "quality": {"Q1": "Our plan.", "Q2": "Our mobilisation."},
               "social_value": {"JOBS": pick.choice([0, 2.5, 7, 10]), "APP": pick.choice([0, 3, 8, 12])}}
        if i == 0:
            bid["price"] = 42_000  # 40% below the next lowest (70,000) exactly, and far below the mean
        path = folder / f"bid-{i:02d}.yaml"
        path.write_text(yaml.safe_dump(bid), encoding="utf-8")
        paths.append(path)
        for code in ("Q1", "Q2"):
            mark = pick.choice([0, 1, 2, 2, 3, 3, 4, 5])
            lines += [f'  - bidder: "{name}"', f"    item: {code}", "    evaluators:",
                      f'      E1: {{mark: {mark}, reason: "r"}}', f'    consensus: {{mark: {mark}, reason: "r"}}']
    marks_path = folder / "marks.yaml"
    marks_path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return paths, marks_path


@pytest.mark.parametrize(("action", "ties"), [("excluded", "included"), ("held for investigation", "excluded")])
def test_a_tender_with_pass_marks_a_shortlist_mark_rules_and_abnormally_low_prices_reports_the_same_bytes_either_way(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, action: str, ties: str) -> None:
    write_tender(tmp_path / "spec", STAGED.format(action=action, ties=ties))
    bids, marks_path = _staged_files(tmp_path, 30)
    args = [str(tmp_path / "spec" / "tender.svspec"), *map(str, bids), "--marks", str(marks_path),
            "--exclude", "Bidder 03", "--reason", "No valid insurance certificate",
            "--explain", "Bidder 00", "--explain", "Bidder 05", "--summary", "Bidder 01", "--sensitivity"]
    assert _used_fast(args, monkeypatch)
    _same_both_ways(args, monkeypatch)
    table = CliRunner().invoke(main, ["score", *args[:-7], "--format", "json"])
    import json

    report = json.loads(table.output)
    stages = [s["stage"] for s in report["stages"]]
    assert "quality threshold (pass marks)" in stages and "shortlist on quality" in stages
    outcomes = json.dumps(report["bids"])
    assert "any mark of 1 excludes the bid" in outcomes and "abnormally" in outcomes
