"""Invalid JSON bids are placed without a second reading (issue 12 item 10), with the same diagnostics.

`check_text` reads a JSON bid once with the C parser, runs the checks once and, only for the
pointers the problems name, walks the text to find where they are written. These tests hold its
diagnostics to those of the position-keeping reader followed by the checks (what it did before).
"""

from __future__ import annotations

import re
from typing import Any

from hypothesis import given
from hypothesis import strategies as st

from svspec import model
from svspec.bids.document import parse_json
from svspec.bids.jsontext import dumps
from svspec.bids.read import check_document, check_text
from svspec.bids.rules import BidRules
from svspec.diagnostics import Diagnostic
from tests.bids.test_properties import JSON_VALUES, MUTATIONS, SETTINGS, TENDERS, mutate, valid_bids


def _read_twice(text: str, tender: model.Tender) -> tuple[Any, list[Diagnostic]]:
    """The reading before: the position-keeping reader for every value, then the checks again."""
    document, problems = parse_json(text, "bid.json")
    if document is None:
        return None, problems
    return document.data, problems + check_document(document, tender)


def _layouts(text: str) -> list[str]:
    """The bid as written by svspec, on one line, and with Windows line ends and tabs (JSON puts raw
    line breaks only between tokens, so these change nothing else)."""
    return [text, re.sub(r"\n *", "", text), text.replace("\n", "\r\n\t")]


@SETTINGS
@given(st.data())
def test_a_mutated_bid_gets_the_diagnostics_and_places_of_the_full_reading(data: st.DataObject) -> None:
    tender = data.draw(st.sampled_from(TENDERS))
    bid = data.draw(valid_bids(tender))
    mutate(bid, tender, data.draw(st.sampled_from(MUTATIONS)), data.draw(st.integers(0, 50)))
    if data.draw(st.booleans()):
        bid["notes"] = "left in by mistake"
    if data.draw(st.booleans()):  # any value in any place, as the schema agreement property does
        rules = BidRules.for_tender(tender)
        section, key = data.draw(st.sampled_from([(r.section, r.code) for r in rules.rules]))
        bid.setdefault(section, {})
        if isinstance(bid[section], dict):
            bid[section][key] = data.draw(JSON_VALUES)
    for text in _layouts(dumps(bid, sort_keys=False)):
        assert check_text(text, "bid.json", "json", tender) == _read_twice(text, tender)


def test_problems_inside_lists_and_after_escaped_text_are_placed_where_they_are_written() -> None:
    tender = TENDERS[0]
    text = ('{"tender": "waste-2027", "bidder": "A \\"quoted\\" \\u00e9 name\\n",\n'
            ' "evidence": {"LBL1": ["a.pdf", 3, {"x": [1]}]},\n  "notes": [1, {"deep": "\\\\"}],\n'
            ' "social_value": {"LBL1": "twelve", "NOPE": [true, null]}}')
    got = check_text(text, "bid.json", "json", tender)
    assert got == _read_twice(text, tender)
    assert any(d.span is not None and d.span.line == 4 for d in got[1])


def test_a_bid_nested_too_deep_is_refused_as_the_full_reader_refuses_it() -> None:
    tender = TENDERS[0]
    text = '{"tender": "waste-2027", "notes": ' + "[" * 40 + "]" * 40 + "}"
    got = check_text(text, "bid.json", "json", tender)
    assert got == _read_twice(text, tender)
    assert got[0] is None and got[1]


def test_a_number_of_thousands_of_digits_beside_a_problem_is_placed_without_converting_it() -> None:
    # Python's int() refuses more than 4,300 digits: walking past such a number must not convert it.
    tender = TENDERS[0]
    text = '{"tender": "waste-2027", "price": ' + "9" * 5000 + ', "notes": 1}'
    assert check_text(text, "bid.json", "json", tender) == _read_twice(text, tender)
