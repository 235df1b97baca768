"""Price components with their own weights (issue 12 item 4): a tender scores a whole-life cost,
capital + 7 × running cost; a bid prices each component, in YAML, JSON or the spreadsheet, and the
engine, `scoring.py`, the schema, the templates and the reports agree on it."""

from __future__ import annotations

import importlib.util
import json
import subprocess
import sys
from decimal import Decimal
from fractions import Fraction
from pathlib import Path

import pytest

import svspec
from svspec import model
from svspec.bids.layout import ANSWER_COLUMN
from svspec.bids.read import load_bid
from svspec.emit.scoring_model import emit
from svspec.emit.templates import json_template, yaml_template
from svspec.scoring import engine, report
from svspec.scoring.explain import explain_bid
from tests.bids.schema_support import reference_validator

FRAMEWORK = (Path(__file__).parents[1] / "diagnostics" / "bad-rounding-places" / "framework.svspec").read_text(
    encoding="utf-8")

TENDER = '''tender lifts "Lift replacement and maintenance"
  uses demo 1 from "framework.svspec"
  contract value £1,000,000 over 7 years

  criteria
    price 60%, scored relative to lowest
    social value 40%

  price components
    capital "Capital cost of the lifts"
    running "Annual maintenance and running cost" times 7

  social value measures
    J1 weight 50%
    G1 weight 50%
'''

BID = '''tender: lifts
bidder: {bidder}
price:
{price}
social_value:
  J1: 5
  G1: 100
'''

# Alpha: £400,000 + 7 × £60,000 = £820,000; Beta: £300,000 + 7 × £80,000 = £860,000.
ALPHA = "  capital: 400000\n  running: 60000"
BETA = "  capital: 300000\n  running: 80000"


@pytest.fixture()
def tender(tmp_path: Path) -> model.Tender:
    (tmp_path / "svspec.toml").write_text("[project]\nname = \"lifts\"\n", encoding="utf-8")
    (tmp_path / "framework.svspec").write_text(FRAMEWORK, encoding="utf-8")
    (tmp_path / "lifts.svspec").write_text(TENDER, encoding="utf-8")
    result = svspec.load(tmp_path / "lifts.svspec")
    assert result.ok, [d.message for d in result.errors]
    assert isinstance(result.model, model.Tender)
    return result.model


def _bid_file(tmp_path: Path, bidder: str, price: str) -> Path:
    path = tmp_path / f"{bidder.split()[0].lower()}.yaml"
    path.write_text(BID.format(bidder=bidder, price=price), encoding="utf-8")
    return path


def _scoring(tmp_path: Path, tender: model.Tender) -> engine.Scoring:
    bids = []
    for name, price in (("Alpha Lifts Ltd", ALPHA), ("Beta Lifts Ltd", BETA)):
        bid, problems = load_bid(_bid_file(tmp_path, name, price), tender)
        assert bid is not None, [d.message for d in problems]
        bids.append(bid)
    scoring, problems = engine.score(tender, bids)
    assert scoring is not None, [d.message for d in problems]
    return scoring


def test_the_tender_names_its_price_components_with_their_times(tender: model.Tender) -> None:
    assert [(c.code, c.title, c.times) for c in tender.price_components] == [
        ("capital", "Capital cost of the lifts", Decimal(1)),
        ("running", "Annual maintenance and running cost", Decimal(7))]


def test_the_whole_life_cost_is_scored_not_the_capital_cost(tmp_path: Path, tender: model.Tender) -> None:
    """Derived case (issue 12 item 4, "capital + 7 years' running cost", with the CCS relative price rule of
    case ccs_relative_price_fixed_quote, score = lowest ÷ price): Beta's capital is lower, but its
    whole-life cost (£860,000) is above Alpha's (£820,000), so Beta gets 60 × 820/860 = 57.21 points."""
    scoring = _scoring(tmp_path, tender)
    alpha, beta = scoring.bid("Alpha Lifts Ltd"), scoring.bid("Beta Lifts Ltd")
    assert alpha is not None and beta is not None
    assert (alpha.price, beta.price) == (820000, 860000)
    assert alpha.price_parts == (("capital", Fraction(400000)), ("running", Fraction(60000)))
    assert beta.criterion("price").points == Fraction(60 * 820, 860)  # type: ignore[union-attr]
    assert [b.bidder for b in scoring.ranked] == ["Alpha Lifts Ltd", "Beta Lifts Ltd"]


def test_the_explanation_shows_how_the_components_add_up(tmp_path: Path, tender: model.Tender) -> None:
    text = explain_bid(_scoring(tmp_path, tender), "Beta Lifts Ltd")
    assert ("Price: whole-life cost £860,000 (capital £300,000 + 7 × running £80,000) against the lowest "
            "price among passing bids, £820,000, gives 95.35% → × 60% of the total = 57.21 points") in text
    scoring = _scoring(tmp_path, tender)
    markdown = report.to_markdown(scoring, report.make_audit(scoring, {}, [], None), explain=["Beta Lifts Ltd"])
    assert "- Price: whole-life cost £860,000 (capital £300,000 + 7 × running £80,000)" in markdown
    data = json.loads(report.to_json(scoring, report.make_audit(scoring, {}, [], None)))
    beta = next(b for b in data["bids"] if b["bidder"] == "Beta Lifts Ltd")
    assert beta["price"] == "£860,000" and beta["price_components"] == {"capital": "£300,000", "running": "£80,000"}


@pytest.mark.parametrize(("price", "code", "message"), [
    ("  700000", "bid/price-by-component",
     "this tender asks for the price by component (capital, running), not one figure"),
    ("  running: 60000", "bid/missing-price-component",
     "the price has no amount for capital (Capital cost of the lifts)"),
    ("  capitol: 400000\n  capital: 1\n  running: 60000", "bid/unknown-price-component",
     "there is no price component capitol in this tender; its components are capital, running"),
    ("  capital: 400000\n  running: -5", "bid/negative-price", "the price is -£5; a price cannot be negative"),
    ("  capital: 0\n  running: 0", "bid/zero-price", "the price is £0"),
    ("  capital: '400000'\n  running: 1", "bid/number-as-text", "the price of capital (Capital cost of the lifts)"),
])
def test_a_bad_price_by_component_is_refused_with_its_place(tmp_path: Path, tender: model.Tender, price: str,
                                                            code: str, message: str) -> None:
    text = BID.format(bidder="Gamma", price=price).replace("price:\n  700000", "price: 700000")
    path = tmp_path / "gamma.yaml"
    path.write_text(text, encoding="utf-8")
    bid, problems = load_bid(path, tender)
    assert bid is None
    found = [d for d in problems if d.code == code]
    assert found and message in found[0].message, [(d.code, d.message) for d in problems]
    assert found[0].span is not None and found[0].span.line >= 3


def test_the_schema_agrees_with_svspec_on_a_price_by_component(tmp_path: Path, tender: model.Tender) -> None:
    validator = reference_validator(tender)
    good = {"tender": "lifts", "bidder": "A", "price": {"capital": 400000, "running": 60000},
            "social_value": {"J1": 5, "G1": 100}, "evidence": {}}
    assert not list(validator.iter_errors(good))
    for price in (700000, {"running": 1}, {"capital": 1, "running": 1, "other": 1}, {"capital": -1, "running": 1},
                  {"capital": 0, "running": 0}):
        assert list(validator.iter_errors({**good, "price": price})), price


def test_the_templates_ask_for_each_component(tender: model.Tender) -> None:
    text = yaml_template(tender)
    assert "price:  # the price of each component in pounds" in text
    assert '  # running "Annual maintenance and running cost" (counted 7 times in the whole-life cost)\n' \
           "  running:\n" in text
    assert json.loads(json_template(tender))["price"] == {"capital": None, "running": None}


def test_a_filled_spreadsheet_prices_each_component(tmp_path: Path, tender: model.Tender) -> None:
    import openpyxl

    from svspec.emit.xlsx import workbook_bytes

    (tmp_path / "blank.xlsx").write_bytes(workbook_bytes(tender))
    book = openpyxl.load_workbook(tmp_path / "blank.xlsx")
    sheet = book["Bid"]
    rows = {sheet.cell(row=r, column=1).value: r for r in range(1, sheet.max_row + 1)}
    assert "price" not in rows and {"price capital", "price running"} <= set(rows)
    assert "counted 7 times" in sheet.cell(row=rows["price running"], column=3).value
    sheet.cell(row=rows["bidder"], column=2, value="Alpha Lifts Ltd")
    sheet.cell(row=rows["price capital"], column=2, value=400000)
    sheet.cell(row=rows["price running"], column=2, value=60000)
    values = book["Social value"]
    for r in range(2, values.max_row + 1):
        code = values.cell(row=r, column=1).value
        if code in ("J1", "G1"):
            values.cell(row=r, column=ANSWER_COLUMN, value=5 if code == "J1" else 100)
    book.save(tmp_path / "alpha.xlsx")
    bid, problems = load_bid(tmp_path / "alpha.xlsx", tender)
    assert bid is not None, [(d.code, d.message) for d in problems]
    assert bid.price == 820000 and dict(bid.price_parts) == {"capital": 400000, "running": 60000}
    sheet.cell(row=rows["price running"], column=2, value="lots")
    book.save(tmp_path / "bad.xlsx")
    bid, problems = load_bid(tmp_path / "bad.xlsx", tender)
    assert bid is None and any((d.span is not None and d.span.file.endswith(f"Bid!B{rows['price running']}"))
                               or f"Bid!B{rows['price running']}" in d.message for d in problems), \
        [(d.code, d.message, d.span) for d in problems]


def test_the_standalone_scorer_adds_the_components_as_the_engine_does(tmp_path: Path, tender: model.Tender) -> None:
    scoring = _scoring(tmp_path, tender)
    emit(tender, tmp_path / "out")
    data = json.loads((tmp_path / "out" / "scoring.json").read_text(encoding="utf-8"))
    assert data["price_components"] == [{"code": "capital", "title": "Capital cost of the lifts", "times": "1"},
                                        {"code": "running", "title": "Annual maintenance and running cost",
                                         "times": "7"}]
    files = [str(tmp_path / "alpha.yaml"), str(tmp_path / "beta.yaml")]
    run = subprocess.run([sys.executable, str(tmp_path / "out" / "scoring.py"), "--json", *files],
                         capture_output=True, text=True, timeout=60, check=False)
    assert run.returncode == 0, run.stderr
    rows = {r["bidder"]: r for r in json.loads(run.stdout)}
    for b in scoring.bids:
        assert rows[b.bidder]["price"] == report.words.points(b.criterion("price").points)  # type: ignore[union-attr]
        assert rows[b.bidder]["outcome"] == ("winner" if b.rank == 1 else "ranked")
    one = _bid_file(tmp_path, "Delta Lifts", "  capital: 1\n  running: 1").with_name("delta.yaml")
    one.write_text(BID.format(bidder="Delta", price="").replace("price:\n\n", "price: 900000\n"), encoding="utf-8")
    run = subprocess.run([sys.executable, str(tmp_path / "out" / "scoring.py"), str(one)],
                         capture_output=True, text=True, timeout=60, check=False)
    assert run.returncode == 1 and "by component (capital, running), not one figure" in run.stderr


def test_the_formatter_keeps_the_price_components(tender: model.Tender) -> None:
    from svspec.syntax.formatter import format_text

    assert format_text(TENDER) == TENDER


def test_the_standalone_module_reads_a_price_by_component(tmp_path: Path, tender: model.Tender) -> None:
    emit(tender, tmp_path / "out")
    spec = importlib.util.spec_from_file_location("components_scoring", tmp_path / "out" / "scoring.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules["components_scoring"] = module
    spec.loader.exec_module(module)
    plan = module.load_plan(module.MODEL)
    assert module.read_bid(str(_bid_file(tmp_path, "Alpha Lifts Ltd", ALPHA)), plan).price == 820000


def test_the_tender_site_says_the_price_scored_is_the_whole_life_cost(tmp_path: Path, tender: model.Tender) -> None:
    from tests.site.helpers import generate_site

    assert generate_site(tmp_path / "lifts.svspec", tmp_path / "site").ok
    scoring_page = (tmp_path / "site" / "docs" / "scoring.md").read_text(encoding="utf-8")
    assert ("The price scored is the whole-life cost: capital cost of the lifts + 7 × annual maintenance and "
            "running cost; your bid prices each of them in pounds.") in scoring_page


def test_svspec_diff_reports_new_price_components(tmp_path: Path, tender: model.Tender) -> None:
    from svspec.diff import compare

    (tmp_path / "one.svspec").write_text(TENDER.replace(
        '''  price components
    capital "Capital cost of the lifts"
    running "Annual maintenance and running cost" times 7

''', ""), encoding="utf-8")
    before = svspec.load(tmp_path / "one.svspec").model
    assert isinstance(before, model.Tender)
    reasons = [c.reason for c in compare(before, tender).changes]
    assert "the price components changed from one price to capital + 7 × running" in reasons
