"""The scoring engine: exact scores, rankings, explanations, worked examples and sensitivity.

`core` holds the arithmetic (standard library only; copied into the standalone scoring.py);
`engine` checks inputs and explains results; `marks` reads evaluator marks; `sensitivity`
tests how robust a ranking is to the weights and to the set of bids; `report` renders results.

    scoring, diagnostics = svspec.scoring.score(tender, bids, marks)
"""

from __future__ import annotations

from svspec.scoring.engine import BidScore, ItemScore, Scoring, score
from svspec.scoring.explain import WorkedExample, describe_rule, explain_bid, worked_example, worked_examples
from svspec.scoring.marks import Marks, load_marks

__all__ = ["BidScore", "ItemScore", "Marks", "Scoring", "WorkedExample", "describe_rule", "explain_bid",
           "load_marks", "score", "worked_example", "worked_examples"]
