"""The grammar is unambiguous for Lark's strict mode, and every terminal can be named to a person."""

from __future__ import annotations

import re

import pytest

from svspec.syntax.grammar import build_parser, grammar_text, keywords, terminal_words
from svspec.syntax.parser import parse
from tests.conftest import ROOT, SPECS


def test_the_grammar_builds_in_lark_strict_mode() -> None:
    """Strict mode fails on shift/reduce conflicts and on terminals whose regexps collide."""
    parser = build_parser(strict=True)
    assert parser.options.parser == "lalr"


def test_the_grammar_shipped_with_the_package_is_the_one_in_the_repository() -> None:
    assert grammar_text() == (ROOT / "grammar" / "svspec.lark").read_text(encoding="utf-8")


def test_every_terminal_has_words_for_error_messages() -> None:
    words = terminal_words()
    unnamed = [t.name for t in build_parser().terminals
               if t.name not in words and t.name not in ("BROKEN",) and not t.name.startswith("__IGNORE")]
    assert not unnamed
    for phrases in words.values():
        for phrase in phrases:
            assert "__" not in phrase and "ANON" not in phrase


def test_every_keyword_in_the_grammar_is_known_for_did_you_mean() -> None:
    literals = set(re.findall(r'"([a-z][a-z-]*)"', grammar_text()))
    assert literals
    assert literals <= keywords()


@pytest.mark.parametrize("path", sorted(SPECS.rglob("*.svspec")), ids=lambda p: p.name)
def test_the_example_specs_parse_without_any_diagnostic(path) -> None:  # type: ignore[no-untyped-def]
    result = parse(path.read_text(encoding="utf-8"), path.name)
    assert result.tree is not None
    assert result.diagnostics == ()


@pytest.mark.parametrize("text", [
    "",
    "\n\n",
    "# only a comment\n",
    'framework f "F"\n  version 1\n',
    'value set v "V"\n  edition 1\n  proxy p £1 per hour\n',
])
def test_small_inputs_parse_without_a_syntax_error(text: str) -> None:
    result = parse(text, "t.svspec")
    assert result.tree is not None
    assert result.diagnostics == ()


def test_syntax_recovery_leaves_line_numbers_true() -> None:
    text = 'framework f "F"\n  versoin 1\n  owner "x"\n  ownr "y"\n'
    lines = [d.span.line for d in parse(text, "t.svspec").diagnostics if d.span]
    assert lines == [2, 4]


def test_the_highlighter_knows_every_keyword_of_the_grammar() -> None:
    """Docs and the site colour specs with svspec.highlight; a keyword it does not know shows as a name."""
    from svspec.highlight import DECLARATIONS, KEYWORDS
    from svspec.syntax.grammar import keywords
    from svspec.syntax.slips import PROSE_KEYS

    assert sorted(keywords() - set(KEYWORDS) - set(DECLARATIONS) - PROSE_KEYS) == []
