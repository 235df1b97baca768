"""`svspec template`: blank bids that match what is scored, in YAML, JSON and a spreadsheet."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import openpyxl

from svspec.bids.document import parse_json, parse_yaml
from svspec.bids.layout import ANSWER_COLUMN, EVIDENCE_COLUMN
from svspec.bids.read import check_document, load_bid
from svspec.emit.templates import json_template, yaml_template
from svspec.emit.xlsx import workbook_bytes
from tests.bids.conftest import BIDS, GOLDENS


def test_the_yaml_template_explains_each_answer_above_it(waste, golden) -> None:  # type: ignore[no-untyped-def]
    golden(GOLDENS / "waste-2027-template.yaml", yaml_template(waste))


def test_the_yaml_template_comments_give_unit_limits_evidence_and_scoring(waste) -> None:  # type: ignore[no-untyped-def]
    text = yaml_template(waste)
    block = text[text.index('# LBL1 "Local residents employed on the contract" (FTE)'):text.index("  LBL1:")]
    assert "Answer: a number of FTE, from 0 FTE to 500 FTE" in block
    assert "Evidence: Payroll extract with home postcodes (every quarter)" in block
    flat = " ".join(line.strip(" #") for line in block.splitlines())
    assert "Points rise in a straight line from none at 0 FTE to full points at 20 FTE." in flat
    assert "Answer: text, at most 1,500 words" in text


def test_a_blank_template_reads_cleanly_and_reports_only_missing_answers(waste, kinds) -> None:  # type: ignore[no-untyped-def]
    for tender in (waste, kinds):
        for text, parse in ((yaml_template(tender), parse_yaml), (json_template(tender), parse_json)):
            doc, problems = parse(text, "blank")
            assert problems == [] and doc is not None
            codes = {d.code for d in check_document(doc, tender)}
            assert codes <= {"bid/empty-answer", "bid/bad-bidder", "bid/wrong-type"}
            assert "bid/empty-answer" in codes


def _fill(path: Path, answers: dict[str, object], evidence: dict[str, str], fields: dict[str, object]) -> None:
    wb = openpyxl.load_workbook(path)
    for name in ("Quality", "Social value"):
        if name not in wb.sheetnames:
            continue
        sheet = wb[name]
        for row in range(2, sheet.max_row + 1):
            code = sheet.cell(row=row, column=1).value
            if code in answers:
                sheet.cell(row=row, column=ANSWER_COLUMN).value = answers[code]
            if code in evidence:
                sheet.cell(row=row, column=EVIDENCE_COLUMN).value = evidence[code]
    bid = wb["Bid"]
    for row in range(2, bid.max_row + 1):
        name = bid.cell(row=row, column=1).value
        if name in fields:
            bid.cell(row=row, column=2).value = fields[name]
    wb.save(path)


def test_a_filled_spreadsheet_gives_the_same_bid_as_the_yaml_form(tmp_path, waste) -> None:  # type: ignore[no-untyped-def]
    from_yaml, problems = load_bid(BIDS / "waste-acme.yaml", waste)
    assert from_yaml is not None and problems == []
    path = tmp_path / "acme.xlsx"
    path.write_bytes(workbook_bytes(waste))
    answers = {code: (float(v) if isinstance(v, Decimal) else v)
               for code, v in {**from_yaml.quality, **from_yaml.social_value}.items()}
    evidence = {code: "\n".join(docs) for code, docs in from_yaml.evidence.items()}
    _fill(path, answers, evidence, {"bidder": from_yaml.bidder, "price": int(from_yaml.price or 0),
                                    "submitted": from_yaml.submitted})
    from_sheet, problems = load_bid(path, waste)
    assert problems == [] and from_sheet is not None
    for field in ("bidder", "tender", "price", "submitted"):
        assert getattr(from_sheet, field) == getattr(from_yaml, field)
    assert dict(from_sheet.quality) == dict(from_yaml.quality)
    assert dict(from_sheet.social_value) == dict(from_yaml.social_value)
    assert dict(from_sheet.evidence) == dict(from_yaml.evidence)


def test_spreadsheet_yes_no_choice_and_semicolon_separated_evidence_are_read(tmp_path, kinds) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path / "kinds.xlsx"
    path.write_bytes(workbook_bytes(kinds))
    _fill(path, {"K1": 10, "K2": 0.1, "K3": 1500, "K4": "charity", "K5": "Short", "K6": "policy.pdf", "K7": "Yes"},
          {"K1": "log.pdf; photos.zip", "K2": "mentor.pdf", "K6": "signed.pdf", "K7": "cert.pdf"},
          {"bidder": "Kinds Ltd"})
    bid, problems = load_bid(path, kinds)
    assert problems == [] and bid is not None
    assert bid.social_value["K7"] is True and bid.social_value["K2"] == Decimal("0.1")
    assert bid.evidence["K1"] == ("log.pdf", "photos.zip")


def test_spreadsheet_problems_name_the_sheet_and_cell(tmp_path, waste) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path / "bid.xlsx"
    path.write_bytes(workbook_bytes(waste))
    _fill(path, {"Q1": "Plan", "Q2": "Go", "LBL1": "12 FTE", "LBL3": 1, "LBL5": 1, "LBL6": "x"}, {},
          {"bidder": "A", "price": 5})
    _, diagnostics = load_bid(path, waste)
    messages = sorted(d.message for d in diagnostics)
    assert messages == [
        "LBL6 'Community engagement plan' needs evidence with the bid (Engagement plan), but no document is "
        "listed for it (at 'Social value'!D5, /evidence/LBL6)",
        "Missing answer for LBL8 'Carbon saved on the contract' (tCO2e) (at 'Social value'!C6, /social_value/LBL8)",
        "the answer for LBL1 'Local residents employed on the contract' (FTE) is written as '12 FTE'; write the "
        "number only: the unit, FTE, is fixed (at 'Social value'!C2, /social_value/LBL1)",
    ]
    lbl1 = next(d for d in diagnostics if "LBL1" in d.message)
    assert lbl1.span is not None and (lbl1.span.line, lbl1.span.column) == (2, 3)


def test_the_spreadsheet_has_instructions_validation_and_locked_structure(tmp_path, kinds) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path / "t.xlsx"
    path.write_bytes(workbook_bytes(kinds))
    wb = openpyxl.load_workbook(path)
    assert wb.sheetnames[:2] == ["Instructions", "Bid"] and "Social value" in wb.sheetnames
    assert wb.security is not None and wb.security.lockStructure
    sheet = wb["Social value"]
    assert [c.value for c in sheet[1]][:4] == ["Code", "Title", "Answer", "Evidence documents"]
    assert sheet.protection.sheet and not sheet["C2"].protection.locked and sheet["B2"].protection.locked
    assert not sheet["D2"].protection.locked and sheet["E2"].protection.locked, "computed cells are locked"
    rules = {str(dv.sqref): dv for dv in sheet.data_validations.dataValidation}
    assert (rules["C2"].type, rules["C2"].operator, rules["C2"].formula1, rules["C2"].formula2) == (
        "decimal", "between", "0", "1000")
    assert rules["C5"].type == "list" and rules["C5"].formula1.startswith("Lists!")
    assert rules["C6"].type == "textLength" and rules["C6"].formula1 == "40"
    assert rules["C8"].formula1 == '"Yes,No"'


def test_the_spreadsheet_template_is_byte_identical_run_to_run(waste) -> None:  # type: ignore[no-untyped-def]
    assert workbook_bytes(waste) == workbook_bytes(waste)


def test_the_committed_example_spreadsheet_bid_reads_as_its_yaml_twin(waste) -> None:  # type: ignore[no-untyped-def]
    """specs/lambeth/bids/waste-acme.xlsx is the template filled in Excel-style with waste-acme.yaml's answers."""
    from_yaml, _ = load_bid(BIDS / "waste-acme.yaml", waste)
    from_sheet, problems = load_bid(BIDS / "waste-acme.xlsx", waste)
    assert problems == [] and from_sheet is not None and from_yaml is not None
    assert (from_sheet.bidder, from_sheet.price, from_sheet.submitted) == (
        from_yaml.bidder, from_yaml.price, from_yaml.submitted)
    assert dict(from_sheet.quality) == dict(from_yaml.quality)
    assert dict(from_sheet.social_value) == dict(from_yaml.social_value)
    assert dict(from_sheet.evidence) == dict(from_yaml.evidence)
