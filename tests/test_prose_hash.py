"""A `#` in prose after a colon is prose, published as written, and warned about when it reads
like a comment (issue 8, item 11a): the parser, the formatter and the language reference agree."""

from __future__ import annotations

from pathlib import Path

import svspec
from svspec import format_source
from tests.conftest import ROOT

CASE = ROOT / "tests" / "diagnostics" / "syntax-comment-in-prose" / "main.svspec"
SPEC = """framework demo "Demo"
  version 1
  theme jobs "Jobs"
    why: Residents rank jobs first. # from the 2025 survey
    weight 100%
"""


def warnings(text: str, tmp_path: Path) -> list[tuple[str, int, int]]:
    spec = tmp_path / "main.svspec"
    spec.write_text(text, encoding="utf-8")
    [result] = svspec.check([spec])
    return [(d.code, d.span.line, d.span.column) for d in result.diagnostics if d.span is not None]


def test_an_end_of_line_comment_after_why_is_warned_about_at_the_hash(tmp_path: Path) -> None:
    assert ("syntax/comment-in-prose", 4, 37) in warnings(SPEC, tmp_path)


def test_the_comment_after_guidance_is_published_exactly_as_written_and_warned() -> None:
    result = svspec.load(CASE)
    assert result.ok and result.model is not None
    assert [d.code for d in result.diagnostics] == ["syntax/comment-in-prose"] * 3
    framework = result.model
    assert framework.measure("J1").guidance == "Count C# and other developers employed, in FTE. # TODO ask HR"
    assert framework.theme("economic").why == "Residents rank local jobs #1.  # from the 2025 survey, check the figure"


def test_the_formatter_keeps_a_hash_in_prose_as_prose() -> None:
    formatted = format_source(SPEC)
    assert "    why: Residents rank jobs first. # from the 2025 survey\n" in formatted
    assert format_source(formatted) == formatted


def test_a_hash_in_quoted_prose_or_in_words_like_c_sharp_and_number_one_is_not_warned(tmp_path: Path) -> None:
    quoted = SPEC.replace("why: Residents rank jobs first. # from the 2025 survey",
                          'why "Residents rank jobs first. # survey"')
    assert warnings(quoted, tmp_path) == []
    words = SPEC.replace("# from the 2025 survey", "C# developers are our #1 need")
    assert warnings(words, tmp_path) == []


def test_a_comment_on_its_own_line_is_not_prose(tmp_path: Path) -> None:
    own_line = SPEC.replace("    why: Residents rank jobs first. # from the 2025 survey\n",
                            "    # from the 2025 survey\n    why: Residents rank jobs first.\n")
    assert warnings(own_line, tmp_path) == []
