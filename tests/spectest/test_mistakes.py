"""Every mistake in a test file is a located diagnostic with a code, never a traceback or a silent pass."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import pytest

from tests.spectest.support import CASE, WASTE_HEAD, lambeth, run, run_json, write_test


def _problems(project: Path, text: str, name: str = "case.svtest.yaml") -> tuple[int, dict[str, Any]]:
    path = write_test(project, text, name)
    return run_json("test", str(path))


def _all_diagnostics(data: dict[str, Any]) -> list[dict[str, Any]]:
    return data["diagnostics"] + [d for c in data["cases"] for d in c["diagnostics"]]


def _codes(data: dict[str, Any]) -> list[str]:
    return [d["code"] for d in _all_diagnostics(data)]


def test_a_misspelt_expectation_key_is_refused_with_did_you_mean_and_nothing_runs(tmp_path: Path) -> None:
    project = lambeth(tmp_path)
    code, data = _problems(project, WASTE_HEAD + "    expect:\n      totls: {Acme Services Ltd: 89.14}\n")
    assert code == 1
    [d] = data["diagnostics"]
    assert (d["code"], d["line"], d["column"], d["suggestions"]) == ("test/unknown-key", 7, 7, ["totals"])
    assert [(c["status"], c["note"]) for c in data["cases"]] == [
        ("error", "not run: the test file has mistakes (shown above)")]
    assert (data["passed"], data["failed"]) == (0, 1)


def test_an_unknown_bidder_in_an_expectation_is_refused_with_the_nearest_name(tmp_path: Path) -> None:
    project = lambeth(tmp_path)
    code, data = _problems(project, WASTE_HEAD + "    expect:\n      totals: {Acme Services: 89.14}\n")
    assert code == 1
    [d] = _all_diagnostics(data)
    assert (d["code"], d["line"], d["suggestions"]) == ("test/unknown-bidder", 7, ["Acme Services Ltd"])
    assert data["cases"][0]["status"] == "error"


def test_an_unknown_item_code_is_refused_with_the_nearest_codes(tmp_path: Path) -> None:
    project = lambeth(tmp_path)
    code, data = _problems(project, WASTE_HEAD + "    expect:\n      points: {Acme Services Ltd: {LBL11: 2.8}}\n"
                                                 "      social_value: {Acme Services Ltd: {LBL1: 10}}\n")
    assert code == 1
    found = {(d["code"], d["line"], tuple(d["suggestions"])) for d in _all_diagnostics(data)}
    # LBL1 is scored on a line, not by value: it has no £ figure.
    assert found == {("test/unknown-item", 7, ("LBL1", "LBL8")), ("test/unknown-item", 8, ("LBL8", "LBL5"))}


@pytest.mark.parametrize(("expect", "line"), [
    ("totals: {Acme Services Ltd: 89 points}", 7),
    ("totals: {Acme Services Ltd: yes}", 7),
    ("totals: {Acme Services Ltd: \"£89.14\"}", 7),
    ("tolerance: lots", 7),
])
def test_an_expected_figure_that_is_not_a_number_is_refused_where_it_is_written(tmp_path: Path, expect: str,
                                                                                 line: int) -> None:
    project = lambeth(tmp_path)
    code, data = _problems(project, WASTE_HEAD + f"    expect:\n      {expect}\n")
    assert code == 1
    assert [(d["code"], d["line"]) for d in data["diagnostics"]] == [("test/not-a-figure", line)]


@pytest.mark.parametrize(("text", "line"), [
    ("- just a list\n", 1),
    ("tender: ../waste-2027.svspec\ncases: {name: x}\n", 2),
    ("tender: ../waste-2027.svspec\ncases:\n  - bids: [../bids/waste-acme.yaml]\n    expect: {winner: x}\n", 3),
    ("tender: ../waste-2027.svspec\ncases:\n  - name: no bids\n    expect: {winner: x}\n", 3),
    ("tender: ../waste-2027.svspec\ncases:\n  - name: no expectations\n    bids: [../bids/waste-acme.yaml]\n", 3),
    ("cases:\n  - name: no tender\n    bids: [../bids/waste-acme.yaml]\n    expect: {winner: x}\n", 2),
    (WASTE_HEAD + "    expect: {ranks: {Acme Services Ltd: first}}\n", 6),
])
def test_a_test_file_of_the_wrong_shape_says_what_is_expected_where(tmp_path: Path, text: str, line: int) -> None:
    project = lambeth(tmp_path)
    code, data = _problems(project, text)
    assert code == 1
    assert ("test/malformed", line) in [(d["code"], d["line"]) for d in data["diagnostics"]]


def test_a_test_file_with_no_cases_is_a_warning(tmp_path: Path) -> None:
    project = lambeth(tmp_path)
    code, data = _problems(project, "tender: ../waste-2027.svspec\ncases: []\n")
    assert [(d["code"], d["severity"]) for d in data["diagnostics"]] == [("test/no-cases", "warning")]
    assert (code, data["passed"], data["failed"]) == (0, 0, 0)


def test_a_tender_path_that_is_a_framework_is_refused(tmp_path: Path) -> None:
    project = lambeth(tmp_path)
    code, data = _problems(project, WASTE_HEAD.replace("../waste-2027.svspec", "../framework.svspec")
                           + "    expect: {winner: Acme Services Ltd}\n")
    assert code == 1
    assert _codes(data) == ["test/not-a-tender"]


def test_files_outside_the_project_are_never_read(tmp_path: Path) -> None:
    project = lambeth(tmp_path)
    outside = tmp_path / "secret.yaml"
    outside.write_text("tender: waste-2027\n", encoding="utf-8")
    code, data = _problems(project, WASTE_HEAD.replace("../bids/waste-greenway.json", "../../../secret.yaml")
                           + "    expect: {winner: Acme Services Ltd}\n")
    assert code == 1
    [d] = _all_diagnostics(data)
    assert (d["code"], d["line"]) == ("test/path-outside-project", 4)


def test_a_missing_bid_file_stops_the_case_and_the_others_still_run(tmp_path: Path) -> None:
    project = lambeth(tmp_path)
    second = WASTE_HEAD.split("cases:\n")[1]
    code, data = _problems(project, WASTE_HEAD.replace("waste-acme.yaml", "waste-acme-missing.yaml")
                           + "    expect: {winner: Acme Services Ltd}\n" + second
                           + "    expect: {winner: Acme Services Ltd}\n")
    assert code == 1
    assert [c["status"] for c in data["cases"]] == ["error", "pass"]
    assert _codes(data) == ["file-not-found"]


def test_an_invalid_inline_bid_is_reported_at_its_place_in_the_test_file(tmp_path: Path) -> None:
    project = lambeth(tmp_path)
    code, data = _problems(project, """tender: ../waste-2027.svspec
cases:
  - name: An inline bid with no answer for LBL3
    bids:
      - tender: waste-2027
        bidder: Inline Ltd
        price: 12000000
        quality: {Q1: "A plan.", Q2: "A plan."}
        social_value: {LBL1: 10, LBL5: 0, LBL6: "A plan.", LBL8: 0}
        evidence: {LBL6: [plan.pdf]}
    expect: {winner: Inline Ltd}
""")
    assert code == 1
    [d] = _all_diagnostics(data)
    assert (d["code"], d["file"].endswith("case.svtest.yaml"), d["line"]) == ("bid/missing-answer", True, 9)


def test_inline_marks_for_a_bidder_with_no_bid_are_refused(tmp_path: Path) -> None:
    project = lambeth(tmp_path)
    code, data = _problems(project, WASTE_HEAD.replace("marks: ../marks/waste-2027.yaml", """marks:
      - {bidder: Nobody Ltd, item: Q1, evaluators: {E1: {mark: 50}}, consensus: {mark: 50}}""")
                           + "    expect: {winner: Acme Services Ltd}\n")
    assert code == 1
    assert "marks/unknown-bidder" in _codes(data)


# ----------------------------------------------------------------- the reader's refusals, for test files

READER_CASES = {
    "test/invalid-yaml": "cases: [\n",
    "test/duplicate-key": "tender: ../waste-2027.svspec\ntender: ../meals-2027.svspec\ncases: []\n",
    "test/yaml-reference": "tender: &t ../waste-2027.svspec\ncases: [*t]\n",
    "test/yaml-unsafe-tag": "tender: !!python/object:os.system ../waste-2027.svspec\ncases: []\n",
    "test/bad-key": "? [a, b]\n: 1\n",
    "test/ambiguous-value": WASTE_HEAD + "    expect: {totals: {Acme Services Ltd: 0x59}}\n",
    "test/too-deep": "cases: " + "[" * 40 + "]" * 40 + "\n",
}


@pytest.mark.parametrize("code", sorted(READER_CASES))
def test_the_hardened_reader_refuses_what_a_careless_yaml_reader_would_accept(tmp_path: Path, code: str) -> None:
    project = lambeth(tmp_path)
    status, data = _problems(project, READER_CASES[code])
    assert status == 1
    assert code in _codes(data)


def test_infinity_as_an_expected_figure_is_refused(tmp_path: Path) -> None:
    project = lambeth(tmp_path)
    status, data = _problems(project, WASTE_HEAD + "    expect: {totals: {Acme Services Ltd: .inf}}\n")
    assert (status, _codes(data)) == (1, ["test/ambiguous-value"])


def test_a_json_test_file_is_read_strictly(tmp_path: Path) -> None:
    project = lambeth(tmp_path)
    status, data = _problems(project, '{"tender": "../waste-2027.svspec", "cases": [],}', "case.svtest.json")
    assert (status, _codes(data)) == (1, ["test/json-syntax"])


def test_a_test_file_that_is_not_utf8_is_refused(tmp_path: Path) -> None:
    project = lambeth(tmp_path)
    path = project / CASE
    path.write_bytes(b"tender: caf\xe9\ncases: []\n")
    status, data = run_json("test", str(path))
    assert (status, _codes(data)) == (1, ["test/not-utf8"])


def test_a_huge_test_file_is_refused_without_reading_it_all(tmp_path: Path) -> None:
    project = lambeth(tmp_path)
    path = project / CASE
    path.write_text("# " + "x" * 2_100_000 + "\n", encoding="utf-8")
    status, data = run_json("test", str(path))
    assert (status, _codes(data)) == (1, ["test/file-too-large"])


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="named pipes need a POSIX system")
def test_a_named_pipe_given_as_a_test_file_is_refused_without_waiting(tmp_path: Path) -> None:
    project = lambeth(tmp_path)
    fifo = project / CASE
    os.mkfifo(fifo)
    status, data = run_json("test", str(fifo))
    assert (status, _codes(data)) == (1, ["test/not-a-file"])


def test_a_dangling_link_found_in_a_folder_is_reported_as_unreadable(tmp_path: Path) -> None:
    project = lambeth(tmp_path)
    (project / CASE).symlink_to(tmp_path / "gone.svtest.yaml")
    status, data = run_json("test", str(project / "lambeth" / "tests"))
    assert status == 1
    assert "test/unreadable" in _codes(data)


def test_mistakes_are_printed_with_a_code_frame_and_the_summary_line_comes_last(tmp_path: Path) -> None:
    project = lambeth(tmp_path)
    path = write_test(project, WASTE_HEAD + "    expect:\n      totals: {Acme Services: 89.14}\n")
    code, out = run("test", str(path))
    assert code == 1
    assert "error[test/unknown-bidder]: the case has no bid from 'Acme Services'" in out
    assert "did you mean 'Acme Services Ltd'?" in out
    assert out.rstrip("\n").split("\n")[-1] == "0 passed, 1 failed"


def test_a_missing_file_is_reported_where_the_test_file_names_it(tmp_path: Path) -> None:
    project = lambeth(tmp_path)
    code, data = _problems(project, WASTE_HEAD.replace("waste-2027.svspec", "waste-2072.svspec")
                           .replace("waste-acme.yaml", "waste-acme-missing.yaml")
                           + "    expect: {winner: Acme Services Ltd}\n")
    assert code == 1
    [d] = _all_diagnostics(data)
    assert (d["code"], d["file"].endswith("case.svtest.yaml"), d["line"]) == ("file-not-found", True, 1)
    code, data = _problems(project, WASTE_HEAD.replace("waste-acme.yaml", "waste-acme-missing.yaml")
                           + "    expect: {winner: Acme Services Ltd}\n")
    [d] = _all_diagnostics(data)
    assert (d["code"], d["file"].endswith("case.svtest.yaml"), d["line"]) == ("file-not-found", True, 4)


def test_a_path_with_a_nul_or_control_character_is_refused_before_it_reaches_the_system(tmp_path: Path) -> None:
    project = lambeth(tmp_path)
    code, data = _problems(project, WASTE_HEAD.replace("../bids/waste-acme.yaml", '"../bids/waste\\0acme.yaml"')
                           .replace("../waste-2027.svspec", '"../waste-2027\\e.svspec"')
                           + "    expect: {winner: Acme Services Ltd}\n")
    assert code == 1
    assert [(d["code"], d["line"]) for d in data["diagnostics"]] == [("test/malformed", 1), ("test/malformed", 4)]


def test_a_folder_given_as_the_tender_is_refused(tmp_path: Path) -> None:
    project = lambeth(tmp_path)
    code, data = _problems(project, WASTE_HEAD.replace("../waste-2027.svspec", "..")
                           + "    expect: {winner: Acme Services Ltd}\n")
    assert code == 1
    assert _codes(data) == ["test/not-a-tender"]
