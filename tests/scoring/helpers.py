"""Small tenders written in the svspec language for scoring tests, and bids built directly."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path
from typing import Any

import svspec
from svspec import model
from svspec.bids.model import Bid
from svspec.scoring.core import round_half_up
from svspec.scoring.engine import Scoring
from svspec.scoring.marks import Marks

FRAMEWORK = '''framework testfw "Scoring test framework"
  version 1
  unit points "Points on a 0 to 100 scale"
  unit apprenticeships "Apprenticeships"

  scale tens "0 to 100 in steps of 10"
    100 "100"
    90 "90"
    80 "80"
    70 "70"
    60 "60"
    50 "50"
    40 "40"
    30 "30"
    20 "20"
    10 "10"
    0 "0"

  scale dfe "DfE school buildings framework 2025, Appendix H"
    10 "Excellent"
    8 "Good"
    5 "Satisfactory"
    2 "Poor"
    0 "Unacceptable"

  scale mbie "NZ MBIE 0 to 5"
    5 "Excellent"
    4 "Good"
    3 "Acceptable"
    2 "Minor reservations"
    1 "Serious reservations"
    0 "Unacceptable"

  scale credible "Credibility"
    100% "Fully credible"
    75% "Mostly credible"
    50% "Partly credible"
    0% "Not credible"

  theme main "Main"
    outcome main-outcome "Main outcome"
      measure SV "Social value score"
        unit points
        answer number at least 0 at most 100
        evidence "Score sheet" with the bid
        scored linear from 0 points to 100 points
      measure APP "Apprenticeships committed"
        unit apprenticeships
        answer number at least 0
        evidence "Offer letters" every quarter
        scored relative to best
      measure JOBS "Local jobs"
        unit FTE
        answer number at least 0
        apportioned
        value £20,000 per FTE per year
        adjust deadweight 25%, attribution 10%
        evidence "Payroll" every quarter
        scored linear from 0 FTE to 10 FTE
      measure HOURS "Volunteering hours"
        unit hours
        answer number at least 0
        value £20 per hours
        lasts 3 years
        adjust drop-off 10%
        discount 5% per year
        evidence "Log" every quarter
        scored by value relative to best
      measure WEEKS "Training weeks"
        unit weeks
        answer number at least 0
        evidence "Records" every quarter
        scored in bands
          at least 10 weeks scores 40%
          at least 20 weeks scores 100%
          otherwise 0%
      measure LW "Living wage"
        answer yes or no
        evidence "Certificate" at mobilisation
        scored yes or no
      measure PLAN "Engagement plan"
        answer text up to 500 words
        evidence "Plan" with the bid
        scored by evaluators on scale tens
      measure GIFT "Community fund"
        answer money at least £0
        evidence "Fund statement" every year
        scored by value per £ against £0.25
'''


def write_tender(tmp_path: Path, body: str, framework: str = FRAMEWORK) -> model.Tender:
    """Write the test framework and a tender (`body`, without the uses line) and compile them."""
    tmp_path.mkdir(parents=True, exist_ok=True)
    (tmp_path / "svspec.toml").write_text("[project]\nname = \"test\"\n", encoding="utf-8")
    (tmp_path / "fw.svspec").write_text(framework, encoding="utf-8")
    lines = body.strip("\n").splitlines()
    text = "\n".join([lines[0], '  uses testfw 1 from "fw.svspec"', *lines[1:]]) + "\n"
    path = tmp_path / "tender.svspec"
    path.write_text(text, encoding="utf-8")
    result = svspec.load(path)
    assert result.ok, [d.message for d in result.errors]
    assert isinstance(result.model, model.Tender)
    return result.model


def bid(bidder: str, tender: model.Tender, price: Any = None, quality: dict[str, Any] | None = None,
        social_value: dict[str, Any] | None = None, submitted: str | None = None) -> Bid:
    """A bid built directly (numbers as exact Decimals)."""
    def exact(v: Any) -> Any:
        return Decimal(str(v)) if isinstance(v, int | float | str) and not isinstance(v, bool) and \
            str(v).replace(".", "", 1).isdigit() else v

    return Bid(bidder=bidder, tender=tender.name, price=Decimal(str(price)) if price is not None else None,
               submitted=submitted, quality={k: exact(v) for k, v in (quality or {}).items()},
               social_value={k: exact(v) for k, v in (social_value or {}).items()}, file="")


def marks(tender: model.Tender, given: dict[tuple[str, str], Any]) -> Marks:
    """Moderated marks built directly: (bidder, item) → the agreed mark (one evaluator agreeing)."""
    from fractions import Fraction

    from svspec.scoring.marks import EvaluatorMark, MarkEntry, marked_items

    uses = marked_items(tender)
    entries = []
    for (bidder, item), mark in given.items():
        value = Fraction(str(mark))
        entries.append(MarkEntry(bidder=bidder, item=item, use=uses[item][0],
                                 evaluators=(EvaluatorMark(evaluator="E1", mark=value, reason="agreed"),),
                                 consensus=value, consensus_reason=None, moderated=value))
    return Marks(tender=tender.name, entries=tuple(entries))


def points(scoring: Scoring, bidder: str, kind: str | None = None) -> Decimal:
    """A bidder's points (total, or one criterion's), rounded per the rule."""
    result = scoring.bid(bidder)
    assert result is not None
    value = result.total if kind is None else result.criterion(kind).points  # type: ignore[union-attr]
    return Decimal(round_half_up(value))
