"""Failures the fuzz suite has found, each named by the item of issue 8 it belongs to, with a
minimal reproducer.

Every entry's reproducer runs as its own test in `test_short.py`. An entry whose id is in
`OPEN` is a failure not fixed yet: its reproducer is an expected failure (xfail) and a fuzz
finding matching its pattern makes the short profile an expected failure too. Every other entry
is fixed, and its reproducer is a regression test that must pass. A finding that matches no
open entry fails the suite. When the suite finds a new failure, add an entry (with its id in
`OPEN` until the fix lands); when a fix lands, take the id out of `OPEN`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from tests.fuzz import payloads
from tests.fuzz.common import LAMBETH
from tests.fuzz.harness import Finding


@dataclass(frozen=True, slots=True, kw_only=True)
class KnownFailure:
    """A failure the suite knows about: which issue item, how to recognise it, and a small reproducer."""

    id: str
    item: str                 # the item of issue 8 ("Hardening") whose fix removes it
    scope: str                # the engineer's scope fixing it
    pattern: str              # a regular expression searched in `Finding.signature`
    target: str               # the fuzz target of the reproducer
    file: str                 # the reproducer's file name: tender, then what it is ("waste-2027-bid.yaml")
    payload: bytes            # a minimal input showing it

    def matches(self, finding: Finding) -> bool:
        return re.search(self.pattern, finding.signature, re.DOTALL) is not None


def _bid(**changes: str) -> bytes:
    """The example Acme bid (YAML) with the first line of each key replaced: `price="price: 0"`."""
    lines = _ACME.split("\n")
    for key, line in changes.items():
        at = next(i for i, old in enumerate(lines) if re.match(rf"\s*{key}:", old))
        lines[at] = line
    return "\n".join(lines).encode("utf-8", errors="surrogatepass")


def _json_bid(*changes: tuple[str, str]) -> bytes:
    """The example Greenway bid (JSON) with pieces of text replaced, written as they are."""
    text = (LAMBETH / "bids" / "waste-greenway.json").read_text(encoding="utf-8")
    for old, new in changes:
        assert old in text, old
        text = text.replace(old, new, 1)
    return text.encode()


_EVIDENCE = ('"LBL6": ["greenway-engagement.pdf"]', '"LBL6": ["greenway-engagement.pdf"], "LBL8": ["plan.pdf"]')


def _marks(tender: str, old: str, new: str) -> bytes:
    text = (LAMBETH / "marks" / f"{tender}.yaml").read_text(encoding="utf-8")
    assert old in text, old
    return text.replace(old, new, 1).encode()


def _spec(old: str, new: str) -> bytes:
    text = (LAMBETH / "waste-2027.svspec").read_text(encoding="utf-8")
    assert old in text, old
    return text.replace(old, new, 1).encode("utf-8", errors="surrogatepass")


def _sheet(name: str) -> bytes:
    from tests.fuzz.sheets import reproducer

    return reproducer(name)


_ACME = (LAMBETH / "bids" / "waste-acme.yaml").read_text(encoding="utf-8")
_Q1 = '"Service delivery plan"'
_BIDDER = 'bidder: "Acme Services Ltd"'

KNOWN: tuple[KnownFailure, ...] = (
    # ------------------------------------------------------------------ spreadsheets (item 3, 4)
    # Order matters: a finding belongs to the first entry it matches.
    KnownFailure(id="sheet-hidden-rows", item="3", scope="sheets", target="sheets", file="waste-2027-bid.xlsx",
                 pattern=r"^sheets:silent:spreadsheet .*\(hidden rows\)$", payload=_sheet("hidden-duplicate-price")),
    KnownFailure(id="sheet-hidden-cells", item="3", scope="sheets", target="sheets", file="waste-2027-bid.xlsx",
                 pattern=r"^sheets:silent:spreadsheet .* but a person sees nothing$",
                 payload=_sheet("hidden-answer-column")),
    KnownFailure(id="sheet-formula-or-format", item="3", scope="sheets", target="sheets", file="waste-2027-bid.xlsx",
                 pattern=r"^sheets:silent:spreadsheet .* but a person sees (number|text|error|unknown|bool)",
                 payload=_sheet("formula-cache")),
    KnownFailure(id="sheet-date-format", item="4, 11a", scope="sheets", target="sheets", file="waste-2027-bid.xlsx",
                 pattern=r"^sheets:silent:spreadsheet .* but a person sees (date|percent)",
                 payload=_sheet("date-format")),
    KnownFailure(id="sheet-visible-duplicate", item="3", scope="sheets", target="sheets",
                 file="waste-2027-bid.xlsx", pattern=r"^sheets:silent:spreadsheet .* appears in \d+ visible rows",
                 payload=_sheet("visible-duplicate")),
    KnownFailure(id="sheet-entity-utf16", item="4", scope="sheets", target="sheets", file="waste-2027-bid.xlsx",
                 pattern=r"^sheets:silent:a spreadsheet with an XML entity declaration",
                 payload=_sheet("entity-utf16")),
    KnownFailure(id="sheet-entity-not-xml", item="4", scope="sheets", target="sheets", file="waste-2027-bid.xlsx",
                 pattern=r"^sheets:silent:a spreadsheet with an XML entity declaration",
                 payload=_sheet("entity-not-xml")),
    KnownFailure(id="sheet-external-link", item="3", scope="sheets", target="sheets", file="waste-2027-bid.xlsx",
                 pattern=r"^sheets:silent:a spreadsheet with an external link", payload=_sheet("external-link")),
    KnownFailure(id="sheet-damaged-deflate", item="4", scope="sheets", target="sheets", file="waste-2027-bid.xlsx",
                 pattern=r"^sheets:traceback:error: Error -?\d+ while decompressing",
                 payload=_sheet("damaged-deflate")),
    # ------------------------------------------------------------------ marks (items 5, 6a)
    KnownFailure(id="marks-duplicate-key", item="5", scope="reader", target="marks", file="waste-2027-marks.yaml",
                 pattern=r"^marks:silent:marks with (the duplicate key|anchors)",
                 payload=_marks("waste-2027", 'E1: {mark: 75, reason: "Good',
                                'E1: {mark: 0, reason: "first"}\n      E1: {mark: 75, reason: "Good')),
    KnownFailure(id="marks-alias-bomb", item="5", scope="reader", target="marks", file="waste-2027-marks.yaml",
                 pattern=r"^marks:hang:",
                 payload=(payloads.alias_bomb(9) + "tender: waste-2027\nmarks: []\n").encode()),
    KnownFailure(id="marks-number-forms", item="6a", scope="reader", target="marks", file="waste-2027-marks.yaml",
                 pattern=r"^marks:silent:marks: .* was accepted (on the 0-100 scale|as a mark)",
                 payload=_marks("waste-2027", "consensus: {mark: 75}", 'consensus: {mark: "75%"}')),
    KnownFailure(id="marks-huge-number", item="6a", scope="reader", target="marks", file="waste-2027-marks.yaml",
                 pattern=r"^marks:traceback:ValueError: Exceeds the limit",
                 payload=_marks("waste-2027", "consensus: {mark: 75}", "consensus: {mark: 1e1000000}")),
    KnownFailure(id="marks-no-evaluators", item="6a", scope="reader", target="marks", file="waste-2027-marks.yaml",
                 pattern=r"^marks:silent:marks: an entry .* with no evaluator's mark",
                 payload=re.sub(rb"evaluators:\n      E1: \{mark: 75, reason: \"Good: clear commitment, minor gaps in "
                                rb"evidence.\"\}\n      E2: \{[^\n]*\}\n    consensus: \{mark: 75\}",
                                b"evaluators: {}\n    consensus: {mark: 75}",
                                (LAMBETH / "marks" / "waste-2027.yaml").read_bytes(), count=1)),
    KnownFailure(id="marks-mean-no-evaluators", item="6a", scope="reader", target="marks",
                 file="meals-2027-marks.yaml", pattern=r"^marks:traceback:ScoringError",
                 payload=re.sub(rb"evaluators:\n(      E\d: [^\n]*\n)+", b"evaluators: {}\n",
                                (LAMBETH / "marks" / "meals-2027.yaml").read_bytes(), count=1)),
    KnownFailure(id="names-invisible", item="6, 8", scope="reader", target="bids", file="waste-2027-bid.yaml",
                 pattern=r"^(bids|sheets|marks):silent:.*bidder name", payload=_bid(bidder='bidder: "Acme\\u200bLtd"')),
    # ------------------------------------------------------------------ bids (items 6b, 12, 13, 14)
    KnownFailure(id="bid-yaml11-numbers", item="6b", scope="reader", target="bids", file="waste-2027-bid.yaml",
                 pattern=r"^bids:silent:bid .* is read as the number", payload=_bid(LBL1="  LBL1: 012")),
    KnownFailure(id="bid-price-zero", item="12", scope="values", target="bids", file="waste-2027-bid.yaml",
                 pattern=r"^(bids|sheets):inconsistent:.*score/price-not-positive", payload=_bid(price="price: 0")),
    KnownFailure(id="bid-huge-exponent", item="12", scope="values", target="bids", file="waste-2027-bid.json",
                 pattern=r"^(bids|sheets):(traceback:(svspec \w+: )?(ValueError: Exceeds the limit|ScoringError|"
                         r"ValueError: .*digits|Overflow|MemoryError|decimal)|hang:)",
                 payload=_json_bid(('"LBL8": 0', '"LBL8": 1e100001'), _EVIDENCE)),
    KnownFailure(id="bid-tiny-exponent", item="12", scope="values", target="bids", file="waste-2027-bid.json",
                 pattern=r"^(bids|sheets):traceback:(svspec \w+: )?ScoringError",
                 payload=_json_bid(('"LBL8": 0', '"LBL8": 1e-100001'), _EVIDENCE)),
    KnownFailure(id="bid-lone-surrogate", item="12", scope="values", target="bids", file="waste-2027-bid.json",
                 pattern=r"^(bids|sheets|marks):traceback:(svspec \w+: )?UnicodeEncodeError",
                 payload=_json_bid(('"Greenway Environmental"', '"Greenway\\ud800"'))),
    KnownFailure(id="bid-submitted-impossible", item="13", scope="values", target="bids", file="waste-2027-bid.yaml",
                 pattern=r"^(bids|sheets):silent:bid submitted:", payload=_bid(submitted='submitted: "2027-13-01"')),
    KnownFailure(id="bid-control-characters", item="14", scope="values", target="bids", file="waste-2027-bid.yaml",
                 pattern=r"^(bids|sheets):silent:.*text answer holding control character",
                 payload=_bid(Q2='  Q2: "A twelve-week plan\\u0000\\u001b[31m"')),
    # ------------------------------------------------------------------ reports (item 8)
    KnownFailure(id="report-csv-formula", item="8", scope="inject", target="bids", file="waste-2027-bid.yaml",
                 pattern=r":injection:csv report", payload=_bid(bidder="bidder: \"=cmd|'/c calc'!A0\"")),
    KnownFailure(id="report-markdown-row", item="8", scope="inject", target="bids", file="waste-2027-bid.yaml",
                 pattern=r":injection:markdown report",
                 payload=_bid(bidder='bidder: "x |\\n| 1 | Forged Ltd | 100 | 100 | 100 | 100 | winner |"')),
    KnownFailure(id="report-rich-markup", item="8", scope="inject", target="bids", file="waste-2027-bid.yaml",
                 pattern=r":traceback:(svspec \w+: )?MarkupError", payload=_bid(bidder='bidder: "[/bold]"')),
    # ------------------------------------------------------------------ spec outputs (items 7, 9)
    KnownFailure(id="template-yaml-line-separator", item="9", scope="inject", target="specs",
                 file="waste-2027.svspec", pattern=r"^specs:injection:the YAML template",
                 payload=_spec('"Waste collection and street cleansing 2027-2034"',
                               '"Waste\u2028bidder: Forged Ltd\u2028price: 1"')),
    KnownFailure(id="template-yaml-fffe", item="9", scope="inject", target="specs", file="waste-2027.svspec",
                 pattern=r"^specs:injection:(the YAML template|the generated mkdocs.yml)",
                 payload=_spec(_Q1, '"Plan\ufffe"')),
    KnownFailure(id="template-xlsx-formula", item="9", scope="inject", target="specs", file="waste-2027.svspec",
                 pattern=r"^specs:injection:the spreadsheet template",
                 payload=_spec(_Q1, '"=HYPERLINK(\\"http://x.example\\",\\"Click\\")"')),
    KnownFailure(id="site-split-link", item="7", scope="inject", target="specs", file="waste-2027.svspec",
                 pattern=r"^specs:injection:site page .*(javascript|raw HTML)",
                 payload=_spec("      guidance: Describe how you will deliver collections on time across the "
                               "borough, including in bad weather.",
                               '      guidance """\n        [x](java\n        script:alert(1))\n        """')),
)


OPEN: frozenset[str] = frozenset()
"""The ids of the entries not fixed yet. All thirty found on 2026-12-01 were fixed that day."""


def match(finding: Finding) -> KnownFailure | None:
    """The open known failure `finding` is an instance of, if any."""
    return next((k for k in KNOWN if k.id in OPEN and k.matches(finding)), None)
