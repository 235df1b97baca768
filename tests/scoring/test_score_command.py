"""`svspec score`: the Lambeth demo in every format, explanations, summaries, and bad input."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

from click.testing import CliRunner

from svspec.cli import main
from tests.conftest import ROOT

HERE = Path(__file__).parent / "golden"
TENDER = "specs/lambeth/waste-2027.svspec"
BIDS = ["specs/lambeth/bids/waste-acme.yaml", "specs/lambeth/bids/waste-greenway.json",
        "specs/lambeth/bids/score-brixton.yaml", "specs/lambeth/bids/score-citywide.yaml",
        "specs/lambeth/bids/score-stockwell.yaml"]
MARKS = "specs/lambeth/marks/waste-2027.yaml"


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, ["score", *args], catch_exceptions=False)
    return result.exit_code, result.stdout, result.stderr


def masked(text: str) -> str:
    """Golden files do not depend on the exact bytes of the example specs: sha256 digests are masked."""
    return re.sub(r"\b[0-9a-f]{64}\b", "<sha256>", text)


def test_the_demo_ranks_the_bids_in_a_readable_table(golden: Callable[[Path, str], None]) -> None:
    code, out, _ = run(TENDER, *BIDS, "--marks", MARKS)
    assert code == 0
    golden(HERE / "demo-table.txt", masked(out))


def test_markdown_report_with_explanation_summary_and_sensitivity(golden: Callable[[Path, str], None]) -> None:
    code, out, _ = run(TENDER, *BIDS, "--marks", MARKS, "--format", "md", "--explain", "Acme Services Ltd",
                       "--summary", "Brixton Green Cleansing CIC", "--sensitivity")
    assert code == 0
    golden(HERE / "demo-report.md", masked(out))


def test_json_and_csv_reports(golden: Callable[[Path, str], None]) -> None:
    code, out, _ = run(TENDER, *BIDS, "--marks", MARKS, "--format", "json")
    assert code == 0
    golden(HERE / "demo.json", masked(out))
    code, out, _ = run(TENDER, *BIDS, "--marks", MARKS, "--format", "csv")
    assert code == 0
    golden(HERE / "demo.csv", out)


def test_the_audit_header_names_the_sha256_of_every_input() -> None:
    import hashlib

    _, out, _ = run(TENDER, *BIDS, "--marks", MARKS, "--format", "md")
    for path in [TENDER, *BIDS, MARKS]:
        digest = hashlib.sha256((ROOT / path).read_bytes()).hexdigest()
        assert f"| {path} | {digest} |" in out


def test_explaining_an_unknown_bidder_is_a_usage_error() -> None:
    code, _, err = run(TENDER, *BIDS, "--marks", MARKS, "--explain", "Acme Services")
    assert code == 2 and "there is no bid from 'Acme Services' (did you mean Acme Services Ltd?)" in err


def test_bad_marks_exit_1_with_the_line_of_the_marks_file(tmp_path: Path, golden: Callable[[Path, str], None]) -> None:
    marks = tmp_path / "marks.yaml"
    text = (ROOT / MARKS).read_text(encoding="utf-8").replace('bidder: "Greenway Environmental"',
                                                               'bidder: "Greenway Enviromental"', 1)
    marks.write_text(text.replace("E1: {mark: 75,", "E1: {mark: 70,", 1), encoding="utf-8")
    code, out, _ = run(TENDER, *BIDS, "--marks", str(marks))
    assert code == 1
    golden(HERE / "bad-marks.txt", out.replace(str(marks), "marks.yaml"))


def test_without_marks_evaluator_items_are_not_scored_as_zero() -> None:
    code, out, _ = run(TENDER, *BIDS)
    assert code == 1
    assert "error[marks/file-needed]: LBL6, LBL8, Q1, Q2 are marked by evaluators" in out


def test_invalid_bids_stop_scoring_with_their_diagnostics() -> None:
    code, out, _ = run(TENDER, "specs/lambeth/bids/waste-hasty-invalid.yaml", *BIDS, "--marks", MARKS)
    assert code == 1 and "waste-hasty-invalid.yaml" in out
