"""Fixtures for the delivery tests: the waste tender awarded to Acme, in a fresh database."""

from __future__ import annotations

from pathlib import Path

import pytest

from svspec import model
from svspec.api import load
from svspec.bids.read import load_bid
from svspec.delivery.contract import Contract, award
from svspec.delivery.store import Database

ROOT = Path(__file__).resolve().parents[2]
LAMBETH = ROOT / "specs" / "lambeth"
WASTE = LAMBETH / "waste-2027.svspec"
ACME = LAMBETH / "bids" / "waste-acme.yaml"
RETURNS = LAMBETH / "returns"


def waste_tender() -> model.Tender:
    result = load(WASTE)
    assert result.ok and isinstance(result.model, model.Tender)
    return result.model


def waste_contract() -> Contract:
    tender = waste_tender()
    bid, problems = load_bid(ACME, tender)
    assert bid is not None, problems
    contract, problems = award(tender, bid, bid_bytes=ACME.read_bytes(), tender_text=WASTE.read_text("utf-8"))
    assert contract is not None, problems
    return contract


@pytest.fixture
def contract() -> Contract:
    return waste_contract()


@pytest.fixture
def db_path(tmp_path: Path, contract: Contract) -> Path:
    path = tmp_path / "monitor.duckdb"
    with Database(path) as db:
        db.record_contract(contract)
    return path


def write_return(folder: Path, name: str, text: str) -> Path:
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


GOOD_Q2 = """contract: waste-2027
supplier: "Acme Services Ltd"
period: 2027-Q2
submitted: 2027-07-20
delivered:
  LBL1: 12
  LBL3: 4
  LBL5: 30
"""
