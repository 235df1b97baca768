"""The spreadsheet template asks for a `local only` measure's area (issue 9 item 12): a Local areas
sheet, one row per local-only measure, where the supplier types the postcode districts its results
come from (a drop-down of the allowed districts; several separated by semicolons), read back as the
bid's `local:` with the same verdicts and messages as YAML; a measure counted within a named
boundary says what the supplier must do instead.
"""

from __future__ import annotations

import io
import re
import shutil
import subprocess
from decimal import Decimal
from pathlib import Path
from typing import Any

import openpyxl
import pytest
import yaml

import svspec
from svspec import model
from svspec.bids.layout import ANSWER_COLUMN, DISTRICTS_COLUMN, EVIDENCE_COLUMN, LOCAL_SHEET
from svspec.bids.read import load_bid, read_document
from svspec.diagnostics import Diagnostic
from svspec.emit.xlsx import workbook_bytes
from tests.bids.conftest import BIDS
from tests.bids.test_spreadsheet_rules import edit, edit_member, refused, sheet_member
from tests.conftest import ROOT

TAILOR = ROOT / "tests" / "tailor"


@pytest.fixture(scope="module")
def roads() -> model.Tender:
    """Essex-style: ECC1 counts results within a named boundary, ECC4 in the CM1, CM2 and SS1 districts."""
    result = svspec.load(TAILOR / "tender.svspec")
    assert result.ok and isinstance(result.model, model.Tender)
    return result.model


def _yaml_bid(tender: model.Tender) -> dict[str, Any]:
    name = "waste-acme.yaml" if tender.name == "waste-2027" else None
    path = BIDS / name if name else TAILOR / "bid-good.yaml"
    data: dict[str, Any] = yaml.safe_load(path.read_text(encoding="utf-8"))
    data.pop("local", None)
    return data


def _sheet_file(tender: model.Tender, data: dict[str, Any], path: Path,
                districts: dict[str, object] | None = None) -> Path:
    """The template filled as a person fills it, with `data`'s answers and the Local areas cells typed."""
    wb = openpyxl.load_workbook(io.BytesIO(workbook_bytes(tender)))
    bid = wb["Bid"]
    fields = {"bidder": data["bidder"], "price": data.get("price")}
    for row in range(2, bid.max_row + 1):
        if bid.cell(row=row, column=1).value in fields:
            bid.cell(row=row, column=2).value = fields[bid.cell(row=row, column=1).value]
    for name, section in (("Quality", "quality"), ("Social value", "social_value")):
        sheet = wb[name]
        for row in range(2, sheet.max_row + 1):
            code = sheet.cell(row=row, column=1).value
            if code in data[section]:
                value = data[section][code]
                sheet.cell(row=row, column=ANSWER_COLUMN).value = float(value) if isinstance(value, float) else value
            if code in (data.get("evidence") or {}):
                sheet.cell(row=row, column=EVIDENCE_COLUMN).value = "\n".join(data["evidence"][code])
    local = wb[LOCAL_SHEET]
    for code, value in (districts or {}).items():
        row = next((r for r in range(2, local.max_row + 1) if local.cell(row=r, column=1).value == code), None)
        if row is None:  # a row the template does not have, added at the end
            row = local.max_row + 1
            local.cell(row=row, column=1).value = code
        local.cell(row=row, column=DISTRICTS_COLUMN).value = value
    wb.save(path)
    return path


def _yaml_file(data: dict[str, Any], path: Path) -> Path:
    path.write_text(yaml.safe_dump(data, sort_keys=False, allow_unicode=True), encoding="utf-8")
    return path


def _without_place(diagnostic: Diagnostic) -> tuple[str, str]:
    return diagnostic.code, re.sub(r" \(at [^()]*\)$", "", diagnostic.message)


# ------------------------------------------------------------------ the template

def test_each_district_measure_gets_a_yellow_cell_with_a_drop_down_of_its_districts(waste: model.Tender) -> None:
    wb = openpyxl.load_workbook(io.BytesIO(workbook_bytes(waste)))
    sheet = wb[LOCAL_SHEET]
    assert [c.value for c in sheet[1]] == ["Code", "Title", "Postcode districts", "Local area", "What to write"]
    assert [sheet["A2"].value, sheet["B2"].value] == ["LBL1", "Local residents employed on the contract"]
    assert sheet["D2"].value == "SE1, SE5, SE11, SE21, SE24, SE27, SW2, SW4, SW8, SW9, SW12, SW16 postcode districts"
    assert "separated by semicolons (SE1; SE5)" in sheet["E2"].value
    assert not sheet["C2"].protection.locked and sheet["D2"].protection.locked and sheet.protection.sheet
    (validation,) = sheet.data_validations.dataValidation
    assert str(validation.sqref) == "C2" and validation.type == "list"
    # several districts are typed in one cell: a value off the list is explained, never refused by Excel
    assert validation.errorStyle == "information"
    first, last = re.fullmatch(r"Lists!\$A\$(\d+):\$A\$(\d+)", validation.formula1).groups()  # type: ignore[union-attr]
    listed = [wb["Lists"].cell(row=r, column=1).value for r in range(int(first), int(last) + 1)]
    assert listed == list(waste.selections[0].measure.local_area)
    assert "Type the districts your results come from on the Local areas sheet." in wb["Social value"]["K2"].value


def test_a_boundary_measure_says_what_to_count_and_has_nothing_to_type(roads: model.Tender) -> None:
    wb = openpyxl.load_workbook(io.BytesIO(workbook_bytes(roads)))
    sheet = wb[LOCAL_SHEET]
    rows = {sheet.cell(row=r, column=1).value: r for r in range(2, sheet.max_row + 1)}
    assert list(rows) == ["ECC1", "ECC4"]
    boundary = rows["ECC1"]
    assert sheet.cell(row=boundary, column=4).value == "within Essex County Council area"
    assert sheet.cell(row=boundary, column=5).value.startswith(
        "Nothing to type here. Count for ECC1 only results within Essex County Council area")
    assert sheet.cell(row=boundary, column=DISTRICTS_COLUMN).protection.locked
    assert not sheet.cell(row=rows["ECC4"], column=DISTRICTS_COLUMN).protection.locked
    assert [str(v.sqref) for v in sheet.data_validations.dataValidation] == [f"C{rows['ECC4']}"]


def test_the_instructions_say_where_the_districts_go(waste: model.Tender, roads: model.Tender) -> None:
    for tender, codes in ((waste, "LBL1 counts"), (roads, "ECC1, ECC4 count")):
        wb = openpyxl.load_workbook(io.BytesIO(workbook_bytes(tender)))
        text = " ".join(" ".join(str(c.value) for c in wb["Instructions"]["A"] if c.value).split())
        assert f"Local areas: {codes} local results only. On the Local areas sheet, type the postcode " in text
        assert all(len(str(c.value or "")) <= 110 for c in wb["Instructions"]["A"]), "lines fit column A"


def test_a_tender_counting_only_within_boundaries_says_there_is_nothing_to_type() -> None:
    """Bradford: results count within the City of Bradford Metropolitan District, named, not listed."""
    result = svspec.load(ROOT / "specs" / "bradford" / "home-care-2026.svspec")
    assert isinstance(result.model, model.Tender)
    wb = openpyxl.load_workbook(io.BytesIO(workbook_bytes(result.model)))
    text = " ".join(" ".join(str(c.value) for c in wb["Instructions"]["A"] if c.value).split())
    assert ("Local areas: BFD1, BFD4 count local results only. The Local areas sheet says what counts for each; "
            "there is nothing to type there.") in text
    sheet = wb[LOCAL_SHEET]
    assert [sheet.cell(row=r, column=4).value for r in (2, 3)] == [
        "within the City of Bradford Metropolitan District"] * 2
    assert all(sheet.cell(row=r, column=DISTRICTS_COLUMN).protection.locked for r in (2, 3))
    assert sheet.data_validations.dataValidation == []


def test_a_tender_without_local_measures_has_no_local_areas_sheet(meals: model.Tender) -> None:
    assert LOCAL_SHEET not in openpyxl.load_workbook(io.BytesIO(workbook_bytes(meals))).sheetnames


def test_the_local_areas_sheet_prints_landscape_one_page_wide_with_its_heading_on_every_page(
        waste: model.Tender) -> None:
    sheet = openpyxl.load_workbook(io.BytesIO(workbook_bytes(waste)))[LOCAL_SHEET]
    assert sheet.page_setup.orientation == "landscape"
    assert (sheet.page_setup.fitToWidth, sheet.page_setup.fitToHeight) == (1, 0)
    assert sheet.sheet_properties.pageSetUpPr.fitToPage and sheet.print_title_rows in ("1:1", "$1:$1")


# ------------------------------------------------------------------ reading it back

@pytest.mark.parametrize("typed", ["SE11; SW9", "SE11;SW9", "SE11, SW9", "SE11 SW9", "SE11\nSW9",
                                   "SE11\u00a0SW9", " SE11 ;; SW9 ", "SE11\uff1bSW9"])
def test_districts_typed_with_any_separator_read_as_yamls_local(tmp_path: Path, waste: model.Tender,
                                                                typed: str) -> None:
    path = _sheet_file(waste, _yaml_bid(waste), tmp_path / "bid.xlsx", {"LBL1": typed})
    document, problems = read_document(path, waste)
    assert problems == [] and document is not None
    assert document.data["local"] == {"LBL1": ["SE11", "SW9"]}
    assert load_bid(path, waste)[1] == []


def test_a_blank_districts_cell_gives_no_local_area(tmp_path: Path, waste: model.Tender) -> None:
    path = _sheet_file(waste, _yaml_bid(waste), tmp_path / "bid.xlsx", {"LBL1": "  "})
    document, problems = read_document(path, waste)
    assert problems == [] and document is not None and "local" not in document.data


@pytest.mark.parametrize(("tender_name", "local"), [
    ("waste", {"LBL1": ["SE1", "se11"]}),               # written otherwise than the framework
    ("waste", {"LBL1": ["SE11", "SE99", "SE11"]}),      # outside the area, and given twice
    ("waste", {"LBL1": ["1"]}),                         # a number typed
    ("roads", {"ECC4": ["CM1", "CM9"]}),
    ("roads", {"ECC1": ["CM1"]}),                       # a boundary measure lists no districts
    ("roads", {"ECC11": ["CM1"]}),                      # nor does a measure that is not local only
])
def test_the_same_bid_gets_the_same_verdicts_and_messages_as_yaml(tmp_path: Path, request: pytest.FixtureRequest,
                                                                  tender_name: str, local: dict[str, list[str]]
                                                                  ) -> None:
    tender: model.Tender = request.getfixturevalue(tender_name)
    data = _yaml_bid(tender)
    from_yaml = load_bid(_yaml_file({**data, "local": local}, tmp_path / "bid.yaml"), tender)[1]
    typed = {code: "; ".join(districts) for code, districts in local.items()}
    from_sheet = load_bid(_sheet_file(tender, data, tmp_path / "bid.xlsx", typed), tender)[1]
    assert from_yaml, "the case is a refused bid"
    assert [_without_place(d) for d in from_sheet] == [_without_place(d) for d in from_yaml]
    assert [d.suggestions for d in from_sheet] == [d.suggestions for d in from_yaml]
    for diagnostic in from_sheet:
        assert re.search(r"\(at 'Local areas'!C\d+, /local/", diagnostic.message), diagnostic.message
        assert diagnostic.span is not None and diagnostic.span.column == DISTRICTS_COLUMN
        assert diagnostic.hint is not None and "'Local areas'!C" in diagnostic.hint
        assert "local:" not in diagnostic.hint and "[" not in diagnostic.hint, "spreadsheet words, not YAML"


def test_a_district_written_in_lower_case_is_refused_with_the_district_as_listed(tmp_path: Path,
                                                                                 waste: model.Tender) -> None:
    path = _sheet_file(waste, _yaml_bid(waste), tmp_path / "bid.xlsx", {"LBL1": "SE1; se11"})
    (diagnostic,) = refused(path, waste)
    assert diagnostic.code == "bid/outside-local-area" and diagnostic.suggestions == ("SE11",)
    assert diagnostic.message.endswith("(at 'Local areas'!C2, /local/LBL1/1)")
    assert diagnostic.hint == "did you mean 'SE11'? type it in 'Local areas'!C2 as its Local area column writes it"


def test_a_district_outside_the_area_is_refused_with_where_to_type_the_listed_ones(tmp_path: Path,
                                                                                   waste: model.Tender) -> None:
    path = _sheet_file(waste, _yaml_bid(waste), tmp_path / "bid.xlsx", {"LBL1": "SE11; N1"})
    (diagnostic,) = refused(path, waste)
    assert diagnostic.code == "bid/outside-local-area" and diagnostic.suggestions == ()
    assert diagnostic.message.endswith("(at 'Local areas'!C2, /local/LBL1/1)")
    assert diagnostic.hint == ("type in 'Local areas'!C2 only districts its Local area column lists, written as "
                               "there and separated by semicolons")


@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice is not installed")
def test_districts_saved_by_libreoffice_read_as_typed(tmp_path: Path, waste: model.Tender) -> None:
    """LibreOffice Calc keeps the Local areas sheet readable: shared strings, its own styles."""
    path = _sheet_file(waste, _yaml_bid(waste), tmp_path / "bid.xlsx", {"LBL1": "SE11; SW9"})
    subprocess.run(["soffice", f"-env:UserInstallation=file://{tmp_path}/profile", "--headless", "--calc",
                    "--convert-to", "xlsx", "--outdir", str(tmp_path / "out"), str(path)],
                   check=True, capture_output=True, timeout=120)
    document, problems = read_document(tmp_path / "out" / "bid.xlsx", waste)
    assert problems == [] and document is not None
    assert document.data["local"] == {"LBL1": ["SE11", "SW9"]}


# ------------------------------------------------------------------ hostile cells, as for every other cell

@pytest.fixture()
def local_filled(tmp_path: Path, waste: model.Tender) -> Path:
    return _sheet_file(waste, _yaml_bid(waste), tmp_path / "bid.xlsx", {"LBL1": "SE11; SW9"})


def _only(path: Path, tender: model.Tender) -> Diagnostic:
    diagnostics = refused(path, tender)
    assert len(diagnostics) == 1, [d.message for d in diagnostics]
    return diagnostics[0]


def test_a_formula_in_the_districts_cell_is_refused_with_its_cell(local_filled: Path, waste: model.Tender) -> None:
    edit(local_filled, lambda wb: setattr(wb[LOCAL_SHEET]["C2"], "value", '="SE11; "&"SW9"'))
    diagnostic = _only(local_filled, waste)
    assert diagnostic.code == "bid/spreadsheet-formula"
    assert diagnostic.message.startswith("cell 'Local areas'!C2 holds a formula (=\"SE11; \"&\"SW9\")")


def test_a_hidden_districts_row_is_refused(local_filled: Path, waste: model.Tender) -> None:
    edit(local_filled, lambda wb: setattr(wb[LOCAL_SHEET].row_dimensions[2], "hidden", True))
    diagnostic = _only(local_filled, waste)
    assert diagnostic.code == "bid/spreadsheet-hidden"
    assert "row 2 of sheet 'Local areas' (LBL1) is hidden" in diagnostic.message


def test_a_hidden_districts_column_is_refused(local_filled: Path, waste: model.Tender) -> None:
    edit(local_filled, lambda wb: setattr(wb[LOCAL_SHEET].column_dimensions["C"], "hidden", True))
    assert "column C of sheet 'Local areas' is hidden" in _only(local_filled, waste).message


def test_a_hidden_local_areas_sheet_is_refused(local_filled: Path, waste: model.Tender) -> None:
    edit(local_filled, lambda wb: setattr(wb[LOCAL_SHEET], "sheet_state", "hidden"))
    assert _only(local_filled, waste).message.startswith("sheet 'Local areas' is hidden")


def test_districts_in_white_on_white_are_refused(local_filled: Path, waste: model.Tender) -> None:
    from openpyxl.styles import Font, PatternFill

    def change(wb: Any) -> None:
        wb[LOCAL_SHEET]["C2"].font = Font(color="FFFFFF")
        wb[LOCAL_SHEET]["C2"].fill = PatternFill("solid", fgColor="FFFFFF")

    edit(local_filled, change)
    assert "cell 'Local areas'!C2 is written in a colour that cannot be seen" in _only(local_filled, waste).message


def test_a_zero_width_space_inside_a_district_is_refused(tmp_path: Path, waste: model.Tender) -> None:
    path = _sheet_file(waste, _yaml_bid(waste), tmp_path / "bid.xlsx", {"LBL1": "SE1\u200b1; SW9"})
    diagnostic = _only(path, waste)
    assert (diagnostic.code, diagnostic.message) == (
        "bid/spreadsheet-control-character", "cell 'Local areas'!C2 holds the invisible character U+200B")


def test_a_date_typed_as_districts_is_refused(local_filled: Path, waste: model.Tender) -> None:
    def change(wb: Any) -> None:
        wb[LOCAL_SHEET]["C2"].value = 11
        wb[LOCAL_SHEET]["C2"].number_format = "dd/mm/yyyy"

    edit(local_filled, change)
    assert _only(local_filled, waste).code == "bid/spreadsheet-date"


def test_a_second_row_for_the_same_measure_is_refused_with_both_cells(local_filled: Path,
                                                                      waste: model.Tender) -> None:
    def change(wb: Any) -> None:
        wb[LOCAL_SHEET]["A3"], wb[LOCAL_SHEET]["C3"] = "LBL1", "SE1"
        wb[LOCAL_SHEET].row_dimensions[3].hidden = True

    edit(local_filled, change)
    messages = [d.message for d in refused(local_filled, waste)]
    assert "'LBL1' is given twice, in 'Local areas'!A2 and 'Local areas'!A3" in messages


def test_districts_in_a_row_without_a_code_are_refused_as_stray(local_filled: Path, waste: model.Tender) -> None:
    edit(local_filled, lambda wb: setattr(wb[LOCAL_SHEET]["C5"], "value", "SE1"))
    diagnostic = _only(local_filled, waste)
    assert diagnostic.code == "bid/spreadsheet-stray-value"
    assert diagnostic.message.startswith("cell 'Local areas'!C5 holds 'SE1', but its row has no measure code")


def test_a_changed_local_area_beside_the_cell_is_refused(local_filled: Path, waste: model.Tender) -> None:
    """A supplier who widens the area shown ('... SW16, SE99') is not read against the tender's area."""
    edit(local_filled, lambda wb: setattr(wb[LOCAL_SHEET]["D2"], "value", "SE1, SE99 postcode districts"))
    diagnostic = _only(local_filled, waste)
    assert diagnostic.code == "bid/spreadsheet-template-changed"
    assert "'Local areas'!D2 (Local area)" in diagnostic.message


def test_a_workbook_without_the_local_areas_sheet_is_refused(local_filled: Path, waste: model.Tender) -> None:
    edit(local_filled, lambda wb: wb.remove(wb[LOCAL_SHEET]))
    diagnostic = _only(local_filled, waste)
    assert (diagnostic.code, diagnostic.message) == (
        "bid/spreadsheet-layout", "the spreadsheet has no sheet 'Local areas' (was it made from the template?)")


def test_a_local_areas_sheet_with_moved_columns_is_refused(local_filled: Path, waste: model.Tender) -> None:
    edit_member(local_filled, sheet_member(local_filled, LOCAL_SHEET),
                lambda d: d.replace(b"Postcode districts", b"Districts"))
    diagnostic = _only(local_filled, waste)
    assert diagnostic.code == "bid/spreadsheet-layout" and "Postcode districts in C" in diagnostic.message


def test_a_number_typed_as_a_district_is_read_as_its_text(local_filled: Path, waste: model.Tender) -> None:
    """A district is text: a number typed in the districts cell is read as written, then held to the area."""
    edit(local_filled, lambda wb: setattr(wb[LOCAL_SHEET]["C2"], "value", 11))
    document, problems = read_document(local_filled, waste)
    assert problems == [] and document is not None and document.data["local"] == {"LBL1": ["11"]}
    assert not isinstance(document.data["local"]["LBL1"][0], Decimal)
