"""The one words module: every figure svspec shows is formatted, and rounded, by one rule."""

from __future__ import annotations

import importlib.util
import subprocess
import sys
from collections.abc import Callable
from decimal import Decimal
from fractions import Fraction
from pathlib import Path
from types import ModuleType

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

import svspec
from svspec import model, words
from svspec.bids.read import validate_data
from svspec.emit.scoring_model import emit
from svspec.emit.templates import yaml_template
from svspec.scoring import engine, report
from svspec.scoring.core import round_half_up
from svspec.scoring.portable import portable
from tests.scoring.helpers import bid
from tests.site.helpers import generate_site

D = Decimal

FORMATS: list[tuple[Callable[..., str], tuple[object, ...], str]] = [
    # money: pence only when there are any; halves away from zero; one minus sign, before the £
    (words.money, (D("0.125"),), "£0.13"),
    (words.money, (D("-0.125"),), "-£0.13"),
    (words.money, (D("0.124"),), "£0.12"),
    (words.money, (D("-3.1"),), "-£3.10"),
    (words.money, (D("1234.5"),), "£1,234.50"),
    (words.money, (D("12000000"),), "£12,000,000"),
    (words.money, (D("16.925"),), "£16.93"),
    (words.money, (D("0.004"),), "£0"),
    (words.money, (D("-0.004"),), "£0"),
    (words.money, (D("2.999"),), "£3"),
    (words.money, (Fraction(1, 3),), "£0.33"),
    # numbers: up to 2 decimals, trailing zeros dropped, thousands separated
    (words.number, (D("12"),), "12"),
    (words.number, (D("12.50"),), "12.5"),
    (words.number, (D("1500"),), "1,500"),
    (words.number, (D("-1234.567"),), "-1,234.57"),
    (words.number, (D("0.005"),), "0.01"),
    (words.number, (D("-0.005"),), "-0.01"),
    (words.number, (Fraction(2, 3),), "0.67"),
    (words.number, (D("1E+3"),), "1,000"),
    (words.number, (0,), "0"),
    # percentages: a fraction of one, the percentage rounded by the same rule
    (words.percent, (D("0.25"),), "25%"),
    (words.percent, (D("0.125"),), "12.5%"),
    (words.percent, (Fraction(1, 3),), "33.33%"),
    (words.percent, (D("0.00125"),), "0.13%"),
    (words.percent, (D("1"),), "100%"),
    # points: always 2 decimals, no separators (table columns)
    (words.fixed, (D("12.5"),), "12.50"),
    (words.fixed, (Fraction(1, 8),), "0.13"),
    (words.fixed, (D("-0.001"),), "0.00"),
    (words.fixed, (D("1234.5"),), "1234.50"),
    # quantities with units: the unit's own form, singular for exactly one
    (words.quantity, (D("12"), "FTE"), "12 FTE"),
    (words.quantity, (D("0.5"), "FTE"), "0.5 FTE"),
    (words.quantity, (D("1"), "hours"), "1 hour"),
    (words.quantity, (D("1"), "people"), "1 person"),
    (words.quantity, (D("1500"), "hours"), "1,500 hours"),
    (words.quantity, (D("2.125"), "tCO2e"), "2.13 tCO2e"),
    (words.quantity, (D("0.125"), "money"), "£0.13"),
    (words.quantity, (D("-3.1"), "£"), "-£3.10"),
    (words.quantity, (D("25"), "percent"), "25%"),
    (words.quantity, (D("12.5"), "%"), "12.5%"),
    (words.quantity, (D("3"), "apprenticeships"), "3 apprenticeships"),
    (words.quantity, (D("7"), None), "7"),
    # a figure that is not nothing is never shown as £0 (a social value per £1 of a large contract)
    (words.money_not_zeroed, (Fraction(24396, 8_000_000),), "under £0.01"),
    (words.money_not_zeroed, (D("-0.004"),), "-under £0.01"),
    (words.money_not_zeroed, (D("0"),), "£0"),
    (words.money_not_zeroed, (D("0.125"),), "£0.13"),
    # marks on a scale
    (words.on_scale, (D("75"), True), "75%"),
    (words.on_scale, (D("3"), False), "3"),
    # exact data (schemas, scoring.json): never rounded
    (words.exact, (D("0.125"),), "0.125"),
    (words.exact, (D("12.500"),), "12.5"),
    (words.exact, (D("1E+3"),), "1000"),
    (words.exact, (D("-0"),), "0"),
    (words.count, (1, "word"), "1 word"),
    (words.count, (1500, "word"), "1,500 words"),
]


@pytest.mark.parametrize(("form", "args", "shown"), FORMATS,
                         ids=[f"{f.__name__}{args}" for f, args, _ in FORMATS])
def test_every_figure_is_written_one_way(form: Callable[..., str], args: tuple[object, ...], shown: str) -> None:
    assert form(*args) == shown


def test_the_rounding_rule_is_two_places_halves_away_from_zero() -> None:
    assert (words.PLACES, words.MODE) == (2, "ROUND_HALF_UP")
    assert words.rounded(D("0.125")) == D("0.13") and words.rounded(D("-0.125")) == D("-0.13")
    assert words.rounded(D("0.135")) == D("0.14")  # not to even
    assert "2 decimal places" in words.RULE and words.MODE in words.RULE


fractions_to_round = st.builds(Fraction, st.integers(-10**12, 10**12), st.integers(1, 10**6))


@given(value=fractions_to_round, places=st.integers(0, 6))
@example(value=Fraction(1, 8), places=2)
@example(value=Fraction(-1, 8), places=2)
@example(value=Fraction(-1, 1000), places=2)
@example(value=Fraction(5, 2), places=0)
@example(value=Fraction(-5, 2), places=0)
def test_the_cores_rounding_agrees_with_the_words_rule(value: Fraction, places: int) -> None:
    assert round_half_up(value, places) == words.fixed(value, places)


@pytest.fixture(scope="module")
def standalone(eighth_of_a_pound: tuple[Path, model.Tender], tmp_path_factory: pytest.TempPathFactory) -> ModuleType:
    """The standalone scoring.py that `svspec build` writes, imported from the file."""
    out = tmp_path_factory.mktemp("standalone")
    emit(eighth_of_a_pound[1], out)
    spec = importlib.util.spec_from_file_location("words_standalone_scoring", out / "scoring.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules["words_standalone_scoring"] = module  # dataclasses look their module up while the file runs
    spec.loader.exec_module(module)
    return module


@given(value=fractions_to_round)
@example(value=Fraction(1, 8))
@example(value=Fraction(-1, 8))
def test_the_standalone_scorer_rounds_by_the_words_rule(standalone: ModuleType, value: Fraction) -> None:
    assert standalone.round_half_up(value, words.PLACES) == words.fixed(value)


def test_scoring_json_records_the_words_rule(eighth_of_a_pound: tuple[Path, model.Tender]) -> None:
    rounding = portable(eighth_of_a_pound[1])["rounding"]
    assert (rounding["places"], rounding["mode"]) == (words.PLACES, words.MODE)


@given(value=st.decimals(min_value=-10**9, max_value=10**9, allow_nan=False, places=4))
def test_money_numbers_and_percentages_show_the_same_rounded_figure(value: Decimal) -> None:
    def read(text: str) -> Decimal:
        return Decimal(text.replace(",", "").replace("£", "").rstrip("%"))

    assert read(words.money(value)) == read(words.number(value)) == read(words.fixed(value)) == words.rounded(value)
    assert read(words.percent(value / 100)) == words.rounded(value)


def test_there_is_one_table_of_built_in_units() -> None:
    from svspec.semantics import common

    assert common.BUILTIN_UNITS is words.BUILTIN_UNITS
    assert "money" not in words.BUILTIN_UNITS  # written with £, never named
    assert {"FTE", "hours", "weeks", "people", "tonnes", "tCO2e", "percent"} <= set(words.BUILTIN_UNITS)
    assert words.canonical_unit("hour") == "hours" and words.canonical_unit("person") == "people"
    assert words.unit_description("money") == "pounds sterling"
    assert words.unit_description("apprenticeships") == "apprenticeships"


@pytest.mark.parametrize(("written", "unit", "same"), [
    ("hours", "hours", True), ("Hour.", "hours", True), ("person", "people", True), ("FTEs", "FTE", True),
    ("per cent", "percent", True), ("%", "percent", True), ("GBP", "£", True), ("pounds", "£", True),
    ("apprenticeship", "apprenticeships", True), ("weeks", "hours", False), ("£", "FTE", False),
])
def test_a_unit_written_beside_a_figure_is_recognised_in_any_case_or_number(written: str, unit: str,
                                                                           same: bool) -> None:
    assert words.same_unit(written, unit) is same


def test_words_uses_only_the_standard_library() -> None:
    code = ("import sys, svspec.words; "
            "print(sorted(m for m in sys.modules if m.startswith('svspec') and m not in ('svspec', 'svspec.words')))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=20)
    assert out.stdout.strip() == "[]"


# ------------------------------------------------------------------- one figure, every output
FRAMEWORK = '''framework fw "Words test framework"
  version 1
  theme main "Main"
    outcome o "An outcome"
      measure GIFT "Community fund"
        answer money at least £0.125 at most £1.004
        evidence "Fund statement" every year
        scored by value per £ against £0.125
'''
TENDER = '''tender t "Words test tender"
  uses fw 1 from "fw.svspec"
  contract value £1,000 over 1 year
  criteria
    price 50%, scored relative to lowest
    social value 50%
  social value measures
    GIFT weight 100%
'''


@pytest.fixture(scope="module")
def eighth_of_a_pound(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, model.Tender]:
    """A tender whose only measure asks for at least £0.125 and scores against £0.125 per £1."""
    folder = tmp_path_factory.mktemp("words")
    (folder / "svspec.toml").write_text('[project]\nname = "words"\n', encoding="utf-8")
    (folder / "fw.svspec").write_text(FRAMEWORK, encoding="utf-8")
    (folder / "t.svspec").write_text(TENDER, encoding="utf-8")
    result = svspec.load(folder / "t.svspec")
    assert result.ok and isinstance(result.model, model.Tender), [d.message for d in result.errors]
    return folder, result.model


def test_the_same_figure_reads_the_same_on_the_site_in_reports_bid_messages_and_templates(
        eighth_of_a_pound: tuple[Path, model.Tender], tmp_path: Path) -> None:
    folder, tender = eighth_of_a_pound
    assert generate_site(folder / "t.svspec", tmp_path / "site").ok
    site = "\n".join(p.read_text(encoding="utf-8") for p in sorted((tmp_path / "site" / "docs").rglob("*.md")))

    scoring, problems = engine.score(tender, [bid("A", tender, price=100, social_value={"GIFT": "1000"})])
    assert scoring is not None, problems
    audit = report.make_audit(scoring, {}, [], None)
    explained = report.to_markdown(scoring, audit, explain=("A",))

    message = " ".join(d.message for d in validate_data(
        {"tender": "t", "bidder": "B", "price": Decimal(100), "social_value": {"GIFT": Decimal("0.1")}}, tender))
    template = " ".join(yaml_template(tender).replace("#", " ").split())  # comments are wrapped

    for output in (site, explained, template):
        assert "£0.13 per £1" in output
    for output in (site, message, template):
        assert "£0.13" in output and "at least £0.13" in site + message.replace("minimum of", "at least")
    assert "the answer for GIFT 'Community fund' (£) is £0.10, below the minimum of £0.13" in message
    negative = " ".join(d.message for d in validate_data(
        {"tender": "t", "bidder": "B", "price": Decimal("-3.1"), "social_value": {"GIFT": 1}}, tender))
    assert "-£3.10" in negative
    for output in (site, explained, message, template):
        assert "£0.12" not in output and "£0.125" not in output


DOCS = Path(__file__).resolve().parents[1] / "docs"


def test_the_documented_table_of_units_is_the_table_svspec_uses() -> None:
    page = (DOCS / "reference" / "figures.md").read_text(encoding="utf-8")
    table = page.split("## Built-in units", 1)[1]
    rows = [[cell.strip() for cell in line.strip("|").split("|")] for line in table.splitlines()
            if line.startswith("| `")]
    assert [(name.strip("`"), one, counts) for name, one, counts in rows] == [
        (u.name, u.singular, u.description) for u in words.UNITS if u.named_in_specs]
    listed = (DOCS / "language" / "framework.md").read_text(encoding="utf-8").split("These units are built in:", 1)[1]
    listed = listed.split("(", 1)[0]
    assert [w.strip("`,. \n") for w in listed.replace(" and ", ", ").split(",")] == list(words.BUILTIN_UNITS)


def test_the_documented_rounding_examples_are_what_svspec_shows() -> None:
    page = (DOCS / "reference" / "figures.md").read_text(encoding="utf-8")
    assert words.money(D("0.125")) in page and words.money(D("-0.125")) in page
    assert f"{words.fixed(Fraction(1, 3))} points, {words.percent(Fraction(1, 3))}" in page
    assert "2 decimal places" in page and words.MODE in page


@pytest.mark.parametrize(("value", "limit", "unit", "shown"), [
    (D("0.1"), D("0.125"), "£", ("£0.10", "£0.13")),
    (D("0.12501"), D("0.125"), "£", ("£0.12501", "£0.125")),
    (D("12.124"), D("12.12"), "FTE", ("12.124 FTE", "12.12 FTE")),
    (D("1"), D("1.001"), "hours", ("1 hour", "1.001 hours")),
    (D("3"), D("3"), None, ("3", "3")),
])
def test_two_figures_compared_in_one_message_never_read_the_same(value: Decimal, limit: Decimal, unit: str | None,
                                                                  shown: tuple[str, str]) -> None:
    assert words.contrasted(value, limit, unit) == shown


def test_a_bid_just_over_its_maximum_is_told_the_exact_figures(eighth_of_a_pound: tuple[Path, model.Tender]) -> None:
    _, tender = eighth_of_a_pound
    messages = [d.message for d in validate_data(
        {"tender": "t", "bidder": "B", "price": Decimal(100), "social_value": {"GIFT": Decimal("1.0041")}}, tender)]
    assert messages == ["the answer for GIFT 'Community fund' (£) is £1.0041, above the maximum of £1.004 "
                        "(at /social_value/GIFT)"]
