"""Refresh the committed spreadsheet bids from today's template (run after the template changes).

    .venv/bin/python tools/xlsx_fixtures.py

- specs/lambeth/bids/waste-acme.xlsx: the waste-2027 template filled with openpyxl, as a person
  fills it in Excel, with the answers of waste-acme.yaml (its twin, which a test compares);
- tests/bids/specs/waste-acme-libreoffice.xlsx: that file opened and saved again by LibreOffice Calc;
- tests/bids/specs/waste-hostile-libreoffice.xlsx: the same bid with a hidden second price row of
  £1, LBL1 formatted as a date and LBL3 computed by a formula, saved by LibreOffice Calc.

Answers are placed by the code in column A, so the script follows the template's rows.
"""

from __future__ import annotations

import io
import shutil
import subprocess
import sys
import tempfile
from decimal import Decimal
from pathlib import Path
from typing import Any

import openpyxl  # type: ignore[import-untyped]
import yaml

import svspec
from svspec.bids.layout import ANSWER_COLUMN, DISTRICTS_COLUMN, EVIDENCE_COLUMN, LOCAL_SHEET
from svspec.emit.xlsx import workbook_bytes

ROOT = Path(__file__).resolve().parent.parent
LAMBETH = ROOT / "specs" / "lambeth"
TESTS = ROOT / "tests" / "bids" / "specs"


def filled(bid: dict[str, Any]) -> Any:
    """The waste-2027 template with `bid`'s answers typed in."""
    tender = svspec.load(LAMBETH / "waste-2027.svspec").model
    wb = openpyxl.load_workbook(io.BytesIO(workbook_bytes(tender)))  # type: ignore[arg-type]
    fields = {"bidder": bid["bidder"], "submitted": bid["submitted"].strftime("%Y-%m-%dT%H:%M:%SZ"),
              "price": bid["price"]}
    sheet = wb["Bid"]
    for row in range(2, sheet.max_row + 1):
        name = sheet.cell(row=row, column=1).value
        if name in fields:
            sheet.cell(row=row, column=2).value = fields[name]
    for name, section in (("Quality", "quality"), ("Social value", "social_value")):
        sheet = wb[name]
        rows = {sheet.cell(row=r, column=1).value: r for r in range(2, sheet.max_row + 1)}
        for code, value in bid[section].items():
            sheet.cell(row=rows[code], column=ANSWER_COLUMN).value = (
                float(value) if isinstance(value, (float, Decimal)) else value)
            if code in bid.get("evidence", {}):
                sheet.cell(row=rows[code], column=EVIDENCE_COLUMN).value = "\n".join(bid["evidence"][code])
    if bid.get("local"):
        sheet = wb[LOCAL_SHEET]
        rows = {sheet.cell(row=r, column=1).value: r for r in range(2, sheet.max_row + 1)}
        for code, districts in bid["local"].items():
            sheet.cell(row=rows[code], column=DISTRICTS_COLUMN).value = "; ".join(districts)
    return wb


def hostile(wb: Any) -> Any:
    """The hostile cells the LibreOffice test expects refused."""
    bid = wb["Bid"]
    row = next(r for r in range(2, bid.max_row + 1) if bid.cell(row=r, column=1).value == "price") + 1
    bid.cell(row=row, column=1).value = "price"
    bid.cell(row=row, column=2).value = 1
    bid.row_dimensions[row].hidden = True
    sheet = wb["Social value"]
    rows = {sheet.cell(row=r, column=1).value: r for r in range(2, sheet.max_row + 1)}
    sheet.cell(row=rows["LBL1"], column=ANSWER_COLUMN).number_format = "dd/mm/yyyy"
    sheet.cell(row=rows["LBL3"], column=ANSWER_COLUMN).value = "=100+4"
    return wb


def libreoffice(source: Path, target: Path) -> None:
    """`source` opened and saved again by LibreOffice Calc, as `target`."""
    with tempfile.TemporaryDirectory() as tmp:
        subprocess.run(["soffice", f"-env:UserInstallation=file://{tmp}/profile", "--headless", "--calc",
                        "--convert-to", "xlsx", "--outdir", f"{tmp}/out", str(source)],
                       check=True, capture_output=True, timeout=180)
        shutil.copyfile(Path(tmp) / "out" / source.name, target)


def main() -> int:
    bid = yaml.safe_load((LAMBETH / "bids" / "waste-acme.yaml").read_text(encoding="utf-8"))
    example = LAMBETH / "bids" / "waste-acme.xlsx"
    filled(bid).save(example)
    libreoffice(example, TESTS / "waste-acme-libreoffice.xlsx")
    with tempfile.TemporaryDirectory() as tmp:
        source = Path(tmp) / "waste-hostile-libreoffice.xlsx"
        hostile(filled(bid)).save(source)
        libreoffice(source, TESTS / "waste-hostile-libreoffice.xlsx")
    return 0


if __name__ == "__main__":
    sys.exit(main())
