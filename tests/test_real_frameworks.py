"""The real frameworks in specs/ and the bundled Social Value Models: every one checks, builds,
validates its bids (the invalid ones fail with located messages) and scores, and the policies
the councils wrote hold (Bradford's six measures, LBHF's rising minimum, Manchester's
environment share, the 10% of PPN 06/20 and PPN 002).
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner

import svspec
from svspec import bundled, model
from svspec.bids.read import load_bid, sources_of
from svspec.cli import main
from svspec.diagnostics.render import render_text
from svspec.syntax.formatter import format_text
from tests.conftest import ROOT, SPECS

GOLDENS = ROOT / "tests" / "specs_goldens"
FOLDERS = sorted(p for p in SPECS.iterdir() if p.is_dir())
REAL = ["ppn-06-20", "ppn-002", "essex", "bradford", "manchester", "lbhf"]
"""The folders of issue 9's real frameworks (lambeth is the older bundled example)."""


def run(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(main, list(args))
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    return result.exit_code, result.output


def tender_files() -> dict[str, Path]:
    """Every tender in specs/, by name."""
    found: dict[str, Path] = {}
    for path in sorted(SPECS.rglob("*.svspec")):
        match = re.search(r"^tender (\S+)", path.read_text(encoding="utf-8"), re.MULTILINE)
        if match:
            found[match.group(1)] = path
    return found


def bids_of(folder: Path) -> list[Path]:
    return sorted(p for p in (folder / "bids").iterdir() if p.suffix in (".yaml", ".json"))


def tender_of(bid: Path) -> Path:
    """The tender a bid names (`tender: NAME`), found among the specs."""
    name = yaml.safe_load(bid.read_text(encoding="utf-8"))["tender"]
    return tender_files()[name]


def load_tender(path: Path) -> model.Tender:
    result = svspec.load(path)
    assert result.ok and isinstance(result.model, model.Tender), [d.message for d in result.errors]
    return result.model


def codes_of(paths: list[Path]) -> list[str]:
    return [d.code for r in svspec.check(paths) for d in r.diagnostics]


# ---------------------------------------------------------------- what specs/ holds

def test_specs_hold_each_real_framework_with_a_tender_three_bids_one_invalid_and_marks() -> None:
    for name in REAL:
        folder = SPECS / name
        tenders = [p for p in folder.glob("*.svspec")
                   if re.search(r"^tender ", p.read_text(encoding="utf-8"), re.MULTILINE)]
        assert tenders, f"{name} has no tender"
        bids = bids_of(folder)
        assert len(bids) >= 3, f"{name} has fewer than three bids"
        assert any("-invalid" in b.name for b in bids), f"{name} has no invalid bid"
        assert list((folder / "marks").glob("*.yaml")), f"{name} has no marks"
        assert list((folder / "tests").glob("*.svtest.yaml")), f"{name} has no svtest file"


def test_every_framework_and_value_set_in_specs_names_its_source_and_licence() -> None:
    for path in sorted(SPECS.rglob("*.svspec")):
        spec = svspec.load(path).model
        if isinstance(spec, model.Framework | model.ValueSet):
            assert spec.source and spec.licence, f"{path.relative_to(ROOT)} names no source or licence"


def test_every_spec_and_bundled_framework_checks_without_errors_and_is_formatted() -> None:
    paths = sorted(SPECS.rglob("*.svspec")) + sorted(bundled.folder().glob("*.svspec"))
    assert len(paths) >= 24
    for result in svspec.check(paths):
        assert result.ok, [d.message for d in result.errors]
    for path in paths:
        text = path.read_text(encoding="utf-8")
        assert format_text(text) == text, f"{path} is not formatted (svspec fmt)"


def test_every_tender_in_specs_is_tested_by_svspec_test() -> None:
    tested = set()
    for test in SPECS.rglob("*.svtest.yaml"):
        named = yaml.safe_load(test.read_text(encoding="utf-8"))["tender"]
        tested.add((test.parent / named).resolve())
    untested = [name for name, path in tender_files().items() if path.resolve() not in tested]
    assert untested == []


def test_svspec_test_specs_runs_every_case_and_all_pass() -> None:
    code, out = run("test", str(SPECS))
    assert code == 0, out
    summary = re.search(r"(\d+) passed, (\d+) failed", out)
    assert summary is not None and int(summary.group(2)) == 0
    for name in REAL:
        assert f"specs/{name}/tests/" in out, f"svspec test specs did not run the tests of {name}"


@pytest.mark.parametrize("name", sorted(tender_files()), ids=str)
def test_every_tender_builds_its_schema_templates_scoring_model_and_site(name: str, tmp_path: Path) -> None:
    path = tender_files()[name]
    code, out = run("build", str(path), "--out", str(tmp_path / "out"))
    assert code == 0, out
    for output in ("bid-schema.json", "bid-template.yaml", "bid-template.xlsx", "scoring.json", "scoring.py",
                   "site/docs/index.md"):
        assert (tmp_path / "out" / output).is_file(), output


VALID = [b for f in FOLDERS if f.name in REAL for b in bids_of(f) if "-invalid" not in b.name]
INVALID = [b for f in FOLDERS if f.name in REAL for b in bids_of(f) if "-invalid" in b.name]


@pytest.mark.parametrize("bid", VALID, ids=lambda p: f"{p.parent.parent.name}/{p.name}")
def test_every_valid_bid_of_the_real_frameworks_passes_without_any_diagnostic(bid: Path) -> None:
    tender = load_tender(tender_of(bid))
    result, diagnostics = load_bid(bid, tender)
    assert diagnostics == []
    assert result is not None and result.tender == tender.name


@pytest.mark.parametrize("bid", INVALID, ids=lambda p: f"{p.parent.parent.name}/{p.name}")
def test_every_invalid_bid_fails_with_each_message_at_its_line_and_column(bid: Path, golden) -> None:  # type: ignore[no-untyped-def]
    tender = load_tender(tender_of(bid))
    result, diagnostics = load_bid(bid, tender)
    assert result is None and diagnostics
    for diagnostic in diagnostics:
        assert diagnostic.span is not None and diagnostic.span.line >= 1, diagnostic.message
    ordered = sorted(diagnostics, key=lambda d: d.sort_key())
    golden(GOLDENS / f"{bid.parent.parent.name}-{bid.name}.txt", render_text(ordered, sources_of([bid]), color=False))


# ---------------------------------------------------------------- the bundled frameworks

@pytest.mark.parametrize("name", bundled.names())
def test_a_bundled_framework_is_package_data_found_by_name(name: str) -> None:
    path = bundled.find(name)
    assert path is not None and path.is_file() and path.parent == bundled.folder()
    framework = svspec.load(path).model
    assert isinstance(framework, model.Framework)
    assert framework.name == name and framework.version == bundled.FRAMEWORKS[name].version


def test_only_the_bundled_names_are_found() -> None:
    assert bundled.find("national-toms") is None
    assert bundled.find("../ppn-002") is None
    assert sorted(p.name for p in bundled.folder().glob("*.svspec")) == sorted(
        b.file for b in bundled.FRAMEWORKS.values())


@pytest.mark.parametrize("name", bundled.names())
def test_a_bundled_framework_carries_the_open_government_licence_attribution(name: str, tmp_path: Path) -> None:
    framework = svspec.load(bundled.find(name) or "").model
    assert isinstance(framework, model.Framework)
    assert framework.licence is not None and "Open Government Licence v3.0" in framework.licence
    assert "nationalarchives.gov.uk/doc/open-government-licence/version/3" in framework.licence
    assert framework.source is not None and "Cabinet Office" in framework.source
    assert framework.policy.min_social_value == model_share("10%")


def model_share(text: str) -> object:
    """A percentage as the model holds it (an exact fraction)."""
    from decimal import Decimal

    return Decimal(text.rstrip("%")) / 100


@pytest.mark.parametrize("folder, tender", [("ppn-06-20", "advice-2021.svspec"), ("ppn-002", "facilities-2026.svspec")])
def test_a_tender_uses_a_bundled_framework_by_name_and_its_site_shows_the_attribution(
        folder: str, tender: str, tmp_path: Path) -> None:
    path = SPECS / folder / tender
    assert re.search(r"^  uses \S+ \S+$", path.read_text(encoding="utf-8"), re.MULTILINE)
    assert load_tender(path).framework.name == folder
    assert run("build", str(path), "--out", str(tmp_path / "out"))[0] == 0
    home = (tmp_path / "out" / "site" / "docs" / "index.md").read_text(encoding="utf-8")
    assert "Open Government Licence v3.0" in home and "Cabinet Office" in home


PPN_002_LAYER = """framework dept "A department's PPN 002"
  extends ppn-002 2025.1
  version 2026.1

  change outcome sustainable-procurement
    measure SP1 "Carbon reduction plan for the contract"
      answer text up to 500 words
      evidence "Carbon reduction plan" with the bid
      scored by evaluators on scale quality, minimum 40
"""


def test_ppn_002_advises_one_outcome_per_contract_so_two_outcomes_warn_not_refuse(tmp_path: Path) -> None:
    (tmp_path / "dept.svspec").write_text(PPN_002_LAYER, encoding="utf-8")
    tender = ('tender t "T"\n  uses dept 2026.1 from "dept.svspec"\n  version 1\n  closes 2026-06-30\n'
              '  contract value £50,000,000 over 5 years\n\n  criteria\n    price 90%, scored relative to lowest\n'
              '    social value 10%\n\n  social value measures\n    "1a" weight 50%\n    {second} weight 50%\n')
    (tmp_path / "t.svspec").write_text(tender.format(second="SP1"), encoding="utf-8")
    results = svspec.check([tmp_path / "t.svspec"])
    assert all(r.ok for r in results)
    [advice] = [d for r in results for d in r.diagnostics]
    assert advice.code == "policy-not-followed" and "2 outcomes" in advice.message
    (tmp_path / "t.svspec").write_text(tender.format(second='"1c"'), encoding="utf-8")
    assert codes_of([tmp_path / "t.svspec"]) == []


def test_ppn_002_award_criteria_score_nothing_below_a_specific_measurable_time_bound_commitment() -> None:
    text = (bundled.folder() / "ppn-002.svspec").read_text(encoding="utf-8")
    assert text.count("scored by evaluators on scale quality, minimum 40") == 5
    assert '40 "Acceptable": A specific, measurable and time-bound commitment' in text


# When each model applied, as the Cabinet Office published it (PPN 06/20, 24 September 2020: above-
# threshold procurements under Part 2 of the Public Contracts Regulations 2015, from 1 January
# 2021; PPN 002, 13 February 2025, replacing it under the Procurement Act 2023, mandatory for
# in-scope organisations from 1 October 2025).
PPN_06_20_FROM, PPN_002_PUBLISHED, PPN_002_MANDATORY = "2021-01-01", "2025-02-13", "2025-10-01"


def test_ppn_06_20_holds_its_ten_percent_under_the_2015_regulations_and_names_no_threshold_figure() -> None:
    framework = svspec.load(bundled.find("ppn-06-20") or "").model
    assert isinstance(framework, model.Framework)
    assert framework.effective == PPN_06_20_FROM
    assert framework.policy.min_social_value == model_share("10%") and framework.policy.applies_from is None
    text = (bundled.folder() / "ppn-06-20.svspec").read_text(encoding="utf-8")
    assert "Part 2 of the Public Contracts Regulations 2015" in text and "faithful form" not in text
    assert "Public Contracts Regulations 2015" in (framework.summary or "")


def test_each_ppn_example_tender_closes_while_its_model_applies() -> None:
    ppn_06_20 = load_tender(SPECS / "ppn-06-20" / "advice-2021.svspec")
    assert ppn_06_20.closes is not None and PPN_06_20_FROM <= ppn_06_20.closes < PPN_002_PUBLISHED
    ppn_002 = load_tender(SPECS / "ppn-002" / "facilities-2026.svspec")
    assert ppn_002.closes is not None and ppn_002.closes >= PPN_002_MANDATORY


def test_a_bundled_framework_is_found_wherever_the_tender_lives(tmp_path: Path) -> None:
    (tmp_path / "t.svspec").write_text(
        'tender t "T"\n  uses ppn-002 2025.1\n  version 1\n  closes 2026-06-30\n'
        '  contract value £500,000 over 2 years\n\n  criteria\n    price 90%, scored relative to lowest\n'
        '    social value 10%\n\n  social value measures\n    "1a" weight 100%\n', encoding="utf-8")
    assert codes_of([tmp_path / "t.svspec"]) == []


def test_a_wrong_version_of_a_bundled_framework_is_reported_against_the_bundled_file(tmp_path: Path) -> None:
    (tmp_path / "t.svspec").write_text(
        'tender t "T"\n  uses ppn-06-20 1.0\n  version 1\n  closes 2024-06-30\n'
        '  contract value £500,000 over 2 years\n\n  criteria\n    price 90%, scored relative to lowest\n'
        '    social value 10%\n\n  social value measures\n    "MAC 3.1" weight 100%\n', encoding="utf-8")
    [problem] = [d for r in svspec.check([tmp_path / "t.svspec"]) for d in r.diagnostics]
    assert problem.code == "version-mismatch"
    assert "'bundled ppn-06-20' is version 1.1" in problem.message
    assert problem.related and problem.related[0].span.file == "svspec/bundled/ppn-06-20.svspec"


def test_a_tender_closing_after_ppn_06_20_was_replaced_is_warned_and_pointed_to_ppn_002(tmp_path: Path) -> None:
    (tmp_path / "t.svspec").write_text(
        'tender t "T"\n  uses ppn-06-20 1.1\n  version 1\n  closes 2026-06-30\n'
        '  contract value £500,000 over 2 years\n\n  criteria\n    price 90%, scored relative to lowest\n'
        '    social value 10%\n\n  social value measures\n    "MAC 3.1" weight 100%\n', encoding="utf-8")
    [problem] = [d for r in svspec.check([tmp_path / "t.svspec"]) for d in r.diagnostics]
    assert problem.code == "closing-date-after-until"
    assert problem.severity.name == "WARNING"
    assert "stopped applying on 2025-02-23, replaced by ppn-002" in problem.message
    # the day before the Procurement Act 2023 came into force, the model still applies
    (tmp_path / "t.svspec").write_text((tmp_path / "t.svspec").read_text(encoding="utf-8").replace(
        "2026-06-30", "2025-02-23"), encoding="utf-8")
    assert codes_of([tmp_path / "t.svspec"]) == []


def test_the_bundled_ppn_06_20_site_says_until_when_it_applied_and_what_replaced_it(tmp_path: Path) -> None:
    bundled_model = ROOT / "src" / "svspec" / "bundled" / "ppn-06-20.svspec"
    code, out = run("docs", str(bundled_model), "--out", str(tmp_path / "site"))
    assert code == 0, out
    home = (tmp_path / "site" / "docs" / "index.md").read_text(encoding="utf-8")
    assert "| In force until | 23 February 2025, then replaced by ppn-002 |" in home


def test_social_value_below_ten_percent_breaks_the_bundled_ppn_policy(tmp_path: Path) -> None:
    text = (SPECS / "ppn-002" / "facilities-2026.svspec").read_text(encoding="utf-8")
    text = text.replace("quality 60%", "quality 65%").replace("social value 10%", "social value 5%")
    (tmp_path / "t.svspec").write_text(text, encoding="utf-8")
    assert codes_of([tmp_path / "t.svspec"]) == ["social-value-below-minimum"]


# ---------------------------------------------------------------- svspec new --from

@pytest.mark.parametrize("source", bundled.names())
@pytest.mark.parametrize("name", ["council", "M1", "policy", "ppn-002"])
def test_new_from_a_bundled_framework_checks_validates_scores_and_passes_its_test(source: str, name: str,
                                                                                 tmp_path: Path) -> None:
    """Any project name works, even one that is a code or a keyword of the copied framework."""
    code, out = run("new", name, "--from", source, "--dir", str(tmp_path))
    assert code == 0, out
    project = tmp_path / name
    assert sorted(str(p.relative_to(project)) for p in project.rglob("*") if p.is_file()) == [
        "bids/example-bid.yaml", "framework.svspec", "marks/example-marks.yaml", "svspec.toml",
        "tender.svspec", "tests/example.svtest.yaml"]
    assert all(r.ok for r in svspec.check(sorted(project.glob("*.svspec"))))
    tender, bid = str(project / "tender.svspec"), str(project / "bids" / "example-bid.yaml")
    assert run("validate", tender, bid)[0] == 0
    assert run("score", tender, bid, "--marks", str(project / "marks" / "example-marks.yaml"))[0] == 0
    code, out = run("test", str(project))
    assert code == 0 and "1 passed, 0 failed" in out, out


@pytest.mark.parametrize("source", bundled.names())
def test_the_councils_copy_is_renamed_and_keeps_the_attribution(source: str, tmp_path: Path) -> None:
    run("new", "council", "--from", source, "--dir", str(tmp_path))
    path = tmp_path / "council" / "framework.svspec"
    copy = svspec.load(path).model
    original = svspec.load(bundled.find(source) or "").model
    assert isinstance(copy, model.Framework) and isinstance(original, model.Framework)
    assert copy.name == "council" and copy.version == "1.0"
    assert (copy.licence, copy.source) == (original.licence, original.source)
    assert [m.code for m in copy.measures] == [m.code for m in original.measures]
    text = path.read_text(encoding="utf-8")
    assert text.startswith(f"# council: your framework, started from the bundled {bundled.FRAMEWORKS[source].title}")
    assert format_text(text) == text


def test_new_from_an_unknown_framework_is_a_usage_error_that_lists_the_bundled_ones(tmp_path: Path) -> None:
    code, out = run("new", "council", "--from", "national-toms", "--dir", str(tmp_path))
    assert code == 2 and "ppn-002" in out and "ppn-06-20" in out
    assert not (tmp_path / "council").exists()


# ---------------------------------------------------------------- the councils' own rules

def test_essex_has_at_least_thirty_measures_with_real_ecc_codes_and_flags() -> None:
    framework = svspec.load(SPECS / "essex" / "framework.svspec").model
    assert isinstance(framework, model.Framework)
    codes = [m.code for m in framework.measures]
    assert len(codes) >= 30 and all(re.fullmatch(r"ECC\d+[a-z]?", c) for c in codes)
    measure = {m.code: m for m in framework.measures}
    assert [c for c in codes if measure[c].record_only] == ["ECC2", "ECC36", "ECC37"]
    assert measure["ECC6"].additional_to == ("ECC1",)
    assert measure["ECC11"].no_double_counting_with == ("ECC12",)
    assert measure["ECC1"].apportioned and measure["ECC1"].local_only
    units = {u.name: u.description for u in framework.units}
    assert units["attendee-hours"] == "no. hrs x no. attendees"
    assert units["expert-hours"] == "no. staff expert hours"


def test_essex_values_are_a_separate_value_set_labelled_illustrative() -> None:
    framework = svspec.load(SPECS / "essex" / "framework.svspec").model
    values = svspec.load(SPECS / "essex" / "values-illustrative.svspec").model
    assert isinstance(framework, model.Framework) and isinstance(values, model.ValueSet)
    assert [v.name for v in framework.value_sets] == ["essex-illustrative"]
    assert "Illustrative" in values.title and "not the ECC TOMs values" in values.title
    rates = {p.name: p.amount for p in values.proxies}
    assert str(rates["volunteering-hour"]) == "16.93" and str(rates["expert-hour"]) == "101.00"


def test_essex_extends_a_national_toms_base_recoding_its_nt_measures_as_ecc() -> None:
    framework = svspec.load(SPECS / "essex" / "framework.svspec").model
    assert isinstance(framework, model.Framework)
    measure = {m.code: m for m in framework.measures}
    assert "NT1" not in measure
    origin = measure["ECC1"].origin
    assert origin is not None and origin.words() == "from national-toms 2022.1, changed in essex-toms 12.0 (was NT1)"
    assert measure["ECC1"].title.startswith("No. of local people (FTE)")
    assert measure["ECC1"].valuation is not None and measure["ECC1"].local_boundary == "Essex County Council area"
    assert framework.policy.social_value_shares and framework.policy.min_social_value is None


def test_essex_highways_renames_drops_and_tightens_and_every_output_shows_the_origin(tmp_path: Path) -> None:
    directorate = svspec.load(SPECS / "essex" / "highways-framework.svspec").model
    assert isinstance(directorate, model.Framework)
    codes = {m.code for m in directorate.measures}
    assert "EH42" in codes and "ECC42" not in codes and "ECC31a" not in codes
    was = "from essex-toms 12.0, changed in essex-highways 12.0-highways (was ECC42)"
    code, out = run("build", str(SPECS / "essex" / "highways-2027.svspec"), "--out", str(tmp_path / "out"))
    assert code == 0, out
    schema = json.loads((tmp_path / "out" / "bid-schema.json").read_text(encoding="utf-8"))
    assert was in json.dumps(schema, ensure_ascii=False)
    assert f"# Origin: {was}" in (tmp_path / "out" / "bid-template.yaml").read_text(encoding="utf-8")
    assert was in (tmp_path / "out" / "scoring.json").read_text(encoding="utf-8")
    home = (tmp_path / "out" / "site" / "docs" / "index.md").read_text(encoding="utf-8")
    assert "national-toms 2022.1 → essex-toms 12.0 → essex-highways 12.0-highways" in home
    essex = SPECS / "essex"
    code, out = run("score", str(essex / "highways-2027.svspec"), str(essex / "bids" / "ringway.yaml"),
                    str(essex / "bids" / "colne.yaml"), "--marks", str(essex / "marks" / "highways-2027.yaml"),
                    "--explain", "Ringway Essex Highways Ltd")
    assert code == 0, out
    assert f"[{was}]" in out
    assert "£3,741,500 is worth £3,741,500 of social value, £0.19 per £1" in out


def test_essex_highways_requires_an_environment_measure_the_county_does_not(tmp_path: Path) -> None:
    folder = tmp_path / "essex"
    folder.mkdir()
    for name in ("national-toms.svspec", "framework.svspec", "highways-framework.svspec", "values-illustrative.svspec"):
        (folder / name).write_text((SPECS / "essex" / name).read_text(encoding="utf-8"), encoding="utf-8")
    (folder / "svspec.toml").write_text("[project]\n", encoding="utf-8")
    text = (SPECS / "essex" / "highways-2027.svspec").read_text(encoding="utf-8")
    # No measure from the environment theme: ECC47 and ECC52 left out, ECC51 collected only.
    for old, new in (("    ECC47 weight 0%\n", ""), ("    ECC52 weight 0%\n", ""), ("ECC10, ECC52", "ECC10, ECC11"),
                     ("ECC51 weight 20%", "ECC51 record only"), ("total value weight 80%", "total value weight 100%")):
        text = text.replace(old, new)
    (folder / "t.svspec").write_text(text, encoding="utf-8")
    assert codes_of([folder / "t.svspec"]) == ["too-few-measures"]
    county = text.replace('uses essex-highways 12.0-highways from "highways-framework.svspec"',
                          'uses essex-toms 12.0 from "framework.svspec"').replace("EH42", "ECC42")
    (folder / "t.svspec").write_text(county, encoding="utf-8")
    assert codes_of([folder / "t.svspec"]) == []


def bradford_tender(tmp_path: Path, measures: str, value: str = "£2,400,000") -> Path:
    """The Keighley home care tender with other measures selected, beside a copy of the framework."""
    folder = tmp_path / "bradford"
    folder.mkdir()
    for name in ("framework.svspec", "values-illustrative.svspec"):
        (folder / name).write_text((SPECS / "bradford" / name).read_text(encoding="utf-8"), encoding="utf-8")
    (folder / "svspec.toml").write_text("[project]\n", encoding="utf-8")
    text = (SPECS / "bradford" / "home-care-2026.svspec").read_text(encoding="utf-8")
    start, end = text.index("  social value measures\n"), text.index("\n  moderation")
    text = text[:start] + "  social value measures\n" + measures + text[end:]
    (folder / "t.svspec").write_text(text.replace("£2,400,000", value), encoding="utf-8")
    return folder / "t.svspec"


SEVEN = "".join(f"    {c} weight {w}%\n" for c, w in
                [("BFD1", 20), ("BFD2", 20), ("BFD4", 10), ("BFD5", 10), ("BFD6", 10), ("BFD7", 20), ("BFD8", 10)])
NO_EMPLOYMENT = "    BFD4 weight 50%\n    BFD6 weight 50%\n"


def test_bradford_refuses_a_seventh_measure(tmp_path: Path) -> None:
    assert codes_of([bradford_tender(tmp_path, SEVEN)]) == ["too-many-measures"]


def test_bradford_asks_for_an_employment_and_skills_measure(tmp_path: Path) -> None:
    assert codes_of([bradford_tender(tmp_path, NO_EMPLOYMENT)]) == ["too-few-measures"]


def test_bradford_rules_are_advice_for_a_contract_under_one_hundred_thousand_pounds(tmp_path: Path) -> None:
    assert codes_of([bradford_tender(tmp_path, SEVEN, value="£99,000")]) == ["policy-not-followed"]
    [park] = svspec.check([SPECS / "bradford" / "park-cafe-2026.svspec"])
    assert park.ok
    [advice] = park.diagnostics
    assert advice.code == "policy-not-followed" and advice.severity.name == "WARNING"
    assert "0 measures are selected from 'employment-skills'" in advice.message


def test_a_bradford_waiver_of_the_employment_and_skills_rule_is_shown_with_its_approver(tmp_path: Path) -> None:
    code, out = run("build", str(SPECS / "bradford" / "water-testing-2026.svspec"), "--out", str(tmp_path / "out"))
    assert code == 0, out
    home = (tmp_path / "out" / "site" / "docs" / "index.md").read_text(encoding="utf-8")
    assert "Council leadership, via the Head of Procurement" in home
    [water] = svspec.check([SPECS / "bradford" / "water-testing-2026.svspec"])
    assert water.ok
    [waived] = water.diagnostics
    assert waived.code == "policy-waived"
    assert "Council leadership, via the Head of Procurement" in waived.message
    text = (SPECS / "bradford" / "water-testing-2026.svspec").read_text(encoding="utf-8")
    assert "BFD1" not in text and "BFD2" not in text


def test_manchester_scores_the_environment_as_a_criterion_of_its_own_beside_twenty_percent(tmp_path: Path) -> None:
    folder = tmp_path / "manchester"
    folder.mkdir()
    for name in ("framework.svspec", "values-illustrative.svspec"):
        (folder / name).write_text((SPECS / "manchester" / name).read_text(encoding="utf-8"), encoding="utf-8")
    (folder / "svspec.toml").write_text("[project]\n", encoding="utf-8")
    text = (SPECS / "manchester" / "highways-2026.svspec").read_text(encoding="utf-8")
    # Without the environmental criterion, its measures in the 20% carry 2% of the total, below 10%.
    flat = text.replace("    criterion environmental 10%, measures MCR7, MCR8\n", "")
    flat = flat.replace("quality 20%", "quality 30%")
    flat = flat.replace("MCR1 weight 30%", "MCR1 weight 20%").replace("MCR2 weight 25%", "MCR2 weight 15%")
    flat = flat.replace("MCR3 weight 15%", "MCR3 weight 5%").replace("MCR7 weight 60%", "MCR7 weight 5%")
    flat = flat.replace("MCR8 weight 40%", "MCR8 weight 5%").replace("MCR4 weight 10%", "MCR4 weight 30%")
    (folder / "t.svspec").write_text(flat, encoding="utf-8")
    assert codes_of([folder / "t.svspec"]) == ["group-share-below-minimum"]
    tender = load_tender(SPECS / "manchester" / "highways-2026.svspec")
    assert tender.framework.policy.min_social_value == model_share("20%")
    code, out = run("score", str(SPECS / "manchester" / "highways-2026.svspec"),
                    *[str(SPECS / "manchester" / "bids" / b) for b in ("northern-roads.yaml", "irwell.yaml")],
                    "--marks", str(SPECS / "manchester" / "marks" / "highways-2026.yaml"))
    assert code == 0, out
    assert "nvironmental" in out


def lbhf_tender(tmp_path: Path, edition: str, share: str, closes: str = "2023-09-29") -> Path:
    folder = tmp_path / f"lbhf-{edition}-{share.rstrip('%')}-{closes}"
    folder.mkdir()
    for name in (f"framework-{edition}.svspec", "values-illustrative.svspec"):
        (folder / name).write_text((SPECS / "lbhf" / name).read_text(encoding="utf-8"), encoding="utf-8")
    (folder / "svspec.toml").write_text("[project]\n", encoding="utf-8")
    text = (SPECS / "lbhf" / "repairs-2023.svspec").read_text(encoding="utf-8")
    text = text.replace('uses lbhf 2023.1 from "framework-2023.svspec"',
                        f'uses lbhf {edition}.1 from "framework-{edition}.svspec"')
    other = 100 - 45 - int(share.rstrip("%"))
    text = text.replace("quality 35%", f"quality {other}%").replace("social value 20%", f"social value {share}")
    text = text.replace("closes 2023-09-29", f"closes {closes}")
    (folder / "t.svspec").write_text(text, encoding="utf-8")
    return folder / "t.svspec"


def test_lbhf_minimum_rises_from_ten_to_twenty_percent_on_the_date_the_strategy_gives(tmp_path: Path) -> None:
    assert codes_of([lbhf_tender(tmp_path, "2022", "15%", closes="2023-03-31")]) == []
    assert codes_of([lbhf_tender(tmp_path, "2022", "15%", closes="2023-04-01")]) == ["social-value-below-minimum"]
    assert codes_of([lbhf_tender(tmp_path, "2023", "15%")]) == ["social-value-below-minimum"]
    assert codes_of([lbhf_tender(tmp_path, "2023", "20%")]) == []


def test_an_lbhf_bid_committing_less_than_twenty_percent_of_the_contract_value_is_excluded() -> None:
    lbhf = SPECS / "lbhf"
    code, out = run("score", str(lbhf / "repairs-2023.svspec"), str(lbhf / "bids" / "fulham-works.yaml"),
                    str(lbhf / "bids" / "thames-side.yaml"), "--marks", str(lbhf / "marks" / "repairs-2023.yaml"),
                    "--format", "json")
    assert code == 0, out
    bids = {b["bidder"]: b for b in json.loads(out[out.index("{"):])["bids"]}
    assert bids["Fulham Works Partnership Ltd"]["rank"] == 1
    assert bids["Thames Side Maintenance plc"]["rank"] is None
    assert bids["Thames Side Maintenance plc"]["excluded"] == [
        "commitments worth £610,465.00 (2.03% of the contract value) are below the delivery minimum of "
        "20.00% (£6,000,000.00), so the bid is excluded"]


def test_svspec_diff_compares_the_two_lbhf_editions_as_a_scoring_change() -> None:
    lbhf = SPECS / "lbhf"
    code, out = run("diff", str(lbhf / "framework-2022.svspec"), str(lbhf / "framework-2023.svspec"))
    assert code == 0, out
    assert "framework lbhf 2022.1 → framework lbhf 2023.1" in out
    assert "went from 10% to 20%" in out
