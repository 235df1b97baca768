"""The Pygments lexer highlights .svspec text: keywords, names, strings, numbers, comments."""

from __future__ import annotations

import pytest
from pygments.token import Comment, Error, Keyword, Name, Number, String, Text

from svspec.highlight import SvspecLexer
from tests.conftest import SPECS

SAMPLE = '''framework lambeth "Lambeth Social Value Framework"  # the council's
  version 2026.1
  why: Residents ranked good local jobs first.
  measure LBL1 "Local residents employed"
    value £28,213 per FTE per year
    adjust deadweight 25%
'''


def tokens(text: str) -> list[tuple[object, str]]:
    return [(t, v) for t, v in SvspecLexer().get_tokens(text) if v.strip()]


def test_keywords_names_strings_numbers_and_comments_are_told_apart() -> None:
    found = tokens(SAMPLE)
    assert (Keyword.Declaration, "framework") in found
    assert (Name.Class, "lambeth") in found
    assert (String.Double, '"Lambeth Social Value Framework"') in found
    assert (Comment.Single, "# the council's") in found
    assert (Number, "2026.1") in found
    assert (Number, "£28,213") in found
    assert (Number, "25%") in found
    assert (Keyword, "deadweight") in found
    assert (Name.Class, "LBL1") in found
    assert (Text, "Residents ranked good local jobs first.") in found


def test_every_example_spec_highlights_without_error_tokens_and_round_trips() -> None:
    for path in sorted(SPECS.rglob("*.svspec")):
        text = path.read_text(encoding="utf-8")
        pieces = list(SvspecLexer().get_tokens(text))
        assert [v for t, v in pieces if t is Error] == [], path.name
        assert "".join(v for _, v in pieces) == text


def test_prose_in_triple_quotes_is_one_string() -> None:
    found = tokens('  summary """\n    Any "quoted" text\n  """\n')
    assert (String.Doc, '"""') in found
    assert all(t in (Keyword, String.Doc) for t, _ in found)


def test_pygments_finds_the_lexer_by_name_and_file_name_once_installed() -> None:
    from pygments.lexers import get_lexer_by_name, get_lexer_for_filename
    from pygments.util import ClassNotFound

    try:
        lexer = get_lexer_by_name("svspec")
    except ClassNotFound:
        pytest.skip("the pygments.lexers entry point is not installed (pip install -e . after adding it)")
    assert isinstance(lexer, SvspecLexer)
    assert isinstance(get_lexer_for_filename("waste-2027.svspec"), SvspecLexer)
