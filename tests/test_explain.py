"""`svspec explain CODE` prints the whole documented page of a code (issue 13 item 5)."""

from __future__ import annotations

import re

from click.testing import CliRunner

from svspec.cli import main
from svspec.commands.explain import documented_page, terminal_text


def _explain(*args: str) -> str:
    result = CliRunner().invoke(main, ["explain", *args])
    assert result.exit_code == 0, result.output
    return result.output


def test_explain_prints_the_page_with_its_example_and_what_svspec_reports() -> None:
    out = _explain("weights-do-not-sum")
    page = documented_page("weights-do-not-sum")
    assert "## Example" in page
    for heading in ("Message", "Example"):
        assert f"\n{heading}\n{'-' * len(heading)}\n" in out
    code_lines = re.findall(r"^```[^\n]*\n(.*?)^```", page, re.S | re.M)
    for block in code_lines:
        for line in block.splitlines():
            assert "    " + line in out.splitlines()


def test_every_sentence_of_the_page_reaches_the_terminal() -> None:
    out = " ".join(_explain("syntax/tab-indent").split())
    page = documented_page("syntax/tab-indent")
    explanation = page.split("\n\n")[3]
    assert " ".join(explanation.replace("`", "").split()) in out
    assert "`" not in out and "**" not in out and "<!--" not in out


def test_a_page_shows_hidden_characters_as_codes_in_the_terminal() -> None:
    text = terminal_text("# x\n\nA line with a right-to-left override \u202e here.\n")
    assert "\u202e" not in text and "\\u202e" in text


def test_an_unknown_code_is_a_usage_error_with_a_suggestion() -> None:
    result = CliRunner().invoke(main, ["explain", "weights-do-not-summ"])
    assert result.exit_code == 2
    assert "did you mean weights-do-not-sum" in result.output
