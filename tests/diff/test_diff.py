"""`svspec diff OLD NEW`: every change classed breaking, scoring or wording, with the reason in
words; text, JSON and a Markdown changelog; `--fail-on` for CI; git revisions; effect on bids."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner

import svspec
from svspec import model as m
from svspec.cli import main
from svspec.diff import compare
from tests.conftest import SPECS

HERE = Path(__file__).parent
GOLDENS = HERE / "goldens"
OLD = "lambeth-2026.1"
CASES = ["wording", "scoring", "breaking", "lambeth-2027.1"]
EXTENSIONS = {"text": "txt", "json": "json", "md": "md"}
BIDS = [SPECS / "lambeth" / "bids" / name for name in
        ("score-brixton.yaml", "score-citywide.yaml", "score-stockwell.yaml", "waste-acme.yaml", "waste-greenway.json")]
MARKS = SPECS / "lambeth" / "marks" / "waste-2027.yaml"


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, ["diff", *args])
    return result.exit_code, result.stdout, result.stderr


@pytest.fixture
def in_cases(monkeypatch: pytest.MonkeyPatch) -> Path:
    """Run from tests/diff so that the paths in the output are the same on every machine."""
    monkeypatch.chdir(HERE)
    return HERE


def classes(folder: str, file: str = "framework.svspec") -> dict[str, list[str]]:
    code, out, _ = run(f"{OLD}/{file}", f"{folder}/{file}", "--format", "json")
    assert code == 0, out
    [comparison] = json.loads(out)["comparisons"]
    found: dict[str, list[str]] = {"breaking": [], "scoring": [], "wording": []}
    for change in comparison["changes"]:
        found[change["class"]].append(change["reason"])
    return found


# ---------------------------------------------------------------------------------- goldens

@pytest.mark.parametrize("output_format", list(EXTENSIONS))
@pytest.mark.parametrize("case", CASES)
def test_the_diff_of_each_kind_of_change_is_as_recorded(case: str, output_format: str, in_cases: Path,
                                                        golden: Callable[[Path, str], None]) -> None:
    code, out, _ = run(OLD, case, "--format", output_format)
    assert code == 0
    golden(GOLDENS / f"{case}.{EXTENSIONS[output_format]}", out)


@pytest.mark.parametrize("output_format", list(EXTENSIONS))
def test_the_effect_on_example_bids_is_as_recorded(output_format: str, in_cases: Path,
                                                   golden: Callable[[Path, str], None]) -> None:
    bids = [f"--bids={os.path.relpath(b, HERE)}" for b in BIDS]
    code, out, _ = run(f"{OLD}/waste-2027.svspec", "lambeth-2027.1/waste-2027.svspec", *bids,
                       "--marks", os.path.relpath(MARKS, HERE), "--format", output_format)
    assert code == 0
    golden(GOLDENS / f"waste-bids.{EXTENSIONS[output_format]}", out)


LBHF = SPECS / "lbhf"


@pytest.mark.parametrize("output_format", ["text", "json"])
def test_the_lbhf_editions_diff_is_as_recorded(output_format: str, monkeypatch: pytest.MonkeyPatch,
                                               golden: Callable[[Path, str], None]) -> None:
    monkeypatch.chdir(LBHF.parent.parent)
    code, out, _ = run("specs/lbhf/framework-2022.svspec", "specs/lbhf/framework-2023.svspec",
                       "--format", output_format)
    assert code == 0
    golden(GOLDENS / f"lbhf-2023.1.{EXTENSIONS[output_format]}", out)


def test_the_lbhf_rise_completed_is_a_scoring_change_of_both_minimums(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(LBHF.parent.parent)
    code, out, _ = run("specs/lbhf/framework-2022.svspec", "specs/lbhf/framework-2023.svspec", "--format", "json")
    assert code == 0
    [comparison] = json.loads(out)["comparisons"]
    scoring = [c["reason"] for c in comparison["changes"] if c["class"] == "scoring"]
    assert "framework lbhf's policy rule 'minimum social value weight' went from 10% to 20%" in scoring
    assert ("framework lbhf's policy rule 'delivery minimum' went from 10% of contract value, below it excluded "
            "to 20% of contract value, below it excluded") in scoring
    assert not any("measure" in c["reason"] for c in comparison["changes"] if c["class"] == "breaking")


# ------------------------------------------------------------------------------ the classes

def test_prose_and_title_edits_are_wording_only(in_cases: Path) -> None:
    found = classes("wording")
    assert found["breaking"] == [] and found["scoring"] == []
    assert ("measure LBL3's title changed from “Apprenticeship and training weeks” to "
            "“Apprenticeship and paid training weeks”") in found["wording"]
    assert "measure LBL2's guidance text was reworded" in found["wording"]


def test_weights_rules_proxies_adjustments_and_policy_are_scoring(in_cases: Path) -> None:
    found = classes("scoring")
    assert found["breaking"] == []
    assert "theme economic's weight changed from 40% to 45%: every bid's score moves with it" in found["scoring"]
    assert any(r.startswith("measure LBL4's scoring changed") and "300 hours" in r for r in found["scoring"])
    assert ("measure LBL1's valuation changed (deadweight 25% → deadweight 20%): its social value in pounds "
            "changes") in found["scoring"]
    assert any("£17.50" in r for r in found["scoring"])
    assert "framework lambeth's policy rule 'smallest measure weight' went from 5% to 10%" in found["scoring"]
    tender = classes("scoring", "waste-2027.svspec")
    assert tender["breaking"] == []
    assert "criterion price's weight changed from 60% to 55%: every bid's score moves with it" in tender["scoring"]


def test_tighter_bounds_shorter_limits_removed_measures_and_new_evidence_are_breaking(in_cases: Path) -> None:
    found = classes("breaking")
    assert found["scoring"] == []
    assert ("measure LBL1's lower answer bound rose from at least 0 FTE to at least 1 FTE: a bid answering "
            "0 FTE is no longer valid") in found["breaking"]
    assert ("measure LBL6's answer limit went from up to 500 words to up to 300 words: a longer answer is no "
            "longer valid") in found["breaking"]
    assert any(r.startswith("measure LBL9 (“Fleet emissions data”) was removed") for r in found["breaking"])
    assert any("“Training plan” with the bid" in r for r in found["breaking"])
    tender = classes("breaking", "waste-2027.svspec")
    assert any(r.startswith("question Q2's answer limit went from up to 800 words to up to 600 words")
               for r in tender["breaking"])


def test_an_unchanged_copy_has_no_changes(tmp_path: Path) -> None:
    shutil.copytree(HERE / OLD, tmp_path / "copy")
    code, out, _ = run(str(HERE / OLD / "framework.svspec"), str(tmp_path / "copy" / "framework.svspec"))
    assert code == 0
    assert "no changes" in out


def test_a_new_required_answer_in_a_tender_is_breaking(tmp_path: Path) -> None:
    shutil.copytree(HERE / OLD, tmp_path / "new")
    tender = tmp_path / "new" / "waste-2027.svspec"
    text = tender.read_text(encoding="utf-8").replace("    LBL8 weight 15%\n",
                                                      "    LBL8 weight 5%\n    LBL7 weight 10%\n")
    tender.write_text(text, encoding="utf-8")
    before, after = svspec.load(HERE / OLD / "waste-2027.svspec").model, svspec.load(tender).model
    assert isinstance(before, m.Tender) and isinstance(after, m.Tender)
    reasons = {c.reason: c.kind for c in compare(before, after).changes}
    assert reasons[("measure LBL7 (“Payment of the London Living Wage”) is now selected: a bid without its answer "
                    "is no longer valid")] == "breaking"
    assert reasons["measure LBL8's weight changed from 15% to 5%: every bid's score moves with it"] == "scoring"


def test_a_framework_scale_the_tender_marks_on_is_compared_with_the_tender(tmp_path: Path) -> None:
    shutil.copytree(HERE / OLD, tmp_path / "new")
    framework = tmp_path / "new" / "framework.svspec"
    framework.write_text(framework.read_text(encoding="utf-8").replace('    75 "Good"', '    70 "Good"'),
                         encoding="utf-8")
    before, after = svspec.load(HERE / OLD / "waste-2027.svspec").model, svspec.load(tmp_path / "new" /
                                                                                    "waste-2027.svspec").model
    assert isinstance(before, m.Tender) and isinstance(after, m.Tender)
    [change] = [c for c in compare(before, after).changes if c.subject == "scale standard"]
    assert change.kind == "scoring"
    assert change.reason.startswith("scale standard's levels changed from 100, 75, 50, 25, 0 to 100, 70, 50, 25, 0")


def test_a_later_effective_date_is_breaking_because_earlier_bids_are_refused(tmp_path: Path) -> None:
    shutil.copytree(HERE / OLD, tmp_path / "new")
    framework = tmp_path / "new" / "framework.svspec"
    framework.write_text(framework.read_text(encoding="utf-8").replace("effective 2026-04-01", "effective 2027-04-01"),
                         encoding="utf-8")
    code, out, _ = run(str(HERE / OLD / "framework.svspec"), str(framework), "--fail-on", "breaking")
    assert code == 1
    assert "a bid submitted before 2027-04-01 is no longer valid" in out


# ------------------------------------------------------------------------------- --fail-on

@pytest.mark.parametrize(("case", "fail_on", "expected"), [
    ("wording", "scoring", 0), ("wording", "breaking", 0),
    ("scoring", "breaking", 0), ("scoring", "scoring", 1),
    ("breaking", "breaking", 1), ("breaking", "scoring", 1),
])
def test_fail_on_exits_1_only_for_a_change_of_that_class_or_worse(case: str, fail_on: str, expected: int,
                                                                   in_cases: Path) -> None:
    assert run(OLD, case, "--fail-on", fail_on)[0] == expected


def test_a_bid_that_becomes_invalid_is_reported_and_the_others_reranked(in_cases: Path) -> None:
    bids = [f"--bids={b}" for b in BIDS]
    code, out, _ = run(f"{OLD}/waste-2027.svspec", "lambeth-2027.1/waste-2027.svspec", *bids,
                       "--marks", str(MARKS), "--format", "json", "--fail-on", "breaking")
    assert code == 1
    effect = {row["bidder"]: row for row in json.loads(out)["comparisons"][0]["effect"]}
    brixton = effect["Brixton Green Cleansing CIC"]
    assert brixton["before"]["rank"] == 4 and brixton["after"]["total"] is None
    assert brixton["note"].startswith("invalid under the new version: the answer for LBL5")
    assert effect["Stockwell Street Services Ltd"]["after"]["rank"] == 1


# --------------------------------------------------------------------------- git revisions

def _git(repo: Path, *args: str) -> None:
    subprocess.run(["git", "-c", "user.name=t", "-c", "user.email=t@example.org", *args], cwd=repo, check=True,
                   capture_output=True, timeout=20)


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    """A repository whose two commits hold the 2026.1 and scoring editions (values file included)."""
    if shutil.which("git") is None:
        pytest.skip("git is not installed")
    project = tmp_path / "repo" / "specs"
    shutil.copytree(HERE / OLD, project)
    _git(tmp_path / "repo", "init", "-q")
    _git(tmp_path / "repo", "add", ".")
    _git(tmp_path / "repo", "commit", "-qm", "2026.1")
    for name in ("framework.svspec", "values-2026.svspec", "waste-2027.svspec"):
        shutil.copy(HERE / "scoring" / name, project / name)
    _git(tmp_path / "repo", "commit", "-qam", "2026.2")
    return project


def test_a_file_at_a_git_revision_is_compared_with_its_imports_from_that_revision(repo: Path) -> None:
    code, out, _ = run(f"{repo / 'framework.svspec'}@HEAD~1", str(repo / "framework.svspec"), "--format", "json")
    assert code == 0, out
    [comparison] = json.loads(out)["comparisons"]
    assert comparison["old"] == "framework lambeth 2026.1" and comparison["new"] == "framework lambeth 2026.2"
    # The proxy comes from the values file of the old revision, not the working copy.
    assert any("proxy £16.93 per hours → proxy £17.50 per hours" in c["reason"] for c in comparison["changes"])


def test_rev_old_dot_dot_new_compares_two_commits(repo: Path) -> None:
    framework = repo / "framework.svspec"
    framework.write_text(framework.read_text(encoding="utf-8").replace("version 2026.2", "version 2026.3"),
                         encoding="utf-8")
    code, out, _ = run(str(framework), "--rev", "HEAD~1..HEAD")
    assert code == 0, out
    assert "framework lambeth 2026.1 → framework lambeth 2026.2" in out
    code, out, _ = run(str(framework), "--rev", "HEAD~1..")
    assert "framework lambeth 2026.1 → framework lambeth 2026.3" in out


@pytest.mark.parametrize("rev", ["--output=/tmp/x", "no-such-rev", "HEAD~1 HEAD"])
def test_a_revision_that_is_not_a_commit_is_a_usage_error(repo: Path, rev: str) -> None:
    code, _, err = run(str(repo / "framework.svspec"), "--rev", f"{rev}..HEAD")
    assert code == 2, err
    assert not Path("/tmp/x").exists() or rev != "--output=/tmp/x"


def test_a_file_missing_at_the_revision_is_a_usage_error_that_says_so(repo: Path) -> None:
    (repo / "later.svspec").write_text("", encoding="utf-8")
    code, _, err = run(f"{repo / 'later.svspec'}@HEAD", str(repo / "framework.svspec"))
    assert code == 2
    assert "does not exist at HEAD" in err


def test_a_symbolic_link_in_the_revision_is_not_followed(repo: Path, tmp_path: Path) -> None:
    secret = tmp_path / "outside.svspec"
    secret.write_text("framework secret", encoding="utf-8")
    (repo / "linked.svspec").symlink_to(secret)
    _git(repo.parent, "add", "specs/linked.svspec")
    _git(repo.parent, "commit", "-qm", "a link")
    code, _, err = run(f"{repo / 'linked.svspec'}@HEAD", str(repo / "framework.svspec"))
    assert code == 2
    assert "does not exist at HEAD" in err


def test_a_file_outside_any_repository_at_a_revision_is_a_usage_error(tmp_path: Path) -> None:
    (tmp_path / "framework.svspec").write_text("x", encoding="utf-8")
    code, _, _ = run(f"{tmp_path / 'framework.svspec'}@HEAD", str(tmp_path / "framework.svspec"))
    assert code == 2


# ------------------------------------------------------------------------------ usage, errors

def test_two_different_specs_are_a_usage_error(in_cases: Path) -> None:
    code, _, err = run(f"{OLD}/framework.svspec", f"{OLD}/waste-2027.svspec")
    assert code == 2
    assert "not two versions of one spec" in err


@pytest.mark.parametrize("args", [
    ["lambeth-2026.1", "wording/framework.svspec"],
    ["lambeth-2026.1/framework.svspec"],
    ["lambeth-2026.1/framework.svspec", "nowhere.svspec"],
    ["lambeth-2026.1/framework.svspec", "wording/framework.svspec", "--marks", "m.yaml"],
    ["lambeth-2026.1/framework.svspec", "wording/framework.svspec", "--bids", "b.yaml"],  # not a tender
])
def test_misuse_exits_2(args: list[str], in_cases: Path) -> None:
    assert run(*args)[0] == 2


def test_a_spec_with_errors_is_reported_and_exits_1(tmp_path: Path) -> None:
    shutil.copytree(HERE / OLD, tmp_path / "new")
    framework = tmp_path / "new" / "framework.svspec"
    framework.write_text(framework.read_text(encoding="utf-8").replace("  version 2026.1\n", ""), encoding="utf-8")
    code, out, _ = run(str(HERE / OLD / "framework.svspec"), str(framework), "--format", "json")
    assert code == 1
    assert "missing-setting" in out


def test_spec_text_is_escaped_in_the_markdown_changelog_and_shown_visibly_in_text(tmp_path: Path) -> None:
    shutil.copytree(HERE / OLD, tmp_path / "new")
    framework = tmp_path / "new" / "framework.svspec"
    title = '"Apprenticeship and training weeks"'
    framework.write_text(framework.read_text(encoding="utf-8").replace(
        title, '"<script>x</script> [a](javascript:alert(1)) \u202e"'), encoding="utf-8")
    code, out, _ = run(str(HERE / OLD / "framework.svspec"), str(framework), "--format", "md")
    assert code == 0
    assert not re.search(r"(?<!\\)<", out) and not re.search(r"(?<!\\)\]\(", out)
    assert r"\<script\>x\</script\> \[a\](javascript:alert(1)) \\u202e" in out
    code, out, _ = run(str(HERE / OLD / "framework.svspec"), str(framework))
    assert "\u202e" not in out and "\\u202e" in out


# ------------------------------------------------------------------------- the changelog page

def test_the_markdown_changelog_builds_with_mkdocs_strict(tmp_path: Path, in_cases: Path) -> None:
    code, out, _ = run(OLD, "lambeth-2027.1", "--format", "md")
    assert code == 0
    (tmp_path / "docs").mkdir()
    (tmp_path / "docs" / "index.md").write_text(out, encoding="utf-8")
    (tmp_path / "mkdocs.yml").write_text("site_name: Changelog\nnav:\n  - Changelog: index.md\n", encoding="utf-8")
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    built = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "-f", str(tmp_path / "mkdocs.yml")],
                           capture_output=True, text=True, env=env, check=False, timeout=600)
    assert built.returncode == 0, built.stderr
    assert "Breaking changes" in (tmp_path / "site" / "index.html").read_text(encoding="utf-8")


def test_the_site_changelog_page_is_the_diff_and_builds_with_mkdocs_strict(tmp_path: Path) -> None:
    from tests.site.helpers import built_site

    previous = svspec.load(HERE / OLD / "waste-2027.svspec").model
    site = built_site(HERE / "lambeth-2027.1" / "waste-2027.svspec", tmp_path / "project", previous=previous)
    page = (tmp_path / "project" / "docs" / "changelog.md").read_text(encoding="utf-8")
    code, out, _ = run(str(HERE / OLD / "waste-2027.svspec"), str(HERE / "lambeth-2027.1" / "waste-2027.svspec"),
                       "--format", "md")
    assert code == 0
    assert page.strip() == out.strip()
    assert "Breaking changes" in (site / "changelog.html").read_text(encoding="utf-8")


def test_comparing_folders_scores_each_bid_with_the_tender_it_names(in_cases: Path) -> None:
    meals = SPECS / "lambeth" / "bids" / "meals-kitchen.yaml"
    bids = [f"--bids={b}" for b in [*BIDS, meals]]
    code, out, _ = run(OLD, "lambeth-2027.1", *bids, "--marks", str(MARKS), "--format", "json")
    assert code == 0, out
    effects = {c["new_file"]: c.get("effect") for c in json.loads(out)["comparisons"]}
    assert effects["lambeth-2027.1/framework.svspec"] is None
    waste = effects["lambeth-2027.1/waste-2027.svspec"]
    assert waste is not None
    assert sorted(row["bidder"] for row in waste) == sorted(
        ["Brixton Green Cleansing CIC", "Citywide Waste plc", "Stockwell Street Services Ltd", "Acme Services Ltd",
         "Greenway Environmental"])


def test_docs_previous_takes_a_git_revision_and_writes_the_same_changelog(repo: Path, tmp_path: Path) -> None:
    framework = repo / "framework.svspec"
    result = CliRunner().invoke(main, ["docs", str(framework), "--out", str(tmp_path / "site"),
                                       "--previous", f"{framework}@HEAD~1"])
    assert result.exit_code == 0, result.output
    page = (tmp_path / "site" / "docs" / "changelog.md").read_text(encoding="utf-8")
    code, out, _ = run(f"{framework}@HEAD~1", str(framework), "--format", "md")
    assert code == 0
    assert page.strip() == out.strip()
    assert "framework lambeth 2026.1 to framework lambeth 2026.2" in page


# ---------------------------------------------------------------------------- answers alone

def _answer_change(old: m.Answer, new: m.Answer, unit: str | None = "FTE") -> list[tuple[str, str]]:
    from svspec.diff import answer_changes

    return [(c.kind, c.reason) for c in answer_changes("measure X1", old, new, unit, unit)]


def test_a_looser_bound_lets_refused_answers_be_scored_and_is_scoring_not_breaking() -> None:
    from decimal import Decimal

    found = _answer_change(m.Answer(kind="number", minimum=Decimal(1)), m.Answer(kind="number", minimum=Decimal(0)))
    assert found == [("scoring", "measure X1's lower answer bound fell from at least 1 FTE to at least 0 FTE: "
                                 "answers refused before are now accepted and scored")]


def test_a_new_upper_bound_where_there_was_none_is_breaking() -> None:
    from decimal import Decimal

    [(kind, reason)] = _answer_change(m.Answer(kind="number"), m.Answer(kind="number", maximum=Decimal(10)))
    assert kind == "breaking"
    assert reason == ("measure X1's upper answer bound went from no bound to at most 10 FTE: answers beyond it are "
                      "no longer valid")


def test_a_removed_choice_is_breaking_and_an_added_one_is_not() -> None:
    found = _answer_change(m.Answer(kind="choice", choices=("gold", "silver")),
                           m.Answer(kind="choice", choices=("gold", "bronze")), None)
    assert found == [("breaking", "measure X1's choice “silver” was removed: a bid choosing it is no longer valid"),
                     ("scoring", "measure X1's choice “bronze” was added")]


def test_another_answer_kind_is_breaking_and_a_longer_limit_is_not() -> None:
    [(kind, _)] = _answer_change(m.Answer(kind="number"), m.Answer(kind="text"), None)
    assert kind == "breaking"
    [(kind, reason)] = _answer_change(m.Answer(kind="text", limit=300, limit_unit="words"),
                                      m.Answer(kind="text", limit=500, limit_unit="words"), None)
    assert kind == "scoring" and "longer answers are now accepted" in reason


def test_a_proxy_quoted_from_another_source_at_the_same_value_is_wording(tmp_path: Path) -> None:
    shutil.copytree(HERE / OLD, tmp_path / "new")
    values = tmp_path / "new" / "values-2026.svspec"
    values.write_text(values.read_text(encoding="utf-8").replace(
        'source "Essex ECC TOMs unit guidance ECC48 (volunteering staff hour)"', 'source "Essex ECC TOMs 2027"'),
        encoding="utf-8")
    before = svspec.load(HERE / OLD / "framework.svspec").model
    after = svspec.load(tmp_path / "new" / "framework.svspec").model
    assert before is not None and after is not None
    [change] = compare(before, after).changes
    assert (change.kind, change.subject) == ("wording", "measure LBL5")
