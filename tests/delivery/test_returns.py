"""Delivery returns: read through the one reader and checked against the contract, every problem located."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from svspec.delivery import template
from svspec.delivery.contract import Contract
from svspec.delivery.returns import load_return
from tests.delivery.conftest import GOOD_Q2, RETURNS, write_return


def codes_of(path: Path, contract: Contract) -> list[str]:
    found, problems, _ = load_return(path, {contract.name: contract}, display=path.name)
    assert (found is None) == any(d.severity.name == "ERROR" for d in problems)
    return [d.code for d in problems]


def test_a_valid_return_is_read_with_its_figures_and_the_sha256_of_its_file(tmp_path: Path, contract: Contract) -> None:
    import hashlib

    path = write_return(tmp_path, "q2.yaml", GOOD_Q2)
    found, problems, _ = load_return(path, {contract.name: contract})
    assert problems == [] and found is not None
    assert found.period == "2027-Q2" and found.delivered == {"LBL1": 12, "LBL3": 4, "LBL5": 30}
    assert found.sha256 == hashlib.sha256(path.read_bytes()).hexdigest()


HOSTILE = [
    ("return/yaml-reference", "contract: &a waste-2027\nsupplier: *a\n"),
    ("return/yaml-unsafe-tag", "contract: !!python/object:os.system waste-2027\n"),
    ("return/duplicate-key", GOOD_Q2 + "period: 2027-Q3\n"),
    ("return/ambiguous-value", GOOD_Q2.replace("LBL3: 4", "LBL3: 0x10")),
    ("return/ambiguous-value", GOOD_Q2.replace("LBL3: 4", "LBL3: .inf")),
    ("return/bad-key", "? [a, b]\n: 1\n"),
    ("return/too-deep", "delivered: " + "[" * 40 + "]" * 40 + "\n"),
    ("return/yaml-syntax", "contract: [waste-2027\n"),
]


@pytest.mark.parametrize(("code", "text"), HOSTILE, ids=[c for c, _ in HOSTILE])
def test_a_hostile_yaml_return_is_refused_exactly_as_a_bid_is(tmp_path: Path, contract: Contract, code: str,
                                                                text: str) -> None:
    assert code in codes_of(write_return(tmp_path, "r.yaml", text), contract)


def test_a_json_return_is_read_strictly(tmp_path: Path, contract: Contract) -> None:
    assert codes_of(write_return(tmp_path, "r.json", '{"contract": "waste-2027",}'), contract) == ["return/json-syntax"]


def test_files_that_are_not_returns_are_refused_before_reading(tmp_path: Path, contract: Contract) -> None:
    assert codes_of(tmp_path, contract) == ["return/not-a-file"]
    assert codes_of(tmp_path / "missing.yaml", contract) == ["return/file-not-found"]
    big = tmp_path / "big.yaml"
    big.write_bytes(b"#" * 1_000_001)
    assert codes_of(big, contract) == ["return/file-too-large"]
    sheet = tmp_path / "return.csv"
    sheet.write_bytes(b"LBL1,12")
    assert codes_of(sheet, contract) == ["return/unsupported-format"]
    latin = tmp_path / "latin.yaml"
    latin.write_bytes(b"narrative: caf\xe9\n")
    assert codes_of(latin, contract) == ["return/not-utf8"]


CONTENT = [
    ("return/malformed", "- a list\n", None),
    ("return/malformed", GOOD_Q2 + "remarks: extra\n", (9, 1)),
    ("return/wrong-contract", GOOD_Q2.replace("contract: waste-2027", "contract: meals-2027"), (1, 11)),
    ("return/wrong-supplier", GOOD_Q2.replace('"Acme Services Ltd"', '"Greenway Environmental"'), (2, 11)),
    ("return/bad-name", GOOD_Q2.replace('"Acme Services Ltd"', '"Acme\u200b Services Ltd"'), (2, 11)),
    ("return/bad-period", GOOD_Q2.replace("2027-Q2", "2027-06"), (3, 9)),
    ("return/bad-period", GOOD_Q2.replace("2027-Q2", "2027-Q1"), (3, 9)),
    ("return/bad-date", GOOD_Q2.replace("2027-07-20", "20 July"), (4, 12)),
    ("return/missing-figure", GOOD_Q2.replace("  LBL5: 30\n", ""), (5, 1)),
    ("return/unknown-measure", GOOD_Q2 + "  LBL8: 40\n", (9, 3)),
    ("return/unknown-measure", GOOD_Q2 + "  LBL9: 40\n", (9, 3)),
    ("return/not-a-number", GOOD_Q2.replace("LBL3: 4", 'LBL3: "4 weeks"'), (7, 9)),
    ("return/not-a-number", GOOD_Q2.replace("LBL3: 4", "LBL3: yes"), (7, 9)),
    ("return/out-of-bounds", GOOD_Q2.replace("LBL5: 30", "LBL5: -30"), (8, 9)),
]


@pytest.mark.parametrize(("code", "text", "where"), CONTENT, ids=[c for c, _, _ in CONTENT])
def test_each_mistake_in_a_return_is_reported_at_its_place(tmp_path: Path, contract: Contract, code: str, text: str,
                                                           where: tuple[int, int] | None) -> None:
    path = write_return(tmp_path, "r.yaml", text)
    found, problems, _ = load_return(path, {contract.name: contract}, display="r.yaml")
    assert found is None
    matching = [d for d in problems if d.code == code]
    assert matching, [d.code for d in problems]
    if where is not None:
        assert matching[0].span is not None and (matching[0].span.line, matching[0].span.column) == where


def test_a_figure_not_due_this_quarter_says_so(tmp_path: Path, contract: Contract) -> None:
    path = write_return(tmp_path, "r.yaml", GOOD_Q2 + "  LBL8: 40\n")
    _, problems, _ = load_return(path, {contract.name: contract})
    assert problems[0].message == "'LBL8' is not due for 2027-Q2"


def test_the_example_return_with_a_typing_mistake_is_refused_at_the_figure(contract: Contract) -> None:
    path = RETURNS / "waste-2027-Q4-error.yaml"
    found, problems, _ = load_return(path, {contract.name: contract}, display="q4.yaml")
    assert found is None and [(d.code, d.span.line if d.span else 0) for d in problems] == [("return/out-of-bounds", 8)]
    assert problems[0].message == "LBL1 is 1,500 FTE, above the most allowed, 500 FTE"


@pytest.mark.parametrize("name", ["waste-2027-Q2.yaml", "waste-2027-Q3.yaml", "waste-2027-Q4.yaml",
                                  "waste-2028-Q1.yaml"])
def test_the_example_returns_are_valid(contract: Contract, name: str) -> None:
    found, problems, _ = load_return(RETURNS / name, {contract.name: contract})
    assert found is not None and problems == []


@pytest.mark.parametrize("period", ["2027-Q2", "2028-Q1"])
def test_a_blank_template_reads_back_as_a_valid_return_of_zeros(tmp_path: Path, contract: Contract,
                                                                period: str) -> None:
    from datetime import date

    for name, text in (("t.yaml", template.to_yaml(contract, period, date(2027, 7, 1))),
                       ("t.json", template.to_json(contract, period, date(2027, 7, 1)))):
        found, problems, _ = load_return(write_return(tmp_path, name, text), {contract.name: contract})
        assert problems == [] and found is not None
        assert set(found.delivered) == {c.measure for c, _ in contract.due_in(period)}
        assert set(found.delivered.values()) == {0}
    assert "LBL8" in json.loads(template.to_json(contract, "2028-Q1", date(2028, 4, 1)))["delivered"]


def test_the_spreadsheet_template_lists_each_figure_due_with_its_commitment(contract: Contract) -> None:
    import io

    from openpyxl import load_workbook

    sheet = load_workbook(io.BytesIO(template.to_xlsx(contract, "2027-Q2")))["Return"]
    rows = [[c.value for c in row] for row in sheet.iter_rows(min_row=8)]
    assert [r[0] for r in rows] == ["LBL1", "LBL3", "LBL5"] and rows[0][3] == 14
