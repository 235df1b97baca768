"""Bids the engine cannot score give diagnostics; an unanswered item is a visible zero."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

from svspec.bids.model import Bid
from svspec.scoring import engine
from tests.scoring.helpers import bid, write_tender

TENDER = '''tender b "Bids"
  contract value £100,000 over 1 year
  criteria
    price 50%, scored relative to lowest
    social value 50%
  social value measures
    JOBS weight 50%
    LW weight 50%
'''




def test_problems_in_bids_are_diagnostics(tmp_path: Path) -> None:
    tender = write_tender(tmp_path, TENDER)

    def run(*bids: Bid) -> tuple[bool, list[str]]:
        scoring, diagnostics = engine.score(tender, list(bids))
        return scoring is not None, [d.code for d in diagnostics]

    good = {"JOBS": 1, "LW": True}
    assert run(bid("A", tender, price=10, social_value=good), bid("A", tender, price=12, social_value=good)) == (
        False, ["score/duplicate-bidder"])
    other = Bid(bidder="B", tender="elsewhere", price=Decimal(10), social_value={"JOBS": Decimal(1), "LW": True})
    assert run(other) == (False, ["score/wrong-tender"])
    assert run(bid("A", tender, social_value=good)) == (False, ["score/missing-price"])
    assert run(bid("A", tender, price=0, social_value=good)) == (False, ["score/price-not-positive"])
    assert run(bid("A", tender, price=10, social_value={"JOBS": "lots", "LW": True})) == (
        False, ["score/answer-not-a-number"])
    assert run(bid("A", tender, price=10, social_value={"JOBS": 1, "LW": "yes please"})) == (
        False, ["score/answer-not-yes-no"])


def test_an_unanswered_measure_scores_zero_with_a_warning(tmp_path: Path) -> None:
    tender = write_tender(tmp_path, TENDER)
    scoring, diagnostics = engine.score(tender, [bid("A", tender, price=10, social_value={"LW": True})])
    assert scoring is not None
    assert [(d.code, d.message) for d in diagnostics] == [
        ("score/missing-answer", "'A' gives no answer for 'JOBS', which scores 0")]
    item = scoring.bid("A").items[0]  # type: ignore[union-attr]
    assert item.fraction == 0 and item.sentence.startswith("JOBS (Local jobs): no answer, so 0%")
