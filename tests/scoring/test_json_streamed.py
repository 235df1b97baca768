"""`svspec score --format json` is written bid by bid, and its text is the standard library's.

100,000 bids' every item and sentence is gigabytes of JSON (20,000 bids held 5.6 GB in memory when
the whole report was one string): the report is now written in pieces as each bid's part is made,
and a bid's item scores are made for it and not kept.
"""

from __future__ import annotations

import json
from typing import Any

import svspec
from svspec.bids.read import load_bids
from svspec.scoring import engine, report
from svspec.scoring.report import _Stream, _write_members, _Written
from svspec.scoring.results import LazyItems
from tests.conftest import ROOT
from tests.scoring.test_explain_lazy import score
from tests.scoring.test_score_command import BIDS, MARKS, TENDER


def _scoring() -> Any:
    from svspec.bids.marks_sheet import load_marks_file

    tender = svspec.load(ROOT / TENDER).model
    bids, problems = load_bids([ROOT / b for b in BIDS], tender)
    assert not [p for p in problems if p.severity.name == "ERROR"]
    marks, _found, _ = load_marks_file(ROOT / MARKS, tender, [b.bidder for b in bids], display=MARKS)
    scoring, _ = engine.score(tender, bids, marks)
    assert scoring is not None
    return scoring


def test_the_streamed_json_report_is_the_standard_librarys_indented_text() -> None:
    scoring = _scoring()
    audit = report.make_audit(scoring, {}, list(BIDS), MARKS)
    pieces: list[str] = []
    report.write_json(scoring, audit, write=pieces.append)
    text = "".join(pieces)
    assert len(pieces) > len(scoring.bids)  # written in pieces, not as one string
    assert text == json.dumps(json.loads(text), indent=2, ensure_ascii=False) + "\n"
    assert text == report.to_json(scoring, audit)


def test_a_bids_item_scores_are_made_for_the_json_report_and_not_kept() -> None:
    scoring = _scoring()
    text = report.to_json(scoring, report.make_audit(scoring, {}, [], None))
    assert json.loads(text)["bids"][0]["items"]
    assert all(isinstance(b.items, LazyItems) and b.items._make is not None for b in scoring.bids)


def test_more_members_come_last_as_if_added_to_the_report() -> None:
    scoring = _scoring()
    audit = report.make_audit(scoring, {}, [], None)
    pieces: list[str] = []
    extra = {"diagnostics": [{"code": "score/missing-answer", "line": 3}]}
    report.write_json(scoring, audit, write=pieces.append, extra=extra)
    data = json.loads(report.to_json(scoring, audit))
    data.update(extra)
    assert "".join(pieces) == json.dumps(data, indent=2, ensure_ascii=False) + "\n"


def test_an_unusual_value_is_written_by_json_dumps_where_it_stands() -> None:
    shared = _Written({"years": [{"year": 1, "value": "£3.00"}], "total": None})
    data = {"a": 1.5, "b": _Stream(4, lambda: iter([{"x": 0.25, "v": shared}, {1: "one"}, "plain", [shared]])),
            "c": _Stream(0, iter), "d": {"nested": [True, None, "é", shared]}}
    pieces: list[str] = []
    _write_members(data, pieces.append)
    v = shared.value
    plain = {"a": 1.5, "b": [{"x": 0.25, "v": v}, {1: "one"}, "plain", [v]], "c": [],
             "d": {"nested": [True, None, "é", v]}}
    assert "".join(pieces) == json.dumps(plain, indent=2, ensure_ascii=False)
    # Its text made once for the indent it stands at twice (the unit holding the float went to json.dumps).
    assert list(shared.texts) == ["\n      "]


def test_the_json_command_writes_the_same_report_as_to_json() -> None:
    out = score("--format", "json")
    data = json.loads(out)
    assert out == json.dumps(data, indent=2, ensure_ascii=False) + "\n"
    assert data["bids"][0]["items"][0]["explanation"]
