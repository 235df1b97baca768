"""Composite answers (issue 9, item 8): Essex's "£ invested including staff time" is cash plus
staff volunteering hours at £16.93 plus expert hours at £101.00. A bid gives each figure; the
template, schema, spreadsheet, validation and scoring (engine and `scoring.py`) all agree on them.
"""

from __future__ import annotations

import importlib.util
import io
import json
import sys
from decimal import Decimal
from fractions import Fraction
from pathlib import Path
from typing import Any

import openpyxl
import pytest
import yaml

import svspec
from svspec import model
from svspec.bids.layout import ANSWER_COLUMN, EVIDENCE_COLUMN
from svspec.bids.read import load_bid
from svspec.emit.scoring_model import emit
from svspec.emit.templates import blank_bid, yaml_template
from svspec.emit.xlsx import workbook_bytes
from svspec.scoring import engine
from svspec.scoring.explain import explain_bid
from tests.bids.conftest import HERE
from tests.bids.schema_support import reference_validator

RATES = {"cash": Fraction(1), "volunteer-hours": Fraction("16.93"), "expert-hours": Fraction("101.00")}
"""Essex ECC48's unit guidance: staff volunteering £16.93 an hour, expert time £101.00 an hour."""
FIGURES = {"cash": 5000, "volunteer-hours": 40, "expert-hours": 10}


@pytest.fixture(scope="module")
def tender() -> model.Tender:
    result = svspec.load(HERE / "specs" / "staff-time-tender.svspec")
    assert result.ok and isinstance(result.model, model.Tender)
    return result.model


def _bid(figures: Any, **extra: Any) -> dict[str, Any]:
    return {"tender": "staff-time-tender", "bidder": "Acme", "price": 900000,
            "social_value": {"ECC48": figures, "ECC1": 2}, "evidence": {"ECC48": ["timesheets.pdf"]}, **extra}


def _file(tmp_path: Path, data: dict[str, Any]) -> Path:
    path = tmp_path / "bid.yaml"
    path.write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")
    return path


def test_the_answer_counted_is_cash_plus_each_hour_at_its_rate(tmp_path: Path, tender: model.Tender) -> None:
    bid, problems = load_bid(_file(tmp_path, _bid(FIGURES)), tender)
    assert problems == [] and bid is not None
    scoring, diagnostics = engine.score(tender, [bid])
    assert scoring is not None, diagnostics
    item = next(s for s in scoring.bids[0].items if s.code == "ECC48")
    independent = sum(Fraction(FIGURES[name]) * rate for name, rate in RATES.items())  # £6,687.20
    assert independent == Fraction("6687.20")
    assert item.valuation is not None and item.valuation.total == independent
    assert "£5,000 + 40 hours at £16.93 + 10 hours at £101 = £6,687.20" in explain_bid(scoring, "Acme")


def test_the_standalone_scorer_counts_the_same_sum(tmp_path: Path, tender: model.Tender) -> None:
    emit(tender, tmp_path)
    spec = importlib.util.spec_from_file_location("standalone_parts", tmp_path / "scoring.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules["standalone_parts"] = module
    spec.loader.exec_module(module)
    plan = module.load_plan(module.MODEL)
    read = module.read_bid(str(_file(tmp_path, _bid(FIGURES))), plan)
    assert read.answers["ECC48"] == Decimal("6687.20")
    with pytest.raises(module.ScoringError, match="must give a number for each of cash"):
        module.read_bid(str(_file(tmp_path, _bid({"cash": 5000}))), plan)


@pytest.mark.parametrize(("figures", "code", "where"), [
    ({"cash": 5000, "volunteer-hours": 40}, "bid/missing-answer", "part expert-hours"),
    ({**FIGURES, "experts": 3}, "bid/unknown-answer", "did you mean"),
    ({**FIGURES, "cash": -5}, "bid/below-minimum", "part cash is -£5"),
    ({**FIGURES, "volunteer-hours": "forty"}, "bid/wrong-type", "part volunteer-hours should be a number of hours"),
    (6687.2, "bid/wrong-type", "a number for each part"),
])
def test_a_wrong_figure_is_refused_with_its_part_named(tmp_path: Path, tender: model.Tender, figures: Any, code: str,
                                                       where: str) -> None:
    data = _bid(figures)
    bid, problems = load_bid(_file(tmp_path, data), tender)
    assert bid is None
    assert [d.code for d in problems] == [code]
    shown = problems[0].message + " " + (problems[0].hint or "")
    assert where in shown
    assert not reference_validator(tender).is_valid(json.loads(json.dumps(data)))


def test_the_templates_ask_for_each_part(tender: model.Tender) -> None:
    text = yaml_template(tender)
    assert "  ECC48:\n    cash:\n    volunteer-hours:\n    expert-hours:\n" in text
    assert blank_bid(tender)["social_value"]["ECC48"] == {"cash": None, "volunteer-hours": None, "expert-hours": None}
    assert "volunteer-hours: hours at £16.93 each" in text


def _sheet(tender: model.Tender, tmp_path: Path, cells: dict[str, Any]) -> Path:
    wb = openpyxl.load_workbook(io.BytesIO(workbook_bytes(tender)))
    wb["Bid"]["B3"] = "Acme"
    wb["Bid"]["B5"] = 900000
    sheet = wb["Social value"]
    rows = {sheet.cell(row=r, column=1).value: r for r in range(2, sheet.max_row + 1)}
    for label, value in cells.items():
        sheet.cell(row=rows[label], column=ANSWER_COLUMN).value = value
    sheet.cell(row=rows["ECC48"], column=EVIDENCE_COLUMN).value = "timesheets.pdf"
    path = tmp_path / "bid.xlsx"
    wb.save(path)
    return path


def test_the_spreadsheet_has_a_row_per_part_read_back_as_the_yaml_bid(tmp_path: Path, tender: model.Tender) -> None:
    cells = {f"ECC48 / {name}": value for name, value in FIGURES.items()} | {"ECC1": 2}
    from_sheet, problems = load_bid(_sheet(tender, tmp_path, cells), tender)
    assert problems == [] and from_sheet is not None
    from_yaml, _ = load_bid(_file(tmp_path, _bid(FIGURES)), tender)
    assert from_yaml is not None and dict(from_sheet.social_value) == dict(from_yaml.social_value)


def test_a_figure_typed_in_the_measures_own_row_is_refused_not_lost(tmp_path: Path, tender: model.Tender) -> None:
    cells = {f"ECC48 / {name}": value for name, value in FIGURES.items()} | {"ECC1": 2, "ECC48": 6687.2}
    _, problems = load_bid(_sheet(tender, tmp_path, cells), tender)
    assert [d.code for d in problems] == ["bid/spreadsheet-stray-value"]
    assert "'Social value'!C2" in problems[0].message
