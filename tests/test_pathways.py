"""Theory of change as a graph: a pathway may branch and join (issue 13 item 6)."""

from __future__ import annotations

from pathlib import Path

from svspec import api, model
from svspec.emit.site.views import Collector, pathway_view

FRAMEWORK = '''framework branching "A theory of change that branches and joins"
  version 1
  theme jobs "Jobs"
    outcome local-jobs "More local people in work"
      measure J1 "Local residents employed"
        unit FTE
        answer number at least 0
        evidence "Payroll extract" every quarter
        scored linear from 0 FTE to 10 FTE
      measure J3 "Apprenticeship weeks"
        unit weeks
        answer number at least 0
        evidence "Apprentice register" every quarter
        scored linear from 0 weeks to 52 weeks
  pathway local-hiring "Two routes into local jobs"
{steps}
'''
BRANCHING = '''    activity "Recruit through the local job brokerage"
    output J1
    output J3, from "Recruit through the local job brokerage"
    outcome local-jobs, from J1 and J3, assuming "Local hires stay in work for a year", confidence 70%
    impact "Fewer households in poverty"'''


def _load(tmp_path: Path, steps: str) -> api.Result:
    path = tmp_path / "framework.svspec"
    path.write_text(FRAMEWORK.format(steps=steps), encoding="utf-8")
    return api.load(path)


def test_two_outputs_from_one_activity_feed_one_outcome(tmp_path: Path) -> None:
    result = _load(tmp_path, BRANCHING)
    assert result.ok, [d.message for d in result.diagnostics]
    assert isinstance(result.model, model.Framework)
    (pathway,) = result.model.pathways
    assert [s.follows for s in pathway.steps] == [(), (0,), (0,), (1, 2), (3,)]
    view = pathway_view(result.model, pathway, Collector())
    edges = [line.split("-->")[0].strip() + "->" + line.split()[-1] for line in view.diagram.splitlines()
             if "-->" in line]
    assert edges == ["s0->s1", "s0->s2", "s1->s3", "s2->s3", "s3->s4"]
    assert view.branching
    assert [s.follows for s in view.steps][3] == "J1: Local residents employed; J3: Apprenticeship weeks"


def test_a_straight_pathway_is_drawn_as_before(tmp_path: Path) -> None:
    result = _load(tmp_path, '''    activity "Recruit"
    output J1
    outcome local-jobs''')
    assert isinstance(result.model, model.Framework)
    view = pathway_view(result.model, result.model.pathways[0], Collector())
    assert not view.branching
    assert [line.strip() for line in view.diagram.splitlines()[-2:]] == ["s0 --> s1", "s1 --> s2"]


def test_from_a_step_that_is_not_above_is_an_error_with_a_suggestion(tmp_path: Path) -> None:
    result = _load(tmp_path, '''    activity "Recruit"
    output J1
    outcome local-jobs, from J2''')
    (found,) = [d for d in result.diagnostics if d.code == "unknown-pathway-link"]
    assert found.message == "no earlier step of pathway 'local-hiring' is 'J2'"
    assert found.hint == "did you mean 'J1'?"
    assert found.span.line == 18


def test_a_link_that_runs_backwards_is_out_of_order(tmp_path: Path) -> None:
    result = _load(tmp_path, '''    outcome local-jobs
    output J1
    activity "Recruit", from local-jobs''')
    assert [d.code for d in result.diagnostics if d.code == "pathway-order"] == ["pathway-order", "pathway-order"]


def test_the_formatter_keeps_a_branching_pathway(tmp_path: Path) -> None:
    once = api.format_source(FRAMEWORK.format(steps=BRANCHING))
    assert api.format_source(once) == once
    assert '    outcome local-jobs, from J1 and J3, assuming "Local hires stay in work for a year", confidence 70%\n' \
        in once
    assert '    output J3, from "Recruit through the local job brokerage"\n' in once
