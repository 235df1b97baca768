"""Codes as published in theory-of-change steps (issue 9 item 11): `output measure "MAC 2.1"` names
the measure whose code is quoted; a quoted step without the word stays a description."""

from __future__ import annotations

from pathlib import Path

from svspec import api, model
from svspec.emit.site.views import Collector, pathway_view

FRAMEWORK = '''framework model "Codes as published in a theory of change"
  version 1
  theme "NT" "Tackling economic inequality"
    outcome "1a" "More local people in work"
      measure "MAC 2.1" "Local residents employed"
        unit FTE
        answer number at least 0
        evidence "Payroll extract" every quarter
        scored linear from 0 FTE to 10 FTE
      measure "MAC 2.2" "Apprenticeship weeks"
        unit weeks
        answer number at least 0
        evidence "Apprentice register" every quarter
        scored linear from 0 weeks to 52 weeks
  pathway hiring "From local hiring to less inequality"
{steps}
'''
QUOTED = '''    activity "Recruit through the local job brokerage"
    output measure "MAC 2.1"
    output measure "MAC 2.2", from "Recruit through the local job brokerage"
    outcome outcome "1a", from "MAC 2.1" and "MAC 2.2"
    impact theme "NT"'''


def _load(tmp_path: Path, steps: str) -> api.Result:
    path = tmp_path / "framework.svspec"
    path.write_text(FRAMEWORK.format(steps=steps), encoding="utf-8")
    return api.load(path)


def test_a_step_names_a_measure_outcome_and_theme_by_their_quoted_codes(tmp_path: Path) -> None:
    result = _load(tmp_path, QUOTED)
    assert result.ok and not result.diagnostics, [d.message for d in result.diagnostics]
    assert isinstance(result.model, model.Framework)
    (pathway,) = result.model.pathways
    assert [(s.kind, s.ref, s.text) for s in pathway.steps] == [
        ("activity", None, "Recruit through the local job brokerage"), ("output", "MAC 2.1", None),
        ("output", "MAC 2.2", None), ("outcome", "1a", None), ("impact", "NT", None)]
    assert [s.follows for s in pathway.steps] == [(), (0,), (0,), (1, 2), (3,)]


def test_the_site_links_a_quoted_code_step_to_its_measure(tmp_path: Path) -> None:
    result = _load(tmp_path, QUOTED)
    assert isinstance(result.model, model.Framework)
    view = pathway_view(result.model, result.model.pathways[0], Collector())
    assert [s.follows for s in view.steps][3] == "MAC 2.1: Local residents employed; MAC 2.2: Apprenticeship weeks"


def test_an_unknown_quoted_code_is_refused_with_the_nearest_code(tmp_path: Path) -> None:
    result = _load(tmp_path, '''    output measure "MAC 2.3"
    outcome outcome "1a"''')
    (found,) = result.diagnostics
    assert (found.code, found.message, found.hint) == (
        "unknown-pathway-step", "there is no measure called 'MAC 2.3'", "did you mean 'MAC 2.2' or 'MAC 2.1'?")
    assert (found.span.line, found.span.column) == (16, 20)


def test_the_word_before_a_code_says_which_kind_it_must_be(tmp_path: Path) -> None:
    result = _load(tmp_path, '''    output measure "1a"
    outcome theme "1a"''')
    assert [(d.code, d.message) for d in result.diagnostics] == [
        ("unknown-pathway-step", "there is no measure called '1a'"),
        ("unknown-pathway-step", "there is no theme called '1a'")]


def test_a_quoted_code_without_the_word_stays_a_description_with_a_warning(tmp_path: Path) -> None:
    result = _load(tmp_path, '''    output "MAC 2.1"
    outcome outcome "1a"''')
    (found,) = result.diagnostics
    assert found.code == "pathway-code-read-as-text" and found.severity.label == "warning"
    assert found.hint == 'write `output measure "MAC 2.1"` to name the measure'
    assert isinstance(result.model, model.Framework)
    assert result.model.pathways[0].steps[0].text == "MAC 2.1" and result.model.pathways[0].steps[0].ref is None


def test_text_steps_and_bare_codes_work_as_before(tmp_path: Path) -> None:
    result = _load(tmp_path, '''    activity "Recruit locally"
    output "People into work"''')
    assert result.ok and not result.diagnostics, [d.message for d in result.diagnostics]


def test_the_formatter_keeps_the_word_and_the_quotes(tmp_path: Path) -> None:
    once = api.format_source(FRAMEWORK.format(steps=QUOTED))
    assert api.format_source(once) == once
    assert '    output measure "MAC 2.1"\n' in once
    assert '    outcome outcome "1a", from "MAC 2.1" and "MAC 2.2"\n' in once
    assert '    impact theme NT\n' in once  # a plain name needs no quotes


def test_a_dropped_measure_named_by_its_quoted_code_leaves_the_pathway(tmp_path: Path) -> None:
    (tmp_path / "svspec.toml").write_text('[project]\nname = "model"\n', encoding="utf-8")
    (tmp_path / "base.svspec").write_text(FRAMEWORK.format(steps=QUOTED.replace(
        ', from "MAC 2.1" and "MAC 2.2"', "")), encoding="utf-8")
    local = tmp_path / "local.svspec"
    local.write_text('''framework local "A localised framework"
  version 1
  extends model 1 from "base.svspec"
  drop "MAC 2.2"
''', encoding="utf-8")
    result = api.load(local)
    assert result.ok, [d.message for d in result.diagnostics]
    assert isinstance(result.model, model.Framework)
    assert [s.ref for s in result.model.pathways[0].steps] == [None, "MAC 2.1", "1a", "NT"]
