"""The example bids in specs/lambeth/bids: valid ones pass, invalid ones fail as recorded."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest

import svspec
from svspec.bids.read import load_bid, sources_of
from svspec.diagnostics.render import render_text
from tests.bids.conftest import BIDS, GOLDENS, tender_for

VALID = sorted(p for p in BIDS.iterdir() if p.suffix in (".yaml", ".json") and "-invalid" not in p.name)
INVALID = sorted(p for p in BIDS.iterdir() if "-invalid" in p.name)


@pytest.mark.parametrize("bid", VALID, ids=lambda p: p.name)
def test_every_valid_example_bid_passes_without_any_diagnostic(bid: Path) -> None:
    tender = svspec.load(tender_for(bid)).model
    result, diagnostics = load_bid(bid, tender)
    assert diagnostics == []
    assert result is not None and result.tender == tender.name


@pytest.mark.parametrize("bid", INVALID, ids=lambda p: p.name)
def test_every_invalid_example_bid_fails_with_the_recorded_messages(bid: Path, golden) -> None:  # type: ignore[no-untyped-def]
    tender = svspec.load(tender_for(bid)).model
    result, diagnostics = load_bid(bid, tender)
    assert result is None
    ordered = sorted(diagnostics, key=lambda d: d.sort_key())
    golden(GOLDENS / (bid.name + ".txt"), render_text(ordered, sources_of([bid]), color=False))


def test_there_are_valid_and_invalid_examples_for_each_tender() -> None:
    for tender in ("waste-2027", "meals-2027"):
        assert any(tender_for(p).stem == tender for p in VALID)
        assert any(tender_for(p).stem == tender for p in INVALID)


def test_a_valid_bid_becomes_exact_decimals_booleans_and_text(waste, meals) -> None:  # type: ignore[no-untyped-def]
    bid, _ = load_bid(BIDS / "waste-acme.yaml", waste)
    assert bid is not None
    assert bid.bidder == "Acme Services Ltd"
    assert bid.price == Decimal(11500000)
    assert bid.submitted == "2027-01-10T12:00:00Z"
    assert bid.social_value["LBL8"] == Decimal("350.5") and type(bid.social_value["LBL8"]) is Decimal
    assert bid.quality["Q2"].startswith("A twelve-week")
    assert bid.evidence["LBL6"] == ("acme-engagement-plan.pdf",)
    meal, _ = load_bid(BIDS / "meals-kitchen.yaml", meals)
    assert meal is not None and meal.social_value["LBL7"] is True


def test_answers_keep_the_tenders_order(waste) -> None:  # type: ignore[no-untyped-def]
    bid, _ = load_bid(BIDS / "waste-greenway.json", waste)
    assert bid is not None
    assert list(bid.social_value) == [s.code for s in waste.selections]
