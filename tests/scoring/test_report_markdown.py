"""`svspec score --format md` is a report to publish (issue 13 item 11): real tables, nested lists,
no code blocks, no absolute local paths; `scoring.py` words the winner as `svspec score` does."""

from __future__ import annotations

import csv
import io
import json
import subprocess
import sys
from pathlib import Path

import markdown
import pytest
from click.testing import CliRunner

import svspec
from svspec import model
from svspec.cli import main
from svspec.emit.scoring_model import emit
from tests.conftest import ROOT, SPECS
from tests.scoring.test_score_command import BIDS, MARKS, TENDER


def _md(*paths: str, explain: bool = True) -> str:
    args = ["score", *paths[:1], *paths[1:-1], "--marks", paths[-1], "--format", "md"]
    if explain:
        args += ["--explain", "Acme Services Ltd"]
    result = CliRunner().invoke(main, args, catch_exceptions=False)
    assert result.exit_code == 0, result.stderr
    return result.stdout


def test_the_markdown_report_has_no_code_block_and_its_audit_header_is_a_table() -> None:
    text = _md(TENDER, *BIDS, MARKS)
    assert "```" not in text and "~~~" not in text
    html = markdown.markdown(text, extensions=["tables"])
    assert "<pre>" not in html and "<code>" not in html
    audit = html.split("<h2>Audit</h2>", 1)[1].split("</table>", 1)[0]
    assert "<th>sha256</th>" in audit
    assert "<td>marks</td>\n<td>specs/lambeth/marks/waste-2027.yaml</td>" in audit
    assert "<td>rounding</td>" in audit


def test_the_explanation_is_a_nested_list_with_each_evaluators_mark_under_its_question() -> None:
    html = markdown.markdown(_md(TENDER, *BIDS, MARKS), extensions=["tables"])
    explanation = html.split("<h2>Explanation: Acme Services Ltd</h2>", 1)[1].split("<h2>", 1)[0]
    assert "<pre>" not in explanation
    quality = explanation.split("<li>Quality: ", 1)[1]
    q2 = quality.split("<li>Q2 (Mobilisation)", 1)[1].split("</ul>", 1)[0]
    assert "<li>E2 marked 50: Acceptable" in q2
    assert "<li>consensus: E2 accepted that the named manager" in q2


def test_the_moderation_audit_is_a_table_with_each_evaluators_delta() -> None:
    html = markdown.markdown(_md(TENDER, *BIDS, MARKS, explain=False), extensions=["tables"])
    audit = html.split("<h2>Moderation audit</h2>", 1)[1].split("</table>", 1)[0]
    assert ">Moderated mark</th>" in audit
    assert "<td>Citywide Waste plc</td>\n<td>Q2</td>\n<td>E1 50 (delta -25); E2 25 (delta 0)</td>" in audit


def test_absolute_input_paths_are_shown_relative_to_the_folder_holding_the_inputs(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)  # the inputs lie outside the working folder
    absolute = [str(ROOT / p) for p in (TENDER, *BIDS, MARKS)]
    text = _md(*absolute)
    assert str(ROOT) not in text and str(tmp_path) not in text and "](/" not in text
    assert "| bid | bids/waste-acme.yaml |" in text
    assert "| marks | marks/waste-2027.yaml |" in text
    assert "| spec | waste-2027.svspec |" in text
    assert "Paths are relative to the folder that holds all the inputs." in text


def test_paths_typed_relative_to_the_working_folder_stay_as_typed_without_a_note() -> None:
    text = _md(TENDER, *BIDS, MARKS)
    assert "| bid | specs/lambeth/bids/waste-acme.yaml |" in text
    assert "Paths are relative" not in text


@pytest.fixture(scope="module")
def standalone_rows(tmp_path_factory: pytest.TempPathFactory) -> list[dict[str, object]]:
    folder = tmp_path_factory.mktemp("built")
    tender = svspec.load(SPECS / "lambeth" / "waste-2027.svspec").model
    assert isinstance(tender, model.Tender)
    emit(tender, folder)
    run = subprocess.run([sys.executable, str(folder / "scoring.py"), "--json", "--marks", str(ROOT / MARKS),
                          *(str(ROOT / b) for b in BIDS)], capture_output=True, text=True, timeout=60, check=False)
    assert run.returncode == 0, run.stderr
    rows: list[dict[str, object]] = json.loads(run.stdout)
    return rows


def test_the_standalone_scorer_labels_the_winner_as_svspec_score_does(
        standalone_rows: list[dict[str, object]]) -> None:
    result = CliRunner().invoke(main, ["score", TENDER, *BIDS, "--marks", MARKS, "--format", "csv"],
                                catch_exceptions=False)
    engine_rows = {row["bidder"]: row for row in csv.DictReader(io.StringIO(result.stdout))}
    first = next(r for r in standalone_rows if r["rank"] == 1)
    assert first["bidder"] == "Stockwell Street Services Ltd" and first["outcome"] == "winner"
    assert engine_rows["Stockwell Street Services Ltd"]["outcome"] == "winner"
    for row in standalone_rows:
        ours = engine_rows[str(row["bidder"])]["outcome"]
        if row["rank"] is None:
            assert str(row["outcome"]).startswith("excluded: ") and ours.startswith("excluded: ")
        else:
            assert row["outcome"] == ours, row["bidder"]
