"""The quick paths of bid validation (issue 12 item 10) give exactly the verdicts of the full checks.

`BidRules.check` asks each answer's quick test (compiled once per tender) before the full check,
refused characters are found by one character class, and `check_text` places problems by passing
plain members of the JSON text in runs. Each is held here to the slower code it stands in for.
"""

from __future__ import annotations

import re
from decimal import Decimal
from typing import Any

from hypothesis import given
from hypothesis import strategies as st

from svspec import names
from svspec.bids.jsontext import dumps
from svspec.bids.read import check_text
from svspec.bids.rules import AnswerRule, BidRules
from svspec.scoring.core import REFUSED_CHARACTERS, printable, refused_character
from tests.bids.test_placed_text import _read_twice
from tests.bids.test_properties import JSON_VALUES, SETTINGS, TENDERS, valid_bids

RULES = [(rules, rule) for rules in map(BidRules.for_tender, TENDERS) for rule in rules.rules]
PUBLISHED = re.compile(REFUSED_CHARACTERS + r"|[\ud800-\udfff]")
"""The refusal as published (for JavaScript too), with any surrogate refused as Python sees them."""

CHARACTERS = st.characters(min_codepoint=0, max_codepoint=0x10FFFF, blacklist_categories=())
TRICKY = st.sampled_from(["\x00", "\t", "\n", "\r", "\x0b", "\x7f", "\x85", "\u200b", "\u202e", "\u2066",
                          "\ufeff", "\ufffe", "\ud800", "\udc00", "\U0001f600", "\u00e9", "e\u0301", "\u3164"])


def _values(rule: AnswerRule) -> st.SearchStrategy[Any]:
    """Values at and around the rule's limits, as well as anything at all."""
    answer = rule.answer
    near: list[Any] = [Decimal(0), Decimal("0.5"), Decimal(-1), Decimal("1E+3"), Decimal("1" * 16),
                       Decimal("0." + "0" * 13 + "1"), True, False, None, "", " ", "yes"]
    for bound in (answer.minimum, answer.maximum):
        if bound is not None:
            near += [bound, bound + Decimal("0.001"), bound - Decimal("0.001"), bound + 1, bound - 1]
    near += list(answer.choices) + [c + " " for c in answer.choices] + [c.upper() for c in answer.choices]
    if answer.limit is not None:
        near += ["a " * (answer.limit - 1) + "a", "a " * answer.limit + "a", "é" * answer.limit,
                 "x" * answer.limit, "x" * (answer.limit + 1), "a" + " " * (2 * answer.limit)]
    text = st.lists(st.one_of(TRICKY, st.sampled_from(["word", " ", "  ", "\n"])), max_size=12).map("".join)
    return st.sampled_from(near) | JSON_VALUES | text


@SETTINGS
@given(st.data())
def test_an_answer_the_quick_test_accepts_is_accepted_by_the_full_check_without_an_issue(
        data: st.DataObject) -> None:
    rules, rule = data.draw(st.sampled_from(RULES))
    accepts = dict((code, test) for code, _rule, test in rules.answer_checks[rule.section])[rule.code]
    value = data.draw(_values(rule))
    issues: list[Any] = []
    full = rules._answer(rule, (rule.section, rule.code), value, issues)
    if accepts is not None and accepts(value):
        assert full and issues == [], (rule.code, value, issues)


@SETTINGS
@given(st.data())
def test_the_quick_tests_accept_every_answer_of_a_generated_valid_bid(data: st.DataObject) -> None:
    # Without this a quick test saying no to everything would pass the property above (and be slow).
    tender = data.draw(st.sampled_from(TENDERS))
    rules = BidRules.for_tender(tender)
    bid = data.draw(valid_bids(tender))
    for section, checks in rules.answer_checks.items():
        for code, rule, accepts in checks:
            value = bid[section][code]
            if accepts is not None and rules._answer(rule, (section, code), value, []):
                assert accepts(value), (code, value)
    assert sum(accepts is not None for checks in rules.answer_checks.values() for _c, _r, accepts in checks) > 0


@SETTINGS
@given(st.lists(st.one_of(TRICKY, CHARACTERS), max_size=8).map("".join))
def test_refused_characters_are_found_as_the_published_pattern_finds_them(text: str) -> None:
    found = PUBLISHED.search(text)
    assert refused_character(text) == (None if found is None else (found.start(), found.group()))
    assert printable(text) == PUBLISHED.sub("\ufffd", text)


def test_a_name_of_printable_ascii_is_fine_and_one_with_a_tab_or_line_break_is_still_refused() -> None:
    assert names.problem("Acme Services Ltd (UK) & Co.") is None
    assert names.problem("Acme\tServices") is not None
    assert names.problem("Acme\nServices") is not None


def test_problems_between_nested_values_and_escaped_text_are_placed_as_the_full_reading_places_them() -> None:
    tender = TENDERS[0]
    text = ('{"tender": "waste-2027", "bidder": "B", "notes": {"a": [[1, {"b": "]}\\"{"}], "x"], "c": {}},\n'
            ' "quality": {},\n "social_value": {' + ", ".join(
                f'"X{i}": ' + ('{"deep": [1, [2]]}' if i % 7 == 0 else f'"text with \\"quotes\\", ]}}{{ and : {i}"')
                for i in range(300)) + ', "LBL1": "twelve"},\n "evidence": {"LBL1": []}, "extra": 1}')
    got = check_text(text, "bid.json", "json", tender)
    assert got == _read_twice(text, tender)
    assert {d.span.line for d in got[1] if d.span is not None} >= {1, 3, 4}


def test_a_bid_with_thousands_of_unknown_answers_is_placed_as_the_full_reading_places_it() -> None:
    tender = TENDERS[0]
    rules = BidRules.for_tender(tender)
    bid: dict[str, Any] = {"tender": tender.name, "bidder": "B", "price": Decimal(1),
                           "social_value": {f"N{i}": ([i, {"k": None}] if i % 500 == 3 else Decimal(i))
                                            for i in range(3000)}}
    bid["social_value"][rules.rules[-1].code] = "twelve"
    for text in (dumps(bid, sort_keys=False), re.sub(r"\n *", "", dumps(bid, sort_keys=False))):
        assert check_text(text, "bid.json", "json", tender) == _read_twice(text, tender)


@SETTINGS
@given(st.decimals(allow_nan=False, allow_infinity=False), st.integers(0, 6))
def test_a_decimal_is_rounded_to_the_same_figure_as_the_same_value_as_a_fraction(value: Decimal, places: int) -> None:
    # Bid messages round their figures (`words.rounded`); a decimal takes the quick way, a fraction the exact one.
    from fractions import Fraction

    from svspec.words import rounded

    assert rounded(value, places).as_tuple() == rounded(Fraction(value), places).as_tuple()
    assert rounded(-value, places).as_tuple() == rounded(-Fraction(value), places).as_tuple()


def test_the_quick_paths_agree_with_the_full_reading_on_every_example_and_mutated_json_bid() -> None:
    # The seeded mutations of the browser's differential test, each JSON one also on one line.
    import svspec
    from tests.bids.mutate import example_bids, mutated
    from tests.conftest import SPECS

    bids = SPECS / "lambeth" / "bids"
    tenders = {n: svspec.load(SPECS / "lambeth" / f"{n}.svspec").model for n in ("waste-2027", "meals-2027")}
    examples = [p for p in example_bids(bids) if p.name.startswith(("waste-", "meals-", "score-"))]
    seeds = [(p.name, p.read_text(encoding="utf-8")) for p in examples]
    compared = invalid = 0
    for name, text in [*seeds, *mutated(seeds, 400, seed=29)]:
        if not name.endswith(".json"):
            continue
        tender = tenders["meals-2027" if "meals" in name else "waste-2027"]
        for layout in (text, re.sub(r"\n *", "", text)):
            got = check_text(layout, "bid.json", "json", tender)  # type: ignore[arg-type]
            assert got == _read_twice(layout, tender), name  # type: ignore[arg-type]
            compared += 1
            invalid += bool(got[1])
    assert compared > 300 and invalid > 100, (compared, invalid)


# ------------------------------------------------------------------ the every-bid pass (validate3)
# The submission date, the evidence lists and the refused-character test of text answers each have a
# quick path taken by most bids; each is held here to the full check it skips, which it must agree with
# on every value (the same issues, the same documents listed).


class _FullOnly:
    """Within it, `BidRules` takes the full checks only: the quick paths of the submission date and of
    the evidence lists are switched off (restored on leaving, whatever happens)."""

    def __enter__(self) -> None:
        from svspec.bids import rules as module

        self.saved = module._PLAIN_MOMENT, module._plain_evidence
        module._PLAIN_MOMENT = re.compile(r"(?!)")  # matches nothing
        module._plain_evidence = lambda evidence, known: False

    def __exit__(self, *exc: object) -> None:
        from svspec.bids import rules as module

        module._PLAIN_MOMENT, module._plain_evidence = self.saved


_YEARS = ("0000", "1999", "2000", "2026", "2027", "2099", "9999")
_MONTHS = ("00", "01", "02", "04", "12", "13", "1")
_DAYS = ("00", "01", "09", "10", "15", "28", "29", "30", "31", "32", "1")
_TIMES = [f"{sep}{h}:{m}{s}{zone}" for sep in ("T", "t", " ", "", "TT") for h in ("00", "12", "23", "24", "1")
          for m in ("00", "59", "60") for s in (":00", ":59", ":60", "", ":00.5", ":5")
          for zone in ("Z", "z", "", "+01:00", "-14:00", "+14:01", "ZZ", "Z\n", " ")]


def test_a_submission_date_gets_the_issues_the_full_reading_of_the_moment_gives() -> None:
    # Every day of a grid (day 29 to 32 of short months, year 0, the closing day...) with and without a
    # time, and every time of a grid on a few days, in every tender (closing or not).
    moments = [f"{y}-{m}-{d}{t}" for y in _YEARS for m in _MONTHS for d in _DAYS for t in ("", "T12:00:00Z")]
    moments += [f"{day}{t}" for day in ("2027-01-10", "2027-01-15", "2027-01-16", "2027-02-28", "2027-02-29",
                                        "2026-03-31", "2026-04-01", "1999-12-31") for t in _TIMES]
    for tender in TENDERS:
        rules = BidRules.for_tender(tender)
        for submitted in [*moments, None, 20270110, ["2027-01-10"]]:
            quick: list[Any] = []
            rules._submitted(submitted, quick)
            full: list[Any] = []
            with _FullOnly():
                rules._submitted(submitted, full)
            assert quick == full, (tender.name, submitted)


@SETTINGS
@given(st.sampled_from(TENDERS), st.from_regex(r"[0-9]{4}-[0-9]{2}-[0-9]{2}(T[0-9]{2}:[0-9]{2}:[0-9]{2}Z)?",
                                               fullmatch=True) | JSON_VALUES)
def test_any_submission_date_gets_the_issues_the_full_reading_gives(tender: Any, submitted: Any) -> None:
    rules = BidRules.for_tender(tender)
    quick: list[Any] = []
    rules._submitted(submitted, quick)
    full: list[Any] = []
    with _FullOnly():
        rules._submitted(submitted, full)
    assert quick == full, submitted


def test_the_submission_date_quick_path_is_taken_by_a_date_as_bids_write_it() -> None:
    # Without this a quick path never taken would pass the property above (and be slow).
    from svspec.bids.rules import _PLAIN_MOMENT

    assert _PLAIN_MOMENT.fullmatch("2027-01-10T12:00:00Z") and _PLAIN_MOMENT.fullmatch("2027-01-10")
    assert not _PLAIN_MOMENT.fullmatch("2027-02-29") and not _PLAIN_MOMENT.fullmatch("2027-01-10T12:00:00+01:00")


_DOCUMENTS = st.one_of(st.sampled_from(["plan.pdf", "plan.pdf ", "Plan.pdf", "", " ", "a\tb.pdf", "a\nb.pdf",
                                        "x" * 300, "x" * 301, "é.pdf", "\u202e.pdf", "\x00", "a b"]),
                       JSON_VALUES)


@SETTINGS
@given(st.data())
def test_evidence_lists_get_the_issues_and_listing_the_full_check_gives(data: st.DataObject) -> None:
    tender = data.draw(st.sampled_from(TENDERS))
    rules = BidRules.for_tender(tender)
    codes = st.sampled_from([*rules.by_code, "Q99", "m1", ""])
    lists = st.one_of(st.lists(_DOCUMENTS, max_size=4), _DOCUMENTS)
    evidence = data.draw(st.one_of(st.dictionaries(codes, lists, max_size=6), JSON_VALUES))
    quick_listed: dict[str, Any] = {}
    quick: list[Any] = []
    rules._evidence(evidence, quick_listed, quick)
    full_listed: dict[str, Any] = {}
    full: list[Any] = []
    with _FullOnly():
        rules._evidence(evidence, full_listed, full)
    assert (quick, list(quick_listed.items())) == (full, list(full_listed.items())), evidence


def test_the_evidence_quick_path_lists_a_plain_bids_documents() -> None:
    from svspec.bids.rules import _plain_evidence

    rules = BidRules.for_tender(TENDERS[0])
    code = next(iter(rules.by_code))
    assert _plain_evidence({code: ["plan.pdf"]}, rules.by_code)
    assert _plain_evidence({code: ["plan.pdf", "report.pdf"]}, rules.by_code)
    assert not _plain_evidence({code: ["plan.pdf", "plan.pdf"]}, rules.by_code)


def test_no_printable_ascii_character_is_refused_so_such_a_text_skips_the_search() -> None:
    from svspec.bids.rules import _no_refused_character

    assert [c for c in map(chr, range(0x20, 0x7F)) if refused_character(c) is not None] == []
    assert not _no_refused_character("a\x7fb") and not _no_refused_character("a\u202eb")
    assert _no_refused_character("a line\nand another\twith a tab")


@SETTINGS
@given(st.lists(st.one_of(TRICKY, CHARACTERS, st.sampled_from(["word", " ", "~", "\x1f"])), max_size=8).map("".join))
def test_a_text_is_free_of_refused_characters_exactly_when_the_search_finds_none(text: str) -> None:
    from svspec.bids.rules import _no_refused_character

    assert _no_refused_character(text) == (refused_character(text) is None)


@SETTINGS
@given(st.data())
def test_a_remembered_mistake_gets_the_verdict_and_issues_of_the_full_check_each_time(data: st.DataObject) -> None:
    # `BidRules._checked` shares the issues of a recurring mistake; the first and the later bids
    # must get exactly what `_answer` says for that value (1 and 1.0, True and 1 kept apart).
    rules, rule = data.draw(st.sampled_from(RULES))
    values = data.draw(st.lists(_values(rule) | st.sampled_from([Decimal(1), Decimal("1.0"), True, 1, "1"]),
                                min_size=1, max_size=6))
    for value in values * 2:
        expected: list[Any] = []
        verdict = rules._answer(rule, (rule.section, rule.code), value, expected)
        got: list[Any] = []
        assert rules._checked(rule, value, got) == verdict
        assert got == expected, (rule.code, value)


def test_unknown_fields_and_codes_recurring_across_bids_are_worded_as_the_full_reading_words_them() -> None:
    tender = TENDERS[0]
    rules = BidRules.for_tender(tender)
    code = rules.rules[-1].code
    texts = [dumps({"tender": tender.name, "bidder": f"B{n}", "notes": n, "1": 2, "social_value": {
        "NOPE": 1, code: ["twelve", "12 hours", Decimal(-1), Decimal("-1.0"), True, None][n % 6]}},
        sort_keys=False) for n in range(12)]
    for text in texts + texts:
        for layout in (text, re.sub(r"\n *", "", text)):
            assert check_text(layout, "bid.json", "json", tender) == _read_twice(layout, tender)
    first, again = (check_text(texts[0], "bid.json", "json", tender)[1] for _ in range(2))
    assert first == again and any(d.code == "bid/unknown-field" for d in first)


def test_every_quick_test_says_no_to_an_answer_not_given() -> None:
    # `BidRules.check` asks the quick test about `_ABSENT` for a missing answer before looking at it.
    from svspec.bids.rules import _ABSENT

    for rules in map(BidRules.for_tender, TENDERS):
        for checks in rules.quick_tests.values():
            assert not any(accepts(_ABSENT) for _code, accepts in checks)


def test_a_code_given_in_the_wrong_section_never_stands_for_the_answer_missing_from_its_own() -> None:
    # The usable answers are taken a group at a time; a measure's code written under quality must not
    # count as that measure's answer (here: no evidence asked for an answer that was not given).
    tender = TENDERS[0]
    rules = BidRules.for_tender(tender)
    base: dict[str, Any] = {"tender": tender.name, "bidder": "B", "price": Decimal(1),
                            "quality": {r.code: "A plan." for r in rules.rules if r.section == "quality"},
                            "social_value": {r.code: Decimal(1) if r.kind.numeric else "A plan."
                                             for r in rules.rules if r.section == "social_value"}}
    for code, wrong in (("LBL8", Decimal(5)), ("LBL8", "ten"), ("LBL6", "A plan.")):
        bid = {**base, "quality": {**base["quality"], code: wrong}, "social_value": dict(base["social_value"])}
        del bid["social_value"][code]
        found = [(i.code, i.pointer) for i in rules.check(bid)]
        assert ("bid/missing-answer", ("social_value", code)) in found
        assert ("bid/unknown-answer", ("quality", code)) in found
        assert ("bid/missing-evidence", ("evidence", code)) not in found, found
        bid["social_value"][code] = "twelve" if code == "LBL8" else ""  # given, refused
        found = [(i.code, i.pointer) for i in rules.check(bid)]
        assert ("bid/missing-evidence", ("evidence", code)) not in found, found
    assert any(i.code == "bid/missing-evidence" for i in rules.check(base))


_JSON_PIECES = st.sampled_from(['{"a": 1}', "[1, 2]", '"x"', "1.5", "-0", "true", "null", "NaN", "{", "}", " ",
                                "\n", "\t", "\ufeff", ",", '{"a": 1, "a": 2}', "[[[]]]", "1e5", "01", '"\\u00e9"'])


@SETTINGS
@given(st.lists(_JSON_PIECES, max_size=5).map("".join))
def test_the_fast_json_reading_takes_the_steps_of_the_decoder_it_stands_for(text: str) -> None:
    # `_fast_json` calls the C scanner itself: what it reads (or refuses) is what `decode` reads.
    from svspec.bids.read import _DECODER, _UNREADABLE, _fast_json

    try:
        expected = _DECODER.decode(text)
    except (ValueError, RecursionError):
        expected = _UNREADABLE
    got = _fast_json(text)
    assert got == expected and type(got) is type(expected), text


PRINTABLE_ASCII = st.text(alphabet=st.characters(min_codepoint=0x20, max_codepoint=0x7E), max_size=40)


@SETTINGS
@given(st.data())
def test_a_text_answer_of_printable_ascii_gets_the_same_quick_verdict_in_a_plain_json_bid(
        data: st.DataObject) -> None:
    # `check(data, plain_text=True)` skips the refused-character search for text answers.
    rules, rule = data.draw(st.sampled_from(RULES))
    value = data.draw(PRINTABLE_ASCII | _values(rule).filter(lambda v: type(v) is not str or (
        v.isascii() and v.isprintable())))
    tests = {section: dict(checks) for section, checks in rules.quick_tests.items()}
    plain = {section: dict(checks) for section, checks in rules.plain_quick_tests.items()}
    assert plain[rule.section][rule.code](value) == tests[rule.section][rule.code](value)


def _strings(value: Any) -> list[str]:
    """Every text in parsed JSON, keys included."""
    if type(value) is str:
        return [value]
    if type(value) is dict:
        return [text for key, item in value.items() for text in [key, *_strings(item)]]
    if type(value) is list:
        return [text for item in value for text in _strings(item)]
    return []


@SETTINGS
@given(st.lists(st.one_of(PRINTABLE_ASCII, TRICKY, st.sampled_from(["\\", '"', "\x7f", "é", "\\n"])), max_size=6)
       .map("".join))
def test_a_json_text_is_taken_as_plain_only_when_every_string_read_from_it_is_printable_ascii(piece: str) -> None:
    import json

    from svspec.bids.read import _UNREADABLE, _fast_json, _plain_text

    raw = '"' + piece + '"'  # the piece written raw between quotes: control characters and all
    for text in (json.dumps({"a": piece}, ensure_ascii=False), json.dumps([piece, {piece: 1}]), raw):
        data = _fast_json(text)
        if data is not _UNREADABLE and _plain_text(text):
            assert all(t.isascii() and t.isprintable() for t in _strings(data)), (text, data)
    assert _plain_text(json.dumps({"a": "plain words"}))


def test_a_string_with_a_raw_control_character_is_unreadable_so_never_taken_as_plain() -> None:
    from svspec.bids.read import _UNREADABLE, _fast_json

    for char in ["\x00", "\t", "\n", "\x1f"]:
        assert _fast_json('{"a": "x' + char + 'y"}') is _UNREADABLE
