"""Fixtures for bid tests: the example tenders, compiled once per test session."""

from __future__ import annotations

from pathlib import Path

import pytest

import svspec
from svspec import model
from tests.conftest import ROOT, SPECS

BIDS = SPECS / "lambeth" / "bids"
HERE = Path(__file__).resolve().parent
GOLDENS = HERE / "goldens"


def _tender(path: Path) -> model.Tender:
    result = svspec.load(path)
    assert result.ok and isinstance(result.model, model.Tender), [d.message for d in result.errors]
    return result.model


@pytest.fixture(scope="session")
def waste() -> model.Tender:
    return _tender(SPECS / "lambeth" / "waste-2027.svspec")


@pytest.fixture(scope="session")
def meals() -> model.Tender:
    return _tender(SPECS / "lambeth" / "meals-2027.svspec")


@pytest.fixture(scope="session")
def kinds() -> model.Tender:
    """A test tender that asks every kind of answer and declares a no-double-counting rule."""
    return _tender(HERE / "specs" / "kinds-tender.svspec")


def tender_for(bid: Path) -> Path:
    """The tender an example bid answers: the spec named by its `tender` field (broken files by
    their name: waste-*, meals-*)."""
    import re

    found = re.search(r'"?tender"?:\s*"?([a-z0-9-]+)', bid.read_text(encoding="utf-8"))
    named = SPECS / "lambeth" / f"{found.group(1) if found else ''}.svspec"
    return named if found and named.exists() else SPECS / "lambeth" / f"{bid.name.split('-')[0]}-2027.svspec"


__all__ = ["BIDS", "GOLDENS", "ROOT", "tender_for"]
