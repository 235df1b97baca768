"""Assessment summaries that can be sent as they are (Procurement Act 2023 s.50; issue 13 item 9).

One document per bidder, Markdown and Word: that bidder's scores and reasons and the winning
tender's, nobody else's; no audit header or local paths; dated, with the standstill period;
evaluators by role unless named on purpose; the winner's confidential phrases redacted.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import docx
import pytest
from click.testing import CliRunner, Result

from svspec.cli import main

ROOT = Path(__file__).resolve().parents[2]
LAMBETH = ROOT / "specs" / "lambeth"
TENDER = str(LAMBETH / "waste-2027.svspec")
BIDS = [str(LAMBETH / "bids" / name) for name in (
    "waste-acme.yaml", "waste-greenway.json", "score-brixton.yaml", "score-citywide.yaml", "score-stockwell.yaml")]
MARKS = str(LAMBETH / "marks" / "waste-2027.yaml")
BIDDERS = ("Acme Services Ltd", "Greenway Environmental", "Brixton Green Cleansing CIC", "Citywide Waste plc",
           "Stockwell Street Services Ltd")
WINNER = "Stockwell Street Services Ltd"


def summaries(out: Path, *extra: str) -> Result:
    return CliRunner().invoke(main, ["summaries", TENDER, *BIDS, "--marks", MARKS, "--out", str(out),
                                     "--date", "2027-02-01", "--standstill-ends", "2027-02-10", *extra])


def docx_text(path: Path) -> str:
    document = docx.Document(str(path))
    parts = [p.text for p in document.paragraphs]
    for table in document.tables:
        parts += [cell.text for row in table.rows for cell in row.cells]
    return "\n".join(parts)


@pytest.fixture(scope="module")
def written(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("letters") / "summaries"
    result = summaries(out)
    assert result.exit_code == 0, result.output
    return out


def test_each_bidder_gets_a_markdown_and_a_word_summary(written: Path) -> None:
    assert sorted(p.name for p in written.iterdir() if not p.name.startswith(".")) == sorted(
        f"{stem}.{kind}" for stem in ("acme-services-ltd", "greenway-environmental", "brixton-green-cleansing-cic",
                                      "citywide-waste-plc", "stockwell-street-services-ltd") for kind in ("md", "docx"))


@pytest.mark.parametrize("kind", ["md", "docx"])
def test_a_summary_names_no_other_bidder_than_its_own_and_the_winner(written: Path, kind: str) -> None:
    text = (written / f"greenway-environmental.{kind}").read_text(encoding="utf-8") if kind == "md" \
        else docx_text(written / f"greenway-environmental.{kind}")
    assert "Greenway Environmental" in text and WINNER in text
    for other in set(BIDDERS) - {"Greenway Environmental", WINNER}:
        assert other not in text
    scored = json.loads(CliRunner().invoke(main, ["score", TENDER, *BIDS, "--marks", MARKS, "--format", "json"]).output)
    totals = {b["bidder"]: b["total"] for b in scored["bids"]}
    assert totals["Greenway Environmental"] in text and totals[WINNER] in text
    for other in set(BIDDERS) - {"Greenway Environmental", WINNER}:
        assert totals[other] not in text, f"{other}'s total {totals[other]} is in Greenway's summary"


@pytest.mark.parametrize("kind", ["md", "docx"])
def test_a_summary_has_no_audit_header_paths_or_evaluator_names(written: Path, kind: str) -> None:
    path = written / f"acme-services-ltd.{kind}"
    text = path.read_text(encoding="utf-8") if kind == "md" else docx_text(path)
    for leak in ("sha256", "specs/", ".yaml", ".json", str(ROOT), "svspec "):
        assert leak not in text
    assert "Evaluator 1:" in text and "Evaluator 2:" in text
    assert not re.search(r"\bE[12]:", text)
    assert "Date: 1 February 2027" in text
    assert "The standstill period ends at midnight at the end of 10 February 2027" in text


def test_the_winner_is_told_it_won(written: Path) -> None:
    text = (written / "stockwell-street-services-ltd.md").read_text(encoding="utf-8")
    assert "Your tender is the most advantageous tender" in text
    assert "Winning tender" not in text


def test_the_markdown_uses_real_tables_and_no_code_blocks(written: Path) -> None:
    text = (written / "acme-services-ltd.md").read_text(encoding="utf-8")
    assert "```" not in text
    assert "| Criterion or question | Weight | Your points | Winning tender |" in text
    assert "|---|---:|---:|---:|" in text


def test_the_word_document_says_what_the_markdown_says(written: Path) -> None:
    md = (written / "citywide-waste-plc.md").read_text(encoding="utf-8")
    word = docx_text(written / "citywide-waste-plc.docx")
    for line in md.splitlines():
        plain = line.lstrip("#- ").replace("**", "")
        if plain and not plain.startswith("|"):
            assert plain.replace("\\", "") in word


def test_the_same_inputs_give_byte_identical_documents(tmp_path: Path, written: Path) -> None:
    again = tmp_path / "again"
    assert summaries(again).exit_code == 0
    for path in written.iterdir():
        if not path.name.startswith("."):
            assert (again / path.name).read_bytes() == path.read_bytes(), path.name


def test_evaluators_are_named_only_on_purpose(tmp_path: Path) -> None:
    result = summaries(tmp_path / "named", "--name-evaluators", "--bidder", "Acme Services Ltd", "--format", "md")
    assert result.exit_code == 0, result.output
    text = (tmp_path / "named" / "acme-services-ltd.md").read_text(encoding="utf-8")
    assert "E1:" in text and "Evaluator 1" not in text


def test_confidential_phrases_of_the_winning_tender_are_redacted(tmp_path: Path) -> None:
    phrases = tmp_path / "redact.txt"
    phrases.write_text("# the winner's confidential details\nfully credible\nnot in any reason at all\n",
                       encoding="utf-8")
    result = summaries(tmp_path / "r", "--redact-file", str(phrases), "--bidder", "Greenway Environmental")
    assert result.exit_code == 0, result.output
    text = (tmp_path / "r" / "greenway-environmental.md").read_text(encoding="utf-8")
    winning = text.replace("\\", "").split("The winning tender:", 1)[1]
    assert "[redacted]" in winning and "Fully credible" not in winning
    assert "warning: the phrase to redact 'not in any reason at all' is not in the winning tender's reasons" \
        in result.output


def test_a_standstill_shorter_than_eight_working_days_is_refused(tmp_path: Path) -> None:
    result = CliRunner().invoke(main, ["summaries", TENDER, *BIDS, "--marks", MARKS, "--out", str(tmp_path / "x"),
                                       "--date", "2027-02-01", "--standstill-ends", "2027-02-05"])
    assert result.exit_code == 2
    assert "fewer than 8 working days" in result.output
    assert not (tmp_path / "x").exists()


def test_an_unknown_bidder_is_a_usage_error_with_a_suggestion(tmp_path: Path) -> None:
    result = summaries(tmp_path / "u", "--bidder", "Acme Services Limited")
    assert result.exit_code == 2
    assert "there is no bid from 'Acme Services Limited' (did you mean Acme Services Ltd" in result.output
