"""`svspec validate` finds every problem in a bid and says where it is, in a bid writer's words."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import yaml

from svspec.bids.read import load_bid

KINDS_BID: dict[str, Any] = {
    "tender": "kinds-tender",
    "bidder": "Test Ltd",
    "social_value": {"K1": 10, "K2": 5, "K3": 1000, "K4": "charity", "K5": "Short summary", "K6": "policy.pdf",
                     "K7": True},
    "evidence": {"K1": ["volunteering-log.pdf"], "K2": ["mentoring-log.pdf"], "K6": ["signed-policy.pdf"],
                 "K7": ["certificate.pdf"]},
}

WASTE_BID: dict[str, Any] = {
    "tender": "waste-2027",
    "bidder": "Acme",
    "price": 100,
    "quality": {"Q1": "Plan.", "Q2": "Mobilise."},
    "social_value": {"LBL1": 1, "LBL3": 2, "LBL5": 3, "LBL6": "Panels.", "LBL8": 0},
    "evidence": {"LBL6": ["plan.pdf"]},
}


def fresh(data: dict[str, Any]) -> dict[str, Any]:
    """An independent copy of a base bid to change."""
    return json.loads(json.dumps(data))


def bid_file(tmp_path: Path, data: dict[str, Any], suffix: str = ".yaml") -> Path:
    path = tmp_path / f"bid{suffix}"
    text = yaml.safe_dump(data, sort_keys=False) if suffix == ".yaml" else json.dumps(data, indent=2)
    path.write_text(text, encoding="utf-8")
    return path


def test_the_base_bids_used_here_are_valid(tmp_path, kinds, waste) -> None:  # type: ignore[no-untyped-def]
    assert load_bid(bid_file(tmp_path, KINDS_BID), kinds)[1] == []
    assert load_bid(bid_file(tmp_path, WASTE_BID, ".json"), waste)[1] == []


def _set(section: str, key: str, value: Any) -> Callable[[dict[str, Any]], None]:
    def change(bid: dict[str, Any]) -> None:
        if section:
            bid[section][key] = value
        else:
            bid[key] = value
    return change


def _drop(section: str, key: str) -> Callable[[dict[str, Any]], None]:
    def change(bid: dict[str, Any]) -> None:
        del (bid[section] if section else bid)[key]
    return change


KINDS_CASES = {
    "bid/not-a-choice": _set("social_value", "K4", "charities"),
    "bid/too-many-characters": _set("social_value", "K5", "x" * 41),
    "bid/double-counting": _set("evidence", "K2", ["volunteering-log.pdf"]),
    "bid/missing-field": _drop("", "bidder"),
    "bid/bad-bidder": _set("", "bidder", "   "),
    "bid/bad-date": _set("", "submitted", "10/01/2027"),
    "bid/unknown-field": _set("", "price", 5),
    "bid/wrong-tender": _set("", "tender", "another-tender"),
    "bid/bad-document": _set("evidence", "K1", ["ok.pdf", 7]),
    "bid/empty-evidence": _set("evidence", "K1", []),
    "bid/document-listed-twice": _set("evidence", "K1", ["a.pdf", "a.pdf"]),
    "bid/unknown-evidence": _set("evidence", "K9", ["a.pdf"]),
    "bid/missing-evidence": _drop("evidence", "K7"),
    "bid/unknown-answer": _set("social_value", "K8", 1),
    "bid/missing-answer": _drop("social_value", "K3"),
    "bid/below-minimum": _set("social_value", "K1", -1),
    "bid/above-maximum": _set("social_value", "K1", 1001),
    "bid/empty-answer": _set("social_value", "K6", None),
    "bid/wrong-type": _set("social_value", "K7", "maybe"),
    "bid/number-as-text": _set("social_value", "K1", "12"),
    "bid/number-with-unit": _set("social_value", "K3", "£1,500"),
    "bid/wrong-unit": _set("social_value", "K1", "3 FTE"),
}


@pytest.mark.parametrize("code", sorted(KINDS_CASES))
def test_each_mistake_is_reported_once_with_its_code_place_and_pointer(tmp_path, kinds, code) -> None:  # type: ignore[no-untyped-def]
    data = fresh(KINDS_BID)
    KINDS_CASES[code](data)
    bid, diagnostics = load_bid(bid_file(tmp_path, data), kinds)
    assert bid is None
    assert [d.code for d in diagnostics] == [code]
    span = diagnostics[0].span
    assert span is not None and span.file.endswith("bid.yaml") and span.line >= 1
    assert "(at /" in diagnostics[0].message


def test_a_missing_answer_names_the_measure_its_unit_and_pointer(tmp_path, waste) -> None:  # type: ignore[no-untyped-def]
    data = fresh(WASTE_BID)
    del data["social_value"]["LBL1"]
    _, diagnostics = load_bid(bid_file(tmp_path, data), waste)
    assert [d.message for d in diagnostics] == [
        "Missing answer for LBL1 'Local residents employed on the contract' (FTE) (at /social_value/LBL1)"]


def test_word_limits_count_words_not_characters(tmp_path, waste) -> None:  # type: ignore[no-untyped-def]
    data = fresh(WASTE_BID)
    data["quality"]["Q2"] = " ".join(["word"] * 800)
    assert load_bid(bid_file(tmp_path, data), waste)[1] == []
    data["quality"]["Q2"] = " ".join(["word"] * 801)
    _, diagnostics = load_bid(bid_file(tmp_path, data), waste)
    assert [d.code for d in diagnostics] == ["bid/too-many-words"]
    assert "has 801 words; the limit is 800 words" in diagnostics[0].message


def test_a_long_answer_over_its_limit_is_marked_by_one_caret_not_underlined_whole(tmp_path, waste) -> None:  # type: ignore[no-untyped-def]
    from svspec.diagnostics.render import render_text

    data = fresh(WASTE_BID)
    data["quality"]["Q2"] = " ".join(["word"] * 900)
    path = bid_file(tmp_path, data)
    _, diagnostics = load_bid(path, waste)
    (found,) = diagnostics
    assert "has 900 words; the limit is 800 words" in found.message
    assert found.span.end_line == found.span.line and found.span.end_column == found.span.column + 1
    shown = render_text(diagnostics, {str(path): path.read_text(encoding="utf-8")})
    assert max(line.count("^") for line in shown.splitlines()) == 1


def test_a_negative_price_is_refused(tmp_path, waste) -> None:  # type: ignore[no-untyped-def]
    data = fresh(WASTE_BID)
    data["price"] = -5
    assert [d.code for d in load_bid(bid_file(tmp_path, data), waste)[1]] == ["bid/negative-price"]


def test_evidence_is_needed_only_for_commitments(tmp_path, kinds) -> None:  # type: ignore[no-untyped-def]
    data = fresh(KINDS_BID)
    data["social_value"]["K1"] = 0
    data["social_value"]["K7"] = False
    del data["evidence"]["K1"], data["evidence"]["K7"]
    assert load_bid(bid_file(tmp_path, data), kinds)[1] == []


def test_every_problem_in_a_bid_is_reported_at_once(tmp_path, kinds) -> None:  # type: ignore[no-untyped-def]
    data = fresh(KINDS_BID)
    for code in ("bid/not-a-choice", "bid/too-many-characters", "bid/missing-answer", "bid/bad-date"):
        KINDS_CASES[code](data)
    codes = sorted(d.code for d in load_bid(bid_file(tmp_path, data), kinds)[1])
    assert codes == ["bid/bad-date", "bid/missing-answer", "bid/not-a-choice", "bid/too-many-characters"]


def test_unknown_codes_suggest_the_nearest_known_one(tmp_path, waste) -> None:  # type: ignore[no-untyped-def]
    data = fresh(WASTE_BID)
    data["social_value"]["LBL01"] = data["social_value"].pop("LBL1")
    diagnostics = load_bid(bid_file(tmp_path, data), waste)[1]
    unknown = next(d for d in diagnostics if d.code == "bid/unknown-answer")
    assert unknown.suggestions[0] == "LBL1"


def test_a_section_of_the_wrong_shape_is_one_clear_error(tmp_path, waste) -> None:  # type: ignore[no-untyped-def]
    data = fresh(WASTE_BID)
    data["social_value"] = [1, 2, 3]
    data["evidence"] = "plan.pdf"
    messages = [d.message for d in load_bid(bid_file(tmp_path, data), waste)[1]]
    assert "social value answers should be a group of answers by code, not a list (at /social_value)" in messages
    assert any(m.startswith("the evidence should be documents listed by code") for m in messages)


def test_json_bids_point_at_line_and_column(tmp_path, waste) -> None:  # type: ignore[no-untyped-def]
    data = fresh(WASTE_BID)
    data["social_value"]["LBL5"] = "lots"
    _, diagnostics = load_bid(bid_file(tmp_path, data, ".json"), waste)
    span = diagnostics[0].span
    assert span is not None and (span.line, span.column) == (12, 13)
