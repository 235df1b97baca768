"""Numbers, times and text in bids: `svspec validate` refuses what scoring cannot take (issue 8, items 12-14).

Every payload here is one the issue found accepted by `svspec validate` and then breaking, hanging or
fooling `svspec score`; each must now be refused (or flagged) with its place, and every valid bid must
score quickly.
"""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from svspec import model
from svspec.bids.read import load_bid, validate_data
from svspec.diagnostics import Diagnostic
from svspec.scoring.core import ScoringError, count_characters, count_words, number_problem, read_moment
from tests.bids.test_validation import WASTE_BID, fresh


def _json(tmp_path: Path, text: str, name: str = "bid.json") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def _with(field: str, raw: str, section: str | None = None) -> str:
    """WASTE_BID as JSON text with one value written exactly as given (a payload, not a Python value)."""
    data = fresh(WASTE_BID)
    marker = "@@PAYLOAD@@"
    if section is None:
        data[field] = marker
    else:
        data[section][field] = marker
    return json.dumps(data).replace(json.dumps(marker), raw)


def _codes(problems: list[Diagnostic]) -> list[str]:
    return [d.code for d in problems]


# ------------------------------------------------------------------------------------ numbers
@pytest.mark.parametrize(("raw", "code"), [
    ("1e100001", "bid/number-too-large"),
    ("1e-100001", "bid/too-many-decimals"),
    ("1e1000000", "bid/number-too-large"),
    ("1e-999999", "bid/too-many-decimals"),
    ("0e-999999", "bid/too-many-decimals"),
    ("1000000000000000", "bid/number-too-large"),
    ("0.000000000000000000001", "bid/too-many-decimals"),
])
def test_numbers_scoring_cannot_take_are_refused_with_their_place_and_the_bound(
        tmp_path: Path, waste: model.Tender, raw: str, code: str) -> None:
    for field, section in (("LBL3", "social_value"), ("price", None)):
        bid, problems = load_bid(_json(tmp_path, _with(field, raw, section)), waste)
        assert bid is None
        assert _codes(problems) == [code]
        message = problems[0].message
        assert ("at most 15" if code == "bid/number-too-large" else "at most 20") in message
        assert message.endswith(f"(at /{section}/{field})" if section else f"(at /{field})")
        assert len(message) < 300, "a huge number is never written out in full"
        assert problems[0].span is not None and problems[0].span.line == 1


def test_numbers_within_the_bounds_are_accepted_exactly(tmp_path: Path, waste: model.Tender) -> None:
    bid, problems = load_bid(_json(tmp_path, _with("LBL3", "999999999999999.99999999999999999999", "social_value")),
                             waste)
    assert problems == [] and bid is not None
    assert bid.social_value["LBL3"] == Decimal("999999999999999.99999999999999999999")


def test_a_long_number_in_yaml_exponent_form_is_refused_for_its_size_not_as_a_unit(
        tmp_path: Path, waste: model.Tender) -> None:
    text = json.dumps(fresh(WASTE_BID)).replace('"LBL3": 2', '"LBL3": "1.0e100001"')
    path = tmp_path / "bid.yaml"
    path.write_text(text, encoding="utf-8")
    _, problems = load_bid(path, waste)
    assert _codes(problems) == ["bid/number-too-large"]


def test_a_price_of_zero_is_refused_at_validation_not_only_at_scoring(tmp_path: Path, waste: model.Tender) -> None:
    bid, problems = load_bid(_json(tmp_path, _with("price", "0")), waste)
    assert bid is None and _codes(problems) == ["bid/zero-price"]
    assert "more than £0" in problems[0].message


def test_answers_of_200000_digits_are_refused_without_scoring(waste: model.Tender) -> None:
    data = fresh(WASTE_BID)
    huge = Decimal("1" + "0" * 200_000)
    data["price"] = huge
    for code in ("LBL1", "LBL3", "LBL5", "LBL8"):
        data["social_value"][code] = huge
    data["social_value"]["LBL6"] = "Panels."
    problems = validate_data(data, waste)  # in memory: no file size limit applies
    assert _codes(problems).count("bid/number-too-large") == 5


# ------------------------------------------------------------------------------------ submitted
@pytest.mark.parametrize(("raw", "reason"), [
    ("2027-13-01T00:00:00Z", "there is no day 2027-13-01"),
    ("2027-02-30", "there is no day 2027-02-30"),
    ("2027-01-10T12:00:00+99:99", "+99:99 is not a time zone offset"),
    ("2027-01-10T12:00:00+14:30", "+14:30 is not a time zone offset"),
    ("2027-01-10T25:00:00Z", "there is no time 25:00:00"),
    ("2027-01-10T12:00:00", "a time needs its time zone"),
    ("10/01/2027", "it is not written like"),
    ("9999-12-31T23:00:00-12:00", "outside the years 1 to 9999"),
    ("0000-01-01", "there is no day 0000-01-01"),
    ("2027-01-10T23:59:60Z", "there is no time 23:59:60"),
])
def test_impossible_submission_times_are_refused_saying_why(tmp_path: Path, waste: model.Tender, raw: str,
                                                            reason: str) -> None:
    bid, problems = load_bid(_json(tmp_path, _with("submitted", json.dumps(raw))), waste)
    assert bid is None and _codes(problems) == ["bid/bad-date"]
    assert reason in problems[0].message and problems[0].message.endswith("(at /submitted)")


def test_a_submission_time_before_the_framework_takes_effect_is_refused(tmp_path: Path,
                                                                        waste: model.Tender) -> None:
    bid, problems = load_bid(_json(tmp_path, _with("submitted", '"1999-01-01T00:00:00Z"')), waste)
    assert bid is None and _codes(problems) == ["bid/submitted-too-early"]
    assert "2026-04-01" in problems[0].message  # the Lambeth framework's `effective` date


def test_a_submission_time_after_the_closing_date_is_accepted_and_flagged(tmp_path: Path,
                                                                         waste: model.Tender) -> None:
    bid, problems = load_bid(_json(tmp_path, _with("submitted", '"2027-01-16T09:00:00Z"')), waste)
    assert bid is not None
    assert _codes(problems) == ["bid/submitted-after-closing"]
    assert problems[0].severity.name == "WARNING" and "closed on 2027-01-15" in problems[0].message


@pytest.mark.parametrize("raw", ["2027-01-10", "2027-01-10T12:00:00Z", "2027-01-10T12:00:00.123456789+01:00",
                                 "2027-01-10 12:00-05:00", "2027-01-15T23:59:59Z", "2027-01-16T00:30:00+01:00"])
def test_possible_submission_times_up_to_the_closing_date_are_accepted(tmp_path: Path, waste: model.Tender,
                                                                      raw: str) -> None:
    bid, problems = load_bid(_json(tmp_path, _with("submitted", json.dumps(raw))), waste)
    assert problems == [] and bid is not None and bid.submitted == raw


# ------------------------------------------------------------------------------------ text
@pytest.mark.parametrize(("raw", "char", "where"), [
    ('"Our plan\\u0000 in full"', "U+0000", "character 9"),
    ('"line one\\nline\\u0007 two"', "U+0007", "line 2, character 5"),
    ('"' + "\\u200b".join(["word"] * 5000) + '"', "U+200B ZERO WIDTH SPACE", "character 5"),
    ('"safe \\u202e txt.exe"', "U+202E RIGHT-TO-LEFT OVERRIDE", "character 6"),
    ('"half \\ud800 a pair"', "U+D800", "character 6"),
])
def test_control_and_invisible_characters_in_an_answer_are_refused_with_their_place(
        tmp_path: Path, waste: model.Tender, raw: str, char: str, where: str) -> None:
    bid, problems = load_bid(_json(tmp_path, _with("Q2", raw, "quality")), waste)
    assert bid is None and _codes(problems) == ["bid/refused-character"]
    assert char in problems[0].message and f"at {where}" in problems[0].message
    assert problems[0].message.endswith("(at /quality/Q2)")
    problems[0].message.encode("utf-8")  # never the character itself: every message can be printed


def test_a_bidder_name_with_a_lone_surrogate_is_refused_and_the_message_can_be_printed(
        tmp_path: Path, waste: model.Tender) -> None:
    bid, problems = load_bid(_json(tmp_path, _with("bidder", '"Acme \\udc00Ltd"')), waste)
    # The name rule (svspec.names) refuses it, as it refuses every invisible character in a name.
    assert bid is None and _codes(problems) == ["bid/bad-name"]
    assert problems[0].message.endswith("(at /bidder)")
    problems[0].message.encode("utf-8")


def test_5000_words_joined_by_zero_width_spaces_do_not_pass_an_800_word_limit(tmp_path: Path,
                                                                             waste: model.Tender) -> None:
    payload = "\u200b".join(["word"] * 5000)
    data = fresh(WASTE_BID)
    data["quality"]["Q2"] = payload  # Q2: up to 800 words
    bid, problems = load_bid(_json(tmp_path, json.dumps(data, ensure_ascii=False)), waste)
    assert bid is None and _codes(problems) == ["bid/refused-character"]


def test_words_and_characters_are_counted_as_a_person_reads_them() -> None:
    assert count_words("Our  plan,\tin\nfull.") == 4
    assert count_words("caf\u00e9 cafe\u0301") == 2
    assert count_words("a \u200d b") == 2, "an invisible joiner on its own is not a word"
    assert count_characters("cafe\u0301") == 4, "an accent composed with its letter is one character"
    assert count_characters("co\u00adoperate") == 9, "a soft hyphen is not seen"
    assert count_characters("one\r\ntwo") == 7, "a Windows line ending is one line break"


def test_an_answer_is_kept_composed_as_a_person_reads_it(tmp_path: Path, waste: model.Tender) -> None:
    data: dict[str, Any] = fresh(WASTE_BID)
    data["quality"]["Q1"] = "Cafe\u0301 staff"
    bid, problems = load_bid(_json(tmp_path, json.dumps(data)), waste)
    assert problems == [] and bid is not None
    assert bid.quality["Q1"] == "Caf\u00e9 staff"


def test_a_character_limit_counts_what_a_person_sees(tmp_path: Path, kinds: model.Tender) -> None:
    from tests.bids.test_validation import KINDS_BID

    data = fresh(KINDS_BID)
    data["social_value"]["K5"] = "e\u0301" * 40  # 40 characters seen (80 code points); K5: up to 40 characters
    bid, problems = load_bid(_json(tmp_path, json.dumps(data)), kinds)
    assert problems == [] and bid is not None
    data["social_value"]["K5"] = "e\u0301" * 41
    _, problems = load_bid(_json(tmp_path, json.dumps(data)), kinds)
    assert _codes(problems) == ["bid/too-many-characters"] and "41 characters" in problems[0].message


def test_a_key_or_value_quoted_in_any_message_can_always_be_printed(tmp_path: Path, waste: model.Tender) -> None:
    text = json.dumps(fresh(WASTE_BID)).replace('"tender": "waste-2027"', '"tender": "waste\\ud800", "x\\udc00y": 1')
    bid, problems = load_bid(_json(tmp_path, text), waste)
    assert bid is None
    assert sorted(_codes(problems)) == ["bid/refused-character", "bid/unknown-field"]
    for problem in problems:
        problem.message.encode("utf-8")


def test_an_evidence_document_name_with_an_invisible_character_is_refused(tmp_path: Path,
                                                                         waste: model.Tender) -> None:
    data = fresh(WASTE_BID)
    data["evidence"]["LBL6"] = ["plan\u202egpj.exe"]
    bid, problems = load_bid(_json(tmp_path, json.dumps(data)), waste)
    assert bid is None and _codes(problems) == ["bid/refused-character"]
    assert problems[0].message.endswith("(at /evidence/LBL6/0)")


@settings(max_examples=300, deadline=None)
@given(st.from_regex(r"[0-9]{4}-[0-9]{2}-[0-9]{2}([T ][0-9]{2}:[0-9]{2}(:[0-9]{2}(\.[0-9]{1,9})?)?"
                     r"(Z|[+-][0-9]{2}:[0-9]{2})?)?", fullmatch=True) | st.text(max_size=30))
def test_any_submission_text_is_a_time_or_a_reason_never_a_traceback(text: str) -> None:
    try:
        moment = read_moment(text)
    except ScoringError as error:
        assert str(error)
    else:
        assert moment.at.tzinfo is not None


@settings(max_examples=300, deadline=None)
@given(st.decimals(allow_nan=False, allow_infinity=False))
def test_any_number_is_within_the_bounds_or_refused_with_its_digit_count(value: Decimal) -> None:
    problem = number_problem(value)
    if problem is None:
        assert abs(value) < 10**15 and -value.as_tuple().exponent <= 20  # type: ignore[operator]
    else:
        assert problem[0] in ("whole", "decimals") and problem[1] > 0


@pytest.mark.parametrize(("text", "accepted"), [("Panels \U0001f600 monthly", True), ("Caf\u00e9", True),
                                                ("Pan\u200bels", False), ("Pan\x07els", False)])
def test_the_published_schema_refuses_the_same_characters_as_svspec_validate(waste: model.Tender, text: str,
                                                                            accepted: bool) -> None:
    from tests.bids.schema_support import reference_validator

    data = fresh(WASTE_BID)
    data["social_value"]["LBL6"] = text
    assert reference_validator(waste).is_valid(data) == accepted
    exact = json.loads(json.dumps(data), parse_int=Decimal, parse_float=Decimal)
    assert (validate_data(exact, waste) == []) == accepted
