"""Valuation as the SROI guide does it (issue 9, items 4 and 8).

The Cabinet Office guide discounts every year, the first too; adjustments compound; drop-off
applies each year after the first; the SROI ratio is present value ÷ investment. A council can
name the other discounting convention. The year-by-year figures shown in `--explain` and
`--format json` add up to the total the scoring uses, in the engine and in `scoring.py` alike.
"""

from __future__ import annotations

import importlib.util
import json
import sys
from decimal import Decimal
from fractions import Fraction
from pathlib import Path
from types import ModuleType

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

import svspec
from svspec import model
from svspec.bids.read import load_bids
from svspec.emit.scoring_model import emit
from svspec.scoring import core, engine, report
from svspec.scoring.explain import explain_bid
from svspec.scoring.portable import plan_for
from tests.scoring.helpers import bid

GUIDE = Path(__file__).parent / "sroi_guide"
BIDDER = "Example Employment Services"


def _inputs() -> dict[str, Fraction]:
    """The worked example's inputs as exact numbers (YAML gives floats: read back through their text)."""
    raw = yaml.safe_load((GUIDE / "inputs.yaml").read_text(encoding="utf-8"))
    return {key: Fraction(str(value)) for key, value in raw.items()}


def _independent_present_values(i: dict[str, Fraction], first_year_discounted: bool = True) -> list[Fraction]:
    """The guide's arithmetic written out again, year by year, without svspec."""
    impact = i["quantity"] * i["proxy_gbp"] * (1 - i["deadweight"]) * (1 - i["displacement"]) * (1 - i["attribution"])
    out = []
    for year in range(1, int(i["duration_years"]) + 1):
        power = year if first_year_discounted else year - 1
        out.append(impact / (1 + i["discount_rate"]) ** power)
        impact = impact * (1 - i["drop_off"])
    return out


@pytest.fixture(scope="module")
def guide() -> tuple[model.Tender, engine.Scoring]:
    result = svspec.load(GUIDE / "tender.svspec")
    assert result.ok, [d.message for d in result.errors]
    tender = result.model
    assert isinstance(tender, model.Tender)
    bids, problems = load_bids([GUIDE / "bids" / "ten-people.yaml"], tender)
    assert not problems
    scoring, diagnostics = engine.score(tender, bids)
    assert scoring is not None, diagnostics
    return tender, scoring


def test_the_worked_example_in_the_spec_holds_the_inputs_of_the_notes(guide: tuple[model.Tender, engine.Scoring]
                                                                      ) -> None:
    tender, _ = guide
    i = _inputs()
    v = tender.selections[0].measure.valuation
    assert v is not None and v.proxy is not None
    assert (v.proxy.amount, v.deadweight, v.displacement, v.attribution, v.drop_off, v.duration_years,
            v.discount_rate, v.investment) == (
        i["proxy_gbp"], i["deadweight"], i["displacement"], i["attribution"], i["drop_off"], i["duration_years"],
        i["discount_rate"], i["investment_gbp"])
    assert v.discount_first_year


def test_the_sroi_guides_worked_example_is_reproduced_year_by_year(guide: tuple[model.Tender, engine.Scoring]
                                                                   ) -> None:
    _, scoring = guide
    i = _inputs()
    expected = _independent_present_values(i)
    found = scoring.bids[0].items[0].valuation
    assert found is not None
    assert [y.present for y in found.years] == expected
    assert found.total == sum(expected) == scoring.bids[0].social_value
    assert found.ratio == sum(expected) / i["investment_gbp"]
    assert found.net_ratio == (sum(expected) - i["investment_gbp"]) / i["investment_gbp"]
    # The figures a person checks against the guide's spreadsheet, rounded per the one rule.
    assert [core.round_half_up(y.present) for y in found.years] == ["39010.87", "33922.50", "29497.82"]
    assert core.round_half_up(found.total) == "102431.19"
    assert (core.round_half_up(found.ratio or 0), core.round_half_up(found.net_ratio or 0)) == ("2.05", "1.05")


def test_year_one_is_discounted_unlike_before_which_overstated_by_the_discount_rate() -> None:
    guide = {"proxy": "100", "discount_rate": "0.035", "duration_years": "1"}
    assert core.value_per_unit(guide) == Fraction(100) / Fraction("1.035")
    assert core.value_per_unit({**guide, "discount_first_year": False}) == 100


def test_first_year_undiscounted_is_the_other_convention_by_name(tmp_path: Path) -> None:
    text = (GUIDE / "framework.svspec").read_text(encoding="utf-8").replace(
        "discount 3.5% per year", "discount 3.5% per year, first year undiscounted")
    for name in ("svspec.toml", "tender.svspec"):
        (tmp_path / name).write_text((GUIDE / name).read_text(encoding="utf-8"), encoding="utf-8")
    (tmp_path / "framework.svspec").write_text(text, encoding="utf-8")
    result = svspec.load(tmp_path / "tender.svspec")
    assert result.ok and isinstance(result.model, model.Tender)
    item = plan_for(result.model).item("J1")
    value = core.item_value(item, Decimal(10))
    assert value is not None
    assert [y.present for y in value.years] == _independent_present_values(_inputs(), first_year_discounted=False)
    assert "first year undiscounted" in svspec.format_source(text)


def test_leakage_compounds_with_the_other_adjustments() -> None:
    per_unit = core.value_per_unit({"proxy": "1000", "deadweight": "0.2", "attribution": "0.5", "leakage": "0.1"})
    assert per_unit == Fraction(1000) * Fraction(8, 10) * Fraction(1, 2) * Fraction(9, 10)  # £360, not £200


def test_drop_off_applies_each_year_after_the_first_and_a_part_year_counts_in_proportion() -> None:
    years = core.valuation_years({"proxy": "100", "drop_off": "0.5", "duration_years": "2.5"})
    assert [(y.year, y.share, y.impact) for y in years] == [
        (1, 1, 100), (2, 1, 50), (3, Fraction(1, 2), 25)]
    assert sum(y.present for y in years) == 100 + 50 + Fraction(25, 2)


def test_the_explanation_shows_each_year_and_the_sroi_ratio(guide: tuple[model.Tender, engine.Scoring]) -> None:
    _, scoring = guide
    text = explain_bid(scoring, BIDDER)
    assert "year 1: £40,376.25 after adjustments ÷ 1.035 = £39,010.87" in text
    assert "year 2: £36,338.63 after drop-off ÷ 1.035^2 = £33,922.50" in text
    assert "year 3: £32,704.76 after drop-off ÷ 1.035^3 = £29,497.82" in text
    assert "SROI ratio 2.05 : 1, net SROI 1.05 : 1" in text
    assert "Social value across measures: £102,431.19" in text


def test_the_json_report_carries_the_social_value_year_by_year(guide: tuple[model.Tender, engine.Scoring]) -> None:
    _, scoring = guide
    audit = report.make_audit(scoring, {}, [], None)
    data = json.loads(report.to_json(scoring, audit))
    entry = data["bids"][0]
    value = entry["items"][0]["social_value"]
    assert [y["present_value"] for y in value["years"]] == ["£39,010.87", "£33,922.50", "£29,497.82"]
    assert sum(Fraction(y["present_value_exact"]) for y in value["years"]) == Fraction(value["present_value_exact"])
    assert Fraction(value["present_value_exact"]) == Fraction(entry["social_value_exact"])
    assert (entry["social_value"], value["sroi_ratio"], value["net_sroi_ratio"]) == ("£102,431.19", "2.05", "1.05")
    assert value["investment"] == "£50,000"


def _standalone(folder: Path, tender: model.Tender) -> ModuleType:
    emit(tender, folder)
    spec = importlib.util.spec_from_file_location("standalone_sroi", folder / "scoring.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules["standalone_sroi"] = module
    spec.loader.exec_module(module)
    return module


def test_the_standalone_scorer_gives_the_same_figures(tmp_path: Path, guide: tuple[model.Tender, engine.Scoring]
                                                      ) -> None:
    tender, scoring = guide
    module = _standalone(tmp_path, tender)
    plan = module.load_plan(module.MODEL)
    read = module.read_bid(str(GUIDE / "bids" / "ten-people.yaml"), plan)
    assert module.bid_social_value(plan, read) == scoring.bids[0].social_value
    rows = module.results_table(module.score(plan, [read]))
    assert rows[0]["social value £"] == "102431.19"
    value = module.item_value(plan.item("J1"), read.answers["J1"])
    assert [y.present for y in value.years] == [y.present for y in scoring.bids[0].items[0].valuation.years]  # type: ignore[union-attr]


MONEY_FRAMEWORK = '''framework spend "Spend valued per pound"
  version 1
  theme economic "Growth"
    outcome spend "Local spend"
      measure S1 "Spend with local small businesses"
        answer money at least £0
        value £0.70 per £, source "illustrative"
        evidence "Spend report" every year
        scored linear from £0 to £100,000
      measure S2 "Jobs"
        unit FTE
        answer number at least 0
        value £20,000 per FTE per year
        evidence "Payroll" every quarter
        scored linear from 0 FTE to 10 FTE
'''
MONEY_TENDER = '''tender spend-2027 "Spend"
  uses spend 1 from "fw.svspec"
  contract value £1,000,000 over 1 year
  criteria
    price 80%, scored relative to lowest
    social value 20%
  social value measures
    S1 weight 50%
    S2 weight 50%
'''


def _compiled(folder: Path, framework: str, tender: str) -> model.Tender:
    (folder / "svspec.toml").write_text("[project]\nname = \"t\"\n", encoding="utf-8")
    (folder / "fw.svspec").write_text(framework, encoding="utf-8")
    (folder / "tender.svspec").write_text(tender, encoding="utf-8")
    result = svspec.load(folder / "tender.svspec")
    assert result.ok, [d.message for d in result.errors]
    assert isinstance(result.model, model.Tender)
    return result.model


def test_a_money_answer_is_valued_per_pound_and_counts_across_measures(tmp_path: Path) -> None:
    tender = _compiled(tmp_path, MONEY_FRAMEWORK, MONEY_TENDER)
    scoring, diagnostics = engine.score(tender, [
        bid("A", tender, price=900_000, social_value={"S1": Decimal(50_000), "S2": Decimal(2)})])
    assert scoring is not None, diagnostics
    # £50,000 × £0.70 per £, one undiscounted year, plus 2 FTE × £20,000 (no discount given).
    assert scoring.bids[0].social_value == 35_000 + 40_000
    assert core.bid_social_value(scoring.plan, scoring.inputs[0]) == 75_000


def test_a_proxy_per_an_unknown_unit_in_a_value_set_is_refused_with_a_suggestion(tmp_path: Path) -> None:
    (tmp_path / "svspec.toml").write_text("[project]\nname = \"t\"\n", encoding="utf-8")
    (tmp_path / "values.svspec").write_text(
        'value set vs "Values"\n  edition 1\n  proxy hour-value £16.93 per hours\n  proxy banana £1 per banana\n',
        encoding="utf-8")
    (tmp_path / "fw.svspec").write_text(
        'framework f "F"\n  version 1\n  values vs 1 from "values.svspec"\n  theme t "T"\n    outcome o "O"\n'
        '      measure M1 "Hours"\n        unit hours\n        answer number at least 0\n'
        '        value banana from vs\n        evidence "Log" every year\n'
        '        scored by value relative to best\n', encoding="utf-8")
    result = svspec.load(tmp_path / "fw.svspec")
    assert [(d.code, d.suggestions) for d in result.errors] == [("unknown-unit", ("hours",))]


valuations = st.fixed_dictionaries({
    "proxy": st.decimals(min_value=0, max_value=50_000, places=2),
    "deadweight": st.decimals(min_value=0, max_value=1, places=2),
    "displacement": st.decimals(min_value=0, max_value=1, places=2),
    "attribution": st.decimals(min_value=0, max_value=1, places=2),
    "leakage": st.decimals(min_value=0, max_value=1, places=2),
    "drop_off": st.decimals(min_value=0, max_value=1, places=2),
    "duration_years": st.decimals(min_value=Decimal("0.25"), max_value=10, places=2),
    "discount_rate": st.decimals(min_value=0, max_value=Decimal("0.2"), places=3),
    "discount_first_year": st.booleans(),
}).map(lambda v: {k: (str(x) if isinstance(x, Decimal) else x) for k, x in v.items()})


@settings(max_examples=80, deadline=None)
@given(valuation=valuations, quantity=st.decimals(min_value=0, max_value=10_000, places=2),
       cap=st.none() | st.decimals(min_value=0, max_value=10_000, places=1))
def test_year_by_year_figures_sum_to_the_total(valuation: dict[str, object], quantity: Decimal,
                                               cap: Decimal | None) -> None:
    years = core.valuation_years(valuation)
    rule = core.Rule(kind="linear", low=Fraction(0), high=Fraction(10), cap=Fraction(cap) if cap is not None else None)
    item = core.Item(code="M", title="M", criterion="social value", weight=Fraction(1), answer="number", rule=rule,
                     years=years, value_per_unit=core.value_per_unit(valuation))
    value = core.item_value(item, quantity)
    assert value is not None
    counted = min(Fraction(quantity), Fraction(cap)) if cap is not None else Fraction(quantity)
    assert sum((y.present for y in value.years), Fraction(0)) == value.total == counted * core.value_per_unit(valuation)
    assert sum(y.share for y in years) == Fraction(valuation["duration_years"])  # type: ignore[arg-type]
    plan = core.Plan(tender="t", contract_value=Fraction(1), criteria=(core.Criterion(
        kind="social value", weight=Fraction(1), items=(item,)),), scales={}, moderation="mean", tie_break=(),
        compare_among="all bids")
    assert core.bid_social_value(plan, core.BidInput(bidder="b", answers={"M": quantity})) == value.total
