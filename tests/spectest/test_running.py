"""`svspec test`: the bundled specs have tests that pass, and a wrong expectation fails readably."""

from __future__ import annotations

import re
from fractions import Fraction
from pathlib import Path

import pytest
import yaml

from svspec import words
from tests.conftest import SPECS
from tests.spectest.support import CASE, WASTE_HEAD, lambeth, run, run_json, write_test

TENDERS = sorted(p for p in SPECS.rglob("*.svspec") if re.search(r"^tender ", p.read_text(encoding="utf-8"), re.M))


def test_every_tender_in_specs_has_a_test_file_naming_it() -> None:
    assert TENDERS, "the bundled example has tenders"
    named = set()
    for test_file in SPECS.rglob("*.svtest.yaml"):
        data = yaml.safe_load(test_file.read_text(encoding="utf-8"))
        tenders = [data.get("tender")] + [c.get("tender") for c in data["cases"]]
        named |= {(test_file.parent / t).resolve() for t in tenders if t}
    assert {t.resolve() for t in TENDERS} <= named


def test_the_tests_of_every_spec_in_specs_pass() -> None:
    code, out = run("test", "specs")
    assert code == 0, out
    lines = out.rstrip("\n").split("\n")
    assert re.fullmatch(r"[1-9][0-9]* passed, 0 failed", lines[-1])
    assert all(line.startswith("PASS ") for line in lines[:-1])


def _figure_in_test_file(name: str, key: str, bidder: str) -> Fraction:
    data = yaml.safe_load((SPECS / "lambeth" / "tests" / name).read_text(encoding="utf-8"))
    return Fraction(str(data["cases"][0]["expect"][key][bidder]))


def test_the_waste_expectations_agree_with_a_calculation_by_hand_from_the_documented_rules() -> None:
    # Acme, from the tender's rules: price 60% relative to the lowest passing price (Stockwell's
    # £11.4m; Citywide is cheaper but below the quality pass mark), quality 30% (consensus 75 on
    # both questions), social value 10%: LBL1 14 of 20 FTE (40%), LBL3 top band (15%), LBL5 value
    # relative to the best (Brixton's 5,200 hours; 15%), LBL6 consensus 50 (15%), LBL8 value per £
    # against £0.25 with 75% credibility (15%).
    price = 60 * Fraction(11_400_000, 11_500_000)
    quality = 30 * Fraction(75, 100)
    # LBL8 lasts 3 years at £252 per tCO2e, 10% dropping off and 3.5% discounted each year after the first.
    lbl8_value = sum((Fraction("350.5") * 252 * Fraction(9, 10) ** year / Fraction("1.035") ** year
                      for year in range(3)), Fraction(0))
    assert words.money(lbl8_value) == "£231,918.36"
    lbl8 = lbl8_value / 12_000_000 / Fraction("0.25") * Fraction(3, 4)
    social = 10 * (Fraction(40, 100) * Fraction(14, 20) + Fraction(15, 100) * 1
                   + Fraction(15, 100) * Fraction(1200, 5200) + Fraction(15, 100) * Fraction(50, 100)
                   + Fraction(15, 100) * lbl8)
    total = price + quality + social
    assert words.rounded(total) == _figure_in_test_file("waste-2027.svtest.yaml", "totals", "Acme Services Ltd")
    lbl5_value = 1200 * Fraction("16.93") * Fraction(95, 100)
    data = yaml.safe_load((SPECS / "lambeth" / "tests" / "waste-2027.svtest.yaml").read_text(encoding="utf-8"))
    assert words.money(lbl5_value) == data["cases"][0]["expect"]["social_value"]["Acme Services Ltd"]["LBL5"]


def test_the_meals_expectations_agree_with_a_calculation_by_hand_from_the_documented_rules() -> None:
    # Kitchen Co-operative: price on a line from £2.1m (nothing) to £1.5m (full) for 50%; quality
    # 30%, the mean of 75, 100 and 75; social value 20%: LBL2 3 of the best 5 FTE (30%), LBL4 320
    # of the 500-hour cap (20%), LBL6 the mean of 50, 75 and 50 (30%), LBL7 yes (20%).
    price = 50 * Fraction(2_100_000 - 1_750_000, 600_000)
    quality = 30 * Fraction(75 + 100 + 75, 300)
    social = 20 * (Fraction(30, 100) * Fraction(3, 5) + Fraction(20, 100) * Fraction(320, 500)
                   + Fraction(30, 100) * Fraction(50 + 75 + 50, 300) + Fraction(20, 100))
    total = price + quality + social
    assert words.rounded(total) == _figure_in_test_file("meals-2027.svtest.yaml", "totals", "Kitchen Co-operative")


def test_a_deliberately_wrong_total_fails_with_the_expected_and_actual_figures_and_the_explanation(
        tmp_path: Path) -> None:
    project = lambeth(tmp_path)
    write_test(project, WASTE_HEAD + "    expect:\n      totals: {Acme Services Ltd: 90}\n")
    code, out = run("test", str(project))
    assert code == 1
    lines = out.rstrip("\n").split("\n")
    assert lines[-1] == "4 passed, 1 failed"
    failed = out[out.index("FAIL "):]
    assert "total of Acme Services Ltd" in failed
    assert "expected: 90\n" in failed
    assert "actual:   89.13 (0.87 less than expected)" in failed
    # The explanation of the difference: how each item's points were reached.
    assert "LBL1 (Local residents employed on the contract): 14 FTE on a line from 0 FTE" in failed
    assert "Total: 89.13 of 100 points; rank 1 of 2." in failed


def test_a_wrong_winner_rank_and_item_points_each_fail_on_their_own_line(tmp_path: Path) -> None:
    project = lambeth(tmp_path)
    write_test(project, WASTE_HEAD + """    expect:
      winner: Greenway Environmental
      ranks: [Greenway Environmental, Acme Services Ltd]
      points: {Acme Services Ltd: {LBL1: 3}}
      scores: {Acme Services Ltd: {LBL1: 70}}
""")
    code, data = run_json("test", str(project / "lambeth" / "tests" / "case.svtest.yaml"))
    assert code == 1
    [case] = data["cases"]
    assert case["status"] == "fail"
    got = {(f["what"], f["expected"], f["actual"].split(" (")[0]) for f in case["failures"]}
    assert got == {("winner", "Greenway Environmental", "Acme Services Ltd"),
                   ("rank of Greenway Environmental", "1", "2"), ("rank of Acme Services Ltd", "2", "1"),
                   ("LBL1 points towards the total of Acme Services Ltd", "3", "2.80")}
    assert all(f["line"] for f in case["failures"])


def test_figures_are_compared_as_shown_unless_a_tolerance_is_given(tmp_path: Path) -> None:
    project = lambeth(tmp_path)
    # Acme's exact total is 89.1300... (carbon discounted from year 1, as the SROI guide does); svspec shows 89.13.
    cases = {"89.13": "pass", "89.130": "pass", "89.1": "fail", "89.1301": "fail"}
    for written, status in cases.items():
        write_test(project, WASTE_HEAD + f"    expect:\n      totals: {{Acme Services Ltd: {written}}}\n")
        assert run_json("test", str(project / CASE))[1]["cases"][0]["status"] == status, written
    for tolerance, status in (("0.05", "pass"), ("0.01", "fail"), ("{points: 0.05}", "pass"),
                              ("{social_value: 0.05}", "fail")):
        write_test(project, WASTE_HEAD + f"    expect:\n      totals: {{Acme Services Ltd: 89.1}}\n"
                                         f"      tolerance: {tolerance}\n")
        assert run_json("test", str(project / CASE))[1]["cases"][0]["status"] == status, tolerance


def test_social_value_is_compared_in_pounds_written_as_money_or_as_a_number(tmp_path: Path) -> None:
    project = lambeth(tmp_path)
    for written, status in (('"£19,300.20"', "pass"), ("19300.2", "pass"), ('"£19,300"', "fail")):
        expect = f"    expect:\n      social_value: {{Acme Services Ltd: {{LBL5: {written}}}}}\n"
        write_test(project, WASTE_HEAD + expect)
        assert run_json("test", str(project / CASE))[1]["cases"][0]["status"] == status, written
    write_test(project, WASTE_HEAD + "    expect:\n      social_value: {Acme Services Ltd: £1}\n")
    failure = run_json("test", str(project / CASE))[1]["cases"][0]["failures"][0]
    # Both measures scored by value, added up: £19,300.20 on LBL5 (the best of the two bids) and £224,075.71 on LBL8.
    assert failure["actual"].startswith("£243,375.91")
    assert "£19,300.20" in failure["explanation"] and "£224,075.71" in failure["explanation"]


def test_exclusions_are_checked_exactly_with_words_their_reason_contains(tmp_path: Path) -> None:
    project = lambeth(tmp_path)
    head = WASTE_HEAD.replace("../bids/waste-greenway.json", "../bids/score-citywide.yaml")
    for excluded, status in (("{Citywide Waste plc: quality pass mark}", "pass"), ("[Citywide Waste plc]", "pass"),
                             ("{Citywide Waste plc: QUALITY PASS MARK}", "pass"),
                             ("{Citywide Waste plc: gate}", "fail"), ("none", "fail"),
                             ("[Citywide Waste plc, Acme Services Ltd]", "fail")):
        write_test(project, head + f"    expect:\n      excluded: {excluded}\n")
        assert run_json("test", str(project / CASE))[1]["cases"][0]["status"] == status, excluded


def test_a_shared_marks_file_may_mark_bidders_the_case_does_not_score(tmp_path: Path) -> None:
    project = lambeth(tmp_path)
    write_test(project, WASTE_HEAD + "    expect:\n      winner: Acme Services Ltd\n")
    code, out = run("test", str(project / "lambeth" / "tests" / "case.svtest.yaml"))
    assert (code, out.rstrip().split("\n")[-1]) == (0, "1 passed, 0 failed")


def test_the_json_output_counts_and_lists_every_case(tmp_path: Path) -> None:
    code, data = run_json("test", "specs")
    assert code == 0
    assert data["failed"] == 0 and data["passed"] == len(data["cases"]) >= 4
    assert {c["status"] for c in data["cases"]} == {"pass"}
    assert data["diagnostics"] == []


@pytest.mark.parametrize("args", [("specs/no-such-folder",), ("src/svspec/scaffold",)])
def test_a_path_that_does_not_exist_or_holds_no_test_files_is_a_usage_error(args: tuple[str, ...]) -> None:
    code, out = run("test", *args)
    assert code == 2
    assert "does not exist" in out or "no test files" in out


def test_hidden_folders_are_not_searched_for_test_files(tmp_path: Path) -> None:
    project = lambeth(tmp_path)
    hidden = project / ".cache"
    hidden.mkdir()
    (hidden / "x.svtest.yaml").write_text("cases: [", encoding="utf-8")
    assert run("test", str(project))[0] == 0


def test_a_failing_case_says_why_the_policy_expects_it(tmp_path: Path) -> None:
    project = lambeth(tmp_path)
    head = WASTE_HEAD.replace("  - name: Acme and Greenway\n",
                              "  - name: Acme and Greenway\n    why: Greenway's electric fleet should win.\n")
    write_test(project, head + "    expect:\n      winner: Greenway Environmental\n")
    code, out = run("test", str(project / CASE))
    assert code == 1
    assert "      why: Greenway's electric fleet should win.\n" in out


def test_control_characters_in_a_case_name_are_shown_not_sent_to_the_terminal(tmp_path: Path) -> None:
    project = lambeth(tmp_path)
    head = WASTE_HEAD.replace("  - name: Acme and Greenway\n", '  - name: "Acme \\e[2J and Greenway"\n')
    write_test(project, head + "    expect:\n      winner: Acme Services Ltd\n")
    code, out = run("test", str(project / CASE))
    assert code == 0
    assert "\x1b" not in out
    assert "PASS  " in out
