"""`svspec diff` of frameworks built on another, and `svspec diff --tests`: the effect of a change
on the `svspec test` cases' scores and ranks (issue 10, item 1 and the diff's example bids)."""

from __future__ import annotations

import json
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner

from svspec.cli import main
from tests.conftest import SPECS

HERE = Path(__file__).parent
GOLDENS = HERE / "goldens"
EXTENSIONS = {"text": "txt", "json": "json", "md": "md"}


def run(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(main, ["diff", *args])
    return result.exit_code, result.stdout


@pytest.fixture
def lambeth(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A copy of the example project with a second version of the meals tender: weights moved from
    LBL2 to LBL6. Run from the copy so that the paths in the output are the same on every machine."""
    shutil.copytree(SPECS, tmp_path / "specs")
    folder = tmp_path / "specs" / "lambeth"
    text = (folder / "meals-2027.svspec").read_text(encoding="utf-8")
    moved = text.replace("    LBL2 weight 30%", "    LBL2 weight 10%")
    moved = moved.replace("    LBL6 weight 30%", "    LBL6 weight 50%")
    assert moved != text
    (folder / "meals-2027-v2.svspec").write_text(moved, encoding="utf-8")
    monkeypatch.chdir(tmp_path / "specs")
    return folder


@pytest.mark.parametrize("output_format", list(EXTENSIONS))
def test_the_diff_of_two_council_layers_is_as_recorded(output_format: str, monkeypatch: pytest.MonkeyPatch,
                                                       golden: Callable[[Path, str], None]) -> None:
    monkeypatch.chdir(HERE)
    code, out = run("layers-2026.1/council.svspec", "layers-2026.2/council.svspec", "--format", output_format)
    assert code == 0, out
    golden(GOLDENS / f"layers.{EXTENSIONS[output_format]}", out)


def test_a_measure_dropped_by_a_new_layer_is_breaking(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(HERE)
    code, out = run("layers-2026.1/council.svspec", "layers-2026.2/council.svspec", "--fail-on", "breaking")
    assert code == 1
    assert "measure NAT2" in out and "was removed" in out


@pytest.mark.parametrize("output_format", list(EXTENSIONS))
def test_the_effect_on_the_test_cases_is_as_recorded(output_format: str, lambeth: Path,
                                                     golden: Callable[[Path, str], None]) -> None:
    code, out = run("lambeth/meals-2027.svspec", "lambeth/meals-2027-v2.svspec", "--tests", "lambeth/tests",
                    "--format", output_format)
    assert code == 0, out
    golden(GOLDENS / f"tests-effect.{EXTENSIONS[output_format]}", out)


def test_each_case_of_the_tender_is_scored_under_both_versions_and_a_broken_expectation_is_noted(
        lambeth: Path) -> None:
    code, out = run("lambeth/meals-2027.svspec", "lambeth/meals-2027-v2.svspec", "--tests", "lambeth/tests",
                    "--format", "json")
    assert code == 0, out
    [comparison] = json.loads(out)["comparisons"]
    rows = {row["bidder"]: row for row in comparison["effect"]}
    first = rows["The two example bids, with marks moderated by their mean: Brixton Community Kitchens CIC"]
    assert (first["before"]["total"], first["after"]["total"]) == ("73.67", "73.33")
    assert first["note"] == "the case's expectations, met under the old version, fail under the new one"
    # The waste tender's cases name another tender, so they are not scored here.
    assert all(not name.startswith("The five example bids") for name in rows)


def test_tests_with_two_framework_versions_is_a_usage_error(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(HERE)
    code, _ = run("layers-2026.1/council.svspec", "layers-2026.2/council.svspec", "--tests",
                  str(SPECS / "lambeth" / "tests"))
    assert code == 2
