"""Double counting checked on the numbers (issue 9 item 12): beyond equal figures, spend under
measures that must not double count cannot exceed the contract value together, and a measure
declared `part of` another cannot claim more than its whole."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml

import svspec
from svspec import format_source, model
from svspec.bids.read import load_bid

FRAMEWORK = '''framework spend "Essex-style spend and jobs"
  version 1
  theme economic "Local economy"
    outcome jobs "More local people in work"
      measure ECC1 "Local residents employed"
        unit FTE
        answer number at least 0
        evidence "Payroll extract" every quarter
        scored linear from 0 FTE to 20 FTE
      measure ECC6 "Long-term unemployed residents hired"
        unit FTE
        answer number at least 0
        evidence "Referral records" every quarter
        scored linear from 0 FTE to 5 FTE
        additional to ECC1
        part of ECC1
    outcome suppliers "A thriving local supply chain"
      measure ECC11 "Spend with local suppliers"
        answer money at least £0
        evidence "Spend report" every quarter
        scored linear from £0 to £500,000
        no double counting with ECC12
      measure ECC12 "Spend with local SMEs"
        answer money at least £0
        evidence "Spend report" every quarter
        scored linear from £0 to £500,000
        no double counting with ECC11
'''

TENDER = '''tender roads "Highways maintenance"
  uses spend 1 from "framework.svspec"
  contract value £1,000,000 over 2 years
  closes 2026-06-30
  criteria
    price 80%, scored relative to lowest
    social value 20%
  social value measures
    ECC1 weight 25%
    ECC6 weight 25%
    ECC11 weight 25%
    ECC12 weight 25%
'''

GOOD = {"ECC1": 10, "ECC6": 4, "ECC11": 400000, "ECC12": 300000}


@pytest.fixture(scope="module")
def tender(tmp_path_factory: pytest.TempPathFactory) -> model.Tender:
    folder = tmp_path_factory.mktemp("spend")
    (folder / "svspec.toml").write_text('[project]\nname = "spend"\n', encoding="utf-8")
    (folder / "framework.svspec").write_text(FRAMEWORK, encoding="utf-8")
    (folder / "tender.svspec").write_text(TENDER, encoding="utf-8")
    result = svspec.load(folder / "tender.svspec")
    assert result.ok and isinstance(result.model, model.Tender), [d.message for d in result.diagnostics]
    return result.model


def _problems(tmp_path: Path, tender: model.Tender, **answers: Any) -> list[tuple[str, str, str]]:
    bid = {"tender": "roads", "bidder": "Roads Ltd", "price": 900000, "social_value": {**GOOD, **answers}}
    path = tmp_path / "bid.yaml"
    path.write_text(yaml.safe_dump(bid, sort_keys=False), encoding="utf-8")
    return [(d.code, d.severity.label, d.message) for d in load_bid(path, tender)[1]]


def test_a_bid_within_both_checks_is_told_nothing(tmp_path: Path, tender: model.Tender) -> None:
    assert _problems(tmp_path, tender) == []


def test_a_part_claiming_more_than_its_whole_is_refused_with_both_figures(tmp_path: Path,
                                                                        tender: model.Tender) -> None:
    found = _problems(tmp_path, tender, ECC1=3, ECC6=5)
    assert found == [("bid/part-exceeds-whole", "error",
                      "ECC6 'Long-term unemployed residents hired' (FTE) claims 5 FTE, more than "
                      "ECC1 'Local residents employed' (FTE) (3 FTE), which counts every result of it too "
                      "(at /social_value/ECC6)")]


def test_a_part_equal_to_its_whole_is_accepted(tmp_path: Path, tender: model.Tender) -> None:
    assert _problems(tmp_path, tender, ECC1=4, ECC6=4) == []


def test_separate_spend_adding_up_to_more_than_the_contract_is_flagged(tmp_path: Path,
                                                                      tender: model.Tender) -> None:
    found = _problems(tmp_path, tender, ECC11=700000, ECC12=450000)
    assert found == [("bid/exclusive-claims-exceed-contract", "warning",
                      "ECC11 'Spend with local suppliers' (£) and ECC12 'Spend with local SMEs' (£) claim "
                      "£1,150,000 together, more than the contract value of £1,000,000, but must not count "
                      "the same spend twice (at /social_value/ECC12)")]


def test_separate_spend_of_exactly_the_contract_value_is_accepted(tmp_path: Path, tender: model.Tender) -> None:
    assert _problems(tmp_path, tender, ECC11=600000, ECC12=400000) == []


def test_equal_figures_are_still_flagged_as_one_result_counted_twice(tmp_path: Path, tender: model.Tender) -> None:
    assert [c for c, _, _ in _problems(tmp_path, tender, ECC11=300000, ECC12=300000)] == [
        "bid/same-figure-counted-twice"]


def test_the_guidance_site_says_a_part_is_never_more_than_its_whole(tender: model.Tender) -> None:
    from svspec.emit.site import render

    pages, _ = render(tender)
    assert pages is not None
    text = "\n".join(page.decode("utf-8", "replace") for path, page in pages.items() if path.endswith(".md"))
    assert "Counts part of what" in text and "so it is never more than that figure" in text


def test_part_of_is_formatted_as_written() -> None:
    once = format_source(FRAMEWORK)
    assert "        part of ECC1\n" in once and format_source(once) == once


def _framework_problems(tmp_path: Path, measure_lines: str) -> list[tuple[str, str]]:
    path = tmp_path / "framework.svspec"
    path.write_text(FRAMEWORK.replace("        part of ECC1\n", measure_lines), encoding="utf-8")
    return [(d.code, d.message) for d in svspec.load(path).diagnostics]


def test_a_part_of_a_measure_counted_in_another_unit_is_refused(tmp_path: Path) -> None:
    assert _framework_problems(tmp_path, "        part of ECC11\n") == [(
        "part-of-not-a-figure",
        "'ECC6' is declared part of 'ECC11', but 'ECC6' is counted in FTE and 'ECC11' in money")]


def test_a_part_of_a_measure_it_must_not_double_count_with_is_refused(tmp_path: Path) -> None:
    assert [c for c, _ in _framework_problems(tmp_path, "        part of ECC1\n        no double counting with ECC1\n")
            ] == ["double-counting-conflict", "part-of-exclusive"]  # it is also `additional to ECC1`


def test_part_of_itself_or_an_unknown_measure_is_refused(tmp_path: Path) -> None:
    assert _framework_problems(tmp_path, "        part of ECC6, ECC2\n") == [
        ("double-counting-self", "measure 'ECC6' cannot be part of itself"),
        ("unknown-measure", "there is no measure called 'ECC2'")]


def test_the_bid_schema_and_template_tell_bid_writers_which_figure_bounds_a_part(tender: model.Tender) -> None:
    from svspec.emit.schema import bid_schema
    from svspec.emit.templates import yaml_template

    properties = bid_schema(tender)["properties"]["social_value"]["properties"]
    assert properties["ECC6"]["svspec:partOf"] == ["ECC1"] and "svspec:partOf" not in properties["ECC1"]
    assert "Part of: ECC1: never more than that figure" in yaml_template(tender)


def test_svspec_diff_reports_a_measure_becoming_part_of_another(tmp_path: Path) -> None:
    from svspec.diff import compare

    before, after = tmp_path / "before.svspec", tmp_path / "after.svspec"
    before.write_text(FRAMEWORK.replace("        part of ECC1\n", ""), encoding="utf-8")
    after.write_text(FRAMEWORK, encoding="utf-8")
    old, new = svspec.load(before).model, svspec.load(after).model
    assert isinstance(old, model.Framework) and isinstance(new, model.Framework)
    reasons = [c.reason for c in compare(old, new).changes]
    assert any(r.endswith("ECC6 is part of ECC1 (was nothing)") for r in reasons), reasons
