"""What the guidance pages say: priorities, weights, measures, how to respond, how we score
(with worked examples computed by the scoring engine), evaluator guidance, theory of change,
glossary and changelog."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

import svspec
from svspec import model
from svspec.emit.build import build
from tests.conftest import SPECS
from tests.site.helpers import generate_site

LAMBETH = SPECS / "lambeth"


@pytest.fixture(scope="module")
def framework_docs(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("framework") / "project"
    assert generate_site(LAMBETH / "framework.svspec", out).ok
    return out / "docs"


@pytest.fixture(scope="module")
def tender_docs(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("tender") / "project"
    assert generate_site(LAMBETH / "waste-2027.svspec", out).ok
    return out / "docs"


def test_the_home_page_lists_the_community_priorities_in_order_with_links(framework_docs: Path) -> None:
    home = (framework_docs / "index.md").read_text(encoding="utf-8")
    priorities = home.split("## What the community values most", 1)[1].split("##", 1)[0]
    assert [line for line in priorities.splitlines() if line[:1].isdigit()] == [
        "1. [More local people in good jobs](outcomes/jobs.md)",
        "2. [Safer and stronger communities](outcomes/safer.md)",
        "3. [Cleaner streets and greener neighbourhoods](outcomes/greener.md)",
        "4. [Residents gain skills for work](outcomes/skills.md)",
    ]


def test_the_home_page_shows_how_social_value_is_weighted(framework_docs: Path) -> None:
    home = (framework_docs / "index.md").read_text(encoding="utf-8")
    assert "| [More jobs and sustainable growth](themes/economic/index.md) | 40% |" in home
    assert "[Residents gain skills for work](outcomes/skills.md) (30%)" in home
    assert "Social value is at least 10% of the total score." in home


def test_every_theme_and_outcome_has_its_own_page(framework_docs: Path) -> None:
    framework = svspec.load(LAMBETH / "framework.svspec").model
    assert isinstance(framework, model.Framework)
    for theme in framework.themes:
        assert (framework_docs / "themes" / theme.name / "index.md").is_file()
    for outcome in framework.outcomes:
        page = (framework_docs / "outcomes" / f"{outcome.name}.md").read_text(encoding="utf-8")
        assert page.startswith(f"# {outcome.title}\n")
        for code in outcome.measures:
            assert f"### {code}: {framework.measure(code).title}" in page


def test_a_measure_section_says_what_why_unit_how_to_answer_evidence_and_scoring(framework_docs: Path) -> None:
    page = (framework_docs / "outcomes" / "jobs.md").read_text(encoding="utf-8")
    section = page.split("### LBL1:", 1)[1].split("### LBL2:", 1)[0]
    assert "Count people who live in Lambeth" in section
    assert "- Unit: **FTE** (full-time equivalent people)." in section
    assert "- Answer: A number of FTE (at least 0 FTE and at most 500 FTE)." in section
    assert "| Payroll extract with home postcodes | every quarter | Contract manager spot checks |" in section
    assert "#### How it is scored" in section and "0 FTE" in section and "10 FTE" in section
    assert "deadweight 25%, attribution 10%" in section


def test_measures_are_cross_linked_to_related_measures_and_outcomes(framework_docs: Path) -> None:
    jobs = (framework_docs / "outcomes" / "jobs.md").read_text(encoding="utf-8")
    assert "- Also contributes to [Safer and stronger communities](safer.md)." in jobs
    assert "- May be counted as well as [LBL1: Local residents employed on the contract](jobs.md#lbl1)." in jobs
    skills = (framework_docs / "outcomes" / "skills.md").read_text(encoding="utf-8")
    assert "[LBL5: Staff volunteering hours for community projects](safer.md#lbl5)" in skills
    safer = (framework_docs / "outcomes" / "safer.md").read_text(encoding="utf-8")
    assert "## Measures elsewhere that contribute to this outcome" in safer
    assert "- [LBL1: Local residents employed on the contract](jobs.md#lbl1)" in safer


def test_a_record_only_measure_is_described_as_never_scored(framework_docs: Path) -> None:
    page = (framework_docs / "outcomes" / "greener.md").read_text(encoding="utf-8")
    section = page.split("### LBL9:", 1)[1]
    assert "Record only: reported for monitoring, never scored." in section
    assert "#### How it is scored" not in section


def test_a_tender_site_explains_how_to_respond_with_the_templates_to_download(tender_docs: Path) -> None:
    respond = (tender_docs / "respond.md").read_text(encoding="utf-8")
    assert (tender_docs / "downloads" / "bid-schema.json").is_file()
    assert "(downloads/bid-schema.json)" in respond
    assert "| [LBL6: Community engagement plan](outcomes/safer.md#lbl6) |" in respond
    assert "Engagement plan" in respond
    assert "### Q1: Service delivery plan" in respond


def test_how_to_respond_says_where_a_local_only_measures_postcode_districts_are_written(tender_docs: Path) -> None:
    respond = (tender_docs / "respond.md").read_text(encoding="utf-8")
    assert "on the spreadsheet's **Local areas** sheet (in YAML or JSON, under `local:`)" in respond
    assert "- LBL1: SE1, SE5, SE11, SE21, SE24, SE27, SW2, SW4, SW8, SW9, SW12, SW16" in respond


def test_how_we_score_states_each_rule_with_a_worked_example_computed_by_the_engine(tender_docs: Path) -> None:
    from svspec.scoring import worked_example

    tender = svspec.load(LAMBETH / "waste-2027.svspec").model
    assert isinstance(tender, model.Tender)
    scoring = (tender_docs / "scoring.md").read_text(encoding="utf-8")
    example = worked_example(tender, "LBL1", 10)
    assert example.sentence.startswith("10 FTE → ")
    assert f"- Worked example: {example.sentence}" in scoring
    assert "| Price | 60% | The lowest price scores full points" in scoring
    for selection in tender.selections:
        assert f"### {selection.code}: " in scoring


def test_a_tender_site_shows_only_the_selected_measures_and_never_links_to_missing_ones(tender_docs: Path) -> None:
    pages = "\n".join(p.read_text(encoding="utf-8") for p in sorted(tender_docs.rglob("*.md")))
    assert "### LBL2:" not in pages and "### LBL4:" not in pages
    assert "#lbl4)" not in pages and "#lbl2)" not in pages
    assert "Do not count the same result again under LBL4: Expert hours supporting local small businesses." in pages


def test_evaluator_guidance_shows_scales_with_descriptors_and_moderation(tender_docs: Path) -> None:
    page = (tender_docs / "evaluators.md").read_text(encoding="utf-8")
    assert "agree one consensus mark" in page
    assert "| 100 | Excellent | A specific, measurable, time-bound commitment" in page
    assert "| 100% | Fully credible |" in page


def test_the_theory_of_change_is_a_mermaid_diagram_with_wider_outcome_contributions(framework_docs: Path) -> None:
    page = (framework_docs / "theory-of-change.md").read_text(encoding="utf-8")
    assert page.count("```svspec-diagram\nflowchart") == 2
    assert '  s0["Activity: Recruit through the Lambeth Working job brokerage"]' in page
    assert '  s0 -->|"80#37; confidence"| s1' in page
    row = "| Outcome | [More local people in good jobs](outcomes/jobs.md) | Local hires stay in work for a year | 70% |"
    assert row in page
    assert "## Contributions to wider outcomes" in page


def test_the_glossary_explains_units_and_valuation_terms(framework_docs: Path) -> None:
    page = (framework_docs / "glossary.md").read_text(encoding="utf-8")
    assert "| tCO2e | tonnes of carbon dioxide equivalent |" in page
    assert "| Deadweight | The share of an outcome that would have happened anyway. |" in page


def _edited_copy(tmp_path: Path) -> Path:
    project = tmp_path / "v2"
    shutil.copytree(LAMBETH, project)
    shutil.copy(SPECS / "svspec.toml", project / "svspec.toml")
    spec = project / "framework.svspec"
    text = spec.read_text(encoding="utf-8")
    text = text.replace("version 2026.1", "version 2027.1", 1)
    text = text.replace("    weight 40%\n", "    weight 45%\n", 1).replace("    weight 35%\n", "    weight 30%\n", 1)
    start = text.index("      measure LBL9")
    end = text.index("  pathway local-jobs")
    text = text[:start] + (
        '      measure LBL10 "Trees planted in the borough"\n'
        "        unit items\n        answer number at least 0\n"
        '        evidence "Planting log" every year\n        scored linear from 0 items to 100 items\n\n'
    ) + text[end:]
    text = text.replace("scored linear from 0 hours to 200 hours", "scored linear from 0 hours to 300 hours")
    spec.write_text(text, encoding="utf-8")
    return spec


def test_a_changelog_classes_removed_added_and_reweighted_measures_by_their_effect(tmp_path: Path) -> None:
    new = _edited_copy(tmp_path)
    previous = svspec.load(LAMBETH / "framework.svspec").model
    out = tmp_path / "project"
    assert generate_site(new, out, previous=previous).ok
    page = (out / "docs" / "changelog.md").read_text(encoding="utf-8")
    assert "Changes from framework lambeth 2026.1 to framework lambeth 2027.1: 1 breaking," in page
    breaking = page.split("## Breaking changes", 1)[1].split("## Scoring changes", 1)[0]
    scoring = page.split("## Scoring changes", 1)[1].split("## Wording changes", 1)[0]
    wording = page.split("## Wording changes", 1)[1]
    assert "**measure LBL9**: measure LBL9 (“Fleet emissions data”) was removed" in breaking
    assert "**measure LBL10**: measure LBL10 (“Trees planted in the borough”) was added" in scoring
    assert "**theme economic**: theme economic's weight changed from 40% to 45%" in scoring
    assert "**theme social**: theme social's weight changed from 35% to 30%" in scoring
    assert "**measure LBL4**: measure LBL4's scoring changed" in scoring and "300 hours" in scoring
    assert "version changed from “2026.1” to “2027.1”" in wording
    assert "Changelog" in (out / "mkdocs.yml").read_text(encoding="utf-8")


def test_generating_twice_gives_byte_identical_files(tmp_path: Path) -> None:
    first, second = tmp_path / "a", tmp_path / "b"
    generate_site(LAMBETH / "waste-2027.svspec", first)
    generate_site(LAMBETH / "waste-2027.svspec", second)
    files = sorted(p.relative_to(first) for p in first.rglob("*") if p.is_file())
    assert files == sorted(p.relative_to(second) for p in second.rglob("*") if p.is_file())
    for name in files:
        if name.parts[:2] == ("docs", "downloads"):
            continue  # made by the bid emitters, which answer for their own determinism
        assert (first / name).read_bytes() == (second / name).read_bytes(), name


def test_svspec_build_includes_the_site(tmp_path: Path) -> None:
    tender = svspec.load(LAMBETH / "waste-2027.svspec").model
    assert tender is not None
    files = build(tender, tmp_path / "out")
    assert Path("site/mkdocs.yml") in files
    assert (tmp_path / "out" / "site" / "docs" / "scoring.md").is_file()


def test_a_value_set_gets_a_page_listing_its_proxy_values(tmp_path: Path) -> None:
    assert generate_site(LAMBETH / "values-2026.svspec", tmp_path / "project").ok
    page = (tmp_path / "project" / "docs" / "index.md").read_text(encoding="utf-8")
    assert "| local-job | £28,213 | FTE per year |" in page


def test_the_framework_home_page_and_config_match_the_recorded_goldens(framework_docs: Path, golden) -> None:  # type: ignore[no-untyped-def]
    here = Path(__file__).parent / "goldens" / "lambeth-framework"
    golden(here / "index.md", (framework_docs / "index.md").read_text(encoding="utf-8"))
    golden(here / "mkdocs.yml", (framework_docs.parent / "mkdocs.yml").read_text(encoding="utf-8"))
