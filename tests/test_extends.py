"""Frameworks built on another (issue 10 items 1, 2 and 5): layers resolve to one framework whose
items say where they came from; version constraints; the programme view of `svspec check`."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner

import svspec
from svspec import model
from svspec.cli import main
from svspec.emit.schema import bid_schema
from svspec.scoring.portable import portable
from svspec.semantics.extend import satisfies, version_key
from svspec.syntax.formatter import format_text
from tests.conftest import ROOT

HERE = ROOT / "tests" / "extends"


def _model(name: str) -> model.Model:
    result = svspec.load(HERE / name)
    assert result.ok, [d.message for d in result.errors]
    assert result.model is not None
    return result.model


def test_a_council_layer_renames_changes_and_adds_measures_of_the_national_framework() -> None:
    council = _model("council.svspec")
    assert isinstance(council, model.Framework)
    codes = [m.code for m in council.measures]
    assert codes == ["LOC1", "NAT2", "NAT3", "LOC9"]
    loc1 = council.measure_index["LOC1"]
    assert loc1.title == "Borough residents employed"
    assert loc1.guidance == "Count people who live in the borough."
    assert loc1.default_scoring is not None and loc1.default_scoring.high == 20
    assert council.measure_index["NAT2"].additional_to == ("LOC1",)  # the relation follows the rename
    assert council.policy.min_social_value == model_fraction("0.15")
    assert council.layers == ("national 2025.1", "council 2026.1")


def model_fraction(text: str) -> object:
    from decimal import Decimal

    return Decimal(text)


def test_every_item_of_a_layered_framework_says_which_layer_declared_and_changed_it() -> None:
    council = _model("council.svspec")
    assert isinstance(council, model.Framework)
    assert council.measure_index["LOC1"].origin == model.Origin(
        declared_in="national 2025.1", changed_in=("council 2026.1",), renamed_from="NAT1")
    assert council.measure_index["LOC1"].origin.words() == \
        "from national 2025.1, changed in council 2026.1 (was NAT1)"
    assert council.measure_index["NAT3"].origin == model.Origin(declared_in="national 2025.1")
    assert council.measure_index["LOC9"].origin == model.Origin(declared_in="council 2026.1")
    assert council.theme_index["green"].origin == model.Origin(declared_in="national 2025.1")


def test_a_directorate_tender_uses_three_layers_and_its_outputs_name_the_origin() -> None:
    tender = _model("repairs.svspec")
    assert isinstance(tender, model.Tender)
    assert tender.framework.layers == ("national 2025.1", "council 2026.1", "housing 2026.1-housing")
    assert [t.name for t in tender.framework.themes] == ["jobs"]
    assert "NAT3" not in tender.framework.measure_index
    schema = bid_schema(tender)
    assert "from national 2025.1, changed in council 2026.1 (was NAT1)" in json.dumps(schema, default=str)
    items = next(c for c in portable(tender)["criteria"] if c["kind"] == "social value")["items"]
    assert items[0]["origin"] == "from national 2025.1, changed in council 2026.1 (was NAT1)"


def test_a_flat_framework_has_no_layers_and_no_origins() -> None:
    national = _model("national.svspec")
    assert isinstance(national, model.Framework)
    assert national.layers == ()
    assert all(m.origin is None for m in national.measures)


def test_extends_rename_drop_and_change_are_formatted_in_canonical_words() -> None:
    text = (HERE / "council.svspec").read_text(encoding="utf-8")
    assert format_text(text, "council.svspec") == text
    messy = "framework x \"X\"\n  extends   national at  least 2025.1 from \"n.svspec\"\n  drop   NAT3\n"
    assert format_text(messy) == 'framework x "X"\n  extends national at least 2025.1 from "n.svspec"\n  drop NAT3\n'


def test_version_constraints_accept_a_series_or_a_minimum() -> None:
    assert satisfies("2026.2", "wildcard", "2026.*")
    assert not satisfies("2027.1", "wildcard", "2026.*")
    assert not satisfies("20261", "wildcard", "2026.*")
    assert satisfies("2026.10", "at least", "2026.9")
    assert not satisfies("2026.1-draft", "at least", "2026.1")
    assert satisfies("2026.1", "exact", "2026.1") and not satisfies("2026.2", "exact", "2026.1")
    assert version_key("2026.1-draft") < version_key("2026.1") < version_key("2026.2")


def test_a_tender_whose_wildcard_misses_the_framework_version_is_refused(tmp_path: Path) -> None:
    for name in ("svspec.toml", "national.svspec"):
        (tmp_path / name).write_text((HERE / name).read_text(encoding="utf-8"), encoding="utf-8")
    tender = (HERE / "repairs.svspec").read_text(encoding="utf-8").replace(
        "uses housing 2026.1-housing from \"housing.svspec\"", "uses national 2024.* from \"national.svspec\"")
    tender = tender.replace("LOC1 weight", "NAT1 weight")
    (tmp_path / "t.svspec").write_text(tender, encoding="utf-8")
    result = svspec.load(tmp_path / "t.svspec")
    assert [(d.code, d.message) for d in result.errors] == [
        ("version-mismatch", "this asks for framework 'national' version 2024.*, but 'national.svspec' is "
         "version 2025.1")]


def test_check_programme_reports_editions_unused_measures_and_weight_deviations_as_text_and_json() -> None:
    runner = CliRunner()
    text = runner.invoke(main, ["check", "--programme", str(HERE)])
    assert "framework housing: editions 2026.1-housing (" in text.output
    assert "repairs-2027 (" in text.output and "uses housing 2026.1-housing" in text.output
    assert "measures no tender selects: LOC1, NAT2, NAT3, LOC9" in text.output  # council: no tender uses it
    as_json = runner.invoke(main, ["check", "--programme", "--format", "json", str(HERE)])
    data = json.loads(as_json.stdout)
    housing = next(v for v in data["programme"] if v["framework"] == "housing")
    assert housing["tenders"][0]["tender"] == "repairs-2027"
    assert housing["tenders"][0]["edition"] == "2026.1-housing"
    assert housing["unused_measures"] == []
    assert housing["deviations"] == []  # jobs weighs 100% and holds every selection
    national = next(v for v in data["programme"] if v["framework"] == "national")
    assert national["unused_measures"] == ["NAT1", "NAT2", "NAT3"]
    assert isinstance(data["diagnostics"], list)


def test_a_tender_whose_weights_depart_from_the_theme_weights_is_listed(tmp_path: Path) -> None:
    from svspec.api import check_programme
    from svspec.words import exact

    for name in ("svspec.toml", "national.svspec"):
        (tmp_path / name).write_text((HERE / name).read_text(encoding="utf-8"), encoding="utf-8")
    (tmp_path / "t.svspec").write_text(
        (ROOT / "tests" / "diagnostics" / "superseded-edition" / "main.svspec").read_text(encoding="utf-8"),
        encoding="utf-8")
    _, views = check_programme([tmp_path / "t.svspec"])
    (national,) = views
    assert [(d.theme, str(d.framework_weight), exact(d.tender_weight)) for d in national.deviations] == [
        ("jobs", "0.6", "0.5"), ("green", "0.4", "0.5")]


def test_the_explanation_of_a_score_names_the_layers_of_each_measure() -> None:
    bids = [str(HERE / "bids" / name) for name in ("acme.yaml", "brick.yaml")]
    result = CliRunner().invoke(main, ["score", str(HERE / "repairs.svspec"), *bids, "--explain", "Acme Repairs Ltd"])
    assert result.exit_code == 0, result.output
    assert "LOC1 (Borough residents employed) [from national 2025.1, changed in council 2026.1 (was NAT1)]: " \
        "10 FTE on a line from 0 FTE (no points) to 20 FTE (full points)" in result.output
    assert "NAT2 (Apprenticeships) [from national 2025.1]: " in result.output


def test_the_bid_template_and_the_guidance_site_name_the_origin(tmp_path: Path) -> None:
    runner = CliRunner()
    template = runner.invoke(main, ["template", str(HERE / "repairs.svspec"), "-o", str(tmp_path / "bid.yaml")])
    assert template.exit_code == 0, template.output
    assert "# Origin: from national 2025.1, changed in council 2026.1 (was NAT1)" in \
        (tmp_path / "bid.yaml").read_text(encoding="utf-8")
    site = runner.invoke(main, ["docs", str(HERE / "repairs.svspec"), "--out", str(tmp_path / "site")])
    assert site.exit_code == 0, site.output
    pages = "\n".join(p.read_text(encoding="utf-8") for p in (tmp_path / "site").rglob("*.md"))
    assert "from national 2025.1, changed in council 2026.1 (was NAT1)" in pages
    assert "| Built on | national 2025.1 → council 2026.1 → housing 2026.1-housing |" in pages


def test_the_worked_examples_of_a_layered_tender_pass_svspec_test() -> None:
    result = CliRunner().invoke(main, ["test", str(HERE)])
    assert result.exit_code == 0, result.output
    assert "1 passed, 0 failed" in result.output


def test_a_measure_a_tender_selects_through_a_layer_is_not_reported_unused_in_the_base() -> None:
    results = svspec.check(sorted(HERE.glob("*.svspec")), project_warnings=True)
    unused = sorted((Path(d.span.file).name, d.message.split("'")[1]) for r in results for d in r.diagnostics
                    if d.code == "unused-measure" and d.span is not None)
    # repairs selects LOC1 (national's NAT1, renamed by council) and NAT2 through housing and council.
    assert unused == [("council.svspec", "LOC9"), ("national.svspec", "NAT3")]


def test_a_layer_built_on_an_older_edition_of_its_base_is_warned_with_what_changed(tmp_path: Path) -> None:
    for name in ("svspec.toml", "national.svspec", "council.svspec"):
        (tmp_path / name).write_text((HERE / name).read_text(encoding="utf-8"), encoding="utf-8")
    newer = (HERE / "national.svspec").read_text(encoding="utf-8").replace("version 2025.1", "version 2026.1")
    (tmp_path / "national-2026.svspec").write_text(newer.replace("to 10 FTE", "to 12 FTE"), encoding="utf-8")
    results = svspec.check(sorted(tmp_path.glob("*.svspec")), project_warnings=True)
    warned = [d for r in results for d in r.diagnostics if d.code == "superseded-edition"]
    assert len(warned) == 1 and warned[0].span is not None
    assert (Path(warned[0].span.file).name, warned[0].span.line) == ("council.svspec", 2)
    assert warned[0].message.startswith("this uses national 2025.1, but national 2026.1 is checked too: "
                                        "1 scoring change(s): measure NAT1's scoring changed")
