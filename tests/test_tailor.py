"""Real frameworks' questions and flags (issue 9 items 2, 3, 11, 12 and 13), end to end.

`tests/tailor/` holds a PPN 06/20- and Essex-style framework with codes as published ("MAC 2.1",
"1a"), a tender that tailors its model question, collects a record-only measure (ECC2) and limits
the narrative, and a valid bid; each test changes one thing and says what a user relies on.
"""

from __future__ import annotations

import io
import json
from pathlib import Path
from typing import Any

import pytest
import yaml
from click.testing import CliRunner
from openpyxl import load_workbook

import svspec
from svspec import model
from svspec.bids.read import load_bid
from svspec.cli import main
from svspec.emit.schema import bid_schema
from svspec.emit.site import render
from svspec.emit.templates import blank_bid, yaml_template
from svspec.emit.xlsx import workbook_bytes

HERE = Path(__file__).resolve().parent / "tailor"


@pytest.fixture(scope="module")
def roads() -> model.Tender:
    result = svspec.load(HERE / "tender.svspec")
    assert result.ok and isinstance(result.model, model.Tender), [d.message for d in result.errors]
    return result.model


def _bid(tmp_path: Path, **social: Any) -> Path:
    data = yaml.safe_load((HERE / "bid-good.yaml").read_text(encoding="utf-8"))
    data["social_value"].update(social)
    path = tmp_path / "bid.yaml"
    path.write_text(yaml.safe_dump(data, sort_keys=False, allow_unicode=True), encoding="utf-8")
    return path


def _codes(path: Path, tender: model.Tender) -> list[str]:
    return [d.code for d in load_bid(path, tender)[1]]


# ---------------------------------------------------------------- item 11: codes as published
def test_codes_are_kept_as_published_in_the_model_and_every_template(roads: model.Tender) -> None:
    assert roads.selections[0].code == "MAC 2.1"
    assert roads.questions[0].code == "1a"
    assert '"MAC 2.1": ""' in yaml_template(roads) and '"1a": ""' in yaml_template(roads)
    assert set(blank_bid(roads)["social_value"]) >= {"MAC 2.1", "ECC1"}
    assert "MAC 2.1" in bid_schema(roads)["properties"]["social_value"]["properties"]
    sheet = load_workbook(io.BytesIO(workbook_bytes(roads)))["Social value"]
    assert sheet["A2"].value == "MAC 2.1"


def test_a_quoted_code_is_formatted_back_quoted_and_a_plain_one_bare() -> None:
    text = (HERE / "framework.svspec").read_text(encoding="utf-8")
    formatted = svspec.format_source(text.replace("measure ECC1 ", 'measure "ECC1" '))
    assert 'measure "MAC 2.1" "Create' in formatted and "measure ECC1 " in formatted


def test_a_bid_answers_under_the_published_code(tmp_path: Path, roads: model.Tender) -> None:
    bid, problems = load_bid(HERE / "bid-good.yaml", roads)
    assert bid is not None and not [p for p in problems if p.severity.name == "ERROR"]


# ---------------------------------------------------------------- item 3: record-only measures
def test_a_record_only_measure_is_collected_in_every_template_but_never_scored(roads: model.Tender) -> None:
    assert [r.code for r in roads.recorded] == ["ECC2"] and "ECC2" not in {s.code for s in roads.selections}
    answer = bid_schema(roads)["properties"]["social_value"]["properties"]["ECC2"]
    assert answer["svspec:scoring"]["kind"] == "record-only" and answer["maximum"] == 100
    assert "ECC2:" in yaml_template(roads) and "Recorded, not scored." in yaml_template(roads)
    assert "ECC2" in blank_bid(roads)["social_value"]
    codes = [row[0].value for row in load_workbook(io.BytesIO(workbook_bytes(roads)))["Social value"].iter_rows(
        min_row=2)]
    assert "ECC2" in codes


def test_a_record_only_answer_is_validated(tmp_path: Path, roads: model.Tender) -> None:
    assert "bid/above-maximum" in _codes(_bid(tmp_path, ECC2=140), roads)


def test_a_record_only_answer_earns_no_points(tmp_path: Path) -> None:
    runner = CliRunner()
    args = ["score", str(HERE / "tender.svspec"), str(HERE / "bid-good.yaml"), "--marks", str(HERE / "marks.yaml"),
            "--format", "json"]
    first = json.loads(runner.invoke(main, args).output)
    changed = _bid(tmp_path, ECC2=5)
    args[2] = str(changed)
    second = json.loads(runner.invoke(main, args).output)
    assert first["bids"][0]["total_exact"] == second["bids"][0]["total_exact"]
    assert "ECC2" not in {i["code"] for i in first["bids"][0]["items"]}


# ---------------------------------------------------------------- item 2: tailoring
def test_the_tenders_limit_and_question_are_what_bidders_see_and_what_is_checked(
        tmp_path: Path, roads: model.Tender) -> None:
    asked = roads.selections[0].measure
    assert asked.answer.limit == 200 and asked.answer.limit_unit == "characters"
    assert asked.question is not None and asked.question.startswith("Using a maximum of 200 characters")
    assert asked.sub_criteria == ("Delivery of apprenticeships on the roads contract.",)
    assert [r.what for r in asked.reports] == ["Number of apprenticeships created", "Number of T Level placements"]
    assert roads.framework.measure("MAC 2.1").answer.limit is None  # the framework leaves it open
    assert "Question: Using a maximum of 200 characters" in yaml_template(roads)
    schema = bid_schema(roads)["properties"]["social_value"]["properties"]["MAC 2.1"]
    assert schema["maxLength"] == 200 and schema["svspec:subCriteria"] == list(asked.sub_criteria)
    assert "bid/too-many-characters" in _codes(_bid(tmp_path, **{"MAC 2.1": "x" * 201}), roads)


def test_a_narrative_over_the_total_limit_is_refused_at_the_longest_answer(tmp_path: Path,
                                                                           roads: model.Tender) -> None:
    long = " ".join(["word"] * 30)  # 30 + 9 words of 1a: 39, within 200 characters
    path = _bid(tmp_path, **{"MAC 2.1": long})
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    data["quality"]["1a"] = " ".join(["plan"] * 40)
    path.write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")
    problems = load_bid(path, roads)[1]
    refused = [p for p in problems if p.code == "bid/narrative-too-long"]
    assert len(refused) == 1 and "70 words" in refused[0].message and "60 words" in refused[0].message
    assert bid_schema(roads)["svspec:narrativeLimit"] == {"limit": 60, "unit": "words"}


# ---------------------------------------------------------------- item 12: flags that do something
def test_ten_and_a_half_fte_is_refused_for_a_measure_that_is_not_apportioned(tmp_path: Path,
                                                                            roads: model.Tender) -> None:
    path = _bid(tmp_path, ECC4=10.5)
    problems = load_bid(path, roads)[1]
    refused = [p for p in problems if p.code == "bid/fraction-not-apportioned"]
    assert len(refused) == 1 and "10.5 FTE" in refused[0].message and refused[0].span is not None
    line = next(i for i, text in enumerate(path.read_text(encoding="utf-8").splitlines(), 1) if "ECC4:" in text)
    assert refused[0].span.line == line
    schema = bid_schema(roads)["properties"]["social_value"]["properties"]
    assert schema["ECC4"]["multipleOf"] == 1 and "multipleOf" not in schema["ECC1"]


def test_an_apportioned_measure_takes_part_of_a_person(tmp_path: Path, roads: model.Tender) -> None:
    assert "bid/fraction-not-apportioned" not in _codes(_bid(tmp_path, ECC1=10.5), roads)


def test_a_local_only_measure_names_its_area_in_the_templates_and_schema(roads: model.Tender) -> None:
    template = yaml_template(roads)
    assert "Local area: Count only results in the CM1, CM2 or SS1 postcode districts." in template
    assert "Count only results within Essex County Council area." in template
    schema = bid_schema(roads)["properties"]["social_value"]["properties"]
    assert schema["ECC4"]["svspec:localArea"] == ["CM1", "CM2", "SS1"]
    assert schema["ECC1"]["svspec:localArea"] == "Essex County Council area"


def test_the_same_figure_under_measures_that_must_not_double_count_is_flagged(tmp_path: Path,
                                                                             roads: model.Tender) -> None:
    problems = load_bid(_bid(tmp_path, ECC11=20000, ECC12=20000), roads)[1]
    flagged = [p for p in problems if p.code == "bid/same-figure-counted-twice"]
    assert len(flagged) == 1 and "£20,000" in flagged[0].message and flagged[0].severity.name == "WARNING"
    assert "bid/same-figure-counted-twice" not in _codes(HERE / "bid-good.yaml", roads)


# ---------------------------------------------------------------- item 13: tags
def test_measures_carry_their_own_their_outcomes_and_their_themes_tags(roads: model.Tender) -> None:
    framework = roads.framework
    assert framework.measure("ECC1").tags == ("resilience", "equality", "sdg8")
    assert framework.measure("ECC11").tags == ()
    assert [f.name for f in framework.tag_families] == ["purpose", "sdgs"]


def test_the_site_has_a_tags_page_listing_the_measures_under_each_tag(roads: model.Tender) -> None:
    files, problems = render(roads)
    assert files is not None, problems
    page = files["docs/tags.md"].decode("utf-8")
    resilience = page.split("### Resilience")[1].split("###")[0]
    assert "[ECC1: Local people employed on the contract](outcomes/2a.md#ecc1)" in resilience
    assert "ECC4" not in resilience


def test_the_score_report_groups_points_by_tag() -> None:
    args = ["score", str(HERE / "tender.svspec"), str(HERE / "bid-good.yaml"), "--marks", str(HERE / "marks.yaml"),
            "--format", "json"]
    data = json.loads(CliRunner().invoke(main, args).output)
    by_tag = {t["tag"]: t["points"]["Good Roads Ltd"] for t in data["by_tag"]}
    # Equality (outcome 2a): MAC 2.1 50% of 40% + ECC1 full of 20% + ECC4 2/5 of 10%, of social value's 20 points.
    assert by_tag == {"equality": "8.80", "prevention": "0.60", "resilience": "4.00", "sdg8": "8.80"}


def test_a_code_with_a_hidden_character_is_refused_where_it_is_written(tmp_path: Path) -> None:
    text = (HERE / "framework.svspec").read_text(encoding="utf-8")
    text = text.replace('measure "MAC 2.1"', 'measure "MAC\u200b2.1"')
    (tmp_path / "svspec.toml").write_text('[project]\nname = "hidden"\n', encoding="utf-8")
    (tmp_path / "framework.svspec").write_text(text, encoding="utf-8")
    problems = [d for d in svspec.load(tmp_path / "framework.svspec").diagnostics if d.code == "syntax/bad-code"]
    assert len(problems) == 1 and "MAC\\u200b2.1" in problems[0].message and problems[0].span is not None


@pytest.mark.parametrize(("code", "key"), [("MAC 2.1", '"MAC 2.1"'), ("1a", '"1a"'), ("1", '"1"'), ("NT1", "NT1"),
                                           ("yes", '"yes"'), ('a"b', '"a\\"b"')])
def test_a_code_is_written_as_a_yaml_key_that_reads_back_as_the_code(code: str, key: str) -> None:
    from svspec.plaintext import yaml_key

    assert yaml_key(code) == key and yaml.safe_load(f"{yaml_key(code)}: 0") == {code: 0}


def test_diff_reports_a_tighter_limit_and_a_measure_no_longer_collected(tmp_path: Path) -> None:
    for name in ("svspec.toml", "framework.svspec", "tender.svspec"):
        (tmp_path / name).write_text((HERE / name).read_text(encoding="utf-8"), encoding="utf-8")
    new = (HERE / "tender.svspec").read_text(encoding="utf-8")
    new = new.replace("answer text up to 200 characters", "answer text up to 100 characters")
    (tmp_path / "new.svspec").write_text(new.replace("    ECC2 record only\n", ""), encoding="utf-8")
    result = CliRunner().invoke(main, ["diff", str(tmp_path / "tender.svspec"), str(tmp_path / "new.svspec")])
    assert "answer limit went from up to 200 characters to up to 100 characters" in result.output
    assert "recorded measure ECC2" in result.output and "is no longer collected" in result.output


def test_the_template_asks_where_local_results_come_from_and_the_bid_is_checked_against_the_area(
        tmp_path: Path, roads: model.Tender) -> None:
    assert "  ECC4: []" in yaml_template(roads) and "ECC4: one or more of CM1, CM2, SS1" in yaml_template(roads)
    assert blank_bid(roads)["local"] == {"ECC4": []}
    schema = bid_schema(roads)["properties"]["local"]
    assert schema["properties"]["ECC4"]["items"]["enum"] == ["CM1", "CM2", "SS1"] and "ECC1" not in schema["properties"]
    path = _bid(tmp_path)
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    data["local"] = {"ECC4": ["CM1", "SS1"]}
    path.write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")
    assert not [d for d in load_bid(path, roads)[1] if d.severity.name == "ERROR"]
    data["local"] = {"ECC4": ["CM1", "cm2", "CM1", "SW9"], "ECC1": ["CM1"]}
    path.write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")
    problems = load_bid(path, roads)[1]
    assert [d.code for d in problems] == ["bid/outside-local-area", "bid/district-listed-twice",
                                          "bid/outside-local-area", "bid/not-local-only"]
    assert problems[0].suggestions == ("CM2",) and problems[0].span is not None


def test_a_tailored_tender_formats_to_itself() -> None:
    text = (HERE / "tender.svspec").read_text(encoding="utf-8")
    assert svspec.format_source(text) == text
    messy = text.replace('    "MAC 2.1" weight 40%', '    "MAC 2.1"   weight 40%')
    messy = messy.replace("  ECC2 record only", "  ECC2  record   only")
    assert svspec.format_source(messy) == text
