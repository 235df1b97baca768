"""One evidence document may be named alone where a list is expected (issue 13, item 8): people
write `LBL6: plan.pdf`, and the spreadsheet's Evidence documents cell holds one name just the same."""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path

from svspec import model
from svspec.bids.read import load_bid
from tests.bids.conftest import BIDS
from tests.bids.schema_support import reference_validator


def _single(tmp_path: Path, suffix: str) -> Path:
    text = (BIDS / "waste-acme.yaml").read_text(encoding="utf-8")
    text = text.replace('LBL6: ["acme-engagement-plan.pdf"]', "LBL6: acme-engagement-plan.pdf")
    assert "LBL6: acme-engagement-plan.pdf" in text
    path = tmp_path / f"acme{suffix}"
    path.write_text(text, encoding="utf-8")
    return path


def test_a_single_evidence_file_name_is_read_as_a_list_of_one(tmp_path: Path, waste: model.Tender) -> None:
    bid, problems = load_bid(_single(tmp_path, ".yaml"), waste)
    assert problems == [] and bid is not None
    assert bid.evidence["LBL6"] == ("acme-engagement-plan.pdf",)


def test_a_single_evidence_name_in_json_is_accepted_by_the_schema_and_by_svspec(tmp_path: Path,
                                                                                waste: model.Tender) -> None:
    bid, _ = load_bid(BIDS / "waste-acme.yaml", waste)
    assert bid is not None
    data = {"tender": "waste-2027", "bidder": bid.bidder, "price": 11500000, "quality": dict(bid.quality),
            "social_value": {k: (int(v) if isinstance(v, Decimal) and v == int(v) else float(v)
                                 if isinstance(v, Decimal) else v) for k, v in bid.social_value.items()},
            "evidence": {"LBL6": "acme-engagement-plan.pdf", "LBL8": ["acme-carbon-reduction-plan.pdf"]}}
    assert not list(reference_validator(waste).iter_errors(json.loads(json.dumps(data), parse_float=Decimal)))
    path = tmp_path / "acme.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    read, problems = load_bid(path, waste)
    assert problems == [] and read is not None and read.evidence["LBL6"] == ("acme-engagement-plan.pdf",)


def test_a_blank_single_evidence_name_is_still_refused(tmp_path: Path, waste: model.Tender) -> None:
    path = _single(tmp_path, ".yaml")
    path.write_text(path.read_text(encoding="utf-8").replace("LBL6: acme-engagement-plan.pdf", 'LBL6: " "'),
                    encoding="utf-8")
    bid, problems = load_bid(path, waste)
    assert bid is None and [d.code for d in problems] == ["bid/bad-document"]
    assert "'Social value'" not in problems[0].message


# ------------------------------------------------------------------ hints in a spreadsheet's words

def test_hints_for_a_spreadsheet_bid_name_the_cell_and_never_yaml_syntax(tmp_path: Path, waste: model.Tender) -> None:
    import openpyxl

    from svspec.emit.xlsx import workbook_bytes

    path = tmp_path / "bid.xlsx"
    wb = openpyxl.load_workbook(__import__("io").BytesIO(workbook_bytes(waste)))
    answers = {"Q1": "Plan", "Q2": "Go", "LBL1": "12", "LBL3": 1, "LBL5": 1, "LBL6": "Panels"}
    for name in ("Quality", "Social value"):
        for row in range(2, wb[name].max_row + 1):
            wb[name].cell(row=row, column=3).value = answers.get(wb[name].cell(row=row, column=1).value)
    wb["Bid"]["B3"], wb["Bid"]["B5"] = "Acme", 5
    wb.save(path)
    _, problems = load_bid(path, waste)
    hints = {d.code: d.hint for d in problems}
    assert hints["bid/missing-answer"] == "type the answer in 'Social value'!C6; give 0 or No when you commit nothing"
    assert hints["bid/missing-evidence"] == ("type the names of the documents you send in 'Social value'!D5, "
                                             "one per line")
    assert hints["bid/number-as-text"].startswith("type 12 in 'Social value'!C2 as a number")
    assert not [h for h in hints.values() if h and ("evidence:" in h or "quotes" in h or "under its section" in h)]


def test_hints_for_a_yaml_bid_keep_the_yaml_wording(tmp_path: Path, waste: model.Tender) -> None:
    path = tmp_path / "bid.yaml"
    path.write_text((BIDS / "waste-acme.yaml").read_text(encoding="utf-8").replace(
        '  LBL6: ["acme-engagement-plan.pdf"]\n', ""), encoding="utf-8")
    _, problems = load_bid(path, waste)
    assert [d.hint for d in problems if d.code == "bid/missing-evidence"] == [
        'list the documents under evidence, e.g. `evidence: {CODE: ["plan.pdf"]}`']
