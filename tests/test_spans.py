"""Spans point exactly at what the author wrote: a caret under the wrong word is a wrong message."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

import svspec
from svspec.cli import main
from svspec.diagnostics import Span
from svspec.syntax import ast
from svspec.syntax.builder import build
from svspec.syntax.parser import parse

SOURCE = '''framework f "F"
  version 2026.1   # the version
  summary """
    Two lines
    of prose.
  """
  theme t "T"
    weight 100%
    outcome o "O"
      measure M1 "Local people employed"
        unit FTE
        answer number at least 0 at most 5,000
        value £28,213 per FTE per year
        scored linear from 0 FTE to 10 FTE  # a comment is not part of the statement

      # a comment after the block is not part of it

  scale s "S"
    100 "A"
'''


def text_at(text: str, span: Span) -> str:
    """The source text a span covers (1-based, end exclusive)."""
    lines = text.split("\n")
    if span.line == span.end_line:
        return lines[span.line - 1][span.column - 1 : span.end_column - 1]
    parts = [lines[span.line - 1][span.column - 1 :]]
    parts += lines[span.line : span.end_line - 1]
    parts.append(lines[span.end_line - 1][: span.end_column - 1])
    return "\n".join(parts)


@pytest.fixture(scope="module")
def framework() -> ast.Framework:
    result = parse(SOURCE, "f.svspec")
    assert result.tree is not None and not result.diagnostics
    tree, problems = build(result.tree, "f.svspec", SOURCE)
    assert not problems
    decl = tree.declarations[0]
    assert isinstance(decl, ast.Framework)
    return decl


def _measure(framework: ast.Framework) -> ast.Measure:
    theme = next(i for i in framework.items if isinstance(i, ast.Theme))
    outcome = next(i for i in theme.items if isinstance(i, ast.Outcome))
    return next(i for i in outcome.items if isinstance(i, ast.Measure))


def test_a_statement_span_ends_at_its_last_character_not_at_a_comment(framework: ast.Framework) -> None:
    version = framework.items[0]
    assert text_at(SOURCE, version.span) == "version 2026.1"
    scored = _measure(framework).items[-1]
    assert text_at(SOURCE, scored.span) == "scored linear from 0 FTE to 10 FTE"


def test_a_block_span_runs_from_its_opener_to_its_last_statement(framework: ast.Framework) -> None:
    measure = _measure(framework)
    assert (measure.span.line, measure.span.column) == (10, 7)
    assert (measure.span.end_line, measure.span.end_column) == (14, 43)
    assert text_at(SOURCE, measure.span).startswith('measure M1 "Local people employed"')
    assert text_at(SOURCE, measure.span).endswith("to 10 FTE")


def test_the_last_block_of_a_file_ends_at_its_last_statement(framework: ast.Framework) -> None:
    scale = framework.items[-1]
    assert isinstance(scale, ast.Scale)
    assert text_at(SOURCE, scale.span) == 'scale s "S"\n    100 "A"'
    assert (framework.span.end_line, framework.span.end_column) == (19, 12)


def test_a_text_block_span_covers_its_triple_quotes(framework: ast.Framework) -> None:
    summary = framework.items[1]
    assert isinstance(summary, ast.Prose)
    assert (summary.span.line, summary.span.end_line) == (3, 6)
    assert text_at(SOURCE, summary.span).endswith('"""')
    assert summary.text == "Two lines\nof prose."


def test_names_and_amounts_point_exactly_at_their_text(framework: ast.Framework) -> None:
    measure = _measure(framework)
    assert text_at(SOURCE, measure.code.span) == "M1"
    assert text_at(SOURCE, measure.title.span) == '"Local people employed"'
    answer = next(i for i in measure.items if isinstance(i, ast.Answer))
    assert [text_at(SOURCE, b.amount.span) for b in answer.bounds] == ["0", "5,000"]
    value = next(i for i in measure.items if isinstance(i, ast.ValueProxy))
    assert text_at(SOURCE, value.money.span) == "£28,213"
    assert text_at(SOURCE, value.per.span) == "FTE"
    scored = next(i for i in measure.items if isinstance(i, ast.Scored))
    assert isinstance(scored.rule, ast.Linear)
    assert text_at(SOURCE, scored.rule.span) == "linear from 0 FTE to 10 FTE"
    assert text_at(SOURCE, scored.rule.high.span) == "10 FTE"


def test_a_percentage_span_includes_its_sign(framework: ast.Framework) -> None:
    theme = next(i for i in framework.items if isinstance(i, ast.Theme))
    weight = next(i for i in theme.items if isinstance(i, ast.Weight))
    assert text_at(SOURCE, weight.percent.span) == "100%"
    assert text_at(SOURCE, weight.span) == "weight 100%"


def test_a_syntax_error_span_covers_exactly_the_unexpected_word() -> None:
    text = SOURCE.replace("        unit FTE", "        unti FTE")
    [diagnostic] = parse(text, "f.svspec").diagnostics
    assert diagnostic.span is not None
    assert text_at(text, diagnostic.span) == "unti"


def test_a_missing_value_is_pointed_at_just_after_the_last_word_not_at_the_comment() -> None:
    text = SOURCE.replace("version 2026.1   # the version", "version   # the version")
    [diagnostic] = parse(text, "f.svspec").diagnostics
    assert diagnostic.span is not None
    assert (diagnostic.span.line, diagnostic.span.column) == (2, 10)


def test_an_unterminated_string_is_underlined_to_the_end_of_its_line() -> None:
    text = SOURCE.replace('measure M1 "Local people employed"', 'measure M1 "Local people employed')
    [diagnostic] = parse(text, "f.svspec").diagnostics
    assert diagnostic.code == "syntax/unterminated-string"
    assert diagnostic.span is not None
    assert text_at(text, diagnostic.span) == '"Local people employed'


def test_spans_count_characters_not_bytes() -> None:
    text = SOURCE.replace('theme t "T"', 'theme t "Équipe – ✓"').replace("    weight 100%", "    weight 100% é")
    [diagnostic] = parse(text, "f.svspec").diagnostics
    assert diagnostic.span is not None
    assert text_at(text, diagnostic.span) == "é"


def test_json_output_gives_the_end_of_each_span(tmp_path: Path) -> None:
    (tmp_path / "svspec.toml").write_text("")
    spec = tmp_path / "f.svspec"
    spec.write_text(SOURCE.replace("    weight 100%", "    weight 90%").replace("version 2026.1", "version 1"),
                    encoding="utf-8")
    result = CliRunner().invoke(main, ["check", "--format", "json", str(spec)])
    assert result.exit_code == 1
    items = {item["code"]: item for item in json.loads(result.stdout)}
    weights = items["weights-do-not-sum"]
    assert (weights["line"], weights["column"], weights["end_line"], weights["end_column"]) == (1, 11, 1, 12)
    [related] = weights["related"]
    assert (related["line"], related["column"], related["end_line"], related["end_column"]) == (8, 12, 8, 15)


def test_a_spec_with_comments_and_a_text_block_compiles_cleanly(tmp_path: Path) -> None:
    (tmp_path / "svspec.toml").write_text("")
    spec = tmp_path / "f.svspec"
    spec.write_text(SOURCE.replace("        scored", "        evidence \"Payroll\" every quarter\n        scored"),
                    encoding="utf-8")
    result = svspec.load(spec)
    assert result.ok, result.diagnostics
