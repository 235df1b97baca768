"""A filled return spreadsheet is read back as bid spreadsheets are: what a person sees, or refused with its cell."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from openpyxl import load_workbook  # type: ignore[import-untyped]
from openpyxl.styles import Font  # type: ignore[import-untyped]

from svspec.cli import main
from svspec.delivery import template
from svspec.delivery.contract import Contract
from svspec.delivery.returns import load_return
from svspec.delivery.store import Database

FIRST_FIGURE = 8
"""The row of the first figure in the template (LBL1), then LBL3 and LBL5."""


def filled(contract: Contract, period: str = "2027-Q2", **cells: Any) -> Any:
    """The generated template with a valid return typed in, then `cells` (A1-style names) changed."""
    book = load_workbook(io.BytesIO(template.to_xlsx(contract, period)))
    sheet = book["Return"]
    sheet["B4"] = "2027-07-20"
    sheet["B5"] = "Two vacancies filled in June."
    for row, figure in zip(range(FIRST_FIGURE, FIRST_FIGURE + 3), (12, 4, 30), strict=True):
        sheet.cell(row, 5, figure)
    sheet["F8"] = "payroll-2027-q2.csv; starters.pdf"
    for name, value in cells.items():
        sheet[name] = value
    return book


def save(book: Any, folder: Path, name: str = "return.xlsx") -> Path:
    path = folder / name
    book.save(path)
    return path


def read(path: Path, contract: Contract) -> tuple[Any, list[Any]]:
    found, problems, _ = load_return(path, {contract.name: contract}, display=path.name)
    return found, problems


def test_a_filled_return_spreadsheet_gives_the_same_figures_as_a_yaml_return(tmp_path: Path,
                                                                             contract: Contract) -> None:
    import hashlib

    path = save(filled(contract), tmp_path)
    found, problems = read(path, contract)
    assert problems == [] and found is not None
    assert found.period == "2027-Q2" and found.delivered == {"LBL1": 12, "LBL3": 4, "LBL5": 30}
    assert found.evidence == {"LBL1": ("payroll-2027-q2.csv", "starters.pdf")}
    assert str(found.submitted) == "2027-07-20" and found.narrative == "Two vacancies filled in June."
    assert found.sha256 == hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.mark.parametrize("typed", ["date", "date and time"])
def test_a_submission_date_typed_as_a_date_cell_is_read_as_that_day(tmp_path: Path, contract: Contract,
                                                                    typed: str) -> None:
    from datetime import date, datetime

    book = filled(contract)
    book["Return"]["B4"] = date(2027, 7, 20) if typed == "date" else datetime(2027, 7, 20, 16, 30)
    found, problems = read(save(book, tmp_path), contract)
    assert problems == [] and found is not None and str(found.submitted) == "2027-07-20"


def test_a_formula_in_a_delivered_figure_is_refused_with_its_cell(tmp_path: Path, contract: Contract) -> None:
    found, problems = read(save(filled(contract, E9="=2+2"), tmp_path), contract)
    assert found is None
    assert [(d.code, d.span.line, d.span.column) for d in problems] == [("bid/spreadsheet-formula", 9, 5)]
    assert "Return!E9" in problems[0].message


def test_a_figure_in_a_hidden_row_is_refused_not_counted(tmp_path: Path, contract: Contract) -> None:
    book = filled(contract)
    book["Return"].row_dimensions[10].hidden = True
    found, problems = read(save(book, tmp_path), contract)
    assert found is None and [d.code for d in problems] == ["bid/spreadsheet-hidden"]
    assert "row 10" in problems[0].message and "LBL5" in problems[0].message


def test_a_figure_written_white_on_white_is_refused_with_its_cell(tmp_path: Path, contract: Contract) -> None:
    book = filled(contract)
    book["Return"]["E8"].font = Font(color="FFFFFF")
    found, problems = read(save(book, tmp_path), contract)
    assert found is None and [d.code for d in problems] == ["bid/spreadsheet-hidden"]
    assert "Return!E8" in problems[0].message


def test_a_changed_unit_beside_a_figure_is_refused(tmp_path: Path, contract: Contract) -> None:
    found, problems = read(save(filled(contract, C8="hours"), tmp_path), contract)
    assert found is None and [d.code for d in problems] == ["bid/spreadsheet-template-changed"]
    assert "Return!C8" in problems[0].message and "'hours'" in problems[0].message


def test_a_measure_given_twice_is_refused_with_both_cells(tmp_path: Path, contract: Contract) -> None:
    book = filled(contract)
    book["Return"].append(["LBL1", "", "", "", 99])
    found, problems = read(save(book, tmp_path), contract)
    assert found is None and [d.code for d in problems] == ["bid/spreadsheet-duplicate"]
    assert "Return!A8" in problems[0].message and "Return!A11" in problems[0].message


def test_a_figure_without_a_measure_code_is_refused_as_stray(tmp_path: Path, contract: Contract) -> None:
    book = filled(contract)
    book["Return"]["E14"] = 7
    found, problems = read(save(book, tmp_path), contract)
    assert found is None and [d.code for d in problems] == ["bid/spreadsheet-stray-value"]


def test_a_hidden_sheet_is_refused(tmp_path: Path, contract: Contract) -> None:
    book = filled(contract)
    book.create_sheet("Notes").sheet_state = "hidden"
    found, problems = read(save(book, tmp_path), contract)
    assert found is None and [d.code for d in problems] == ["bid/spreadsheet-hidden"]


def test_an_out_of_bounds_figure_is_reported_at_its_cell_as_in_yaml(tmp_path: Path, contract: Contract) -> None:
    found, problems = read(save(filled(contract, E10=-5), tmp_path), contract)
    assert found is None and [d.code for d in problems] == ["return/out-of-bounds"]
    assert (problems[0].span.line, problems[0].span.column) == (10, 5) and "(at Return!E10)" in problems[0].message


def test_a_missing_figure_is_reported_as_in_yaml(tmp_path: Path, contract: Contract) -> None:
    book = filled(contract)
    book["Return"]["E9"] = None
    found, problems = read(save(book, tmp_path), contract)
    assert found is None and [d.code for d in problems] == ["return/missing-figure"]


def test_a_workbook_with_macros_is_refused_as_unsafe(tmp_path: Path, contract: Contract) -> None:
    path = save(filled(contract), tmp_path)
    raw = io.BytesIO()
    with zipfile.ZipFile(path) as source, zipfile.ZipFile(raw, "w") as out:
        for info in source.infolist():
            data = source.read(info.filename)
            if info.filename == "xl/_rels/workbook.xml.rels":
                data = data.replace(b"</Relationships>", b'<Relationship Id="rIdV" Type="http://schemas.microsoft.com/'
                                    b'office/2006/relationships/vbaProject" Target="vbaProject.bin"/></Relationships>')
            out.writestr(info, data)
    path.write_bytes(raw.getvalue())
    found, problems = read(path, contract)
    assert found is None and [d.code for d in problems] == ["bid/unsafe-spreadsheet"]


@pytest.mark.parametrize("payload", [b"PK\x03\x04 not really a zip", b"<!DOCTYPE x>"], ids=["damaged", "not-zip"])
def test_a_file_that_is_not_a_workbook_is_refused(tmp_path: Path, contract: Contract, payload: bytes) -> None:
    path = tmp_path / "return.xlsx"
    path.write_bytes(payload)
    found, problems = read(path, contract)
    assert found is None and [d.code for d in problems] == ["bid/not-a-spreadsheet"]


def test_a_sheet_that_is_not_the_return_template_is_refused(tmp_path: Path, contract: Contract) -> None:
    book = filled(contract)
    book["Return"].title = "Figures"
    found, problems = read(save(book, tmp_path), contract)
    assert found is None and [d.code for d in problems] == ["bid/spreadsheet-layout"]


def test_monitor_import_stores_a_filled_spreadsheet_return(tmp_path: Path, db_path: Path, contract: Contract) -> None:
    path = save(filled(contract), tmp_path)
    result = CliRunner().invoke(main, ["monitor", "import", "--db", str(db_path), str(path)])
    assert result.exit_code == 0, result.output
    with Database(db_path) as db:
        rows = db.query("SELECT f.measure, f.delivered FROM figures f JOIN returns r USING (return_id) "
                        "WHERE r.period = '2027-Q2' ORDER BY f.measure")
    assert [(m, int(d)) for m, d in rows] == [("LBL1", 12), ("LBL3", 4), ("LBL5", 30)]
