"""Codes as published in every place (issue 9 item 11): a framework that extends one coded "NT",
"1a", "MAC 2.1" renames, drops and changes them by those codes, and `svspec fmt` keeps the quotes."""

from __future__ import annotations

from pathlib import Path

from svspec import api, model
from tests.test_pathway_codes import FRAMEWORK, QUOTED

LOCAL = '''framework local "A council's localised model"
  version 1
  extends model 1 from "base.svspec"
  rename "MAC 2.1" to "LOC 2.1"
  drop "MAC 2.2"
  change theme "NT" "Fairer local economy"
  change outcome "1a" "More residents in good jobs"
  change measure "MAC 2.1" "Residents employed on the contract"
'''


def test_a_localised_framework_renames_drops_and_changes_quoted_codes(tmp_path: Path) -> None:
    (tmp_path / "svspec.toml").write_text('[project]\nname = "model"\n', encoding="utf-8")
    (tmp_path / "base.svspec").write_text(FRAMEWORK.format(steps=QUOTED.replace(
        ', from "MAC 2.1" and "MAC 2.2"', "")), encoding="utf-8")
    (tmp_path / "local.svspec").write_text(LOCAL, encoding="utf-8")
    result = api.load(tmp_path / "local.svspec")
    assert result.ok, [d.message for d in result.diagnostics]
    framework = result.model
    assert isinstance(framework, model.Framework)
    (theme,) = framework.themes
    assert (theme.name, theme.title) == ("NT", "Fairer local economy")
    assert theme.outcomes == ("1a",)
    assert [(o.name, o.title, o.measures) for o in framework.outcomes] == [
        ("1a", "More residents in good jobs", ("LOC 2.1",))]
    assert [(m.code, m.title) for m in framework.measures] == [("LOC 2.1", "Residents employed on the contract")]
    assert [s.ref for s in framework.pathways[0].steps] == [None, "LOC 2.1", "1a", "NT"]


def test_the_formatter_keeps_quoted_codes_in_rename_drop_and_change() -> None:
    once = api.format_source(LOCAL)
    for line in ('rename "MAC 2.1" to "LOC 2.1"', 'drop "MAC 2.2"', 'change outcome "1a" "More residents in good jobs"',
                 'change measure "MAC 2.1" "Residents employed on the contract"'):
        assert f"\n  {line}\n" in once, line
    assert "\n  change theme NT " in once and api.format_source(once) == once


def test_the_formatter_keeps_a_quoted_outcome_code_of_a_model_question() -> None:
    """PPN 06/20's model question names its outcome as published: `on outcome "1a"`."""
    tender = '''tender t "Depot"
  uses model 1 from "framework.svspec"
  quality questions
    question Q1 "Local jobs"
      on outcome "1a", judged against "AC 1.1"
      weight 100%
      answer text up to 500 words
      scored by evaluators on scale standard
'''
    once = api.format_source(tender)
    assert '      on outcome "1a", judged against "AC 1.1"\n' in once and api.format_source(once) == once
