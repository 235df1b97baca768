"""Numbers and times between validation, the engine and the standalone `scoring.py` (issue 8, items 12, 13, 15).

Every bid `svspec validate` accepts scores quickly, and the same in the engine and in the standalone
scorer, which reads numbers exactly as the engine does (decimals from the text, never floats) and
refuses what the engine refuses. The buyer's receipt time wins over a bid's own `submitted` claim.
"""

from __future__ import annotations

import importlib.util
import json
import os
import subprocess
import sys
from decimal import Decimal
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from svspec import model
from svspec.bids.jsontext import dumps
from svspec.bids.model import Bid
from svspec.bids.read import load_bids
from svspec.emit.scoring_model import emit
from svspec.scoring import core, engine, report
from svspec.scoring.marks import load_marks
from tests.scoring.helpers import bid, marks, write_tender
from tests.scoring.test_properties import TENDER

LONGEST = "999999999999999.99999999999999999999"


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> tuple[model.Tender, Path, ModuleType]:
    folder = tmp_path_factory.mktemp("values")
    tender = write_tender(folder / "spec", TENDER)
    emit(tender, folder)
    spec = importlib.util.spec_from_file_location("standalone_values", folder / "scoring.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules["standalone_values"] = module
    spec.loader.exec_module(module)
    return tender, folder, module


def _bid_data(name: str, price: str, answers: dict[str, str], submitted: str | None = None) -> dict[str, Any]:
    data: dict[str, Any] = {"tender": "props", "bidder": name, "price": Decimal(price), "quality": {"Q1": "Our plan"},
                            "social_value": {**{c: Decimal(v) for c, v in answers.items()}, "LW": True}}
    if submitted is not None:
        data["submitted"] = submitted
    return data


def _write(folder: Path, data: dict[str, Any], n: int, suffix: str = ".json") -> Path:
    path = folder / f"bid-{n:03d}{suffix}"
    if suffix == ".json":
        path.write_text(dumps(data), encoding="utf-8")
    else:  # YAML written by hand, numbers exactly as given
        lines = [f"tender: {data['tender']}", f"bidder: {json.dumps(data['bidder'])}", f"price: {data['price']:f}"]
        if "submitted" in data:
            lines.append(f"submitted: {data['submitted']}")
        lines += ["quality:", "  Q1: \"Our plan\"", "social_value:"]
        lines += [f"  {c}: {str(v).lower() if isinstance(v, bool) else format(v, 'f')}"
                  for c, v in data["social_value"].items()]
        path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def _standalone(module: ModuleType, paths: list[Path], mark_set: Any) -> Any:
    plan = module.load_plan(module.MODEL)
    inputs = []
    for path in paths:
        read = module.read_bid(str(path), plan)
        inputs.append(module.BidInput(bidder=read.bidder, price=read.price, submitted=read.submitted,
                                      answers=read.answers, marks={"Q1": mark_set.get(read.bidder, "Q1").moderated}))
    return module.score(plan, inputs)


# ------------------------------------------------------------------------------------ quick and equal
def test_bids_with_the_longest_numbers_validate_score_quickly_and_equally_in_both_scorers(
        built: tuple[model.Tender, Path, ModuleType], tmp_path: Path) -> None:
    tender, _, module = built
    answers = {c: LONGEST for c in ("JOBS", "APP", "WEEKS", "HOURS", "GIFT")}
    paths = [_write(tmp_path, _bid_data(f"Bidder {n}", LONGEST if n % 2 else "0.00000000000000000001", answers), n)
             for n in range(7)]
    bids, problems = load_bids(paths, tender)
    assert problems == [] and len(bids) == 7
    mark_set = marks(tender, {(b.bidder, "Q1"): 50 for b in bids})
    scoring, found = engine.score(tender, bids, mark_set)
    assert scoring is not None, found
    theirs = _standalone(module, paths, mark_set)
    assert [theirs.totals[i] for i in theirs.order] == [b.total for b in scoring.ranked]


decimals = st.builds(lambda whole, places, digits: Decimal(f"{whole}.{digits:0{places}d}") if places else
                     Decimal(whole), st.integers(0, 10**15 - 1), st.integers(0, core.MAX_DECIMAL_PLACES),
                     st.integers(0, 10**20 - 1)).filter(lambda d: d.as_tuple().exponent >= -core.MAX_DECIMAL_PLACES)
bid_values = st.fixed_dictionaries({
    "price": decimals.filter(lambda d: d > 0),
    "answers": st.fixed_dictionaries({c: decimals for c in ("JOBS", "APP", "WEEKS", "HOURS", "GIFT")}),
    "suffix": st.sampled_from([".json", ".yaml"]),
})


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(values=st.lists(bid_values, min_size=1, max_size=6))
@example(values=[{"price": Decimal("100"), "answers": dict.fromkeys(("JOBS", "APP", "WEEKS", "HOURS", "GIFT"),
                                                                  Decimal("14.000000000000000001")), "suffix": ".yaml"},
                 {"price": Decimal("100"), "answers": dict.fromkeys(("JOBS", "APP", "WEEKS", "HOURS", "GIFT"),
                                                                  Decimal("14")), "suffix": ".yaml"}])
def test_the_standalone_scorer_reads_and_ranks_generated_valid_bid_files_exactly_like_the_engine(
        built: tuple[model.Tender, Path, ModuleType], tmp_path_factory: pytest.TempPathFactory,
        values: list[dict[str, Any]]) -> None:
    tender, _, module = built
    folder = tmp_path_factory.mktemp("generated")
    paths = [_write(folder, _bid_data(f"Bidder {n}", str(v["price"]), {c: str(x) for c, x in v["answers"].items()}),
                    n, v["suffix"]) for n, v in enumerate(values)]
    bids, problems = load_bids(paths, tender)
    assert [d for d in problems if d.severity.name == "ERROR"] == [] and len(bids) == len(values)
    mark_set = marks(tender, {(b.bidder, "Q1"): 50 for b in bids})
    scoring, found = engine.score(tender, bids, mark_set)
    assert scoring is not None, found
    theirs = _standalone(module, paths, mark_set)
    assert [theirs.bidders[i] for i in theirs.order] == [b.bidder for b in scoring.ranked]
    assert [theirs.totals[i] for i in theirs.order] == [b.total for b in scoring.ranked]


# ------------------------------------------------------------------------------------ standalone refusals
@pytest.mark.parametrize(("change", "words"), [
    (lambda t: t.replace("price: 100", 'price: "£100"'), "must be a positive number"),
    (lambda t: t.replace("price: 100", 'price: "1,000"'), "must be a positive number"),
    (lambda t: t.replace("price: 100", "price: 0"), "must be a positive number"),
    (lambda t: t.replace("JOBS: 3", 'JOBS: "3"'), "must be a number"),
    (lambda t: t.replace("JOBS: 3", "JOBS: 1,000"), "must be a number"),
    (lambda t: t.replace("JOBS: 3", "JOBS: 0x1F"), "not a plain decimal number"),
    (lambda t: t.replace("JOBS: 3", "JOBS: 012"), "not a plain decimal number"),
    (lambda t: t.replace("JOBS: 3", "JOBS: .inf"), "not a plain decimal number"),
    (lambda t: t.replace("JOBS: 3", "JOBS: 1.0e-999999"), "at most 20 are accepted"),
    (lambda t: t.replace("JOBS: 3", "JOBS: 1.0e+100001"), "at most 15 are accepted"),
    (lambda t: t.replace("JOBS: 3", "JOBS: 3\n  JOBS: 4"), "given twice"),
    (lambda t: t.replace("JOBS: 3", "JOBS: &n 3\n  APP: *n"), "alias"),
    (lambda t: t.replace('bidder: "A"', 'bidder: "A\\u200bB"'), "U+200B ZERO WIDTH SPACE"),
    (lambda t: t.replace('bidder: "A"', 'bidder: "A\\x00"'), "U+0000"),
    (lambda t: t + "submitted: 2027-13-01T00:00:00Z\n", "there is no day"),
    (lambda t: t + "submitted: 2027-01-01T00:00:00+99:99\n", "not a time zone offset"),
    (lambda t: t + "submitted: 1999-01-01T00:00:00Z\n", "before 2000-01-01"),
    (lambda t: t.replace('Q1: "Our plan"', "Q1: !!python/object/apply:os.system [id]"), "not valid YAML"),
    (lambda t: t.replace("  APP: 2\n", ""), "the answer for APP is missing"),
    (lambda t: t.replace("  APP: 2\n", "  APP: 2\n  ZZZ: 1\n"), "ZZZ is not a question or measure"),
    (lambda t: t.replace("JOBS: 3", "JOBS: -1"), "below the minimum of 0"),
    (lambda t: t.replace("LW: true", "LW: 1"), "must be yes or no"),
    (lambda t: t.replace('Q1: "Our plan"', "Q1: 12"), "must be text"),
    (lambda t: t.replace("tender: props", "tender: other"), "this bid is for tender 'other'"),
])
def test_the_standalone_scorer_refuses_what_svspec_refuses_with_an_error_not_a_traceback(
        built: tuple[model.Tender, Path, ModuleType], tmp_path: Path, change: Any, words: str) -> None:
    _, folder, module = built
    good = ('tender: props\nbidder: "A"\nprice: 100\nquality:\n  Q1: "Our plan"\nsocial_value:\n'
            "  JOBS: 3\n  APP: 2\n  WEEKS: 1\n  HOURS: 1\n  GIFT: 10\n  LW: true\n")
    path = tmp_path / "bid.yaml"
    path.write_text(good, encoding="utf-8")
    module.read_bid(str(path), module.load_plan(module.MODEL))
    path.write_text(change(good), encoding="utf-8")
    with pytest.raises(module.ScoringError) as raised:
        module.read_bid(str(path), module.load_plan(module.MODEL))
    assert words in str(raised.value)
    run = subprocess.run([sys.executable, str(folder / "scoring.py"), str(path)], capture_output=True, text=True,
                         check=False, timeout=20)
    assert run.returncode == 1 and run.stderr.startswith("error:") and "Traceback" not in run.stderr


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="named pipes are a POSIX feature")
def test_the_standalone_scorer_refuses_a_named_pipe_instead_of_waiting_on_it(
        built: tuple[model.Tender, Path, ModuleType], tmp_path: Path) -> None:
    _, folder, _ = built
    fifo = tmp_path / "bid.yaml"
    os.mkfifo(fifo)
    run = subprocess.run([sys.executable, str(folder / "scoring.py"), str(fifo)], capture_output=True, text=True,
                         check=False, timeout=20)
    assert run.returncode == 1 and "not a regular file" in run.stderr and "Traceback" not in run.stderr


def test_the_standalone_scorer_refuses_a_json_bid_with_a_number_in_quotes(
        built: tuple[model.Tender, Path, ModuleType], tmp_path: Path) -> None:
    _, _, module = built
    data = {"tender": "props", "bidder": "A", "price": "£11,500,000", "quality": {"Q1": "x"},
            "social_value": {"JOBS": 1, "APP": 1, "WEEKS": 1, "HOURS": 1, "GIFT": 1, "LW": True}}
    path = tmp_path / "bid.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    with pytest.raises(module.ScoringError, match="the price must be a positive number"):
        module.read_bid(str(path), module.load_plan(module.MODEL))


# ------------------------------------------------------------------------------------ the engine
def test_a_bid_built_in_code_with_a_number_beyond_the_bounds_is_a_diagnostic_not_a_hang(tmp_path: Path) -> None:
    tender = write_tender(tmp_path, '''tender calc "Price only"
  contract value £1,000 over 1 year
  criteria
    price 100%, scored relative to lowest
''')
    bids = [bid("A", tender, price=Decimal("1e-999999")), bid("B", tender, price=Decimal("1e1000000"))]
    scoring, problems = engine.score(tender, bids)
    assert scoring is None
    assert [d.code for d in problems] == ["score/number-out-of-range"] * 2
    assert "at most 20" in problems[0].message and "at most 15" in problems[1].message


# ------------------------------------------------------------------------------------ submission times
TIE = '''tender tie "Tie break"
  contract value £1,000 over 1 year
  closes 2027-01-15
  criteria
    price 100%, scored linear from £0 to £1,000
  tie break earliest submission
'''


def _tie_bids(tmp_path: Path, claims: dict[str, str]) -> tuple[model.Tender, list[Bid]]:
    tender = write_tender(tmp_path / "spec", TIE)
    return tender, [bid(name, tender, price=630, submitted=when) for name, when in claims.items()]


def test_a_date_without_a_time_does_not_win_an_earliest_submission_tie_break_silently(tmp_path: Path) -> None:
    tender, bids = _tie_bids(tmp_path, {"Dated": "2027-01-10", "Timed": "2027-01-10T16:00:00Z"})
    scoring, problems = engine.score(tender, bids)
    assert scoring is not None
    assert [b.bidder for b in scoring.ranked] == ["Timed", "Dated"]
    dated = scoring.bid("Dated")
    assert dated is not None and dated.submission_note is not None and "no time" in dated.submission_note
    assert "refuses a date alone" in report.to_markdown(scoring, _audit(scoring))
    # issue 12 item 8: the date alone is refused for the tie-break, and losing it for that is a warning
    assert [d.code for d in problems] == ["score/tie-lost-without-time"]
    assert "Dated loses the earliest-submission tie-break with Timed" in problems[0].message
    assert "a date alone (2027-01-10)" in problems[0].message


def test_a_date_alone_is_refused_for_the_tie_break_even_when_it_is_the_earlier_day(tmp_path: Path) -> None:
    """A date on the day before a timed bid does not win: a date cannot order the tie (issue 12 item 8)."""
    tender, bids = _tie_bids(tmp_path, {"Dated": "2027-01-09", "Timed": "2027-01-10T16:00:00Z"})
    scoring, problems = engine.score(tender, bids)
    assert scoring is not None
    assert [b.bidder for b in scoring.ranked] == ["Timed", "Dated"]
    assert "which it loses: its time is a date alone" in (scoring.bid("Dated").tie_note or "")  # type: ignore[union-attr]
    assert [d.code for d in problems] == ["score/tie-lost-without-time"]


def test_a_bid_with_no_submission_time_loses_the_earliest_submission_tie_break_only_with_a_warning(
        tmp_path: Path) -> None:
    tender, bids = _tie_bids(tmp_path, {"Untimed": "", "Timed": "2027-01-10T16:00:00Z"})
    bids = [bid(b.bidder, tender, price=630, submitted=b.submitted or None) for b in bids]
    scoring, problems = engine.score(tender, bids)
    assert scoring is not None
    assert [b.bidder for b in scoring.ranked] == ["Timed", "Untimed"]
    assert [d.code for d in problems] == ["score/tie-lost-without-time"]
    assert "it gives no submission time" in problems[0].message


def test_no_warning_when_the_tie_is_settled_before_the_submission_times(tmp_path: Path) -> None:
    tender, bids = _tie_bids(tmp_path, {"Untimed": "", "Timed": "2027-01-10T16:00:00Z"})
    bids = [bid("Untimed", tender, price=600), bid("Timed", tender, price=630, submitted="2027-01-10T16:00:00Z")]
    scoring, problems = engine.score(tender, bids)
    assert scoring is not None and problems == []


def _audit(scoring: engine.Scoring) -> report.Audit:
    return report.Audit(svspec_version="x", tender=scoring.tender.name, tender_version=None, specs=(), bids=(),
                        marks=None)


def _marks_file(tmp_path: Path, tender: model.Tender, bidders: list[str], received: str) -> tuple[Any, list[Any]]:
    path = tmp_path / "marks.yaml"
    path.write_text(f"tender: {tender.name}\nmarks: []\nreceived:\n{received}", encoding="utf-8")
    found, problems, _ = load_marks(path, tender, bidders)
    return found, problems


def test_the_buyers_receipt_time_wins_over_the_bids_own_claim_and_the_report_says_so(tmp_path: Path) -> None:
    tender, bids = _tie_bids(tmp_path, {"Early claim": "2027-01-01T09:00:00Z", "Honest": "2027-01-10T10:00:00Z"})
    claimed, _ = engine.score(tender, bids)
    assert claimed is not None and [b.bidder for b in claimed.ranked] == ["Early claim", "Honest"]
    assert "the marks file gives no receipt times" in (claimed.bid("Honest").tie_note or "")  # type: ignore[union-attr]
    receipts, problems = _marks_file(tmp_path, tender, ["Early claim", "Honest"],
                                     '  "Early claim": 2027-01-16T09:00:00Z\n  Honest: "2027-01-10T10:00:00Z"\n')
    assert problems == []
    scoring, _ = engine.score(tender, bids, receipts)
    assert scoring is not None and [b.bidder for b in scoring.ranked] == ["Honest", "Early claim"]
    late = scoring.bid("Early claim")
    assert late is not None and late.received and "(the buyer's receipt times)" in (late.tie_note or "")
    assert late.submission_note is not None and "after the tender closed on 2027-01-15" in late.submission_note
    assert "Submission times: the buyer's receipt times from the marks file; a receipt time wins over a bid's " \
           "claim." in report.to_markdown(scoring, _audit(scoring))
    table = report.print_table(claimed, _audit(claimed))
    assert "Submission times: the bids' own claims (no receipt times" in table
    data = json.loads(report.to_json(scoring, _audit(scoring)))
    assert {b["bidder"]: b["submitted_from"] for b in data["bids"]} == {"Honest": "receipt", "Early claim": "receipt"}


def test_the_standalone_scorer_uses_the_receipt_times_of_the_marks_file_too(tmp_path: Path) -> None:
    tender, _ = _tie_bids(tmp_path, {})
    emit(tender, tmp_path)
    paths = []
    for n, (name, claim) in enumerate({"Early claim": "2027-01-01T09:00:00Z", "Honest": "2027-01-10T10:00:00Z"}
                                      .items()):
        path = tmp_path / f"bid-{n}.json"
        path.write_text(dumps({"tender": "tie", "bidder": name, "price": Decimal(630), "submitted": claim}),
                        encoding="utf-8")
        paths.append(str(path))
    marks_path = tmp_path / "marks.yaml"
    marks_path.write_text('tender: tie\nmarks: []\nreceived:\n  "Early claim": 2027-01-16T09:00:00Z\n'
                          '  Honest: 2027-01-10T10:00:00Z\n', encoding="utf-8")
    run = subprocess.run([sys.executable, str(tmp_path / "scoring.py"), "--json", "--marks", str(marks_path), *paths],
                         capture_output=True, text=True, check=False, timeout=20)
    assert run.returncode == 0, run.stderr
    assert [row["bidder"] for row in json.loads(run.stdout)] == ["Honest", "Early claim"]
    assert "after the tender closed on 2027-01-15 (the buyer's receipt time)" in run.stderr


@pytest.mark.parametrize(("received", "code"), [
    ("  Honest: 2027-13-01T00:00:00Z\n", "marks/bad-receipt-time"),
    ('  Honest: "2027-01-10T10:00:00"\n', "marks/bad-receipt-time"),
    ("  Nobody: 2027-01-10T10:00:00Z\n", "marks/unknown-bidder"),
])
def test_a_receipt_time_that_cannot_be_used_is_refused_with_its_place(tmp_path: Path, received: str,
                                                                     code: str) -> None:
    tender, _ = _tie_bids(tmp_path, {})
    found, problems = _marks_file(tmp_path, tender, ["Honest"], received)
    assert found is None and [d.code for d in problems] == [code]
    assert problems[0].span is not None and problems[0].span.line == 4


def test_the_standalone_scorer_counts_words_as_svspec_validate_does(tmp_path: Path) -> None:
    tender = write_tender(tmp_path / "spec", '''tender words "Word limit"
  contract value £1,000 over 1 year
  criteria
    quality 100%
  quality questions
    question Q1 "Plan"
      weight 100%
      answer text up to 3 words
      scored by evaluators on scale tens
''')
    emit(tender, tmp_path)
    spec = importlib.util.spec_from_file_location("standalone_words", tmp_path / "scoring.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules["standalone_words"] = module
    spec.loader.exec_module(module)
    plan = module.load_plan(module.MODEL)
    path = tmp_path / "bid.json"
    for text, accepted in (("one two three", True), ("cafe\u0301 au lait", True), ("one two three four", False),
                           ("one\u200dtwo three", True)):
        path.write_text(json.dumps({"tender": "words", "bidder": "A", "quality": {"Q1": text}}), encoding="utf-8")
        engine_ok = load_bids([path], tender)[0] != []
        try:
            module.read_bid(str(path), plan)
            standalone_ok = True
        except module.ScoringError:
            standalone_ok = False
        assert engine_ok == standalone_ok == accepted, text
