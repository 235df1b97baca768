"""A bid as svspec sees it once read: plain values keyed by question and measure code.

The file format (YAML or JSON; a filled spreadsheet is converted to the same shape):

    tender: waste-2027            # the tender's name
    bidder: "Acme Services Ltd"   # how the bidder is named in reports
    submitted: 2027-01-10T12:00:00Z   # optional; used by the 'earliest submission' tie-break
    price: 11500000               # total price in pounds, when the tender scores price
    quality:                      # one answer per quality question
      Q1: "Our plan ..."
    social_value:                 # one answer per selected measure
      LBL1: 12                    # numbers for number and money answers
      LBL7: true                  # true/false for yes/no answers
      LBL6: "Our engagement plan ..."   # text, a choice, or a file name
      LBL9: "attached: plan.docx"   # a long text answer as a document listed in its evidence
    local:                        # optional: postcode districts of a `local only in ...` measure
      LBL1: [SE11, SW9]
    evidence:                     # documents sent with the bid, by the code they support
      LBL6: ["engagement-plan.pdf"]

Rules (`svspec validate`, `svspec.bids.read.load_bid`): the bid is closed (no other fields or
codes); every quality question and selected measure is answered (0 or no when nothing is
committed); numbers are written without units, quotes or thousands separators and lie within
the measure's bounds; text keeps to its word or character limit; a choice is one of the listed
choices. `evidence` must list at least one document for each *commitment* (a number above 0, a
yes, or a text, choice or file answer) whose measure or question asks for evidence `with the
bid`; evidence due later is not listed. No document may be listed for two measures that the
framework says must not double count. `submitted` is an RFC 3339 date, or date and time with
its time zone, not before the framework takes effect (or 2000), and flagged when after the closing
date; the buyer's receipt time in the marks file wins over it. Numbers have at most 15 digits
before the point and 20 after it; a price is more than 0. Text holds no control or invisible
characters, is kept composed (NFC) and is counted as a person reads it. A text answer written
`attached: NAME` is the document NAME, which must be listed in the evidence of the same code; its
words are counted from the .txt, .md or .docx file beside the bid (`svspec.bids.attachments`).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Decimal

AnswerValue = Decimal | bool | str


@dataclass(frozen=True, slots=True, kw_only=True)
class Bid:
    """One supplier's bid. Numbers are exact decimals; `file` is where it was read from."""

    bidder: str
    tender: str
    price: Decimal | None = None
    """The price scored: with price components, the whole-life cost Σ times × amount."""
    price_parts: Mapping[str, Decimal] = field(default_factory=dict)
    """The amount for each price component the tender names (empty: one price)."""
    submitted: str | None = None
    quality: Mapping[str, AnswerValue] = field(default_factory=dict)
    social_value: Mapping[str, AnswerValue] = field(default_factory=dict)
    evidence: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    file: str = ""
