"""A bid excluded with a recorded reason (issue 13 item 10): `svspec score --exclude BIDDER --reason`
or `excluded:` in the marks file. The bid is not ranked, scoring goes on, and the exclusion and its
reason appear in every report and in the assessment summaries."""

from __future__ import annotations

import json
import re
import subprocess
import sys
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
EXCLUDED = "Stockwell Street Services Ltd"
REASON = "Mandatory exclusion ground: no valid insurance certificate"
EXCLUDE = ["--exclude", EXCLUDED, "--reason", REASON]


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, list(args), catch_exceptions=False)
    return result.exit_code, result.stdout, result.stderr


def masked(text: str) -> str:
    return re.sub(r"\b[0-9a-f]{64}\b", "<sha256>", text)


def test_an_excluded_bid_is_not_ranked_and_the_next_bid_wins(golden: Callable[[Path, str], None]) -> None:
    code, out, _ = run("score", TENDER, *BIDS, "--marks", MARKS, *EXCLUDE)
    assert code == 0
    golden(HERE / "excluded-table.txt", masked(out))
    data = json.loads(run("score", TENDER, *BIDS, "--marks", MARKS, *EXCLUDE, "--format", "json")[1])
    bids = {b["bidder"]: b for b in data["bids"]}
    assert bids[EXCLUDED]["rank"] is None and bids[EXCLUDED]["excluded"] == [f"by the buyer: {REASON}"]
    assert data["bids"][0]["bidder"] == "Acme Services Ltd" and data["bids"][0]["rank"] == 1


def test_the_exclusion_and_its_reason_are_in_every_report() -> None:
    for extra in (["--format", "json"], ["--format", "csv"], ["--format", "md", "--explain", EXCLUDED],
                  ["--explain", EXCLUDED], ["--summary", EXCLUDED, "--format", "md"]):
        code, out, _ = run("score", TENDER, *BIDS, "--marks", MARKS, *EXCLUDE, *extra)
        assert code == 0 and REASON in out, extra


def test_the_markdown_report_with_an_exclusion(golden: Callable[[Path, str], None]) -> None:
    code, out, _ = run("score", TENDER, *BIDS, "--marks", MARKS, *EXCLUDE, "--format", "md", "--explain", EXCLUDED)
    assert code == 0
    golden(HERE / "excluded-report.md", masked(out))


def test_the_excluded_bidders_assessment_summary_gives_the_reason(tmp_path: Path) -> None:
    code, _, err = run("summaries", TENDER, *BIDS, "--marks", MARKS, *EXCLUDE, "--out", str(tmp_path / "out"),
                       "--date", "2027-02-01", "--standstill-ends", "2027-02-11", "--format", "md")
    assert code == 0, err
    summary = (tmp_path / "out" / "stockwell-street-services-ltd.md").read_text(encoding="utf-8")
    assert f"Your tender was excluded: by the buyer: {REASON}." in summary
    winner = (tmp_path / "out" / "acme-services-ltd.md").read_text(encoding="utf-8")
    assert REASON not in winner  # another bidder's exclusion is not theirs to read


def test_an_exclusion_in_the_marks_file_scores_as_the_command_line_one(tmp_path: Path) -> None:
    marks = tmp_path / "marks.yaml"
    marks.write_text((ROOT / MARKS).read_text(encoding="utf-8") + f'excluded:\n  "{EXCLUDED}": "{REASON}"\n',
                     encoding="utf-8")
    from_file = json.loads(run("score", TENDER, *BIDS, "--marks", str(marks), "--format", "json")[1])
    given = json.loads(run("score", TENDER, *BIDS, "--marks", MARKS, *EXCLUDE, "--format", "json")[1])
    from_file.pop("audit"), given.pop("audit")
    assert from_file == given


def test_a_bid_excluded_twice_keeps_both_reasons(tmp_path: Path) -> None:
    marks = tmp_path / "marks.yaml"
    marks.write_text((ROOT / MARKS).read_text(encoding="utf-8") + f'excluded:\n  "{EXCLUDED}": "Late"\n',
                     encoding="utf-8")
    data = json.loads(run("score", TENDER, *BIDS, "--marks", str(marks), *EXCLUDE, "--format", "json")[1])
    bids = {b["bidder"]: b for b in data["bids"]}
    assert bids[EXCLUDED]["excluded"] == [f"by the buyer: Late; {REASON}"]


def test_an_exclusion_without_a_reason_is_a_usage_error() -> None:
    code, _, err = run("score", TENDER, *BIDS, "--marks", MARKS, "--exclude", EXCLUDED)
    assert code == 2 and "needs its --reason" in err
    code, _, err = run("score", TENDER, *BIDS, "--marks", MARKS, "--exclude", EXCLUDED, "--reason", "  ")
    assert code == 2 and "needs its --reason" in err


def test_excluding_an_unknown_bidder_is_a_usage_error_with_a_suggestion() -> None:
    code, _, err = run("score", TENDER, *BIDS, "--marks", MARKS, "--exclude", "Stockwell Street", "--reason", "x")
    assert code == 2 and "there is no bid from 'Stockwell Street'" in err and "Stockwell Street Services Ltd" in err


def test_the_standalone_scoring_py_reads_the_exclusions_of_the_marks_file(tmp_path: Path) -> None:
    code, _, err = run("build", TENDER, "--out", str(tmp_path / "out"))
    assert code == 0, err
    marks = tmp_path / "marks.yaml"
    marks.write_text((ROOT / MARKS).read_text(encoding="utf-8") + f'excluded:\n  "{EXCLUDED}": "{REASON}"\n',
                     encoding="utf-8")
    scripts = list((tmp_path / "out").rglob("scoring.py"))
    assert scripts
    done = subprocess.run([sys.executable, str(scripts[0]), "--json", "--marks", str(marks),
                           *[str(ROOT / b) for b in BIDS]], capture_output=True, text=True, timeout=60, check=False)
    assert done.returncode == 0, done.stderr
    rows = {r["bidder"]: r for r in json.loads(done.stdout)}
    assert rows[EXCLUDED]["rank"] is None and REASON in rows[EXCLUDED]["outcome"]
    assert rows["Acme Services Ltd"]["rank"] == 1
