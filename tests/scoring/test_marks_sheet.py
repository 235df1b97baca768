"""Marks without hand-written YAML (issue 13 item 10): `svspec marks-template` writes a marks
spreadsheet, `svspec score --marks FILE.xlsx` reads it back with the bid spreadsheets' hardened
reader and checks it exactly as a YAML marks file, each problem at its sheet!cell."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import openpyxl  # type: ignore[import-untyped]
import pytest
import yaml
from click.testing import CliRunner

from svspec.cli import main
from tests.conftest import SPECS

LAMBETH = SPECS / "lambeth"
TENDER = str(LAMBETH / "waste-2027.svspec")
BIDS = [str(LAMBETH / "bids" / name) for name in ("waste-acme.yaml", "waste-greenway.json", "score-brixton.yaml",
                                                   "score-citywide.yaml", "score-stockwell.yaml")]
YAML_MARKS = LAMBETH / "marks" / "waste-2027.yaml"
HEADER = 6
"""The row of headings in the template for five bids: tender, moderation, five `excluded` rows, a blank row."""


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, list(args))
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    return result.exit_code, result.stdout, result.stderr


@pytest.fixture(scope="module")
def template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("marks") / "marks.xlsx"
    code, _, err = run("marks-template", TENDER, *BIDS, "-o", str(path), "--evaluators", "E1,E2")
    assert code == 0, err
    return path


def header_row(sheet: Any) -> int:
    return next(r for r in range(1, sheet.max_row + 1) if sheet.cell(r, 1).value == "bidder")


def fill(template: Path, out: Path, marks: dict[str, Any] | None = None) -> Path:
    """The template filled as an evaluator would, from the marks of a YAML marks file."""
    data = marks if marks is not None else yaml.safe_load(YAML_MARKS.read_text(encoding="utf-8"))
    given: dict[tuple[str, str, str, str], dict[str, Any]] = {}
    for entry in data["marks"]:
        for use, part in (("mark", entry), ("credibility", entry.get("credibility"))):
            if part is None:
                continue
            for evaluator, mark in (part.get("evaluators") or {}).items():
                given[(entry["bidder"], str(entry["item"]), use, evaluator)] = mark
            if "consensus" in part:
                given[(entry["bidder"], str(entry["item"]), use, "consensus")] = part["consensus"]
    book = openpyxl.load_workbook(template)
    sheet = book["Marks"]
    lone = [e for e in given if e[2] == "mark"]
    for row in range(header_row(sheet) + 1, sheet.max_row + 1):
        key = tuple(str(sheet.cell(row, c).value) for c in (1, 2, 3, 4))
        if key not in given and key[2] == "credibility":
            # LBL8 is marked for credibility only: its YAML entry gives the mark at the top level.
            key = (key[0], key[1], "mark", key[3])
            assert key in lone
        mark = given.get(key)  # type: ignore[call-overload]
        if mark is None:
            continue
        value = mark["mark"]
        sheet.cell(row, 6).value = int(value.rstrip("%")) if isinstance(value, str) else value
        sheet.cell(row, 7).value = mark.get("reason")
        if "adjusted" in mark:
            sheet.cell(row, 8).value = mark["adjusted"]
            sheet.cell(row, 9).value = mark.get("adjusted_reason")
    book.save(out)
    return out


def score_json(marks: Path, *extra: str) -> dict[str, Any]:
    code, out, err = run("score", TENDER, *BIDS, "--marks", str(marks), "--format", "json", *extra)
    assert code == 0, err
    data: dict[str, Any] = json.loads(out)
    data.pop("audit", None)
    return data


def errors(marks: Path) -> list[tuple[str, str]]:
    """(code, message) of each problem `svspec score` finds in the marks spreadsheet."""
    code, out, _ = run("score", TENDER, *BIDS, "--marks", str(marks), "--format", "json")
    assert code == 1, out
    return [(d["code"], d["message"]) for d in json.loads(out)]


def edit(template: Path, out: Path, change: Any) -> Path:
    """The filled template with one more change made with openpyxl."""
    fill(template, out)
    book = openpyxl.load_workbook(out)
    change(book["Marks"], header_row(book["Marks"]))
    book.save(out)
    return out


def test_the_template_has_a_row_per_bidder_item_and_evaluator_and_a_consensus_row(template: Path) -> None:
    sheet = openpyxl.load_workbook(template)["Marks"]
    header = header_row(sheet)
    assert header == HEADER + 3
    rows = [tuple(sheet.cell(r, c).value for c in (1, 2, 3, 4)) for r in range(header + 1, sheet.max_row + 1)]
    # 5 bids x (Q1, Q2, LBL6 and the credibility of LBL8) x (E1, E2, consensus)
    assert len(rows) == 5 * 4 * 3
    assert rows[:3] == [("Acme Services Ltd", "Q1", "mark", e) for e in ("E1", "E2", "consensus")]
    assert ("Acme Services Ltd", "LBL8", "credibility", "E1") in rows


def test_the_mark_cells_offer_the_scale_levels_as_a_drop_down(template: Path) -> None:
    sheet = openpyxl.load_workbook(template)["Marks"]
    lists = {v.formula1: str(v.sqref) for v in sheet.data_validations.dataValidation}
    assert '"100,75,50,25,0"' in lists and '"100,75,50,0"' in lists
    first = header_row(sheet) + 1
    assert f"F{first}" in lists['"100,75,50,25,0"'].split()


def test_a_filled_marks_spreadsheet_scores_exactly_as_the_yaml_marks(template: Path, tmp_path: Path) -> None:
    filled = fill(template, tmp_path / "filled.xlsx")
    from_sheet, from_yaml = score_json(filled), score_json(YAML_MARKS)
    assert from_sheet == from_yaml
    assert from_sheet["bids"][0]["bidder"] == "Stockwell Street Services Ltd"
    assert len(from_sheet["moderation_audit"]) == 20  # every mark, with each evaluator's reason


def test_the_score_report_keeps_the_spreadsheets_sha256(template: Path, tmp_path: Path) -> None:
    import hashlib

    filled = fill(template, tmp_path / "filled.xlsx")
    code, out, _ = run("score", TENDER, *BIDS, "--marks", str(filled))
    assert code == 0 and hashlib.sha256(filled.read_bytes()).hexdigest() in out


def test_a_mark_not_on_the_scale_is_refused_at_its_cell_and_once(template: Path, tmp_path: Path) -> None:
    def change(sheet: Any, header: int) -> None:
        sheet.cell(header + 1, 6).value = 70  # Acme, Q1, E1 (the consensus is 75, given without a reason)

    found = errors(edit(template, tmp_path / "off-scale.xlsx", change))
    assert [c for c, _ in found] == ["marks/mark-not-on-scale"]
    assert f"(at Marks!F{HEADER + 4})" in found[0][1]


def test_a_blank_mark_beside_filled_ones_is_refused_at_its_cell(template: Path, tmp_path: Path) -> None:
    def change(sheet: Any, header: int) -> None:
        sheet.cell(header + 2, 6).value = None

    found = errors(edit(template, tmp_path / "blank.xlsx", change))
    assert ("marks/not-a-number" in {c for c, _ in found}
            and any(f"(at Marks!F{HEADER + 5})" in m for _, m in found))


def test_a_bid_with_no_mark_filled_is_a_missing_mark_not_a_zero(template: Path, tmp_path: Path) -> None:
    def change(sheet: Any, header: int) -> None:
        for row in range(header + 1, header + 4):
            for column in (6, 7):
                sheet.cell(row, column).value = None

    found = errors(edit(template, tmp_path / "empty.xlsx", change))
    assert found and {c for c, _ in found} == {"marks/missing-mark"}
    assert "'Acme Services Ltd' has no mark for 'Q1'" in found[0][1]


@pytest.mark.parametrize(("change", "code", "cell"), [
    (lambda s, h: setattr(s.cell(h + 1, 6), "value", "=75"), "bid/spreadsheet-formula", "F"),
    (lambda s, h: setattr(s.row_dimensions[h + 1], "hidden", True), "bid/spreadsheet-hidden", None),
    (lambda s, h: setattr(s.cell(h + 1, 6), "value", "good"), "marks/not-a-number", "F"),
    (lambda s, h: setattr(s.cell(h + 1, 7), "value", "fine\x7f"), "bid/spreadsheet-control-character", "G"),
    (lambda s, h: setattr(s.cell(h + 2, 4), "value", "E1"), "bid/spreadsheet-duplicate", None),
    (lambda s, h: setattr(s.cell(h + 1, 1), "value", "Acme Services"), "marks/unknown-bidder", "A"),
    (lambda s, h: setattr(s.cell(1, 2), "value", "meals-2027"), "marks/wrong-tender", None),
    (lambda s, h: setattr(s.cell(h + 1, 5), "value", None) or setattr(s.cell(h + 1, 3), "value", "marks"),
     "bid/spreadsheet-template-changed", "C"),
    (lambda s, h: setattr(s.cell(h + 3, 8), "value", 75), "bid/spreadsheet-stray-value", "H"),
])
def test_hostile_cells_are_refused_with_their_cell(template: Path, tmp_path: Path, change: Any, code: str,
                                                   cell: str | None) -> None:
    found = errors(edit(template, tmp_path / "hostile.xlsx", change))
    assert code in {c for c, _ in found}, found
    if cell is not None:
        assert any(f"Marks!{cell}" in m for c, m in found if c == code), found


def test_a_hidden_marks_sheet_column_or_a_second_hidden_sheet_is_refused(template: Path, tmp_path: Path) -> None:
    def change(sheet: Any, header: int) -> None:
        sheet.parent.create_sheet("Other").sheet_state = "hidden"

    assert "bid/spreadsheet-hidden" in {c for c, _ in errors(edit(template, tmp_path / "h.xlsx", change))}


def test_a_workbook_that_is_not_a_marks_spreadsheet_is_refused(tmp_path: Path) -> None:
    book = openpyxl.Workbook()
    book.active.title = "Sheet1"
    book.save(tmp_path / "other.xlsx")
    assert [c for c, _ in errors(tmp_path / "other.xlsx")] == ["bid/spreadsheet-layout"]
    (tmp_path / "zip.xlsx").write_bytes(b"not a zip")
    assert [c for c, _ in errors(tmp_path / "zip.xlsx")] == ["bid/not-a-spreadsheet"]


def test_a_mark_formatted_as_a_percentage_is_refused_not_read_as_a_hundredth(template: Path,
                                                                             tmp_path: Path) -> None:
    def change(sheet: Any, header: int) -> None:
        for row in range(header + 1, sheet.max_row + 1):
            cell = sheet.cell(row, 6)
            if sheet.cell(row, 3).value == "credibility" and cell.value is not None:
                cell.value, cell.number_format = cell.value / 100, "0%"

    found = errors(edit(template, tmp_path / "pc.xlsx", change))
    assert {c for c, _ in found} == {"bid/spreadsheet-number-format"}
    assert "Marks!F" in found[0][1] and "(75%)" in " ".join(m for _, m in found)


def test_an_exclusion_in_the_spreadsheet_is_recorded_with_its_reason(template: Path, tmp_path: Path) -> None:
    def change(sheet: Any, header: int) -> None:
        sheet.cell(3, 2).value, sheet.cell(3, 3).value = "Greenway Environmental", "No insurance certificate"

    data = score_json(edit(template, tmp_path / "ex.xlsx", change))
    assert data == score_json(YAML_MARKS, "--exclude", "Greenway Environmental", "--reason",
                              "No insurance certificate")


def test_an_exclusion_without_its_reason_is_refused_at_its_cell(template: Path, tmp_path: Path) -> None:
    def change(sheet: Any, header: int) -> None:
        sheet.cell(3, 2).value = "Greenway Environmental"

    found = errors(edit(template, tmp_path / "ex.xlsx", change))
    assert [c for c, _ in found] == ["marks/malformed"] and "Marks!C3" in found[0][1]


def test_the_template_never_replaces_a_file_without_force(template: Path, tmp_path: Path) -> None:
    kept = tmp_path / "marks.xlsx"
    kept.write_bytes(b"evaluators' work")
    code, _, err = run("marks-template", TENDER, *BIDS, "-o", str(kept))
    assert code == 2 and "--force" in err and kept.read_bytes() == b"evaluators' work"
    assert run("marks-template", TENDER, *BIDS, "-o", str(kept), "--force")[0] == 0


def test_evaluators_can_be_given_as_a_count(tmp_path: Path) -> None:
    path = tmp_path / "three.xlsx"
    assert run("marks-template", TENDER, BIDS[0], "-o", str(path), "--evaluators", "3")[0] == 0
    sheet = openpyxl.load_workbook(path)["Marks"]
    evaluators = {sheet.cell(r, 4).value for r in range(header_row(sheet) + 1, sheet.max_row + 1)}
    assert evaluators == {"E1", "E2", "E3", "consensus"}


def test_a_bidder_name_starting_with_a_formula_character_is_written_as_text_and_read_back() -> None:
    from svspec.bids.marks_sheet import _as_written

    assert _as_written("'=HYPERLINK(1)") == "=HYPERLINK(1)" and _as_written("O'Brien Ltd") == "O'Brien Ltd"


def test_the_evaluator_journey_marks_spreadsheet_then_score_then_summaries(tmp_path: Path) -> None:
    """As the README has it: write the marks spreadsheet, fill it, score, send the summaries."""
    sheet = tmp_path / "marks.xlsx"
    assert run("marks-template", TENDER, *BIDS, "-o", str(sheet), "--evaluators", "E1,E2")[0] == 0
    fill(sheet, sheet)
    code, out, err = run("score", TENDER, *BIDS, "--marks", str(sheet), "--explain", "Acme Services Ltd")
    assert code == 0, err
    assert "Stockwell Street Services Ltd" in out and "E2 accepted that the named manager" in out
    code, _, err = run("summaries", TENDER, *BIDS, "--marks", str(sheet), "--out", str(tmp_path / "summaries"),
                       "--date", "2027-02-01", "--standstill-ends", "2027-02-11", "--format", "md")
    assert code == 0, err
    summary = (tmp_path / "summaries" / "acme-services-ltd.md").read_text(encoding="utf-8")
    assert "E2 accepted that the named manager" in summary


def test_a_blank_mark_says_it_is_blank_and_which_levels_to_choose(template: Path, tmp_path: Path) -> None:
    def change(sheet: Any, header: int) -> None:
        sheet.cell(header + 2, 6).value = None

    code, out, _ = run("score", TENDER, *BIDS, "--marks", str(edit(template, tmp_path / "b.xlsx", change)))
    assert code == 1
    assert "the mark is blank: give a level of scale 'standard' (100, 75, 50, 25, 0)" in out


def test_problems_in_a_marks_spreadsheet_name_their_cells(template: Path, tmp_path: Path,
                                                          golden: Any) -> None:
    def change(sheet: Any, header: int) -> None:
        sheet.cell(header + 1, 6).value = 70
        for row in range(header + 7, header + 10):  # every row of Acme's LBL6
            sheet.cell(row, 1).value = "Acme Services"
        sheet.cell(3, 2).value = "Greenway Environmental"

    marks = edit(template, tmp_path / "bad.xlsx", change)
    code, out, _ = run("score", TENDER, *BIDS, "--marks", str(marks))
    assert code == 1
    golden(Path(__file__).parent / "golden" / "bad-marks-sheet.txt", out.replace(str(marks), "marks.xlsx"))


def test_a_tender_without_marked_items_has_no_marks_template(tmp_path: Path) -> None:
    from tests.scoring.helpers import write_tender

    write_tender(tmp_path / "spec", '''tender priced "Priced"
  contract value £100,000 over 1 year
  criteria
    price 100%, scored relative to lowest
''')
    code, _, err = run("marks-template", str(tmp_path / "spec" / "tender.svspec"), BIDS[0], "-o",
                       str(tmp_path / "m.xlsx"))
    assert code == 2 and "no question or measure scored by evaluators" in err
    assert not (tmp_path / "m.xlsx").exists()


def test_an_invalid_bid_gives_no_marks_template(tmp_path: Path) -> None:
    code, out, _ = run("marks-template", TENDER, str(LAMBETH / "bids" / "waste-hasty-invalid.yaml"), "-o",
                       str(tmp_path / "m.xlsx"))
    assert code == 1 and "error" in out and not (tmp_path / "m.xlsx").exists()


def test_evaluator_names_must_be_distinct_and_not_consensus(tmp_path: Path) -> None:
    for given in ("E1,e1", "E1,consensus", "E1,,E2", "0"):
        code, _, err = run("marks-template", TENDER, BIDS[0], "-o", str(tmp_path / "m.xlsx"), "--evaluators", given)
        assert code == 2 and "--evaluators" in err, given


def test_hostile_values_in_any_cell_give_diagnostics_never_a_traceback(template: Path, tmp_path: Path) -> None:
    """Names, marks and numbers that hide text or break arithmetic, typed into every kind of cell
    (openpyxl cannot write control characters or lone surrogates, so those are left out: the bid
    reader's own tests cover them in raw XML)."""
    import random

    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE  # type: ignore[import-untyped]

    import svspec
    from svspec.scoring.marks import load_marks
    from tests.fuzz import payloads

    tender = svspec.load(LAMBETH / "waste-2027.svspec").model
    bidders = ["Acme Services Ltd", "Greenway Environmental", "Brixton Green Cleansing CIC", "Citywide Waste plc",
               "Stockwell Street Services Ltd"]
    values: list[Any] = [v for v in (*payloads.TEXTS, *payloads.MARKS, *payloads.YAML_NUMBERS)
                         if not ILLEGAL_CHARACTERS_RE.search(v) and len(v) < 30_000
                         and not any("\ud800" <= c <= "\udfff" for c in v)]
    values += [75.0000000001, -25, 1e308, 0.1, 10**30, True]
    filled = fill(template, tmp_path / "base.xlsx")
    rng = random.Random(13)
    for n in range(12):
        book = openpyxl.load_workbook(filled)
        sheet = book["Marks"]
        for _ in range(6):
            row, column = rng.randint(1, sheet.max_row + 2), rng.randint(1, 9)
            sheet.cell(row, column).value = rng.choice(values)
        path = tmp_path / f"hostile-{n}.xlsx"
        book.save(path)
        marks, diagnostics, _ = load_marks(path, tender, bidders)  # type: ignore[arg-type]
        assert marks is not None or any(d.severity.name == "ERROR" for d in diagnostics)
        for d in diagnostics:
            assert d.span is not None and d.span.file == str(path)


def test_the_evaluator_commands_take_a_folder_of_bids_as_they_take_the_files(tmp_path: Path) -> None:
    """A tender's many bids need no long command line: score, summaries and marks-template read a
    folder as validate does, and give what the same files named one by one give."""
    import shutil

    folder = tmp_path / "bids"
    folder.mkdir()
    for bid in BIDS:
        shutil.copy(bid, folder)
    (folder / "notes.txt").write_text("not a bid", encoding="utf-8")  # passed over: not a bid file
    files = sorted(str(p) for p in folder.iterdir() if p.suffix != ".txt")
    marks = str(YAML_MARKS)
    assert run("score", TENDER, str(folder), "--marks", marks, "--format", "csv")[1] == \
        run("score", TENDER, *files, "--marks", marks, "--format", "csv")[1]
    code, _, err = run("marks-template", TENDER, str(folder), "-o", str(tmp_path / "m.xlsx"))
    assert code == 0, err
    code, _, err = run("summaries", TENDER, str(folder), "--marks", marks, "--out", str(tmp_path / "s"),
                       "--date", "2027-02-01", "--standstill-ends", "2027-02-11", "--format", "md")
    assert code == 0, err
    assert (tmp_path / "s" / "acme-services-ltd.md").is_file()
    empty = tmp_path / "empty"
    empty.mkdir()
    code, _, err = run("score", TENDER, str(empty))
    assert code == 2 and "no bid files (.yaml, .yml, .json, .xlsx) found in the given folders" in err
