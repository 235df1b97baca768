"""Invalid JSON bids are placed without a second reading (issue 12 item 10), with the same diagnostics.

`check_text` reads a JSON bid once with the C parser, runs the checks once and, only for the
pointers the problems name, walks the text to find where they are written. These tests hold its
diagnostics to those of the position-keeping reader followed by the checks (what it did before).
"""

from __future__ import annotations

import re
from decimal import Decimal
from typing import Any

from hypothesis import given
from hypothesis import strategies as st

from svspec import model
from svspec.bids.document import MAX_DEPTH, Document, parse_json
from svspec.bids.jsontext import dumps
from svspec.bids.read import check_document, check_text, issue_diagnostics
from svspec.bids.rules import BidRules, Issue
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


def test_escaped_quotes_and_final_backslashes_before_problems_are_placed_as_the_full_reading_places_them() -> None:
    # A string is passed to its first quote unless a backslash comes before that quote: these are
    # the strings where it does (an escaped quote, a final escaped backslash), in answers, in groups
    # and in lists, each followed by a problem to place.
    tender = TENDERS[0]
    tricky = ['a \\" b', 'ends \\\\', '\\\\\\"', '\\"', '\\": 1, \\"LBL9', 'x\\\\\\\\']
    for value in tricky:
        text = ('{"tender": "waste-2027", "bidder": "' + value + '",\n'
                ' "social_value": {"LBL1": "' + value + '", "LBL2": {"a": "' + value + '", "b": 1},\n'
                '  "NOPE": ["' + value + '", "' + value + '"], "LBL3": -4},\n'
                ' "evidence": {"LBL1": ["' + value + '"], "LBL6": "' + value + '"}, "notes": "' + value + '"}')
        for layout in _layouts(text):
            got = check_text(layout, "bid.json", "json", tender)
            assert got == _read_twice(layout, tender), value
            assert {"bid/unknown-field", "bid/unknown-answer"} <= {d.code for d in got[1]}


def test_many_problems_on_many_lines_are_placed_as_the_full_reading_places_them() -> None:
    # More than a few problems: their lines are found from one list of the line breaks.
    tender = TENDERS[0]
    unknown = ",\n".join(f'    "X{n}": {n}' for n in range(40))
    text = '{\n  "tender": "waste-2027",\n  "social_value": {\n' + unknown + '\n  },\n  "notes": 1\n}'
    got = check_text(text, "bid.json", "json", tender)
    assert got == _read_twice(text, tender)
    assert sorted(d.span.line for d in got[1] if d.code == "bid/unknown-answer") == list(range(4, 44))


def test_a_bid_nested_just_within_the_limit_is_placed_and_one_level_more_is_refused() -> None:
    # Brackets in text count towards the quick bound on depth but nest nothing.
    tender = TENDERS[0]
    for brackets in ("", "[[[{{{"):
        for depth, refused in ((MAX_DEPTH - 1, False), (MAX_DEPTH, True)):
            text = ('{"tender": "waste-2027", "bidder": "' + brackets + '", "notes": '
                    + "[" * depth + "1" + "]" * depth + "}")
            got = check_text(text, "bid.json", "json", tender)
            assert got == _read_twice(text, tender)
            assert (got[0] is None) is refused


def test_the_same_problem_in_two_bids_is_worded_alike_and_placed_in_each() -> None:
    tender = TENDERS[0]
    first = '{"tender": "waste-2027", "notes": 1}'
    second = '{\n  "tender": "waste-2027",\n\n  "notes": 1\n}'
    one = [d for d in check_text(first, "a.json", "json", tender)[1] if d.code == "bid/unknown-field"]
    two = [d for d in check_text(second, "b.json", "json", tender)[1] if d.code == "bid/unknown-field"]
    assert [d.message for d in one] == [d.message for d in two]
    assert [(d.span.file, d.span.line) for d in one + two] == [("a.json", 1), ("b.json", 4)]


def test_parameters_equal_as_numbers_but_written_differently_keep_their_own_wording() -> None:
    # 1 == 1.0 == True (and they hash alike): each must still be printed as it is, not as the first seen.
    document = Document(file="<bid>", data={})
    found = []
    for value in (Decimal("1.0"), True, 1, Decimal("1.0"), True):
        issue = Issue(("price",), "bid/wrong-type", {"what": "the price", "expected": "a number", "found": value})
        found.append(issue_diagnostics(document, [issue])[0].message)
    assert found == [f"the price should be a number, not {shown} (at /price)"
                     for shown in ("1.0", "True", "1", "1.0", "True")]
